"""Parametric bootstrap, forecasts and backtests of a growth fit.

Replicates run in fixed blocks (:data:`BLOCK` at most), each block one task of
:func:`scalinglaws.uncertainty.run_replicates` with its own child generator;
a block simulates its data sets and refits them all in one batched solve. The
block size depends only on ``n_boot``, so results are identical for any
number of workers. ``workers=None`` uses all cores for large jobs and one
process for small ones (:data:`SMALL_JOB`).
"""

from __future__ import annotations

import dataclasses
import functools
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from scalinglaws._types import FloatArray
from scalinglaws._validate import check_level, check_number
from scalinglaws.errors import InvalidInputError, InvalidOptionError, ScalingLawError
from scalinglaws.growth import solver
from scalinglaws.growth.estimation import prepare
from scalinglaws.growth.model import Design
from scalinglaws.predictive import central_interval, quantile_frame, sample_quantiles, with_central
from scalinglaws.quantiles import quantile_columns as quantile_names
from scalinglaws.uncertainty import Progress, RandomLike, as_generator, run_replicates

if TYPE_CHECKING:
    from scalinglaws.growth.result import GrowthFit

__all__ = [
    "BLOCK",
    "Replicates",
    "backtest",
    "forecast",
    "forecast_records",
    "future_times",
    "predictive_table",
    "replicate",
]

#: Replicates refitted together in one batched solve (one task of run_replicates).
BLOCK = 256
#: With ``workers=None``, jobs below this many simulated points (n_boot x n) stay in one
#: process: a batched refit of 1000 x 200 points takes about 0.3 s, less than starting
#: and feeding a process pool saves.
SMALL_JOB = 2_000_000
#: Bootstrap refits start at the estimate and need less precision than it: a step that
#: lowers the objective by less than REFIT_TOL (relative) moves the parameters by well
#: under 1% of their spread; REFIT_ITER caps the refits that creep along a flat ridge.
REFIT_TOL = 1e-8
REFIT_ITER = 100
_NOTHING = "no observation within the horizon after this cutoff"


@dataclass(frozen=True)
class Replicates:
    """Successful replicate estimates z (B, P) and future draws (B, m, frame units)."""

    z: FloatArray
    future: FloatArray
    failed: int


def replicate(
    fit: GrowthFit,
    n_boot: int,
    tau_future: FloatArray,
    rng: RandomLike,
    workers: int | None,
    progress: Progress | None,
) -> Replicates:
    """Simulate ``n_boot`` data sets from the fit, refit each, draw the future from each refit."""
    count = int(check_number(n_boot, "n_boot", low=1, integer=True))
    size = min(BLOCK, count)
    blocks = math.ceil(count / size)
    task = functools.partial(
        _block, design=fit.design, z=fit.z, noise=fit.noise, tau_future=tau_future, size=size
    )
    if workers is None and count * fit.n < SMALL_JOB:
        workers = 1
    results = run_replicates(
        task, blocks, rng=rng, workers=workers, progress=_per_replicate(progress, size, count)
    )
    z = np.concatenate([r[0] for r in results])[:count]
    future = np.concatenate([r[1] for r in results])[:count]
    ok = np.isfinite(z).all(axis=1) & np.isfinite(future).all(axis=1)
    return Replicates(z[ok], future[ok], int(count - ok.sum()))


def _per_replicate(progress: Progress | None, size: int, total: int) -> Progress | None:
    if progress is None:
        return None
    done = [0]

    def advance(blocks: int) -> None:
        step = min(blocks * size, total - done[0])
        done[0] += step
        progress(step)

    return advance


