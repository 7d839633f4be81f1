"""Seeded simulations with known truth for checking predictive coverage.

Shared by ``tests/test_calibration.py`` (a few hundred series) and
``benchmarks/coverage_predictive.py`` (500 per case). Each function simulates one
series from a correctly specified model, fits it, asks for the predictive
quantiles of an observation not yet seen, draws that observation, and returns
whether it fell inside the central 50% and 95% intervals (one pair of Bernoulli
trials per series, independent across series).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable

import numpy as np

import scalinglaws as sl
from scalinglaws.errors import FitWarning
from scalinglaws.formulas import growth as growth_law

#: The central intervals checked and the quantile levels that bound them.
LEVELS = (0.025, 0.25, 0.75, 0.975)
NOMINAL = {"50%": ("q0.25", "q0.75", 0.50), "95%": ("q0.025", "q0.975", 0.95)}
Trial = Callable[[int], dict[str, bool]]


def _inside(table: object, truth: float, row: int = 0) -> dict[str, bool]:
    frame = table  # a predictive DataFrame
    return {
        name: bool(frame[low].iloc[row] <= truth <= frame[high].iloc[row])  # type: ignore[index]
        for name, (low, high, _) in NOMINAL.items()
    }


def logistic_poisson(seed: int, *, horizon: int = 3, n_boot: int = 200) -> dict[str, bool]:
    """Cumulative counts whose daily increments are Poisson around a logistic curve
    (K = 5000, r = 0.2, tm = 30, days 1..40; the first count is Poisson(C(1))), fitted
    with ``errors="poisson"``; the cumulative count `horizon` days later is forecast."""
    rng = np.random.default_rng(seed)
    t = np.arange(1.0, 41.0 + horizon)
    counts = np.cumsum(rng.poisson(np.diff(growth_law.logistic(t, 5000.0, 0.2, 30.0), prepend=0.0)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FitWarning)
        fit = sl.fit_growth(t[:40], counts[:40], law="logistic", errors="poisson")
    table = fit.predict_quantiles([t[39 + horizon]], LEVELS, n_boot=n_boot, rng=seed, workers=1)
    return _inside(table, float(counts[39 + horizon]))


def power_lognormal(seed: int, *, method: str = "analytic") -> dict[str, bool]:
    """y = 2 x^0.75 e^e, e ~ N(0, 0.3^2), 30 points log-uniform on [1, 1e3], fitted by
    ``ols_log``; a new y at x = 3e3 (beyond the data) is predicted."""
    rng = np.random.default_rng(seed)
    x = np.exp(rng.uniform(0.0, np.log(1e3), 31))
    x[-1] = 3e3
    y = 2.0 * x**0.75 * np.exp(rng.normal(0.0, 0.3, x.size))
    fit = sl.fit_relation(x[:-1], y[:-1])
    if method == "bootstrap":
        fit = fit.with_bootstrap(200, rng=seed, workers=1)
    table = fit.predict_quantiles([x[-1]], LEVELS, method=method)
    return _inside(table, float(y[-1]))


def power_offset_huber(seed: int, *, method: str = "analytic") -> dict[str, bool]:
    """A learning curve L = 1.8 + 40 D^-0.3 with log-normal scatter (sd 0.02) at 16
    log-spaced D in [1e6, 1e9], fitted with the papers' Huber loss; the loss of a new
    run at D = 3e9 is predicted."""
    rng = np.random.default_rng(seed)
    d = np.append(np.geomspace(1e6, 1e9, 16), 3e9)
    loss = (1.8 + 40.0 * d**-0.3) * np.exp(rng.normal(0.0, 0.02, d.size))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FitWarning)
        fit = sl.fit_neural(np.ones(16), d[:-1], loss[:-1], form="power_offset", variable="D")
        if method == "bootstrap":
            fit = fit.with_bootstrap(200, rng=seed, workers=1)
    table = fit.predict_quantiles([d[-1]], quantiles=LEVELS, method=method)
    return _inside(table, float(loss[-1]))


def coverage(trial: Trial, seeds: range) -> dict[str, float]:
    """The share of series whose new observation fell inside each central interval."""
    hits = [trial(seed) for seed in seeds]
    return {name: float(np.mean([h[name] for h in hits])) for name in NOMINAL}


def tolerance(nominal: float, count: int, z: float = 3.29) -> float:
    """z binomial standard errors of a coverage estimate from `count` independent series:
    z sqrt(p (1 - p) / count), with z = 3.29 a two-sided 0.1% band."""
    return z * float(np.sqrt(nominal * (1.0 - nominal) / count))
