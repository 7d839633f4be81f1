"""Analytic uncertainty of a neural-law fit: the M-estimator covariance and the delta method.

The fit minimises S(theta) = sum_i rho(r_i), r_i = log Lhat_i(theta) - log L_i, with
Huber's rho (delta = 1e-3 on log loss, or least squares). Its asymptotic
covariance is Huber's (1981, sec. 7.6)

    Cov(theta) = kappa^2 (J'J)^-1,   kappa^2 = [sum_i psi(r_i)^2 / (n - p)] / E[psi'(r)]^2,

with J the (n, p) Jacobian of log Lhat at the optimum (the Gauss-Newton curvature
the solver already uses). For least squares psi(r) = r, psi' = 1 and this is the
usual s^2 (J'J)^-1. For the papers' tiny delta most residuals lie outside
[-delta, delta], where psi' = 0, so the empirical mean of psi' is a noisy count of
a handful of runs; E[psi'] = P(|r| < delta) is instead estimated from a Gaussian
kernel density of the residuals (Silverman's bandwidth), which as delta -> 0 gives
2 delta f(0) and kappa -> 1 / (2 f(0)): the least-absolute-deviations covariance
(Koenker 2005, sec. 3.2). Under-predictions weighted by ``under`` (the asymmetric
loss) weight psi and psi' the same way.

Directions of theta the runs do not identify (a Jacobian column that vanished,
e.g. E driven to 0) get infinite variance, so their intervals are unbounded
rather than falsely narrow. Intervals of the natural parameters map the Wald
interval of their fit-space coordinate through the (monotone) map, so positive
scales stay positive; derived quantities use the delta method with a central
difference gradient.

References
----------
Huber, P. J. (1981). *Robust Statistics*. Wiley.
Koenker, R. (2005). *Quantile Regression*. Cambridge University Press.
Silverman, B. W. (1986). *Density Estimation for Statistics and Data Analysis*.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt
from scipy import special

from scalinglaws._types import FloatArray
from scalinglaws.neural.forms import Form
from scalinglaws.neural.solver import Penalty

__all__ = ["delta_se", "m_covariance", "natural_intervals", "natural_stderr", "residual_scale"]

#: Relative eigenvalue of J'J below which a direction counts as not identified.
RANK_TOL = 1e-12
#: Normal-consistency factor of the median absolute deviation.
MAD_SCALE = 1.482602218505602


def _bandwidth(r: FloatArray) -> float:
    """Silverman's rule of thumb, 0.9 min(sd, IQR / 1.349) n^(-1/5)."""
    q75, q25 = np.percentile(r, [75, 25])
    spread = min(float(np.std(r, ddof=1)) if r.size > 1 else 0.0, float(q75 - q25) / 1.349)
    if spread <= 0:
        spread = float(np.std(r, ddof=1)) if r.size > 1 else 0.0
    return float(0.9 * spread * r.size ** (-0.2))


def _mean_slope(r: FloatArray, penalty: Penalty, n_params: int = 0) -> float:
    """E[psi'(r)]: P(-delta < r < 0) * under + P(0 <= r < delta), smoothed by a KDE.

    A robust fit with a small delta passes through about p runs (as least absolute
    deviations interpolates p points), so their residuals sit at zero by construction
    and would inflate the density there; as quantreg's sparsity estimate does
    (Koenker 2005, sec. 3.4), the `n_params` residuals nearest zero are left out of
    the density when delta is finite.
    """
    d = penalty.delta
    if np.isfinite(d) and 0 < n_params < r.size - 1:
        r = r[np.argsort(np.abs(r))[n_params:]]
    h = _bandwidth(r)
    if h <= 0:
        below = float(np.mean((r < 0) & (r > -d)))
        above = float(np.mean((r >= 0) & (r < d)))
    else:
        below = float(np.mean(special.ndtr(-r / h) - special.ndtr((-d - r) / h)))
        above = float(np.mean(special.ndtr((d - r) / h) - special.ndtr(-r / h)))
    return penalty.under * below + above


