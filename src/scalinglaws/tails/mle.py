"""Maximum-likelihood fits of the alternative families, with standard errors.

The optimiser works on each family's theta (see :mod:`.alternatives`); standard
errors of the reported parameters come from the observed information: H, the
Hessian of the negative log-likelihood in theta by central differences, gives
Cov(theta) = H^-1, and the delta method Cov(params) = J H^-1 J^T with
J = d params / d theta (also by central differences). A parameter that is not
finite (the lognormal's mu and sigma at its power-law limit) or an information
matrix that is not positive definite (a likelihood flat in some direction) gets
no standard error.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy import optimize

from scalinglaws._types import FloatArray
from scalinglaws.tails.alternatives import Family, family
from scalinglaws.tails.tail_sample import Tail


@dataclass(frozen=True)
class FittedFamily:
    """An alternative family at its maximum-likelihood parameters."""

    name: str
    theta: FloatArray
    params: dict[str, float]
    stderr: dict[str, float]
    logpdf: FloatArray  # log-likelihood at each distinct tail value
    converged: bool


def negative_loglik(fam: Family, tail: Tail) -> Callable[[FloatArray], float]:
    """theta -> -log-likelihood of the tail (inf where the family is not defined)."""

    def objective(theta: FloatArray) -> float:
        with np.errstate(all="ignore"):
            try:
                if fam.total is not None:
                    value = -fam.total(theta, tail)
                else:
                    value = -tail.total(fam.logpdf(theta, tail))
            except (ValueError, ZeroDivisionError, OverflowError):
                return np.inf
        return float(value) if np.isfinite(value) else np.inf

    return objective


def _finite(objective: Callable[[FloatArray], float]) -> Callable[[FloatArray], float]:
    """The objective with inf replaced by a huge finite value.

    L-BFGS-B's line search backs off from it instead of failing.
    """

    def bounded(theta: FloatArray) -> float:
        value = objective(theta)
        return value if np.isfinite(value) else 1e300

    return bounded


def fit_family(
    name: str,
    tail: Tail,
    objective: Callable[[FloatArray], float] | None = None,
    pointwise: Callable[[FloatArray], FloatArray] | None = None,
) -> FittedFamily:
    """Maximum-likelihood fit of one family to the tail (best of its starts).

    By default the likelihood is the family's on the tail's values; binned data pass
    their own negative log-likelihood `objective` and `pointwise` (theta -> log
    probability of each bin), and the tail (bin midpoints) only seeds the starts.
    """
    fam = family(name)
    custom = objective is not None
    if objective is None:
        objective = negative_loglik(fam, tail)
    direct = fam.solve(tail) if fam.solve is not None and not custom else None
    converged = True
    if direct is None:
        best: optimize.OptimizeResult | None = None
        bounded = _finite(objective)
        for start in fam.starts(tail):
            if not np.isfinite(objective(start)):
                continue
            found = optimize.minimize(
                bounded,
                start,
                method="L-BFGS-B",
                bounds=fam.bounds,
                options={"ftol": 1e-14, "gtol": 1e-9, "maxiter": 500},
            )
            if best is None or found.fun < best.fun:
                best = found
        if best is None:
            return FittedFamily(
                name, np.zeros(0), {}, {}, np.full(tail.values.size, -np.inf), False
            )
        direct, converged = np.asarray(best.x, dtype=np.float64), bool(best.success)
    theta = np.asarray(direct, dtype=np.float64)
    params = fam.to_params(theta, tail.xmin)
    return FittedFamily(
        name,
        theta,
        params,
        standard_errors(fam, theta, objective, tail.xmin),
        fam.logpdf(theta, tail) if pointwise is None else pointwise(theta),
        converged,
    )


def standard_errors(
    fam: Family, theta: FloatArray, objective: Callable[[FloatArray], float], xmin: float
) -> dict[str, float]:
    """Delta-method standard errors of the reported parameters (see the module notes)."""
    params = fam.to_params(theta, xmin)
    names = [name for name in fam.param_names if np.isfinite(params.get(name, np.nan))]
    if not names:
        return {}
    steps = 1e-4 * np.maximum(np.abs(theta), 1.0)
    for i, (low, _) in enumerate(fam.bounds or ()):
        if low is not None:  # stay inside the bound; none at all on it (a limit point)
            room = theta[i] - low
            if room <= 0:
                return {}
            steps[i] = min(steps[i], room / 2.0)
    hessian = _hessian(objective, theta, steps)
    if not np.all(np.isfinite(hessian)):
        return {}
    try:
        np.linalg.cholesky(hessian)
    except np.linalg.LinAlgError:
        return {}
    jacobian = np.empty((len(names), theta.size))
    for j in range(theta.size):
        shift = np.zeros(theta.size)
        shift[j] = steps[j]
        up, down = fam.to_params(theta + shift, xmin), fam.to_params(theta - shift, xmin)
        jacobian[:, j] = [(up[name] - down[name]) / (2.0 * steps[j]) for name in names]
    # sd_i = sqrt(J_i H^-1 J_i^T), with each row J_i scaled by its largest entry first so
    # that parameters of extreme scale (lambda ~ 1e300 on data in units of 1e-300) do
    # not overflow when squared.
    covariance = np.linalg.inv(hessian)
    scale = np.max(np.abs(jacobian), axis=1)
    scale = np.where(scale > 0, scale, 1.0)
    unit = jacobian / scale[:, None]
    variance = np.einsum("ij,jk,ik->i", unit, covariance, unit)
    return {
        name: float(s * np.sqrt(v))
        for name, s, v in zip(names, scale, variance, strict=True)
        if np.isfinite(v) and v > 0 and np.isfinite(s * np.sqrt(v))
    }


def _hessian(
    objective: Callable[[FloatArray], float], theta: FloatArray, steps: FloatArray
) -> FloatArray:
    size = theta.size
    hessian = np.empty((size, size))
    centre = objective(theta)
    for i in range(size):
        for j in range(i, size):
            ei = np.zeros(size)
            ej = np.zeros(size)
            ei[i], ej[j] = steps[i], steps[j]
            if i == j:
                value = (objective(theta + ei) - 2.0 * centre + objective(theta - ei)) / steps[
                    i
                ] ** 2
            else:
                value = (
                    objective(theta + ei + ej)
                    - objective(theta + ei - ej)
                    - objective(theta - ei + ej)
                    + objective(theta - ei - ej)
                ) / (4.0 * steps[i] * steps[j])
            hessian[i, j] = hessian[j, i] = value
    return hessian
