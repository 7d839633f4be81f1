"""CRPS and PIT of predictive distributions given as quantiles or as samples.

From quantiles, the predictive distribution is the one whose quantile
function Q interpolates the given quantiles linearly between the levels
tau_1 < ... < tau_K and is flat beyond them (the mass below tau_1 sits at q_1,
the mass above tau_K at q_K); its CDF F is linear between distinct quantiles,
jumps where quantiles repeat, and is 0 below q_1 and 1 from q_K on. For it,

    CRPS(F, y) = int (F(x) - 1{x >= y})^2 dx = 2 int_0^1 rho_tau(y - Q(tau)) dtau

(Laio & Tamea 2007), which :func:`crps_quantiles` evaluates in closed form
(the integrand is quadratic in tau between the levels and the point where
Q crosses y). With the hubs' 23 levels it is close to the WIS, which is the
same integral taken by a 23-point rule.

From samples, :func:`crps_samples` is the CRPS of the empirical distribution,
E|X - y| - E|X - X'| / 2 (Gneiting & Raftery 2007), computed by scoringrules.

The probability integral transform (PIT) is F(y); it is uniform on (0, 1)
when forecasts are calibrated (Dawid 1984). Where F jumps at y (a repeated
quantile, the outer masses, tied samples) the PIT is drawn uniformly between
F(y-) and F(y) with ``rng`` (the randomised PIT of Czado, Gneiting & Held
2009), or is their midpoint when ``rng`` is None.

References
----------
Laio, F. & Tamea, S. (2007). Verification tools for probabilistic forecasts
of continuous hydrological variables. *HESS* 11, 1267-1277.
Czado, C., Gneiting, T. & Held, L. (2009). Predictive model assessment for
count data. *Biometrics* 65(4), 1254-1261.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from scalinglaws._types import FloatArray
from scalinglaws.errors import InvalidInputError
from scalinglaws.scoring._arrays import as_levels, as_quantiles, as_truth
from scalinglaws.uncertainty import RandomLike, as_generator

__all__ = ["crps_quantiles", "crps_samples", "pit_quantiles", "pit_samples", "quantile_cdf"]


def crps_quantiles(truth: Any, quantiles: Any, levels: Any) -> FloatArray:
    """The CRPS of the distribution that interpolates the quantiles (closed form).

    Parameters
    ----------
    truth : array_like, shape (n,)
    quantiles : array_like, shape (n, K)
        Predictive quantiles, not decreasing along a row.
    levels : sequence of float, length K
        Strictly increasing levels in (0, 1).

    Returns
    -------
    numpy.ndarray, shape (n,)

    Raises
    ------
    InvalidInputError, InvalidOptionError
        As :func:`scalinglaws.scoring.pinball_loss`.
    """
    y = as_truth(truth)
    tau = as_levels(levels)
    q = as_quantiles(quantiles, tau, y.size)
    yc = y[:, None]
    # Flat tails: Q = q_1 on (0, tau_1), Q = q_K on (tau_K, 1).
    d_low, d_high = q[:, 0] - y, q[:, -1] - y
    low = d_low * (tau[0] * (d_low > 0) - tau[0] ** 2 / 2)
    high = d_high * ((1 - tau[-1]) * (d_high > 0) - (1 - tau[-1] ** 2) / 2)
    total = low + high
    if tau.size > 1:
        t0, t1 = tau[:-1][None, :], tau[1:][None, :]
        q0, q1 = q[:, :-1], q[:, 1:]
        slope = (q1 - q0) / (t1 - t0)
        with np.errstate(divide="ignore", invalid="ignore"):
            cross = np.where(slope > 0, t0 + (yc - q0) / slope, np.where(q0 > yc, t0, t1))
        cross = np.clip(cross, t0, t1)
        # Below the crossing Q <= y (indicator 0), above it Q >= y (indicator 1).
        offset = q0 - yc  # Q - y at each segment's first level t0
        below = _segment(t0, cross, t0, offset, slope, 0.0)
        above = _segment(cross, t1, t0, offset, slope, 1.0)
        total = total + np.sum(below + above, axis=1)
    return np.asarray(2.0 * total, dtype=np.float64)


def _segment(
    u: FloatArray,
    v: FloatArray,
    t0: FloatArray,
    offset: FloatArray,
    slope: FloatArray,
    indicator: float,
) -> FloatArray:
    """int_u^v (indicator - tau) (Q(tau) - y) dtau with Q - y = offset + slope (tau - t0).

    The integrand is quadratic in tau, so Simpson's rule is exact.
    """
    middle = (u + v) / 2
    total = (indicator - u) * (offset + slope * (u - t0))
    total = total + 4 * (indicator - middle) * (offset + slope * (middle - t0))
    total = total + (indicator - v) * (offset + slope * (v - t0))
    return np.asarray((v - u) / 6 * total, dtype=np.float64)


def quantile_cdf(points: Any, quantiles: Any, levels: Any, *, side: str = "right") -> FloatArray:
    """The CDF of the interpolated quantile distribution at ``points``.

    Parameters
    ----------
    points : array_like, shape (n,) or (n, m)
        Where to evaluate, one row per forecast.
    quantiles : array_like, shape (n, K)
        The forecasts' quantiles, increasing along each row.
    levels : array_like, shape (K,)
        Their levels in (0, 1).
    side : {"right", "left"}, default "right"
        ``"right"`` gives F(x) = P(X <= x); ``"left"`` the left limit P(X < x).

    Returns
    -------
    numpy.ndarray
        F at each point, the shape of `points`.
    """
    tau = as_levels(levels)
    q = np.asarray(quantiles, dtype=np.float64)
    x = np.asarray(points, dtype=np.float64)
    column = x.ndim == 1
    grid = x[:, :, None] if not column else x[:, None, None]
    knots = q[:, None, :]
    count = np.sum(knots <= grid if side == "right" else knots < grid, axis=2)  # (n, m)
    k = np.clip(count, 1, tau.size - 1) if tau.size > 1 else np.ones_like(count)
    rows = np.arange(q.shape[0])[:, None]
    if tau.size > 1:
        lo, hi = q[rows, k - 1], q[rows, k]
        t_lo, t_hi = tau[k - 1], tau[k]
        span = hi - lo
        with np.errstate(divide="ignore", invalid="ignore"):
            inner = t_lo + (t_hi - t_lo) * np.where(span > 0, (grid[..., 0] - lo) / span, 1.0)
    else:
        inner = np.full(count.shape, tau[0])
    value = np.where(count == 0, 0.0, np.where(count >= tau.size, 1.0, inner))
    return np.asarray(value[:, 0] if column else value, dtype=np.float64)


def pit_quantiles(
    truth: Any, quantiles: Any, levels: Any, *, rng: RandomLike | None = None
) -> FloatArray:
    """PIT values F(y) of quantile forecasts, F interpolated as in :func:`crps_quantiles`.

    Beyond the outer quantiles the interpolated distribution has atoms (mass
    tau_1 at q_1, 1 - tau_K at q_K), so an observation below q_1 has
    F(y-) = F(y) = 0 and one at q_1 falls in [0, tau_1]; ``rng`` draws
    uniformly in [F(y-), F(y)] (randomised PIT), ``None`` takes the midpoint.

    Parameters
    ----------
    truth : array_like, shape (n,)
        The observed values.
    quantiles : array_like, shape (n, K)
        The forecasts' quantiles, increasing along each row.
    levels : array_like, shape (K,)
        Their levels tau_1 < ... < tau_K in (0, 1).
    rng : int, numpy.random.Generator, optional
        Draws the randomised PIT; None takes the midpoint.

    Returns
    -------
    numpy.ndarray, shape (n,)
        Values in [0, 1].

    Raises
    ------
    InvalidInputError
        Misaligned shapes or non-finite values.
    """
    y = as_truth(truth)
    tau = as_levels(levels)
    q = as_quantiles(quantiles, tau, y.size)
    left = quantile_cdf(y, q, tau, side="left")
    right = quantile_cdf(y, q, tau, side="right")
    return _between(left, right, rng)


def crps_samples(truth: Any, samples: Any) -> FloatArray:
    """The CRPS of the empirical distribution of ``samples`` for each truth.

    E|X - y| - E|X - X'| / 2 over the m samples of each row (Gneiting & Raftery
    2007, eq. 21), computed by ``scoringrules.crps_ensemble``.

    Parameters
    ----------
    truth : array_like, shape (n,)
        The observed values.
    samples : array_like, shape (n, m)
        m samples of each forecast.

    Returns
    -------
    numpy.ndarray, shape (n,)
        The CRPS of each forecast.

    Raises
    ------
    InvalidInputError
        Misaligned shapes, non-finite values, no samples.

    References
    ----------
    .. [1] Gneiting, T. & Raftery, A. E. (2007). Strictly proper scoring rules,
       prediction, and estimation. JASA 102(477), 359-378.
    """
    y = as_truth(truth)
    draws = _samples(samples, y.size)
    import scoringrules as sr  # imported on first use: 0.2 s that `import scalinglaws` skips

    return np.asarray(sr.crps_ensemble(y, draws, estimator="nrg"), dtype=np.float64)


def pit_samples(truth: Any, samples: Any, *, rng: RandomLike | None = None) -> FloatArray:
    """PIT values of sample forecasts: the share of samples below y, ties shared out.

    F(y-) = mean(samples < y) and F(y) = mean(samples <= y); ``rng`` draws
    uniformly between them (randomised PIT for counts, Czado et al. 2009),
    ``None`` takes the midpoint.

    Parameters
    ----------
    truth : array_like, shape (n,)
        The observed values.
    samples : array_like, shape (n, m)
        m samples of each forecast.
    rng : int, numpy.random.Generator, optional
        Draws the randomised PIT; None takes the midpoint.

    Returns
    -------
    numpy.ndarray, shape (n,)
        Values in [0, 1].

    References
    ----------
    .. [1] Czado, C., Gneiting, T. & Held, L. (2009). Predictive model assessment for
       count data. Biometrics 65(4), 1254-1261.
    """
    y = as_truth(truth)
    draws = _samples(samples, y.size)
    left = np.mean(draws < y[:, None], axis=1)
    right = np.mean(draws <= y[:, None], axis=1)
    return _between(left, right, rng)


def _between(left: FloatArray, right: FloatArray, rng: RandomLike | None) -> FloatArray:
    if rng is None:
        return np.asarray((left + right) / 2, dtype=np.float64)
    draw = as_generator(rng).uniform(size=left.shape)
    return np.asarray(left + draw * (right - left), dtype=np.float64)


def _samples(samples: Any, n: int) -> FloatArray:
    try:
        draws = np.asarray(samples, dtype=np.float64)
    except (TypeError, ValueError):
        raise InvalidInputError("samples: the values are not all numbers.") from None
    if draws.ndim == 1 and n == 1:
        draws = draws[None, :]
    if draws.ndim != 2 or draws.shape[0] != n or draws.shape[1] == 0:
        raise InvalidInputError(
            f"samples: expected shape ({n}, m) with m >= 1 samples per observed value, got "
            f"{draws.shape}; check that forecasts and truths are aligned."
        )
    if not np.isfinite(draws).all():
        raise InvalidInputError(
            f"samples: {int((~np.isfinite(draws)).sum())} value(s) are NaN or infinite; "
            "drop failed simulations first."
        )
    return draws
