"""``fit_growth``: check the series, fit the law by multi-start Levenberg-Marquardt.

Errors: ``errors="auto"`` (the default) uses the negative binomial for whole
numbers (counts are nearly always over-dispersed; a Poisson fit would give
intervals that are too narrow) and least squares for anything else.

A fit that has an estimate returns it: a parameter on the edge of its box, a
singular information matrix, an optimiser that stopped early or revised counts
each add a reason to ``GrowthFit.warnings`` (emitted as a
:class:`~scalinglaws.errors.FitWarning`). ``FitError`` is left for data no
starting point fits with a finite likelihood.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, get_args

import numpy as np
from scipy.special import expit, logit

from scalinglaws._types import FloatArray
from scalinglaws._validate import check_choice, require_count
from scalinglaws.errors import FitError, InvalidInputError
from scalinglaws.growth import solver
from scalinglaws.growth.bounds import bound_message, covariance, hits, representable
from scalinglaws.growth.checks import (
    check_cumulative,
    check_values,
    read_series,
    resolve_errors,
    revise,
)
from scalinglaws.growth.laws import LAWS, GrowthLawName, Law
from scalinglaws.growth.model import Design
from scalinglaws.growth.pins import fixed_names, pinned_z
from scalinglaws.growth.times import TimeAxis, column_label
from scalinglaws.results import flag

if TYPE_CHECKING:
    from scalinglaws.growth.result import GrowthFit

__all__ = ["ERRORS", "Estimate", "estimate", "fit_growth", "prepare"]

#: The likelihood family of the observations: ``"auto"`` picks one from the data.
GrowthErrors = Literal["auto", "normal", "poisson", "negbin"]
ERRORS: tuple[GrowthErrors, ...] = get_args(GrowthErrors)
#: A Poisson fit whose Pearson dispersion exceeds this gets a FitWarning.
OVERDISPERSED = 10.0
#: Numerically integrated laws: every start takes RACE steps, the best FINALISTS go on.
RACE = 12
FINALISTS = 4
_P_STEP = 1e-6
#: A positive parameter whose 95% interval spans more than this factor is flagged.
WIDE = 1000.0


@dataclass(frozen=True)
class Estimate:
    """The solver's answer for one data set, in the internal z coordinates."""

    z: FloatArray
    cov_z: FloatArray
    noise: float  # residual sd in observation units (normal), NB size k, or inf (Poisson)
    objective: float
    iterations: int
    converged: bool
    at_bound: dict[str, str] = field(default_factory=dict)
    reasons: tuple[str, ...] = ()


