"""The bench's report section: calibration, PIT histogram and scores by horizon (plotly).

Rendered through :func:`scalinglaws.report.render_sections`, so the page is
the same offline, self-contained HTML as ``scalinglaws report``. The
calibration curve needs no stored quantiles: the empirical coverage of the
central interval of width w is the share of PIT values within
[(1 - w)/2, (1 + w)/2].
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from scalinglaws.report import FigureView, Section, figure_json
from scalinglaws.report.tables import Table

__all__ = ["bench_section", "coverage_curve"]

WIDTHS = np.round([*np.arange(0.1, 1.0, 0.1).tolist(), 0.95, 0.98], 2)


def coverage_curve(pit: np.ndarray, widths: np.ndarray = WIDTHS) -> np.ndarray:
    """Empirical coverage of central intervals of each width, from PIT values."""
    values = np.asarray(pit, dtype=np.float64)[:, None]
    low, high = (1 - widths) / 2, (1 + widths) / 2
    return np.asarray(np.mean((values >= low) & (values <= high), axis=0), dtype=np.float64)


def _figures(scores: pd.DataFrame, kind: str) -> list[tuple[str, Any]]:
    import plotly.graph_objects as go

    if kind != "series":
        figure = go.Figure()
        for method, part in scores.groupby("method", sort=True):
            figure.add_trace(go.Bar(name=str(method), x=part["case"], y=part["rmse_log"]))
        figure.update_layout(yaxis_title="RMSE of log loss", barmode="group", yaxis_type="log")
        return [("RMSE of the log loss per curve (held-out points).", figure)]
    ok = scores[scores["status"] == "ok"]
    calibration, pit, by_horizon = go.Figure(), go.Figure(), go.Figure()
    calibration.add_trace(
        go.Scatter(x=WIDTHS, y=WIDTHS, mode="lines", name="ideal", line={"dash": "dot"})
    )
    groups = [c for c in ("target",) if c in ok.columns]
    for labels, part in ok.groupby([*groups, "method"], sort=True):
        name = " / ".join(str(v) for v in (labels if isinstance(labels, tuple) else (labels,)))
        calibration.add_trace(
            go.Scatter(x=WIDTHS, y=coverage_curve(part["pit"].to_numpy()), name=name)
        )
        pit.add_trace(
            go.Histogram(x=part["pit"], name=name, xbins={"start": 0, "end": 1, "size": 0.1},
                         histnorm="probability density", opacity=0.6)
        )  # fmt: skip
        mean = part.groupby("horizon")["wis"].mean()
        by_horizon.add_trace(go.Scatter(x=mean.index, y=mean.to_numpy(), name=name))
    calibration.update_layout(xaxis_title="nominal coverage", yaxis_title="empirical coverage")
    pit.update_layout(barmode="overlay", xaxis_title="PIT", yaxis_title="density")
    by_horizon.update_layout(xaxis_title="horizon (step h)", yaxis_title="mean WIS",
                             yaxis_type="log")  # fmt: skip
    return [
        ("Calibration: empirical vs nominal coverage of central intervals.", calibration),
        ("PIT histogram (flat when calibrated; U-shaped when too narrow).", pit),
        ("Mean WIS by horizon (step h, not an average of steps 1..h).", by_horizon),
    ]


def _table(title: str, frame: pd.DataFrame, caption: str = "") -> Table:
    def cell(value: object) -> str:
        if isinstance(value, float):
            return "—" if np.isnan(value) else f"{value:.4g}"
        return str(value)

    rows = [[cell(v) for v in row] for row in frame.itertuples(index=False)]
    return Table(title, [str(c) for c in frame.columns], rows, caption)


def bench_section(
    *,
    name: str,
    title: str,
    kind: str,
    scores: pd.DataFrame,
    summary: pd.DataFrame,
    reference: pd.DataFrame,
    notes: tuple[str, ...],
    command: str,
) -> Section:
    """The report section of one bench run."""
    figures = [
        FigureView(f"bench-{name}-fig-{i}", caption, figure_json(figure))
        for i, (caption, figure) in enumerate(_figures(scores, kind), start=1)
    ]
    return Section(
        id=f"bench-{name}",
        title=title,
        kind="bench",
        provenance=[],
        verdicts=[],
        warnings=[],
        figures=figures,
        tables=[
            _table("Scores", summary),
            _table("Published or baseline figures", reference),
        ],
        summary=[("suite", name), ("forecasts or curves scored", str(len(scores)))],
        notes=list(notes),
        command=command,
    )
