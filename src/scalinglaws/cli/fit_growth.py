"""``scalinglaws fit growth FILE --t COL --y COL``: fit a growth law to a time series.

Reads two columns (times may be dates), optionally keeps the rows between
``--start`` and ``--end``, fits with :func:`scalinglaws.growth.fit_growth`,
optionally forecasts with ``GrowthFit.forecast`` (the median and the central
``--level`` band of its predictive quantiles) and renders the result as rich tables
or as JSON (``to_dict()`` plus a ``forecast`` list of records: t, mean, median, every
``q<level>`` and the band as lower / upper).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, cast

import pandas as pd
import typer
from rich.console import Group
from rich.table import Table

from scalinglaws.cli._shell import (
    JsonOption,
    SaveOption,
    SeedOption,
    WorkersOption,
    out_console,
    print_json,
    progress_bar,
    save_fit,
    write_plot,
)
from scalinglaws.errors import InvalidOptionError
from scalinglaws.growth import LAWS, GrowthFit, fit_growth
from scalinglaws.growth.fit import ERRORS
from scalinglaws.growth.forecasting import forecast_records
from scalinglaws.growth.times import within
from scalinglaws.io import read_table

if TYPE_CHECKING:
    from scalinglaws.growth import GrowthErrors, GrowthLawName

__all__ = ["column_of", "forecast_records", "growth", "render_growth"]


def column_of(frame: pd.DataFrame, name: str, option: str, where: Path) -> pd.Series[Any]:
    """Column ``name`` of ``frame``, or an error naming the option and the columns there are."""
    if name not in frame.columns:
        listing = ", ".join(repr(str(c)) for c in frame.columns)
        raise InvalidOptionError(
            f"{where}: {option} {name!r} is not a column of the file; available columns: {listing}."
        )
    return frame[name]


def render_growth(fit: GrowthFit, forecast: pd.DataFrame | None = None) -> Group:
    """The fit as rich tables: parameters, derived quantities and the forecast, if any."""
    table = Table(
        title=f"Growth law {fit.law}: {fit.spec.formula}",
        caption=f"n = {fit.n}, {'cumulative' if fit.cumulative else 'incidence'}, "
        f"errors: {fit.errors}",
        title_justify="left",
        caption_justify="left",
    )
    for column in ("parameter", "estimate", "std. error", "95% lower", "95% upper"):
        table.add_column(column, justify="left" if column == "parameter" else "right")
    stderr = fit.stderr
    for name, row in fit.conf_int(0.95).iterrows():
        se = stderr.get(str(name))
        table.add_row(
            str(name),
            f"{row['estimate']:.6g}",
            "fixed" if se is None else f"{se:.3g}",
            f"{row['lower']:.6g}",
            f"{row['upper']:.6g}",
        )
    for key, value in fit.dispersion.items():
        table.add_row(key, f"{value:.4g}", "", "", "", style="dim")
    derived = Table(title="Derived quantities (95% intervals)", title_justify="left")
    for column in ("quantity", "estimate", "lower", "upper"):
        derived.add_column(column, justify="left" if column == "quantity" else "right")
    for name, row in fit.derived(0.95).iterrows():
        cells = [f"{row[c]:.6g}" for c in ("estimate", "lower", "upper")]
        if name == "inflection_time" and fit.axis.is_date:
            cells = [fit.axis.label(row[c]) for c in ("estimate", "lower", "upper")]
        derived.add_row(str(name).replace("_", " "), *cells)
    parts: list[Table] = [table, derived]
    if forecast is not None:
        level = forecast.attrs.get("level") or 0.95
        ahead = Table(
            title=f"Forecast: median and {level:.0%} prediction band", title_justify="left"
        )
        for column in ("t", "median", "lower", "upper"):
            ahead.add_column(column, justify="left" if column == "t" else "right")
        for record in forecast_records(forecast, level):
            t = record["t"]
            ahead.add_row(
                t[:10] if isinstance(t, str) else f"{t:.6g}",
                *(f"{record[c]:.6g}" for c in ("median", "lower", "upper")),
            )
        parts.append(ahead)
    return Group(*parts)


def growth(
    file: Annotated[Path, typer.Argument(help="CSV, TSV or Parquet file with a time column.")],
    t: Annotated[str, typer.Option("--t", help="Column of times (numbers or ISO dates).")],
    y: Annotated[str, typer.Option("--y", help="Column of values (cumulative by default).")],
    law: Annotated[str, typer.Option(help="Growth law: " + ", ".join(LAWS) + ".")] = "logistic",
    errors: Annotated[
        str,
        typer.Option(help="Error model: " + ", ".join(ERRORS) + " (auto: negbin for counts)."),
    ] = "auto",
    incidence: Annotated[
        bool, typer.Option("--incidence", help="y is the amount per interval, not a total.")
    ] = False,
    fix_c0: Annotated[
        bool | None,
        typer.Option(
            "--fix-c0/--fit-c0",
            help="Pin C0 to the first value (default: ggm, glm, grm and subepidemic); "
            "--fit-c0 estimates it (better for incidence windows that start mid-epidemic).",
        ),
    ] = None,
    start: Annotated[
        str | None, typer.Option(help="Keep rows with t >= START (a number or a date).")
    ] = None,
    end: Annotated[str | None, typer.Option(help="Keep rows with t <= END.")] = None,
    forecast: Annotated[
        float, typer.Option(min=0, help="Forecast this far past the last time (days for dates).")
    ] = 0,
    level: Annotated[float, typer.Option(help="Level of the prediction band.")] = 0.95,
    boot: Annotated[int, typer.Option(min=1, help="Bootstrap replicates of the forecast.")] = 1000,
    seed: SeedOption = 0,
    workers: WorkersOption = None,
    as_json: JsonOption = False,
    plot: Annotated[
        Path | None, typer.Option(help="Write a plot of the fit (and forecast) to this file.")
    ] = None,
    save: SaveOption = None,
) -> None:
    """Fit a growth law (logistic, Gompertz, Richards, GGM, ...) to a time series in FILE."""
    frame = read_table(file)
    times, values = column_of(frame, t, "--t", file), column_of(frame, y, "--y", file)
    keep = within(times, start, end, f"--t {t!r}")
    fit = fit_growth(
        times[keep].reset_index(drop=True),
        values[keep].reset_index(drop=True),
        law=cast("GrowthLawName", law),
        cumulative=not incidence,
        errors=cast("GrowthErrors", errors),
        fix_c0=fix_c0,
    )
    table = None
    if forecast > 0:
        with progress_bar("forecast bootstrap", total=boot) as advance:
            table = fit.forecast(
                forecast, level=level, n_boot=boot, rng=seed, workers=workers, progress=advance
            )
    if plot is not None:
        write_plot(lambda ax: fit.plot(ax=ax, forecast=table), plot)
    if save is not None:
        extras: dict[str, Any] = {}
        if table is not None:
            extras["forecast"] = {
                "horizon": forecast,
                "level": level,
                "n_boot": boot,
                "seed": seed,
                "quantiles": list(table.attrs["quantiles"]),
                "records": forecast_records(table, level),
            }
        save_fit(save, fit, file=file, columns={"t": t, "y": y}, extras=extras)
    if as_json:
        data = fit.to_dict()
        if table is not None:
            data["forecast"] = forecast_records(table, level)
        print_json(data)
    else:
        out_console().print(render_growth(fit, table))
