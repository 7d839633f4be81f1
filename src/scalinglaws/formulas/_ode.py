"""Many small ODE systems integrated together with scipy's ``solve_ivp``.

The growth laws without a closed form (the generalized logistic and Richards
models, sub-epidemic waves, SIR and SEIR) are autonomous ODEs in a few states.
A fit or a bootstrap evaluates hundreds of parameter sets at once, so their
systems are stacked into one state vector of shape (M, m) and integrated in one
call: the right-hand side is vectorised numpy over the M rows, and the step
size is controlled for all rows together (scipy's DOP853, an explicit
Runge-Kutta method of order 8 with an error estimate of order 5; E. Hairer,
S. P. Norsett and G. Wanner, *Solving Ordinary Differential Equations I*, 2nd
ed., Springer 1993, sec. II.10).

Some parameter sets an optimiser tries are stiff (a generalized Richards curve
with a large exponent a stops at K abruptly; an SEIR model with a very short
infectious period). When the explicit method needs more than
:data:`EXPLICIT_STEPS` steps, the batch is integrated again with scipy's
implicit BDF method, told that the rows are independent (a block-diagonal
Jacobian sparsity), so its Jacobian costs m evaluations of the right-hand side
whatever M is (Hairer & Wanner, *Solving Ordinary Differential Equations II*,
1996).

Times before the initial time are reached by integrating backwards.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt
from scipy import sparse
from scipy.integrate import DOP853, solve_ivp

from scalinglaws._types import FloatArray

__all__ = ["RTOL", "batch", "integrate"]

IndexArray = npt.NDArray[np.intp]
Rhs = Callable[[FloatArray, IndexArray], FloatArray]

#: Relative tolerance of every integration (the absolute one is RTOL times each row's scale).
RTOL = 1e-10
#: Explicit steps allowed before a batch is treated as stiff.
EXPLICIT_STEPS = 500


def batch(
    t: npt.ArrayLike, *params: npt.ArrayLike
) -> tuple[FloatArray, list[FloatArray], tuple[int, ...]]:
    """Flatten broadcast parameters for :func:`integrate`.

    ``t`` varies along its last axis only (shape (n,) or (1, ..., 1, n)); every
    parameter broadcasts against it and is constant along that axis (a scalar or
    a column such as (B, 1)). Returns the n times, each parameter as a flat
    (M,) array, and the output shape ``broadcast(t, *params)``.
    """
    times = np.asarray(t, dtype=np.float64)
    arrays = [np.asarray(p, dtype=np.float64) for p in params]
    shape = np.broadcast_shapes(times.shape, *(a.shape for a in arrays))
    if times.ndim == 0:
        rows = shape
        flat_t = times.reshape(1)
    else:
        if times.size != times.shape[-1]:
            raise ValueError("t must vary along its last axis only, e.g. shape (n,) or (1, n)")
        rows = shape[:-1]
        flat_t = times.reshape(-1)
    columns = [np.broadcast_to(a, (*rows, 1) if times.ndim else rows).reshape(-1) for a in arrays]
    return flat_t, columns, shape


def integrate(rhs: Rhs, x0: FloatArray, t0: float, t: FloatArray, scale: FloatArray) -> FloatArray:
    """Integrate ``dx/dt = rhs(x, rows)`` for every row of ``x0`` (M, m); x at ``t``.

    ``rhs(x, rows)`` gets the states of the rows ``rows`` (indices into 0..M-1, so it
    can pick their parameters) and returns their derivatives. ``t`` (n,) may be in
    any order and on either side of ``t0``; ``scale`` (M,) sets each row's absolute
    tolerance (RTOL times it). The result has shape (M, m, n); rows whose
    integration fails are NaN (the caller screens non-finite values).
    """
    count, m = x0.shape
    wanted, position = np.unique(t, return_inverse=True)
    values = np.full((count, m, wanted.size), np.nan)
    values[:, :, wanted == t0] = x0[:, :, None]
    for side in (np.flatnonzero(wanted > t0), np.flatnonzero(wanted < t0)[::-1]):
        if side.size:
            with np.errstate(all="ignore"):
                _rows(rhs, x0, t0, wanted[side], scale, np.arange(count), values, side)
    return values[:, :, position.reshape(-1)]


def _rows(
    rhs: Rhs,
    x0: FloatArray,
    t0: float,
    times: FloatArray,
    scale: FloatArray,
    rows: IndexArray,
    values: FloatArray,
    side: IndexArray,
) -> None:
    """Integrate ``rows`` together: explicitly, or with BDF when that is too slow (stiff)."""
    m = x0.shape[1]
    atol = np.repeat(np.maximum(np.abs(scale[rows]), 1e-300)[:, None] * RTOL, m, axis=1)

    def fun(_: float, flat: FloatArray) -> FloatArray:
        return rhs(flat.reshape(rows.size, m), rows).reshape(-1)

    start = x0[rows].reshape(-1)
    found = _explicit(fun, t0, start, times, atol.reshape(-1))
    if found is None:
        found = _implicit(fun, t0, start, times, atol.reshape(-1), rows.size, m)
    if found is not None:
        values[np.ix_(rows, np.arange(m), side)] = found.reshape(rows.size, m, times.size)


def _explicit(
    fun: Callable[[float, FloatArray], FloatArray],
    t0: float,
    x0: FloatArray,
    times: FloatArray,
    atol: FloatArray,
) -> FloatArray | None:
    """DOP853 from t0 through ``times`` (monotone), or None past EXPLICIT_STEPS steps."""
    solver = DOP853(fun, t0, x0, float(times[-1]), rtol=RTOL, atol=atol)
    out = np.empty((x0.size, times.size))
    done = 0
    for _ in range(EXPLICIT_STEPS):
        if solver.status != "running":
            break
        if solver.step() is not None:  # a message: the step failed
            return None
        lo, hi = sorted((solver.t_old, solver.t))
        reached = times[done:]
        inside = (reached >= lo) & (reached <= hi)
        count = int(np.argmin(inside)) if not inside.all() else inside.size
        if count:
            out[:, done : done + count] = solver.dense_output()(reached[:count])
            done += count
    if solver.status != "finished" or done < times.size:
        return None
    return out


def _implicit(
    fun: Callable[[float, FloatArray], FloatArray],
    t0: float,
    x0: FloatArray,
    times: FloatArray,
    atol: FloatArray,
    rows: int,
    m: int,
) -> FloatArray | None:
    """BDF with a block-diagonal Jacobian sparsity (rows independent), or None."""
    pattern = sparse.block_diag([np.ones((m, m))] * rows, format="csc")
    try:
        solution = solve_ivp(
            fun,
            (t0, float(times[-1])),
            x0,
            method="BDF",
            t_eval=times,
            rtol=RTOL,
            atol=atol,
            jac_sparsity=pattern,
        )
    except (RuntimeError, ValueError, ZeroDivisionError):  # a singular Newton matrix
        return None
    if solution.status != 0 or solution.y.shape[1] != times.size:
        return None
    return np.asarray(solution.y, dtype=np.float64)
