"""Backtest protocols: score what a method would have predicted, against what came later.

* :func:`rolling_origin` (time series): at each origin, fit on the data up to
  it (or its last ``window`` points), forecast steps 1..h, keep the forecasts
  whose truth is known. "Horizon h" is the h-th step ahead, never the average
  of steps 1..h.
* :func:`holdout_largest` (neural families): fit all but the largest model
  sizes, predict their final loss (Choshen et al. 2025).
* :func:`extrapolation_split` (learning curves): fit x <= cutoff, predict
  beyond (Alabdulmohsin et al. 2022).
* :func:`holdout_top` (relations): fit the lower part of the x range, predict
  the top ``fraction``.

:func:`score_backtest` scores a forecast table per horizon and pooled.
Everything is seeded: the same inputs and ``rng`` give the same table.
"""

from scalinglaws.backtest.holdout import (
    Holdout,
    extrapolation_split,
    holdout_largest,
    holdout_top,
)
from scalinglaws.backtest.rolling import Forecaster, rolling_origin, score_backtest

__all__ = [
    "Forecaster",
    "Holdout",
    "extrapolation_split",
    "holdout_largest",
    "holdout_top",
    "rolling_origin",
    "score_backtest",
]
