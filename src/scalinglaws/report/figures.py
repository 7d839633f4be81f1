"""Plotly figures of results, built from the results' stored data only (no fitting).

Every builder returns ``(caption, figure)`` pairs; numbers are rounded to six
significant digits and passed as plain lists, so the figure JSON is small and
identical for the same result on any machine.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, cast

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from scalinglaws.growth import GrowthFit
from scalinglaws.predictive import central_interval, central_levels
from scalinglaws.relations import RelationFit
from scalinglaws.results import FitResult
from scalinglaws.tails import TailFit

if TYPE_CHECKING:
    from scalinglaws.relations import Correction

__all__ = ["DATA_COLOR", "PALETTE", "Figures", "band", "build_figures", "layout", "rounded"]

#: Trace colours, in order (plotly's default qualitative palette).
PALETTE = (
    "#636efa",
    "#ef553b",
    "#00cc96",
    "#ab63fa",
    "#ffa15a",
    "#19d3f3",
    "#ff6692",
    "#b6e880",
    "#ff97ff",
    "#fecb52",
)
DATA_COLOR = "#555555"
FIT_COLOR = "#d62728"
#: At most this many markers per data trace; denser data are thinned along log x.
MAX_POINTS = 1500
#: The quantile levels of the 95% bands drawn.
LEVELS = central_levels(0.95)

Figures = list[tuple[str, go.Figure]]


def rounded(values: Iterable[Any]) -> list[float | None]:
    """Floats rounded to six significant digits; NaN and inf become None (gaps)."""
    out: list[float | None] = []
    for value in np.asarray(list(values), dtype=np.float64).ravel():
        out.append(float(f"{value:.6g}") if np.isfinite(value) else None)
    return out


def layout(
    title: str, x: str, y: str, *, xlog: bool = True, ylog: bool = True, **more: Any
) -> dict[str, Any]:
    """A plain, compact layout (template "none": no large template in the JSON)."""
    axis = {"showgrid": True, "gridcolor": "#e5e5e5", "zeroline": False, "linecolor": "#999"}
    return {
        "template": "none",
        "title": {"text": title, "font": {"size": 15}},
        "xaxis": {**axis, "title": {"text": x}, "type": "log" if xlog else "linear"},
        "yaxis": {**axis, "title": {"text": y}, "type": "log" if ylog else "linear"},
        "legend": {"bgcolor": "rgba(255,255,255,0.7)"},
        "margin": {"l": 70, "r": 20, "t": 50, "b": 60},
        "height": 460,
        "hovermode": "closest",
        **more,
    }


def band(
    x: Iterable[Any], lower: Iterable[Any], upper: Iterable[Any], name: str, color: str
) -> list[go.Scatter]:
    """A shaded band between lower and upper (two traces, the second filled to the first)."""
    xs = list(x)
    edge = {"width": 0}
    return [
        go.Scatter(
            x=xs,
            y=rounded(upper),
            mode="lines",
            line=edge,
            showlegend=False,
            legendgroup=name,
            hoverinfo="skip",
            name=name,
        ),
        go.Scatter(
            x=xs,
            y=rounded(lower),
            mode="lines",
            line=edge,
            fill="tonexty",
            fillcolor=color,
            name=name,
            legendgroup=name,
            hoverinfo="skip",
        ),
    ]


def thin(
    x: np.ndarray[Any, Any], log: bool = True, limit: int = MAX_POINTS
) -> np.ndarray[Any, Any]:
    """Indices of at most about `limit` points, one per bin of (log) x; all when few."""
    if x.size <= limit:
        return np.arange(x.size)
    scale = np.log(x) if log and np.all(x > 0) else x
    low, high = float(scale.min()), float(scale.max())
    bins = np.floor((scale - low) / ((high - low) or 1.0) * (limit - 1)).astype(np.int64)
    _, first = np.unique(bins, return_index=True)
    return np.sort(first)


def build_figures(result: FitResult, extras: Mapping[str, Any]) -> Figures:
    """The figures of a tail, relation or growth fit.

    An empty list for another kind; :func:`scalinglaws.report.kinds.build_figures` covers
    every kind.
    """
    if isinstance(result, TailFit):
        return tail_figures(result)
    if isinstance(result, RelationFit):
        return relation_figures(result)
    if isinstance(result, GrowthFit):
        return growth_figures(result, extras)
    return []


def tail_figures(fit: TailFit) -> Figures:
    """The empirical CCDF P(X ≥ x) with the fitted power law above x_min, log-log."""
    values, counts = fit.values, fit.counts
    ccdf = np.cumsum(counts[::-1])[::-1] / fit.n
    keep = thin(values)
    top = min(float(values[-1]), fit.xmax)
    grid = np.geomspace(fit.xmin, top, 120) if top > fit.xmin else np.array([fit.xmin])
    if fit.discrete:
        grid = np.unique(np.floor(grid))
    traces = [
        go.Scatter(
            x=rounded(values[keep]),
            y=rounded(ccdf[keep]),
            mode="markers",
            marker={"size": 4, "color": DATA_COLOR},
            name=f"data (n = {fit.n})",
        ),
        go.Scatter(
            x=rounded(grid),
            y=rounded(fit.predict(grid)),
            mode="lines",
            line={"color": FIT_COLOR, "width": 2},
            name=f"power law, α = {fit.alpha:.3f}",
        ),
    ]
    figure = go.Figure(
        traces,
        layout(
            "Complementary CDF",
            "x",
            "P(X ≥ x)",
            shapes=[_vertical(fit.xmin)],
            annotations=[_label(fit.xmin, f"x_min = {fit.xmin:.4g}")],
        ),
    )
    caption = (
        f"Empirical CCDF of all {fit.n} values (grey) and the fitted power law for the "
        f"{fit.n_tail} values above x_min (red), on log-log axes."
    )
    return [(caption, figure)]


def _vertical(x: float) -> dict[str, Any]:
    line = {"color": "#888", "dash": "dot", "width": 1}
    return {
        "type": "line",
        "xref": "x",
        "yref": "paper",
        "x0": x,
        "x1": x,
        "y0": 0,
        "y1": 1,
        "line": line,
    }


def _label(x: float, text: str) -> dict[str, Any]:
    return {
        "x": float(np.log10(x)),
        "y": 1,
        "xref": "x",
        "yref": "paper",
        "text": text,
        "showarrow": False,
        "yanchor": "bottom",
        "font": {"size": 11},
    }


def relation_figures(fit: RelationFit) -> Figures:
    """Data, fitted curve, 95% confidence and prediction bands (log-log for power laws)."""
    spec = fit.spec
    correction = "none" if spec.log_y else None
    if spec.k > 1:
        return [_observed_vs_fitted(fit, correction)]
    x = fit.x
    positive = bool(np.all(fit.y > 0))
    xlog, ylog = spec.log_x, spec.log_y and positive
    low, high = float(x.min()), float(x.max())
    grid = np.geomspace(low, high, 150) if spec.log_x else np.linspace(low, high, 150)
    conf = central_interval(fit.predict_quantiles(grid, LEVELS, interval="confidence"))
    pred = central_interval(fit.predict_quantiles(grid, LEVELS, interval="prediction"))
    gx = rounded(grid)
    shown = ", ".join(f"{k} = {v:.4g}" for k, v in fit.params.items())
    traces = [
        *band(gx, pred[0], pred[1], "95% prediction band", "rgba(214,39,40,0.10)"),
        *band(gx, conf[0], conf[1], "95% confidence band", "rgba(214,39,40,0.28)"),
        go.Scatter(
            x=rounded(x),
            y=rounded(fit.y),
            mode="markers",
            marker={"size": 6, "color": DATA_COLOR},
            name=f"data (n = {fit.n})",
        ),
        go.Scatter(
            x=gx,
            y=rounded(fit.predict(grid, correction=cast("Correction | None", correction))),
            mode="lines",
            line={"color": FIT_COLOR, "width": 2},
            name=f"{spec.formula}: {shown}",
        ),
    ]
    title = f"{fit.y_name} against {fit.x_names[0]}"
    figure = go.Figure(traces, layout(title, fit.x_names[0], fit.y_name, xlog=xlog, ylog=ylog))
    axes = "log-log" if xlog and ylog else ("log y" if ylog else "linear")
    caption = (
        f"Data, the fitted law ({fit.method}) and its 95% confidence band (dark) and "
        f"prediction band for a new observation (light), {axes} axes."
    )
    return [(caption, figure)]


def _observed_vs_fitted(fit: RelationFit, correction: str | None) -> tuple[str, go.Figure]:
    fitted = np.asarray(fit.predict(fit.x, correction=cast("Correction | None", correction)))
    lower, upper = central_interval(fit.predict_quantiles(fit.x, LEVELS))
    ends = [float(np.min(fitted)), float(np.max(fitted))]
    order = np.argsort(fitted)
    mean = rounded(fitted[order])
    traces = [
        *band(mean, lower[order], upper[order], "95% prediction band", "rgba(214,39,40,0.12)"),
        go.Scatter(
            x=rounded(fitted),
            y=rounded(fit.y),
            mode="markers",
            marker={"size": 6, "color": DATA_COLOR},
            name=f"data (n = {fit.n})",
        ),
        go.Scatter(
            x=rounded(ends),
            y=rounded(ends),
            mode="lines",
            line={"color": FIT_COLOR},
            name="observed = fitted",
        ),
    ]
    names = ", ".join(fit.x_names)
    title = f"{fit.y_name} observed against fitted ({names})"
    figure = go.Figure(traces, layout(title, f"fitted {fit.y_name}", f"observed {fit.y_name}"))
    caption = (
        f"Several x columns ({names}): each run's observed {fit.y_name} against the fitted "
        "value, with the 95% prediction band; points on the line are fitted exactly."
    )
    return caption, figure


def _times(fit: GrowthFit, t: np.ndarray[Any, Any]) -> list[Any]:
    if fit.axis.is_date:
        return [stamp.isoformat() for stamp in pd.DatetimeIndex(fit.axis.to_user(t))]
    return rounded(t)


def growth_figures(fit: GrowthFit, extras: Mapping[str, Any]) -> Figures:
    """Data, the fitted curve and, when the command saved one, the forecast fan."""
    grid = np.linspace(fit.t[0], fit.t[-1], 200)
    curve = fit.predict(fit.axis.to_user(grid))
    what = "cumulative" if fit.cumulative else "incidence"
    traces: list[go.Scatter] = []
    forecast = extras.get("forecast")
    records = forecast.get("records") if isinstance(forecast, Mapping) else None
    if records:
        level = float(forecast.get("level", 0.95)) if isinstance(forecast, Mapping) else 0.95
        ft = [r["t"] for r in records]
        if not fit.axis.is_date:
            ft = rounded(ft)
        label = f"{level:.0%} prediction band"
        fan = band(
            ft,
            [r["lower"] for r in records],
            [r["upper"] for r in records],
            label,
            "rgba(99,110,250,0.25)",
        )
        traces += fan
        point = "median" if "median" in records[0] else "mean"
        traces.append(
            go.Scatter(
                x=ft,
                y=rounded(r[point] for r in records),
                mode="lines",
                line={"color": PALETTE[0], "dash": "dash"},
                name="forecast" if point == "mean" else "forecast (median)",
            )
        )
    traces += [
        go.Scatter(
            x=_times(fit, fit.t),
            y=rounded(fit.y),
            mode="markers",
            marker={"size": 6, "color": DATA_COLOR},
            name=f"data (n = {fit.n})",
        ),
        go.Scatter(
            x=_times(fit, grid),
            y=rounded(curve),
            mode="lines",
            line={"color": PALETTE[0], "width": 2},
            name=f"{fit.law} fit",
        ),
    ]
    positive = bool(np.all(fit.y > 0))
    buttons = [
        {"label": "log y", "method": "relayout", "args": [{"yaxis.type": "log"}]},
        {"label": "linear y", "method": "relayout", "args": [{"yaxis.type": "linear"}]},
    ]
    menus = [
        {
            "type": "buttons",
            "direction": "right",
            "x": 0,
            "y": 1.02,
            "xanchor": "left",
            "yanchor": "bottom",
            "buttons": buttons,
            "showactive": False,
        }
    ]
    look = layout(
        f"{fit.law} growth ({what})",
        "date" if fit.axis.is_date else "t",
        what,
        xlog=False,
        ylog=positive,
        updatemenus=menus if positive else [],
    )
    if fit.axis.is_date:
        look["xaxis"]["type"] = "date"
    figure = go.Figure(traces, look)
    if records:
        caption = (
            "Data, the fitted curve and the forecast with its parametric-bootstrap "
            "prediction band (the fan), log y axis (buttons switch to linear)."
        )
    else:
        caption = (
            "Data and the fitted curve; no forecast was saved with this result "
            "(fit with --forecast H --save FILE to draw the forecast fan)."
        )
    return [(caption, figure)]
