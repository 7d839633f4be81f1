"""The values of each kind of fit (see :mod:`scalinglaws.ask.values`).

One function per ``result.kind`` gives the values a result holds; one ``*_at``
function per kind gives the values at the inputs a question names. Each reads the
result's public API only (``params``, ``stderr``, ``conf_int()``, stored tests and
documented methods); the concept weights say how strongly a word of the question
points at a value (1.5-2 for the words that name it, less for those that help).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd

from scalinglaws.ask.values import Value, _finite, conf_table, interval_of, units_by_column
from scalinglaws.errors import ScalingLawError

__all__ = [
    "frontier",
    "generic",
    "growth",
    "growth_at",
    "neural",
    "neural_at",
    "own_params",
    "relation",
    "relation_at",
    "tail",
    "tail_at",
]

Concepts = dict[str, float]
#: What each parameter is, per kind of fit: (name, concepts, symbols).
PARAMS: dict[str, dict[str, tuple[str, Concepts, frozenset[str]]]] = {
    "tail": {
        "alpha": ("power-law exponent alpha", {"exponent": 1.5, "tail": 0.3}, frozenset({"alpha"})),
        "xmin": ("x_min, where the power-law tail starts", {"xmin": 1.5, "tail": 0.5}, frozenset()),
    },
    "relation": {
        "b": ("scaling exponent b", {"exponent": 1.5}, frozenset({"b", "beta"})),
        "a": ("prefactor a", {"prefactor": 1.5}, frozenset({"a"})),
        "c": ("offset c", {"offset": 1.5}, frozenset({"c"})),
        "b1": ("exponent b1", {"exponent": 1.5}, frozenset({"b1"})),
        "b2": ("exponent b2", {"exponent": 1.2}, frozenset({"b2"})),
        "x_break": ("break point x_break", {"breakpoint": 1.5}, frozenset()),
    },
    "growth": {
        "r": ("growth rate r", {"growth_rate": 1.5}, frozenset({"r"})),
        "p": ("deceleration of growth p", {"deceleration": 1.5}, frozenset({"p"})),
        "K": ("carrying capacity K", {"carrying_capacity": 1.5}, frozenset({"K"})),
        "tm": ("inflection time tm", {"inflection": 1.5}, frozenset({"tm"})),
        "C0": ("initial size C0", {"initial": 1.5}, frozenset({"C0"})),
        "a": ("shape a", {"shape": 1.5}, frozenset({"a"})),
    },
    "neural": {
        "E": ("irreducible loss E", {"irreducible": 2.0, "loss": 0.5}, frozenset({"E"})),
        "A": ("model-size coefficient A", {"prefactor": 1.0, "model_size": 0.5}, frozenset({"A"})),
        "B": ("data coefficient B", {"prefactor": 1.0, "data_size": 0.5}, frozenset({"B"})),
        "alpha": ("model-size exponent alpha", {"exponent": 1.0, "model_size": 1.0},
                  frozenset({"alpha"})),
        "beta": ("data exponent beta", {"exponent": 1.0, "data_size": 1.0}, frozenset({"beta"})),
    },
}  # fmt: skip
FRONTIER = {
    "a": ("exponent a of the compute-optimal model size, N_opt ~ C^a",
          {"exponent": 1.0, "optimal": 1.0, "model_size": 0.6, "compute": 1.0}),
    "b": ("exponent b of the compute-optimal training tokens, D_opt ~ C^b",
          {"exponent": 1.0, "optimal": 1.0, "data_size": 0.6, "compute": 1.0}),
}  # fmt: skip
OPTIMAL = {
    "N_opt": ("compute-optimal model size N_opt", "parameters",
              {"optimal": 1.0, "model_size": 1.0, "compute": 0.5}),
    "D_opt": ("compute-optimal training tokens D_opt", "tokens",
              {"optimal": 1.0, "data_size": 1.0, "compute": 0.5}),
    "tokens_per_param": ("compute-optimal tokens per parameter", "tokens per parameter",
                         {"tokens_per_param": 2.0, "optimal": 0.5, "compute": 0.3,
                          "model_size": 0.3, "data_size": 0.3}),
    "loss": ("loss of the compute-optimal model", None,
             {"loss": 1.0, "optimal": 1.0, "compute": 0.5}),
}  # fmt: skip
COUNT = {"count": 1.0, "sample": 1.0}


def own_params(label: str, result: Any, meta: Mapping[str, Any]) -> list[Value]:
    """Every parameter with its interval and standard error (kind "fitted")."""
    table = conf_table(result)
    names = PARAMS.get(result.kind, {})
    units = units_by_column(meta)
    stderr = dict(result.stderr)
    out = []
    for name, value in result.params.items():
        what, concepts, symbols = names.get(name, (f"parameter {name}", {}, frozenset({name})))
        unit = None
        if result.kind == "tail" and name == "xmin":
            unit = next(iter(units.values()), None)
        out.append(
            Value(
                source=label,
                key=f"param:{name}",
                name=what,
                value=_finite(value),
                kind="fitted",
                concepts=concepts,
                symbols=symbols,
                unit=unit,
                interval=interval_of(table, name),
                stderr=_finite(stderr.get(name)),
                fact=f"param:{name}",
            )
        )
    return out


def generic(label: str, result: Any, meta: Mapping[str, Any], extras: Mapping[str, Any]) -> list[Value]:
    return own_params(label, result, meta)


def _count(label: str, n: Any, what: str, fact: str) -> Value:
    return Value(label, "n", what, _finite(n), "fitted", COUNT, fact=fact)


# --- tails --------------------------------------------------------------------------------
def tail(label: str, fit: Any, meta: Mapping[str, Any], extras: Mapping[str, Any]) -> list[Value]:
    out = own_params(label, fit, meta)
    out += [
        Value(label, "n_tail", "number of observations in the power-law tail (n_tail)",
              _finite(fit.n_tail), "fitted", {"count": 1.0, "tail": 1.0}, fact="param:xmin"),
        _count(label, fit.n, "number of observations", "model"),
        Value(label, "ks", "Kolmogorov-Smirnov distance of the fitted tail",
              _finite(fit.ks_distance), "fitted", {"ks": 1.5}, fact="ks"),
    ]  # fmt: skip
    gof = getattr(fit, "gof_result", None)
    if gof is not None:
        verdict = gof.verdict().split(" (")[0]
        out.append(
            Value(label, "gof", "goodness-of-fit p-value", _finite(gof.p_value), "fitted",
                  {"gof": 1.5, "pvalue": 0.5, "verdict": 0.2}, frozenset({"p"}),
                  verdict=f"{verdict} ({gof.n_boot} bootstrap replicates)", fact="gof")
        )  # fmt: skip
    for test in getattr(fit, "comparisons", ()) or ():
        alternative = str(test.alternative)
        name = alternative.replace("_", " ")
        if test.preferred is None:
            verdict = f"neither the power law nor the {name} is favoured"
        elif test.preferred == "power_law":
            verdict = f"the power law fits significantly better than the {name}"
        else:
            verdict = f"the {name} fits significantly better than the power law"
        out.append(
            Value(label, f"compare:{alternative}",
                  f"p-value of the likelihood-ratio test against the {name}",
                  _finite(test.p_value), "fitted",
                  {"compare": 1.0, f"alt:{alternative}": 2.0, "pvalue": 0.5},
                  verdict=f"{verdict} (LR = {test.statistic:.3g})", fact=f"compare:{alternative}")
        )  # fmt: skip
    x = 10.0 * float(fit.xmin)
    if x <= fit.xmax:
        out.append(
            Value(label, "probability:10xmin", f"probability of a value of at least 10 x_min = {x:g}",
                  _finite(fit.predict([x])[0]), "derived", {"probability": 1.5, "xmin": 0.5},
                  fact="predict")
        )  # fmt: skip
    support = getattr(fit, "support", None)
    if support is not None:
        out.append(
            Value(label, "support", "verdict on the power law (Clauset et al. 2009)", None,
                  "fitted", {"verdict": 1.5}, verdict=f"{support} support", fact="support")
        )  # fmt: skip
    return out


def tail_at(label: str, fit: Any, extras: Mapping[str, Any], query: Any) -> list[Value]:
    out = []
    for number in query.mentions.numbers:
        x = number.value
        if fit.xmin <= x <= fit.xmax and not number.is_year:
            prob = float(fit.predict([x])[0])
            out.append(
                Value(label, f"probability:{x:g}", f"probability of a value of at least {x:g}",
                      prob, "derived", {"probability": 1.5}, at={"x": x}, fact="predict")
            )  # fmt: skip
    return out


# --- relations ----------------------------------------------------------------------------
def relation(label: str, fit: Any, meta: Mapping[str, Any], extras: Mapping[str, Any]) -> list[Value]:
    out = own_params(label, fit, meta)
    out += [
        Value(label, "r_squared", "coefficient of determination R-squared",
              _finite(fit.r_squared), "fitted", {"r_squared": 2.0}, fact="r_squared"),
        _count(label, fit.n, "number of observations", "model"),
    ]  # fmt: skip
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
                Value(label, "linearity", "scaling exponent b (against linear scaling)",
                      _finite(fit.params["b"]), "fitted", {"linearity": 2.0, "exponent": 0.5},
                      frozenset({"b"}), interval=interval_of(conf_table(fit), "b"),
                      verdict=f"{shape}: {test.verdict()}", fact="linearity")
            )  # fmt: skip
    stored = extras.get("exponent_test")
    if isinstance(stored, Mapping) and _finite(stored.get("b0")) is not None:
        out.append(_test_value(label, float(stored["b0"]), stored["p_value"], stored["verdict"]))
    return out


def _test_value(label: str, b0: float, p: Any, verdict: str) -> Value:
    return Value(label, f"test:{b0:g}", f"p-value of the test that the exponent equals {b0:g}",
                 _finite(p), "derived", {"hypothesis": 1.5, "pvalue": 0.5, "exponent": 0.3},
                 at={"b0": b0}, verdict=verdict, fact="extra:exponent_test")  # fmt: skip


def hypotheses(query: Any) -> set[float]:
    """Exponents a question sets a relation against: small numbers and fractions it
    names, 0.75 for Kleiber's law, 1 for isometry."""
    found = {n.value for n in query.mentions.numbers if n.fraction or abs(n.value) <= 5}
    lowered = {w.lower() for w in query.words}
    if any(w.startswith("kleiber") for w in lowered) or "克莱伯" in query.text:
        found.add(0.75)
    if {"isometric", "isometry"} & lowered or "等距" in query.text:
        found.add(1.0)
    return found


