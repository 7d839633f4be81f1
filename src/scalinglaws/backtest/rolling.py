"""Rolling-origin evaluation of a forecaster on one time series.

At each origin i the forecaster sees (t[:i+1], y[:i+1]) (or only the last
``window`` of them), forecasts steps 1..horizon, and each forecast whose time
is observed is kept beside its truth. Step h is scored as step h: the table
has one row per (origin, h), so scores "at horizon 4" are those of the fourth
step ahead alone, never a mean over steps 1..4 (some toolboxes report the
latter; the hubs and this toolkit do not).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from scalinglaws._types import FloatArray
from scalinglaws._validate import as_series, check_number
from scalinglaws.errors import EmptyDataError, InvalidInputError, ScalingLawError
from scalinglaws.quantiles import HUB_QUANTILES, check_quantiles, quantile_columns
from scalinglaws.scoring.table import score_forecasts, summarise_scores
from scalinglaws.uncertainty import RandomLike, as_generator

__all__ = ["Forecaster", "rolling_origin", "score_backtest"]

Forecaster = Callable[..., pd.DataFrame]
"""``(t, y, horizon, quantiles) -> DataFrame`` with columns ``t, mean, median, q...``,
one row per step 1..horizon. A forecaster that takes a keyword ``rng`` gets its own
seeded generator per origin."""


def rolling_origin(
    t: Any,
    y: Any,
    forecaster: Forecaster,
    *,
    horizon: int,
    origins: Sequence[int] | None = None,
    window: int | None = None,
    min_train: int = 3,
    quantiles: Sequence[float] = HUB_QUANTILES,
    rng: RandomLike = 0,
) -> pd.DataFrame:
    """Forecasts from every origin beside the values observed later.

    Parameters
    ----------
    t, y : array_like
        The series: strictly increasing times and the values.
    forecaster : callable
        ``forecaster(t, y, horizon, quantiles)`` returning ``t, mean, median,
        q...`` for steps 1..horizon (see :data:`Forecaster`).
    horizon : int
        Steps ahead to forecast from each origin.
    origins : sequence of int, optional
        Positions of the last observation available at each origin; default
        every position from ``min_train - 1`` to the second-to-last.
    window : int, optional
        Fit on the last ``window`` observations only (default: all up to the origin).
    min_train : int, default 3
        The fewest observations a forecaster is given.
    quantiles : sequence of float, default HUB_QUANTILES
        The quantile levels asked of the forecaster.
    rng : int, Generator or None
        Seeds the child generator of each origin (for forecasters with ``rng``).

    Returns
    -------
    DataFrame
        One row per scored forecast: ``origin`` (time of the last observation
        used), ``horizon`` (step h), ``t``, ``truth``, ``mean``, ``median`` and
        the quantile columns. ``attrs["failures"]`` lists ``(origin, message)``
        for origins where the forecaster raised a ScalingLawError.

    Raises
    ------
    InvalidInputError
        Mismatched lengths, unsorted times, origins outside the series.
    EmptyDataError
        When no origin leaves both data to fit and a later value to score.
    """
    levels = check_quantiles(quantiles)
    times, values = as_series(t, y)
    steps = int(check_number(horizon, "horizon", low=1, integer=True))
    least = int(check_number(min_train, "min_train", low=1, integer=True))
    span = None if window is None else int(check_number(window, "window", low=1, integer=True))
    positions = _origins(origins, least, times.size)
    generators = as_generator(rng).spawn(len(positions))
    takes_rng = "rng" in inspect.signature(forecaster).parameters
    columns = quantile_columns(levels)
    rows: list[pd.DataFrame] = []
    failures: list[tuple[float, str]] = []
    for position, generator in zip(positions, generators, strict=True):
        start = 0 if span is None else max(0, position + 1 - span)
        train_t, train_y = times[start : position + 1], values[start : position + 1]
        extra = {"rng": generator} if takes_rng else {}
        try:
            table = forecaster(train_t, train_y, steps, levels, **extra)
        except ScalingLawError as exc:
            failures.append((float(times[position]), str(exc)))
            continue
        rows.append(_align(table, times, values, position, steps, columns))
    if not rows:
        if failures:
            raise EmptyDataError(
                f"rolling_origin: the forecaster failed at all {len(failures)} origins; "
                f"the first said: {failures[0][1]}"
            )
        raise EmptyDataError("rolling_origin: no origin has a later value to score.")
    result = pd.concat(rows, ignore_index=True)
    result.attrs["failures"] = failures
    return result


def _origins(origins: Sequence[int] | None, least: int, n: int) -> list[int]:
    if origins is None:
        positions = list(range(least - 1, n - 1))
    else:
        positions = [int(p) for p in origins]
        bad = [p for p in positions if p < least - 1 or p >= n - 1]
        if bad:
            raise InvalidInputError(
                f"origins: position {bad[0]} leaves fewer than min_train={least} points to "
                f"fit or nothing to score; choose positions from {least - 1} to {n - 2}."
            )
    if not positions:
        raise EmptyDataError(
            f"rolling_origin: a series of {n} values has no origin with min_train={least} "
            "points before it and one after it."
        )
    return positions


def _align(
    table: pd.DataFrame,
    times: FloatArray,
    values: FloatArray,
    position: int,
    steps: int,
    columns: list[str],
) -> pd.DataFrame:
    """The forecast rows of one origin whose step is observed, with truth and horizon."""
    needed = ["mean", "median", *columns]
    missing = [c for c in needed if c not in table.columns]
    if missing or len(table) != steps:
        raise InvalidInputError(
            f"forecaster: returned {len(table)} row(s) with columns "
            f"{', '.join(map(str, table.columns))}; expected {steps} rows (steps 1..{steps}) "
            f"with t, mean, median and {columns[0]} ... {columns[-1]}"
            + (f" (missing {', '.join(missing[:3])})" if missing else "")
            + "."
        )
    later = np.arange(position + 1, min(position + steps, times.size - 1) + 1)
    h = later - position
    out = table.iloc[h - 1][needed].reset_index(drop=True)
    out.insert(0, "truth", values[later])
    out.insert(0, "t", times[later])
    out.insert(0, "horizon", h)
    out.insert(0, "origin", times[position])
    return out


def score_backtest(
    forecasts: pd.DataFrame, *, levels: Sequence[float] = HUB_QUANTILES
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per-forecast scores and their summary per horizon plus a pooled ``all`` row.

    Parameters
    ----------
    forecasts : pandas.DataFrame
        The table of :func:`rolling_origin`.
    levels : sequence of float, default HUB_QUANTILES
        The quantile levels of its columns.

    Returns
    -------
    scores, summary : pandas.DataFrame
        See :func:`scalinglaws.scoring.score_forecasts` and
        :func:`scalinglaws.scoring.summarise_scores`.
    """
    scores = score_forecasts(forecasts, levels=levels)
    per_step = summarise_scores(scores, ["horizon"])
    pooled = summarise_scores(scores)
    pooled.index = pd.Index(["all"], name="horizon")
    per_step.index = per_step.index.astype(object)
    return scores, pd.concat([per_step, pooled])
