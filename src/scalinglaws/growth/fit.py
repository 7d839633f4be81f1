"""``fit_growth``: check the series, fit the law by multi-start Levenberg-Marquardt.

Errors: ``errors="auto"`` (the default) uses the negative binomial for whole
numbers (counts are nearly always over-dispersed; a Poisson fit would give
intervals that are too narrow) and least squares for anything else.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from scalinglaws._validate import as_float_vector, check_choice, require_count
from scalinglaws.errors import FitError, FitWarning, InvalidInputError, InvalidOptionError
from scalinglaws.growth import solver
from scalinglaws.growth.laws import LAWS, bound_hint
from scalinglaws.growth.model import Design
from scalinglaws.growth.times import TimeAxis, column_label, parse_times

if TYPE_CHECKING:
    from scalinglaws.growth.result import GrowthFit

__all__ = ["ERRORS", "Estimate", "estimate", "fit_growth", "prepare"]

FloatArray = npt.NDArray[np.float64]
ERRORS = ("auto", *solver.FAMILIES)
#: A Poisson fit whose Pearson dispersion exceeds this gets a FitWarning.
OVERDISPERSED = 10.0


@dataclass(frozen=True)
class Estimate:
    """The solver's answer for one data set, in the internal z coordinates."""

    z: FloatArray
    cov_z: FloatArray
    noise: float  # residual sd in frame units (normal), NB size k, or inf (Poisson)
    objective: float
    iterations: int
    converged: bool


def fit_growth(
    t: Any,
    y: Any,
    *,
    law: str = "logistic",
    cumulative: bool = True,
    errors: str = "auto",
    fix_c0: bool | None = None,
) -> GrowthFit:
    """Fit a growth law to a time series of cumulative totals or of incidence.

    Args:
        t: times, strictly increasing: numbers, or dates (numpy datetime64,
            pandas Timestamps, ``datetime.date`` or ISO 8601 strings), which
            become days since the first date (the fit remembers that origin).
        y: the observed values, non-negative: cumulative totals or sizes when
            ``cumulative=True`` (cumulative counts may not fall), else the amount
            per interval (t_{i-1}, t_i].
        law: ``"exponential"``, ``"logistic"``, ``"gompertz"``, ``"richards"`` or
            ``"ggm"`` (generalized growth, dC/dt = r C^p); see
            :mod:`scalinglaws.formulas.growth`.
        cumulative: whether ``y`` is a cumulative total (default) or incidence.
        errors: ``"normal"`` (least squares), ``"poisson"``, ``"negbin"`` (negative
            binomial with a fitted size k) or ``"auto"``: negbin for whole
            numbers, normal otherwise. Count likelihoods of cumulative data
            are taken on the increments, which are the independent counts.
        fix_c0: for laws with an initial size C0 (``exponential``, ``ggm``), pin
            C(t_first) to the first observation instead of estimating it. None
            (default): pinned for ``ggm``, the convention of Viboud, Simonsen &
            Chowell (2016) and Chowell (2017), estimated for ``exponential``.

    Returns:
        A :class:`~scalinglaws.growth.GrowthFit`.

    Raises:
        InvalidInputError: times that are not numbers or parseable dates,
            unsorted or repeated times, negative values, falling cumulative
            counts, non-integer counts for a count likelihood, mismatched lengths.
        InsufficientDataError: fewer points than parameters + 1.
        InvalidOptionError: an unknown law or error family.
        FitError: the law does not fit (e.g. K undetermined before the inflection).
    """
    check_choice(law, "law", LAWS)
    check_choice(errors, "errors", ERRORS)
    if not isinstance(cumulative, (bool, np.bool_)):
        raise InvalidOptionError(
            f"cumulative={cumulative!r} must be True (y is a running total) or False "
            "(y is the amount per interval)."
        )
    fixed = _fixed(law, fix_c0)
    t_name, y_name = column_label(t, "t"), column_label(y, "y")
    times, origin = parse_times(t, t_name)
    axis = TimeAxis(origin)
    values = as_float_vector(y, y_name)
    if times.size != values.size:
        raise InvalidInputError(
            f"{t_name} has {times.size} value(s) but {y_name} has {values.size}; "
            "pass one time per observation."
        )
    check_times(times, axis, t_name)
    family = resolve_errors(errors, values)
    check_values(values, times, axis, y_name, family=family, cumulative=bool(cumulative))
    if fixed and values[0] <= 0:
        raise InvalidInputError(
            f"{y_name}: the first value is {values[0]:g}, so C0 cannot be pinned to it; drop "
            "the leading rows up to a positive value, or pass fix_c0=False to estimate C0."
        )
    n_free = LAWS[law].n_params - len(fixed)
    require_count(
        times.size,
        n_free + (2 if family == "negbin" else 1),
        t_name,
        "the number of observations",
        f"law={law!r} with errors={family!r} estimates {n_free} parameters"
        + (" plus the dispersion k" if family == "negbin" else "")
        + ", and needs one more point than that",
    )
    from scalinglaws.growth.result import GrowthFit  # the result module imports this one

    _, found = prepare(law, family, bool(cumulative), times, values, fixed)
    return GrowthFit(
        law=law,
        errors=family,
        cumulative=bool(cumulative),
        t=times,
        y=values,
        axis=axis,
        z=found.z,
        cov_z=found.cov_z,
        noise=found.noise,
        objective=found.objective,
        iterations=found.iterations,
        converged=found.converged,
        fixed=fixed,
    )


