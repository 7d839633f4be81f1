"""Widen a forecast's quantiles by its own past out-of-sample errors (empirical calibration).

The engine below the forecasters: the law ensemble (:mod:`scalinglaws.forecast`) and
the Transformer (:mod:`scalinglaws.forecasters.transformer_calibrated`) both widen
their bands with it.

A growth law's bootstrap band holds parameter and observation noise under the
law; on real surveillance data the law itself is wrong (waves turn, reporting
changes), and the band is far too narrow (the European hub's weekly cases: 95%
bands covered 35-57%). The remedy used here needs nothing but the series the
user gave:

1. **Past errors** (:func:`past_origins`, :func:`log_errors`): the same
   forecaster is run from each of the last origins p = n-2, n-3, ... of the data
   (each fitted to the points up to p only, in the same window), and its median
   is compared with what followed on a shifted log scale,
   e_{p,h} = log(y_{p+h} + c) - log(m_{p,h} + c), at the steps h = 1..H that were
   observed, c the mean of the data (:func:`log_offset`: zeros are allowed and
   the errors are free of units). Nothing after the forecast's own origin is used.
2. **Scale** (:func:`error_scale`): the errors are pooled over horizons as
   z = e / h^beta (beta = 1/2, a random walk's growth; beta = 1 would be the
   linear growth of a mis-estimated rate's error, which over-widened on the
   development data) and s = sqrt(mean z^2), the scale of a zero-centred error
   (its bias counts as error).
3. **Widen, never narrow** (:func:`widen`): on the log scale, the offset of
   each quantile from the median is the larger in size of the forecast's own
   offset and the empirical one t_{n}(tau) s h^beta, with t_n the quantile of
   Student's t on the n pooled errors (the predictive interval of a normal error
   whose scale was estimated from n draws). The median is kept; the quantiles
   stay monotone (a pointwise max / min of two monotone curves).
4. **Floor** (the ``floor`` of :func:`widen`): a running total never falls, so
   its bands are floored at its last value; incidence and levels that can fall
   (a population, a prevalence: ``sl.forecast(stock=True)``) are floored at 0
   only, so a level's past falls widen its band below the last value. Flooring a
   population at its last census cut the 95% coverage of the US census suite to
   0.53, where 23 of 60 test censuses fell below the one before.

The members' own forecasts, before they are combined (and at every past
origin, so also the past medians of step 1), are capped at the fastest growth
the data have shown (:func:`ceiling`): U_h = (y_n + c) exp(h g) - c, g = max(0,
max_i [log(y_{i+1} + c) - log(y_i + c)]), the last value grown h times by the
largest one-step rise of log(y + c). On a few early-outbreak points several laws'
bootstrap bands reach 1e9 times the data, a weighted median of the members
follows when half of them do, and their past errors then widened the bands
further (the outbreaks suite's development series: WIS 2.6x naive's); the
series itself says how fast it has ever grown, and a member's band above that
growth sustained over every step is the fit's instability, not a forecast. The
widening in step 3 may still pass the ceiling: it is the ensemble's measured
error, and capping it cost 95% coverage on the European hub's development data.

A member whose own past medians ran away is left out of the combination
(:data:`RUNAWAY`, applied in :func:`.backtested.run_backtested`): its scale
r_m = sqrt(mean (e_{p,h} / h^beta)^2) over its past medians (the errors of step
1, for that member alone) above 1, i.e. its medians missed what followed by a
factor of e or more per step on average. On the outbreaks' development series
one such member's runaway past medians set the widening of the whole ensemble
(WIS 1.131x naive's; leaving them out: 1.039x); on the European hub's no member's
r_m reached 0.8, so nothing changed there (docs/benchmarks.md).

This is the empirical prediction interval of Williams & Goodman (1971) made
with past out-of-sample errors, as in split-conformal prediction (Lei et al.
2018) with the conformity score |e| / h^beta and a t quantile instead of an
order statistic, so that the few errors a short series has still give finite
95% and 98% bounds.

References
----------
Williams, W. H. & Goodman, M. L. (1971). A simple method for the construction of
empirical confidence limits for economic forecasts. *J. Amer. Statist. Assoc.*
66(336), 752-754.
Lei, J., G'Sell, M., Rinaldo, A., Tibshirani, R. J. & Wasserman, L. (2018).
Distribution-free predictive inference for regression. *J. Amer. Statist.
Assoc.* 113(523), 1094-1111.
"""

from __future__ import annotations

import numpy as np
from scipy import stats

from scalinglaws._types import FloatArray

__all__ = [
    "BETA",
    "MAX_ORIGINS",
    "RUNAWAY",
    "ceiling",
    "error_scale",
    "log_errors",
    "log_offset",
    "past_origins",
    "widen",
]

