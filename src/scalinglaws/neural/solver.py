"""Global search for the summed robust loss: batched Newton from many starts, pruned.

The objective is the papers' (Hoffmann et al. 2022, app. D.2; Besiroglu et al.
2024): ``sum_i rho(log Lhat_i - log L_i)`` with the Huber rho (delta = 1e-3),
summed, not averaged (:mod:`scalinglaws.neural.objective`).

Every start is descended at once by a damped Newton iteration on the exact
Hessian, vectorised over starts (a p x p solve per start per step, batched).
The Hessian of this objective is indefinite away from the optimum and its
scales differ by orders of magnitude (a term of the law that has all but
vanished has a tiny gradient and a tiny curvature), so each step is taken in
Jacobi-scaled coordinates: ``s = -(H + mu I)^-1 g`` where that matrix is
positive definite, else ``-V (|Lambda| + mu)^-1 V' g`` with the eigenvalues of H
replaced by their absolute values (the saddle-free Newton step of Dauphin et al.
2014); the Levenberg-Marquardt damping mu follows the ratio of actual to
predicted decrease (Nielsen 1999). Near the optimum the step is Newton's, and
convergence quadratic.

Most starts of a large grid are hopeless: a term of the law starts at e^-30 of
the loss and needs dozens of steps to matter. Successive halving (Jamieson &
Talwalkar 2016) stops spending on them: after a few steps only the best quarter
of the starts carries on, then the best quarter of those; starts that meet (to
1e-4 in every coordinate) merge and one carries on for all. The survivors run to
convergence, the best distinct optima are polished until no step decreases the
objective in double precision, and the best is checked against the boundary
where a term of the law vanishes.

References
----------
Dauphin, Y. et al. (2014). Identifying and attacking the saddle point problem in
high-dimensional non-convex optimization. NeurIPS 2014, arXiv:1406.2572.
Nielsen, H. B. (1999). Damping parameter in Marquardt's method. IMM-REP-1999-05,
Technical University of Denmark.
Jamieson, K. & Talwalkar, A. (2016). Non-stochastic best arm identification and
hyperparameter optimization. AISTATS 2016, arXiv:1502.07943.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

import numpy as np
import numpy.typing as npt

from scalinglaws._types import FloatArray
from scalinglaws.neural.objective import Objective, Penalty

IntArray = npt.NDArray[np.intp]
BoolArray = npt.NDArray[np.bool_]

__all__ = ["HALVING", "LOSSES", "MERGE_TOL", "Descent", "Penalty", "Search", "descend", "search"]

#: The fit's criterion on the log residuals (``fit_neural(objective=...)``).
NeuralObjective = Literal["huber", "least_squares", "asymmetric"]
LOSSES: tuple[NeuralObjective, ...] = get_args(NeuralObjective)

#: Successive halving: (Newton steps, then the fraction of starts that carries on).
HALVING = ((4, 0.25), (8, 0.25))
MIN_KEPT = 64  # never prune below this many starts
MERGE_TOL, MERGE_EVERY = 1e-4, 4  # starts this close (every coordinate) are one; how often
MU_START, MU_MAX = 1.0, 1e10  # Marquardt damping, relative to unit (Jacobi-scaled) curvature
SEARCH_RTOL = 1e-9  # a start has converged when a step gains less than this (relative)
VANISH = -1e4  # a log scale this low makes its term exactly 0 in float64 (a boundary optimum)
PROBE_STEPS = 30  # Newton steps of the other parameters after a term is set to zero


@dataclass(eq=False)
class Descent:
    """Parameter vectors descended together; every array is indexed by row."""

    theta: FloatArray  # (S, p)
    value: FloatArray  # (S,) objective; inf where the model overflows
    grad: FloatArray  # (S, p)
    hess: FloatArray  # (S, p, p)
    damping: FloatArray  # (S,) Marquardt mu
    growth: FloatArray  # (S,) Nielsen's nu: how fast mu grows after a rejected step
    done: BoolArray  # (S,) converged, stalled or never finite
    weights: FloatArray | None  # (S, n) run weights per row (bootstrap counts), or None

    @classmethod
    def start(
        cls, objective: Objective, theta: FloatArray, weights: FloatArray | None = None
    ) -> Descent:
        """A descent state at ``theta``, its objective, gradient and Hessian evaluated."""
        points = np.array(theta, dtype=np.float64, copy=True)
        value, grad, hess = objective.derivatives(points, weights)
        size = points.shape[0]
        return cls(
            points,
            value,
            grad,
            hess,
            np.full(size, MU_START),
            np.full(size, 2.0),
            ~np.isfinite(value),
            weights,
        )

    def step(self, objective: Objective, rows: IntArray, rtol: float) -> None:
        """One damped saddle-free Newton step for `rows`, in place."""
        with np.errstate(all="ignore"):  # overflowing trial points are rejected, not warned
            self._step(objective, rows, rtol)

    def _step(self, objective: Objective, rows: IntArray, rtol: float) -> None:
        grad, hess, mu = self.grad[rows], self.hess[rows], self.damping[rows]
        diag = np.abs(np.einsum("spp->sp", hess))
        scale = np.sqrt(np.maximum(diag, 1e-300 + 1e-15 * diag.max(axis=1, keepdims=True)))
        scaled = hess / scale[:, :, None] / scale[:, None, :]
        sane = np.isfinite(scaled).all(axis=(1, 2)) & np.isfinite(grad).all(axis=1)
        scaled[~sane] = np.eye(scaled.shape[1])
        step, predicted = _damped_step(scaled, grad / scale, mu)
        step /= scale
        trial = self.theta[rows] + step
        weights = None if self.weights is None else self.weights[rows]
        value, grad_t, hess_t = objective.derivatives(trial, weights)
        old = self.value[rows]
        better = sane & (value < old)
        accepted = rows[better]
        self.theta[accepted] = trial[better]
        self.value[accepted] = value[better]
        self.grad[accepted] = grad_t[better]
        self.hess[accepted] = hess_t[better]
        # Nielsen's update: shrink mu by how well the model predicted the decrease.
        ratio = np.clip((old - value) / np.where(predicted > 0, predicted, np.inf), 0.0, 1.0)
        nu = self.growth[rows]
        self.damping[rows] = np.where(
            better, mu * np.maximum(1.0 / 3.0, 1.0 - (2.0 * ratio - 1.0) ** 3), mu * nu
        )
        self.growth[rows] = np.where(better, 2.0, nu * 2.0)
        small = better & (old - value <= rtol * np.abs(old))
        self.done[rows] |= small | ~sane | (self.damping[rows] > MU_MAX)

    def run(self, objective: Objective, rows: IntArray, steps: int, rtol: float) -> None:
        """Up to `steps` Newton steps for each of `rows` that has not converged."""
        active = rows[~self.done[rows]]
        for _ in range(steps):
            if active.size == 0:
                return
            self.step(objective, active, rtol)
            active = active[~self.done[active]]


def _cholesky_solve(matrix: FloatArray, rhs: FloatArray) -> tuple[FloatArray, BoolArray]:
    """Solve ``matrix x = rhs`` for a stack of small symmetric matrices by Cholesky.

    Vectorised over the stack, one column at a time; ``ok`` is False where a
    matrix is not (numerically) positive definite, and x is meaningless there.
    """
    size = matrix.shape[1]
    low = np.zeros_like(matrix)
    ok = np.ones(matrix.shape[0], dtype=bool)
    for j in range(size):
        pivot = matrix[:, j, j] - np.einsum("sk,sk->s", low[:, j, :j], low[:, j, :j])
        ok &= pivot > 1e-12
        root = np.sqrt(np.where(pivot > 1e-12, pivot, 1.0))
        low[:, j, j] = root
        below = matrix[:, j + 1 :, j] - np.einsum("sik,sk->si", low[:, j + 1 :, :j], low[:, j, :j])
        low[:, j + 1 :, j] = below / root[:, None]
    forward = np.empty_like(rhs)
    for i in range(size):
        dot = np.einsum("sk,sk->s", low[:, i, :i], forward[:, :i])
        forward[:, i] = (rhs[:, i] - dot) / low[:, i, i]
    out = np.empty_like(rhs)
    for i in reversed(range(size)):
        dot = np.einsum("sk,sk->s", low[:, i + 1 :, i], out[:, i + 1 :])
        out[:, i] = (forward[:, i] - dot) / low[:, i, i]
    return out, ok


def _damped_step(
    hess: FloatArray, grad: FloatArray, mu: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Damped Newton steps and the decrease their quadratic model predicts.

    Where ``H + mu I`` is positive definite (most rows, and all near an optimum)
    the step is Levenberg-Marquardt's, ``-(H + mu I)^-1 g``, by Cholesky; elsewhere
    it is ``-V (|Lambda| + mu)^-1 V' g`` with ``H = V Lambda V'``: the eigenvalues
    replaced by their absolute values (saddle-free Newton), by eigendecomposition.
    """
    eye = np.eye(hess.shape[1])
    step, ok = _cholesky_solve(hess + mu[:, None, None] * eye, -grad)
    # -(g's + s'Hs/2) for s = -(H + mu I)^-1 g: (g'(H + mu I)^-1 g + mu |s|^2) / 2
    predicted = -0.5 * np.einsum("sp,sp->s", grad, step) + 0.5 * mu * np.einsum(
        "sp,sp->s", step, step
    )
    bad = np.flatnonzero(~ok)
    if bad.size:
        eigval, eigvec = np.linalg.eigh(hess[bad])
        curvature = np.abs(eigval)
        denom = curvature + mu[bad, None]
        along = np.einsum("spq,sp->sq", eigvec, grad[bad])  # gradient in the eigenbasis
        step[bad] = -np.einsum("spq,sq->sp", eigvec, along / denom)
        predicted[bad] = np.sum(along * along * (1.0 / denom - 0.5 * curvature / denom**2), axis=1)
    return step, predicted


