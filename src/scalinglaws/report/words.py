"""Results in words: verdict sentences and warnings for the report (no fitting here).

Everything is read from a result (and the ``extras`` a command saved beside it);
the only arithmetic is a residual-curvature check on the fitted residuals.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from scalinglaws.forecast import Forecast
from scalinglaws.growth import GrowthFit
from scalinglaws.neural import IsoflopFit, NeuralFit
from scalinglaws.relations import RelationFit
from scalinglaws.results import FitResult
from scalinglaws.tails import TailComparison, TailFit

__all__ = ["fmt", "tail_sentence", "verdicts", "warnings_for"]

#: Fewer points than this for one fit draws a warning (tails: points in the tail).
FEW_POINTS = 10
#: Clauset et al. (2009, sec. 3.3): below about 50 tail points alpha and x_min are unreliable.
FEW_TAIL = 50
#: |t| of the quadratic term in the residuals above which the curvature warning fires.
CURVATURE_T = 3.0
#: A forecast or budget this many times the data's span (growth) or its largest C
#: (neural) beyond the data is "far" extrapolation.
FAR_SPAN = 0.5
FAR_BUDGET = 100.0

_ARTICLE = {
    "lognormal": "a lognormal",
    "exponential": "an exponential",
    "stretched_exponential": "a stretched exponential",
    "truncated_power_law": "a truncated power law",
    "poisson": "a Poisson",
}


def fmt(value: Any, spec: str = ".4g") -> str:
    """A number as fixed text: "—" for None/NaN, no negative zero."""
    if value is None:
        return "—"
    number = float(value)
    if not math.isfinite(number):
        return "—" if math.isnan(number) else ("∞" if number > 0 else "-∞")
    if spec == ".4g" and 1e4 <= abs(number) < 1e9:  # 152,100 rather than 1.521e+05
        number = float(format(number, ".4g"))
        spec = ",.0f"
    text = format(number, spec)
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def _p(value: float) -> str:
    return f"p = {fmt(value, '.2f')}" if value >= 0.005 else "p < 0.01"


def _name(alternative: str) -> str:
    return _ARTICLE.get(alternative, "a " + alternative.replace("_", " "))


def _join(parts: Sequence[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def tail_sentence(fit: TailFit) -> str | None:
    """Goodness of fit and comparisons in one sentence.

    For example "A power law is plausible (p = 0.49) but a lognormal fits equally well
    (p = 0.66).". None when neither ran.
    """
    gof, tests = fit.gof_result, fit.comparisons
    if gof is None and not tests:
        return None
    if gof is None:
        head = "the goodness of fit was not tested"
    elif gof.plausible:
        head = f"a power law is plausible ({_p(gof.p_value)})"
    else:
        head = f"the power law is ruled out ({_p(gof.p_value)})"
    equal = [c for c in tests if c.preferred is None]
    alt = [c for c in tests if c.preferred == c.alternative]
    power = [c for c in tests if c.preferred == "power_law"]
    doubts: list[str] = []
    if len(equal) == 1:
        doubts.append(f"{_name(equal[0].alternative)} fits equally well ({_p(equal[0].p_value)})")
    elif equal:
        doubts.append(_join([_with_p(c) for c in equal]) + " fit equally well")
    if alt:
        verb = "fits" if len(alt) == 1 else "fit"
        doubts.append(_join([_with_lr(c) for c in alt]) + f" {verb} better")
    text = head
    if doubts:
        text += (" but " if gof is not None and gof.plausible else "; ") + _join(doubts)
    if power:
        text += "; the power law fits better than " + _join([_with_lr(c) for c in power])
    return _sentence(text)


def _with_p(c: TailComparison) -> str:
    return f"{_name(c.alternative)} ({_p(c.p_value)})"


def _with_lr(c: TailComparison) -> str:
    return f"{_name(c.alternative)} (LR = {fmt(c.statistic, '.3g')}, {_p(c.p_value)})"


def verdicts(result: FitResult, extras: Mapping[str, Any]) -> list[str]:
    """The result's verdicts as sentences."""
    if isinstance(result, TailFit):
        return _tail_verdicts(result)
    if isinstance(result, RelationFit):
        return _relation_verdicts(result, extras)
    if isinstance(result, GrowthFit):
        return _growth_verdicts(result, extras)
    if isinstance(result, NeuralFit):
        return _neural_verdicts(result)
    if isinstance(result, Forecast):
        from scalinglaws.report.forecast_section import forecast_verdicts

        return forecast_verdicts(result)
    if isinstance(result, IsoflopFit):
        return [
            f"Compute-optimal allocation from {result.n_used} IsoFLOP minima: "
            f"N_opt ∝ C^{fmt(result.a, '.3f')} and D_opt ∝ C^{fmt(result.b, '.3f')}."
        ]
    return []


