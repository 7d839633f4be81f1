"""``scalinglaws fit tail FILE``: fit a power-law tail (Clauset, Shalizi & Newman 2009).

Reads one column of numbers, fits the tail with :func:`scalinglaws.tails.fit_tail`,
optionally runs the goodness-of-fit bootstrap and likelihood-ratio comparisons
through ``TailFit.assess``, and renders the result as a rich table or as JSON.
"""

from __future__ import annotations

import math
from contextlib import nullcontext
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Group
from rich.table import Table

from scalinglaws.cli._shell import (
    JsonOption,
    PlotOption,
    SaveOption,
    SeedOption,
    WorkersOption,
    out_console,
    print_json,
    progress_bar,
    save_fit,
    write_plot,
)
from scalinglaws.tables import read_values
from scalinglaws.tails import Comparison, TailFit, fit_tail
from scalinglaws.tails.compare import valid_alternatives

__all__ = ["parse_alternatives", "render_tail", "tail", "verdict"]


def parse_alternatives(text: str | None) -> tuple[str, ...]:
    """Split ``"lognormal, exponential"`` into names; the library validates them."""
    if text is None:
        return ()
    return tuple(name.strip() for name in text.split(",") if name.strip())


def verdict(comparison: Comparison) -> str:
    """A readable verdict: which model the likelihood-ratio test favours, if any."""
    if comparison.preferred is None:
        return "inconclusive"
    return comparison.preferred.replace("_", " ")


def _fmt(value: float | None, spec: str = ".4g") -> str:
    return "—" if value is None else format(value, spec)


def render_tail(fit: TailFit) -> Group:
    """The fit as rich tables: estimates and goodness of fit, then each comparison."""
    kind = "discrete" if fit.discrete else "continuous"
    table = Table(title=f"Power-law tail ({kind} data)", title_justify="left")
    table.add_column("quantity")
    table.add_column("value", justify="right")
    table.add_column("note")
    alpha = f"{fit.alpha:.4f} ± {_fmt(fit.alpha_stderr, '.4f')}"
    table.add_row("alpha", alpha, "MLE ± std. error")
    table.add_row("xmin", _fmt(fit.xmin), "lower bound of the tail")
    if math.isfinite(fit.xmax):
        table.add_row("xmax", _fmt(fit.xmax), "upper bound of the tail")
    table.add_row("n_tail", str(fit.n_tail), "points in the tail")
    table.add_row("n", str(fit.n), "all points")
    table.add_row("KS D", _fmt(fit.ks_distance), "tail vs fitted CDF")
    gof = fit.gof_result
    if gof is not None:
        plausible = "plausible" if gof.plausible else "ruled out (p <= 0.1)"
        table.add_row("GoF p", f"{gof.p_value:.3f}", f"{gof.n_boot} bootstraps: {plausible}")
    if not fit.comparisons:
        return Group(table)
    tests = Table(
        title="Likelihood-ratio tests (LR > 0 favours the power law)", title_justify="left"
    )
    for column in ("alternative", "LR", "p", "favours"):
        tests.add_column(column, justify="right" if column in ("LR", "p") else "left")
    for comparison in fit.comparisons:
        nested = " (nested: raw R)" if comparison.nested else ""
        tests.add_row(
            comparison.alternative + nested,
            f"{comparison.statistic:+.3f}",
            f"{comparison.p_value:.3f}",
            verdict(comparison),
        )
    return Group(table, tests)


def tail(
    file: Annotated[
        Path, typer.Argument(help="CSV, TSV, Parquet or one-number-per-line text file.")
    ],
    column: Annotated[
        str | None, typer.Option("--column", "-c", help="Column to read (default: the only one).")
    ] = None,
    discrete: Annotated[
        bool | None,
        typer.Option(
            "--discrete/--continuous", help="Data type (default: discrete if all integers)."
        ),
    ] = None,
    xmin: Annotated[float | None, typer.Option(help="Fix xmin instead of scanning for it.")] = None,
    xmax: Annotated[float | None, typer.Option(help="Ignore values above xmax.")] = None,
    gof: Annotated[
        int,
        typer.Option(min=0, help="Bootstrap replicates for the goodness-of-fit p (0: skip)."),
    ] = 0,
    compare: Annotated[
        str | None,
        typer.Option(
            help="Comma-separated alternatives to test: "
            + ", ".join(valid_alternatives(discrete=True))
            + " (poisson: discrete data only)."
        ),
    ] = None,
    seed: SeedOption = 0,
    workers: WorkersOption = None,
    as_json: JsonOption = False,
    plot: PlotOption = None,
    save: SaveOption = None,
) -> None:
    """Fit a power-law tail to the numbers in FILE (Clauset, Shalizi & Newman 2009)."""
    values = read_values(file, column=column)
    fit = fit_tail(values, discrete=discrete, xmin=xmin, xmax=xmax)
    alternatives = parse_alternatives(compare)
    if gof > 0 or alternatives:
        bar = progress_bar("goodness of fit", total=gof) if gof > 0 else nullcontext(None)
        with bar as advance:
            fit = fit.assess(
                n_boot=gof,
                compare=alternatives,
                rng=seed,
                workers=workers,
                progress=advance,
            )
    if plot is not None:
        write_plot(lambda ax: fit.plot(ax=ax), plot)
    if save is not None:
        save_fit(save, fit, file=file, columns={"values": column})
    if as_json:
        print_json(fit.to_dict())
    else:
        out_console().print(render_tail(fit))