def descend(
    objective: Objective,
    starts: FloatArray,
    weights: FloatArray | None = None,
    *,
    max_iter: int = 200,
    rtol: float = SEARCH_RTOL,
) -> Descent:
    """Every start descended to convergence (no pruning); see :class:`Descent`."""
    state = Descent.start(objective, starts, weights)
    state.run(objective, np.arange(starts.shape[0]), max_iter, rtol)
    return state


def _merge(
    theta: FloatArray, value: FloatArray, rows: IntArray, parent: IntArray, tol: float
) -> IntArray:
    """Keep one representative start per basin.

    Rows whose points round to the same multiple of `tol` in every coordinate
    follow the best of them (one representative per basin); returns the leaders.
    """
    keys = np.round(theta[rows] / tol)
    order = np.lexsort((value[rows],))  # best first, so np.unique picks the best as leader
    _, first, inverse = np.unique(keys[order], axis=0, return_index=True, return_inverse=True)
    leaders = rows[order][first]
    parent[rows[order]] = leaders[np.ravel(inverse)]
    return np.sort(leaders)


def _survivors(value: FloatArray, rows: IntArray, fraction: float) -> IntArray:
    """The best `fraction` of `rows` by objective (at least MIN_KEPT)."""
    keep = max(int(np.ceil(fraction * rows.size)), min(rows.size, MIN_KEPT))
    order = np.argsort(value[rows], kind="stable")
    return np.sort(rows[order[:keep]])


