"""Score a table of quantile forecasts against the truth, and summarise the scores.

A forecast table has one row per forecast, its identifying columns (e.g.
``location``, ``origin``, ``horizon``) and one column per predictive quantile
named as in :mod:`scalinglaws.quantiles` (``q0.01`` ... ``q0.99``). The truth
is either a ``truth`` column of the same table, or a separate table joined on
``keys``; a forecast without its truth, or a truth given twice, raises.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from scalinglaws.errors import EmptyDataError, InvalidInputError
from scalinglaws.quantiles import HUB_QUANTILES, quantile_columns
from scalinglaws.scoring._arrays import as_levels, as_quantiles, as_truth
from scalinglaws.scoring.distribution import pit_quantiles
from scalinglaws.scoring.quantile import central_interval, weighted_interval_score

__all__ = ["COVERAGE_WIDTHS", "attach_truth", "score_forecasts", "summarise_scores"]

#: The central intervals whose coverage the hubs report.
COVERAGE_WIDTHS = (0.5, 0.8, 0.95)


def attach_truth(
    forecasts: pd.DataFrame, truth: pd.DataFrame, *, keys: Sequence[str], value: str = "value"
) -> pd.DataFrame:
    """``forecasts`` with a ``truth`` column taken from ``truth[value]``, joined on ``keys``.

    Parameters
    ----------
    forecasts : pandas.DataFrame
        The forecasts, with the `keys` columns.
    truth : pandas.DataFrame
        The observations, with the `keys` columns and `value`.
    keys : sequence of str
        The columns that identify an observation (location, date, target...).
    value : str, default "value"
        The column of observed values.

    Returns
    -------
    pandas.DataFrame
        A copy of `forecasts` with ``truth``.

    Raises
    ------
    InvalidInputError
        A key missing from either table, a truth given twice for the same key,
        or a forecast whose truth is missing (dates or locations that do not match).
    """
    for name, table, columns in (
        ("forecasts", forecasts, keys),
        ("truth", truth, [*keys, value]),
    ):
        missing = [c for c in columns if c not in table.columns]
        if missing:
            raise InvalidInputError(
                f"{name}: column(s) {', '.join(missing)} are missing; have "
                f"{', '.join(map(str, table.columns))}."
            )
    repeated = truth.duplicated(list(keys))
    if repeated.any():
        row = truth.loc[repeated, list(keys)].iloc[0].to_dict()
        raise InvalidInputError(
            f"truth: {int(repeated.sum())} key(s) appear twice (first {row}); give each "
            f"({', '.join(keys)}) one observed value."
        )
    joined = forecasts.merge(
        truth[[*keys, value]].rename(columns={value: "truth"}), on=list(keys), how="left"
    )
    absent = joined["truth"].isna()
    if absent.any():
        row = joined.loc[absent, list(keys)].iloc[0].to_dict()
        raise InvalidInputError(
            f"truth: {int(absent.sum())} forecast(s) have no observed value (first {row}); "
            "the forecast and truth tables are misaligned: check the dates, locations and "
            "targets, or drop forecasts beyond the last observation."
        )
    return joined


def score_forecasts(
    forecasts: pd.DataFrame, *, levels: Sequence[float] = HUB_QUANTILES
) -> pd.DataFrame:
    """Per-forecast scores of a table with a ``truth`` column and quantile columns.

    Parameters
    ----------
    forecasts : pandas.DataFrame
        One row per forecast: ``truth``, ``q<level>`` columns and identifying columns.
    levels : sequence of float, default HUB_QUANTILES
        The quantile levels to score (symmetric around the median).

    Returns
    -------
    pandas.DataFrame
        The identifying columns (every column that is not a quantile, ``mean`` or
        ``median``) with ``wis``, ``ae_median`` (|median - truth|), ``inside50`` /
        ``inside80`` / ``inside95`` (1 when the truth lies in the central 50% / 80% /
        95% interval) and ``pit`` (midpoint PIT of the interpolated quantiles).

    Raises
    ------
    EmptyDataError
        No forecasts.
    InvalidInputError
        A missing ``truth`` or quantile column, non-finite values, crossing quantiles.
    InvalidOptionError
        Levels outside (0, 1) or not symmetric around the median.
    """
    tau = as_levels(levels)
    columns = quantile_columns(tau)
    missing = [c for c in ["truth", *columns] if c not in forecasts.columns]
    if missing:
        raise InvalidInputError(
            f"forecasts: column(s) {', '.join(missing[:4])}{' ...' if len(missing) > 4 else ''} "
            "are missing; a forecast table needs a truth column and one column per level "
            "(scalinglaws.quantiles.quantile_columns(levels))."
        )
    if forecasts.empty:
        raise EmptyDataError("forecasts: no rows; there is nothing to score.")
    truth = as_truth(forecasts["truth"].to_numpy(), "truth")
    q = as_quantiles(forecasts[columns].to_numpy(dtype=np.float64), tau, truth.size)
    ident = [c for c in forecasts.columns if c not in {*columns, "truth", "mean", "median"}]
    out = forecasts[ident].reset_index(drop=True).copy()
    out["truth"] = truth
    out["wis"] = weighted_interval_score(truth, q, tau)
    median = q[:, int(np.argmin(np.abs(tau - 0.5)))]  # present: the WIS above requires it
    out["ae_median"] = np.abs(median - truth)
    for width in COVERAGE_WIDTHS:
        lower, upper = central_interval(q, tau, width)
        out[f"inside{round(width * 100)}"] = ((truth >= lower) & (truth <= upper)).astype(float)
    out["pit"] = pit_quantiles(truth, q, tau)
    return out


def summarise_scores(scores: pd.DataFrame, by: Sequence[str] = ()) -> pd.DataFrame:
    """Mean scores per group of ``by`` (all rows pooled when empty), with the count ``n``.

    Parameters
    ----------
    scores : pandas.DataFrame
        The table of :func:`score_forecasts`.
    by : sequence of str, default ()
        The grouping columns (``horizon``, ``model``, ...).

    Returns
    -------
    pandas.DataFrame
        Columns ``by``, ``n``, ``wis``, ``ae_median``, ``cov50``, ``cov95``.
    """
    metrics = {"wis": "wis", "ae_median": "ae_median", "cov50": "inside50", "cov95": "inside95"}
    if scores.empty:
        raise EmptyDataError("scores: no rows to summarise.")
    groups = scores.groupby(list(by), sort=True) if by else scores.groupby(lambda _: "all")
    table = groups.agg(
        n=("wis", "size"), **{name: (column, "mean") for name, column in metrics.items()}
    )
    return table
