"""The demo's ladder section: our own language models, from the ladder to a checked prediction.

Runs the bundled demo ladder (``--quick``: the tiny quick ladder) under
``DIR/ladder`` with ``resume=True``, so an interrupted demo continues where it
stopped; fits the power law in N along the target's budget to the finished runs;
predicts every target size with a prediction interval (stored in the registry
before the targets train); trains the targets; and sets each trained target model
against its prediction and the seed-to-seed spreads.
torch is imported only when the section runs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.table import Table

from scalinglaws.bundle import BundleEntry
from scalinglaws.cli._demo_common import Line, Outcome, Plan, SummaryRow
from scalinglaws.errors import FitError

if TYPE_CHECKING:
    from scalinglaws.lm.ladder import Ladder, LadderStatus, RunSummary, TargetReport

__all__ = ["ladder_section"]

FOLDER = "ladder"


def _follow(line: Line, what: str) -> Callable[[LadderStatus], None]:
    """The ladder's ``progress=`` callback: runs done of planned, and the current loss."""

    def update(status: LadderStatus) -> None:
        losses = [f"{r.run_id} loss {r.loss:.3f}" for r in status.running if r.loss is not None]
        speed = f", {status.tokens_per_s:,.0f} tok/s" if status.tokens_per_s else ""
        info = f"{what}{speed}" + (f", {', '.join(losses)}" if losses else "")
        line.update(info, total=status.total, completed=status.done)

    return update


def _check(summary: RunSummary, ladder: Ladder, what: str) -> None:
    if summary.failed:
        raise FitError(
            f"{what}: {len(summary.failed)} of {summary.planned} runs failed "
            f"({', '.join(summary.failed)}); see `scalinglaws ladder status "
            f"{ladder.config.source} --out {ladder.registry_path.parent}`; "
            "run the demo again to retry them (the ladder resumes)."
        )


def _runs_table(ladder: Ladder) -> Table:
    results = ladder.results()
    table = Table(
        title=f"Our ladder {ladder.config.name!r} ({ladder.registry_path})", title_justify="left"
    )
    for column in ("run", "N", "D", "loss", "s"):
        table.add_column(column, justify="left" if column == "run" else "right")
    for row in results.itertuples(index=False):
        loss = "" if row.loss != row.loss else f"{row.loss:.4f}"
        seconds = "" if row.wall_time != row.wall_time else f"{row.wall_time:.0f}"
        table.add_row(str(row.run_id), f"{row.N:,.0f}", f"{row.D:,.0f}", loss, seconds)
    return table


def _verdict(report: TargetReport) -> str:
    inside = report.all_inside
    where = {True: ", all inside their intervals", False: ", not all inside", None: ""}[inside]
    errors = ", ".join(f"{e:+.2%}" for e in report.relative_errors)
    return (
        f"{len(report.runs)} held-out target model(s) predicted with relative errors "
        f"{errors} (largest |error| {report.max_abs_error:.2%}){where}"
    )


def _spread(spread: float | None) -> str:
    return "one seed: no spread" if spread is None else f"{spread:.2%} (median rel. std)"


def _targets_table(report: TargetReport) -> Table:
    table = Table(title="Held-out targets (each trained model)", title_justify="left")
    for column in ("run", "N", "D", "predicted", "95% interval", "trained", "error", "inside"):
        table.add_column(column, justify="left" if column == "run" else "right")
    for run in report.runs:
        p = run.prediction
        interval = "" if p.lower is None or p.upper is None else f"{p.lower:.4f}-{p.upper:.4f}"
        table.add_row(
            run.run_id,
            f"{p.N:,.0f}",
            f"{p.D:,.0f}",
            f"{p.loss:.4f}",
            interval,
            f"{run.trained:.4f}",
            f"{run.relative_error:+.2%}",
            {True: "yes", False: "NO", None: ""}[run.inside],
        )
    return table


def ladder_section(plan: Plan, line: Line) -> Outcome:
    """Run, fit, predict, train the targets and report; the ladder's law goes to the bundle."""
    from scalinglaws.lm.ladder import Ladder

    folder = plan.out / FOLDER
    ladder = Ladder.quick(folder) if plan.quick else Ladder.demo(folder)
    name = ladder.config.name
    line.start(total=len(ladder.plan()))
    summary = ladder.run(
        "local", resume=True, workers=plan.ladder_workers, progress=_follow(line, "ladder")
    )
    _check(summary, ladder, f"ladder {name!r}")
    line.update("fit the law along the target's budget")
    law = ladder.fit_budget()
    predictions = ladder.stored_predictions() or ladder.predict_targets(0.95, fit=law)
    line.update("targets", total=len(ladder.target_plan()), completed=0)
    summary = ladder.run_target(
        workers=plan.ladder_workers, prediction=predictions, progress=_follow(line, "targets")
    )
    _check(summary, ladder, f"targets of ladder {name!r}")
    report = ladder.report()
    outcome = Outcome()
    provenance = plan.provenance(file=str(ladder.registry_path), ladder=name)
    extras = {"target_prediction": {**report.to_dict(), "verdict": _verdict(report)}}
    outcome.entries.append(BundleEntry(law, provenance, extras))
    outcome.tables += [_runs_table(ladder), _targets_table(report)]
    for run in report.runs:
        p = run.prediction
        interval = "" if p.lower is None else f" [{p.lower:.4f}, {p.upper:.4f}]"
        outcome.summary.append(
            SummaryRow(
                f"ladder {name!r}: {run.run_id} (N={p.N:,.0f}, D={p.D:,.0f})",
                f"predicted {p.loss:.4f}{interval}",
                f"trained {run.trained:.4f} ({run.relative_error:+.2%})",
            )
        )
    outcome.summary += [
        SummaryRow(
            "ladder: relative error",
            ", ".join(f"{e:+.2%}" for e in report.relative_errors),
            f"largest |error| {report.max_abs_error:.2%}",
        ),
        SummaryRow(
            "ladder: seed-to-seed spread of the ladder", _spread(report.ladder_seed_spread), ""
        ),
        SummaryRow(
            "ladder: seed-to-seed spread of the targets", _spread(report.target_seed_spread), ""
        ),
    ]
    line.finish(
        f"{len(ladder.plan())} runs and {len(report.runs)} targets, "
        f"largest |error| {report.max_abs_error:.1%}"
    )
    return outcome
