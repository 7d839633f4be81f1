"""``scalinglaws ladder run | fit | status | demo``: the scaling ladder of our own models.

``CONFIG`` is a ladder TOML file, or ``demo`` for the bundled demo ladder (its
registry and checkpoints go to ``--out``). torch is imported only inside the
commands, so ``scalinglaws --help`` stays fast.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from scalinglaws._optional import check_extra
from scalinglaws.cli._shell import (
    BootstrapAlias,
    JsonOption,
    err_console,
    out_console,
    print_json,
    replicates,
)

if TYPE_CHECKING:
    from scalinglaws.lm.ladder import Ladder, LadderStatus, RunSummary, TargetPrediction

__all__ = ["app", "fit", "run", "status"]

app = typer.Typer(
    help="Train a ladder of our own language models and fit its scaling law.",
    no_args_is_help=True,
)

ConfigArg = Annotated[
    str, typer.Argument(help="Ladder TOML file, or 'demo' for the bundled demo ladder.")
]
OutOption = Annotated[
    Path | None,
    typer.Option(
        "--out",
        help="Folder for the registry and checkpoints (default: next to the config; "
        "./ladder-demo for the demo).",
    ),
]
ExecutorOption = Annotated[
    str, typer.Option(help="local (this machine) or ray (pip install 'scalinglaws[ray]').")
]
WorkersOption = Annotated[
    int, typer.Option(min=1, help="Runs trained at once (processes, or Ray tasks in flight).")
]


def _ladder(config: str, out: Path | None) -> Ladder:
    check_extra("lm", "`scalinglaws ladder`")
    from scalinglaws.lm.ladder import Ladder

    if config == "demo":
        return Ladder.demo(out or Path("ladder-demo"))
    return Ladder.from_toml(config, out_dir=out)


def _describe(status: LadderStatus) -> str:
    parts = []
    if status.tokens_per_s:
        parts.append(f"{status.tokens_per_s:,.0f} tok/s")
    for running in status.running:
        loss = "…" if running.loss is None else f"{running.loss:.3f}"
        share = running.tokens / max(running.tokens_planned, 1)
        parts.append(f"{running.run_id} {share:.0%} loss {loss}")
    if status.failed:
        parts.append(f"[red]{status.failed} failed[/red]")
    return " | ".join(parts)


@contextmanager
def _progress_display(title: str) -> Iterator[Callable[[LadderStatus], None]]:
    """A rich display: runs done of planned, elapsed time, tokens/s and the current loss.

    It appears at the first update, so an error raised before any run starts prints
    as one line.
    """
    progress = Progress(
        TextColumn(f"[bold]{title}[/bold]"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[info]}"),
        console=err_console(),
    )
    task = progress.add_task(title, total=None, info="")

    def update(status: LadderStatus) -> None:
        if not progress.live.is_started:
            progress.start()
        progress.update(task, total=status.total, completed=status.done, info=_describe(status))

    try:
        yield update
    finally:
        if progress.live.is_started:
            progress.stop()


def _report_summary(summary: RunSummary, what: str, registry: Path) -> None:
    console = err_console()
    console.print(
        f"{what}: {summary.done} of {summary.planned} runs done in {summary.seconds:.0f} s "
        f"(registry {registry})",
        soft_wrap=True,
    )
    if summary.elsewhere:
        console.print(f"still running in another process: {', '.join(summary.elsewhere)}")
    if summary.failed:
        console.print(
            f"[red]failed: {', '.join(summary.failed)}[/red] (see `scalinglaws ladder status`; "
            "--resume retries them)"
        )
        raise typer.Exit(code=1)


def run(
    config: ConfigArg,
    executor: ExecutorOption = "local",
    resume: Annotated[
        bool, typer.Option("--resume", help="Skip finished runs, continue interrupted ones.")
    ] = False,
    workers: WorkersOption = 1,
    out: OutOption = None,
    ray_address: Annotated[
        str | None, typer.Option(help="Address of a running Ray cluster (default: start one).")
    ] = None,
    keep_checkpoints: Annotated[
        bool, typer.Option(help="Keep each run's checkpoint after it finishes.")
    ] = False,
) -> None:
    """Train every run of the ladder that is not finished (target excluded)."""
    ladder = _ladder(config, out)
    with _progress_display("ladder") as update:
        summary = ladder.run(
            executor,
            resume=resume,
            workers=workers,
            progress=update,
            keep_checkpoints=keep_checkpoints,
            ray_address=ray_address,
        )
    _report_summary(summary, "ladder", ladder.registry_path)


def _results_table(ladder: Ladder) -> Table:
    results = ladder.results()
    table = Table(title=f"ladder {ladder.config.name!r}", title_justify="left")
    for column in ("run", "N", "D", "C", "loss", "status", "attempts", "tok/s"):
        table.add_column(column, justify="left" if column in ("run", "status") else "right")
    for row in results.itertuples(index=False):
        loss = "" if row.loss != row.loss else f"{row.loss:.4f}"
        speed = "" if row.tokens_per_s != row.tokens_per_s else f"{row.tokens_per_s:,.0f}"
        table.add_row(
            str(row.run_id),
            f"{row.N:.3g}",
            f"{row.D:.3g}",
            f"{row.C:.3g}",
            loss,
            str(row.status),
            str(row.attempts),
            speed,
        )
    return table


def status(config: ConfigArg, out: OutOption = None, as_json: JsonOption = False) -> None:
    """Show every planned run: N, D, C, loss, status, attempts and tokens/s."""
    ladder = _ladder(config, out)
    if as_json:
        print_json({"runs": ladder.results().to_dict(orient="records")})
        return
    out_console(min_width=110).print(_results_table(ladder))


def _fit_and_predict(
    ladder: Ladder,
    *,
    protocol: str,
    form: str,
    bootstrap: int,
    level: float,
    seed: int,
    payload: dict[str, Any],
    show: Callable[[Any], None],
) -> tuple[TargetPrediction, ...] | None:
    """Fit the ladder's law (shown and put in the payload); predict the targets if any."""
    if protocol == "surface" or ladder.config.target is None:
        law = ladder.fit(form, n_boot=bootstrap, rng=seed)
        payload["fit"] = law.to_dict()
        from scalinglaws.cli.fit_neural import render_neural

        show(render_neural(law))
        iso = ladder.isoflop()
        if iso is not None:
            payload["isoflop"] = iso.to_dict()
            show(str(iso.summary()))
        if ladder.config.target is None:
            return None
        return ladder.predict_targets(level, protocol="surface", fit=law)
    budget = ladder.fit_budget()
    payload["fit"] = budget.to_dict()
    show(f"power law in N along the target's budget: {budget.summary()}")
    return ladder.predict_targets(level, protocol="budget", fit=budget)


