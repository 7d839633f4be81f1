"""How a synthetic mean curve is observed: noise and reporting artefacts.

``observe(rng, curve, kind)`` turns the mean of a series into what a
surveillance system or a census would report:

* ``kind="cumulative"``: ``curve`` is C at n + 1 times; its increments are the
  mean incidence, reported either per step (65%) or as a running total (35%);
* ``kind="incidence"``: ``curve`` is the mean incidence at n times, reported per
  step (85%) or as a running total (15%);
* ``kind="level"``: a size such as a population, observed with small
  multiplicative error (census error: 0.1-3%).

Incidence noise: Poisson counts (35%), negative-binomial counts (35%; the
gamma-Poisson mixture with size k log-uniform in [1, 200]; variance
mu + mu^2/k), multiplicative log-normal noise (20%; sigma in [0.02, 0.5], mean
preserved) or none (10%). Artefacts, each independently: a weekly cycle
(day-of-week factors with mean 1) on 25% of series, zeros whose count is
reported with the next step (backlogs) on 10%, one spike (a data dump, x2-6)
on 5%, and on running totals a downward revision (a correction of 0.1-5% that
stays) on 10%.
"""

from __future__ import annotations

import numpy as np

from scalinglaws._types import FloatArray

__all__ = ["observe"]

#: Largest mean count drawn from (numpy's Poisson needs lam < ~1e18).
MAX_MEAN = 1e12


def _noisy_counts(rng: np.random.Generator, mean: FloatArray) -> FloatArray:
    mean = np.clip(mean, 0.0, MAX_MEAN)
    draw = rng.random()
    if draw < 0.35:
        return rng.poisson(mean).astype(np.float64)
    if draw < 0.70:
        k = float(np.exp(rng.uniform(0.0, np.log(200.0))))
        return rng.poisson(mean * rng.gamma(k, 1.0 / k, size=mean.size)).astype(np.float64)
    if draw < 0.90:
        sigma = rng.uniform(0.02, 0.5)
        return np.asarray(mean * np.exp(rng.normal(-0.5 * sigma**2, sigma, size=mean.size)))
    return np.asarray(mean)


def _weekly_cycle(rng: np.random.Generator, mean: FloatArray) -> FloatArray:
    factors = np.exp(rng.normal(0.0, rng.uniform(0.05, 0.5), size=7))
    factors /= factors.mean()
    return np.asarray(mean * np.resize(np.roll(factors, int(rng.integers(7))), mean.size))


def _backlogs(rng: np.random.Generator, counts: FloatArray) -> FloatArray:
    out = counts.copy()
    gaps = np.flatnonzero(rng.random(out.size - 1) < rng.uniform(0.02, 0.15))
    for i in gaps:  # in order, so a run of gaps carries its backlog forward
        out[i + 1] += out[i]
        out[i] = 0.0
    return out


def observe(rng: np.random.Generator, curve: FloatArray, kind: str) -> FloatArray:
    """Observed values (>= 0) of the mean ``curve`` of ``kind`` (see the module docstring)."""
    if kind == "level":
        error = rng.uniform(0.001, 0.03)
        return np.asarray(curve * np.exp(rng.normal(0.0, error, size=curve.size)))
    if kind == "cumulative":
        base, mean, totals = float(curve[0]), np.maximum(np.diff(curve), 0.0), rng.random() < 0.35
    else:
        base, mean, totals = 0.0, np.maximum(curve, 0.0), rng.random() < 0.15
    if rng.random() < 0.25:
        mean = _weekly_cycle(rng, mean)
    counts = _noisy_counts(rng, mean)
    if rng.random() < 0.10:
        counts = _backlogs(rng, counts)
    if rng.random() < 0.05:
        counts[int(rng.integers(counts.size))] *= rng.uniform(2.0, 6.0)
    if not totals:
        return counts
    values = np.round(base) + np.cumsum(counts)
    if rng.random() < 0.10:
        at = int(rng.integers(values.size))
        values[at:] -= rng.uniform(0.001, 0.05) * values[at]
    return np.asarray(np.maximum(values, 0.0), dtype=np.float64)