def _boundary(
    objective: Objective,
    theta: FloatArray,
    value: float,
    weights: FloatArray | None,
    max_iter: int,
) -> tuple[FloatArray, float]:
    """The best point, or a better one on the boundary where a term of the law is zero.

    When a term contributes next to nothing (E -> 0, say), the objective can keep
    decreasing as its log scale goes to -inf, by less and less per Newton step:
    the infimum is on the boundary, and a descent stops wherever its steps become
    too small. So each term in turn is set to exactly zero and the other
    parameters descended for a few steps; a probe that comes within 1% of the
    point is polished, and the best is kept if it beats the point.
    """
    if not objective.form.log_scales:  # no term can vanish (a plain power law)
        return theta.copy(), value
    probes = np.repeat(theta[None, :], len(objective.form.log_scales), axis=0)
    probes[np.arange(probes.shape[0]), list(objective.form.log_scales)] = VANISH
    rows_weights = (
        None if weights is None else np.broadcast_to(weights, (probes.shape[0], weights.size))
    )
    state = descend(objective, probes, rows_weights, max_iter=PROBE_STEPS)
    close = np.flatnonzero(state.value <= value * (1.0 + 1e-2))
    if close.size == 0:
        return theta.copy(), value
    state.done[close] = False
    state.run(objective, close, max_iter, 0.0)
    pick = close[int(np.argmin(state.value[close]))]
    if state.value[pick] < value:
        return state.theta[pick].copy(), float(state.value[pick])
    return theta.copy(), value


@dataclass(frozen=True)
class Search:
    """The outcome of the global search, in the objective's frame."""

    theta: FloatArray  # best point
    value: float  # its objective
    n_starts: int
    n_best_basin: int  # starts whose descent ended in the best basin
    candidates: FloatArray  # polished distinct optima, best first (bootstrap warm starts)


