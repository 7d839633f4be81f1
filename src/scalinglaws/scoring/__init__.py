"""Proper scores of forecasts: point errors, quantile scores, CRPS, PIT and relative WIS.

Pure functions on numpy arrays (and, in :mod:`.table` and :mod:`.relative`,
DataFrames): ``truth`` has shape (n,), quantile forecasts (n, K) with one column
per level of ``levels`` (the hubs' 23 by default, :data:`HUB_QUANTILES`),
sample forecasts (n, m). Bad input (crossing quantiles, levels outside (0, 1),
misaligned forecasts and truths, empty or non-finite data) raises a
:mod:`scalinglaws.errors` exception naming the problem.

* point: :func:`absolute_relative_error`, :func:`mae`, :func:`mse`, :func:`rmse_log`
* quantile: :func:`pinball_loss`, :func:`interval_score`,
  :func:`weighted_interval_score` (the hubs' WIS, Bracher et al. 2021),
  :func:`central_interval`, :func:`coverage`
* distribution: :func:`crps_quantiles`, :func:`crps_samples`,
  :func:`pit_quantiles`, :func:`pit_samples`
* relative: :func:`relative_score`, :func:`pairwise_relative_scores`
  (Cramer et al. 2022)
* tables: :func:`attach_truth`, :func:`score_forecasts`, :func:`summarise_scores`
"""

from scalinglaws.quantiles import HUB_QUANTILES
from scalinglaws.scoring.distribution import (
    crps_quantiles,
    crps_samples,
    pit_quantiles,
    pit_samples,
    quantile_cdf,
)
from scalinglaws.scoring.point import absolute_relative_error, mae, mse, rmse_log
from scalinglaws.scoring.quantile import (
    central_interval,
    coverage,
    interval_score,
    pinball_loss,
    weighted_interval_score,
)
from scalinglaws.scoring.relative import pairwise_relative_scores, relative_score
from scalinglaws.scoring.table import attach_truth, score_forecasts, summarise_scores

wis = weighted_interval_score
"""Short name of :func:`weighted_interval_score`."""

__all__ = [
    "HUB_QUANTILES",
    "absolute_relative_error",
    "attach_truth",
    "central_interval",
    "coverage",
    "crps_quantiles",
    "crps_samples",
    "interval_score",
    "mae",
    "mse",
    "pairwise_relative_scores",
    "pinball_loss",
    "pit_quantiles",
    "pit_samples",
    "quantile_cdf",
    "relative_score",
    "rmse_log",
    "score_forecasts",
    "summarise_scores",
    "weighted_interval_score",
    "wis",
]
