"""``scalinglaws report RESULTS.json... --out report.html``: one offline HTML report.

Reads the bundles written by ``scalinglaws fit ... --save FILE`` (or
:func:`scalinglaws.bundle.save_results`) and renders them with
:func:`scalinglaws.report.write_report`. Plotly and Jinja2 are imported inside
the command, so the CLI starts fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from scalinglaws._optional import check_extra
from scalinglaws.cli._shell import err_console

__all__ = ["report"]


def report(
    results: Annotated[
        list[Path],
        typer.Argument(help="Results bundles written by `scalinglaws fit ... --save FILE`."),
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="The HTML file to write.")] = Path(
        "report.html"
    ),
    title: Annotated[str, typer.Option(help="Title of the page.")] = "scalinglaws report",
) -> None:
    """Render saved results as one self-contained HTML report with interactive plots."""
    check_extra("report", "`scalinglaws report`")
    from scalinglaws.report import write_report

    write_report(list(results), out, title=title)
    err_console().print(f"report written to {out}")