def fit_growth(
    t: Any,
    y: Any,
    *,
    law: GrowthLawName = "logistic",
    cumulative: bool = True,
    errors: GrowthErrors = "auto",
    fix_c0: bool | None = None,
    fix: Mapping[str, float] | None = None,
) -> GrowthFit:
    """Fit a growth law to a time series of cumulative totals or of incidence.

    Parameters
    ----------
    t : array_like
        Times, strictly increasing: numbers, or dates (numpy datetime64, pandas
        Timestamps, ``datetime.date`` or ISO 8601 strings), which become days
        since the first date (the fit remembers that origin).
    y : array_like
        The observed values, non-negative for counts: cumulative totals or sizes
        when ``cumulative=True``, else the amount per interval (t_{i-1}, t_i].
    law : str
        ``"exponential"``, ``"logistic"``, ``"gompertz"``, ``"richards"``,
        ``"ggm"`` (dC/dt = r C^p), ``"glm"`` (r C^p (1 - C/K)), ``"grm"``
        (r C^p (1 - (C/K)^a)), ``"subepidemic"`` (waves of GLMs; their number n
        chosen by AICc among 1..3 unless ``fix={"n": ...}``), ``"sir"`` or
        ``"seir"``; see :mod:`scalinglaws.growth.laws` and docs/growth.md.
    cumulative : bool
        Whether ``y`` is a cumulative total (default) or incidence.
    errors : str
        ``"normal"`` (least squares), ``"poisson"``, ``"negbin"`` (negative
        binomial with a fitted size k) or ``"auto"``: negbin for whole numbers,
        normal otherwise. Count likelihoods of cumulative data are taken on the
        increments, which are the independent counts.
    fix_c0 : bool or None
        For laws with an initial size C0, pin C(t_first) to the first observation
        instead of estimating it. None (default): pinned for ``ggm``, ``glm``,
        ``grm`` and ``subepidemic`` (the convention of Viboud, Simonsen & Chowell
        2016 and Chowell 2017), estimated for ``exponential``.
    fix : mapping of str to float, optional
        Parameters held at given natural values, e.g. ``{"gamma": 1/5}`` (SEIR
        with a known infectious period) or ``{"n": 2}`` (two sub-epidemics).

    Returns
    -------
    GrowthFit
        Estimates, intervals, derived quantities, forecasts; ``warnings`` and
        ``at_bound`` say where the fit deserves a second look.

    Raises
    ------
    InvalidInputError
        Times that are not numbers or parseable dates, unsorted or repeated
        times, negative counts, non-integer counts for a count likelihood,
        mismatched lengths, or data whose fit would overflow float64.
    InsufficientDataError
        Fewer points than estimated parameters + 1 (+ 1 for the NB dispersion).
    InvalidOptionError
        An unknown law or error family, or an invalid ``fix``.
    FitError
        No starting point gives a finite likelihood.

    Warns
    -----
    FitWarning
        A parameter reached a bound (the bounded estimate is returned), revised
        cumulative counts were adjusted, the information matrix is singular, the
        optimiser stopped early, or Poisson counts are over-dispersed.
    """
    check_choice(law, "law", LAWS)
    check_choice(errors, "errors", ERRORS)
    cumulative = check_cumulative(cumulative)
    fixed, pins = fixed_names(law, fix_c0, fix)
    times, values, axis, y_name = read_series(t, y)
    family = resolve_errors(errors, values)
    check_values(values, times, axis, y_name, family=family, cumulative=bool(cumulative))
    notes: list[str] = []
    if cumulative and family != "normal":
        values, revised = revise(values, times, axis, y_name)
        notes += [revised] if revised else []
    if "C0" in fixed and "C0" not in pins and values[0] <= 0:
        raise InvalidInputError(
            f"{y_name}: the first value is {values[0]:g}, so C0 cannot be pinned to it; drop "
            "the leading rows up to a positive value, or pass fix_c0=False to estimate C0."
        )
    spec = LAWS[law]
    # Sub-epidemics: the smallest model tried (one wave) also pins n, q and C_thr.
    n_free = spec.n_params - len(fixed) - (3 if law == "subepidemic" and "n" not in fixed else 0)
    require_count(
        times.size,
        n_free + (2 if family == "negbin" else 1),
        column_label(t, "t"),
        "the number of observations",
        f"law={law!r} with errors={family!r} estimates {n_free} parameters"
        + (" plus the dispersion k" if family == "negbin" else "")
        + ", and needs one more point than that",
    )
    from scalinglaws.growth.result import GrowthFit  # the result module imports this one

    selection: tuple[tuple[int, float], ...] = ()
    if law == "subepidemic" and "n" not in fixed:
        from scalinglaws.growth.select import choose_waves

        fixed, pins, _, found, selection = choose_waves(
            family, bool(cumulative), times, values, fixed, pins, axis
        )
    else:
        _, found = prepare(law, family, bool(cumulative), times, values, fixed, pins, axis)
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
        warnings=flag([*notes, *found.reasons]),
        at_bound=found.at_bound,
        selection=selection,
    )


def prepare(
    law: str,
    family: str,
    cumulative: bool,
    times: FloatArray,
    values: FloatArray,
    fixed: tuple[str, ...] = (),
    pins: Mapping[str, float] | None = None,
    axis: TimeAxis | None = None,
    extra_starts: FloatArray | None = None,
) -> tuple[Design, Estimate]:
    """Build the design (pinning ``fixed`` at ``pins``, C0 at the first value) and estimate it."""
    template = pinned_z(law, cumulative, times, values, fixed, pins or {})
    design = Design.build(law, family, cumulative, times, values, fixed, template)
    with np.errstate(all="ignore"):  # non-finite values are screened, never used
        found = estimate(design, extra_starts)
    reasons = list(found.reasons)
    unit = (axis or TimeAxis()).unit
    for name, side in found.at_bound.items():
        j = design.law.params.index(name)
        reasons.append(bound_message(design.law, name, side, found.z[j], design.frame, unit))
    if not found.converged:
        reasons.append(
            f"law={law!r}: the optimiser stopped after {found.iterations} iterations "
            "without meeting its tolerance; check the fit with .plot()"
        )
    if family == "poisson":
        mu = np.maximum(design.mean(found.z[None, :])[0], 1e-12)
        with np.errstate(over="ignore"):  # counts near 1e300: a dispersion of inf, warned
            ratio = float(np.sum((design.obs - mu) ** 2 / mu)) / max(design.n - design.n_free, 1)
        if ratio > OVERDISPERSED:
            reasons.append(
                f"errors='poisson': the counts vary {ratio:.0f} times more than Poisson "
                "noise allows (Pearson dispersion), so the intervals are too narrow; "
                "use errors='negbin'"
            )
    return design, Estimate(
        found.z,
        found.cov_z,
        found.noise,
        found.objective,
        found.iterations,
        found.converged,
        found.at_bound,
        tuple(reasons),
    )


