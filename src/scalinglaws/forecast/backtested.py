"""An ensemble checked on its own data: members refitted at past origins, bands widened.

Every member is refitted at the last origins of the data
(:func:`.calibrate.past_origins`, each on the data up to that origin only, in the
forecast's window); the members' forecasts from there are combined with the
forecast's weights, and the log errors of those past medians widen the forecast's
bands (:func:`.calibrate.widen`). The same backtest gives ``weighting="wis"`` its
past scores.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from scalinglaws import calibration
from scalinglaws._types import FloatArray
from scalinglaws.forecast.combine import combine, level_columns
from scalinglaws.forecast.ensemble import Outcome, dense_grid, run_ensemble, run_member
from scalinglaws.forecast.members import MemberForecast, Options
from scalinglaws.quantiles import HUB_QUANTILES
from scalinglaws.scoring import weighted_interval_score

__all__ = ["CALIBRATION_BOOT", "run_backtested", "run_calibrated"]

#: Bootstrap replicates behind each member's past forecasts (calibration and past WIS).
CALIBRATION_BOOT = 10


@dataclass(frozen=True)
class _Past:
    """The members' forecasts from one past origin p of the data, ``ahead`` steps."""

    position: int
    ahead: int
    found: dict[str, MemberForecast]


def _backtest(
    t: FloatArray,
    y: FloatArray,
    steps: int,
    members: Sequence[str],
    options: Options,
    rng: np.random.Generator,
    window: int | None,
) -> list[_Past]:
    """Every member refitted at each past origin.

    Every member refitted at each past origin of :func:`.calibrate.past_origins`
    (its data up to that origin only), with :data:`CALIBRATION_BOOT` replicates.
    """
    grid = dense_grid(HUB_QUANTILES)
    past = replace(options, n_boot=CALIBRATION_BOOT)
    origins = calibration.past_origins(y.size, steps, window=window)
    out = []
    for (start, p, ahead), generator in zip(origins, rng.spawn(len(origins)), strict=True):
        train_t, train_y, at = t[start : p + 1], y[start : p + 1], t[p + 1 : p + 1 + ahead]
        found = {}
        for name, child in zip(members, generator.spawn(len(members)), strict=True):
            result = run_member(name, train_t, train_y, at, grid, past, child)
            if isinstance(result, MemberForecast):
                found[name] = result
        out.append(_Past(p, ahead, found))
    return out


def _past_scores(y: FloatArray, backtest: list[_Past], members: Sequence[str]) -> FloatArray:
    """Each member's mean WIS over its past forecasts (nan: none)."""
    grid = dense_grid(HUB_QUANTILES)
    columns = level_columns(grid, HUB_QUANTILES)
    scores = np.full(len(members), np.nan)
    for i, name in enumerate(members):
        found = [
            weighted_interval_score(
                y[b.position + 1 : b.position + 1 + b.ahead],
                b.found[name].quantiles[:, columns],
                HUB_QUANTILES,
            )
            for b in backtest
            if name in b.found
        ]
        if found:
            scores[i] = float(np.mean(np.concatenate(found)))
    return scores


def _runaways(y: FloatArray, backtest: list[_Past], members: Sequence[str]) -> dict[str, float]:
    """The members whose own past medians ran away, with their error scale r_m.

    r_m = :func:`.calibrate.error_scale` of the log errors of the member's medians
    from the past origins; a member is a runaway when r_m > :data:`.calibrate.RUNAWAY`.
    """
    grid = np.asarray(dense_grid(HUB_QUANTILES))
    middle = int(np.argmin(np.abs(grid - 0.5)))
    c = calibration.log_offset(y)
    found = {}
    for name in members:
        horizons, errors = [], []
        for b in backtest:
            if name in b.found:
                truth = y[b.position + 1 : b.position + 1 + b.ahead]
                horizons.append(np.arange(1.0, b.ahead + 1))
                errors.append(calibration.log_errors(truth, b.found[name].quantiles[:, middle], c))
        if errors:
            scale = calibration.error_scale(np.concatenate(horizons), np.concatenate(errors))
            if scale > calibration.RUNAWAY:
                found[name] = scale
    return found


