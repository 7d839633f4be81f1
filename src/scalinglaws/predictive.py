"""Predictive distributions as quantile tables: one shape for every family that predicts.

``predict_quantiles`` (relations, neural laws, frontiers) and ``forecast`` /
``predict_quantiles`` (growth) all return a DataFrame whose first columns are
the inputs (``x``, ``t``, ``N`` and ``D``, or ``C``), then ``mean``, ``median``
and one column per level named by :func:`scalinglaws.quantiles.quantile_column`
(``q0.01`` ... ``q0.99``). This module builds those tables and computes the
quantiles of the distributions the families use:

* a normal or Student-t distribution (closed form),
* a finite mixture of normals with a common scale (bootstrap replicates of the
  mean plus observation noise), inverted by a safeguarded Newton iteration,
* a mixture of Poisson distributions (counts), inverted by integer bisection,
* Monte Carlo draws (``numpy.quantile``).

The point forecast of every table is its ``median``: the Bayes act under absolute
error and the centre of the weighted interval score (Gneiting 2011), and unlike the
mean it commutes with monotone transforms (exp of a log-scale median is the median).

References
----------
Gneiting, T. (2011). Making and evaluating point forecasts. *JASA* 106(494), 746-762.
Bracher, J., Ray, E. L., Gneiting, T. & Reich, N. G. (2021). Evaluating epidemic
forecasts in an interval format. *PLoS Comput. Biol.* 17(2), e1008618.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import special, stats

from scalinglaws._types import FloatArray
from scalinglaws._validate import check_level
from scalinglaws.errors import FitError, InvalidOptionError
from scalinglaws.quantiles import check_quantiles, quantile_column

__all__ = [
    "IntervalKind",
    "central_interval",
    "central_levels",
    "lognormal_poisson_quantiles",
    "mixture_quantiles",
    "normal_quantiles",
    "poisson_mixture_quantiles",
    "quantile_frame",
    "sample_quantiles",
    "with_central",
]

#: What a predictive interval covers: ``"confidence"``, the fitted law alone;
#: ``"prediction"``, a new observation (the law's uncertainty plus the scatter about it).
IntervalKind = Literal["confidence", "prediction"]

#: Gauss-Hermite nodes for a normal parameter uncertainty inside a count model.
HERMITE_NODES = 40
#: Mixtures are evaluated in blocks of inputs so that (components x inputs x levels)
#: stays below this many values (about 16 MB of float64).
BLOCK_VALUES = 2_000_000


def _blocks(components: int, inputs: int, levels: int) -> list[slice]:
    width = max(1, BLOCK_VALUES // max(1, components * levels))
    return [slice(start, start + width) for start in range(0, inputs, width)]


def central_levels(level: float) -> tuple[float, float]:
    """The two quantile levels of the central `level` interval.

    Parameters
    ----------
    level : float
        The coverage, in (0, 1).

    Returns
    -------
    tuple of float
        ``((1 - level) / 2, (1 + level) / 2)``, e.g. 0.025 and 0.975 for 0.95.
    """
    tail = (1.0 - check_level(level)) / 2.0
    return round(tail, 12), round(1.0 - tail, 12)


def with_central(quantiles: Iterable[float], level: float | None) -> tuple[float, ...]:
    """`quantiles` checked, with the central `level` interval's levels added when missing.

    Parameters
    ----------
    quantiles : iterable of float
        Quantile levels, strictly increasing in (0, 1).
    level : float or None
        A central coverage whose two ends must be present; None adds nothing.

    Returns
    -------
    tuple of float
        The sorted levels.

    Raises
    ------
    InvalidOptionError
        When a level is outside (0, 1) or the levels are not increasing.
    """
    levels = check_quantiles(quantiles)
    if level is None:
        return levels
    extra = [q for q in central_levels(level) if not np.isclose(levels, q, atol=1e-12).any()]
    return tuple(sorted((*levels, *extra)))


def central_interval(
    table: pd.DataFrame, level: float | None = None
) -> tuple[FloatArray, FloatArray]:
    """The lower and upper ends of a predictive table's central `level` interval.

    Parameters
    ----------
    table : pandas.DataFrame
        A predictive table (:func:`quantile_frame`) with ``q<level>`` columns.
    level : float, optional
        The central coverage in (0, 1); defaults to ``table.attrs["level"]`` (set by
        ``forecast(level=...)``), else 0.95.

    Returns
    -------
    lower, upper : numpy.ndarray
        The ``q(1-level)/2`` and ``q(1+level)/2`` columns, one value per row.

    Raises
    ------
    InvalidOptionError
        When the table has no quantile columns for that level.
    """
    chosen = table.attrs.get("level") if level is None else level
    low, high = central_levels(0.95 if chosen is None else float(chosen))
    columns = [quantile_column(low), quantile_column(high)]
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise InvalidOptionError(
            f"the predictive table has no {' / '.join(missing)} column(s) for the central "
            f"{chosen if chosen is not None else 0.95:g} interval; ask for those levels with "
            "quantiles=... (or level=... in forecast)."
        )
    return (
        table[columns[0]].to_numpy(dtype=np.float64),
        table[columns[1]].to_numpy(dtype=np.float64),
    )


def quantile_frame(
    inputs: Mapping[str, Any],
    mean: npt.ArrayLike,
    median: npt.ArrayLike,
    values: npt.ArrayLike,
    levels: tuple[float, ...],
) -> pd.DataFrame:
    """The predictive table: input columns, ``mean``, ``median``, then one column per level.

    Parameters
    ----------
    inputs : mapping of str to array_like
        The input columns (``x``, ``t``, ``N``, ``D``, ...), each of length m.
    mean : array_like, shape (m,)
        The predictive mean at each row.
    median : array_like, shape (m,)
        The predictive median at each row.
    values : array_like, shape (m, k)
        The quantiles, one column per level.
    levels : tuple of float
        The k levels, increasing (columns named by :func:`.quantiles.quantile_column`).

    Returns
    -------
    pandas.DataFrame
        m rows: the inputs, ``mean``, ``median``, ``q0.01`` ... in level order.

    Raises
    ------
    FitError
        When a row's quantiles decrease with the level (a bug, never silently sorted).
    """
    block = np.asarray(values, dtype=np.float64).reshape(-1, len(levels))
    steps = np.diff(block, axis=1)
    if (steps < 0).any():
        row, col = (int(i[0]) for i in np.nonzero(steps < 0))
        raise FitError(
            f"predictive quantiles decrease between levels {levels[col]:g} and "
            f"{levels[col + 1]:g} at row {row}; please report this as a bug."
        )
    columns: dict[str, Any] = dict(inputs)
    columns["mean"] = np.asarray(mean, dtype=np.float64).reshape(-1)
    columns["median"] = np.asarray(median, dtype=np.float64).reshape(-1)
    for j, level in enumerate(levels):
        columns[quantile_column(level)] = block[:, j]
    table = pd.DataFrame(columns)
    table.attrs["quantiles"] = list(levels)
    return table


def normal_quantiles(
    center: npt.ArrayLike, scale: npt.ArrayLike, levels: Iterable[float], df: float | None = None
) -> FloatArray:
    """Quantiles of center + scale * Z, Z standard normal (or Student t on `df`).

    Parameters
    ----------
    center : array_like, shape (m,)
        The means.
    scale : array_like, shape (m,) or scalar
        The standard deviations (non-negative).
    levels : iterable of float
        The quantile levels, in (0, 1).
    df : float, optional
        Degrees of freedom of a Student t; None for the normal.

    Returns
    -------
    numpy.ndarray, shape (m, k)
        The quantiles, one column per level.
    """
    probs = np.asarray(tuple(levels), dtype=np.float64)
    z = stats.norm.ppf(probs) if df is None else stats.t.ppf(probs, df)
    c = np.asarray(center, dtype=np.float64).reshape(-1, 1)
    s = np.asarray(scale, dtype=np.float64).reshape(-1, 1)
    return np.asarray(c + s * z[None, :], dtype=np.float64)


def sample_quantiles(draws: npt.ArrayLike, levels: Iterable[float]) -> FloatArray:
    """Quantiles of Monte Carlo draws, by linear interpolation.

    Parameters
    ----------
    draws : array_like, shape (B, m)
        B draws at each of m points.
    levels : iterable of float
        The quantile levels, in (0, 1).

    Returns
    -------
    numpy.ndarray, shape (m, k)
        The quantiles, one column per level.
    """
    values = np.asarray(draws, dtype=np.float64)
    return np.asarray(np.quantile(values, tuple(levels), axis=0).T, dtype=np.float64)


def mixture_quantiles(
    centers: npt.ArrayLike, scale: npt.ArrayLike, levels: Iterable[float]
) -> FloatArray:
    """Quantiles of the equal-weight mixture (1/B) sum_b N(centers[b], scale^2).

    The mixture CDF F(x) = mean_b Phi((x - c_b) / s) is inverted by Newton steps kept
    inside the bracket [min_b c_b + s z_q, max_b c_b + s z_q], which contains the
    quantile because every component's q-quantile does; a step leaving the bracket is
    replaced by bisection. With ``scale = 0`` the mixture is the sample of centers.

    Parameters
    ----------
    centers : array_like, shape (B, m)
        The component means: one row per bootstrap replicate, one column per point.
    scale : array_like, shape (m,) or scalar
        The common standard deviation s of the components (observation noise).
    levels : iterable of float
        The quantile levels, in (0, 1).

    Returns
    -------
    numpy.ndarray, shape (m, k)
        The quantiles, one column per level.
    """
    c = np.asarray(centers, dtype=np.float64)  # (B, m)
    probs = np.asarray(tuple(levels), dtype=np.float64)
    s = np.broadcast_to(np.asarray(scale, dtype=np.float64), (c.shape[1],))
    out = np.empty((c.shape[1], probs.size))
    flat = s <= 0
    if flat.any():
        out[flat] = sample_quantiles(c[:, flat], probs)
    wide = np.flatnonzero(~flat)
    for part in _blocks(c.shape[0], wide.size, probs.size):
        cols = wide[part]
        out[cols] = _normal_mixture(c[:, cols], s[cols], probs)
    return out


def _normal_mixture(c: FloatArray, s: FloatArray, probs: FloatArray) -> FloatArray:
    z = stats.norm.ppf(probs)[None, :]  # (1, k)
    sd = s[:, None]  # (m, 1)
    lo = c.min(axis=0)[:, None] + sd * z  # (m, k)
    hi = c.max(axis=0)[:, None] + sd * z
    x = c.mean(axis=0)[:, None] + sd * z
    for _ in range(100):
        u = (x[None, :, :] - c[:, :, None]) / sd[None, :, :]  # (B, m, k)
        cdf = special.ndtr(u).mean(axis=0) - probs[None, :]
        pdf = np.exp(-0.5 * u * u).mean(axis=0) / (sd * np.sqrt(2.0 * np.pi))
        lo = np.where(cdf < 0, x, lo)
        hi = np.where(cdf > 0, x, hi)
        with np.errstate(divide="ignore", invalid="ignore"):
            step = x - cdf / pdf
        inside = np.isfinite(step) & (step >= lo) & (step <= hi)
        done = np.abs(cdf) < 1e-12
        x = np.where(done, x, np.where(inside, step, 0.5 * (lo + hi)))
        if np.all(done | (hi - lo <= 1e-12 * (1.0 + np.abs(x)))):
            break
    return np.asarray(x, dtype=np.float64)


def poisson_mixture_quantiles(
    means: npt.ArrayLike, levels: Iterable[float], weights: npt.ArrayLike | None = None
) -> FloatArray:
    """Quantiles of the mixture sum_b w_b Poisson(means[b]) of counts.

    The q-quantile is the smallest integer k with F(k) >= q, found by bisection
    between the smallest and largest component quantiles (the mixture's lies between).

    Parameters
    ----------
    means : array_like, shape (B, m)
        The Poisson means of each component (one row per replicate) at each point.
    levels : iterable of float
        The quantile levels, in (0, 1).
    weights : array_like, shape (B,), optional
        Component weights summing to 1; equal weights when None.

    Returns
    -------
    numpy.ndarray, shape (m, k)
        Whole-number quantiles, one column per level.
    """
    mu = np.maximum(np.asarray(means, dtype=np.float64), 0.0)  # (B, m)
    probs = np.asarray(tuple(levels), dtype=np.float64)
    w = (
        np.full(mu.shape[0], 1.0 / mu.shape[0])
        if weights is None
        else np.asarray(weights, dtype=np.float64) / np.sum(weights)
    )
    out = np.empty((mu.shape[1], probs.size))
    for part in _blocks(mu.shape[0], mu.shape[1], probs.size):
        out[part] = _poisson_mixture(mu[:, part], probs, w)
    return out


def _poisson_mixture(mu: FloatArray, probs: FloatArray, w: FloatArray) -> FloatArray:
    # Bracket each level between the components' Cornish-Fisher quantiles
    # mu + z sqrt(mu) + (z^2 - 1) / 6, widened, then checked: F(lo - 1) < q <= F(hi).
    z = special.ndtri(probs)[None, None, :]
    root = np.sqrt(mu)[:, :, None]
    approx = mu[:, :, None] + z * root + (z * z - 1.0) / 6.0
    margin = 3.0 + 0.25 * root
    lo = np.maximum(np.floor((approx - margin).min(axis=0)), 0.0)
    hi = np.ceil((approx + margin).max(axis=0))

    def cdf(k: FloatArray) -> FloatArray:
        values = special.pdtr(k[None, :, :], mu[:, :, None])
        return np.asarray(np.einsum("b,bmk->mk", w, values), dtype=np.float64)

    lo = np.where(cdf(lo - 1.0) >= probs[None, :], 0.0, lo)
    while np.any(short := cdf(hi) < probs[None, :]):
        hi = np.where(short, 2.0 * hi + 10.0, hi)
    while np.any(lo < hi):
        mid = np.floor(0.5 * (lo + hi))
        enough = cdf(mid) >= probs[None, :]
        hi = np.where(enough & (lo < hi), mid, hi)
        lo = np.where(~enough & (lo < hi), mid + 1.0, lo)
    return np.asarray(lo, dtype=np.float64)


def lognormal_poisson_quantiles(
    log_mean: npt.ArrayLike, log_sd: npt.ArrayLike, levels: Iterable[float]
) -> FloatArray:
    """Quantiles of Poisson(exp(eta)) counts with eta ~ N(log_mean, log_sd^2).

    The normal is integrated by Gauss-Hermite quadrature (:data:`HERMITE_NODES` nodes).

    Parameters
    ----------
    log_mean : array_like, shape (m,)
        The mean of eta (log of the Poisson mean) at each point.
    log_sd : array_like, shape (m,)
        The standard deviation of eta at each point (parameter uncertainty).
    levels : iterable of float
        The quantile levels, in (0, 1).

    Returns
    -------
    numpy.ndarray, shape (m, k)
        Whole-number quantiles, one column per level.
    """
    nodes, weights = np.polynomial.hermite_e.hermegauss(HERMITE_NODES)
    eta = np.asarray(log_mean, dtype=np.float64)[None, :]
    sd = np.asarray(log_sd, dtype=np.float64)[None, :]
    with np.errstate(over="ignore"):
        means = np.exp(eta + sd * nodes[:, None])
    return poisson_mixture_quantiles(means, levels, weights)
