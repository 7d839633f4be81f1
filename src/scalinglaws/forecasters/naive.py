"""The hubs' baseline: the last value carried forward, with a spread from past changes.

The COVID-19 Forecast Hubs' baseline (COVIDhub-baseline in the US,
EuroCOVIDhub-baseline in Europe; the ``quantile_baseline`` of the Reich lab's
``covidModels`` R package) forecasts incidence as follows:

1. the one-step changes d_i = y_i - y_{i-1} of the past (all of them, or the
   last ``window``) are *symmetrised*: the set {d_i} union {-d_i}, so the
   forecast has no trend;
2. horizon 1: y_last plus the quantiles of that set (type-7 interpolation,
   taken on an evenly spaced grid of ``n_samples`` quantiles);
3. horizon h > 1: a random walk, the grid permuted and added once per step,
   then shifted so that its median is y_last again;
4. every sample is floored at zero (incidence cannot be negative) and the
   predictive quantiles are read off the samples.

The median is therefore always the last value (flat line), and the spread
grows with the horizon. The permutations are the only randomness: ``rng``
seeds them, so a forecast is reproducible.

For a running total (``cumulative=True``) the baseline forecasts the increments
y_i - y_{i-1} as above and adds each sample path up from the last total, as the
US hub's baseline does for cumulative deaths: the total keeps growing at the last
step's increase.

References
----------
Cramer, E. Y. et al. (2022). *PNAS* 119(15), e2113561119 (the baseline, Methods).
Sherratt, K. et al. (2023). *eLife* 12, e81916 (EuroCOVIDhub-baseline).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from scalinglaws._validate import as_series, check_number
from scalinglaws.errors import InsufficientDataError
from scalinglaws.quantiles import HUB_QUANTILES, check_quantiles, quantile_columns
from scalinglaws.uncertainty import RandomLike, as_generator

__all__ = ["naive"]


def naive(
    t: Any,
    y: Any,
    horizon: int,
    quantiles: Sequence[float] = HUB_QUANTILES,
    *,
    window: int | None = None,
    n_samples: int = 10_000,
    floor: float | None = 0.0,
    cumulative: bool = False,
    rng: RandomLike = 0,
) -> pd.DataFrame:
    """Forecast ``horizon`` steps with the hubs' baseline (see the module docstring).

    Parameters
    ----------
    t : array_like
        Equally spaced increasing times of ``y``; forecasts are for
        t_last + step * h, h = 1..horizon, with step the median spacing.
    y : array_like
        The observed series (incidence per step, or a level such as a population).
    horizon : int
        Steps ahead; row h of the result is step h (not an average over 1..h).
    quantiles : sequence of float
        Levels of the predictive quantiles (default the hubs' 23).
    window : int, optional
        Use only the last ``window`` one-step changes (default: all).
    n_samples : int
        Size of the evenly spaced quantile grid / of the random walk.
    floor : float or None
        Lower bound of every sample (0 for counts; None for none); for a running
        total, the lower bound of every increment.
    cumulative : bool
        ``y`` is a running total: forecast its increments and add them up.
    rng : int, Generator or None
        Seeds the permutations of the random walk.

    Returns
    -------
    DataFrame
        ``t, mean, median`` and one column per level (``q0.01`` ...), one row per step.

    Raises
    ------
    InvalidInputError
        Mismatched lengths, non-finite values, unsorted times.
    InsufficientDataError
        Fewer than two observations (three for a running total): no change to
        learn the spread from.
    """
    levels = check_quantiles(quantiles)
    times, values = as_series(t, y)
    steps = int(check_number(horizon, "horizon", low=1, integer=True))
    draws = int(check_number(n_samples, "n_samples", low=2, integer=True))
    series = np.diff(values) if cumulative else values
    changes = np.diff(series)
    if window is not None:
        changes = changes[-int(check_number(window, "window", low=1, integer=True)) :]
    if changes.size == 0:
        need = 3 if cumulative else 2
        raise InsufficientDataError(
            f"y: {values.size} observation(s) give no one-step change to learn the spread "
            f"from; the naive forecast needs at least {need}."
        )
    last = float(series[-1])
    symmetric = np.concatenate([changes, -changes])
    grid = np.quantile(symmetric, np.linspace(0.0, 1.0, draws))
    generator = as_generator(rng)
    samples = np.empty((steps, draws))
    walk = last + grid
    samples[0] = walk
    for step in range(1, steps):
        walk = walk + generator.permutation(grid)
        samples[step] = walk - (np.median(walk) - last)
    if floor is not None:
        samples = np.maximum(samples, float(floor))
    if cumulative:  # each column is one path of increments
        samples = values[-1] + np.cumsum(samples, axis=0)
    spacing = float(np.median(np.diff(times))) if times.size > 1 else 1.0
    values_at = np.quantile(samples, levels, axis=1)  # (K, steps)
    columns = {
        "t": times[-1] + spacing * np.arange(1, steps + 1),
        "mean": samples.mean(axis=1),
        "median": np.median(samples, axis=1),
        **dict(zip(quantile_columns(levels), values_at, strict=True)),
    }
    return pd.DataFrame(columns)
