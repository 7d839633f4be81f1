"""The per-budget minima of IsoFLOP profiles and their bootstrap replicates.

Helpers of :func:`scalinglaws.neural.isoflop.isoflop`: budgets binned from C, a
parabola in log N per budget (Hoffmann et al. 2022, sec. 3.2), the parametric law's
minima (Czech et al. 2026), and one bootstrap replicate of the parabola method.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from scalinglaws._types import FloatArray
from scalinglaws.errors import FitWarning
from scalinglaws.formulas.neural import compute_optimal, frontier_exponents
from scalinglaws.neural.fit import fit_neural
from scalinglaws.neural.frontier import fit_frontier
from scalinglaws.neural.window import near_minimum

if TYPE_CHECKING:
    from scalinglaws.neural.result import NeuralFit

IntArray = npt.NDArray[np.int64]

__all__ = [
    "bin_budgets",
    "members",
    "parabola_minima",
    "parametric_lines",
    "parametric_minima",
    "replicate",
]


def bin_budgets(log_c: FloatArray, tol: float) -> IntArray:
    """Group runs whose log10 C lie within `tol` of their sorted neighbour."""
    order = np.argsort(log_c)
    breaks = np.diff(log_c[order]) > tol
    labels = np.empty(log_c.size, dtype=np.int64)
    labels[order] = np.concatenate([[0], np.cumsum(breaks)])
    return labels


def parabola_minima(
    log_n: FloatArray, loss: FloatArray, group: IntArray, n_budgets: int, need: int
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Per budget: the parabola L = c0 + c1 log N + c2 (log N)^2 and its vertex.

    Budgets with fewer than `need` distinct sizes or no minimum (c2 <= 0) get NaN.
    Each parabola is fitted in the units of the data (log N centred on the
    budget's mean, L divided by its geometric mean), so a change of the units of
    N or L moves the vertex exactly and leaves the fit's rounding alone.
    """
    curves = np.full((n_budgets, 3), np.nan)
    n_opt, loss_opt = np.full(n_budgets, np.nan), np.full(n_budgets, np.nan)
    unit = float(np.exp(np.mean(np.log(loss))))
    for index in range(n_budgets):
        x, y = log_n[group == index], loss[group == index] / unit
        if np.unique(x).size < need:
            continue
        mid = float(x.mean())
        c2, c1, c0 = np.polyfit(x - mid, y, 2)
        if c2 <= 0:
            continue
        n_opt[index] = np.exp(mid - c1 / (2 * c2))
        loss_opt[index] = (c0 - c1 * c1 / (4 * c2)) * unit
        with np.errstate(over="ignore"):
            curves[index] = (c2, c1 - 2 * c2 * mid, c0 - c1 * mid + c2 * mid * mid)
            curves[index] *= unit
    return curves, n_opt, loss_opt


def parametric_minima(
    n: FloatArray, d: FloatArray, loss: FloatArray, budgets: FloatArray, k: float
) -> tuple[NeuralFit, FloatArray, FloatArray]:
    """The law fitted to every profile at once, and its minimum on each budget.

    The minima are read at the profiles' own budgets, so compute_optimal's warning
    about budgets outside the runs (a user's extrapolation) does not apply; nominal
    budgets can differ from k N D (Marin's names say 1e18 where 6ND is 3.3e18).
    """
    fit = fit_neural(n, d, loss, flops_per_token=k)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FitWarning)
        optimal = fit.compute_optimal(budgets)
    return fit, optimal["N_opt"].to_numpy(np.float64), optimal["loss"].to_numpy(np.float64)


def replicate(
    generator: np.random.Generator,
    *,
    n: FloatArray,
    loss: FloatArray,
    group: IntArray,
    budgets: FloatArray,
    need: int,
    k: float,
    window: float | None,
) -> FloatArray:
    """(a, b, log k_N, log k_D) of the parabola method after resampling runs within each budget.

    The window is chosen again on each resample (it is part of the estimator).
    """
    index = np.concatenate(
        [generator.choice(members, members.size) for members in members(group, budgets.size)]
    )
    log_n, losses, groups = np.log(n[index]), loss[index], group[index]
    keep = near_minimum(log_n, losses, groups, window, need)
    _, n_opt, _ = parabola_minima(log_n[keep], losses[keep], groups[keep], budgets.size, need)
    if np.isfinite(n_opt).sum() < 2:
        return np.full(4, np.nan)
    return fit_frontier(budgets, n_opt, k).line()


def parametric_lines(samples: FloatArray, k: float) -> FloatArray:
    """(B, 4) frontier lines of the law's replicates (E, A, B, alpha, beta).

    The law's exact minima lie on N_opt = k_N C^a, D_opt = k_D C^b (Hoffmann et al. 2022, eq. 4), so
    k_N and k_D are N_opt and D_opt at C = 1.
    """
    a, b = frontier_exponents(samples[:, 3], samples[:, 4])
    ones = np.array([compute_optimal(1.0, *row[:5], flops_per_token=k)[:2] for row in samples])
    with np.errstate(divide="ignore"):
        logs = np.log(ones.reshape(-1, 2))
    return np.column_stack([a, b, logs])


def members(group: IntArray, n_budgets: int) -> list[npt.NDArray[np.intp]]:
    return [np.flatnonzero(group == g) for g in range(n_budgets) if np.any(group == g)]
