"""Plumbing shared by every command: consoles, the error line, progress bars, JSON.

Results and tables go to stdout; progress bars, notes and errors go to stderr,
so that ``--json`` output stays machine-readable.
"""

from __future__ import annotations

import json
import shlex
import warnings
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text
from typer.core import TyperGroup

from scalinglaws._deprecation import deprecated
from scalinglaws._optional import check_extra, needs_extra
from scalinglaws.bundle import file_provenance, save_results
from scalinglaws.errors import FitWarning, ScalingLawError
from scalinglaws.results import FitResult, jsonable

__all__ = [
    "BootstrapAlias",
    "GofAlias",
    "JsonOption",
    "PlotOption",
    "SaveOption",
    "SeedOption",
    "ShellGroup",
    "WorkersOption",
    "advancer",
    "err_console",
    "make_progress",
    "out_console",
    "print_error",
    "print_json",
    "progress_bar",
    "replicates",
    "save_fit",
    "to_json",
    "write_plot",
]


def _plot_needs_matplotlib(path: Path | None) -> Path | None:
    """Refuse ``--plot`` before the fit, not after it, when matplotlib is missing."""
    if path is not None:
        check_extra("plot", "`--plot`")
    return path


# Options every fit command shares, declared once.
SeedOption = Annotated[int, typer.Option(help="Seed of the bootstrap's random generator.")]
WorkersOption = Annotated[
    int | None, typer.Option(min=1, help="Worker processes for the bootstrap.")
]
_Count = TypeVar("_Count", int, int | None)

#: The replicate count is ``--boot N`` in every command; ``--bootstrap`` and ``--gof``,
#: its names in some commands before, are hidden and still read for one release.
BootstrapAlias = Annotated[
    int | None, typer.Option("--bootstrap", hidden=True, min=0, help="Deprecated: --boot.")
]
GofAlias = Annotated[
    int | None, typer.Option("--gof", hidden=True, min=0, help="Deprecated: --boot.")
]
JsonOption = Annotated[
    bool, typer.Option("--json", help="Print the result's to_dict() as JSON only.")
]
PlotOption = Annotated[
    Path | None,
    typer.Option(
        help="Write a plot of the fit to this image file.", callback=_plot_needs_matplotlib
    ),
]
SaveOption = Annotated[
    Path | None,
    typer.Option(
        "--save",
        help="Save the result (with its provenance) to this JSON bundle, "
        "for `scalinglaws report` and `scalinglaws ask`.",
    ),
]

#: The key under which the root callback's ``--debug`` flag lands in ``ctx.params``.
DEBUG_PARAM = "debug"
#: The arguments of the command being run, for ``--save`` (set by :class:`ShellGroup`).
#: A context variable, not ``ctx.meta``: typer >= 0.29 runs commands on its own
#: vendored click, whose current context the ``click`` package cannot see.
CURRENT_ARGV: ContextVar[list[str] | None] = ContextVar("scalinglaws_argv", default=None)
#: The program name recorded in saved command lines (the console script).
PROG_NAME = "scalinglaws"


def out_console(*, min_width: int | None = None) -> Console:
    """A console on the current stdout (looked up per call, so test runners can swap it).

    ``min_width`` widens the output when stdout is a file or pipe (where rich
    would assume 80 columns); a real terminal keeps its own width.
    """
    console = Console(highlight=False)
    if min_width is not None and not console.is_terminal and console.width < min_width:
        console = Console(highlight=False, width=min_width)
    return console


def err_console() -> Console:
    """A console on the current stderr, for progress, notes and errors."""
    return Console(stderr=True, highlight=False)


def print_error(exc: BaseException) -> None:
    """Print ``error: <message>`` as one red line on stderr, never wrapped."""
    message = " ".join(str(exc).split())
    err_console().print(Text(f"error: {message}", style="red"), soft_wrap=True)


def print_fit_warning(message: object) -> None:
    """Print ``warning: <message>`` as one yellow line on stderr (a fit's FitWarning)."""
    text = " ".join(str(message).split())
    err_console().print(Text(f"warning: {text}", style="yellow"), soft_wrap=True)


