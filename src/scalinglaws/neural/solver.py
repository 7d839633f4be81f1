"""Global search for the summed robust loss in log space: batched starts, then L-BFGS.

The objective is the papers' (Hoffmann et al. 2022, app. D.2; Besiroglu et al.
2024): ``sum_i rho(log Lhat_i - log L_i)`` with the Huber rho (delta = 1e-3),
summed, not averaged, so that L-BFGS's tolerances do not stop it early.

Every start is descended at once: a damped Gauss-Newton (Levenberg-Marquardt)
iteration with iteratively reweighted Huber weights, vectorised over all starts
(one (S, p, n) Jacobian per iteration, a batch of p x p solves, starts dropped as
they converge), in single precision, where the exponentials are about 4x faster.
The best few distinct end points are then polished in double precision with
scipy's L-BFGS-B and the analytic gradient. The loss function is a pure
module-level function, after scikit-learn's ``_huber.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.optimize import minimize

from scalinglaws.neural.forms import Form

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]

__all__ = ["LOSSES", "Penalty", "Search", "batched_descent", "objective", "search"]

LOSSES = ("huber", "least_squares", "asymmetric")


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
        absr = np.abs(r)
        inside = absr <= self.delta
        rho = np.where(inside, 0.5 * r * r, self.delta * (absr - 0.5 * self.delta))
        psi = np.where(inside, r, self.delta * np.sign(r))
        if self.under == 1.0:
            return rho, psi
        weight = np.where(r < 0, self.under, 1.0)
        return rho * weight, psi * weight

    def irls_weights(self, r: FloatArray) -> FloatArray:
        """psi(r) / r: the weights of the quadratic majoriser of rho (1 inside delta)."""
        weights = np.minimum(1.0, self.delta / np.abs(r))
        return weights if self.under == 1.0 else weights * np.where(r < 0, self.under, 1.0)


def objective(
    theta: FloatArray, form: Form, feats: FloatArray, log_loss: FloatArray, penalty: Penalty
) -> tuple[float, FloatArray]:
    """The summed robust loss of one parameter vector and its analytic gradient."""
    pred, jac = form.model(theta[None, :], feats)
    rho, psi = penalty.rho_psi(pred[0] - log_loss)
    return float(rho.sum()), np.einsum("pn,n->p", jac[0], psi)


def _value_only(
    theta: FloatArray, form: Form, feats: FloatArray, log_loss: FloatArray, penalty: Penalty
) -> FloatArray:
    pred = form.predict(theta, feats)
    rho, _ = penalty.rho_psi(pred - log_loss[None, :])
    value = rho.sum(axis=1)
    return np.where(np.isfinite(value), value, np.inf)


def _merge_duplicates(theta: FloatArray, active: IntArray, parent: IntArray) -> IntArray:
    """Let starts that reached the same point (to 1e-7) follow one representative."""
    keys = np.round(theta[active] * 1e7)
    _, first, inverse = np.unique(keys, axis=0, return_index=True, return_inverse=True)
    reps = active[first]
    follows = reps[np.ravel(inverse)]
    parent[active] = follows
    return np.sort(reps)


def batched_descent(
    starts: FloatArray,
    form: Form,
    feats: FloatArray,
    log_loss: FloatArray,
    penalty: Penalty,
    *,
    max_iter: int = 300,
    rtol: float = 1e-10,
    merge_every: int = 10,
    dtype: type[np.floating[Any]] = np.float64,
) -> tuple[FloatArray, FloatArray]:
    """Descend every start at once; returns end points (S, p) and objective values (S,).

    Starts whose paths meet are merged (one representative carries on), so the
    batch shrinks both as starts converge and as they coincide. ``dtype=np.float32``
    runs the same iteration in single precision (about 4x faster exponentials);
    the values returned are then float32-accurate only.
    """
    theta = np.array(starts, dtype=dtype, copy=True)
    feats, log_loss = feats.astype(dtype), log_loss.astype(dtype)
    n_par = theta.shape[1]
    parent = np.arange(theta.shape[0])
    eye = np.eye(n_par, dtype=dtype)[None]
    with np.errstate(all="ignore"):
        value = _value_only(theta, form, feats, log_loss, penalty)
        damping = np.full(theta.shape[0], 1e-3, dtype=dtype)
        active = np.flatnonzero(np.isfinite(value))
        for iteration in range(max_iter):
            if active.size == 0:
                break
            if iteration % merge_every == merge_every - 1:
                active = _merge_duplicates(theta, active, parent)
            th = theta[active]
            pred, jac = form.model(th, feats)
            resid = pred - log_loss[None, :]
            _, psi = penalty.rho_psi(resid)
            # IRLS weights of the Huber majoriser: psi(r) / r, i.e. 1 inside delta.
            weights = penalty.irls_weights(resid)
            # einsum, not matmul: thousands of tiny products are faster without
            # BLAS, whose idle threads would otherwise spin against the caller.
            grad = np.einsum("spn,sn->sp", jac, psi)  # (S, p)
            hess = np.einsum("spn,sqn->spq", jac * weights[:, None, :], jac)  # (S, p, p)
            diag = np.einsum("spp->sp", hess)
            # Marquardt's scaled damping plus a tiny ridge, so that a start whose
            # Jacobian lost a column (a term that vanished) still has a solvable system.
            ridge = damping[active][:, None] * diag + 1e-10 * diag.max(axis=1, keepdims=True)
            hess_d = hess + (ridge + 1e-30)[:, :, None] * eye
            try:
                step = np.linalg.solve(hess_d, -grad[:, :, None])[:, :, 0]
            except np.linalg.LinAlgError:  # pragma: no cover - NaN rows only
                step = -grad / (np.abs(diag) + 1e-12)
            trial = th + step
            new_value = _value_only(trial, form, feats, log_loss, penalty)
            old = value[active]
            better = np.isfinite(new_value) & (new_value < old)
            theta[active[better]] = trial[better]
            value[active[better]] = new_value[better]
            damping[active] = np.where(better, damping[active] / 3.0, damping[active] * 4.0)
            gain = np.where(better, old - new_value, 0.0)
            done = (better & (gain <= rtol * np.abs(old))) | (damping[active] > 1e12)
            active = active[~done]
    # Follow each merged start to its representative's end point.
    while np.any(parent[parent] != parent):
        parent = parent[parent]
    return theta[parent].astype(np.float64), value[parent].astype(np.float64)


def polish(
    theta: FloatArray, form: Form, feats: FloatArray, log_loss: FloatArray, penalty: Penalty
) -> tuple[FloatArray, float]:
    """Refine one point with L-BFGS-B and the analytic gradient (tight tolerances)."""
    with np.errstate(all="ignore"):
        result = minimize(
            objective,
            theta,
            args=(form, feats, log_loss, penalty),
            jac=True,
            method="L-BFGS-B",
            options={"ftol": 1e-15, "gtol": 1e-13, "maxiter": 20000, "maxcor": 10},
        )
    point = np.asarray(result.x, dtype=np.float64)
    value = float(result.fun)
    start_value, _ = objective(theta, form, feats, log_loss, penalty)
    if not np.isfinite(value) or value > start_value:
        return np.asarray(theta, dtype=np.float64), start_value
    return point, value


@dataclass(frozen=True)
class Search:
    """The outcome of the global search."""

    theta: FloatArray  # best point, fit space
    value: float  # its objective
    n_starts: int
    n_best_basin: int  # starts whose descent ended in the best basin
    candidates: FloatArray  # polished distinct optima, best first (bootstrap warm starts)


def _distinct(points: FloatArray, values: FloatArray, k: int, tol: float = 1e-3) -> FloatArray:
    order = np.argsort(values)
    chosen: list[FloatArray] = []
    for index in order:
        if not np.isfinite(values[index]):
            break
        point = points[index]
        if all(np.max(np.abs(point - other)) > tol for other in chosen):
            chosen.append(point)
        if len(chosen) == k:
            break
    return np.array(chosen, dtype=np.float64).reshape(-1, points.shape[1])


def search(
    starts: FloatArray,
    form: Form,
    feats: FloatArray,
    log_loss: FloatArray,
    penalty: Penalty,
    *,
    refine: int = 4,
    basin_rtol: float = 1e-4,
) -> Search:
    """Batched descent from every start, then L-BFGS-B polish of the `refine` best basins.

    The batched descent runs in single precision to a relative gain of 1e-7 (its
    exponentials are about 4x faster); end points are re-scored in double
    precision, and starts whose single-precision run overflowed are rerun in double.
    """
    ends, _ = batched_descent(starts, form, feats, log_loss, penalty, rtol=1e-7, dtype=np.float32)
    with np.errstate(all="ignore"):
        values = _value_only(ends, form, feats, log_loss, penalty)
    redo = ~np.isfinite(values)
    if redo.any():
        ends[redo], values[redo] = batched_descent(starts[redo], form, feats, log_loss, penalty)
    candidates = _distinct(ends, values, refine)
    if candidates.shape[0] == 0:
        return Search(starts[0], float("inf"), starts.shape[0], 0, candidates)
    polished = sorted(
        (polish(point, form, feats, log_loss, penalty) for point in candidates[:refine]),
        key=lambda item: item[1],
    )
    best_theta, best_value = polished[0]
    tol = basin_rtol * abs(best_value) + 1e-300
    # A start is in the best basin when its descent ends within `basin_rtol` of the
    # best value, or within 1e-3 of the best point in every coordinate. Starts that
    # stop elsewhere sit at other local optima or crawl on a plateau (gain < 1e-7).
    close = np.max(np.abs(ends - best_theta[None, :]), axis=1) <= 1e-3
    n_best = int(np.sum(close | (values <= best_value + tol)))
    # Polished optima that coincide (to 1e-2 in every coordinate) are one basin.
    optima = _distinct(
        np.array([point for point, _ in polished]), np.array([v for _, v in polished]), refine, 1e-2
    )
    return Search(best_theta, best_value, int(starts.shape[0]), n_best, optima)