def _fixed(law: str, fix_c0: object) -> tuple[str, ...]:
    if fix_c0 is not None and not isinstance(fix_c0, (bool, np.bool_)):
        raise InvalidOptionError(f"fix_c0={fix_c0!r} must be True, False or None (law default).")
    has_c0 = "C0" in LAWS[law].params
    if fix_c0 and not has_c0:
        raise InvalidOptionError(
            f"fix_c0=True needs a law with an initial size C0 (exponential, ggm); "
            f"law={law!r} has {', '.join(LAWS[law].params)}."
        )
    pin = (law == "ggm") if fix_c0 is None else bool(fix_c0)
    return ("C0",) if pin and has_c0 else ()


def prepare(
    law: str,
    family: str,
    cumulative: bool,
    times: FloatArray,
    values: FloatArray,
    fixed: tuple[str, ...] = (),
) -> tuple[Design, Estimate]:
    """Build the design and estimate it (checked inputs); warns about dubious fits."""
    design = Design.build(law, family, cumulative, times, values, fixed)
    with np.errstate(all="ignore"):  # non-finite values are screened, never used
        found = estimate(design)
    if not found.converged:
        warnings.warn(
            f"law={law!r}: the optimiser stopped after {found.iterations} iterations "
            "without meeting its tolerance; check the fit with .plot().",
            FitWarning,
            stacklevel=3,
        )
    if family == "poisson":
        mu = np.maximum(design.mean(found.z[None, :])[0], 1e-12)
        with np.errstate(over="ignore"):  # counts near 1e300: a dispersion of inf, warned
            ratio = float(np.sum((design.obs - mu) ** 2 / mu)) / max(design.n - design.n_free, 1)
        if ratio > OVERDISPERSED:
            warnings.warn(
                f"errors='poisson': the counts vary {ratio:.0f} times more than Poisson "
                "noise allows (Pearson dispersion), so the intervals are too narrow; "
                "use errors='negbin'.",
                FitWarning,
                stacklevel=3,
            )
    return design, found


def estimate(design: Design) -> Estimate:
    """Multi-start fit of one design; the covariance comes from the Fisher information."""
    law, free = design.law, list(design.free)
    lo, hi = law.bounds(float(design.level.max()))
    lo, hi = lo[free], hi[free]
    first = "poisson" if design.family == "negbin" else design.family
    starts = law.starts(design.tau, design.level)[:, free]
    trial = solver.solve(
        design.free_mean, starts, design.obs[None, :], first, lo, hi, gradient=design.free_gradient
    )
    finite = np.isfinite(trial.objective)
    if not finite.any():
        raise FitError(
            f"law={law.name!r}: no starting point gave a finite fit; the law does not "
            "describe these data (plot them, or try another law)."
        )
    best = int(np.argmin(np.where(finite, trial.objective, np.inf)))
    pick = slice(best, best + 1)
    found = solver.Solution(
        trial.z[pick], trial.objective[pick], trial.k[pick], trial.converged[pick], trial.iterations
    )
    if design.family == "negbin":
        found = solver.solve(
            design.free_mean,
            found.z,
            design.obs[None, :],
            "negbin",
            lo,
            hi,
            gradient=design.free_gradient,
        )
    z_free = found.z[0]
    _check_bounds(design, z_free, lo, hi)
    z = design.expand(found.z)
    noise = float(design.noise_of(z, found.objective, found.k)[0])
    cov = np.zeros((law.n_params, law.n_params))
    cov[np.ix_(free, free)] = _covariance(design, z_free, noise)
    return Estimate(
        z[0], cov, noise, float(found.objective[0]), found.iterations, bool(found.converged[0])
    )


