"""Forecast-level checks of a trained forecaster on series it never saw.

* :func:`validation_scores`: from one random origin of each held-out
  synthetic series (indices from
  :data:`~scalinglaws.forecasters.transformer_data.VALIDATION_START` on, of a
  stream never trained on), forecast ``horizon`` steps with the forecaster and
  with the hubs' ``naive`` baseline; per step: WIS divided by the mean
  absolute value of the context and the future together (so seven decades of
  scale weigh alike, and a series that explodes after a quiet context does
  not outweigh all others), and whether the
  50% and 95% central intervals hold the truth. This is the measurement the
  tokenization and the model size were chosen by.
* :func:`logistic_series` and :func:`logistic_coverage`: seeded logistic
  epidemics (incidence or running totals with Poisson counts) and the share of
  their future values inside the forecaster's 95% intervals (issue 13's
  calibration check: within 10 points of 95%).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from scalinglaws._types import FloatArray
from scalinglaws.forecasters.naive import naive
from scalinglaws.forecasters.synthetic import synthetic_series
from scalinglaws.forecasters.transformer import forecast_paths, sample_forecast
from scalinglaws.forecasters.transformer_data import VALIDATION_START
from scalinglaws.forecasters.transformer_io import Loaded
from scalinglaws.formulas.growth import logistic
from scalinglaws.quantiles import HUB_QUANTILES, quantile_columns
from scalinglaws.scoring import central_interval, weighted_interval_score

__all__ = [
    "EVALUATION_START",
    "logistic_coverage",
    "logistic_hits",
    "logistic_series",
    "validation_scores",
]

LEVELS = np.asarray(HUB_QUANTILES)
#: First series index of the held-out forecasts of :func:`validation_scores`
#: (after the validation-loss series, never trained on).
EVALUATION_START = VALIDATION_START + 10_000


def _step_scores(
    quantiles: FloatArray, truth: FloatArray, scale: float
) -> dict[str, npt.NDArray[Any]]:
    """Scaled WIS and 50%/95% hits per step of quantiles (h, 23) against truth (h,)."""
    wis = weighted_interval_score(truth, quantiles, LEVELS) / scale
    low50, high50 = central_interval(quantiles, LEVELS, 0.5)
    low95, high95 = central_interval(quantiles, LEVELS, 0.95)
    return {
        "wis": wis,
        "in50": (truth >= low50) & (truth <= high50),
        "in95": (truth >= low95) & (truth <= high95),
    }


def validation_scores(
    loaded: Loaded,
    *,
    n_series: int = 300,
    horizon: int = 16,
    seed: int = 0,
    n_paths: int = 200,
    min_context: int = 8,
) -> pd.DataFrame:
    """Scaled WIS and interval hits of the forecaster and of naive on held-out series.

    One row per (series, step h): ``family, kind, context, h, wis, in50, in95,
    naive_wis, naive_in50, naive_in95``. Series shorter than ``min_context +
    horizon`` or with a constant context are skipped.
    """
    made = synthetic_series(n_series, seed=seed, start=EVALUATION_START)
    rng = np.random.default_rng((seed, 1))
    rows = []
    for index, series in enumerate(made):
        values = series.values
        if values.size < min_context + horizon:
            continue
        cut = int(rng.integers(min_context, values.size - horizon + 1))
        context, truth = values[:cut], values[cut : cut + horizon]
        if np.all(context == context[0]):
            continue
        scale = float(np.mean(np.abs(np.concatenate([context, truth])))) or 1.0
        draws = sample_forecast(context, horizon, n_paths=n_paths, rng=rng, loaded=loaded)
        ours = _step_scores(np.quantile(draws, LEVELS, axis=0).T, truth, scale)
        base = naive(np.arange(float(cut)), context, horizon, rng=rng)
        theirs = _step_scores(base[quantile_columns()].to_numpy(), truth, scale)
        for h in range(horizon):
            rows.append(
                {
                    "series": index,
                    "family": series.family,
                    "kind": series.kind,
                    "context": cut,
                    "h": h + 1,
                    **{key: value[h] for key, value in ours.items()},
                    **{f"naive_{key}": value[h] for key, value in theirs.items()},
                }
            )
    return pd.DataFrame(rows)


def logistic_series(
    n_series: int, *, seed: int, horizon: int
) -> list[tuple[FloatArray, FloatArray]]:
    """(context, future) pairs of seeded logistic epidemics with Poisson counts.

    Final size K log-uniform on [1e3, 1e6], rate r on [0.05, 0.4] per step,
    the origin between 10 steps before and 10 after the inflection, 20-80
    steps of context; even series report incidence, odd ones running totals.
    """
    out = []
    for i in range(n_series):
        rng = np.random.default_rng((seed, i))
        size = float(np.exp(rng.uniform(np.log(1e3), np.log(1e6))))
        rate = rng.uniform(0.05, 0.4)
        length = int(rng.integers(20, 81))
        origin = rng.uniform(-10.0, 10.0)
        t = origin - length + np.arange(length + horizon + 1, dtype=np.float64)
        counts = rng.poisson(np.diff(logistic(t, size, rate, 0.0))).astype(np.float64)
        values = (
            counts if i % 2 == 0 else np.cumsum(counts) + np.floor(logistic(t[0], size, rate, 0.0))
        )
        out.append((values[:length], values[length:]))
    return out


def logistic_hits(
    loaded: Loaded,
    *,
    n_series: int,
    seed: int,
    horizon: int = 10,
    n_paths: int = 200,
    totals_as_given: bool = False,
) -> npt.NDArray[np.bool_]:
    """Whether each of :func:`logistic_series` falls inside its 95% interval.

    Series i is scored at one step only, h = 1 + (i mod ``horizon``), so the
    hits are independent Bernoulli draws (a binomial count, for tests). Even
    series are incidence, odd ones running totals, forecast through their
    increments (``cumulative=True``) unless ``totals_as_given`` (the totals
    read as a plain series, as the first shipped forecaster did).
    """
    rng = np.random.default_rng((seed, 2))
    pairs = logistic_series(n_series, seed=seed, horizon=horizon)
    hits = np.zeros(len(pairs), dtype=bool)
    for i, (context, future) in enumerate(pairs):
        h = i % horizon
        total = i % 2 == 1 and not totals_as_given
        draws, _ = forecast_paths(
            context, h + 1, cumulative=total, n_paths=n_paths, rng=rng, loaded=loaded
        )
        low, high = np.quantile(draws[:, h], [0.025, 0.975])
        hits[i] = low <= future[h] <= high
    return hits


def logistic_coverage(
    loaded: Loaded, *, n_series: int, seed: int, horizon: int = 10, n_paths: int = 200
) -> tuple[int, int]:
    """How many logistic series fall inside the 95% interval, of how many.

    (hits, forecasts): how many of :func:`logistic_series` fall inside the 95% interval
    (:func:`logistic_hits`, running totals through their increments).
    """
    hits = logistic_hits(loaded, n_series=n_series, seed=seed, horizon=horizon, n_paths=n_paths)
    return int(hits.sum()), int(hits.size)
