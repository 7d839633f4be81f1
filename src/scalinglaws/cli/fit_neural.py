"""``scalinglaws fit neural FILE --n COL --d COL --loss COL``: fit L(N, D) to a ladder of runs.

Reads the columns, fits with :func:`scalinglaws.fit_neural` (Hoffmann et al.
2022's objective and 4,500 starts), optionally bootstraps it and evaluates the
compute-optimal allocation, and renders a rich table or JSON.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, cast

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
from scalinglaws.errors import InvalidOptionError
from scalinglaws.io import read_table, read_values
from scalinglaws.neural import NeuralFit, fit_neural

if TYPE_CHECKING:
    from scalinglaws.neural import NeuralFormName, NeuralObjective, NeuralVariable

__all__ = ["neural", "render_neural"]


def render_neural(fit: NeuralFit, budgets: tuple[float, ...] = ()) -> Group:
    """Render a neural fit: estimates, then the compute-optimal table.

    The estimates carry 95% intervals (bootstrap when present, else asymptotic), the
    compute-optimal table its own intervals.
    """
    table = Table(title=fit.summary().title, title_justify="left")
    for column in ("quantity", "value", "95% interval"):
        table.add_column(column, justify="left" if column == "quantity" else "right")
    intervals = fit.conf_int(0.95)
    values = {**fit.params, **(fit.frontier if fit.chinchilla_like else {})}
    if fit.single_resource:
        table.add_row("resource X", fit.variable, "")
    for name, value in values.items():
        span = ""
        if name in intervals.index:
            low, high = intervals.at[name, "lower"], intervals.at[name, "upper"]
            span = f"{low:.4g} – {high:.4g}"
        table.add_row(name, f"{value:.6g}", span)
    table.add_row("runs", str(fit.n_runs), "")
    table.add_row("objective", f"{fit.objective:.6g}", "")
    table.add_row("best basin", f"{fit.n_best_basin} of {fit.n_starts} starts", "")
    if not budgets:
        return Group(table)
    optimal = fit.compute_optimal(list(budgets), level=0.95)
    plan = Table(title="Compute-optimal allocation", title_justify="left")
    for column in ("C", "N_opt", "D_opt", "tokens/param", "loss"):
        plan.add_column(column, justify="right")
    for row in optimal.itertuples(index=False):
        cells = [f"{row.C:.3g}"]
        for key in ("N_opt", "D_opt", "tokens_per_param", "loss"):
            text = f"{getattr(row, key):.4g}"
            text += f" ({getattr(row, key + '_lower'):.3g}–{getattr(row, key + '_upper'):.3g})"
            cells.append(text)
        plan.add_row(*cells)
    return Group(table, plan)


def neural(
    file: Annotated[Path, typer.Argument(help="CSV, TSV or Parquet file with a header row.")],
    n: Annotated[str, typer.Option("--n", help="Column of parameter counts N.")],
    loss: Annotated[str, typer.Option("--loss", help="Column of final losses L.")],
    d: Annotated[
        str | None, typer.Option("--d", help="Column of training tokens D (or give --c).")
    ] = None,
    c: Annotated[
        str | None,
        typer.Option("--c", help="Column of training FLOPs C; D = C / (6 N) when --d is absent."),
    ] = None,
    form: Annotated[
        str,
        typer.Option(
            help="chinchilla, chinchilla_tied, power, power_offset, kaplan, data_constrained, "
            "bnsl or m4 (broken_power: deprecated name of bnsl)."
        ),
    ] = "chinchilla",
    variable: Annotated[
        str, typer.Option(help="The resource X of power, power_offset, bnsl, m4: N, D, C or steps.")
    ] = "N",
    unique: Annotated[
        str | None,
        typer.Option("--unique", help="Column of unique tokens U per run (data_constrained)."),
    ] = None,
    objective: Annotated[
        str,
        typer.Option(
            help="huber (the papers'), least_squares, or asymmetric (penalise under-prediction)."
        ),
    ] = "huber",
    huber_delta: Annotated[
        float, typer.Option("--delta", help="Huber delta on log residuals (papers: 1e-3).")
    ] = 1e-3,
    run: Annotated[
        str | None,
        typer.Option("--run", help="Column of run ids when rows are intermediate checkpoints."),
    ] = None,
    burn_in: Annotated[
        float,
        typer.Option(min=0.0, max=1.0, help="Share of each run's tokens dropped (with --run)."),
    ] = 0.1,
    fix: Annotated[
        str | None,
        typer.Option("--fix", help="Exponents held fixed, e.g. alpha=0.34,beta=0.28."),
    ] = None,
    bootstrap: Annotated[
        int, typer.Option("--boot", min=0, help="Bootstrap replicates over runs (0: skip).")
    ] = 0,
    bootstrap_alias: BootstrapAlias = None,
    compute_optimal: Annotated[
        str | None,
        typer.Option(
            "--compute-optimal", help="Comma-separated budgets C (FLOPs), e.g. 1e21,1e23."
        ),
    ] = None,
    seed: SeedOption = 0,
    workers: WorkersOption = None,
    as_json: JsonOption = False,
    plot: Annotated[
        Path | None, typer.Option(help="Write the loss surface with the frontier to this file.")
    ] = None,
    save: SaveOption = None,
) -> None:
    """Fit a neural scaling law L(N, D) to the runs in FILE (Hoffmann et al. 2022)."""
    bootstrap = replicates(bootstrap, bootstrap=bootstrap_alias)
    budgets = _parse_budgets(compute_optimal)
    params = read_values(file, column=n)
    flops = read_values(file, column=c) if c is not None else None
    if d is not None:
        tokens = read_values(file, column=d)
    elif flops is not None:
        tokens = flops / (6.0 * params) if flops.size == params.size else flops
    else:
        raise InvalidOptionError("give the tokens column with --d, or the FLOPs column with --c.")
    losses = read_values(file, column=loss)
    fit = fit_neural(
        params,
        tokens,
        losses,
        form=cast("NeuralFormName", form),
        variable=cast("NeuralVariable", variable),
        C=flops,
        unique_tokens=read_values(file, column=unique) if unique is not None else None,
        objective=cast("NeuralObjective", objective),
        delta=huber_delta,
        run=_column(file, run) if run is not None else None,
        burn_in=burn_in,
        fixed=_parse_fixed(fix),
    )
    if bootstrap > 0:
        with progress_bar("bootstrap", total=bootstrap) as advance:
            fit = fit.with_bootstrap(bootstrap, rng=seed, workers=workers, progress=advance)
    if plot is not None:
        write_plot(lambda ax: fit.plot(ax=ax), plot)
    if save is not None:
        extras: dict[str, Any] = {}
        if budgets:
            optimal = fit.compute_optimal(list(budgets), level=0.95)
            extras["compute_optimal"] = optimal.to_dict(orient="records")
        columns = {"N": n, "D": d, "C": c, "loss": loss, "U": unique}
        save_fit(save, fit, file=file, columns=columns, extras=extras)
    if as_json:
        print_json(fit.to_dict())
    else:
        out_console().print(render_neural(fit, budgets))


def _column(file: Path, name: str) -> Any:
    """A column of any type (run ids may be text), by name."""
    table = read_table(file)
    if name not in table.columns:
        raise InvalidOptionError(
            f"--run: no column {name!r} in {file}; columns: {', '.join(map(str, table.columns))}."
        )
    return table[name].to_numpy()


def _parse_fixed(text: str | None) -> dict[str, float]:
    """``alpha=0.34,beta=0.28`` as a mapping (fit_neural checks the names)."""
    if not text:
        return {}
    out = {}
    for part in text.split(","):
        name, _, value = part.partition("=")
        try:
            out[name.strip()] = float(value)
        except ValueError:
            raise InvalidOptionError(
                f"--fix: {part!r} is not NAME=VALUE; write e.g. alpha=0.34,beta=0.28."
            ) from None
    return out


def _parse_budgets(text: str | None) -> tuple[float, ...]:
    if text is None:
        return ()
    try:
        return tuple(float(part) for part in text.split(",") if part.strip())
    except ValueError:
        raise InvalidOptionError(
            f"--compute-optimal={text!r} is not a comma-separated list of numbers, e.g. 1e21,1e23."
        ) from None