def _distinct(points: FloatArray, values: FloatArray, k: int, tol: float = 1e-3) -> IntArray:
    """Indices of up to `k` points, best first, each more than `tol` from the others."""
    chosen: list[int] = []
    for index in np.argsort(values, kind="stable"):
        if not np.isfinite(values[index]):
            break
        if all(np.max(np.abs(points[index] - points[other])) > tol for other in chosen):
            chosen.append(int(index))
        if len(chosen) == k:
            break
    return np.array(chosen, dtype=np.intp)


def search(
    starts: FloatArray,
    objective: Objective,
    *,
    refine: int = 4,
    prune: bool = True,
    weights: FloatArray | None = None,
    max_iter: int = 200,
    basin_rtol: float = 1e-4,
) -> Search:
    """Descend every start, prune by successive halving, polish the `refine` best optima.

    The best optimum is then checked against the boundary where a term of the law
    is zero (:func:`_boundary`). With ``prune=False`` every start runs to
    convergence (the full search, for comparison). `weights` (n,) weights the runs
    (a bootstrap resample's counts). A start is in the best basin when its descent
    ends within `basin_rtol` (relative) of the best objective, within 1e-3 of the
    best point in every coordinate, or at parameters whose predicted log loss is
    within `basin_rtol` of the best's at every run (the same curve: starts that
    stalled on the way to a boundary optimum, where a term vanishes); pruned starts
    count as not reaching it.
    """
    size = starts.shape[0]
    rows_weights = None if weights is None else np.broadcast_to(weights, (size, weights.size))
    state = Descent.start(objective, starts, rows_weights)
    parent = np.arange(size)
    rows = np.flatnonzero(~state.done)
    spent = 0
    if prune:
        for steps, fraction in HALVING:
            state.run(objective, rows, steps, SEARCH_RTOL)
            spent += steps
            kept = _survivors(state.value, rows, fraction)
            rows = _merge(state.theta, state.value, kept, parent, MERGE_TOL)
        while spent < max_iter and not state.done[rows].all():
            state.run(objective, rows, MERGE_EVERY, SEARCH_RTOL)
            spent += MERGE_EVERY
            rows = _merge(state.theta, state.value, rows, parent, MERGE_TOL)
    else:
        state.run(objective, rows, max_iter, SEARCH_RTOL)
    rows = _merge(state.theta, state.value, rows, parent, 1e-7)
    best = rows[_distinct(state.theta[rows], state.value[rows], refine)]
    if best.size == 0:
        return Search(starts[0], float("inf"), size, 0, np.empty((0, starts.shape[1])))
    # Polish: step until no step decreases the objective in double precision.
    state.done[best] = False
    state.damping[best], state.growth[best] = MU_START, 2.0
    state.run(objective, best, max_iter, 0.0)
    best = best[np.argsort(state.value[best], kind="stable")]
    best_theta, best_value = _boundary(
        objective, state.theta[best[0]], float(state.value[best[0]]), weights, max_iter
    )
    while np.any(parent[parent] != parent):
        parent = parent[parent]
    ends, values = state.theta[parent], state.value[parent]
    pruned = ~np.isin(parent, rows)
    close = np.max(np.abs(ends - best_theta[None, :]), axis=1) <= 1e-3
    near = values <= best_value + basin_rtol * abs(best_value)
    alive = np.flatnonzero(~pruned & ~(close | near))
    with np.errstate(all="ignore"):  # the same curve: a boundary optimum's stalled starts
        curves = objective.form.predict(ends[alive], objective.feats)
        best_curve = objective.form.predict(best_theta[None, :], objective.feats)
    same = np.zeros(size, dtype=bool)
    same[alive] = np.max(np.abs(curves - best_curve), axis=1) <= basin_rtol
    n_best = int(np.sum((close | near | same) & ~pruned))
    # Candidates: the best point, then the other polished optima (distinct to 1e-2).
    points = np.vstack([best_theta[None, :], state.theta[best]])
    scores = np.concatenate([[best_value], state.value[best]])
    scores[1:][np.max(np.abs(state.theta[best] - best_theta), axis=1) <= 1e-2] = np.inf
    optima = points[_distinct(points, scores, refine, 1e-2)]
    return Search(best_theta, best_value, size, n_best, optima)
