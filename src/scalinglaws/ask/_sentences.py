"""The sentences of each kind of fit (see :mod:`scalinglaws.ask.verbalize`).

One function per ``result.kind``: ``tail``, ``relation``, ``growth``,
``neural``, ``isoflop`` and a ``generic`` fallback over ``params`` and
``conf_int()``. They only read what a result already holds (estimates,
intervals, stored tests) and evaluate its closed forms (predict,
compute_optimal, an exponent test on the stored covariance); nothing is refitted.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from scalinglaws.ask._fact import Fact, cautious, fmt, words
from scalinglaws.errors import ScalingLawError
from scalinglaws.neural._render import TITLES as _TITLES
from scalinglaws.predictive import central_interval, central_levels
from scalinglaws.relations._render import METHOD_TITLES

#: The levels of the 95% prediction intervals quoted.
LEVELS = central_levels(0.95)

__all__ = [
    "comparison_verdict",
    "generic",
    "growth",
    "isoflop",
    "neural",
    "relation",
    "subject",
    "tail",
]

_RELATION_NAMES = {
    "a": "prefactor a",
    "b": "scaling exponent b",
    "c": "offset c",
    "b1": "exponent b1 below the break",
    "b2": "exponent b2 above the break",
    "x_break": "break point x_break",
}
_GROWTH_NAMES = {
    "C0": "initial size C0",
    "r": "growth rate r",
    "p": "deceleration of growth p",
    "K": "carrying capacity K",
    "tm": "inflection time tm",
    "a": "shape a",
}
_NEURAL_NAMES = {
    "E": "irreducible loss E",
    "A": "model-size coefficient A",
    "B": "data coefficient B",
    "alpha": "model-size (parameter) exponent alpha",
    "beta": "data (token) exponent beta",
}
#: Compute budgets (FLOPs) at which a Chinchilla-form fit states its optimal allocation.
BUDGETS = (1e21, 1e23, 1e25)
#: The Chinchilla model (Hoffmann et al. 2022): 70B parameters, 1.4T tokens.
CHINCHILLA_N, CHINCHILLA_D = 70e9, 1.4e12


def _interval(table: pd.DataFrame, name: str, stderr: dict[str, float]) -> str:
    """The clause " (standard error s, 95% confidence interval lo to hi)" where known."""
    parts = []
    if name in stderr and np.isfinite(stderr[name]):
        parts.append(f"standard error {fmt(stderr[name])}")
    if name in table.index:
        row = table.loc[name]
        if np.isfinite(row["lower"]) and np.isfinite(row["upper"]):
            parts.append(f"95% confidence interval {fmt(row['lower'])} to {fmt(row['upper'])}")
    return f" ({', '.join(parts)})" if parts else ""


def _params(
    result: Any, label: str, names: dict[str, str], table: pd.DataFrame | None = None
) -> list[Fact]:
    table = result.conf_int(0.95) if table is None else table
    stderr = result.stderr
    return [
        Fact(
            f"param:{name}",
            f"In {label}, the {names.get(name, 'parameter ' + name)} is {fmt(value)}"
            f"{_interval(table, name, stderr)}.",
            label,
            "parameter",
        )
        for name, value in result.params.items()
    ]


_GROWTH_LAWS = {
    "exponential": "exponential growth",
    "logistic": "logistic growth curve",
    "gompertz": "Gompertz growth curve",
    "richards": "Richards growth curve",
    "ggm": "generalized growth model (GGM)",
}


def subject(result: Any) -> str:
    """A few words on what a result is about (the topic of all its facts)."""
    if result.kind == "tail":
        return "power-law tail of a distribution"
    if result.kind == "relation":
        xs = " and ".join(words(name) for name in result.x_names)
        return f"scaling relation of {words(result.y_name)} with {xs}"
    if result.kind == "growth":
        return f"{_GROWTH_LAWS.get(result.law, result.law)} over time"
    if result.kind in ("neural", "isoflop"):
        return "neural scaling law of language model loss"
    return f"{result.kind} fit"


def generic(result: Any, label: str) -> list[Fact]:
    """Any result: its parameters with their intervals."""
    return _params(result, label, {})


# --- power-law tails -----------------------------------------------------------------
def comparison_verdict(test: Any) -> str:
    """A likelihood-ratio test's outcome in words (Clauset et al. 2009, section 5)."""
    return str(test.outcome)