def _past_errors(
    y: FloatArray, backtest: list[_Past], weights: dict[str, float], combination: str
) -> tuple[FloatArray, FloatArray]:
    """Horizons and log errors of the ensemble's past medians.

    Horizons and log errors of the ensemble's past medians (the members that forecast
    from each origin, with the forecast's weights renormalised over them).
    """
    grid = np.asarray(dense_grid(HUB_QUANTILES))
    c = calibration.log_offset(y)
    horizons, errors = [], []
    for b in backtest:
        names = [name for name in b.found if weights.get(name, 0.0) > 0]
        if not names:
            continue
        w = np.array([weights[name] for name in names])
        quantiles = np.stack([b.found[name].quantiles for name in names])
        means = np.stack([b.found[name].mean for name in names])
        _, median, _ = combine(w / w.sum(), grid, quantiles, means, np.array([0.5]), combination)
        truth = y[b.position + 1 : b.position + 1 + b.ahead]
        horizons.append(np.arange(1.0, b.ahead + 1))
        errors.append(calibration.log_errors(truth, median, c))
    if not errors:
        return np.empty(0), np.empty(0)
    return np.concatenate(horizons), np.concatenate(errors)


def run_backtested(
    t: FloatArray,
    y: FloatArray,
    times: FloatArray,
    levels: tuple[float, ...],
    options: Options,
    rng: np.random.Generator,
    *,
    members: Sequence[str],
    weighting: str,
    combination: str,
    fallback: str | None,
    window: int | None,
) -> tuple[Outcome, FloatArray, FloatArray]:
    """The uncalibrated ensemble, and the horizons and log errors of its past medians.

    One backtest serves three times: a member whose own past medians ran away
    (:data:`.calibrate.RUNAWAY`) is left out of the combination, past-WIS weights
    are the members' mean WIS over it, and the ensemble's past medians (the members
    combined with the forecast's weights) give the errors that widen the bands
    (:mod:`.calibrate`).
    """
    # a draw from the stream, not a spawn: the forecast's own members spawn from rng
    # exactly as without calibration (so both share the median and the members' bands)
    separate = np.random.default_rng(int(rng.integers(2**63)))
    backtest = _backtest(t, y, times.size, members, options, separate, window)
    scores = _past_scores(y, backtest, members) if weighting == "wis" else None
    used = y.size if window is None else window
    outcome = run_ensemble(
        t[-used:], y[-used:], times, levels, options, rng, members=members,
        weighting=weighting, combination=combination, fallback=fallback, past=scores,
        runaways=_runaways(y, backtest, members),
    )  # fmt: skip
    weights = {m.name: m.weight for m in outcome.members}
    h, e = _past_errors(y, backtest, weights, combination)
    return outcome, h, e


def run_calibrated(
    t: FloatArray,
    y: FloatArray,
    times: FloatArray,
    levels: tuple[float, ...],
    options: Options,
    rng: np.random.Generator,
    **settings: object,
) -> Outcome:
    """The ensemble widened by the log errors of its past medians.

    The ensemble (settings as :func:`run_backtested`'s), widened by the log errors of
    its medians from past origins (:func:`.calibrate.widen`).
    """
    outcome, h, e = run_backtested(t, y, times, levels, options, rng, **settings)  # type: ignore[arg-type]
    fell_back = all(m.name not in settings["members"] for m in outcome.members if m.ok)  # type: ignore[operator]
    if e.size < 2 and fell_back:  # already said: the forecast is the fallback method's
        return outcome
    if e.size < 2:
        note = (
            "the ensemble's bands are not calibrated: fewer than 2 past forecasts could be "
            "checked against these data, so they hold the members' uncertainty only"
        )
        return replace(outcome, warnings=(*outcome.warnings, note))
    widened = calibration.widen(
        outcome.median,
        outcome.quantiles,
        np.asarray(levels),
        calibration.error_scale(h, e),
        int(e.size),
        calibration.log_offset(y),
        floor=float(y[-1]) if options.cumulative else 0.0,  # a stock (options.stock) may fall
    )
    return replace(outcome, quantiles=widened)
