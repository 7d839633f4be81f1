"""Scores of quantile forecasts: pinball loss, interval score, WIS and coverage.

The forecast hubs (US, European, FluSight) collect 23 predictive quantiles per
forecast (:data:`scalinglaws.HUB_QUANTILES`) and score them with the weighted
interval score of Bracher et al. (2021):

    WIS = 1 / (K + 1/2) * ( 1/2 |y - m| + sum_k (alpha_k / 2) IS_alpha_k )

over the median m and the K central (1 - alpha_k) intervals [l_k, u_k], with
the interval score (Gneiting & Raftery 2007)

    IS_alpha = (u - l) + (2 / alpha) (l - y)_+ + (2 / alpha) (y - u)_+ .

With levels in pairs (alpha/2, 1 - alpha/2) around the median this is exactly
the mean over the 2K + 1 levels of twice the pinball (quantile) loss,
2 rho_tau(y - q_tau) with rho_tau(u) = u (tau - 1{u < 0}); the hubs' 23 levels
are such a set (K = 11), and both forms are computed and tested to agree.

References
----------
Bracher, J., Ray, E. L., Gneiting, T. & Reich, N. G. (2021). Evaluating
epidemic forecasts in an interval format. *PLoS Comput. Biol.* 17(2), e1008618.
Gneiting, T. & Raftery, A. E. (2007). Strictly proper scoring rules,
prediction, and estimation. *JASA* 102(477), 359-378.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from scalinglaws._types import FloatArray
from scalinglaws.errors import InvalidInputError, InvalidOptionError
from scalinglaws.scoring._arrays import (
    LEVEL_TOLERANCE,
    as_levels,
    as_quantiles,
    as_truth,
    check_same_length,
    symmetric_pairs,
)

__all__ = [
    "central_interval",
    "coverage",
    "interval_score",
    "pinball_loss",
    "weighted_interval_score",
]


def pinball_loss(truth: Any, quantiles: Any, levels: Any) -> FloatArray:
    """The pinball (quantile) loss rho_tau(y - q) = (1{y < q} - tau)(q - y), per level.

    Parameters
    ----------
    truth : array_like, shape (n,)
    quantiles : array_like, shape (n, K)
        Predictive quantiles, one column per level, not decreasing along a row.
    levels : sequence of float, length K
        Strictly increasing levels in (0, 1).

    Returns
    -------
    numpy.ndarray, shape (n, K)

    Raises
    ------
    InvalidInputError
        Misaligned shapes, non-finite values, crossing quantiles.
    InvalidOptionError
        Levels outside (0, 1) or not increasing.
    """
    observed = as_truth(truth)
    tau = as_levels(levels)
    q = as_quantiles(quantiles, tau, observed.size)
    import scoringrules as sr  # imported on first use: 0.2 s that `import scalinglaws` skips

    return np.asarray(sr.quantile_score(observed[:, None], q, tau), dtype=np.float64)


def interval_score(truth: Any, lower: Any, upper: Any, alpha: float) -> FloatArray:
    """The interval score of central (1 - alpha) intervals [lower, upper] (Gneiting & Raftery 2007).

    IS = (upper - lower) + (2/alpha)(lower - y)_+ + (2/alpha)(y - upper)_+.

    Parameters
    ----------
    truth, lower, upper : array_like, shape (n,)
    alpha : float in (0, 1)
        One minus the nominal coverage of the interval (0.05 for 95%).

    Returns
    -------
    numpy.ndarray, shape (n,)

    Raises
    ------
    InvalidInputError
        Misaligned lengths, non-finite values, or a lower bound above its upper bound.
    InvalidOptionError
        ``alpha`` outside (0, 1).
    """
    observed = as_truth(truth)
    level = float(as_levels([alpha], "alpha")[0])
    low, high = _vector(lower, "lower"), _vector(upper, "upper")
    check_same_length(observed.size, lower=low, upper=high)
    inverted = low > high
    if inverted.any():
        first = int(np.flatnonzero(inverted)[0])
        raise InvalidInputError(
            f"lower: {int(inverted.sum())} interval(s) have lower > upper (first at position "
            f"{first}: {low[first]:g} > {high[first]:g}); swap the bounds."
        )
    import scoringrules as sr

    return np.asarray(sr.interval_score(observed, low, high, level), dtype=np.float64)


def weighted_interval_score(truth: Any, quantiles: Any, levels: Any) -> FloatArray:
    """The hubs' weighted interval score of each quantile forecast (Bracher et al. 2021).

    WIS = (1/(K + 1/2)) (0.5 |y - median| + sum_k (alpha_k / 2) IS_alpha_k), where
    the K central intervals come from the level pairs (alpha_k / 2, 1 - alpha_k / 2).
    Equal to the mean over the levels of 2 x pinball loss; lower is better, and it
    approximates the CRPS as the levels grow dense.

    Parameters
    ----------
    truth : array_like, shape (n,)
    quantiles : array_like, shape (n, 2K + 1)
    levels : sequence of float
        Symmetric levels including 0.5, such as :data:`scalinglaws.HUB_QUANTILES`.

    Returns
    -------
    numpy.ndarray, shape (n,)

    Raises
    ------
    InvalidInputError
        Misaligned shapes, non-finite values, crossing quantiles.
    InvalidOptionError
        Levels outside (0, 1), unsorted, without the median or not in pairs.

    References
    ----------
    Bracher et al. (2021), *PLoS Comput. Biol.* 17(2), e1008618, eq. (2) with
    weights w_0 = 1/2 and w_k = alpha_k / 2.
    """
    import scoringrules as sr

    observed = as_truth(truth)
    tau = as_levels(levels)
    q = as_quantiles(quantiles, tau, observed.size)
    median, pairs = symmetric_pairs(tau)
    total = 0.5 * np.abs(observed - q[:, median])
    if pairs:
        low = [p[0] for p in pairs]
        high = [p[1] for p in pairs]
        alpha = 2.0 * tau[low]
        # scoringrules' interval score, weighted here: its weighted_interval_score
        # (0.10.0, numpy backend) adds w0 * median instead of w0 * |y - median|.
        scores = sr.interval_score(observed, q[:, low], q[:, high], alpha)
        total = total + np.sum(np.reshape(scores, (observed.size, len(pairs))) * alpha / 2, axis=1)
    return np.asarray(total / (len(pairs) + 0.5), dtype=np.float64)


def central_interval(quantiles: Any, levels: Any, width: float) -> tuple[FloatArray, FloatArray]:
    """The (lower, upper) columns of the central ``width`` interval (e.g. 0.5, 0.95).

    Parameters
    ----------
    quantiles : array_like, shape (n, K)
        The forecasts' quantiles.
    levels : array_like, shape (K,)
        Their levels.
    width : float
        The interval's coverage, in (0, 1).

    Returns
    -------
    lower, upper : numpy.ndarray, shape (n,)
        The (1 - width)/2 and (1 + width)/2 quantiles.

    Raises
    ------
    InvalidOptionError
        When the levels lack (1 - width)/2 or (1 + width)/2.
    """
    tau = as_levels(levels)
    q = np.asarray(quantiles, dtype=np.float64)
    columns = []
    for target in ((1 - width) / 2, (1 + width) / 2):
        found = np.flatnonzero(np.abs(tau - target) < LEVEL_TOLERANCE)
        if found.size != 1:
            raise InvalidOptionError(
                f"width={width!r}: the {width:.0%} central interval needs the levels "
                f"{(1 - width) / 2:g} and {(1 + width) / 2:g}, which are not among "
                f"{[f'{x:g}' for x in tau]}."
            )
        columns.append(q[..., int(found[0])])
    return columns[0], columns[1]


def coverage(truth: Any, lower: Any, upper: Any) -> float:
    """The share of observed values inside their interval [lower, upper] (ends included).

    Parameters
    ----------
    truth : array_like, shape (n,)
        The observed values.
    lower, upper : array_like, shape (n,)
        The intervals' ends.

    Returns
    -------
    float
        The empirical coverage, in [0, 1].

    Raises
    ------
    InvalidInputError
        Misaligned lengths or non-finite values.

    Examples
    --------
    >>> coverage([1.0, 5.0], [0.0, 0.0], [2.0, 2.0])
    0.5
    """
    observed = as_truth(truth)
    low, high = _vector(lower, "lower"), _vector(upper, "upper")
    check_same_length(observed.size, lower=low, upper=high)
    return float(np.mean((observed >= low) & (observed <= high)))


def _vector(values: Any, name: str) -> FloatArray:
    return as_truth(values, name)
