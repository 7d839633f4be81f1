"""What every section of ``scalinglaws demo`` shares: the plan, a section's outcome, its line.

A section is a function ``(plan, line) -> Outcome``: it fits, moves its line of the
progress display, and hands back its results (for ``results.json``), the tables it
prints and its rows of the closing summary. Sections never print; the command does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import RenderableType
from rich.progress import Progress, TaskID
from rich.table import Table

from scalinglaws.bundle import BundleEntry

__all__ = ["Line", "Outcome", "Plan", "SummaryRow", "paused", "summary_table"]


@dataclass(frozen=True)
class Plan:
    """How much work the demo does: the full demo, or ``--quick`` (about a minute)."""

    out: Path
    quick: bool = False
    gof: int = 1000  # goodness-of-fit replicates of each Clauset data set
    chinchilla_boot: int = 400  # bootstrap replicates of the Chinchilla refit
    forecast_boot: int = 500  # bootstrap replicates of the epidemic forecast
    ladder_workers: int = 2  # runs of our ladder trained at once
    seed: int = 0
    workers: int | None = None  # processes of the bootstraps
    command: str | None = None  # the command line, recorded in every result's provenance

    @classmethod
    def make(
        cls,
        out: Path,
        *,
        quick: bool,
        gof: int | None = None,
        seed: int = 0,
        workers: int | None = None,
        command: str | None = None,
    ) -> Plan:
        """The full plan, or the quick one: fewer replicates everywhere, the tiny ladder."""
        if quick:
            return cls(
                out,
                quick=True,
                gof=gof or 50,
                chinchilla_boot=20,
                forecast_boot=100,
                seed=seed,
                workers=workers,
                command=command,
            )
        return cls(out, gof=gof or 1000, seed=seed, workers=workers, command=command)

    def provenance(self, dataset: str | None = None, **more: Any) -> dict[str, Any]:
        """A bundle provenance record: the bundled data set, the demo's command line."""
        record: dict[str, Any] = {} if dataset is None else {"dataset": dataset}
        record.update({key: value for key, value in more.items() if value is not None})
        if self.command is not None:
            record["command"] = self.command
        return record


@dataclass(frozen=True)
class SummaryRow:
    """One row of the closing summary: what, our value, the published one."""

    result: str
    value: str
    published: str = ""


@dataclass
class Outcome:
    """What a section hands back: results, the tables it prints, its summary rows."""

    entries: list[BundleEntry] = field(default_factory=list)
    tables: list[RenderableType] = field(default_factory=list)
    summary: list[SummaryRow] = field(default_factory=list)


class Line:
    """One section's line of the progress display: ``label: what it is doing``."""

    def __init__(self, progress: Progress, label: str) -> None:
        self.progress = progress
        self.label = label
        self.task: TaskID = progress.add_task(f"{label}: waiting", total=None, start=False)

    def start(self, total: float | None = None) -> None:
        self.progress.start_task(self.task)
        self.update("starting", total=total)

    def update(
        self,
        info: str | None = None,
        *,
        total: float | None = None,
        completed: float | None = None,
        advance: float | None = None,
    ) -> None:
        """Set what the section is doing, its total work, and how far it is."""
        fields: dict[str, Any] = {}
        if info is not None:
            fields["description"] = f"{self.label}: {info}"
        if total is not None:
            fields["total"] = total
        if completed is not None:
            fields["completed"] = completed
        if advance is not None:
            fields["advance"] = advance
        self.progress.update(self.task, **fields)

    def advancer(self) -> Callable[[int], None]:
        """The ``progress=`` callback of the library's bootstraps: advance by replicates done."""

        def advance(done: int) -> None:
            self.progress.advance(self.task, done)

        return advance

    def finish(self, info: str = "done") -> None:
        total = self.progress.tasks[self.task].total
        done = 1.0 if total is None else total
        self.update(info, total=done, completed=done)
        self.progress.stop_task(self.task)


@contextmanager
def paused(progress: Progress) -> Iterator[None]:
    """Take the live display off the screen while tables print, then bring it back.

    The intermediate stops are transient (nothing of the display is left behind);
    the final stop of the ``with make_progress()`` block leaves the last display.
    Off a terminal the display draws nothing until it stops, so it keeps running.
    """
    live = progress.live
    if not live.is_started or not live.console.is_terminal:
        yield
        return
    transient = live.transient
    live.transient = True
    progress.stop()
    live.transient = transient
    try:
        yield
    finally:
        progress.start()


def summary_table(rows: Sequence[tuple[str, float, Sequence[SummaryRow]]]) -> Table:
    """The closing table: one block per section (name, seconds, rows)."""
    table = Table(title="Demo summary", title_justify="left")
    for column in ("section", "result", "value", "published", "time"):
        table.add_column(column, justify="right" if column == "time" else "left")
    for name, seconds, listed in rows:
        items = list(listed) or [SummaryRow("", "")]
        for index, row in enumerate(items):
            first = index == 0
            table.add_row(
                name if first else "",
                row.result,
                row.value,
                row.published,
                f"{seconds:.0f} s" if first else "",
                end_section=index == len(items) - 1,
            )
    return table
