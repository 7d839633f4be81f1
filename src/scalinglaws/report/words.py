"""Results in words: verdict sentences and warnings for the report (no fitting here).

Everything is read from a result (and the ``extras`` a command saved beside it);
the only arithmetic is a residual-curvature check on the fitted residuals.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from scalinglaws._words import as_sentence, fmt, fmt_p
from scalinglaws.forecast import Forecast
from scalinglaws.growth import GrowthFit
from scalinglaws.neural import IsoflopFit, NeuralFit
from scalinglaws.relations import RelationFit
from scalinglaws.results import FitResult
from scalinglaws.tails import TailFit
from scalinglaws.tails.words import tail_sentence

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


def verdicts(result: FitResult, extras: Mapping[str, Any]) -> list[str]:
    """The result's verdicts as sentences.

    Its own (``result.verdicts()``), then what the fitting command saved beside it (an
    exponent test, a law comparison, a forecast).
    """
    out = list(result.verdicts())
    if isinstance(result, RelationFit):
        out += _relation_extras(extras)
    elif isinstance(result, GrowthFit):
        out += _growth_extras(extras)
    elif isinstance(result, NeuralFit):
        out += _sweep_extras(extras)
    return out


def _relation_extras(extras: Mapping[str, Any]) -> list[str]:
    out = []
    test = extras.get("exponent_test")
    if isinstance(test, Mapping):
        same = not test.get("rejected", test.get("p_value", 0.0) < test.get("alpha", 0.05))
        word = "is consistent with" if same else "differs from"
        out.append(
            f"The exponent {test.get('param', 'b')} {word} {fmt(test.get('b0'))} "
            f"({test.get('test', '')} test, {fmt_p(float(test.get('p_value', math.nan)))})."
        )
    comparison = extras.get("comparison")
    if isinstance(comparison, Mapping) and comparison.get("verdict"):
        out.append(as_sentence("Laws compared: " + str(comparison["verdict"])))
    return out


def _growth_extras(extras: Mapping[str, Any]) -> list[str]:
    forecast = extras.get("forecast")
    if not isinstance(forecast, Mapping) or not forecast.get("records"):
        return []
    last = forecast["records"][-1]
    when = str(last["t"])[:10] if isinstance(last["t"], str) else fmt(last["t"])
    return [
        f"Forecast at {when}: {fmt(last['mean'])} "
        f"({fmt(float(forecast.get('level', 0.95)) * 100, '.0f')}% band "
        f"{fmt(last['lower'])} to {fmt(last['upper'])})."
    ]


def _sweep_extras(extras: Mapping[str, Any]) -> list[str]:
    """The size a model-size sweep chose, and the shipped run against the law."""
    sweep = extras.get("sweep")
    if not isinstance(sweep, Mapping) or not sweep.get("candidates"):
        return []
    chosen = str(sweep.get("chosen"))
    best = [c for c in sweep["candidates"] if str(c.get("size")) == chosen]
    minutes = fmt(sweep.get("minutes"))
    out = []
    if best:
        forms = [k.removeprefix("loss_") for k in best[0] if k.startswith("loss_")]
        how = (
            f"the smallest largest regret over the {' and '.join(forms)} laws "
            f"({fmt(best[0]['regret'], '.3f')} nats)"
            if len(forms) > 1 and "regret" in best[0]
            else "the lowest predicted loss"
        )
        out.append(
            f"Chosen size: {chosen} (N = {fmt(best[0]['N'])}), predicted loss "
            f"{fmt(best[0]['predicted_loss'])} after {minutes} min of training "
            f"(D = {fmt(best[0]['D'], '.3g')} tokens): {how} of "
            f"{len(sweep['candidates'])} candidate sizes."
        )
    trained = sweep.get("trained")
    if isinstance(trained, Mapping) and trained.get("predicted"):
        error = float(trained["loss"]) / float(trained["predicted"]) - 1.0
        out.append(
            f"The shipped model ({trained['size']}, N = {fmt(trained['N'])}, D = "
            f"{fmt(trained['D'], '.3g')}) reached loss {fmt(trained['loss'])}; the law "
            f"predicts {fmt(trained['predicted'])} ({error:+.1%})."
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
                f"fits better, {fmt_p(cut[0].p_value)})."
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