def _block(
    generator: np.random.Generator,
    *,
    design: Design,
    z: FloatArray,
    noise: float,
    tau_future: FloatArray,
    size: int,
) -> tuple[FloatArray, FloatArray]:
    """One block: ``size`` synthetic data sets, refitted together, plus future draws."""
    data = design.simulate(z, noise, generator, size)
    free = list(design.free)
    lo, hi, _, _ = design.law.bounds(design.frame)
    start = np.tile(z[free], (size, 1))
    with np.errstate(all="ignore"):
        found = solver.solve(
            design.free_mean,
            start,
            data,
            design.family,
            lo[free],
            hi[free],
            gradient=design.free_gradient,
            k0=np.full(size, noise) if design.family == "negbin" else None,
            max_iter=REFIT_ITER,
            tol=REFIT_TOL,
        )
        full = design.expand(found.z)
        noises = design.noise_of(full, found.objective, found.k)
        future = design.predictive(full, noises, tau_future, generator) * design.unit
    bad = ~np.isfinite(found.objective)
    found_z = np.where(bad[:, None], np.nan, full)
    return found_z, future


def forecast(
    fit: GrowthFit,
    horizon: float,
    levels: tuple[float, ...],
    level: float | None,
    step: float | None,
    n_boot: int,
    rng: RandomLike,
    workers: int | None,
    progress: Progress | None,
) -> pd.DataFrame:
    """The DataFrame of :meth:`GrowthFit.forecast`."""
    span = check_number(horizon, "horizon", low=0.0)
    if span == 0:
        raise InvalidOptionError("horizon=0 forecasts nothing; pass a positive horizon, e.g. 30.")
    spacing = fit.step if step is None else check_number(step, "step", low=0.0)
    if spacing <= 0:
        raise InvalidOptionError(f"step={step!r} must be positive.")
    count = math.floor(span / spacing + 1e-9)
    if count < 1:
        raise InvalidOptionError(
            f"horizon={horizon!r} is shorter than one step ({spacing:g}); "
            "pass a longer horizon or a smaller step."
        )
    if count > 100_000:
        raise InvalidOptionError(
            f"horizon={horizon!r} with step {spacing:g} asks for {count} points; "
            "use a coarser step (at most 100000 points)."
        )
    times = fit.t[-1] + spacing * np.arange(1, count + 1)
    return predictive_table(fit, times, levels, level, n_boot, rng, workers, progress)


def future_times(fit: GrowthFit, times: FloatArray) -> FloatArray:
    """Check that `times` (floats) lie after the last observation, strictly increasing."""
    if times.size == 0:
        raise InvalidInputError("x: no times were given; pass at least one future time.")
    if times[0] <= fit.t[-1] or np.any(np.diff(times) <= 0):
        raise InvalidInputError(
            f"x: predictive quantiles of a growth fit are forecasts: the times must be "
            f"strictly increasing and after the last observation "
            f"({fit.axis.label(float(fit.t[-1]))}); got {fit.axis.label(float(times[0]))}"
            + ("" if times.size == 1 else f" ... {fit.axis.label(float(times[-1]))}")
            + "."
        )
    return times


def predictive_table(
    fit: GrowthFit,
    times: FloatArray,
    levels: tuple[float, ...],
    level: float | None,
    n_boot: int,
    rng: RandomLike,
    workers: int | None,
    progress: Progress | None,
) -> pd.DataFrame:
    """The predictive table (t, mean, median, q...) at future float ``times``.

    The quantiles and the mean are those of the bootstrap's future draws: parameter
    uncertainty (each draw comes from a refit to simulated data) and observation
    noise (each draw is an observation from that refit's error model).
    """
    chosen = with_central(levels, level)
    design = fit.design
    tau = design.tau_of(times)
    with np.errstate(over="ignore"):
        curve = design.expected(fit.z[None, :], tau)[0]
    if not np.isfinite(curve).all():
        first = fit.axis.label(float(times[~np.isfinite(curve)][0]))
        raise InvalidOptionError(
            f"forecast: the fitted curve overflows by t = {first}; use a shorter horizon."
        )
    draws = replicate(fit, n_boot, tau, rng, workers, progress)
    if draws.future.shape[0] < 2:
        raise ScalingLawError(
            f"forecast: only {draws.future.shape[0]} of {n_boot} bootstrap refits succeeded; "
            "the fit is too fragile to forecast (plot it, or try another law)."
        )
    values = sample_quantiles(draws.future, (*chosen, 0.5))
    table = quantile_frame(
        {"t": fit.axis.to_user(times)},
        draws.future.mean(axis=0),
        values[:, -1],
        values[:, :-1],
        chosen,
    )
    table.attrs["level"] = level
    table.attrs["n_boot"] = n_boot
    table.attrs["n_failed"] = draws.failed
    return table


