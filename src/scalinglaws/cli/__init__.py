"""The ``scalinglaws`` command line (docs/overview.md lists its commands).

A thin Typer shell over the library: each command parses its options, calls
one library function, renders the result with rich and sets the exit code.
This package is the only place that imports rich. One module per command:

* :mod:`.fit_tail`  ``scalinglaws fit tail FILE``
* :mod:`.fit_relation`  ``scalinglaws fit relation FILE --x COL --y COL``
* :mod:`.fit_growth`  ``scalinglaws fit growth FILE --t COL --y COL``
* :mod:`.fit_neural`  ``scalinglaws fit neural FILE --n COL --d COL --loss COL``
* :mod:`.fit_isoflop`  ``scalinglaws fit isoflop FILE --n COL --d COL --loss COL [--c COL]``
* :mod:`.datasets`  ``scalinglaws datasets list | show NAME``
* :mod:`.demo`      ``scalinglaws demo [--quick] [--out DIR]`` (the whole toolkit on bundled data)
* :mod:`.ladder`    ``scalinglaws ladder run | fit | status | demo CONFIG.toml``
* :mod:`.report`    ``scalinglaws report RESULTS.json... --out report.html``
* :mod:`.ask`       ``scalinglaws ask "QUESTION" --results RESULTS.json [--model NAME_OR_PATH]``
* :mod:`.serve`     ``scalinglaws serve [--host 127.0.0.1] [--port 8000]`` (the web app)
* :mod:`.bench`     ``scalinglaws bench SUITE [--out DIR] [--data DIR] [--methods a,b]``
* :mod:`.forecast`  ``scalinglaws forecast FILE --t COL --y COL --horizon H [--method ensemble]``

A :class:`~scalinglaws.errors.ScalingLawError` prints one red line
``error: <message>`` on stderr and exits with code 1; ``--debug`` shows the
traceback instead.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import Annotated

import typer

from scalinglaws.cli import (
    datasets,
    demo,
    fit_growth,
    fit_isoflop,
    fit_neural,
    fit_relation,
    fit_tail,
    ladder,
)
from scalinglaws.cli._shell import ShellGroup
from scalinglaws.cli.ask import ask
from scalinglaws.cli.bench import bench
from scalinglaws.cli.forecast import forecast_command
from scalinglaws.cli.report import report
from scalinglaws.cli.serve import serve

__all__ = ["app", "main"]

app = typer.Typer(
    cls=ShellGroup,
    name="scalinglaws",
    help="Fit scaling laws rigorously: power-law tails, relations, growth and neural laws.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)

fit_app = typer.Typer(help="Fit a law to the numbers in a file.", no_args_is_help=True)
fit_app.command("tail")(fit_tail.tail)
fit_app.command("relation")(fit_relation.relation)
fit_app.command("growth")(fit_growth.growth)
fit_app.command("neural")(fit_neural.neural)
fit_app.command("isoflop")(fit_isoflop.isoflop)
app.add_typer(fit_app, name="fit")
app.add_typer(datasets.app, name="datasets")
app.add_typer(ladder.app, name="ladder")
app.command("demo")(demo.demo)
app.command("report")(report)
app.command("ask")(ask)
app.command("serve")(serve)
app.command("bench")(bench)
app.command("forecast")(forecast_command)


def _package_version() -> str:
    try:
        return version("scalinglaws")
    except PackageNotFoundError:  # pragma: no cover - only when run from an uninstalled tree
        return "unknown"


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"scalinglaws {_package_version()}")
        raise typer.Exit()


@app.callback()
def _root(
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the full traceback when an error occurs.")
    ] = False,
    show_version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_show_version,
            is_eager=True,
            help="Print the version and exit.",
        ),
    ] = False,
) -> None:
    """Fit scaling laws rigorously: power-law tails, relations, growth and neural laws."""


def main() -> None:
    """Entry point of the ``scalinglaws`` console script."""
    app()
