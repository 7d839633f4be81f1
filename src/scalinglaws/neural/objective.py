"""The summed robust loss of a neural scaling law, batched: value, gradient, Hessian.

The objective of Hoffmann et al. (2022, app. D.2) and Besiroglu et al. (2024):
``f(theta) = sum_i w_i rho(r_i)``, ``r_i = log Lhat_i(theta) - log L_i``, with the
Huber rho (Huber 1964) and run weights ``w_i`` (1, or the counts of a bootstrap
resample, so that every replicate is the same computation on other weights).

For the forms whose log loss is a log-sum-exp of terms affine in theta,
``log Lhat = LSE_k(t_k)``, ``t_k = s_k - x_k z_k`` (a log scale s_k, an exponent
x_k, a log feature z_k: ``chinchilla``, ``chinchilla_tied``, ``power_offset``),
the exact Hessian has a closed form. With the softmax weights ``p_k = e^(t_k) /
sum e^(t_j)`` and ``T_i`` the (K, p) matrix of term gradients,

    grad f = sum_i w_i psi(r_i) T_i' p_i
    hess f = sum_i w_i T_i' [psi(r_i) diag(p_i) + (psi'(r_i) - psi(r_i)) p_i p_i'] T_i

(``diag(p) - p p'`` is the Hessian of LSE). Every entry is a sum over runs of a
coefficient times 1, z_k or z_k z_l, so one pass over the runs and one small
matrix product give f, the gradient and the Hessian of a whole block of
parameter vectors; blocks are sized to stay in cache. The other forms use the
Jacobian of their model and the curvature of the Huber majoriser (IRLS weights
psi(r)/r), a positive semi-definite stand-in for the exact Hessian.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import numpy as np

from scalinglaws._types import FloatArray
from scalinglaws.neural.forms import Form

__all__ = ["Objective", "Penalty"]

BLOCK_BYTES = 64_000  # one (rows, n) array of a block: with the ~20 others, within a core's L2


def _block(n_runs: int) -> int:
    """Parameter vectors per block for runs of this size."""
    return max(8, BLOCK_BYTES // (8 * max(n_runs, 1)))


@dataclass(frozen=True)
class Penalty:
    """The robust loss rho applied to each log-space residual r = log Lhat - log L.

    Huber's rho (Huber 1964) with width `delta`: r^2/2 inside, delta(|r| - delta/2)
    outside; ``delta = inf`` is least squares r^2/2. ``under`` > 1 multiplies rho
    for runs the law under-predicts (r < 0): an asymmetric loss for users who
    would rather over- than under-estimate the loss of a planned run.
    """

    delta: float = 1e-3
    under: float = 1.0

    def rho_psi(self, r: FloatArray) -> tuple[FloatArray, FloatArray]:
        """rho(r) and its derivative psi(r)."""
        rho, psi, _ = self.derivatives(r)
        return rho, psi

    def derivatives(self, r: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
        """rho(r), psi(r) = rho'(r) and psi'(r) (1 inside delta, 0 outside).

        psi is r clipped to [-delta, delta], and rho = psi (r - psi / 2) both inside
        (r^2 / 2) and outside (delta |r| - delta^2 / 2).
        """
        psi = np.clip(r, -self.delta, self.delta)
        rho = psi * (r - 0.5 * psi)
        dpsi = (psi == r).astype(np.float64)
        if self.under == 1.0:
            return rho, psi, dpsi
        weight = np.where(r < 0, self.under, 1.0)
        return rho * weight, psi * weight, dpsi * weight

    def irls_weights(self, r: FloatArray) -> FloatArray:
        """psi(r) / r: the weights of the quadratic majoriser of rho (1 inside delta)."""
        weights = np.minimum(1.0, self.delta / np.abs(r))
        return weights if self.under == 1.0 else weights * np.where(r < 0, self.under, 1.0)


@dataclass(frozen=True)
class _Terms:
    """The affine terms t_k = theta[scale_k] - theta[exponent_k] * z[feature_k]."""

    scale: tuple[int, ...]
    exponent: tuple[int, ...]  # -1: a constant term (no exponent)
    feature: tuple[int, ...]  # column of the features; -1 with exponent -1


# The log-sum-exp forms whose terms are affine in theta (see forms.FORMS).
AFFINE_TERMS = {
    "chinchilla": _Terms((0, 1, 2), (3, 4, -1), (0, 1, -1)),
    "chinchilla_tied": _Terms((0, 1, 2), (3, 3, -1), (0, 1, -1)),
    "power_offset": _Terms((0, 1), (2, -1), (0, -1)),
}


def _moment_basis(feats: FloatArray) -> tuple[FloatArray, dict[tuple[int, ...], int]]:
    """Columns 1, z_a, z_a z_b of the features and where each monomial sits."""
    n_feat = feats.shape[1]
    monomials: list[tuple[int, ...]] = [(), *((a,) for a in range(n_feat))]
    monomials += list(itertools.combinations_with_replacement(range(n_feat), 2))
    columns = [np.prod(feats[:, list(m)], axis=1) if m else np.ones(len(feats)) for m in monomials]
    return np.column_stack(columns), {m: i for i, m in enumerate(monomials)}


def _assembly(terms: _Terms, n_par: int, where: dict[tuple[int, ...], int]) -> FloatArray:
    """The matrix that maps the moments of a block to (f, gradient, Hessian).

    Coefficient arrays, in order: ``(psi' - psi) p_k p_l`` for k <= l (the outer
    part of the Hessian's inner matrix), ``psi p_k`` for each k (the gradient, and
    the diagonal part of the inner matrix), ``rho`` (the value). Moment (c, m) is
    ``sum_i coefficient_c,i * monomial_m(z_i)``; the output columns are f, the p
    gradient entries and the p*p Hessian entries.
    """
    n_terms = len(terms.scale)
    pairs = [(k, m) for k in range(n_terms) for m in range(k, n_terms)]
    n_coef = len(pairs) + n_terms + 1
    out = np.zeros((n_coef, len(where), 1 + n_par + n_par * n_par))

    def grad_t(k: int) -> list[tuple[int, tuple[int, ...], float]]:
        """d t_k / d theta as (parameter, monomial, sign)."""
        parts: list[tuple[int, tuple[int, ...], float]] = [(terms.scale[k], (), 1.0)]
        if terms.exponent[k] >= 0:
            parts.append((terms.exponent[k], (terms.feature[k],), -1.0))
        return parts

    def outer(c: int, k: int, m: int) -> None:
        """Add coefficient c times grad t_k grad t_m' (and its transpose) to the Hessian."""
        for (i, mi, si), (j, mj, sj) in itertools.product(grad_t(k), grad_t(m)):
            monomial = tuple(sorted(mi + mj))
            out[c, where[monomial], 1 + n_par + i * n_par + j] += si * sj
            if k != m:
                out[c, where[monomial], 1 + n_par + j * n_par + i] += si * sj

    for c, (k, m) in enumerate(pairs):
        outer(c, k, m)
    for k in range(n_terms):
        for i, mi, si in grad_t(k):
            out[len(pairs) + k, where[mi], 1 + i] += si
        outer(len(pairs) + k, k, k)
    out[-1, where[()], 0] = 1.0
    return out.reshape(n_coef * len(where), -1)