def forecast_records(table: pd.DataFrame, level: float | None = None) -> list[dict[str, Any]]:
    """A forecast table as JSON-ready records.

    t (ISO 8601 for dates), mean, median, every ``q<level>`` column, and the central `level`
    interval as lower / upper.
    """
    times = [
        value.isoformat() if isinstance(value, pd.Timestamp) else float(value)
        for value in table["t"].tolist()
    ]
    lower, upper = central_interval(table, level)
    names = ["mean", "median", *quantile_names(table.attrs.get("quantiles") or [])]
    return [
        {
            "t": t,
            **{name: float(table[name].iloc[i]) for name in names},
            "lower": float(lower[i]),
            "upper": float(upper[i]),
        }
        for i, t in enumerate(times)
    ]


def backtest(
    fit: GrowthFit,
    cutoffs: Any,
    horizon: float | None,
    level: float,
    n_boot: int,
    rng: RandomLike,
    workers: int | None,
) -> pd.DataFrame:
    """The DataFrame of :meth:`GrowthFit.backtest` (point forecast: the median)."""
    check_level(level)
    cuts = fit.axis.from_user(np.atleast_1d(np.asarray(cutoffs, dtype=object)), "cutoffs")
    limit = np.inf if horizon is None else check_number(horizon, "horizon", low=0.0)
    first_ok = fit.t[min(fit.spec.n_params, fit.n - 1)]
    outside = (cuts < first_ok) | (cuts >= fit.t[-1])
    if outside.any():
        bad = fit.axis.label(float(cuts[outside][0]))
        raise InvalidOptionError(
            f"cutoffs: {bad} leaves too little data to fit or nothing to score; choose "
            f"cutoffs from {fit.axis.label(first_ok)} up to (not including) "
            f"{fit.axis.label(fit.t[-1])}."
        )
    generators = as_generator(rng).spawn(cuts.size)
    rows = []
    for cut, generator in zip(cuts, generators, strict=True):
        train = fit.t <= cut
        test = (fit.t > cut) & (fit.t <= cut + limit)
        row: dict[str, Any] = {
            "cutoff": fit.axis.to_user(np.array([cut]))[0],
            "n_fit": int(train.sum()),
            "n_scored": int(test.sum()),
        }
        if not test.any():
            rows.append({**row, "mae": np.nan, "coverage": np.nan, "status": _NOTHING})
            continue
        try:
            sub = _refit(fit, train)
            table = predictive_table(
                sub, fit.t[test], (0.5,), level, n_boot, generator, workers, None
            )
        except ScalingLawError as exc:
            rows.append({**row, "mae": np.nan, "coverage": np.nan, "status": str(exc)})
            continue
        observed = fit.y[test]
        lower, upper = central_interval(table, level)
        inside = (observed >= lower) & (observed <= upper)
        rows.append(
            {
                **row,
                "mae": float(np.mean(np.abs(table["median"].to_numpy() - observed))),
                "coverage": float(np.mean(inside)),
                **sub.params,
                "status": "; ".join(sub.warnings) if sub.warnings else "ok",
            }
        )
    columns = ["cutoff", "n_fit", "n_scored", "mae", "coverage", *fit.spec.params, "status"]
    return pd.DataFrame(rows).reindex(columns=columns)


def _refit(fit: GrowthFit, keep: npt.NDArray[np.bool_]) -> GrowthFit:
    """The same law, errors and options fitted to the rows ``keep``."""
    t, y = fit.t[keep], fit.y[keep]
    pins = {name: fit.params[name] for name in fit.fixed if name != "C0"}
    _, found = prepare(fit.law, fit.errors, fit.cumulative, t, y, fit.fixed, pins, fit.axis)
    return dataclasses.replace(
        fit,
        t=t,
        y=y,
        z=found.z,
        cov_z=found.cov_z,
        noise=found.noise,
        objective=found.objective,
        iterations=found.iterations,
        converged=found.converged,
        warnings=found.reasons,
        at_bound=found.at_bound,
        boot=None,
    )
