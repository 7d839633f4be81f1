"""Synthetic growth curves to pretrain the Transformer forecaster on: seeded and reproducible.

Every series is drawn by :func:`synthetic_series` in three steps, each a pure
function of its own generator ``numpy.random.default_rng((seed, i))`` (so series
``i`` is the same whatever the number of series asked for):

1. **a family and its mean curve** (:data:`FAMILIES`) on a grid of random length,
   with a random time unit (the growth per step spans slow census-like to fast
   daily epidemic dynamics) and a random window onto the curve (early, at the
   peak, late):

   ==============  ===========================================================
   logistic        C = K / (1 + exp(-r (t - tm)))          (Verhulst 1838)
   gompertz        C = K exp(-exp(-r (t - tm)))             (Gompertz 1825)
   richards        C = K (1 + a exp(-a r (t - tm)))^(-1/a)  (Richards 1959)
   ggm             dC/dt = r C^p                            (Viboud et al. 2016)
   phases          exponential growth, plateaus and declines: log-linear pieces
   multiwave       a sum of 2-5 logistic waves of incidence at random times
   seasonal        b exp(A cos(2 pi t / P + phi) + trend t), P in weeks, months...
   city            a population: logistic/Gompertz/exponential levels with jumps
                   (annexation: x1.05-1.6; redefinition: x0.6-0.95), declines
   ==============  ===========================================================

   and, where :mod:`scalinglaws.formulas` has them, GLM, GRM, sub-epidemic waves,
   SIR and SEIR (:data:`ODE_FAMILIES`);
2. **what is observed** (:mod:`scalinglaws.forecasters._observe`): the
   incidence (the per-step increments of C) or the running total C, with
   Poisson, negative-binomial or multiplicative log-normal noise;
3. **reporting artefacts**: weekly cycles, zeros with the backlog reported the
   next step, single-step spikes, downward revisions of running totals.

Values are non-negative floats; the absolute scale is log-uniform over seven
decades. The forecaster never sees the absolute scale (it scales each context,
:mod:`scalinglaws.forecasters.bins`), only shapes and noise.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from scalinglaws._types import FloatArray
from scalinglaws._validate import check_number
from scalinglaws.forecasters._observe import observe
from scalinglaws.formulas import growth as laws

__all__ = ["FAMILIES", "SyntheticSeries", "synthetic_series"]

Curve = tuple[FloatArray, str]  # (mean curve, "cumulative" | "incidence" | "level")


@dataclass(frozen=True)
class SyntheticSeries:
    """One synthetic series: its values (>= 0) and how they were made."""

    values: FloatArray
    family: str
    kind: str  # "incidence", "cumulative" or "level"


def _log_uniform(rng: np.random.Generator, low: float, high: float) -> float:
    return float(np.exp(rng.uniform(np.log(low), np.log(high))))


def _window(rng: np.random.Generator, n: int, rate: float) -> FloatArray:
    """A random window of n + 1 grid times around an inflection at 0.

    The window is placed at random: before the take-off, through it, or on the plateau.
    """
    spread = 4.0 / rate  # the main growth lasts about 8 / rate
    start = rng.uniform(-1.2 * spread - 0.6 * n, 1.2 * spread - 0.2 * n)
    return np.asarray(start + np.arange(n + 1), dtype=np.float64)


def _law_curve(rng: np.random.Generator, n: int, law: str) -> Curve:
    rate = _log_uniform(rng, 0.01, 1.0)  # per step
    size = _log_uniform(rng, 20.0, 2e7)
    t = _window(rng, n, rate)
    if law == "logistic":
        cumulative = laws.logistic(t, size, rate, 0.0)
    elif law == "gompertz":
        cumulative = laws.gompertz(t, size, rate, 0.0)
    elif law == "richards":
        cumulative = laws.richards(t, size, rate, 0.0, _log_uniform(rng, 0.2, 5.0))
    else:  # ggm: sub-exponential growth from C0 over the whole window
        p = rng.uniform(0.3, 1.0)
        c0 = _log_uniform(rng, 1.0, 1e4)
        t = np.arange(n + 1, dtype=np.float64)
        r = rate * c0 ** (1.0 - p)  # the early relative growth rate is r C0^(p-1) = rate
        with np.errstate(over="ignore", invalid="ignore"):
            cumulative = np.minimum(laws.ggm(t, c0, r, p), 1e12)
    return cumulative, "cumulative"


def _phases(rng: np.random.Generator, n: int) -> Curve:
    """Log-linear pieces: exponential growth, plateaus (slope 0) and declines."""
    pieces = int(rng.integers(1, 5))
    cuts = np.sort(rng.choice(np.arange(1, n), size=min(pieces - 1, n - 1), replace=False))
    slopes = rng.normal(0.0, _log_uniform(rng, 0.005, 0.2), size=pieces)
    slopes[rng.random(pieces) < 0.25] = 0.0
    per_step = np.repeat(slopes, np.diff(np.concatenate([[0], cuts, [n]])))
    log_level = np.log(_log_uniform(rng, 1.0, 1e6)) + np.concatenate([[0.0], np.cumsum(per_step)])
    return np.exp(np.clip(log_level[1:], -20.0, 30.0)), "incidence"


def _multiwave(rng: np.random.Generator, n: int) -> Curve:
    waves = int(rng.integers(2, 6))
    t = np.arange(n, dtype=np.float64)
    incidence = np.full(n, _log_uniform(rng, 0.01, 10.0))
    for _ in range(waves):
        size = _log_uniform(rng, 50.0, 1e6)
        rate = _log_uniform(rng, 0.03, 0.8)
        peak = rng.uniform(-0.2 * n, 1.2 * n)
        z = np.clip(rate * (t - peak), -60.0, 60.0)
        incidence += size * rate * np.exp(-z) / (1.0 + np.exp(-z)) ** 2  # dC/dt of a logistic
    return incidence, "incidence"


def _seasonal(rng: np.random.Generator, n: int) -> Curve:
    period = float(rng.choice([12.0, 26.0, 52.0, 365.0]))
    t = np.arange(n, dtype=np.float64)
    amplitude = rng.uniform(0.2, 2.5) * np.exp(rng.normal(0.0, 0.3, size=n // int(period) + 2))
    yearly = np.repeat(amplitude, int(period))[:n]
    trend = rng.normal(0.0, 1.0) / n  # up to a few-fold over the series
    phase = rng.uniform(0.0, 2.0 * np.pi)
    log_level = yearly * np.cos(2.0 * np.pi * t / period + phase) + trend * t
    return _log_uniform(rng, 1.0, 1e5) * np.exp(log_level), "incidence"


def _city(rng: np.random.Generator, n: int) -> Curve:
    """A population: S-curve (or exponential) levels, jumps, sometimes a decline."""
    rate = _log_uniform(rng, 0.02, 0.6)
    size = _log_uniform(rng, 3e3, 1e7)
    t = _window(rng, n, rate)[1:]
    shape = rng.choice(["logistic", "gompertz", "exponential"])
    if shape == "logistic":
        level = laws.logistic(t, size, rate, 0.0)
    elif shape == "gompertz":
        level = laws.gompertz(t, size, rate, 0.0)
    else:
        level = laws.exponential(np.arange(n, dtype=np.float64), size / 100.0, rate / 5.0)
    level = np.maximum(level, 1e-3 * size)
    if rng.random() < 0.3:  # deindustrialisation: a steady decline from some point on
        start = int(rng.integers(0, n))
        level[start:] *= np.exp(-_log_uniform(rng, 0.005, 0.1) * np.arange(n - start))
    for _ in range(int(rng.poisson(0.8))):  # annexations and redefinitions
        at = int(rng.integers(1, n))
        factor = rng.uniform(1.05, 1.6) if rng.random() < 0.75 else rng.uniform(0.6, 0.95)
        level[at:] *= factor
    return level, "level"


#: name -> curve maker ``(rng, n) -> (curve, kind)``.
FAMILIES: dict[str, Callable[[np.random.Generator, int], Curve]] = {
    "logistic": lambda rng, n: _law_curve(rng, n, "logistic"),
    "gompertz": lambda rng, n: _law_curve(rng, n, "gompertz"),
    "richards": lambda rng, n: _law_curve(rng, n, "richards"),
    "ggm": lambda rng, n: _law_curve(rng, n, "ggm"),
    "phases": _phases,
    "multiwave": _multiwave,
    "seasonal": _seasonal,
    "city": _city,
}


def _length(rng: np.random.Generator, family: str, min_length: int, max_length: int) -> int:
    if family == "city" and rng.random() < 0.6:  # censuses: decades, so short series
        return int(rng.integers(min(min_length, 8), min(max_length, 30) + 1))
    return round(_log_uniform(rng, min_length, max_length))


def one_series(
    seed: int, index: int, *, min_length: int = 16, max_length: int = 640
) -> SyntheticSeries:
    """Series ``index`` of the stream seeded by ``seed`` (see the module docstring)."""
    rng = np.random.default_rng((seed, index))
    names = list(FAMILIES)
    family = names[int(rng.integers(len(names)))]
    n = _length(rng, family, min_length, max_length)
    curve, kind = FAMILIES[family](rng, n)
    values = observe(rng, np.asarray(curve, dtype=np.float64), kind)
    return SyntheticSeries(values[-n:], family, kind)


def synthetic_series(
    n_series: int, *, seed: int = 0, start: int = 0, min_length: int = 16, max_length: int = 640
) -> list[SyntheticSeries]:
    """Series ``start .. start + n_series - 1`` of the synthetic stream seeded by ``seed``.

    Parameters
    ----------
    n_series : int
        How many series.
    seed : int
        The stream; series ``i`` depends on ``(seed, i)`` only.
    start : int
        Index of the first series (disjoint index ranges give disjoint sets).
    min_length, max_length : int
        Bounds of the log-uniform series length (census-like city series may
        be shorter than ``min_length``: 8-30 points).

    Returns
    -------
    list of SyntheticSeries

    Raises
    ------
    InvalidOptionError
        A count or length below 1, or ``max_length < min_length``.
    """
    count = int(check_number(n_series, "n_series", low=1, integer=True))
    first = int(check_number(start, "start", low=0, integer=True))
    low = int(check_number(min_length, "min_length", low=8, integer=True))
    high = int(check_number(max_length, "max_length", low=low, integer=True))
    return [
        one_series(seed, i, min_length=low, max_length=high) for i in range(first, first + count)
    ]
