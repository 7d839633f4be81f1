"""The report's view of a model-size sweep: "the scaling law of our forecaster".

A :class:`~scalinglaws.neural.NeuralFit` saved with ``extras["sweep"]`` (by
:meth:`scalinglaws.forecasters.transformer_law.ForecasterScaling.bundle_entry`)
gets, beside the neural section's own figures and parameter table, the runs'
loss against D per size with the fitted L(N, D) at each size, and the table of
candidate sizes with the one chosen. Only stored numbers and the fitted law's
predictions are drawn; nothing is refitted.

``extras["sweep"]`` holds ``runs`` (records ``size, N, D, loss, tokens_per_s``),
``candidates`` (records ``size, N, D, predicted_loss``, best first), ``throughput``
(records ``size, N, tokens_per_s`` measured for every candidate, or None),
``chosen``, ``minutes`` and ``trained`` (the shipped run ``size, N, D, loss,
predicted``, or None).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import plotly.graph_objects as go

from scalinglaws.neural import NeuralFit
from scalinglaws.predictive import central_interval, central_levels
from scalinglaws.report.figures import PALETTE, Figures, band, layout, rounded
from scalinglaws.report.tables import Table
from scalinglaws.report.words import fmt

__all__ = ["sweep_figures", "sweep_of", "sweep_tables"]

#: Points of each fitted curve.
GRID = 80


def sweep_of(extras: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The model-size sweep saved beside a neural fit, or None when there is none."""
    sweep = extras.get("sweep")
    if isinstance(sweep, Mapping) and sweep.get("candidates"):
        return sweep
    return None


def _sizes(sweep: Mapping[str, Any]) -> list[tuple[str, float]]:
    """(name, N) of every candidate, smallest first."""
    sizes = [(str(c["size"]), float(c["N"])) for c in sweep["candidates"]]
    return sorted(sizes, key=lambda size: size[1])


def sweep_figures(fit: NeuralFit, sweep: Mapping[str, Any]) -> Figures:
    """Loss against tokens D per size: the runs, L(N, D) at each size, the candidates.

    Each trained size's runs (markers) and the fitted law at its N (solid; dashed
    for the candidate sizes the law extrapolates to), each candidate's predicted
    loss at the tokens it trains in the planned time (stars), the 95% confidence
    band of the chosen size, and the shipped model's own run (a cross).
    """
    runs, trained = list(sweep.get("runs") or []), sweep.get("trained")
    ends = [float(r["D"]) for r in [*runs, *sweep["candidates"]]]
    if isinstance(trained, Mapping):
        ends.append(float(trained["D"]))
    grid = np.geomspace(min(ends) / 1.5, max(ends) * 1.5, GRID)
    dx, chosen = rounded(grid), str(sweep.get("chosen"))
    traces: list[go.Scatter] = []
    for index, (name, n) in enumerate(_sizes(sweep)):
        color = PALETTE[index % len(PALETTE)]
        mine = [r for r in runs if str(r["size"]) == name]
        if name == chosen:
            quantiles = fit.predict_quantiles(
                np.full(grid.size, n), grid, quantiles=central_levels(0.95), interval="confidence"
            )
            lower, upper = central_interval(quantiles)
            traces += band(dx, lower, upper, f"{name}: 95% band", "rgba(214,39,40,0.15)")
        if mine:
            traces.append(
                go.Scatter(x=rounded(r["D"] for r in mine), y=rounded(r["loss"] for r in mine),
                           mode="markers", marker={"size": 8, "color": color},
                           name=f"{name} runs (N = {fmt(n)})", legendgroup=name)
            )  # fmt: skip
        traces.append(
            go.Scatter(x=dx, y=rounded(fit.predict(np.full(grid.size, n), grid)), mode="lines",
                       line={"color": color, "width": 2 if mine else 1,
                             "dash": "solid" if mine else "dash"},
                       name=f"L(N, D), {name}" + ("" if mine else f" (N = {fmt(n)})"),
                       legendgroup=name)
        )  # fmt: skip
    candidates = list(sweep["candidates"])
    traces.append(
        go.Scatter(x=rounded(c["D"] for c in candidates),
                   y=rounded(c["predicted_loss"] for c in candidates), mode="markers+text",
                   text=[str(c["size"]) for c in candidates], textposition="top center",
                   marker={"symbol": "star", "size": 13, "color": "black"},
                   name=f"candidates after {fmt(sweep.get('minutes'))} min")
    )  # fmt: skip
    if isinstance(trained, Mapping):
        traces.append(
            go.Scatter(x=rounded([trained["D"]]), y=rounded([trained["loss"]]), mode="markers",
                       marker={"symbol": "x", "size": 12, "color": "#d62728"},
                       name=f"shipped model ({trained['size']}, trained)")
        )  # fmt: skip
    figure = go.Figure(traces, layout("Loss against tokens D, per model size", "tokens D", "loss"))
    caption = (
        "Held-out loss of each sweep run against its training tokens, coloured by size, and "
        "the fitted L(N, D) at each size (dashed: sizes the law extrapolates to); stars: each "
        "candidate's predicted loss at the tokens it trains in the planned time; the band is "
        f"the 95% confidence band of the chosen size {chosen}"
        + (", the cross the shipped model's own run" if isinstance(trained, Mapping) else "")
        + "; log-log."
    )
    return [(caption, figure)]