def _check_bounds(design: Design, z: FloatArray, lo: FloatArray, hi: FloatArray) -> None:
    law = design.law
    for position, j in enumerate(design.free):
        upper = z[position] >= hi[position] - 1e-6
        if upper or z[position] <= lo[position] + 1e-6:
            raise FitError(
                f"law={law.name!r} cannot be fitted: {bound_hint(law, j, upper)} "
                f"({law.params[j]} ran to the edge of its allowed range)."
            )


def _covariance(design: Design, z_free: FloatArray, noise: float) -> FloatArray:
    law = design.law
    jac = design.free_gradient(z_free[None, :])[0]
    mu = design.free_mean(z_free[None, :])
    w = solver.weights(design.family, mu, np.array([noise]))[0]
    info = jac.T @ (w[:, None] * jac)
    scale = np.sqrt(np.abs(np.diag(info)))
    normed = info / np.outer(np.where(scale > 0, scale, 1.0), np.where(scale > 0, scale, 1.0))
    if not np.all(np.isfinite(info)) or np.any(scale == 0) or np.linalg.cond(normed) > 1e12:
        names = ", ".join(law.params[j] for j in design.free)
        raise FitError(
            f"law={law.name!r}: the data do not determine all of {names} "
            "(the information matrix is singular); use a simpler law or more data."
        )
    cov = np.linalg.inv(normed) / np.outer(scale, scale)
    if design.family == "normal":
        cov = cov * noise**2
    return np.asarray(cov, dtype=np.float64)


def resolve_errors(errors: str, values: FloatArray) -> str:
    """``auto`` -> negbin for whole numbers, normal otherwise."""
    if errors != "auto":
        return errors
    return "negbin" if np.all(values == np.round(values)) else "normal"


def check_times(times: FloatArray, axis: TimeAxis, name: str) -> None:
    """Times must be strictly increasing: no repeats, no disorder."""
    steps = np.diff(times)
    if np.all(steps > 0):
        return
    i = int(np.flatnonzero(steps <= 0)[0])
    a, b = axis.label(times[i]), axis.label(times[i + 1])
    if steps[i] == 0:
        raise InvalidInputError(
            f"{name}: time {a} appears more than once (positions {i} and {i + 1}); "
            "give each time one row (sum the incidence, or keep the last cumulative total)."
        )
    raise InvalidInputError(
        f"{name}: times are not in increasing order ({a} at position {i} comes before "
        f"{b} at position {i + 1}); sort the rows by time first."
    )


def check_values(
    values: FloatArray,
    times: FloatArray,
    axis: TimeAxis,
    name: str,
    *,
    family: str,
    cumulative: bool,
) -> None:
    """Some growth to fit; counts are non-negative whole numbers that, if cumulative, never fall.

    With least squares (``normal``) a measurement may dip below zero (noise around a
    small size), but the series must reach a positive size.
    """
    total = values if cumulative else np.cumsum(values)
    if not np.any(total > 0):
        raise InvalidInputError(
            f"{name}: no value is positive (largest {values.max():g}); there is no growth to fit."
        )
    negative = np.flatnonzero(values < 0)
    if negative.size and family != "normal":
        i = int(negative[0])
        raise InvalidInputError(
            f"{name}: {negative.size} value(s) are negative (first at position {i}, "
            f"t = {axis.label(times[i])}: {values[i]:g}), but errors={family!r} needs counts; "
            "fix or drop those rows, or use errors='normal' for noisy measurements."
        )
    if family != "normal":
        fraction = np.flatnonzero(values != np.round(values))
        if fraction.size:
            i = int(fraction[0])
            raise InvalidInputError(
                f"{name}: value {values[i]:g} at position {i} is not a whole number, but "
                f"errors={family!r} needs counts; use errors='normal' for measurements."
            )
    if cumulative and family != "normal":
        falls = np.flatnonzero(np.diff(values) < 0)
        if falls.size:
            i = int(falls[0])
            raise InvalidInputError(
                f"{name}: the cumulative total falls from {values[i]:g} (t = "
                f"{axis.label(times[i])}) to {values[i + 1]:g} (t = {axis.label(times[i + 1])}), "
                f"position {i + 1}; cumulative counts cannot decrease: correct the data, "
                "pass the counts per interval with cumulative=False, or use errors='normal' "
                "for noisy measurements of a size."
            )