def replicates(boot: _Count, **aliases: int | None) -> _Count | int:
    """The replicate count: ``--boot``, or a deprecated spelling's value with a warning.

    Parameters
    ----------
    boot : int or None
        The value of ``--boot``.
    **aliases : int or None
        The deprecated options by name (``gof=``, ``bootstrap=``); None when not given.

    Returns
    -------
    int or None
        The count to use.
    """
    for name, value in aliases.items():
        if value is not None:
            print_fit_warning(f"--{name} is deprecated and will be removed; use --boot {value}")
            deprecated(f"--{name}", "--boot", stacklevel=3)
            return value
    return boot


def to_json(data: Mapping[str, Any] | list[Any]) -> str:
    """Strict JSON text: numpy values become plain numbers, NaN and inf become null."""
    return json.dumps(jsonable(data), indent=2, allow_nan=False)


def print_json(data: Mapping[str, Any] | list[Any]) -> None:
    """Print strict JSON on stdout, and nothing else."""
    typer.echo(to_json(data))


class ShellGroup(TyperGroup):
    """The root command group: a :class:`ScalingLawError` becomes one red line and exit 1.

    A :class:`FitWarning` (a fit that says it cannot be fully trusted) becomes one
    yellow ``warning:`` line on stderr, once per message, and the command goes on.
    With ``--debug`` the exception propagates and the traceback is shown. The
    arguments of the call are kept in :data:`CURRENT_ARGV` so that ``--save``
    can record the command line that reproduces a result.
    """

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: Any = None,
        **extra: Any,
    ) -> Any:
        argv = [PROG_NAME, *args]
        ctx = super().make_context(info_name, args, parent, **extra)
        if parent is None:
            CURRENT_ARGV.set(argv)
        return ctx

    def invoke(self, ctx: Any) -> Any:
        caught: list[warnings.WarningMessage] = []
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", FitWarning)
                return super().invoke(ctx)
        except ScalingLawError as exc:
            if ctx.params.get(DEBUG_PARAM):
                raise
            print_error(exc)
            raise typer.Exit(code=1) from None
        finally:  # outside the recording: a warning shown again must not land in `caught`
            _report_warnings(caught)


def _report_warnings(caught: list[warnings.WarningMessage]) -> None:
    """FitWarnings as ``warning:`` lines (each message once); other warnings re-shown."""
    seen: set[str] = set()
    for record in caught:
        if issubclass(record.category, FitWarning):
            if str(record.message) not in seen:
                seen.add(str(record.message))
                print_fit_warning(record.message)
        else:
            warnings.warn_explicit(record.message, record.category, record.filename, record.lineno)


def make_progress(console: Console | None = None) -> Progress:
    """A rich progress display on stderr: description, bar, count, elapsed and remaining."""
    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console or err_console(),
    )


@contextmanager
def progress_bar(description: str, total: int) -> Iterator[Callable[[int], None]]:
    """Show one progress bar; yields the ``progress=`` callback the library calls."""
    with make_progress() as progress:
        yield advancer(progress, progress.add_task(description, total=total))


def advancer(progress: Progress, task: TaskID) -> Callable[[int], None]:
    """The ``progress=`` callback that moves ``task`` on by the replicates just finished."""

    def advance(done: int) -> None:
        progress.advance(task, done)

    return advance


def write_plot(
    draw: Callable[[Any], object], path: Path, size: tuple[float, float] = (6.5, 4.5)
) -> None:
    """Save the figure that ``draw(ax)`` makes to `path` (matplotlib imported lazily)."""
    with needs_extra("plot", "`--plot`"):
        from matplotlib.figure import Figure  # only --plot needs matplotlib

    figure = Figure(figsize=size, layout="constrained")
    draw(figure.subplots())
    figure.savefig(path)
    err_console().print(f"plot written to {path}")


def command_line() -> str | None:
    """The command line of the current call (``scalinglaws fit ...``), shell-quoted."""
    argv = CURRENT_ARGV.get()
    return None if argv is None else shlex.join(argv)


def save_fit(
    path: Path,
    fit: FitResult,
    *,
    file: Path,
    columns: Mapping[str, Any],
    extras: Mapping[str, Any] | None = None,
) -> None:
    """Save one fit to a results bundle with the input's provenance and the command line."""
    provenance = file_provenance(file, columns=columns, command=command_line())
    save_results(fit, path, provenance=provenance, extras=extras)
    err_console().print(f"result saved to {path}")