def m_covariance(jac: FloatArray, resid: FloatArray, penalty: Penalty) -> FloatArray:
    """Huber's covariance kappa^2 (J'J)^-1 of the fit-space parameters (see module doc).

    `jac` is (n, p), `resid` the n residuals log Lhat - log L at the optimum.
    Unidentified directions have infinite variance (their rows and columns are inf).
    """
    n, p = jac.shape
    _, psi = penalty.rho_psi(resid)
    slope = _mean_slope(resid, penalty, p)
    spread = float(np.sum(psi * psi)) / max(n - p, 1)
    gram = jac.T @ jac
    values, vectors = np.linalg.eigh(gram)
    top = float(values.max()) if values.size else 0.0
    keep = values > RANK_TOL * top if top > 0 else np.zeros_like(values, dtype=bool)
    inverse = (vectors[:, keep] / values[keep]) @ vectors[:, keep].T
    if spread == 0.0:
        kappa2 = 0.0
    elif slope <= 0.0:
        kappa2 = np.inf
    else:
        kappa2 = spread / slope**2
    with np.errstate(invalid="ignore"):
        cov = kappa2 * inverse if np.isfinite(kappa2) else np.full((p, p), np.inf)
    loose = np.any(np.abs(vectors[:, ~keep]) > 1e-6, axis=1)
    cov[loose, :] = np.inf
    cov[:, loose] = np.inf
    return np.asarray(cov, dtype=np.float64)


def residual_scale(resid: FloatArray, n_params: int, least_squares: bool) -> float:
    """The scatter s of log losses about the law, for predictive intervals.

    Least squares: sqrt(RSS / (n - p)). Robust fits: the normalised median absolute
    deviation 1.4826 * median|r - median r|, times sqrt(n / (n - p)), which is
    consistent for normal scatter and ignores the odd diverged run as Huber's loss does.
    """
    n = resid.size
    dof = max(n - n_params, 1)
    if least_squares:
        return float(np.sqrt(np.sum(resid * resid) / dof))
    mad = float(np.median(np.abs(resid - np.median(resid))))
    return MAD_SCALE * mad * float(np.sqrt(n / dof))


def delta_se(
    fn: Callable[[FloatArray], FloatArray], theta: FloatArray, cov: FloatArray
) -> FloatArray:
    """Delta-method standard errors of fn(theta) (a vector), central-difference gradient.

    A quantity that depends on an unidentified coordinate (infinite variance) has an
    infinite standard error.
    """
    base = np.asarray(fn(theta), dtype=np.float64)
    grad = np.empty((base.size, theta.size))
    for k in range(theta.size):
        step = 1e-6 * max(1.0, abs(float(theta[k])))
        up, down = theta.copy(), theta.copy()
        up[k] += step
        down[k] -= step
        grad[:, k] = (np.asarray(fn(up)) - np.asarray(fn(down))) / (2.0 * step)
    bad = ~np.isfinite(np.diag(cov))
    good = ~bad
    var = np.einsum("ij,jk,ik->i", grad[:, good], cov[np.ix_(good, good)], grad[:, good])
    se = np.sqrt(np.clip(var, 0.0, None))
    touches = np.any(np.abs(grad[:, bad]) > 0, axis=1) if bad.any() else np.zeros(se.size, bool)
    return np.where(touches | ~np.isfinite(grad).all(axis=1), np.inf, se)


def _sources(form: Form, theta: FloatArray) -> npt.NDArray[np.intp]:
    """For each natural parameter, the fit-space coordinate it is a function of."""
    base = form.natural(theta)
    moved = form.natural(theta[None, :] + 1e-3 * np.eye(theta.size))  # (p, q)
    return np.asarray(np.argmax(np.abs(moved - base[None, :]), axis=0), dtype=np.intp)


def natural_stderr(form: Form, theta: FloatArray, cov: FloatArray) -> FloatArray:
    """Delta-method standard errors of the natural parameters (inf where unidentified)."""
    return delta_se(lambda t: form.natural(t), theta, cov)


def natural_intervals(
    form: Form, theta: FloatArray, cov: FloatArray, z: float
) -> tuple[FloatArray, FloatArray]:
    """Wald intervals theta_k +/- z se_k mapped through the natural map, per parameter.

    Every natural parameter is a monotone function (exp or identity) of one
    fit-space coordinate, so the mapped interval keeps its range (positive scales
    stay positive) and is the exact image of the fit-space interval.
    """
    se = np.sqrt(np.clip(np.diag(cov), 0.0, None))
    source = _sources(form, theta)
    with np.errstate(over="ignore", invalid="ignore"):
        low = form.natural(theta[None, :] - np.diag(z * se))  # row k: coordinate k moved
        high = form.natural(theta[None, :] + np.diag(z * se))
    columns = np.arange(source.size)
    a, b = low[source, columns], high[source, columns]
    return np.minimum(a, b), np.maximum(a, b)