def _tail_verdicts(fit: TailFit) -> list[str]:
    out = [
        f"Above x_min = {fmt(fit.xmin)} ({fit.n_tail} of {fit.n} points) the tail follows "
        f"P(X ≥ x) ∝ x^-{fmt(fit.alpha - 1, '.3f')}, i.e. α = {fmt(fit.alpha, '.3f')} "
        f"± {fmt(fit.alpha_stderr, '.2g')}."
    ]
    sentence = tail_sentence(fit)
    if sentence is None:
        out.append(
            "Neither the goodness of fit nor any alternative was tested; "
            "rerun with --gof 1000 --compare lognormal,exponential for a verdict."
        )
    else:
        out.append(sentence)
    if fit.support is not None:
        out.append(f"Support for the power law (Clauset et al. 2009): {fit.support}.")
    return out


def _relation_verdicts(fit: RelationFit, extras: Mapping[str, Any]) -> list[str]:
    table = fit.conf_int(0.95)
    out = []
    for name in fit.spec.exponents:
        row = table.loc[name]
        out.append(
            f"The exponent {name} = {fmt(row['estimate'])} "
            f"(95% interval {fmt(row['lower'])} to {fmt(row['upper'])})."
        )
    scale = "r²" if fit.method in ("sma", "ma") else "R²"
    out.append(f"{scale} = {fmt(fit.r_squared, '.3f')} over n = {fit.n} points.")
    test = extras.get("exponent_test")
    if isinstance(test, Mapping):
        same = not test.get("rejected", test.get("p_value", 0.0) < test.get("alpha", 0.05))
        word = "is consistent with" if same else "differs from"
        out.append(
            f"The exponent {test.get('param', 'b')} {word} {fmt(test.get('b0'))} "
            f"({test.get('test', '')} test, {_p(float(test.get('p_value', math.nan)))})."
        )
    comparison = extras.get("comparison")
    if isinstance(comparison, Mapping) and comparison.get("verdict"):
        out.append(_sentence("Laws compared: " + str(comparison["verdict"])))
    return out


def _growth_verdicts(fit: GrowthFit, extras: Mapping[str, Any]) -> list[str]:
    out = []
    derived = fit.derived(0.95)
    labels = {
        "growth_rate": "growth rate r",
        "doubling_time": "early doubling time",
        "carrying_capacity": "carrying capacity K",
        "inflection_time": "inflection time",
    }
    for name, row in derived.iterrows():
        out.append(
            f"The {labels.get(str(name), str(name))} is {fmt(row['estimate'])} "
            f"(95% interval {fmt(row['lower'])} to {fmt(row['upper'])})."
        )
    if not fit.converged:
        out.append("The optimiser did not report convergence; treat the estimates with care.")
    forecast = extras.get("forecast")
    if isinstance(forecast, Mapping) and forecast.get("records"):
        last = forecast["records"][-1]
        when = str(last["t"])[:10] if isinstance(last["t"], str) else fmt(last["t"])
        out.append(
            f"Forecast at {when}: {fmt(last['mean'])} "
            f"({fmt(float(forecast.get('level', 0.95)) * 100, '.0f')}% band "
            f"{fmt(last['lower'])} to {fmt(last['upper'])})."
        )
    return out


def _neural_verdicts(fit: NeuralFit) -> list[str]:
    out = [
        f"{fit.n_best_basin} of {fit.n_starts} starts reached the best basin "
        f"(objective {fmt(fit.objective, '.4g')} over {fit.n_runs} runs)."
    ]
    if fit.form in ("chinchilla", "chinchilla_tied"):
        front = fit.frontier
        out.append(
            f"Compute-optimal scaling: N_opt ∝ C^{fmt(front['a'], '.3f')} and "
            f"D_opt ∝ C^{fmt(front['b'], '.3f')}."
        )
    return out


