"""A batched Levenberg-Marquardt solver for many small growth fits at once.

Every problem in a batch shares the model ``mean(z) -> (B, n)`` and has its own
observations ``y`` (B, n). The step is Fisher scoring with Marquardt damping,

    (J' W J + lambda diag(J' W J)) dz = J' W (y - mu),

with W = 1 (least squares), 1/mu (Poisson) or 1/(mu + mu^2/k) (negative
binomial, NB2); at a fixed point J' W (y - mu) = 0, the score equation, so the
solution is the maximum-likelihood estimate. A step is kept only if it lowers
the family's objective (residual sum of squares, Poisson deviance, negative
binomial negative log-likelihood). The Jacobian is a central difference in z.
The NB size k is estimated by maximum likelihood, alternating with the mean
fit (mean and k are orthogonal in NB2, so this converges in a few rounds).
Refits that start from a known answer (bootstrap replicates) pass its k as
``k0``: the mean is fitted at k0, k is re-estimated once per problem, and the
mean is polished at the new k (orthogonality makes one round enough). The k
step is Newton's method on the score in log k, safeguarded by a bracket and
run only on the problems that have not converged.

Everything is vectorised over the batch: a multi-start fit and a thousand
bootstrap refits are each one call. References: K. Levenberg, Q. Appl. Math.
2, 164-168 (1944); D. W. Marquardt, J. SIAM 11, 431-441 (1963); P. McCullagh
and J. A. Nelder, *Generalized Linear Models*, 2nd ed. (1989), sec. 2.5.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.special import gammaln, psi, xlogy

from scalinglaws._types import FloatArray

__all__ = ["FAMILIES", "Solution", "jacobian", "nb_loglik", "objective", "solve", "weights"]

Mean = Callable[[FloatArray], FloatArray]
Gradient = Callable[[FloatArray], FloatArray]

FAMILIES = ("normal", "poisson", "negbin")
_TINY = 1e-12  # floor of a count mean
_K_BOX = (np.log(1e-3), np.log(1e8))  # NB size k; k at the top is Poisson for practical use
_FD_STEP = 1e-6


@dataclass(frozen=True)
class Solution:
    """Per-problem estimates z (B, P), objective, NB size k (inf unless negbin), convergence."""

    z: FloatArray
    objective: FloatArray
    k: FloatArray
    converged: npt.NDArray[np.bool_]
    iterations: int


def weights(family: str, mu: FloatArray, k: FloatArray) -> FloatArray:
    """Fisher-scoring weights 1 / Var(y) up to a constant."""
    if family == "normal":
        return np.ones_like(mu)
    mu = np.maximum(mu, _TINY)
    if family == "poisson":
        return 1.0 / mu
    return 1.0 / (mu + mu * mu / k[:, None])


def objective(family: str, y: FloatArray, mu: FloatArray, k: FloatArray) -> FloatArray:
    """The quantity each step must lower (per problem, shape (B,)); inf where mu is invalid."""
    with np.errstate(all="ignore"):
        if family == "normal":
            value = np.sum((y - mu) ** 2, axis=1)
        else:
            m = np.maximum(mu, _TINY)
            if family == "poisson":
                value = 2.0 * np.sum(xlogy(y, y / m) - (y - m), axis=1)
            else:
                kk = k[:, None]
                value = -np.sum(xlogy(y, m / (m + kk)) - kk * np.log1p(m / kk), axis=1)
    bad = ~np.isfinite(mu).all(axis=1) | ~np.isfinite(value)
    return np.where(bad, np.inf, value)


def nb_loglik(y: FloatArray, mu: FloatArray, k: FloatArray) -> FloatArray:
    """The full negative binomial (NB2) log-likelihood per problem, with size k (B,)."""
    kk = k[:, None]
    m = np.maximum(mu, _TINY)
    terms = (
        gammaln(y + kk)
        - gammaln(kk)
        - gammaln(y + 1.0)
        - kk * np.log1p(m / kk)
        + xlogy(y, m / (kk + m))
    )
    return np.asarray(np.sum(terms, axis=1), dtype=np.float64)


def solve(
    mean: Mean,
    z0: FloatArray,
    y: FloatArray,
    family: str,
    lo: FloatArray,
    hi: FloatArray,
    *,
    gradient: Gradient | None = None,
    max_iter: int = 200,
    k0: FloatArray | None = None,
    tol: float = 1e-11,
) -> Solution:
    """Fit every row of z0 to the matching row of y (y may be (1, n) for a multi-start).

    ``gradient(z) -> (B, n, P)`` is d mean / d z; central differences when None.
    ``k0`` (negbin only): each problem's starting NB size, for refits near a known fit.
    ``tol``: a problem has converged when a step lowers its objective by less than
    this fraction (bootstrap refits, which need less, pass a looser one).
    """
    with np.errstate(all="ignore"):
        jac = gradient or (lambda z: jacobian(mean, z))
        if family == "negbin" and k0 is not None:
            return _solve_warm(mean, jac, z0, y, lo, hi, max_iter, k0, tol)
        return _solve(mean, jac, z0, y, family, lo, hi, max_iter, tol)


def _solve(
    mean: Mean,
    jac: Gradient,
    z0: FloatArray,
    y: FloatArray,
    family: str,
    lo: FloatArray,
    hi: FloatArray,
    max_iter: int,
    tol: float,
) -> Solution:
    z0 = np.clip(np.asarray(z0, dtype=np.float64), lo, hi)
    y = np.broadcast_to(y, (z0.shape[0], y.shape[1]))
    k = np.full(z0.shape[0], np.inf)
    first = "poisson" if family == "negbin" else family
    z, f, converged, iters = _marquardt(mean, jac, z0, y, first, k, lo, hi, max_iter, tol)
    if family != "negbin":
        return Solution(z, f, k, converged, iters)
    k = _moment_k(y, mean(z))
    for _ in range(10):
        k_new = _ml_k(y, mean(z), k)
        z, f, converged, n = _marquardt(
            mean, jac, z, y, "negbin", k_new, lo, hi, max_iter // 2, tol
        )
        iters += n
        change = np.abs(np.log(k_new) - np.log(k))
        k = k_new
        if np.all(change[np.isfinite(change)] < 1e-7):
            break
    return Solution(z, f, k, converged, iters)


def _solve_warm(
    mean: Mean,
    jac: Gradient,
    z0: FloatArray,
    y: FloatArray,
    lo: FloatArray,
    hi: FloatArray,
    max_iter: int,
    k0: FloatArray,
    tol: float,
) -> Solution:
    z0 = np.clip(np.asarray(z0, dtype=np.float64), lo, hi)
    y = np.broadcast_to(y, (z0.shape[0], y.shape[1]))
    k = np.broadcast_to(np.asarray(k0, dtype=np.float64), (z0.shape[0],)).copy()
    z, f, converged, iters = _marquardt(mean, jac, z0, y, "negbin", k, lo, hi, max_iter, tol)
    k_new = _ml_k(y, mean(z), k)
    moved = np.flatnonzero(np.abs(np.log(k_new) - np.log(k)) > 1e-6)
    if moved.size:  # the mean barely depends on k (NB2 orthogonality): one short polish
        z[moved], f[moved], converged[moved], more = _marquardt(
            mean,
            jac,
            z[moved],
            y[moved],
            "negbin",
            k_new[moved],
            lo,
            hi,
            max(max_iter // 4, 5),
            tol,
        )
        iters += more
    return Solution(z, f, k_new, converged, iters)


def _marquardt(
    mean: Mean,
    gradient: Gradient,
    z: FloatArray,
    y: FloatArray,
    family: str,
    k: FloatArray,
    lo: FloatArray,
    hi: FloatArray,
    max_iter: int,
    tol: float = 1e-11,
) -> tuple[FloatArray, FloatArray, npt.NDArray[np.bool_], int]:
    z = z.copy()
    mu = mean(z)
    f = objective(family, y, mu, k)
    lam = np.full(z.shape[0], 1e-3)
    done = ~np.isfinite(f)
    converged = np.zeros(z.shape[0], dtype=bool)
    jac = np.zeros((*mu.shape, z.shape[1]))
    active = np.flatnonzero(~done)
    jac[active] = gradient(z[active])
    iteration = 0
    for iteration in range(1, max_iter + 1):  # noqa: B007 - the count is returned
        active = np.flatnonzero(~done)
        if active.size == 0:
            break
        J, m, kk = jac[active], mu[active], k[active]
        w = weights(family, m, kk) if family != "normal" else m
        weighted = J if family == "normal" else J * w[:, :, None]
        A = np.matmul(weighted.transpose(0, 2, 1), J)
        g = np.matmul(weighted.transpose(0, 2, 1), (y[active] - m)[:, :, None])[:, :, 0]
        # Coordinates on a bound whose step would leave the box stay put (projected step).
        frozen = ((z[active] <= lo) & (g < 0)) | ((z[active] >= hi) & (g > 0))
        if frozen.any():
            free = ~frozen
            A = A * free[:, :, None] * free[:, None, :] + frozen[:, :, None] * np.eye(z.shape[1])
            g = g * free
        step = _damped_step(A, g, lam[active])
        z_new = np.clip(z[active] + step, lo, hi)
        mu_new = mean(z_new)
        f_new = objective(family, y[active], mu_new, kk)
        better = np.isfinite(f_new) & (f_new <= f[active])
        moved = np.max(np.abs(z_new - z[active]), axis=1)
        drop = (f[active] - f_new) / np.maximum(np.abs(f[active]), 1e-300)
        keep = active[better]
        z[keep], mu[keep], f[keep] = z_new[better], mu_new[better], f_new[better]
        lam[keep] = np.maximum(lam[keep] * 0.3, 1e-12)
        lam[active[~better]] *= 10.0
        if keep.size:
            jac[keep] = gradient(z[keep])
        settled = better & ((drop < tol) | (moved < 1e-10) | (f_new == 0.0))
        stuck = ~better & (lam[active] > 1e10)
        converged[active[settled | stuck]] = True
        done[active[settled | stuck]] = True
    return z, f, converged, iteration


def _damped_step(A: FloatArray, g: FloatArray, lam: FloatArray) -> FloatArray:
    diag = np.diagonal(A, axis1=1, axis2=2)
    scale = np.maximum(diag, 1e-12 * np.maximum(diag.max(axis=1, keepdims=True), 1e-300))
    M = A + (lam[:, None] * scale)[:, :, None] * np.eye(A.shape[1])
    with np.errstate(all="ignore"):
        try:
            step = np.linalg.solve(M, g[:, :, None])[:, :, 0]
        except np.linalg.LinAlgError:
            step = np.stack(
                [np.linalg.lstsq(m, v, rcond=None)[0] for m, v in zip(M, g, strict=True)]
            )
    return np.where(np.isfinite(step), step, 0.0)


def jacobian(mean: Mean, z: FloatArray) -> FloatArray:
    """Central differences d mean / d z, shape (B, n, P)."""
    columns = []
    for j in range(z.shape[1]):
        up, down = z.copy(), z.copy()
        up[:, j] += _FD_STEP
        down[:, j] -= _FD_STEP
        with np.errstate(all="ignore"):
            columns.append((mean(up) - mean(down)) / (2.0 * _FD_STEP))
    jac = np.stack(columns, axis=2)
    return np.where(np.isfinite(jac), jac, 0.0)


def _moment_k(y: FloatArray, mu: FloatArray) -> FloatArray:
    """Method-of-moments NB size: sum mu^2 / sum((y - mu)^2 - mu), boxed."""
    m = np.maximum(mu, _TINY)
    excess = np.sum((y - m) ** 2 - m, axis=1)
    with np.errstate(all="ignore"):
        k = np.where(excess > 0, np.sum(m * m, axis=1) / excess, np.exp(_K_BOX[1]))
    return np.clip(np.where(np.isfinite(k), k, 1.0), *np.exp(_K_BOX))


def _ml_k(y: FloatArray, mu: FloatArray, k: FloatArray) -> FloatArray:
    """Maximum-likelihood NB size given the means, per problem (B,), started at ``k``.

    The root of the score g(u) = d loglik / d u in u = log k,
    g = k sum[psi(y + k) - psi(k) + log k + 1 - log(k + mu) - (k + y)/(k + mu)],
    by the secant method kept inside a bracket [lo, hi] with g(lo) > 0 > g(hi)
    (bisection when a step leaves it), on the problems not yet converged. Only
    digamma is evaluated (no log-likelihood, no trigamma). A problem whose score is
    still positive at the top of the box has no over-dispersion: k stays there.
    """
    m = np.maximum(mu, _TINY)
    low, high = np.full(k.shape, _K_BOX[0]), np.full(k.shape, _K_BOX[1])
    u = np.log(np.clip(k, *np.exp(_K_BOX)))
    poisson = _k_score(y, m, np.full(k.shape, high[0])) >= 0  # still rising at the top
    u[poisson] = _K_BOX[1]
    before = u.copy()
    g_before = _k_score(y, m, u)
    u = np.clip(u + np.where(g_before > 0, 0.1, -0.1), *_K_BOX)
    active = np.flatnonzero(~poisson)
    for _ in range(60):
        if active.size == 0:
            break
        ua = u[active]
        g = _k_score(y[active], m[active], ua)
        up = g > 0
        low[active] = np.where(up, ua, low[active])
        high[active] = np.where(up, high[active], ua)
        with np.errstate(all="ignore"):
            step = -g * (ua - before[active]) / (g - g_before[active])
        trial = ua + step
        inside = np.isfinite(trial) & (trial >= low[active]) & (trial <= high[active])
        trial = np.where(inside, trial, (low[active] + high[active]) / 2.0)
        before[active], g_before[active] = ua, g
        u[active] = trial
        done = (inside & (np.abs(step) < 1e-9)) | (high[active] - low[active] < 1e-9) | (g == 0)
        active = active[~done]
    return np.asarray(np.exp(u), dtype=np.float64)


def _k_score(y: FloatArray, m: FloatArray, u: FloatArray) -> FloatArray:
    """The NB score in u = log k (B,)."""
    kk = np.exp(u)[:, None]
    terms = psi(y + kk) - psi(kk) + np.log(kk) + 1.0 - np.log(kk + m) - (kk + y) / (kk + m)
    return np.asarray(kk[:, 0] * np.sum(terms, axis=1), dtype=np.float64)