@dataclass(frozen=True, eq=False)
class Objective:
    """f(theta) = sum_i w_i rho(log Lhat_i(theta) - log L_i) for blocks of parameter vectors.

    ``feats`` and ``log_loss`` are the runs in the solver's (centred) frame.
    ``weights`` are per-row run weights of shape (S, n) aligned with the theta rows
    passed in (``rows`` selects them), or None for unit weights.
    """

    form: Form
    feats: FloatArray
    log_loss: FloatArray
    penalty: Penalty
    _basis: FloatArray = field(init=False, repr=False)
    _assemble: FloatArray | None = field(init=False, repr=False)

    def __post_init__(self) -> None:
        """Precompute the moment basis of the form's affine terms, when it has them."""
        terms = AFFINE_TERMS.get(self.form.name)
        basis, assemble = np.empty((0, 0)), None
        if terms is not None:
            basis, where = _moment_basis(self.feats)
            assemble = _assembly(terms, len(self.form.theta_names), where)
        object.__setattr__(self, "_basis", basis)
        object.__setattr__(self, "_assemble", assemble)

    @property
    def n_par(self) -> int:
        """The number of parameters of the form."""
        return len(self.form.theta_names)

    def value(self, theta: FloatArray, weights: FloatArray | None = None) -> FloatArray:
        """f at each row of theta (S,); inf where the model overflows."""
        out = np.empty(theta.shape[0])
        size = _block(self.log_loss.size)
        with np.errstate(all="ignore"):
            for lo in range(0, theta.shape[0], size):
                block = slice(lo, lo + size)
                pred = self._predict(theta[block])
                rho, _, _ = self.penalty.derivatives(pred - self.log_loss)
                if weights is not None:
                    rho = rho * weights[block]
                out[block] = rho.sum(axis=1)
        return np.where(np.isfinite(out), out, np.inf)

    def derivatives(
        self, theta: FloatArray, weights: FloatArray | None = None
    ) -> tuple[FloatArray, FloatArray, FloatArray]:
        """f (S,), gradient (S, p) and Hessian (S, p, p) at each row of theta.

        Rows where f is not finite get f = inf (their derivatives are meaningless).
        """
        count, p = theta.shape
        f, grad, hess = np.empty(count), np.empty((count, p)), np.empty((count, p, p))
        size = _block(self.log_loss.size)
        buffer = None
        if self._assemble is not None:  # the coefficient arrays of one block, reused
            buffer = np.empty(
                (self._assemble.shape[0] // self._basis.shape[1], size, self.log_loss.size)
            )
        with np.errstate(all="ignore"):
            for lo in range(0, count, size):
                block = slice(lo, lo + size)
                w = None if weights is None else weights[block]
                if buffer is None:
                    f[block], grad[block], hess[block] = self._majoriser(theta[block], w)
                else:
                    f[block], grad[block], hess[block] = self._affine(theta[block], w, buffer)
        bad = ~np.isfinite(f)
        f[bad] = np.inf
        return f, grad, hess

    # --- the model -----------------------------------------------------------------
    def _predict(self, theta: FloatArray) -> FloatArray:
        terms = AFFINE_TERMS.get(self.form.name)
        if terms is None:
            return self.form.predict(theta, self.feats)
        return np.log(sum(self._exp_terms(theta, terms)))

    def _exp_terms(self, theta: FloatArray, terms: _Terms) -> list[FloatArray]:
        """e^(t_k) for each term, (S, n) (a constant term stays (S, 1))."""
        out = []
        for s, x, z in zip(terms.scale, terms.exponent, terms.feature, strict=True):
            if x < 0:
                out.append(np.exp(theta[:, s : s + 1]))
            else:
                out.append(np.exp(theta[:, s : s + 1] - theta[:, x : x + 1] * self.feats[:, z]))
        return out

    def _affine(
        self, theta: FloatArray, weights: FloatArray | None, buffer: FloatArray
    ) -> tuple[FloatArray, FloatArray, FloatArray]:
        """f, gradient and exact Hessian of a block.

        The coefficients of the module docstring written into `buffer`, then their moments and the
        assembly.
        """
        assert self._assemble is not None
        exps = self._exp_terms(theta, AFFINE_TERMS[self.form.name])
        total = exps[0] + exps[1]
        for extra in exps[2:]:
            total += extra
        rho, psi, dpsi = self.penalty.derivatives(np.log(total) - self.log_loss)
        if weights is not None:
            rho, psi, dpsi = rho * weights, psi * weights, dpsi * weights
        np.reciprocal(total, out=total)
        share = [e * total for e in exps]  # softmax weights p_k
        curv = np.subtract(dpsi, psi, out=dpsi)
        coef = buffer[:, : theta.shape[0]]
        scaled = [curv * p_k for p_k in share]  # (psi' - psi) p_k
        pairs = itertools.combinations_with_replacement(range(len(share)), 2)
        for index, (k, m) in enumerate(pairs):
            np.multiply(scaled[k], share[m], out=coef[index])
        for k in range(len(share)):
            np.multiply(psi, share[k], out=coef[-1 - len(share) + k])
        coef[-1] = rho
        moments = coef @ self._basis  # (c, rows, m)
        flat = np.moveaxis(moments, 0, 1).reshape(theta.shape[0], -1) @ self._assemble
        p = self.n_par
        return flat[:, 0], flat[:, 1 : 1 + p], flat[:, 1 + p :].reshape(-1, p, p)

    def _majoriser(
        self, theta: FloatArray, weights: FloatArray | None
    ) -> tuple[FloatArray, FloatArray, FloatArray]:
        """Gradient and the IRLS (majoriser) Hessian sum_i w_i psi(r_i)/r_i J_i J_i'."""
        pred, jac = self.form.model(theta, self.feats)
        resid = pred - self.log_loss
        rho, psi, _ = self.penalty.derivatives(resid)
        irls = self.penalty.irls_weights(resid)
        if weights is not None:
            rho, psi, irls = rho * weights, psi * weights, irls * weights
        grad = np.einsum("spn,sn->sp", jac, psi)
        hess = np.einsum("spn,sqn->spq", jac * irls[:, None, :], jac)
        return rho.sum(axis=1), grad, hess