def warnings_for(result: FitResult, extras: Mapping[str, Any]) -> list[str]:
    """Reasons to doubt the result: few points, curvature, extrapolation far beyond the data."""
    out: list[str] = []
    if isinstance(result, TailFit):
        if result.n_tail < FEW_TAIL:
            out.append(
                f"Few points: only {result.n_tail} values lie in the tail (x ≥ x_min); "
                f"below about {FEW_TAIL} the estimates of α and x_min are unreliable."
            )
        cut = [c for c in result.comparisons if c.preferred == "truncated_power_law"]
        if cut:
            out.append(
                "Curvature: the CCDF bends down in the far tail (the truncated power law "
                f"fits better, {_p(cut[0].p_value)})."
            )
    elif isinstance(result, RelationFit):
        _few(out, result.n, "points")
        bend = relation_curvature(result)
        if bend is not None and abs(bend) > CURVATURE_T:
            side = "upward (convex)" if bend > 0 else "downward (concave)"
            out.append(
                f"Curvature: the residuals bend {side} against ln x (t = {fmt(bend, '.2f')}); "
                "one power law may not hold over the whole range; compare laws with --compare."
            )
    elif isinstance(result, Forecast):
        _few(out, result.fitted[0].size, "observations")
    elif isinstance(result, GrowthFit):
        _few(out, result.n, "observations")
        _growth_extrapolation(out, result, extras)
    elif isinstance(result, NeuralFit):
        _few(out, result.n_runs, "runs")
        _budget_extrapolation(out, float(np.max(result.C)), extras)
    elif isinstance(result, IsoflopFit) and result.n_used < 3:
        out.append(
            f"Few points: the exponents rest on {result.n_used} IsoFLOP minima; "
            "add budgets before trusting them."
        )
    return out


def _few(out: list[str], n: int, what: str) -> None:
    if n < FEW_POINTS:
        out.append(f"Few points: the fit rests on {n} {what}; intervals are wide and fragile.")


def relation_curvature(fit: RelationFit) -> float | None:
    """The t statistic of curvature in a relation's residuals.

    t statistic of the quadratic term when the residuals are regressed on ln x and
    (ln x)^2 (single-x laws with log x only); positive means the data bend upwards.
    """
    if fit.x.ndim != 1 or not fit.spec.log_x or fit.n < 6 or np.any(fit.x <= 0):
        return None
    u = np.log(fit.x)
    u = (u - u.mean()) / (u.std() or 1.0)
    design = np.column_stack([np.ones_like(u), u, u * u - np.mean(u * u)])
    resid = fit.residuals()
    coef, *_ = np.linalg.lstsq(design, resid, rcond=None)
    rest = resid - design @ coef
    sigma2 = float(rest @ rest) / (fit.n - 3)
    gram = design.T @ design
    if sigma2 <= 0 or np.linalg.cond(gram) > 1e12:
        return None
    se = math.sqrt(sigma2 * float(np.linalg.inv(gram)[2, 2]))
    return float(coef[2] / se)


def _growth_extrapolation(out: list[str], fit: GrowthFit, extras: Mapping[str, Any]) -> None:
    if "tm" in fit.params and fit.params["tm"] > fit.t[-1]:
        out.append(
            "Extrapolation: the inflection lies after the last observation, so the "
            "carrying capacity and the inflection time are extrapolated."
        )
    forecast = extras.get("forecast")
    if not isinstance(forecast, Mapping) or not forecast.get("horizon"):
        return
    span = float(fit.t[-1] - fit.t[0])
    horizon = float(forecast["horizon"])
    if span > 0 and horizon > FAR_SPAN * span:
        out.append(
            f"Extrapolation: the forecast runs {fmt(horizon)} "
            f"{'days' if fit.axis.is_date else 'time units'} past the data, "
            f"{fmt(horizon / span, '.2g')}× the observed span of {fmt(span)}."
        )


def _budget_extrapolation(out: list[str], largest: float, extras: Mapping[str, Any]) -> None:
    rows = extras.get("compute_optimal")
    if not isinstance(rows, list):
        return
    budgets = [float(row["C"]) for row in rows if isinstance(row, Mapping) and "C" in row]
    far = [c for c in budgets if c > FAR_BUDGET * largest]
    if far:
        out.append(
            f"Extrapolation: budget C = {fmt(max(far), '.3g')} is "
            f"{fmt(max(far) / largest, '.3g')}× the largest run (C = {fmt(largest, '.3g')})."
        )
