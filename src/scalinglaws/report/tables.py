"""Tables of the report: parameters with intervals, and each kind's own outcomes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from scalinglaws.growth import GrowthFit
from scalinglaws.neural import IsoflopFit, NeuralFit
from scalinglaws.relations import RelationFit
from scalinglaws.report.words import fmt
from scalinglaws.results import FitResult
from scalinglaws.tails import TailFit

__all__ = ["Table", "parameter_table", "tables_for"]

#: Forecast tables longer than this show evenly spaced rows (always the last one).
MAX_ROWS = 15


@dataclass(frozen=True)
class Table:
    """A table of a report section: title, column names, rows of text and a caption."""

    title: str
    columns: list[str]
    rows: list[list[str]]
    caption: str = ""


def tables_for(result: FitResult, extras: Mapping[str, Any]) -> list[Table]:
    """The parameter table, then the tables of the result's kind.

    A forecast's own tables are :func:`scalinglaws.report.forecast_section.forecast_tables`.
    """
    out = [parameter_table(result)]
    if isinstance(result, TailFit) and result.comparisons:
        out.append(_comparisons(result))
    elif isinstance(result, RelationFit):
        comparison = extras.get("comparison")
        if isinstance(comparison, Mapping) and comparison.get("table"):
            out.append(_law_comparison(comparison))
    elif isinstance(result, GrowthFit):
        out += _growth(result, extras)
    elif isinstance(result, NeuralFit):
        rows = extras.get("compute_optimal")
        if isinstance(rows, list) and rows:
            out.append(_compute_optimal(rows))
    elif isinstance(result, IsoflopFit):
        table = result.table()
        out.append(
            Table(
                "IsoFLOP minima per budget",
                ["C", "runs", "N_opt", "D_opt", "loss at minimum"],
                [
                    [fmt(r.C, ".3g"), str(r.runs), fmt(r.N_opt), fmt(r.D_opt), fmt(r.loss)]
                    for r in table.itertuples(index=False)
                ],
                "— marks a budget without a minimum (too few sizes or no curvature).",
            )
        )
    return out


def parameter_table(result: FitResult) -> Table:
    """The parameter table: estimate, standard error and 95% interval.

    One row per parameter; the interval is the bootstrap's when the result holds replicates,
    with the analytic interval beside it.
    """
    intervals = result.conf_int(0.95)
    stderr = result.stderr
    names = list(result.params) + [n for n in intervals.index if n not in result.params]
    estimates = intervals["estimate"].to_numpy(dtype=float)
    point = {**result.params, **dict(zip(map(str, intervals.index), estimates, strict=True))}
    analytic = None if result.boot is None else result.conf_int(0.95, method="analytic")
    columns = ["parameter", "estimate", "std. error", "95% interval"]
    if analytic is not None:
        columns.append("analytic 95% interval")
    rows = []
    for name in names:
        row = [str(name), fmt(point[name]), fmt(stderr.get(name)), _row_span(intervals, name)]
        if analytic is not None:
            row.append(_row_span(analytic, name))
        rows.append(row)
    caption = _interval_note(result)
    return Table("Parameters", columns, rows, caption)


def _row_span(table: Any, name: str) -> str:
    if name not in table.index:
        return "—"
    return f"{fmt(table.at[name, 'lower'])} to {fmt(table.at[name, 'upper'])}"


def _interval_note(result: FitResult) -> str:
    if isinstance(result, TailFit) and result.boot is not None:
        return f"Percentile intervals of {result.boot.n_ok} bootstrap replicates of the data."
    if isinstance(result, TailFit):
        return "x_min is chosen by the KS scan (or fixed); it has no standard error here."
    if isinstance(result, RelationFit) and result.boot is not None:
        return f"Pairs-bootstrap intervals ({result.boot.n_ok} replicates)."
    if isinstance(result, NeuralFit):
        if result.boot is None:
            return (
                "Asymptotic intervals (Huber's M-estimator covariance at the optimum); "
                "no bootstrap replicates were saved."
            )
        return f"Percentile intervals of {result.boot.n_ok} bootstrap replicates over runs."
    if isinstance(result, GrowthFit):
        if result.boot is not None:
            return f"95% parametric-bootstrap intervals ({result.boot.n_ok} replicates)."
        return "95% Wald intervals on the log/logit scale, mapped back."
    if isinstance(result, IsoflopFit):
        if result.boot is not None:
            return f"Percentile intervals of {result.boot.n_ok} bootstrap replicates."
        return "OLS standard errors of the power laws through the IsoFLOP minima."
    return ""


def _comparisons(fit: TailFit) -> Table:
    rows = [
        [
            c.alternative.replace("_", " ") + (" (nested)" if c.nested else ""),
            fmt(c.statistic, "+.3f"),
            fmt(c.p_value, ".3f"),
            "neither" if c.preferred is None else c.preferred.replace("_", " "),
        ]
        for c in fit.comparisons
    ]
    return Table(
        "Likelihood-ratio tests",
        ["alternative", "LR", "p", "favoured"],
        rows,
        "LR > 0 favours the power law (normalised for non-nested alternatives); "
        "p ≤ 0.1 is significant (Clauset et al. 2009).",
    )


def _law_comparison(comparison: Mapping[str, Any]) -> Table:
    rows = [
        [
            str(row.get("law")),
            str(row.get("n_params")),
            fmt(row.get("aic"), ".2f"),
            fmt(row.get("delta_aic"), ".2f"),
            fmt(row.get("bic"), ".2f"),
            fmt(row.get("extrapolation_rmse")),
        ]
        for row in comparison["table"]
        if isinstance(row, Mapping)
    ]
    return Table(
        "Laws compared",
        ["law", "k", "AIC", "ΔAIC", "BIC", "extrapolation RMSE"],
        rows,
        str(comparison.get("verdict", "")),
    )


def _growth(fit: GrowthFit, extras: Mapping[str, Any]) -> list[Table]:
    out = []
    derived = fit.derived(0.95)
    if len(derived):
        out.append(
            Table(
                "Derived quantities",
                ["quantity", "estimate", "95% interval"],
                [
                    [str(name).replace("_", " "), fmt(r["estimate"]), _span(r)]
                    for name, r in derived.iterrows()
                ],
                "Times in the units of t (days for dates).",
            )
        )
    forecast = extras.get("forecast")
    records = forecast.get("records") if isinstance(forecast, Mapping) else None
    if isinstance(forecast, Mapping) and isinstance(records, list) and records:
        picks = np.unique(np.linspace(0, len(records) - 1, min(len(records), MAX_ROWS)).round())
        level = fmt(float(forecast.get("level", 0.95)) * 100, ".0f")
        point = _point(records[0])
        out.append(
            Table(
                f"Forecast ({level}% prediction band)",
                ["t", point, "lower", "upper"],
                [_forecast_row(records[int(i)]) for i in picks],
                f"{forecast.get('n_boot', '?')} parametric-bootstrap replicates, "
                f"seed {forecast.get('seed', '?')}.",
            )
        )
    return out


def _span(row: Any) -> str:
    return f"{fmt(row['lower'])} to {fmt(row['upper'])}"


def _point(record: Any) -> str:
    """The point forecast of a saved record.

    The median (saved since the predictive tables), else the mean of older saves.
    """
    return "median" if isinstance(record, Mapping) and "median" in record else "mean"


def _forecast_row(record: Mapping[str, Any]) -> list[str]:
    t = record["t"]
    when = t[:10] if isinstance(t, str) else fmt(t)
    return [when, fmt(record[_point(record)]), fmt(record["lower"]), fmt(record["upper"])]


def _compute_optimal(rows: list[Any]) -> Table:
    keys = ("N_opt", "D_opt", "tokens_per_param", "loss")
    out = []
    for row in rows:
        if not isinstance(row, Mapping):
            continue
        cells = [fmt(row.get("C"), ".3g")]
        for key in keys:
            text = fmt(row.get(key))
            if f"{key}_lower" in row:
                text += f" ({fmt(row[f'{key}_lower'], '.3g')} to {fmt(row[f'{key}_upper'], '.3g')})"
            cells.append(text)
        out.append(cells)
    return Table(
        "Compute-optimal allocation",
        ["C", "N_opt", "D_opt", "tokens per parameter", "loss"],
        out,
        "Hoffmann et al. (2022, eq. 4); bootstrap intervals in brackets when saved.",
    )
