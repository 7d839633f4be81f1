"""``scalinglaws fit tail FILE``: fit a power-law tail (Clauset, Shalizi & Newman 2009).

Reads one column of numbers (a value/count histogram stays counts; a Parquet column is
counted out of core by :func:`scalinglaws.tails.large.fit_tail_file`, and continuous
columns too large to count are binned), fits the tail, optionally runs the
goodness-of-fit bootstrap and likelihood-ratio comparisons through ``assess``, and
renders the result as a rich table or as JSON. ``--many DIR`` fits every file of a
folder with :func:`scalinglaws.tails.corpus.fit_tails` into one results table.
"""

from __future__ import annotations

import json
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, cast

import typer
from rich.console import Group
from rich.table import Table

from scalinglaws.cli._shell import (
    GofAlias,
    JsonOption,
    PlotOption,
    SaveOption,
    SeedOption,
    WorkersOption,
    err_console,
    out_console,
    print_json,
    progress_bar,
    replicates,
    save_fit,
    write_plot,
)
from scalinglaws.errors import InvalidOptionError
from scalinglaws.tails import BinnedTailFit, TailFit, fit_tails
from scalinglaws.tails.compare import valid_alternatives
from scalinglaws.tails.large import fit_tail_file

if TYPE_CHECKING:
    from scalinglaws.tails import TailAlternative

__all__ = ["parse_alternatives", "render_tail", "tail"]


def parse_alternatives(text: str | None) -> tuple[str, ...] | None:
    """Split ``"lognormal, exponential"`` into names (the library validates them).

    ``"all"`` gives None, every alternative valid for the data.
    """
    if text is None:
        return ()
    if text.strip() == "all":
        return None
    return tuple(name.strip() for name in text.split(",") if name.strip())


def render_tail(fit: TailFit | BinnedTailFit) -> Group:
    """The fit as rich tables: estimates and goodness of fit, then each comparison."""
    if isinstance(fit, BinnedTailFit):
        kind = f"binned, {fit.counts.size} bins"
    else:
        kind = "discrete" if fit.discrete else "continuous"
    table = Table(title=f"Power-law tail ({kind} data)", title_justify="left")
    table.add_column("quantity")
    table.add_column("value", justify="right")
    table.add_column("note")
    for row in fit.summary_rows():
        if row.name.startswith("vs "):  # the likelihood-ratio table below shows the tests
            continue
        note = ": ".join(part for part in (row.note, row.verdict) if part)
        table.add_row(row.name, f"{row.value} {row.interval}".rstrip(), note)
    for message in fit.warnings:
        table.add_row("warning", "", message)
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
            comparison.favoured,
        )
    return Group(table, tests)


def tail(
    file: Annotated[
        Path | None,
        typer.Argument(help="CSV, TSV, Parquet or one-number-per-line text file."),
    ] = None,
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
        typer.Option(
            "--boot", min=0, help="Bootstrap replicates for the goodness-of-fit p (0: skip)."
        ),
    ] = 0,
    gof_alias: GofAlias = None,
    compare: Annotated[
        str | None,
        typer.Option(
            help="Comma-separated alternatives to test, or 'all': "
            + ", ".join(valid_alternatives(discrete=True))
            + " (poisson: discrete data only). With --many the default is 'all'."
        ),
    ] = None,
    drop_nonpositive: Annotated[
        bool,
        typer.Option(
            "--drop-nonpositive", help="Leave zeros and negative values out (and count them)."
        ),
    ] = False,
    resolution: Annotated[
        int,
        typer.Option(
            min=1,
            help="Log bins per decade for continuous Parquet columns too large to count.",
        ),
    ] = 100,
    many: Annotated[
        Path | None,
        typer.Option(help="Fit every file in this folder (one data set per file)."),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(help="With --many: the Parquet results table (resumable)."),
    ] = None,
    ray: Annotated[
        str | None,
        typer.Option(help="With --many: run on this Ray cluster ('auto', 'local', ray://...)."),
    ] = None,
    seed: SeedOption = 0,
    workers: WorkersOption = None,
    as_json: JsonOption = False,
    plot: PlotOption = None,
    save: SaveOption = None,
) -> None:
    """Fit a power-law tail to the numbers in FILE (Clauset, Shalizi & Newman 2009)."""
    gof = replicates(gof, gof=gof_alias)
    alternatives = parse_alternatives(compare)
    if many is not None:
        if file is not None:
            raise InvalidOptionError("pass FILE or --many DIR, not both.")
        _many(
            many,
            out,
            ray,
            gof,
            None if compare is None else alternatives,
            seed,
            workers,
            discrete,
            drop_nonpositive,
            as_json,
        )
        return
    if file is None:
        raise InvalidOptionError("missing FILE: pass a data file, or --many DIR for a folder.")
    options: dict[str, Any] = {} if xmin is None else {"xmin": xmin}
    if xmax is not None:
        options["xmax"] = xmax
    fit = fit_tail_file(
        file,
        column,
        discrete=discrete,
        resolution=resolution,
        drop_nonpositive=drop_nonpositive,
        threads=workers,
        **options,
    )
    if gof > 0 or alternatives != ():
        bar = progress_bar("goodness of fit", total=gof) if gof > 0 else nullcontext(None)
        with bar as advance:
            fit = fit.assess(
                n_boot=gof,
                compare=cast("tuple[TailAlternative, ...] | None", alternatives),
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


def _many(
    folder: Path,
    out: Path | None,
    ray: str | None,
    gof: int,
    alternatives: tuple[str, ...] | None,
    seed: int,
    workers: int | None,
    discrete: bool | None,
    drop_nonpositive: bool,
    as_json: bool,
) -> None:
    """Fit a folder of data sets into one table; print a verdict count (or the rows)."""
    total = sum(1 for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else 0
    with progress_bar("data sets", total=total) as advance:
        table = fit_tails(
            folder,
            n_boot=gof,
            compare=cast("tuple[TailAlternative, ...] | None", alternatives),
            rng=seed,
            discrete=discrete,
            drop_nonpositive=drop_nonpositive,
            out=out,
            workers=workers,
            ray=ray,
            progress=advance,
        )
    if as_json:
        print_json(json.loads(table.to_json(orient="records")))
        return
    summary = Table(title=f"{len(table)} data sets", title_justify="left")
    summary.add_column("verdict")
    summary.add_column("data sets", justify="right")
    verdicts = table["verdict"].fillna("(not assessed)") if "verdict" in table else None
    errors = int(table["error"].notna().sum()) if "error" in table else 0
    if verdicts is not None:
        for name, count in verdicts[table["error"].isna()].value_counts().items():
            summary.add_row(str(name), str(count))
    if errors:
        summary.add_row("could not be fitted", str(errors))
    out_console().print(summary)
    if out is not None:
        err_console().print(f"results table written to {out}")
