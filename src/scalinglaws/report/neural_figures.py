"""Plotly figures of neural scaling-law results (NeuralFit, IsoflopFit), from stored data."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import plotly.graph_objects as go

from scalinglaws.neural import EnvelopeFit, IsoflopFit, NeuralFit
from scalinglaws.predictive import central_interval, central_levels
from scalinglaws.report.figures import (
    DATA_COLOR,
    FIT_COLOR,
    PALETTE,
    Figures,
    band,
    layout,
    rounded,
)
from scalinglaws.results import FitResult

__all__ = ["figures", "isoflop_figures", "neural_figures"]

#: Grid points per axis of the loss surface.
SURFACE = 50


def figures(result: FitResult, extras: Mapping[str, Any]) -> Figures:
    """The figures of a neural-family result (fit, iso-FLOP or envelope)."""
    if isinstance(result, NeuralFit):
        return neural_figures(result)
    if isinstance(result, IsoflopFit):
        return isoflop_figures(result)
    if isinstance(result, EnvelopeFit):
        return [envelope_figure(result)]
    return []


def _chinchilla(fit: NeuralFit) -> bool:
    return fit.chinchilla_like


def _how(fit: NeuralFit) -> str:
    """Where the bands come from: the bootstrap, or the asymptotic (delta-method) theory."""
    return "bootstrap" if fit.boot is not None else "asymptotic"


def neural_figures(fit: NeuralFit) -> Figures:
    """The figures of a neural fit: loss against compute, then the loss surface.

    Loss against compute (runs coloured by N, the compute-optimal loss), then the
    loss surface over (N, D) with iso-loss contours and the compute-optimal frontier.
    """
    if fit.single_resource:
        return [_one_resource(fit)]
    if fit.form == "data_constrained":  # the surface needs the unique tokens of each point
        return [_loss_vs_compute(fit)]
    return [_loss_vs_compute(fit), _surface(fit)]


def _one_resource(fit: NeuralFit) -> tuple[str, go.Figure]:
    x = np.asarray(getattr(fit, fit.variable), dtype=np.float64)
    grid = np.geomspace(float(x.min()), float(x.max()), 150)
    traces: list[go.Scatter] = []
    lower, upper = central_interval(
        fit.predict_quantiles(grid, quantiles=central_levels(0.95), interval="confidence")
    )
    traces += band(rounded(grid), lower, upper, "95% band", "rgba(214,39,40,0.25)")
    traces += [
        go.Scatter(
            x=rounded(x),
            y=rounded(fit.L),
            mode="markers",
            marker={"size": 6, "color": DATA_COLOR},
            name=f"runs (n = {fit.n_runs})",
        ),
        go.Scatter(
            x=rounded(grid),
            y=rounded(fit.predict(grid)),
            mode="lines",
            line={"color": FIT_COLOR, "width": 2},
            name="L = E + A/X^α" if fit.form == "power_offset" else f"fitted {fit.form}",
        ),
    ]
    figure = go.Figure(traces, layout(f"Loss against {fit.variable}", fit.variable, "loss"))
    return f"Final loss of each run against {fit.variable} and the fitted law, log-log.", figure


def _budgets(fit: NeuralFit) -> np.ndarray[Any, Any]:
    return np.geomspace(float(fit.C.min()), float(fit.C.max()) * 10, 80)


def _loss_vs_compute(fit: NeuralFit) -> tuple[str, go.Figure]:
    log_n = np.log10(fit.N)
    traces: list[go.Scatter] = []
    if _chinchilla(fit):
        budgets = _budgets(fit)
        optimal = fit.compute_optimal(budgets, level=0.95)
        cx = rounded(budgets)
        traces += band(
            cx,
            optimal["loss_lower"],
            optimal["loss_upper"],
            f"95% {_how(fit)} band",
            "rgba(214,39,40,0.2)",
        )
        traces.append(
            go.Scatter(
                x=cx,
                y=rounded(optimal["loss"]),
                mode="lines",
                line={"color": FIT_COLOR, "width": 2},
                name="compute-optimal loss",
            )
        )
    traces.append(
        go.Scatter(
            x=rounded(fit.C),
            y=rounded(fit.L),
            mode="markers",
            marker={
                "size": 7,
                "color": rounded(log_n),
                "colorscale": "Viridis",
                "showscale": True,
                "colorbar": {"title": {"text": "log10 N"}, "x": 1.02},
            },
            text=[f"N = {n:.3g}, D = {d:.3g}" for n, d in zip(fit.N, fit.D, strict=True)],
            name=f"runs (n = {fit.n_runs})",
        )
    )
    figure = go.Figure(
        traces,
        layout(
            "Loss against compute",
            "compute C (FLOPs)",
            "loss",
            legend={"x": 0.01, "y": 0.01, "yanchor": "bottom", "bgcolor": "rgba(255,255,255,0.7)"},
        ),
    )
    caption = "Final loss of each run against its compute, coloured by model size N"
    if _chinchilla(fit):
        caption += (
            ", with the loss of the compute-optimal allocation L(N_opt, D_opt) up to ten "
            f"times the largest budget and its {_how(fit)} band"
        )
    return caption + "; log-log.", figure


def _surface(fit: NeuralFit) -> tuple[str, go.Figure]:
    n_grid = np.geomspace(float(fit.N.min()) / 2, float(fit.N.max()) * 2, SURFACE)
    d_grid = np.geomspace(float(fit.D.min()) / 2, float(fit.D.max()) * 2, SURFACE)
    nn, dd = np.meshgrid(n_grid, d_grid)
    surface = np.asarray(fit.predict(nn.ravel(), dd.ravel())).reshape(nn.shape)
    step = float(f"{(float(np.max(fit.L)) - float(np.min(fit.L))) / 12 or 0.01:.2g}")
    low = float(f"{np.floor(np.min(fit.L) / step) * step:.6g}")
    high = float(f"{np.ceil(np.max(fit.L) / step) * step:.6g}")
    traces: list[Any] = [
        go.Contour(
            x=rounded(n_grid),
            y=rounded(d_grid),
            z=[rounded(row) for row in surface],
            colorscale="Viridis",
            reversescale=True,
            contours={
                "start": low,
                "end": high,
                "size": step,
                "showlabels": True,
                "labelfont": {"size": 10, "color": "white"},
            },
            line={"width": 0.6},
            colorbar={"title": {"text": "loss"}},
            name="fitted loss",
            hovertemplate="N = %{x:.3g}<br>D = %{y:.3g}<br>loss = %{z:.4f}<extra></extra>",
        ),
        go.Scatter(
            x=rounded(fit.N),
            y=rounded(fit.D),
            mode="markers",
            marker={"size": 6, "color": "white", "line": {"color": "black", "width": 1}},
            text=[f"loss = {v:.4f}" for v in fit.L],
            name="runs",
        ),
    ]
    if _chinchilla(fit):
        optimal = fit.compute_optimal(_budgets(fit))
        inside = (optimal["N_opt"] >= n_grid[0]) & (optimal["N_opt"] <= n_grid[-1])
        inside &= (optimal["D_opt"] >= d_grid[0]) & (optimal["D_opt"] <= d_grid[-1])
        traces.append(
            go.Scatter(
                x=rounded(optimal["N_opt"][inside]),
                y=rounded(optimal["D_opt"][inside]),
                mode="lines",
                line={"color": FIT_COLOR, "width": 3, "dash": "dash"},
                name="compute-optimal frontier",
            )
        )
    figure = go.Figure(
        traces,
        layout(
            "Loss surface L(N, D)",
            "parameters N",
            "tokens D",
            height=520,
            legend={"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom"},
            margin={"l": 70, "r": 20, "t": 80, "b": 60},
        ),
    )
    caption = "The fitted loss surface over (N, D) with labelled iso-loss contours and the runs"
    if _chinchilla(fit):
        caption += "; the dashed line is the compute-optimal frontier (N_opt(C), D_opt(C))"
    return caption + "; log-log.", figure


def isoflop_figures(fit: IsoflopFit) -> Figures:
    """IsoFLOP profiles with their fitted curves and minima, then N_opt and D_opt against C."""
    traces: list[go.Scatter] = []
    for index, budget in enumerate(fit.budgets):
        mask = fit.group == index
        color = PALETTE[index % len(PALETTE)]
        name = f"C = {budget:.3g}"
        traces.append(
            go.Scatter(
                x=rounded(fit.N[mask]),
                y=rounded(fit.L[mask]),
                mode="markers",
                marker={"size": 6, "color": color},
                name=name,
                legendgroup=name,
            )
        )
        profile = fit.profile(index)
        if profile is not None:
            traces.append(
                go.Scatter(
                    x=rounded(profile[0]),
                    y=rounded(profile[1]),
                    mode="lines",
                    line={"color": color, "width": 1},
                    showlegend=False,
                    legendgroup=name,
                    name=name,
                )
            )
    ok = np.isfinite(fit.n_opt)
    traces.append(
        go.Scatter(
            x=rounded(fit.n_opt[ok]),
            y=rounded(fit.loss_opt[ok]),
            mode="markers",
            marker={"symbol": "star", "size": 12, "color": "black"},
            name="minima",
        )
    )
    profiles = go.Figure(traces, layout("IsoFLOP profiles", "parameters N", "loss", ylog=False))
    budgets = np.geomspace(float(fit.budgets[ok].min()), float(fit.budgets[ok].max()), 50)
    line = fit.predict(budgets)
    cx = rounded(budgets)
    power: list[go.Scatter] = []
    for name, optima, exponent, color in (
        ("N_opt", fit.n_opt, fit.a, PALETTE[0]),
        ("D_opt", fit.d_opt, fit.b, PALETTE[1]),
    ):
        power += [
            go.Scatter(
                x=rounded(fit.budgets[ok]),
                y=rounded(optima[ok]),
                mode="markers",
                marker={"size": 8, "color": color},
                name=f"{name} (minima)",
            ),
            go.Scatter(
                x=cx,
                y=rounded(line[name]),
                mode="lines",
                line={"color": color},
                name=f"{name} ∝ C^{exponent:.3f}",
            ),
        ]
    allocation = go.Figure(
        power, layout("Compute-optimal allocation", "compute C (FLOPs)", "N_opt, D_opt")
    )
    return [
        (
            "Final loss against model size for each compute budget, the parabola in log N "
            "fitted to each profile and its minimum (stars); log N axis.",
            profiles,
        ),
        (
            "The profiles' minima N_opt and D_opt against compute and their power laws, log-log.",
            allocation,
        ),
    ]


def envelope_figure(fit: EnvelopeFit) -> tuple[str, go.Figure]:
    """Every run's loss curve against compute and the lower envelope (Approach 1)."""
    compute = fit.flops_per_token * fit.N * fit.D
    traces: list[go.Scatter] = []
    for index in np.unique(fit.run):
        mask = fit.run == index
        order = np.argsort(compute[mask])
        traces.append(
            go.Scatter(
                x=rounded(compute[mask][order]),
                y=rounded(fit.L[mask][order]),
                mode="lines",
                line={"color": "rgba(120,120,120,0.6)", "width": 1},
                name=f"N = {fit.N[mask][0]:.3g}",
                showlegend=False,
            )
        )
    traces.append(
        go.Scatter(
            x=rounded(fit.budgets),
            y=rounded(fit.loss_opt),
            mode="lines",
            line={"color": FIT_COLOR, "width": 3},
            name="envelope (compute-optimal runs)",
        )
    )
    figure = go.Figure(
        traces, layout("Training curves and their envelope", "compute C (FLOPs)", "loss")
    )
    caption = (
        f"Held-out loss of each of the {fit.n_runs} runs along its training compute, and the "
        "lowest loss at each compute (Hoffmann et al. 2022, Approach 1); log-log."
    )
    return caption, figure
