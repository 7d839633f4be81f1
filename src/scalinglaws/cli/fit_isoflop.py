"""``scalinglaws fit isoflop FILE --n COL --d COL --loss COL [--c COL]``: Chinchilla Approach 2.

Groups the runs by compute budget, finds each budget's optimal model size (a
parabola in log N, or the parametric law's exact minimum with ``--method
parametric``) and fits N_opt ~ C^a, D_opt ~ C^b (:func:`scalinglaws.isoflop`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, cast

import typer
from rich.console import Group
from rich.table import Table

from scalinglaws.cli._shell import (
    BootstrapAlias,
    JsonOption,
    SaveOption,
    SeedOption,
    WorkersOption,
    out_console,
    print_json,
    progress_bar,
    replicates,
    save_fit,
    write_plot,
)
from scalinglaws.io import read_values
from scalinglaws.neural import IsoflopFit
from scalinglaws.neural import isoflop as fit_isoflop

if TYPE_CHECKING:
    from scalinglaws.neural import IsoflopMethod

__all__ = ["isoflop", "render_isoflop"]


def render_isoflop(fit: IsoflopFit) -> Group:
    """The exponents with their intervals, then one row per budget."""
    summary = Table(title=fit.summary().title, title_justify="left")
    for column in ("quantity", "value", "95% interval"):
        summary.add_column(column, justify="left" if column == "quantity" else "right")
    intervals = fit.conf_int(0.95)
    for name, label in (("a", "a (N_opt ~ C^a)"), ("b", "b (D_opt ~ C^b)")):
        low, high = intervals.at[name, "lower"], intervals.at[name, "upper"]
        summary.add_row(label, f"{fit.params[name]:.4f}", f"{low:.4f} – {high:.4f}")
    summary.add_row("method", fit.method, "")
    budgets = Table(title="Optimum per budget", title_justify="left")
    for column in ("C", "runs", "N_opt", "D_opt", "loss"):
        budgets.add_column(column, justify="right")
    for row in fit.table().itertuples(index=False):
        budgets.add_row(
            f"{row.C:.3g}", str(row.runs), f"{row.N_opt:.4g}", f"{row.D_opt:.4g}", f"{row.loss:.4g}"
        )
    return Group(summary, budgets)


def isoflop(
    file: Annotated[Path, typer.Argument(help="CSV, TSV or Parquet file with a header row.")],
    n: Annotated[str, typer.Option("--n", help="Column of parameter counts N.")],
    d: Annotated[str, typer.Option("--d", help="Column of training tokens D.")],
    loss: Annotated[str, typer.Option("--loss", help="Column of final losses L.")],
    c: Annotated[
        str | None,
        typer.Option("--c", help="Column of nominal budgets C (default: binned 6ND)."),
    ] = None,
    method: Annotated[
        str, typer.Option(help="parabola (the paper's) or parametric (no parabola bias).")
    ] = "parabola",
    window: Annotated[
        float,
        typer.Option(min=0.0, help="Fit each budget on runs with log L within this of its lowest."),
    ] = 0.1,
    all_runs: Annotated[
        bool, typer.Option("--all-runs", help="Fit every run (no window; the paper's protocol).")
    ] = False,
    bootstrap: Annotated[
        int,
        typer.Option(
            "--boot", min=0, help="Bootstrap replicates for intervals on a and b (0: OLS)."
        ),
    ] = 0,
    bootstrap_alias: BootstrapAlias = None,
    seed: SeedOption = 0,
    workers: WorkersOption = None,
    as_json: JsonOption = False,
    plot: Annotated[
        Path | None, typer.Option(help="Write the IsoFLOP profiles and their minima to this file.")
    ] = None,
    save: SaveOption = None,
) -> None:
    """Compute-optimal exponents from IsoFLOP profiles (Hoffmann et al. 2022, Approach 2)."""
    bootstrap = replicates(bootstrap, bootstrap=bootstrap_alias)
    budgets = read_values(file, column=c) if c is not None else None
    args = (
        read_values(file, column=n),
        read_values(file, column=d),
        read_values(file, column=loss),
    )
    band = None if all_runs else window
    if bootstrap > 0:
        with progress_bar("bootstrap", total=bootstrap) as advance:
            fit = fit_isoflop(
                *args, C=budgets, method=cast("IsoflopMethod", method), window=band,
                n_boot=bootstrap, rng=seed, workers=workers, progress=advance,
            )  # fmt: skip
    else:
        fit = fit_isoflop(*args, C=budgets, method=cast("IsoflopMethod", method), window=band)
    if plot is not None:
        write_plot(lambda ax: fit.plot(ax=ax), plot)
    if save is not None:
        save_fit(save, fit, file=file, columns={"N": n, "D": d, "C": c, "loss": loss})
    if as_json:
        print_json(fit.to_dict())
    else:
        out_console().print(render_isoflop(fit))