def tail(fit: Any, label: str) -> list[Fact]:
    kind = "discrete" if fit.discrete else "continuous"
    scan = "fixed by the user" if fit.xmin_fixed else "chosen by the Kolmogorov-Smirnov scan"
    facts = [
        Fact(
            "model",
            f"In {label}, a {kind} power law p(x) ~ x^-alpha is fitted to the tail of "
            f"n = {fit.n} observations (Clauset, Shalizi & Newman 2009).",
            label,
            "model",
        ),
        Fact(
            "param:alpha",
            f"In {label}, the power-law exponent alpha of the tail is {fmt(fit.alpha)}"
            f"{_interval(fit.conf_int(0.95), 'alpha', fit.stderr)}.",
            label,
            "parameter",
        ),
        Fact(
            "param:xmin",
            f"In {label}, the power-law tail starts at x_min = {fmt(fit.xmin)} ({scan}); "
            f"n_tail = {fit.n_tail} of the {fit.n} observations lie in the tail.",
            label,
            "parameter",
        ),
        Fact(
            "ks",
            f"In {label}, the Kolmogorov-Smirnov distance between the tail data and the "
            f"fitted power law is {fmt(fit.ks_distance)}.",
            label,
            "parameter",
        ),
    ]
    gof = fit.gof_result
    if gof is not None:
        facts.append(
            Fact(
                "gof",
                f"In {label}, the goodness-of-fit test gives p = {gof.p_value:.2f} from "
                f"{gof.n_boot} bootstrap replicates: {gof.outcome}.",
                label,
                "verdict",
            )
        )
    for test in fit.comparisons:
        name = test.alternative.replace("_", " ") + " distribution"
        numbers = f"(LR = {test.statistic:.3g}, p = {test.p_value:.2g})"
        found = f"{comparison_verdict(test)} {numbers}"
        text = f"In {label}, the likelihood-ratio test against the {name} finds: {found}."
        facts.append(Fact(f"compare:{test.alternative}", text, label, "verdict"))
    if fit.support is not None:
        facts.append(
            Fact(
                "support",
                f"In {label}, the overall verdict on the power law is {fit.support} support "
                "(the rule of Clauset et al. 2009, Tables 4-5).",
                label,
                "verdict",
            )
        )
    x = 10.0 * fit.xmin
    if x <= fit.xmax:
        prob = float(fit.predict(x)[0])
        facts.append(
            Fact(
                "predict",
                f"In {label}, the fitted probability that a value is at least "
                f"10 x_min = {fmt(x)} is {fmt(prob)}.",
                label,
                "prediction",
            )
        )
    return facts


# --- scaling relations -----------------------------------------------------------------
def relation(fit: Any, label: str) -> list[Fact]:
    xs = " and ".join(words(name) for name in fit.x_names)
    y = words(fit.y_name)
    facts = [
        Fact(
            "model",
            f"In {label}, the relation of {y} to {xs} is the {fit.law.replace('_', ' ')} law "
            f"{fit.spec.formula}, fitted by {METHOD_TITLES[fit.method]} to n = {fit.n} "
            "observations.",
            label,
            "model",
        ),
        *_params(fit, label, _RELATION_NAMES),
        Fact(
            "r_squared",
            f"In {label}, the coefficient of determination R-squared of {y} on {xs} is "
            f"{fit.r_squared:.4f}.",
            label,
            "parameter",
        ),
    ]
    if fit.law in ("power", "power_offset") and len(fit.spec.exponents) == 1:
        try:
            test = fit.test_exponent(1.0)
        except ScalingLawError:
            test = None
        if test is not None:
            if not test.rejected:
                shape = "consistent with linear scaling (exponent 1)"
            else:
                shape = "superlinear" if test.b > 1 else "sublinear"
                shape += " (the exponent differs from 1)"
            facts.append(
                Fact(
                    "linearity",
                    f"In {label}, the scaling of {y} with {xs} is {shape}: {test.verdict()}.",
                    label,
                    "verdict",
                )
            )
    if fit.x.ndim == 1:
        x0 = float(np.median(fit.x))
        try:
            point = float(fit.predict([x0])[0])
            low, high = (float(v[0]) for v in central_interval(fit.predict_quantiles([x0], LEVELS)))
        except ScalingLawError:
            point = None
        if point is not None:
            facts.append(
                Fact(
                    "predict",
                    f"In {label}, the predicted {y} at the median {xs} = {fmt(x0)} is "
                    f"{fmt(point)} (95% prediction interval {fmt(low)} to {fmt(high)}).",
                    label,
                    "prediction",
                )
            )
    return facts


