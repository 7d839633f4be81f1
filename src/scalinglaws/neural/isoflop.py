"""isoflop: Chinchilla Approach 2, compute-optimal exponents from IsoFLOP profiles.

Runs are grouped by compute budget (given, or binned from C = 6 N D); per budget
a parabola in log N is fitted to the final losses and its minimum taken as N_opt,
with D_opt = C / (6 N_opt); the exponents come from least squares of
log N_opt = log k_N + a log C and log D_opt = log k_D + b log C (Hoffmann et al.
2022, sec. 3.2). The parabola is an approximation whose minimum is biased when
the profile is asymmetric (Czech et al. 2026, "Problems with Chinchilla Approach
2"); fit_neural is the parametric alternative.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from scalinglaws._validate import as_float_vector, check_number, require_positive
from scalinglaws.errors import InsufficientDataError
from scalinglaws.neural.data import prepare_runs
from scalinglaws.results import FitResult, Summary

if TYPE_CHECKING:
    from matplotlib.axes import Axes

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

__all__ = ["IsoflopFit", "isoflop"]


def _bin_budgets(log_c: FloatArray, tol: float) -> IntArray:
    """Group runs whose log10 C lie within `tol` of their sorted neighbour."""
    order = np.argsort(log_c)
    breaks = np.diff(log_c[order]) > tol
    labels = np.empty(log_c.size, dtype=np.int64)
    labels[order] = np.concatenate([[0], np.cumsum(breaks)])
    return labels


def _line(x: FloatArray, y: FloatArray) -> tuple[float, float, float]:
    """Slope, intercept and the slope's standard error (NaN with < 3 points) of OLS y ~ x."""
    design = np.column_stack([np.ones_like(x), x])
    coef, *_ = np.linalg.lstsq(design, y, rcond=None)
    if x.size < 3:
        return float(coef[1]), float(coef[0]), float("nan")
    resid = y - design @ coef
    sigma2 = float(resid @ resid) / (x.size - 2)
    cov = sigma2 * np.linalg.inv(design.T @ design)
    return float(coef[1]), float(coef[0]), float(np.sqrt(cov[1, 1]))


@dataclass(frozen=True, eq=False, repr=False)
class IsoflopFit(FitResult):
    """IsoFLOP profiles (Chinchilla Approach 2): per-budget minima and their power laws."""

    kind = "isoflop"

    N: FloatArray
    D: FloatArray
    L: FloatArray
    group: IntArray  # budget index of each run
    budgets: FloatArray  # (B,)
    curves: FloatArray  # (B, 3): c2, c1, c0 of L = c0 + c1 log N + c2 (log N)^2; NaN if skipped
    n_opt: FloatArray
    d_opt: FloatArray
    loss_opt: FloatArray
    a: float
    b: float
    log_kn: float
    log_kd: float
    a_se: float
    b_se: float
    flops_per_token: float

    @property
    def params(self) -> dict[str, float]:
        return {"a": self.a, "b": self.b}

    @property
    def stderr(self) -> dict[str, float]:
        pairs = {"a": self.a_se, "b": self.b_se}
        return {k: v for k, v in pairs.items() if np.isfinite(v)}

    @property
    def n_used(self) -> int:
        """Budgets whose parabola has a minimum (positive curvature)."""
        return int(np.isfinite(self.n_opt).sum())

    def predict(self, x: Any) -> pd.DataFrame:
        """N_opt = k_N C^a and D_opt = k_D C^b at budgets C."""
        c = as_float_vector(np.atleast_1d(x), "C")
        require_positive(c, "C")
        return pd.DataFrame(
            {
                "C": c,
                "N_opt": np.exp(self.log_kn + self.a * np.log(c)),
                "D_opt": np.exp(self.log_kd + self.b * np.log(c)),
            }
        )

    def table(self) -> pd.DataFrame:
        """One row per budget: C, runs, N_opt, D_opt, loss at the minimum."""
        counts = np.bincount(self.group, minlength=self.budgets.size)
        return pd.DataFrame(
            {
                "C": self.budgets,
                "runs": counts,
                "N_opt": self.n_opt,
                "D_opt": self.d_opt,
                "loss": self.loss_opt,
            }
        )

    def summary(self) -> Summary:
        def se(v: float) -> str:
            return f" ± {v:.4f}" if np.isfinite(v) else ""

        rows = (
            ("runs", f"{self.L.size}"),
            ("budgets", f"{self.budgets.size} ({self.n_used} with a minimum)"),
            ("a (N_opt ~ C^a)", f"{self.a:.4f}{se(self.a_se)}"),
            ("b (D_opt ~ C^b)", f"{self.b:.4f}{se(self.b_se)}"),
        )
        notes = (
            "parabola in log N per budget (Hoffmann et al. 2022, Approach 2); "
            "± is the OLS standard error",
        )
        return Summary("IsoFLOP profiles (Chinchilla Approach 2)", rows, notes)

    def plot(self, ax: Axes | None = None) -> Axes:
        from scalinglaws.neural._plot import plot_isoflop

        return plot_isoflop(self, ax)

    def _payload(self) -> dict[str, Any]:
        return {
            name: getattr(self, name)
            for name in (
                "N",
                "D",
                "L",
                "group",
                "budgets",
                "curves",
                "n_opt",
                "d_opt",
                "loss_opt",
                "a",
                "b",
                "log_kn",
                "log_kd",
                "a_se",
                "b_se",
                "flops_per_token",
            )
        }

    @classmethod
    def _from_payload(cls, payload: dict[str, Any]) -> IsoflopFit:
        def arr(key: str) -> FloatArray:
            return np.array([np.nan if v is None else v for v in payload[key]], dtype=np.float64)

        def num(key: str) -> float:
            value = payload[key]
            return float("nan") if value is None else float(value)

        return cls(
            N=arr("N"),
            D=arr("D"),
            L=arr("L"),
            group=np.asarray(payload["group"], dtype=np.int64),
            budgets=arr("budgets"),
            curves=np.array(
                [[np.nan if v is None else v for v in row] for row in payload["curves"]],
                dtype=np.float64,
            ).reshape(-1, 3),
            n_opt=arr("n_opt"),
            d_opt=arr("d_opt"),
            loss_opt=arr("loss_opt"),
            a=num("a"),
            b=num("b"),
            log_kn=num("log_kn"),
            log_kd=num("log_kd"),
            a_se=num("a_se"),
            b_se=num("b_se"),
            flops_per_token=num("flops_per_token"),
        )

    def __repr__(self) -> str:
        return (
            f"<IsoflopFit a={self.a:.4g} b={self.b:.4g} budgets={self.n_used}/{self.budgets.size}>"
        )


