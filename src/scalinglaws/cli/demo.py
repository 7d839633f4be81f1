"""``scalinglaws demo``: the toolkit on bundled real data, against published results.

One command, one section after another, each a small module:

1. power-law tails, Clauset, Shalizi & Newman (2009), Tables 3-5 (:mod:`._demo_tails`);
2. scaling relations: urban scaling and allometry (:mod:`._demo_natural`);
3. growth: Pearl & Reed's census logistic, an epidemic's growth and its forecast;
4. Chinchilla, refitted by Epoch's protocol, with the compute-optimal allocation at
   Chinchilla's budget (:mod:`._demo_chinchilla`);
5. the scaling law of our forecaster, read from the sweep shipped with its weights
   (:mod:`._demo_forecaster`; no training);
6. our own language-model ladder: fit, predict the held-out target, train it, compare
   (:mod:`._demo_ladder`; ``--no-ladder`` skips it).

Every result goes to ``DIR/results.json`` (a bundle with each result's data set and
this command line), the report to ``DIR/report.html``; then three questions are
answered from the bundle (:mod:`._demo_ask`) and a summary table closes the run.
``--quick`` does it all in about a minute: fewer bootstrap replicates, the tiny ladder.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console, RenderableType

from scalinglaws._optional import check_extra
from scalinglaws.bundle import BundleEntry, save_results
from scalinglaws.cli._demo_ask import answer_questions, answers_summary, answers_view
from scalinglaws.cli._demo_chinchilla import chinchilla_section
from scalinglaws.cli._demo_common import Line, Outcome, Plan, SummaryRow, paused, summary_table
from scalinglaws.cli._demo_forecaster import forecaster_section
from scalinglaws.cli._demo_ladder import ladder_section
from scalinglaws.cli._demo_natural import growth_section, relations_section
from scalinglaws.cli._demo_tails import TABLE_CSV, demo_names, result_row, tails_section
from scalinglaws.cli._shell import GofAlias, command_line, make_progress, out_console, replicates

__all__ = ["RESULTS", "TABLE_CSV", "demo", "demo_names", "result_row"]

RESULTS = "results.json"
REPORT = "report.html"
#: Columns the widest table needs; used when stdout is a file or pipe.
TABLE_WIDTH = 128

Section = Callable[[Plan, Line], Outcome]


def _sections(only: list[str] | None, ladder: bool) -> list[tuple[str, Section]]:
    names = demo_names(only)  # raises for an unknown --only before any work
    sections: list[tuple[str, Section]] = [("power-law tails", partial(tails_section, names=names))]
    if only:  # a developer's switch: the tails of a few data sets, nothing else
        return sections
    sections += [
        ("scaling relations", relations_section),
        ("growth", growth_section),
        ("Chinchilla, refitted", chinchilla_section),
        ("our forecaster's scaling law", forecaster_section),
    ]
    if ladder:
        sections.append(("our ladder", ladder_section))
    return sections


def _write(entries: list[BundleEntry], plan: Plan, line: Line) -> Path:
    from scalinglaws.report import write_report  # plotly: only when the demo runs

    line.start(total=2)
    line.update(f"{RESULTS}, {len(entries)} results")
    results = save_results(entries, plan.out / RESULTS)
    line.update(REPORT, advance=1)
    report = write_report(results, plan.out / REPORT, title="scalinglaws demo")
    line.finish(f"{len(entries)} results")
    return report


def demo(
    out: Annotated[
        Path,
        typer.Option(help="Folder for results.json, report.html, the table CSV and the ladder."),
    ] = Path("scalinglaws-demo"),
    quick: Annotated[
        bool,
        typer.Option("--quick", help="About a minute: fewer bootstrap replicates, a tiny ladder."),
    ] = False,
    ladder: Annotated[
        bool, typer.Option("--ladder/--no-ladder", help="Train our own model ladder.")
    ] = True,
    gof: Annotated[
        int | None,
        typer.Option(
            "--boot", min=1, help="Goodness-of-fit replicates per data set [1000; quick: 50]."
        ),
    ] = None,
    gof_alias: GofAlias = None,
    seed: Annotated[int, typer.Option(help="Seed of every bootstrap.")] = 0,
    workers: Annotated[
        int | None, typer.Option(min=1, help="Worker processes for the bootstraps.")
    ] = None,
    only: Annotated[
        list[str] | None, typer.Option(hidden=True, help="Run only these tail data sets.")
    ] = None,
) -> None:
    """Tails, relations, growth, Chinchilla and our ladder on bundled data; report; questions."""
    sections = _sections(only, ladder)
    extras = ["report"] if only else ["report", "ask", "lm"] if ladder else ["report", "ask"]
    check_extra(extras, "`scalinglaws demo`")
    gof = replicates(gof, gof=gof_alias)
    plan = Plan.make(out, quick=quick, gof=gof, seed=seed, workers=workers, command=command_line())
    out.mkdir(parents=True, exist_ok=True)
    console = out_console(min_width=TABLE_WIDTH)
    done: list[tuple[str, float, list[SummaryRow]]] = []
    entries: list[BundleEntry] = []
    with make_progress() as progress:
        lines = [Line(progress, name) for name, _ in sections]
        writing = Line(progress, "results and report")
        asking = None if only else Line(progress, "questions")
        for (name, section), line in zip(sections, lines, strict=True):
            start = time.perf_counter()
            outcome = section(plan, line)
            done.append((name, time.perf_counter() - start, outcome.summary))
            entries += outcome.entries
            with paused(progress):
                _print(console, outcome.tables)
        start = time.perf_counter()
        report = _write(entries, plan, writing)
        files = [SummaryRow(RESULTS, f"{len(entries)} results"), SummaryRow(REPORT, "")]
        done.append(("results and report", time.perf_counter() - start, files))
        if asking is not None:
            start = time.perf_counter()
            answers = answer_questions(plan.out / RESULTS, asking)
            done.append(("questions", time.perf_counter() - start, answers_summary(answers)))
            with paused(progress):
                _print(console, [answers_view(answers)])
    console.print(summary_table(done))
    total = sum(seconds for _, seconds, _ in done)
    console.print(f"total {total:.0f} s; table: {plan.out / TABLE_CSV}")
    console.print(f"report: {report}", soft_wrap=True)


def _print(console: Console, renderables: list[RenderableType]) -> None:
    for renderable in renderables:
        console.print(renderable)
