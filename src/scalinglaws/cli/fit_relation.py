"""``scalinglaws fit relation FILE --x COL --y COL``: fit a scaling relation y = f(x).

Reads two columns (``--x A,B`` for a multi-variable power law), fits them with
:func:`scalinglaws.relations.fit_relation`, optionally bootstraps the parameters,
tests the exponent against ``--b0`` and compares laws (``--compare``), and renders
the result as rich tables or as JSON (the result's ``to_dict()``, plus
``exponent_test`` and ``comparison`` when asked for).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, cast

import pandas as pd
import typer
from rich.console import Group
from rich.table import Table

from scalinglaws.cli._shell import (
    BootstrapAlias,
    JsonOption,
    PlotOption,
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
from scalinglaws.relations import (
    LAWS,
    METHODS,
    ExponentTest,
    RelationComparison,
    RelationFit,
    compare_relations,
    fit_relation,
)
from scalinglaws.relations._render import METHOD_TITLES

if TYPE_CHECKING:
    from scalinglaws.relations import RelationLawName, RelationMethod

__all__ = ["relation", "render_comparison", "render_relation"]


def _fmt(value: float | None, spec: str = ".5g") -> str:
    return "—" if value is None or not math.isfinite(value) else format(value, spec)


def render_relation(fit: RelationFit, test: ExponentTest | None = None) -> Table:
    """Estimates with standard errors and 95% intervals, then the fit statistics."""
    spec = fit.spec
    table = Table(title=f"{spec.formula}: {METHOD_TITLES[fit.method]}", title_justify="left")
    for column in ("quantity", "estimate", "std. error", "95% interval", "note"):
        table.add_column(column, justify="right" if column != "note" else "left")
    analytic = fit.conf_int(0.95, method="analytic").to_numpy(dtype=float)
    se = fit.std_errors("analytic")
    boot = None if fit.boot is None else fit.conf_int(0.95, method="bootstrap")
    for index, name in enumerate(spec.names):
        estimate, low, high = (float(value) for value in analytic[index])
        table.add_row(
            name,
            _fmt(estimate),
            _fmt(se[name], ".3g"),
            f"[{_fmt(low)}, {_fmt(high)}]",
            "analytic",
        )
        if fit.boot is not None and boot is not None:
            low, high = (float(value) for value in boot.to_numpy(dtype=float)[index, 1:])
            table.add_row(
                "",
                "",
                _fmt(fit.boot.std(name), ".3g"),
                f"[{_fmt(low)}, {_fmt(high)}]",
                f"bootstrap ({fit.boot.n_ok} replicates)",
            )
    table.add_row("n", str(fit.n), "", "", f"{fit.n_dropped} dropped" if fit.n_dropped else "")
    table.add_row("R²", _fmt(fit.r_squared, ".4f"), "", "", "on the fitted scale")
    if fit.aic is not None:
        table.add_row("AIC", _fmt(fit.aic, ".2f"), "", "", f"BIC {_fmt(fit.bic, '.2f')}")
    if test is not None:
        table.add_row(
            f"{test.param} = {test.b0:g}?", _fmt(test.p_value, ".3g"), "", "", test.verdict()
        )
    return table


def render_comparison(comparison: RelationComparison) -> Table:
    """One row per law: AIC, ΔAIC, BIC and the extrapolation error."""
    table = Table(
        title=f"Laws compared ({comparison.method}; likelihood and errors on "
        f"{comparison.scale}); {comparison.verdict()}",
        title_justify="left",
    )
    for column in ("law", "k", "AIC", "ΔAIC", "BIC", "extrapolation RMSE", "note"):
        table.add_column(column, justify="left" if column in ("law", "note") else "right")
    records: list[dict[Any, Any]] = comparison.table.to_dict(orient="records")
    for row in records:
        table.add_row(
            str(row["law"]),
            str(row["n_params"]),
            _fmt(float(row["aic"]), ".2f"),
            _fmt(float(row["delta_aic"]), ".2f"),
            _fmt(float(row["bic"]), ".2f"),
            _fmt(float(row["extrapolation_rmse"]), ".4g"),
            str(row["note"])[:60],
        )
    return table


def relation(
    file: Annotated[Path, typer.Argument(help="CSV, TSV or Parquet file with a header row.")],
    x: Annotated[
        str, typer.Option("--x", help="x column; several, comma-separated, for y = a·x1^b1·x2^b2.")
    ],
    y: Annotated[str, typer.Option("--y", help="y column.")],
    law: Annotated[str, typer.Option(help="Law: " + ", ".join(LAWS) + ".")] = "power",
    method: Annotated[str, typer.Option(help="Method: " + ", ".join(METHODS) + ".")] = "ols_log",
    drop_nonpositive: Annotated[
        bool,
        typer.Option(
            "--drop-nonpositive", help="Drop rows with zero or negative values (log methods)."
        ),
    ] = False,
    bootstrap: Annotated[
        int,
        typer.Option(
            "--boot", min=0, help="Bootstrap replicates for parameter intervals (0: skip)."
        ),
    ] = 0,
    bootstrap_alias: BootstrapAlias = None,
    b0: Annotated[
        float | None, typer.Option(help="Test whether the exponent differs from B0.")
    ] = None,
    compare: Annotated[
        bool, typer.Option("--compare", help="Also compare every law (AIC, extrapolation).")
    ] = False,
    seed: SeedOption = 0,
    workers: WorkersOption = None,
    as_json: JsonOption = False,
    plot: PlotOption = None,
    save: SaveOption = None,
) -> None:
    """Fit a scaling relation y = f(x) to two columns of FILE."""
    bootstrap = replicates(bootstrap, bootstrap=bootstrap_alias)
    names = [name.strip() for name in x.split(",") if name.strip()]
    xs = pd.DataFrame({name: read_values(file, column=name) for name in names})
    ys = pd.Series(read_values(file, column=y), name=y)
    fit = fit_relation(
        xs,
        ys,
        law=cast("RelationLawName", law),
        method=cast("RelationMethod", method),
        drop_nonpositive=drop_nonpositive,
    )
    if bootstrap > 0:
        with progress_bar("bootstrap", total=bootstrap) as advance:
            fit = fit.with_bootstrap(bootstrap, rng=seed, workers=workers, progress=advance)
    test = None if b0 is None else fit.test_exponent(b0)
    comparison = None
    if compare:
        scale = "nls" if method == "nls" else "ols_log"
        comparison = compare_relations(
            xs, ys, method=cast("RelationMethod", scale), drop_nonpositive=drop_nonpositive
        )
    if plot is not None:
        write_plot(lambda ax: fit.plot(ax=ax), plot)
    if save is not None:
        extras: dict[str, Any] = {}
        if test is not None:
            extras["exponent_test"] = test.to_dict()
        if comparison is not None:
            extras["comparison"] = comparison.to_dict()
        save_fit(save, fit, file=file, columns={"x": x, "y": y}, extras=extras)
    if as_json:
        payload = fit.to_dict()
        if test is not None:
            payload["exponent_test"] = test.to_dict()
        if comparison is not None:
            payload["comparison"] = comparison.to_dict()
        print_json(payload)
        return
    parts: list[Table] = [render_relation(fit, test)]
    if comparison is not None:
        parts.append(render_comparison(comparison))
    out_console(min_width=120).print(Group(*parts))