def fit(
    config: ConfigArg,
    out: OutOption = None,
    protocol: Annotated[
        str,
        typer.Option(
            help="budget: a power law in N along the target's budget (the default); "
            "surface: fit_neural with --form on every run."
        ),
    ] = "budget",
    form: Annotated[
        str, typer.Option(help="The surface's form: chinchilla, chinchilla_tied or kaplan.")
    ] = "chinchilla",
    bootstrap: Annotated[
        int, typer.Option("--boot", min=0, help="Bootstrap replicates of the surface fit.")
    ] = 200,
    bootstrap_alias: BootstrapAlias = None,
    level: Annotated[float, typer.Option(help="Level of the prediction interval.")] = 0.95,
    seed: Annotated[int, typer.Option(help="Seed of the bootstrap.")] = 0,
    train_target: Annotated[
        bool, typer.Option(help="Train the target rung and report the prediction error.")
    ] = True,
    executor: ExecutorOption = "local",
    workers: WorkersOption = 1,
    as_json: JsonOption = False,
) -> None:
    """Fit the law to the finished runs, predict the target rung, train it, report the error."""
    bootstrap = replicates(bootstrap, bootstrap=bootstrap_alias)
    ladder = _ladder(config, out)
    payload: dict[str, Any] = {}
    console = out_console(min_width=100)

    def show(item: Any) -> None:
        if not as_json:
            console.print(item)

    stored = ladder.stored_predictions() if train_target else None
    predictions = _fit_and_predict(
        ladder,
        protocol=protocol,
        form=form,
        bootstrap=bootstrap,
        level=level,
        seed=seed,
        payload=payload,
        show=show,
    )
    if predictions is None:
        if as_json:
            print_json(payload)
        return
    predictions = stored or predictions
    payload["predictions"] = [p.to_dict() for p in predictions]
    for prediction in predictions:
        show(f"target {prediction}")
    if train_target:
        with _progress_display("target") as update:
            summary = ladder.run_target(
                executor, workers=workers, progress=update, prediction=predictions
            )
        _report_summary(summary, "target", ladder.registry_path)
        report = ladder.report()
        payload["report"] = report.to_dict()
        payload["targets"] = payload["report"]["targets"]
        show(str(report))
    if as_json:
        print_json(payload)


def demo(
    out: Annotated[Path, typer.Option("--out", help="Folder for the registry.")] = Path(
        "ladder-demo"
    ),
    workers: WorkersOption = 2,
    bootstrap: Annotated[int, typer.Option("--boot", min=0, help="Bootstrap replicates.")] = 200,
    bootstrap_alias: BootstrapAlias = None,
    as_json: JsonOption = False,
) -> None:
    """Run the bundled demo ladder end to end: ladder, fit, predictions, targets, errors.

    With --json, ``targets`` lists every trained target model: predicted, lower,
    upper, trained, relative_error (and size, seed, N, D, level, inside).
    """
    ladder = _ladder("demo", out)
    with _progress_display("ladder") as update:
        summary = ladder.run("local", resume=True, workers=workers, progress=update)
    _report_summary(summary, "ladder", ladder.registry_path)
    bootstrap = replicates(bootstrap, bootstrap=bootstrap_alias)
    fit("demo", out=out, bootstrap=bootstrap, workers=workers, as_json=as_json)


app.command("run")(run)
app.command("fit")(fit)
app.command("status")(status)
app.command("demo")(demo)