def sweep_tables(fit: NeuralFit, sweep: Mapping[str, Any]) -> list[Table]:
    """The runs (with the law's fit to each) and the candidates with the chosen size."""
    runs = list(sweep.get("runs") or [])
    out = []
    if runs:
        fitted = fit.predict(np.array([r["N"] for r in runs]), np.array([r["D"] for r in runs]))
        rows = [
            [str(r["size"]), fmt(r["N"]), fmt(r["D"]), fmt(r["loss"]), fmt(law),
             fmt(float(np.log(r["loss"] / law)), "+.3f"), fmt(r["tokens_per_s"])]
            for r, law in zip(runs, fitted, strict=True)
        ]  # fmt: skip
        out.append(
            Table("Sweep runs", ["size", "N", "D", "loss", "L(N, D)", "log residual", "tokens/s"],
                  rows, "Held-out loss in nats per token; N counts non-embedding parameters.")
        )  # fmt: skip
    forms = sweep.get("forms")
    if isinstance(forms, Mapping) and len(forms) > 1:
        out.append(_forms_table(forms))
    out.append(_candidates_table(sweep))
    return out


def _forms_table(forms: Mapping[str, Any]) -> Table:
    rows = [
        [str(form), ", ".join(f"{k} = {fmt(v)}" for k, v in dict(law["params"]).items()),
         fmt(law.get("rms_log_residual"), ".3g")]
        for form, law in forms.items()
    ]  # fmt: skip
    return Table(
        "Laws fitted to the runs",
        ["form", "parameters", "rms log residual"],
        rows,
        "Each form fitted to the same runs by fit_neural (Huber on log L); the choice of "
        "size weighs them all.",
    )


def _candidates_table(sweep: Mapping[str, Any]) -> Table:
    chosen, minutes = str(sweep.get("chosen")), fmt(sweep.get("minutes"))
    measured = {str(r["size"]): r["tokens_per_s"] for r in sweep.get("throughput") or []}
    candidates = list(sweep["candidates"])
    laws = [k for k in candidates[0] if k.startswith("loss_")] or ["predicted_loss"]
    regret = "regret" in candidates[0] and len(laws) > 1
    rows = [
        [str(c["size"]), fmt(c["N"]), fmt(measured.get(str(c["size"]))), fmt(c["D"]),
         *(fmt(c[k]) for k in laws), *([fmt(c["regret"], ".3f")] if regret else []),
         "chosen" if str(c["size"]) == chosen else ""]
        for c in candidates
    ]  # fmt: skip
    names = [f"L ({k.removeprefix('loss_')})" if k != "predicted_loss" else "L(N, D)" for k in laws]
    where = "measured side by side for every candidate" if measured else "of the runs"
    rule = (
        "the chosen size has the smallest regret: its largest shortfall, over the laws, from "
        "each law's best candidate (minimax regret, Savage 1951)"
        if regret
        else "the chosen size has the lowest predicted loss"
    )
    return Table(
        f"Candidate sizes after {minutes} min of training",
        ["size", "N", "tokens/s", f"D in {minutes} min", *names, *(["regret"] if regret else []),
         ""],
        rows,
        f"Hoffmann et al.'s (2022) compute-optimal choice with time in place of FLOPs: D = "
        f"r(N) × time, r(N) the power law in N fitted to the tokens/s {where}; {rule}.",
    )  # fmt: skip