def isoflop(
    N: Any,
    D: Any,
    L: Any,
    C: Any = None,
    *,
    flops_per_token: float = 6.0,
    budget_tol: float = 0.05,
    min_points: int = 3,
) -> IsoflopFit:
    """Chinchilla Approach 2 on runs (N, D, L), grouped by budget C (given or binned from 6ND).

    Args:
        C: the nominal budget of each run; runs with equal C form one profile. When
            omitted, C = flops_per_token * N * D and runs whose log10 C are within
            `budget_tol` of a neighbour share a budget.
        min_points: runs (with distinct N) a budget needs for its parabola.

    Raises:
        InsufficientDataError: fewer than two budgets have a parabola with a minimum.
    """
    runs = prepare_runs(N, D, L, C, flops_per_token=flops_per_token, what="isoflop")
    tol = check_number(budget_tol, "budget_tol", low=0.0)
    need = int(check_number(min_points, "min_points", low=3, integer=True))
    if runs.c_given:
        budgets, group = np.unique(runs.C, return_inverse=True)
    else:
        group = _bin_budgets(np.log10(runs.C), tol)
        budgets = np.exp(
            np.array([np.log(runs.C[group == g]).mean() for g in range(group.max() + 1)])
        )
    group = np.asarray(group, dtype=np.int64).ravel()
    curves = np.full((budgets.size, 3), np.nan)
    n_opt, loss_opt = np.full(budgets.size, np.nan), np.full(budgets.size, np.nan)
    for index in range(budgets.size):
        x, y = np.log(runs.N[group == index]), runs.L[group == index]
        if np.unique(x).size < need:
            continue
        mid = float(x.mean())
        c2, c1, c0 = np.polyfit(x - mid, y, 2)
        if c2 <= 0:
            continue
        vertex = -c1 / (2 * c2)
        n_opt[index] = np.exp(mid + vertex)
        loss_opt[index] = c0 - c1 * c1 / (4 * c2)
        curves[index] = (c2, c1 - 2 * c2 * mid, c0 - c1 * mid + c2 * mid * mid)
    d_opt = budgets / (float(flops_per_token) * n_opt)
    ok = np.isfinite(n_opt)
    if ok.sum() < 2:
        raise InsufficientDataError(
            f"isoflop: {int(ok.sum())} of {budgets.size} budget(s) have a parabola with a "
            f"minimum (each needs {need} distinct model sizes and positive curvature); "
            "need at least 2 budgets; pass C= to group runs or add runs."
        )
    log_c = np.log(budgets[ok])
    a, log_kn, a_se = _line(log_c, np.log(n_opt[ok]))
    b, log_kd, b_se = _line(log_c, np.log(d_opt[ok]))
    return IsoflopFit(
        N=runs.N,
        D=runs.D,
        L=runs.L,
        group=group,
        budgets=np.asarray(budgets, dtype=np.float64),
        curves=curves,
        n_opt=n_opt,
        d_opt=d_opt,
        loss_opt=loss_opt,
        a=a,
        b=b,
        log_kn=log_kn,
        log_kd=log_kd,
        a_se=a_se,
        b_se=b_se,
        flops_per_token=float(flops_per_token),
    )
