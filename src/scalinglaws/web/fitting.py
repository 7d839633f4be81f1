"""One fit from a web request: pick the columns, call the library, keep the provenance.

:func:`prepare` turns a :class:`~scalinglaws.web.sources.Source`, a kind and its
options into :class:`FitInputs` (plain arrays and validated options, picklable
for a job process); :func:`run_fit` calls ``fit_tail`` / ``fit_relation`` /
``fit_growth`` / ``fit_neural`` and their resampling methods, and returns a
:class:`~scalinglaws.bundle.BundleEntry` with what the report needs beside the
result (forecast, exponent test, compute-optimal table). Nothing is fitted
anywhere else in the app.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NoReturn, cast

import pandas as pd

from scalinglaws.bundle import BundleEntry
from scalinglaws.errors import InvalidOptionError
from scalinglaws.forecast import forecast
from scalinglaws.growth import fit_growth
from scalinglaws.growth.forecasting import forecast_records
from scalinglaws.neural import fit_neural
from scalinglaws.relations import fit_relation
from scalinglaws.tails import fit_tail
from scalinglaws.uncertainty import Progress
from scalinglaws.web.options import (
    FitOptions,
    ForecastOptions,
    GrowthOptions,
    NeuralOptions,
    RelationOptions,
    TailOptions,
)
from scalinglaws.web.sources import Source

if TYPE_CHECKING:
    from scalinglaws.forecast import Combination, Weighting
    from scalinglaws.growth import GrowthErrors, GrowthLawName
    from scalinglaws.neural import NeuralFormName, NeuralObjective, NeuralVariable
    from scalinglaws.relations import RelationLawName, RelationMethod

__all__ = ["FitInputs", "prepare", "run_fit"]


@dataclass(frozen=True)
class FitInputs:
    """Everything a fit needs, detached from the request (sent to a job process as is)."""

    kind: str
    label: str
    options: FitOptions
    data: dict[str, Any]
    provenance: dict[str, Any] = field(default_factory=dict)


def _missing(role: str, source: Source, kind: str) -> NoReturn:
    raise InvalidOptionError(
        f"{source.label}: a {kind} fit needs the option {role!r} (a column); "
        f"available columns: {', '.join(map(repr, source.names))}."
    )


def _need(value: str | None, role: str, source: Source, kind: str) -> str:
    if value is None:
        _missing(role, source, kind)
    return value


def prepare(source: Source, kind: str, options: FitOptions) -> FitInputs:
    """Read the columns the options name (or the defaults) from ``source``."""
    defaults = source.defaults(kind)
    data: dict[str, Any]
    if isinstance(options, TailOptions):
        column = options.column or defaults.get("column")
        data = {"values": source.tail_values(column)}
        discrete = options.discrete
        if discrete is None and source.dataset is not None:
            discrete = bool(source.dataset.meta.get("discrete", False))
        data["discrete"] = discrete
        columns: dict[str, Any] = {"values": column}
    elif isinstance(options, RelationOptions):
        raw_x = options.x if options.x is not None else defaults.get("x")
        names = [raw_x] if isinstance(raw_x, str) else list(raw_x or [])
        if not names or len(names) > 10:
            _missing("x", source, kind)
        y = _need(options.y or defaults.get("y"), "y", source, kind)
        data = {
            "x": pd.DataFrame({name: source.numbers(name, "x") for name in names}),
            "y": source.numbers(y, "y"),
        }
        columns = {"x": ",".join(names), "y": y}
    elif isinstance(options, (GrowthOptions, ForecastOptions)):
        t = _need(options.t or defaults.get("t"), "t", source, kind)
        y = _need(options.y or defaults.get("y"), "y", source, kind)
        data = {"t": source.column(t, "t"), "y": source.numbers(y, "y")}
        columns = {"t": t, "y": y}
    else:
        data, columns = _neural_data(source, options, defaults)
    provenance = dict(source.provenance)
    provenance["columns"] = {k: v for k, v in columns.items() if v is not None}
    if source.upload is not None:
        provenance["command"] = _command(kind, source.upload.name, options, columns)
    return FitInputs(kind, source.label, options, data, provenance)


def _neural_data(
    source: Source, options: NeuralOptions, defaults: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    explicit = options.d is not None or options.c is not None
    n = _need(options.n or defaults.get("n"), "n", source, "neural")
    loss = _need(options.loss or defaults.get("loss"), "loss", source, "neural")
    d = options.d if explicit else defaults.get("d")
    c = options.c if explicit else defaults.get("c")
    params = source.floats(n, "n")
    flops = source.floats(c, "c") if c is not None else None
    if d is not None:
        tokens = source.floats(d, "d")
    elif flops is not None:  # D = C / (6 N), as the CLI does
        tokens = flops / (6.0 * params) if flops.size == params.size else flops
    else:
        _missing("d", source, "neural")
    data = {
        "N": params,
        "D": tokens,
        "L": source.floats(loss, "loss"),
        "C": flops,
        "U": source.floats(options.unique, "unique") if options.unique else None,
    }
    return data, {"N": n, "D": d, "C": c, "loss": loss, "U": options.unique}


def run_fit(
    inputs: FitInputs, *, workers: int = 1, progress: Progress | None = None
) -> BundleEntry:
    """Fit, resample if asked, and return the result with its provenance and extras."""
    options, data = inputs.options, inputs.data
    extras: dict[str, Any] = {}
    result: Any
    if isinstance(options, TailOptions):
        result = fit_tail(
            data["values"], discrete=data["discrete"], xmin=options.xmin, xmax=options.xmax
        )
        if options.gof > 0 or options.compare:
            result = result.assess(
                n_boot=options.gof,
                compare=tuple(options.compare),
                rng=options.seed,
                workers=workers,
                progress=progress,
            )
    elif isinstance(options, RelationOptions):
        result = fit_relation(
            data["x"],
            data["y"],
            law=cast("RelationLawName", options.law),
            method=cast("RelationMethod", options.method),
            drop_nonpositive=options.drop_nonpositive,
        )
        if options.bootstrap > 0:
            result = result.with_bootstrap(
                options.bootstrap, rng=options.seed, workers=workers, progress=progress
            )
        if options.b0 is not None:
            extras["exponent_test"] = result.test_exponent(options.b0).to_dict()
    elif isinstance(options, GrowthOptions):
        result = fit_growth(
            data["t"],
            data["y"],
            law=cast("GrowthLawName", options.law),
            cumulative=options.cumulative,
            errors=cast("GrowthErrors", options.errors),
            fix_c0=options.fix_c0,
        )
        if options.forecast > 0:
            table = result.forecast(
                options.forecast,
                level=options.level,
                n_boot=options.boot,
                rng=options.seed,
                workers=workers,
                progress=progress,
            )
            extras["forecast"] = {
                "horizon": options.forecast,
                "level": options.level,
                "n_boot": options.boot,
                "seed": options.seed,
                "quantiles": list(table.attrs["quantiles"]),
                "records": forecast_records(table, options.level),
            }
    elif isinstance(options, ForecastOptions):
        ensemble = options.method == "ensemble"
        result = forecast(
            data["t"],
            data["y"],
            options.horizon,
            method=options.method,
            cumulative=options.cumulative,
            stock=options.stock,
            errors=cast("GrowthErrors", options.errors),
            window=options.window,
            weighting=cast("Weighting | None", options.weighting if ensemble else None),
            combination=cast("Combination | None", options.combination if ensemble else None),
            n_boot=options.boot,
            rng=options.seed,
            workers=workers,
        )
        if progress is not None:
            progress(options.replicates())
    else:
        result = fit_neural(
            data["N"],
            data["D"],
            data["L"],
            form=cast("NeuralFormName", options.form),
            variable=cast("NeuralVariable", options.variable),
            C=data["C"],
            unique_tokens=data["U"],
            objective=cast("NeuralObjective", options.objective),
            delta=options.delta,
        )
        if options.bootstrap > 0:
            result = result.with_bootstrap(
                options.bootstrap, rng=options.seed, workers=workers, progress=progress
            )
        if options.compute_optimal:
            level = 0.95 if result.boot is not None else None
            table = result.compute_optimal(list(options.compute_optimal), level=level)
            extras["compute_optimal"] = table.to_dict(orient="records")
    return BundleEntry(result, dict(inputs.provenance), extras)


def _command(kind: str, file: str, options: FitOptions, columns: dict[str, Any]) -> str:
    """The ``scalinglaws fit`` command that reproduces a fit of an uploaded file."""
    argv = ["scalinglaws", "fit", kind, file]
    if isinstance(options, ForecastOptions):
        argv = ["scalinglaws", "forecast", file, "--t", columns["t"], "--y", columns["y"]]
        argv += ["--horizon", repr(options.horizon), "--method", options.method]
        argv += ["--cumulative"] if options.cumulative else []
        argv += ["--stock"] if options.stock else []
        argv += ["--window", str(options.window)] if options.window is not None else []
        argv += ["--errors", options.errors, "--boot", str(options.boot)]
        for flag, value in (
            ("--weighting", options.weighting),
            ("--combination", options.combination),
        ):
            argv += [flag, value] if value is not None and options.method == "ensemble" else []
    elif isinstance(options, TailOptions):
        argv += ["--column", options.column] if options.column else []
        if options.discrete is not None:
            argv.append("--discrete" if options.discrete else "--continuous")
        argv += ["--xmin", repr(options.xmin)] if options.xmin is not None else []
        argv += ["--xmax", repr(options.xmax)] if options.xmax is not None else []
        argv += ["--boot", str(options.gof)] if options.gof else []
        argv += ["--compare", ",".join(options.compare)] if options.compare else []
    elif isinstance(options, RelationOptions):
        argv += ["--x", columns["x"], "--y", columns["y"], "--law", options.law]
        argv += ["--method", options.method]
        argv += ["--drop-nonpositive"] if options.drop_nonpositive else []
        argv += ["--boot", str(options.bootstrap)] if options.bootstrap else []
        argv += ["--b0", repr(options.b0)] if options.b0 is not None else []
    elif isinstance(options, GrowthOptions):
        argv += ["--t", columns["t"], "--y", columns["y"], "--law", options.law]
        argv += ["--errors", options.errors]
        argv += [] if options.cumulative else ["--incidence"]
        if options.fix_c0 is not None:
            argv.append("--fix-c0" if options.fix_c0 else "--fit-c0")
        if options.forecast > 0:
            argv += ["--forecast", repr(options.forecast), "--level", repr(options.level)]
            argv += ["--boot", str(options.boot)]
    else:
        for flag, key in (("--n", "N"), ("--d", "D"), ("--c", "C"), ("--loss", "loss")):
            argv += [flag, columns[key]] if columns.get(key) else []
        argv += ["--unique", columns["U"]] if columns.get("U") else []
        argv += ["--form", options.form, "--objective", options.objective]
        argv += ["--boot", str(options.bootstrap)] if options.bootstrap else []
        if options.compute_optimal:
            argv += ["--compute-optimal", ",".join(repr(c) for c in options.compute_optimal)]
    if options.replicates():
        argv += ["--seed", str(options.seed)]
    return shlex.join(argv)