def relation_at(label: str, fit: Any, extras: Mapping[str, Any], query: Any) -> list[Value]:
    out = []
    hypotheses_ = hypotheses(query)
    if "b" in fit.params:
        for b0 in sorted(hypotheses_):
            test = fit.test_exponent(b0)
            out.append(_test_value(label, b0, test.p_value, test.verdict()))
    if fit.x.ndim != 1:
        return out
    for number in query.mentions.numbers:
        if number.fraction or number.value <= 0 or number.value in hypotheses_:
            continue
        if number.is_year and number.unit is None:
            continue  # "in 1950" is a time, not a size
            continue
        row = fit.predict([number.value], interval="prediction").iloc[0]
        out.append(
            Value(label, f"predict:{number.value:g}",
                  f"predicted {_words(fit.y_name)} at {_words(fit.x_names[0])} = {number.value:g}",
                  _finite(row["mean"]), "derived", {"prediction": 1.5},
                  interval=(float(row["lower"]), float(row["upper"])),
                  at={"x": number.value}, fact="predict")
        )  # fmt: skip
    return out


def _words(name: str) -> str:
    from scalinglaws.ask.verbalize import words

    return words(name)


# --- growth ------------------------------------------------------------------------------
def _time_unit(fit: Any) -> str:
    return "days" if fit.axis.is_date else "years"


