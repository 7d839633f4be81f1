"""``scalinglaws forecast FILE --t COL --y COL --horizon H``: a probabilistic forecast.

Reads two columns (times may be dates), optionally keeps the rows between
``--start`` and ``--end``, calls :func:`scalinglaws.forecast` and renders the
median with its 50% and 95% intervals per step and, for ensembles, the members
and their weights; ``--json`` prints the result's ``to_dict()``; ``--save``
writes a results bundle (for ``scalinglaws report`` and ``ask``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, cast

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
    save_fit,
    write_plot,
)
from scalinglaws.cli.fit_growth import column_of
from scalinglaws.forecast import COMBINATIONS, DEFAULTS, METHODS, WEIGHTINGS, Forecast, forecast
from scalinglaws.forecast._render import describe
from scalinglaws.forecast.members import SELF_CALIBRATING
from scalinglaws.growth.fit import ERRORS
from scalinglaws.growth.times import within
from scalinglaws.io import read_table

if TYPE_CHECKING:
    from scalinglaws.forecast import Combination, Weighting
    from scalinglaws.growth import GrowthErrors

__all__ = ["forecast_command", "render_forecast"]


def render_forecast(fc: Forecast) -> Group:
    """The forecast as rich tables: steps with intervals, then the members."""
    what = fc.series_kind
    steps = Table(
        title=f"Forecast: {describe(fc)}",
        caption=f"{fc.t.size} points ({what})"
        + ("" if fc.window is None else f", the last {fc.window} fitted")
        + "; median and central prediction intervals",
        title_justify="left",
        caption_justify="left",
    )
    for column in ("t", "h", "median", "50% lower", "50% upper", "95% lower", "95% upper"):
        steps.add_column(column, justify="left" if column == "t" else "right")
    half, full = fc.conf_int(0.5, method="analytic"), fc.conf_int(0.95, method="analytic")
    for i, time in enumerate(fc.times):
        steps.add_row(
            fc.axis.label(float(time)),
            str(i + 1),
            f"{fc.median[i]:.6g}",
            *(f"{table.iloc[i][end]:.6g}" for table in (half, full) for end in ("lower", "upper")),
        )
    parts: list[Table] = [steps]
    if fc.members:
        members = Table(title="Ensemble members", title_justify="left")
        for column in ("member", "weight", "AICc", "past WIS", "note"):
            members.add_column(column, justify="left" if column in ("member", "note") else "right")
        for row in fc.member_table().itertuples(index=False):
            members.add_row(
                str(row.member),
                f"{row.weight:.3f}",
                "" if row.aicc != row.aicc else f"{row.aicc:.1f}",
                "" if row.wis != row.wis else f"{row.wis:.4g}",
                str(row.note),
            )
        parts.append(members)
    return Group(*parts)


def forecast_command(
    file: Annotated[Path, typer.Argument(help="CSV, TSV or Parquet file with a time column.")],
    t: Annotated[str, typer.Option("--t", help="Column of times (numbers or ISO dates).")],
    y: Annotated[str, typer.Option("--y", help="Column of values (incidence by default).")],
    horizon: Annotated[
        float, typer.Option(help="How far past the last time to forecast (days for dates).")
    ],
    method: Annotated[
        str, typer.Option(help="ensemble or one method: " + ", ".join(METHODS) + ".")
    ] = "ensemble",
    cumulative: Annotated[
        bool, typer.Option("--cumulative", help="y is a running total (default: incidence).")
    ] = False,
    stock: Annotated[
        bool,
        typer.Option("--stock", help="y is a level that can fall, e.g. a population."),
    ] = False,
    window: Annotated[
        int | None, typer.Option(help="Fit only the last N points (default: all).")
    ] = None,
    errors: Annotated[
        str, typer.Option(help="Error model: " + ", ".join(ERRORS) + " (auto: negbin for counts).")
    ] = "auto",
    members: Annotated[
        str | None,
        typer.Option(
            help=(
                "Ensemble members, comma-separated (default: naive,transformer; "
                "without torch the growth laws and naive)."
            )
        ),
    ] = None,
    weighting: Annotated[
        str, typer.Option(help="Ensemble weights: " + ", ".join(WEIGHTINGS) + ".")
    ] = DEFAULTS["weighting"],
    combination: Annotated[
        str, typer.Option(help="Ensemble combination: " + ", ".join(COMBINATIONS) + ".")
    ] = DEFAULTS["combination"],
    calibrate: Annotated[
        bool | None,
        typer.Option(
            "--calibrate/--no-calibrate",
            help="Widen the bands by the method's own past errors on these data "
            "(ensemble: default on; transformer: default on with --window, which each "
            "past forecast then reads).",
        ),
    ] = None,
    start: Annotated[
        str | None, typer.Option(help="Keep rows with t >= START (a number or a date).")
    ] = None,
    end: Annotated[str | None, typer.Option(help="Keep rows with t <= END.")] = None,
    boot: Annotated[int, typer.Option(min=2, help="Bootstrap replicates per growth law.")] = 200,
    seed: SeedOption = 0,
    workers: WorkersOption = None,
    as_json: JsonOption = False,
    plot: Annotated[Path | None, typer.Option(help="Write the fan chart to this file.")] = None,
    save: SaveOption = None,
) -> None:
    """Forecast a time series in FILE.

    a growth law, the hubs' naive baseline, the pretrained Transformer or an ensemble.
    """
    frame = read_table(file)
    times, values = column_of(frame, t, "--t", file), column_of(frame, y, "--y", file)
    keep = within(times, start, end, f"--t {t!r}")
    ensemble = method == "ensemble"
    result = forecast(
        times[keep].reset_index(drop=True),
        values[keep].reset_index(drop=True),
        horizon,
        method=method,
        cumulative=cumulative,
        errors=cast("GrowthErrors", errors),
        stock=stock,
        window=window,
        members=members.split(",") if members and ensemble else members,
        weighting=cast("Weighting | None", weighting if ensemble else None),
        combination=cast("Combination | None", combination if ensemble else None),
        calibrate=calibrate if ensemble or method in SELF_CALIBRATING else None,
        n_boot=boot,
        rng=seed,
        workers=workers if workers is not None else 1,
    )
    if plot is not None:
        write_plot(lambda ax: result.plot(ax=ax), plot)
    if save is not None:
        save_fit(save, result, file=file, columns={"t": t, "y": y})
    if as_json:
        print_json(result.to_dict())
    else:
        out_console().print(render_forecast(result))
