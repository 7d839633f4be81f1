"""``scalinglaws demo``: the toolkit on bundled real data, against published results.

First Clauset, Shalizi & Newman (2009), Tables 3-5: for every bundled
``clauset2009`` tail data set, fit the power law with the data type the paper
used, run the goodness-of-fit bootstrap and every likelihood-ratio test the
paper ran for that type (``TailFit.assess``), and print our numbers above the
published ones with the paper's verdict (:func:`scalinglaws.tails.support.support`).
Then urban scaling, allometry, a census logistic and an epidemic's growth
(:mod:`scalinglaws.cli._natural`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

import pandas as pd
import typer

from scalinglaws.cli._clauset import alternatives_for, record
from scalinglaws.cli._clauset_tables import fits_table, tests_table
from scalinglaws.cli._natural import natural_rows, natural_table
from scalinglaws.cli._shell import advancer, err_console, make_progress, out_console, write_json
from scalinglaws.datasets import list_datasets, load_dataset
from scalinglaws.errors import UnknownDatasetError
from scalinglaws.tails import TailFit, fit_tail

__all__ = ["TABLE_CSV", "demo", "demo_names", "result_row"]

PREFIX = "clauset2009/"
EXAMPLES = "/plfit_example"
TABLE_CSV = "clauset2009_table.csv"
#: Columns the widest table needs; used when stdout is a file or pipe.
TABLE_WIDTH = 128


def demo_names(only: Sequence[str] | None = None) -> list[str]:
    """The paper's bundled data sets, optionally restricted to ``only``.

    That is every ``clauset2009/`` tail data set except the synthetic plfit
    examples (``clauset2009/plfit_example_*``), which are not in the paper's tables.
    """
    frame = list_datasets()
    names = [
        str(name)
        for name, kind in zip(frame["name"], frame["kind"], strict=True)
        if str(name).startswith(PREFIX) and kind == "tail" and EXAMPLES not in str(name)
    ]
    if not only:
        return names
    wanted = [name if name.startswith(PREFIX) else PREFIX + name for name in only]
    unknown = [name for name in wanted if name not in names]
    if unknown:
        raise UnknownDatasetError(
            f"--only: {', '.join(unknown)} is not a bundled clauset2009 tail data set; "
            f"choose from: {', '.join(names)}."
        )
    return wanted


def result_row(name: str, result: TailFit, published: dict[str, Any]) -> dict[str, Any]:
    """The table row of one assessed fit (see :func:`scalinglaws.cli._clauset.record`)."""
    gof = result.gof_result
    ours = {
        "n": result.n,
        "xmin": result.xmin,
        "alpha": result.alpha,
        "alpha_stderr": result.alpha_stderr,
        "n_tail": result.n_tail,
        "p": None if gof is None else gof.p_value,
    }
    tests = {c.alternative: (c.statistic, c.p_value) for c in result.comparisons}
    short = name.removeprefix(PREFIX)
    return record(short, discrete=result.discrete, fit=ours, tests=tests, published=published)


def demo(
    out: Annotated[
        Path | None,
        typer.Option(help="Write each result's JSON and the table as CSV into this folder."),
    ] = None,
    gof: Annotated[
        int, typer.Option(min=1, help="Bootstrap replicates for each goodness-of-fit p.")
    ] = 1000,
    seed: Annotated[int, typer.Option(help="Seed of the bootstrap's random generator.")] = 0,
    workers: Annotated[
        int | None, typer.Option(min=1, help="Worker processes for the bootstrap.")
    ] = None,
    only: Annotated[
        list[str] | None, typer.Option(hidden=True, help="Run only these data sets.")
    ] = None,
) -> None:
    """Reproduce Clauset, Shalizi & Newman (2009), Tables 3-5, on the bundled data."""
    names = demo_names(only)
    rows: list[dict[str, Any]] = []
    with make_progress() as progress:
        overall = progress.add_task("data sets", total=len(names))
        for name in names:
            dataset = load_dataset(name)
            meta = dict(dataset.meta)
            short = name.removeprefix(PREFIX)
            boot = progress.add_task(f"  {short}: fitting", total=gof)
            fit = fit_tail(dataset.data, discrete=bool(meta["discrete"]))
            progress.update(boot, description=f"  {short}: bootstrap")
            result = fit.assess(
                n_boot=gof,
                compare=alternatives_for(fit.discrete),
                rng=seed,
                workers=workers,
                progress=advancer(progress, boot),
            )
            progress.remove_task(boot)
            progress.advance(overall, 1)
            rows.append(result_row(name, result, dict(meta.get("published") or {})))
            if out is not None:
                out.mkdir(parents=True, exist_ok=True)
                write_json(out / f"{name.replace('/', '_')}.json", result.to_dict())
    console = out_console(min_width=TABLE_WIDTH)
    console.print(fits_table(rows))
    for discrete in (False, True):
        subset = [row for row in rows if row["discrete"] == discrete]
        if subset:
            console.print(tests_table(subset, discrete=discrete))
    if not only:
        console.print(natural_table(natural_rows()))
    if out is not None:
        pd.DataFrame(rows).to_csv(out / TABLE_CSV, index=False)
        err_console().print(f"wrote {len(rows)} JSON results and {TABLE_CSV} to {out}")