def growth(label: str, fit: Any, meta: Mapping[str, Any], extras: Mapping[str, Any]) -> list[Value]:
    out = []
    y_unit = units_by_column(meta).get(str(meta.get("y") or ""), None)
    for value in own_params(label, fit, meta):
        name = value.key.removeprefix("param:")
        unit, note = None, None
        if name == "r":
            unit = "per day" if fit.axis.is_date else "per year"
        elif name in ("K", "C0"):
            unit = y_unit
        elif name == "tm" and fit.axis.is_date:
            note = f"{fit.axis.label(value.value)}"
            unit = "days"
        if name in getattr(fit, "fixed", ()):
            note = "fixed at the first observation, not estimated"
        verdict = None
        if name == "p" and value.interval is not None:
            low, high = value.interval
            verdict = ("sub-exponential growth (p below 1)" if high < 1 else
                       "faster than exponential (p above 1)" if low > 1 else
                       "consistent with exponential growth (p = 1 in the interval)")  # fmt: skip
        out.append(replace(value, unit=unit, note=note, verdict=verdict))
    derived = fit.derived(0.95)
    if "doubling_time" in derived.index:
        row = derived.loc["doubling_time"]
        out.append(
            Value(label, "derived:doubling_time", "doubling time of the early exponential phase",
                  _finite(row["estimate"]), "derived", {"doubling": 2.0}, unit=_time_unit(fit),
                  interval=(float(row["lower"]), float(row["upper"])),
                  fact="derived:doubling_time")
        )  # fmt: skip
    out.append(_count(label, fit.n, "number of observations", "model"))
    try:
        t_next = float(fit.t[-1] + fit.step)
        after = float(fit.predict(fit.axis.to_user([t_next]))[0])
    except (ScalingLawError, IndexError, TypeError, ValueError):
        after = None
    if after is not None:
        when = fit.axis.label(t_next)
        out.append(
            Value(label, "predict:next", f"value the fit predicts at {when}, one step after the "
                  "last observation", after, "derived", {"prediction": 1.5, "forecast": 0.5},
                  unit=y_unit, at={"next": 1.0}, fact="predict")
        )  # fmt: skip
    forecast = extras.get("forecast")
    records = forecast.get("records") if isinstance(forecast, Mapping) else None
    level = forecast.get("level", 0.95) if isinstance(forecast, Mapping) else 0.95
    for row in records or ():
        if not isinstance(row, Mapping) or not {"t", "mean", "lower", "upper"} <= row.keys():
            continue
        day = pd.Timestamp(row["t"]) if fit.axis.is_date else None
        when = f"{day:%Y-%m-%d}" if day is not None else f"{row['t']}"
        out.append(
            Value(label, f"forecast:{when}", f"forecast for {when}", _finite(row["mean"]),
                  "derived", {"forecast": 1.5, "prediction": 1.0}, unit=y_unit,
                  interval=(float(row["lower"]), float(row["upper"])), date=day,
                  at={} if day is not None else {"t": float(row["t"])},
                  fact="extra:forecast", note=f"{100 * float(level):g}% interval")
        )  # fmt: skip
    return out


