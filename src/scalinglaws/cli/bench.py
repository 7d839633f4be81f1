"""``scalinglaws bench SUITE [--out DIR] [--data DIR] [--methods a,b]``: score methods on a suite.

A thin shell over :func:`scalinglaws.bench.run_suite`: a rich progress bar
over (case, method) pairs, resumable (cached cases are skipped), then a rich
table of the suite's scores beside its published or baseline figures, and the
paths of the CSV files and HTML report it wrote.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from rich.table import Table

from scalinglaws.cli._shell import command_line, err_console, make_progress, out_console

__all__ = ["bench"]


def _rich_table(title: str, frame: pd.DataFrame) -> Table:
    table = Table(title=title)
    for column in frame.columns:
        table.add_column(str(column), justify="left" if frame[column].dtype == object else "right")
    for row in frame.itertuples(index=False):
        table.add_row(*("—" if isinstance(v, float) and v != v else
                        f"{v:.4g}" if isinstance(v, float) else str(v) for v in row))  # fmt: skip
    return table


def bench(
    suite: Annotated[
        str,
        typer.Argument(help="learning-curves, europe-hub, outbreaks or us-cities."),
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder (and cache).")] = Path(
        "bench-output"
    ),
    data: Annotated[
        Path | None,
        typer.Option(help="Reference-data folder (default: ../shared/data beside the repo)."),
    ] = None,
    methods: Annotated[
        str | None, typer.Option(help="Comma-separated methods (default: the suite's).")
    ] = None,
    workers: Annotated[int, typer.Option(help="Worker processes.")] = 1,
    limit: Annotated[int | None, typer.Option(help="Run only the first N cases.")] = None,
) -> None:
    """Score forecasting or extrapolation methods on a reference suite, resumably."""
    from scalinglaws.bench import run_suite

    chosen = [m.strip() for m in methods.split(",") if m.strip()] if methods else None
    with make_progress() as progress:
        task = progress.add_task(f"bench {suite}", total=None)

        def update(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        result = run_suite(suite, out=out, data=data, methods=chosen, workers=workers,
                           limit=limit, progress=update, command=command_line() or "")  # fmt: skip
    console = out_console(min_width=160)
    console.print(_rich_table(f"{suite}: scores", result.summary))
    console.print(_rich_table(f"{suite}: published or baseline figures", result.reference))
    err_console().print(
        f"{result.ran} case(s) run, {result.cached} from the cache, "
        f"{result.seconds:.1f} s ({result.cpu_seconds:.0f} CPU s); "
        f"wrote {out}/{suite}-scores.csv, -summary.csv, -reference.csv, -report.html"
    )
