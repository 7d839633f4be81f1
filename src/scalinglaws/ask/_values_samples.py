"""The values of power-law tails and scaling relations (see :mod:`scalinglaws.ask.values`).

Each function reads a result's public API only (``params``, ``stderr``,
``conf_int()``, ``n``, its stored tests, ``predict`` and ``test_exponent``); the
concept weights say how strongly a word of the question points at a value (1.5-2 for
the words that name it, less for those that help).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from scalinglaws.ask._params import count, own_params
from scalinglaws.ask._reading import EQUATED
from scalinglaws.ask._sentences import LEVELS, comparison_verdict
from scalinglaws.ask._value import Value, _finite, conf_table, interval_of
from scalinglaws.ask.verbalize import words
from scalinglaws.errors import ScalingLawError
from scalinglaws.predictive import central_interval

__all__ = ["hypotheses", "relation", "relation_at", "tail", "tail_at"]


# --- tails --------------------------------------------------------------------------------
def tail(label: str, fit: Any, meta: Mapping[str, Any], extras: Mapping[str, Any]) -> list[Value]:
    out = own_params(label, fit, meta)
    out += [
        Value(
            label,
            "n_tail",
            "number of observations in the power-law tail (n_tail)",
            _finite(fit.n_tail),
            "fitted",
            # "how many observations lie in the tail": observations of the tail
            {"count": 1.0, "tail": 1.0, "sample": 0.5},
            frozenset({"n_tail"}),
            fact="param:xmin",
        ),
        count(label, fit.n, "number of observations", "model"),
        Value(
            label,
            "ks",
            "Kolmogorov-Smirnov distance of the fitted tail",
            _finite(fit.ks_distance),
            "fitted",
            {"ks": 1.5, "statistic": 0.5},
            fact="ks",
        ),
    ]
    gof = getattr(fit, "gof_result", None)
    if gof is not None:
        verdict = gof.verdict().split(" (")[0]
        out.append(
            Value(
                label,
                "gof",
                "goodness-of-fit p-value",
                _finite(gof.p_value),
                "fitted",
                # the goodness-of-fit test is a KS test (Clauset et al. 2009, sec. 4.1):
                # "the KS goodness-of-fit p" is its p, "the KS distance" the statistic
                {"gof": 1.5, "pvalue": 0.5, "verdict": 0.2, "ks": 0.5},
                frozenset({"p"}),
                verdict=f"{verdict} ({gof.n_boot} bootstrap replicates)",
                fact="gof",
            )
        )
    for test in getattr(fit, "comparisons", ()) or ():
        alternative = str(test.alternative)
        name = alternative.replace("_", " ")
        verdict = comparison_verdict(test)
        out.append(
            Value(
                label,
                f"compare:{alternative}",
                f"p-value of the likelihood-ratio test against the {name}",
                _finite(test.p_value),
                "fitted",
                # the p of the likelihood-ratio test: "the p-value of the LR comparison"
                {
                    "compare": 1.0,
                    "contrast": 0.5,
                    f"alt:{alternative}": 2.0,
                    "pvalue": 1.0,
                    "lr": 0.3,
                },
                verdict=f"{verdict} (LR = {test.statistic:.3g})",
                fact=f"compare:{alternative}",
            )
        )
        out.append(
            Value(
                label,
                f"lr:{alternative}",
                f"likelihood ratio of the power law against the {name}"
                + (" (log-likelihood ratio)" if test.nested else " (normalised, Vuong)"),
                _finite(test.statistic),
                "fitted",
                {
                    "lr": 1.5,
                    "statistic": 1.0,
                    "compare": 0.5,
                    "contrast": 0.5,
                    f"alt:{alternative}": 2.0,
                },
                verdict=f"{verdict} (p = {test.p_value:.3g}); LR > 0 favours the power law",
                fact=f"compare:{alternative}",
            )
        )
    x = 10.0 * float(fit.xmin)
    if x <= fit.xmax:
        out.append(
            Value(
                label,
                "probability:10xmin",
                f"probability of a value of at least 10 x_min = {x:g}",
                _finite(fit.predict([x])[0]),
                "derived",
                {"probability": 1.5, "xmin": 0.5},
                fact="predict",
            )
        )
    support = getattr(fit, "support", None)
    if support is not None:
        out.append(
            Value(
                label,
                "support",
                "verdict on the power law (Clauset et al. 2009)",
                None,
                "fitted",
                {"verdict": 1.5},
                verdict=f"{support} support",
                fact="support",
            )
        )
    return out


def tail_at(label: str, fit: Any, extras: Mapping[str, Any], query: Any) -> list[Value]:
    out = []
    for number in query.mentions.numbers:
        x = number.value
        if fit.xmin <= x <= fit.xmax and not number.is_year:
            prob = float(fit.predict([x])[0])
            out.append(
                Value(
                    label,
                    f"probability:{x:g}",
                    f"probability of a value of at least {x:g}",
                    prob,
                    "derived",
                    {"probability": 1.5},
                    at={"x": x},
                    fact="predict",
                )
            )
    return out


# --- relations ----------------------------------------------------------------------------
def relation(
    label: str, fit: Any, meta: Mapping[str, Any], extras: Mapping[str, Any]
) -> list[Value]:
    out = own_params(label, fit, meta)
    out += [
        Value(
            label,
            "r_squared",
            "coefficient of determination R-squared",
            _finite(fit.r_squared),
            "fitted",
            {"r_squared": 2.0},
            fact="r_squared",
        ),
        count(label, fit.n, "number of observations", "model"),
    ]
    if "b" in fit.params:
        try:
            test = fit.test_exponent(1.0)
        except ScalingLawError:
            test = None
        if test is not None:
            shape = "consistent with linear scaling"
            if test.rejected:
                shape = "superlinear" if test.b > 1 else "sublinear"
            out.append(
                Value(
                    label,
                    "linearity",
                    "scaling exponent b (against linear scaling)",
                    _finite(fit.params["b"]),
                    "fitted",
                    {"linearity": 2.0, "exponent": 0.5},
                    frozenset({"b"}),
                    interval=interval_of(conf_table(fit), "b"),
                    verdict=f"{shape}: {test.verdict()}",
                    fact="linearity",
                )
            )
    stored = extras.get("exponent_test")
    if isinstance(stored, Mapping) and _finite(stored.get("b0")) is not None:
        out += _test_values(label, float(stored["b0"]), stored)
    return out


def _test_values(label: str, b0: float, test: Mapping[str, Any]) -> list[Value]:
    """The p-value and the statistic of the test that the exponent equals ``b0``."""
    which = str(test.get("test") or "").split(" ")[0]  # "t", "F (Warton et al. 2006)"
    # the test against 1 is the test of linear scaling ("does GDP scale linearly?")
    linear = {"linearity": 1.0} if b0 == 1.0 else {}
    verdict = str(test["verdict"])
    p_value = Value(
        label,
        f"test:{b0:g}",
        f"p-value of the test that the exponent equals {b0:g}",
        _finite(test.get("p_value")),
        "derived",
        {"hypothesis": 1.5, "pvalue": 0.5, "exponent": 0.3, **linear},
        # the test is of the exponent ("b = 1" names it by its symbol), and its p is a p
        frozenset({str(test.get("param") or "b"), "p"}),
        at={"b0": b0},
        verdict=verdict,
        fact="extra:exponent_test",
    )
    statistic = replace(
        p_value,
        key=f"test_statistic:{b0:g}",
        name=f"{which} statistic of the test that the exponent equals {b0:g}".strip(),
        value=_finite(test.get("statistic")),
        concepts={"statistic": 1.5, "hypothesis": 1.0, "exponent": 0.3, **linear},
        symbols=frozenset({str(test.get("param") or "b")}),
    )
    return [p_value, statistic]


#: A test just before an exponent set equal to a number: "the test of b = 0.75", 检验b=0.75.
_A_TEST = re.compile(
    r"(?:\btest(?:s|ed|ing)?|\bhypothes[ie]s|\bnull|检验)\W*(?:\w+\W+){0,2}$", re.I
)


def hypotheses(query: Any) -> set[float]:
    """Exponents a question sets a relation against.

    Exponents a question sets a relation against: small numbers and fractions it
    names without a unit word ("1 kg" is a size, not an exponent), only those set equal
    to the exponent where some are ("b = 0.75"), 0.75 for Kleiber's law, 1 for isometry.
    """
    found = {
        n.value
        for n in query.mentions.numbers
        if (n.fraction or abs(n.value) <= 5) and n.unit is None
    }
    # "I read that the exponent is 0.72 in my data; what p-value does the test of b = 0.75
    # give?": a number the test sets the exponent equal to is the one tested (not "the
    # output says 'b = 0.7517 is consistent with 0.75'", an estimate)
    text = query.text
    equated = [m.span() for m in EQUATED.finditer(text) if _A_TEST.search(text[: m.start()])]
    set_equal = {
        n.value for n in query.mentions.numbers if any(a <= n.start < b for a, b in equated)
    }
    if found & set_equal:
        return found & set_equal  # not Kleiber's 0.75 of a story told before "检验b=1"
    lowered = {w.lower() for w in query.words}
    if any(w.startswith("kleiber") for w in lowered) or "克莱伯" in query.text:
        found.add(0.75)
    if {"isometric", "isometry"} & lowered or "等距" in query.text or "等速" in query.text:
        found.add(1.0)
    if "linearity" in query.concepts:  # "scales linearly", 线性: the exponent 1
        found.add(1.0)
    return found


def relation_at(label: str, fit: Any, extras: Mapping[str, Any], query: Any) -> list[Value]:
    out = []
    hypotheses_ = hypotheses(query)
    if "b" in fit.params:
        for b0 in sorted(hypotheses_):
            test = fit.test_exponent(b0)
            record = {
                "p_value": test.p_value,
                "statistic": test.statistic,
                "test": test.test,
                "verdict": test.verdict(),
            }
            out += _test_values(label, b0, record)
    if fit.x.ndim != 1:
        return out
    with_units = any(n.unit for n in query.mentions.numbers)
    for number in query.mentions.numbers:
        if number.fraction or number.value <= 0 or number.value in hypotheses_:
            continue
        if number.is_year and number.unit is None:
            continue  # "in 1950" is a time, not a size
        if with_units and number.unit is None:
            continue  # "the 62 mammals ... a 100 kg mammal": the input is the one with a unit
        point = float(fit.predict([number.value])[0])
        low, high = (
            float(v[0]) for v in central_interval(fit.predict_quantiles([number.value], LEVELS))
        )
        out.append(
            Value(
                label,
                f"predict:{number.value:g}",
                f"predicted {_words(fit.y_name)} at {_words(fit.x_names[0])} = {number.value:g}",
                _finite(point),
                "derived",
                # "what GDP does the relation project for 1,000,000 residents": a projection
                {"prediction": 1.5, "forecast": 0.5},
                interval=(low, high),
                at={"x": number.value},
                fact="predict",
            )
        )
    return out


def _words(name: str) -> str:
    return words(name)