def growth_at(label: str, fit: Any, extras: Mapping[str, Any], query: Any) -> list[Value]:
    out = []
    forecast = extras.get("forecast")
    records = forecast.get("records") if isinstance(forecast, Mapping) else None
    stored = {str(row.get("t"))[:10] for row in records or () if isinstance(row, Mapping)}
    if fit.axis.is_date:
        times = [
            (pd.Timestamp(d), pd.Timestamp(d))
            for d in query.mentions.dates
            if f"{pd.Timestamp(d):%Y-%m-%d}" not in stored
        ]
    else:
        times = [(float(y), None) for y in query.mentions.years]
    y_unit = None
    for t, day in times:
        value = float(fit.predict([t])[0])
        when = f"{day:%Y-%m-%d}" if day is not None else f"{t:g}"
        out.append(
            Value(label, f"predict:{when}", f"value the fitted curve gives for {when}", value,
                  "derived", {"prediction": 1.5, "forecast": 0.8}, unit=y_unit, date=day,
                  at={} if day is not None else {"t": float(t)}, fact="predict",
                  note="a point on the fitted curve, without an interval")
        )  # fmt: skip
    return out


# --- neural scaling laws ---------------------------------------------------------------
def neural(label: str, fit: Any, meta: Mapping[str, Any], extras: Mapping[str, Any]) -> list[Value]:
    out = own_params(label, fit, meta)
    out += [
        Value(label, "n_runs", "number of training runs fitted", _finite(fit.n_runs), "fitted",
              {"count": 1.0, "runs": 1.5, "sample": 0.5}, fact="model"),
        Value(label, "n_best_basin", f"number of the {fit.n_starts} optimizer starts that "
              "reached the best basin", _finite(fit.n_best_basin), "fitted",
              {"starts": 2.0, "count": 0.5}, fact="model"),
    ]  # fmt: skip
    try:
        point = fit.frontier
    except ScalingLawError:
        point = {}
    table = conf_table(fit)
    for name, value in point.items():
        what, concepts = FRONTIER[name]
        out.append(
            Value(label, f"frontier:{name}", what, _finite(value), "derived", concepts,
                  frozenset({name}), interval=interval_of(table, name), fact="frontier")
        )  # fmt: skip
    for row in extras.get("compute_optimal") or ():
        if isinstance(row, Mapping) and _finite(row.get("C")) is not None:
            out += _optimal_values(label, dict(row), stored=True)
    target = extras.get("target_prediction")
    if isinstance(target, Mapping) and isinstance(target.get("prediction"), Mapping):
        pred = target["prediction"]
        lo, hi = _finite(pred.get("lower")), _finite(pred.get("upper"))
        out.append(
            Value(label, "target", "predicted loss of the held-out target model",
                  _finite(pred.get("loss")), "derived",
                  {"target": 2.0, "loss": 1.0, "prediction": 1.0},
                  interval=(lo, hi) if lo is not None and hi is not None else None,
                  verdict=str(target.get("verdict") or ""), fact="extra:target_prediction")
        )  # fmt: skip
        out += [
            Value(label, "target:actual", "loss the held-out target model reached in training",
                  _finite(target.get("actual")), "fitted", {"target": 1.0, "loss": 0.5,
                                                            "actual": 2.0},
                  fact="extra:target_prediction"),
            Value(label, "target:error", "relative error of the target prediction",
                  _finite(target.get("relative_error")), "derived",
                  {"target": 1.0, "error": 2.0, "prediction": 0.5},
                  fact="extra:target_prediction"),
        ]  # fmt: skip
    return out