#: How the log error grows with the horizon h: as h^BETA (chosen on development data
#: from 0.5 and 1: docs/benchmarks.md).
BETA = 0.5
#: At most this many past origins are re-forecast.
MAX_ORIGINS = 6
#: Fewest points a past origin's forecaster is given.
MIN_TRAIN = 4
#: A member whose past medians' error scale (:func:`error_scale` of its own log errors)
#: exceeds this is left out of the combination (chosen on development data from 1, 1.5,
#: 2, 3 and bounds relative to the best member's scale: docs/benchmarks.md).
RUNAWAY = 1.0


def log_offset(y: FloatArray) -> float:
    """c in log(y + c): the mean of the data (1 when they are all zero).

    A shifted log: multiplicative for values well above the series' mean level,
    additive near zero, and free of units (y, the medians and c scale together).
    With c = 1 a weekly count that fell to 0 (a reporting gap) gave log errors
    near log(5000) and bands of 1e10 on the European hub's data.
    """
    level = float(np.mean(np.abs(y)))
    return level if level > 0 else 1.0


def past_origins(
    n: int,
    steps: int,
    *,
    window: int | None = None,
    max_origins: int = MAX_ORIGINS,
    min_train: int = MIN_TRAIN,
) -> list[tuple[int, int, int]]:
    """The past origins a forecast is checked from.

    ``(start, p, ahead)`` of the last origins p = n-2, n-3, ... of n points (at most
    ``max_origins``, each with at least ``min_train`` points): the forecast from origin
    p is fitted to points start..p (its last ``window``) and checked on the next
    ``ahead`` = min(steps, n-1-p) points, all observed before the last one.
    """
    out = []
    for p in range(n - 2, max(min_train - 2, n - 2 - max_origins), -1):
        start = 0 if window is None else max(0, p + 1 - window)
        out.append((start, p, min(steps, n - 1 - p)))
    return out


def log_errors(truth: FloatArray, median: FloatArray, c: float) -> FloatArray:
    """e_h = log(y_h + c) - log(m_h + c) (a negative median counts as 0)."""
    return np.asarray(np.log(truth + c) - np.log(np.maximum(median, 0.0) + c), dtype=np.float64)


def error_scale(horizons: FloatArray, errors: FloatArray, beta: float = BETA) -> float:
    """s = sqrt(mean (e / h^beta)^2) (nan without errors)."""
    if errors.size == 0:
        return float("nan")
    z = errors / horizons**beta
    return float(np.sqrt(np.mean(z * z)))


def widen(
    median: FloatArray,
    quantiles: FloatArray,
    levels: FloatArray,
    scale: float,
    count: int,
    c: float,
    *,
    beta: float = BETA,
    floor: FloatArray | float = 0.0,
) -> FloatArray:
    """Quantiles widened to the past errors' scale about the median.

    The quantiles (S, K) at ``levels`` widened to at least t_count(tau) scale h^beta
    about the median on the log(y + c) scale (h = 1..S), then floored at ``floor``:
    a running total's last value (it never falls), else 0 (incidence, levels).
    """
    steps = median.size
    h = np.arange(1.0, steps + 1)[:, None]
    centre = np.log(np.maximum(median, 0.0) + c)[:, None]
    own = np.log(np.maximum(quantiles, 0.0) + c) - centre
    empirical = stats.t.ppf(levels, df=count)[None, :] * scale * h**beta
    upper = levels[None, :] >= 0.5
    offset = np.where(upper, np.maximum(own, empirical), np.minimum(own, empirical))
    offset = np.where(levels[None, :] == 0.5, own, offset)
    out = np.exp(centre + offset) - c
    return np.asarray(np.maximum(out, np.asarray(floor)[..., None] if np.ndim(floor) else floor))


def ceiling(y: FloatArray, steps: int, c: float) -> FloatArray:
    """The fastest growth the data have shown, sustained over every step ahead.

    U_h = (y_n + c) exp(h g) - c for h = 1..steps, g the largest one-step rise
    of log(y + c) in ``y`` (0 when it never rose, so a series that never rose
    is capped at its last value).

    Parameters
    ----------
    y : ndarray
        The data a forecaster was given (at least one point).
    steps : int
        How many steps ahead.
    c : float
        The log offset (:func:`log_offset`).

    Returns
    -------
    ndarray
        U_h for h = 1..steps.
    """
    logged = np.log(np.maximum(y, 0.0) + c)
    rise = float(np.max(np.diff(logged), initial=0.0))
    h = np.arange(1.0, steps + 1)
    return np.asarray(np.exp(logged[-1] + h * max(rise, 0.0)) - c, dtype=np.float64)
