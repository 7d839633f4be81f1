"""The Transformer's bands widened by its own past errors on the series (empirical calibration).

The Transformer's sample paths hold the uncertainty the model learnt on
synthetic curves; on a real series its median can miss by more (a wave turns,
reporting changes), most of all from a short context, which forecasts sharply
but undercovers (the European hub's development countries, 8 weeks of context:
95% coverage 0.83). The remedy is the law ensemble's
(:mod:`scalinglaws.calibration`), applied to the Transformer alone:

1. **Past forecasts, no peeking** (:func:`past_forecasts`): the Transformer
   forecasts from each of the last origins p = n-2, n-3, ... of the series
   (:func:`scalinglaws.calibration.past_origins`, at most ``origins`` of
   them), each from the points up to p only, in the same context (its last
   ``context`` points), ``ahead`` = min(horizon, n-1-p) steps, all of them
   observed before the forecast's own origin n-1. Each origin draws its own
   seeded stream, so what it forecasts depends on the points up to p alone.
2. **Scale** (:func:`past_log_errors`): the log errors of those medians,
   e_{p,h} = log(y_{p+h} + c) - log(m_{p,h} + c), c the series' mean, pooled over
   horizons as s = sqrt(mean (e / h^beta)^2)
   (:func:`~scalinglaws.calibration.error_scale`).
3. **Widen, never narrow** (:func:`calibrated_quantiles`): each quantile's log
   offset from the median becomes at least t_n(tau) s h^beta
   (:func:`~scalinglaws.calibration.widen`); the median is kept, bands
   are floored at 0 (a running total: at its last value).

The cost is one forecast per past origin (``origins`` + 1 forecasts in all). The
method and its references (Williams & Goodman 1971; Lei et al. 2018) are those of
:mod:`scalinglaws.calibration`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from scalinglaws import calibration
from scalinglaws._types import FloatArray
from scalinglaws.errors import InsufficientDataError, InvalidInputError

#: ``forecast(values, steps, *, cumulative, n_paths, rng)`` -> (sample paths, warnings).
PathForecast = Callable[..., tuple[FloatArray, tuple[str, ...]]]

__all__ = ["ORIGINS", "PastForecast", "calibrated_quantiles", "past_forecasts", "past_log_errors"]

#: Past origins the Transformer is re-run from when it calibrates: half a year of weekly
#: origins. Chosen on the European hub's development countries from 6, 10, 13, 20, 26
#: and 39 (8 weeks of context: rel. WIS 0.851 / 0.845 / 0.845 / 0.841 / 0.829 / 0.830,
#: 95% coverage 0.900 / 0.914 / 0.925 / 0.938 / 0.948 / 0.948; docs/benchmarks.md).
ORIGINS = 26


@dataclass(frozen=True)
class PastForecast:
    """The median forecast from the past origin ``position`` (its ``median.size`` steps)."""

    position: int
    median: FloatArray


def past_forecasts(
    values: FloatArray,
    horizon: int,
    *,
    context: int | None,
    cumulative: bool,
    n_paths: int,
    rng: np.random.Generator,
    forecast: PathForecast,
    min_context: int,
    origins: int = ORIGINS,
) -> list[PastForecast]:
    """The Transformer's medians from the last ``origins`` past origins of ``values``.

    Parameters
    ----------
    values : ndarray
        The series up to the forecast's origin (its last point).
    horizon : int
        The forecast's steps; a past origin p forecasts min(horizon, n-1-p) of them.
    context : int or None
        The points each past forecast reads (its last ``context`` up to p; None: all).
    cumulative : bool
        ``values`` is a running total (forecast through its increments).
    n_paths : int
        Sample paths behind each past median.
    rng : numpy.random.Generator
        Spawns one stream per past origin.
    forecast : callable
        ``forecast(values, steps, *, cumulative, n_paths, rng)`` -> (sample paths
        (n_paths, steps), warnings): the Transformer's
        :func:`~scalinglaws.forecasters.transformer.forecast_paths` with its weights.
    min_context : int
        The fewest points it reads (:data:`~scalinglaws.forecasters.transformer.MIN_CONTEXT`).
    origins : int, default :data:`ORIGINS`
        At most this many past origins.

    Returns
    -------
    list of PastForecast
        One per origin whose context the Transformer accepts (a constant or
        too short context is skipped).
    """
    fewest = min_context + (1 if cumulative else 0)
    found = calibration.past_origins(
        values.size, horizon, window=context, max_origins=origins, min_train=fewest
    )
    out = []
    for (start, p, ahead), stream in zip(found, rng.spawn(len(found)), strict=True):
        try:
            draws, _ = forecast(
                values[start : p + 1], ahead, cumulative=cumulative, n_paths=n_paths, rng=stream
            )
        except (InsufficientDataError, InvalidInputError):
            continue  # e.g. a window of zeros: nothing to check from there
        out.append(PastForecast(p, np.median(draws, axis=0)))
    return out


def past_log_errors(values: FloatArray, past: list[PastForecast]) -> tuple[FloatArray, FloatArray]:
    """Horizons h and log errors e_{p,h} of the past medians against what followed them."""
    c = calibration.log_offset(values)
    horizons = [np.arange(1.0, f.median.size + 1) for f in past]
    errors = [
        calibration.log_errors(values[f.position + 1 : f.position + 1 + f.median.size], f.median, c)
        for f in past
    ]
    if not errors:
        return np.empty(0), np.empty(0)
    return np.concatenate(horizons), np.concatenate(errors)


def calibrated_quantiles(
    values: FloatArray,
    median: FloatArray,
    quantiles: FloatArray,
    levels: FloatArray,
    past: list[PastForecast],
    *,
    cumulative: bool,
) -> tuple[FloatArray, tuple[str, ...]]:
    """The quantiles (S, K) at ``levels`` widened by the past medians' log errors.

    Returns the quantiles unchanged, with a note, when fewer than 2 past errors exist.
    """
    h, e = past_log_errors(values, past)
    if e.size < 2:
        note = (
            "the transformer's bands are not calibrated: fewer than 2 past forecasts could be "
            "checked against these data, so they hold the model's own uncertainty only"
        )
        return quantiles, (note,)
    rises = not cumulative or bool(np.all(np.diff(values) >= 0))
    widened = calibration.widen(
        median,
        quantiles,
        levels,
        calibration.error_scale(h, e),
        int(e.size),
        calibration.log_offset(values),
        floor=float(values[-1]) if cumulative and rises else 0.0,
    )
    return widened, ()
