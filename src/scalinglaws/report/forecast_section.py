"""The report's view of a :class:`~scalinglaws.forecast.Forecast`.

a plotly fan chart, the forecast and member tables, and its verdicts in words.

Only the stored quantiles are drawn (nothing is refitted): the bands are the
central 50%, 80% and 95% intervals read off the forecast's quantile function.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import plotly.graph_objects as go

from scalinglaws._words import fmt
from scalinglaws.forecast import Forecast
from scalinglaws.forecast._render import BANDS, describe, shown_steps
from scalinglaws.forecast._render import verdicts as forecast_verdicts
from scalinglaws.report.figures import DATA_COLOR, PALETTE, Figures, band, layout, rounded
from scalinglaws.report.tables import MAX_ROWS, Table

__all__ = ["forecast_figures", "forecast_tables", "forecast_verdicts"]

#: Fill of the bands, from the widest (lightest) to the narrowest.
_FILLS = ("rgba(99,110,250,0.15)", "rgba(99,110,250,0.25)", "rgba(99,110,250,0.4)")


def _times(fc: Forecast, t: np.ndarray[Any, Any]) -> list[Any]:
    if fc.axis.is_date:
        return [stamp.isoformat() for stamp in fc.axis.to_user(t)]
    return rounded(t)


def forecast_figures(fc: Forecast, extras: Mapping[str, Any] | None = None) -> Figures:
    """The fan chart.

    data, the 95/80/50% bands, the median, each member's median, and the values observed later when
    they were saved beside it (``extras["observed"]``: records ``t``, ``value``, ``label``).
    """
    t_fit, y_fit = fc.fitted
    times = _times(fc, fc.times)
    traces: list[go.Scatter] = []
    if t_fit.size < fc.t.size:
        early = slice(0, fc.t.size - t_fit.size)
        traces.append(
            go.Scatter(x=_times(fc, fc.t[early]), y=rounded(fc.y[early]), mode="markers",
                       marker={"size": 4, "color": "#bbbbbb"}, name="earlier data")
        )  # fmt: skip
    traces.append(
        go.Scatter(x=_times(fc, t_fit), y=rounded(y_fit), mode="markers",
                   marker={"size": 6, "color": DATA_COLOR}, name=f"data (n = {t_fit.size})")
    )  # fmt: skip
    for level, fill in zip(BANDS, _FILLS, strict=True):
        tail = (1.0 - level) / 2.0
        ends = fc.quantile_at([tail, 1.0 - tail])
        traces += band(times, ends[:, 0], ends[:, 1], f"{level:.0%} interval", fill)
    traces.append(
        go.Scatter(x=times, y=rounded(fc.median), mode="lines+markers",
                   line={"color": PALETTE[0], "width": 2}, name="median forecast")
    )  # fmt: skip
    for number, member in enumerate(m for m in fc.members if m.ok):
        traces.append(
            go.Scatter(
                x=times,
                y=rounded(member.median),
                mode="lines",
                line={"color": PALETTE[(number + 1) % len(PALETTE)], "dash": "dash", "width": 1},
                name=f"{member.name} (weight {member.weight:.2f})",
                visible="legendonly",
            )
        )
    observed = [r for r in (extras or {}).get("observed") or [] if isinstance(r, Mapping)]
    if observed:
        traces.append(
            go.Scatter(x=[r["t"] if fc.axis.is_date else rounded([r["t"]])[0] for r in observed],
                       y=rounded(r["value"] for r in observed), mode="markers",
                       marker={"size": 11, "color": "#d62728", "symbol": "x"},
                       name=str(observed[0].get("label", "observed later")))
        )  # fmt: skip
    what = fc.series_kind
    look = layout(f"Forecast: {describe(fc)}", "date" if fc.axis.is_date else "t", what,
                  xlog=False, ylog=False)  # fmt: skip
    if fc.axis.is_date:
        look["xaxis"]["type"] = "date"
    caption = (
        "The data, the median forecast and its central 95%, 80% and 50% prediction "
        "intervals (the fan)"
        + ("; each member's median is in the legend (click to show it)." if fc.members else ".")
    )
    return [(caption, go.Figure(traces, look))]


def forecast_tables(fc: Forecast) -> list[Table]:
    """The forecast per step (thinned to :data:`MAX_ROWS`) and, for ensembles, the members."""
    half, full = fc.conf_int(0.5, method="analytic"), fc.conf_int(0.95, method="analytic")
    rows = [
        [
            fc.axis.label(float(fc.times[i])),
            str(i + 1),
            fmt(fc.median[i]),
            f"{fmt(half.iloc[i]['lower'])} to {fmt(half.iloc[i]['upper'])}",
            f"{fmt(full.iloc[i]['lower'])} to {fmt(full.iloc[i]['upper'])}",
        ]
        for i in shown_steps(fc.steps, MAX_ROWS)
    ]
    out = [
        Table(
            "Forecast",
            ["t", "steps ahead", "median", "50% interval", "95% interval"],
            rows,
            f"Predictive quantiles at {len(fc.levels)} levels"
            + (f"; growth members: {fc.n_boot} bootstrap replicates each." if fc.n_boot else "."),
        )
    ]
    if fc.members:
        members = [
            [
                m.name,
                fmt(m.weight, ".3f"),
                fmt(m.aicc, ".1f") if np.isfinite(m.aicc) else "—",
                fmt(m.wis) if np.isfinite(m.wis) else "—",
                m.note or "",
            ]
            for m in fc.members
        ]
        out.append(
            Table("Ensemble members", ["member", "weight", "AICc", "past WIS", "note"], members,
                  describe(fc) + ".")
        )  # fmt: skip
    return out