# --- growth curves ---------------------------------------------------------------------
def growth(fit: Any, label: str) -> list[Fact]:
    axis = fit.axis
    kind = "cumulative totals" if fit.cumulative else "incidence per interval"
    unit = "days" if axis.is_date else "units of t"
    facts = [
        Fact(
            "model",
            f"In {label}, the {_GROWTH_LAWS.get(fit.law, fit.law)} {fit.spec.formula} is "
            f"fitted to n = {fit.n} {kind} dated {axis.label(fit.t[0])} to "
            f"{axis.label(fit.t[-1])}.",
            label,
            "model",
        )
    ]
    table = fit.conf_int(0.95)
    for name, value in fit.params.items():
        if name in fit.fixed:
            text = f"In {label}, the {_GROWTH_NAMES.get(name, name)} is {fmt(value)}, "
            text += "fixed at the first observation."
            facts.append(Fact(f"param:{name}", text, label, "parameter"))
            continue
        what = _GROWTH_NAMES.get(name, "parameter " + name)
        value_text = fmt(value)
        if name == "tm" and axis.is_date:
            value_text = f"{fmt(value)} days ({axis.label(value)})"
        elif name == "r" and axis.is_date:
            value_text += " per day"
        text = f"In {label}, the {what} is {value_text}{_interval(table, name, fit.stderr)}."
        facts.append(Fact(f"param:{name}", text, label, "parameter"))
    derived = fit.derived(0.95)
    for name, row in derived.iterrows():
        if name == "growth_rate":
            continue  # the parameter r already says it
        span = f"95% confidence interval {fmt(row['lower'])} to {fmt(row['upper'])}"
        value_text = (
            f"{fmt(row['estimate'])} {unit}" if "time" in str(name) else fmt(row["estimate"])
        )
        if name == "inflection_time" and axis.is_date:
            value_text += f" ({axis.label(row['estimate'])})"
        text = f"In {label}, the {words(str(name))} is {value_text} ({span})."
        facts.append(Fact(f"derived:{name}", text, label, "derived"))
    if fit.law == "ggm":
        low, high = table.loc["p", "lower"], table.loc["p", "upper"]
        if high < 1:
            shape = "sub-exponential (the deceleration p is below 1)"
        elif low > 1:
            shape = "faster than exponential (p above 1)"
        else:
            shape = "consistent with exponential growth (p = 1 lies in the interval)"
        text = f"In {label}, early growth is {shape}."
        facts.append(Fact("verdict:p", text, label, "verdict"))
    t_next = float(fit.t[-1] + fit.step)
    try:
        value = float(fit.predict(axis.to_user([t_next]))[0])
    except ScalingLawError:
        return facts
    what = "a cumulative total" if fit.cumulative else "an incidence"
    text = f"In {label}, the fit predicts {what} of {fmt(value)} at {axis.label(t_next)}, "
    text += "one step after the last observation."
    facts.append(Fact("predict", text, label, "prediction"))
    return facts


# --- neural scaling laws ---------------------------------------------------------------
def neural(fit: Any, label: str) -> list[Fact]:
    fitted = "least squares" if fit.loss == "least_squares" else "the Huber loss"
    facts = [
        Fact(
            "model",
            f"In {label}, the neural scaling law {_TITLES[fit.form]} is fitted to "
            f"{fit.n_runs} training runs with {fitted} on log loss; {fit.n_best_basin} of "
            f"{fit.n_starts} starts reached the best basin.",
            label,
            "model",
        ),
        *_params(fit, label, _NEURAL_NAMES),
    ]
    how = (
        f"percentile intervals of {fit.boot.n_ok} bootstrap replicates over runs"
        if fit.boot is not None
        else "asymptotic intervals (Huber's M-estimator covariance); with_bootstrap adds "
        "bootstrap replicates"
    )
    facts.append(
        Fact("intervals", f"In {label}, the confidence intervals are {how}.", label, "model")
    )
    if not fit.chinchilla_like:
        return facts
    frontier = fit.frontier
    facts.append(
        Fact(
            "frontier",
            f"In {label}, along the compute-optimal frontier the model size grows as "
            f"N_opt ~ C^a with a = {frontier['a']:.4f} and the training tokens as "
            f"D_opt ~ C^b with b = {frontier['b']:.4f}.",
            label,
            "derived",
        )
    )
    optimal, caution = cautious(lambda: fit.compute_optimal(np.array(BUDGETS)))
    if caution:
        facts.append(Fact("optimal:caution", f"In {label}, {caution}.", label, "derived"))
    for row in optimal.itertuples(index=False):
        facts.append(
            Fact(
                f"optimal:{fmt(row.C)}",
                f"In {label}, at a compute budget of C = {fmt(row.C)} FLOPs the compute-optimal "
                f"model has N_opt = {fmt(row.N_opt)} parameters trained on D_opt = "
                f"{fmt(row.D_opt)} tokens ({fmt(row.tokens_per_param)} tokens per parameter), "
                f"with predicted loss {row.loss:.4f}.",
                label,
                "derived",
            )
        )
    predicted, _ = cautious(lambda: fit.predict(CHINCHILLA_N, CHINCHILLA_D))
    loss = float(predicted[0])
    facts.append(
        Fact(
            "predict",
            f"In {label}, the predicted loss of a model with N = 70 billion parameters "
            f"trained on D = 1.4 trillion tokens (the Chinchilla model) is {loss:.4f}.",
            label,
            "prediction",
        )
    )
    return facts


def isoflop(fit: Any, label: str) -> list[Fact]:
    facts = [
        Fact(
            "model",
            f"In {label}, IsoFLOP profiles (Chinchilla approach 2) fit a parabola in log N to "
            f"{fit.L.size} runs at each of {fit.budgets.size} compute budgets "
            f"({fit.n_used} with a minimum).",
            label,
            "model",
        )
    ]
    names = {"a": "exponent a of the optimal model size, N_opt ~ C^a",
             "b": "exponent b of the optimal training tokens, D_opt ~ C^b"}  # fmt: skip
    return facts + _params(fit, label, names)