def estimate(design: Design, extra_starts: FloatArray | None = None) -> Estimate:
    """Multi-start fit of one design; the covariance comes from the Fisher information."""
    law, free = design.law, list(design.free)
    lo_all, hi_all, lo_cap, hi_cap = law.bounds(design.frame)
    if np.any(lo_all[free] > hi_all[free]):
        raise InvalidInputError(
            f"law={law.name!r}: at the units of these data (times spanning "
            f"{design.frame.t_scale:.3g}, values up to {design.frame.y_scale:.3g}) the "
            "parameters cannot be represented in float64; rescale t or y and fit again."
        )
    lo, hi = lo_all[free], hi_all[free]
    first = "poisson" if design.family == "negbin" else design.family
    starts = law.starts(design.tau, design.level)
    if extra_starts is not None:
        starts = np.vstack([starts, extra_starts])
    starts = starts[:, free]
    if law.numerical:  # each evaluation integrates an ODE: a short race, then the best few
        race = solver.solve(
            design.free_mean,
            starts,
            design.obs[None, :],
            first,
            lo,
            hi,
            gradient=design.free_gradient,
            max_iter=RACE,
        )
        order = np.argsort(np.where(np.isfinite(race.objective), race.objective, np.inf))
        starts = race.z[order[:FINALISTS]]
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
    z = design.expand(found.z)
    at_bound = hits(law, z[0], design.free, lo_all, hi_all, (lo_cap, hi_cap))
    representable(law, z[0], design.frame)
    noise = float(design.noise_of(z, found.objective, found.k)[0])
    cov_free, undetermined = _covariance(design, found.z[0], noise, at_bound)
    cov = np.zeros((law.n_params, law.n_params))
    cov[np.ix_(free, free)] = cov_free
    reasons = _weakly_identified(law, cov, design.free, at_bound, undetermined)
    if undetermined:
        reasons.append(
            f"the data do not determine {', '.join(undetermined)} (the information matrix is "
            "singular there); their intervals are unbounded: use a simpler law or more data"
        )
    return Estimate(
        z[0],
        cov,
        noise,
        float(found.objective[0]),
        found.iterations,
        bool(found.converged[0]),
        at_bound,
        tuple(reasons),
    )


def _edge_slope(design: Design, z_free: FloatArray, position: int) -> FloatArray:
    """d mean / dz of a fraction p at the edge of its box, by a difference in p itself.

    At z = +-25, p(1 - p) ~ 1e-11 and a step in z does not move p in float64; a
    one-sided step of 1e-6 in p (into the box) gives d mean / dp, and the chain
    rule d mean / dz = p (1 - p) d mean / dp keeps the information about p.
    """
    p = float(expit(z_free[position]))
    inner = p - _P_STEP if p > 0.5 else p + _P_STEP
    moved = z_free.copy()
    moved[position] = float(logit(inner))
    rows = np.vstack([z_free, moved])
    values = design.free_mean(rows)
    return np.asarray((values[0] - values[1]) / (p - inner) * p * (1.0 - p), dtype=np.float64)


def _weakly_identified(
    law: Law, cov: FloatArray, free: tuple[int, ...], at_bound: dict[str, str], skip: list[str]
) -> list[str]:
    """A warning naming positive parameters whose 95% interval spans more than WIDE times."""
    names = [
        law.params[j]
        for j in free
        if law.kinds[j] in ("size", "rate", "shape")
        and law.params[j] not in at_bound
        and law.params[j] not in skip
        and 2 * 1.96 * np.sqrt(max(cov[j, j], 0.0)) > np.log(WIDE)
    ]
    if not names:
        return []
    return [
        f"the data barely determine {', '.join(names)} (95% intervals wider than a factor "
        f"of {WIDE:g}); hold one of them at a value known from elsewhere with fix={{...}} "
        "or use more data"
    ]


def _covariance(
    design: Design, z_free: FloatArray, noise: float, at_bound: dict[str, str]
) -> tuple[FloatArray, list[str]]:
    jac = design.free_gradient(z_free[None, :])[0]
    for position, j in enumerate(design.free):
        if design.law.kinds[j] == "fraction" and design.law.params[j] in at_bound:
            jac[:, position] = _edge_slope(design, z_free, position)
    mu = design.free_mean(z_free[None, :])
    w = solver.weights(design.family, mu, np.array([noise]))[0]
    information = jac.T @ (w[:, None] * jac)
    names = [design.law.params[j] for j in design.free]
    cov, undetermined = covariance(information, names, at_bound)
    if design.family == "normal":
        cov = cov * noise**2
    return np.asarray(cov, dtype=np.float64), undetermined