def _optimal_values(label: str, row: dict[str, Any], *, stored: bool) -> list[Value]:
    budget = float(row["C"])
    out = []
    for column, (what, unit, concepts) in OPTIMAL.items():
        low, high = _finite(row.get(f"{column}_lower")), _finite(row.get(f"{column}_upper"))
        out.append(
            Value(label, f"optimal:{budget:g}:{column}", f"{what} at C = {budget:.3g} FLOPs",
                  _finite(row.get(column)), "derived",
                  concepts, unit=unit,
                  interval=(low, high) if low is not None and high is not None else None,
                  at={"C": budget}, fact=_optimal_fact(budget, stored))
        )  # fmt: skip
    return out


def _optimal_fact(budget: float, stored: bool) -> str | None:
    """The verbalised fact stating the allocation at ``budget``, if there is one."""
    from scalinglaws.ask._sentences import BUDGETS
    from scalinglaws.ask.verbalize import fmt

    if stored:
        return f"extra:optimal:{fmt(budget)}"
    return f"optimal:{fmt(budget)}" if any(np.isclose(budget, b) for b in BUDGETS) else None


def neural_at(label: str, fit: Any, extras: Mapping[str, Any], query: Any) -> list[Value]:
    numbers = query.mentions.numbers
    budgets = [n.value for n in numbers if n.unit == "flops" or (n.unit is None and n.value >= 1e15)]
    out = []
    stored = {float(r["C"]) for r in extras.get("compute_optimal") or () if isinstance(r, Mapping)}
    level = 0.95 if getattr(fit, "boot", None) is not None else None
    for budget in budgets:
        if any(np.isclose(budget, c, rtol=1e-9) for c in stored):
            continue
        table = fit.compute_optimal([budget], level=level)
        out += _optimal_values(label, table.iloc[0].to_dict(), stored=False)
    sizes = [n.value for n in numbers if n.unit == "params" or (n.unit is None and 1e5 <= n.value < 1e15)]
    tokens = [n.value for n in numbers if n.unit == "tokens"]
    if sizes and tokens:
        n, d = sizes[0], tokens[0]
        loss = float(np.asarray(fit.predict(n, d)).ravel()[0])
        out.append(
            Value(label, f"predict:{n:g}:{d:g}", f"predicted loss at N = {n:.3g}, D = {d:.3g}",
                  loss, "derived", {"loss": 1.0, "prediction": 1.5, "model_size": 0.3,
                                    "data_size": 0.3}, at={"N": n, "D": d}, fact="predict")
        )  # fmt: skip
    return out


# --- isoflop and envelope ---------------------------------------------------------------
def frontier(label: str, fit: Any, meta: Mapping[str, Any], extras: Mapping[str, Any]) -> list[Value]:
    out = []
    for value in own_params(label, fit, meta):
        name = value.key.removeprefix("param:")
        if name in FRONTIER:
            what, concepts = FRONTIER[name]
            value = replace(value, name=what, concepts=concepts, symbols=frozenset({name}))
        out.append(value)
    return out
