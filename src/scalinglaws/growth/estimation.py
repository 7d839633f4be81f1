"""The growth engine: build a design and estimate it by multi-start Levenberg-Marquardt.

Below :mod:`scalinglaws.growth.result` (which refits through it for forecasts and
bootstraps) and :mod:`scalinglaws.growth.fit` (which checks the input and wraps
the estimate in a :class:`~scalinglaws.growth.result.GrowthFit`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
from scipy.special import expit, logit

from scalinglaws._types import FloatArray
from scalinglaws.errors import FitError, InvalidInputError
from scalinglaws.growth import solver
from scalinglaws.growth.bounds import bound_message, covariance, hits, representable
from scalinglaws.growth.laws import Law
from scalinglaws.growth.model import Design
from scalinglaws.growth.pins import pinned_z
from scalinglaws.growth.times import TimeAxis

__all__ = ["Estimate", "estimate", "free_covariance", "prepare"]

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
    cov_free, undetermined = free_covariance(design, found.z[0], noise, at_bound)
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


def free_covariance(
    design: Design, z_free: FloatArray, noise: float, at_bound: dict[str, str]
) -> tuple[FloatArray, list[str]]:
    """The covariance of the free parameters z from the Fisher information at `z_free`.

    A fraction parameter at a bound takes its one-sided slope there; the normal family's
    covariance is scaled by noise^2. Also returns the parameters left undetermined.
    """
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
