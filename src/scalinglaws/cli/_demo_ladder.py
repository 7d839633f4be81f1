"""The demo's ladder section: our own language models, from the ladder to a checked prediction.

Runs the bundled demo ladder (``--quick``: the tiny quick ladder) under
``DIR/ladder`` with ``resume=True``, so an interrupted demo continues where it
stopped; fits L(N, D) to the finished runs; predicts the held-out target rung with
a bootstrap interval (stored in the registry before the target trains); trains the
target; and sets the prediction against the trained loss and the seed-to-seed spread.
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
    inside = {True: ", inside the interval", False: ", outside the interval", None: ""}
    return (
        f"{report.prediction} for the held-out target; the trained target reached "
        f"{report.actual:.4f}, a relative error of {report.relative_error:+.2%}"
        f"{inside[report.within_interval]}"
    )


def _spread(report: TargetReport) -> str:
    spread = report.ladder_seed_spread
    return "one seed: no spread" if spread is None else f"{spread:.2%} (median rel. std)"


def ladder_section(plan: Plan, line: Line) -> Outcome:
    """Run, fit, predict, train the target and report; the ladder's fit goes to the bundle."""
    from scalinglaws.lm.ladder import Ladder

    folder = plan.out / FOLDER
    ladder = Ladder.quick(folder) if plan.quick else Ladder.demo(folder)
    name = ladder.config.name
    line.start(total=len(ladder.plan()))
    summary = ladder.run(
        "local", resume=True, workers=plan.ladder_workers, progress=_follow(line, "ladder")
    )
    _check(summary, ladder, f"ladder {name!r}")
    line.update(f"fit and bootstrap ({plan.ladder_boot} replicates)")
    law = ladder.fit(n_boot=plan.ladder_boot, rng=plan.seed, workers=plan.workers)
    prediction = ladder.stored_prediction() or ladder.predict_target(0.95, fit=law)
    line.update("target", total=len(ladder.target_plan()), completed=0)
    summary = ladder.run_target(workers=1, prediction=prediction, progress=_follow(line, "target"))
    _check(summary, ladder, f"target of ladder {name!r}")
    report = ladder.report()
    outcome = Outcome()
    provenance = plan.provenance(file=str(ladder.registry_path), ladder=name)
    extras = {"target_prediction": {**report.to_dict(), "verdict": _verdict(report)}}
    outcome.entries.append(BundleEntry(law, provenance, extras))
    outcome.tables += [_runs_table(ladder), f"[bold]Held-out target[/bold]\n{report}"]
    target = ladder.target_plan()[0]
    pred = report.prediction
    interval = "" if pred.lower is None else f" [{pred.lower:.4f}, {pred.upper:.4f}]"
    outcome.summary += [
        SummaryRow(
            f"ladder {name!r}: loss of {target.size} (N={pred.N:,.0f}, D={pred.D:,.0f})",
            f"predicted {pred.loss:.4f}{interval}",
            f"trained {report.actual:.4f}",
        ),
        SummaryRow("ladder: relative error", f"{report.relative_error:+.2%}", ""),
        SummaryRow("ladder: seed-to-seed spread", _spread(report), ""),
    ]
    line.finish(f"{len(ladder.plan())} runs and the target, error {report.relative_error:+.1%}")
    return outcome
