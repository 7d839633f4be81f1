"""The compute-optimal frontier N_opt = k_N C^a, D_opt = k_D C^b shared by Approaches 1 and 2.

Both of Hoffmann et al.'s (2022, sec. 3.1-3.2) non-parametric approaches end the
same way: a set of compute budgets C_i with their optimal sizes N_opt,i, and
least-squares lines log N_opt = log k_N + a log C and log D_opt = log k_D + b log C
with D_opt = C / (k N_opt). :class:`FrontierFit` holds that line, its OLS standard
errors and, when bootstrapped, the replicates' (a, b) for percentile intervals.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from scalinglaws._validate import as_float_vector, check_level, require_positive
from scalinglaws.errors import InsufficientDataError, InvalidInputError
from scalinglaws.results import FitResult
from scalinglaws.uncertainty import percentile_interval

FloatArray = npt.NDArray[np.float64]

__all__ = ["Frontier", "FrontierFit", "fit_frontier", "ols_line"]


def ols_line(x: FloatArray, y: FloatArray) -> tuple[float, float, float]:
    """Slope, intercept and the slope's standard error (NaN with < 3 points) of OLS y ~ x.

    Fitted on centred x and y (slope = S_xy / S_xx, var = s^2 / S_xx), so that a
    unit change, which shifts log C and log N by constants of up to ~700, leaves the
    slope and its error unchanged to rounding.
    """
    x_mean, y_mean = float(np.mean(x)), float(np.mean(y))
    dx, dy = x - x_mean, y - y_mean
    sxx = float(dx @ dx)
    if not sxx > 0.0:
        raise InsufficientDataError(
            f"the frontier needs optima at two or more distinct budgets; got {x.size} "
            "at one; add runs at other compute budgets."
        )
    slope = float(dx @ dy) / sxx
    intercept = y_mean - slope * x_mean
    if x.size < 3:
        return slope, intercept, float("nan")
    resid = dy - slope * dx
    sigma2 = float(resid @ resid) / (x.size - 2)
    return slope, intercept, float(np.sqrt(sigma2 / sxx))


@dataclass(frozen=True)
class Frontier:
    """The two power laws through the per-budget optima."""

    a: float
    b: float
    log_kn: float
    log_kd: float
    a_se: float
    b_se: float

    def fields(self) -> dict[str, Any]:
        """The fields a :class:`FrontierFit` takes from the line (all floats)."""
        return {k: getattr(self, k) for k in ("a", "b", "log_kn", "log_kd", "a_se", "b_se")}


def fit_frontier(budgets: FloatArray, n_opt: FloatArray, flops_per_token: float) -> Frontier:
    """Least-squares power laws N_opt ~ C^a and D_opt = C / (k N_opt) ~ C^b (finite optima)."""
    ok = np.isfinite(n_opt)
    log_c = np.log(budgets[ok])
    log_n = np.log(n_opt[ok])
    a, log_kn, a_se = ols_line(log_c, log_n)
    b, log_kd, b_se = ols_line(log_c, log_c - math.log(flops_per_token) - log_n)
    return Frontier(a, b, log_kn, log_kd, a_se, b_se)


@dataclass(frozen=True, eq=False, repr=False)
class FrontierFit(FitResult):
    """Shared behaviour of results that end in a compute-optimal frontier."""

    a: float
    b: float
    log_kn: float
    log_kd: float
    a_se: float
    b_se: float
    flops_per_token: float
    boot: FloatArray | None  # (n_boot, 2) replicates of (a, b), failed ones dropped
    warnings: tuple[str, ...] = field(default=(), kw_only=True)

    @property
    def params(self) -> dict[str, float]:
        return {"a": self.a, "b": self.b}

    @property
    def stderr(self) -> dict[str, float]:
        """Bootstrap standard deviations when replicates exist, else the OLS errors."""
        if self.boot is not None and self.boot.shape[0] >= 2:
            spread = np.std(self.boot, axis=0, ddof=1)
            return {"a": float(spread[0]), "b": float(spread[1])}
        pairs = {"a": self.a_se, "b": self.b_se}
        return {k: v for k, v in pairs.items() if np.isfinite(v)}

    def conf_int(self, level: float = 0.95) -> pd.DataFrame:
        """Bootstrap percentile intervals for a and b (normal OLS intervals without them)."""
        level = check_level(level)
        if self.boot is None or self.boot.shape[0] < 2:
            return super().conf_int(level)
        rows = [percentile_interval(self.boot[:, i], level) for i in range(2)]
        point = [self.a, self.b]
        return pd.DataFrame(
            {
                "estimate": point,
                "lower": [min(r[0], p) for r, p in zip(rows, point, strict=True)],
                "upper": [max(r[1], p) for r, p in zip(rows, point, strict=True)],
            },
            index=pd.Index(["a", "b"], name="param"),
        )

    def predict(self, x: Any) -> pd.DataFrame:
        """N_opt = k_N C^a and D_opt = k_D C^b at budgets C."""
        c = as_float_vector(np.atleast_1d(x), "C")
        require_positive(c, "C")
        with np.errstate(over="ignore"):
            n_opt = np.exp(self.log_kn + self.a * np.log(c))
            d_opt = np.exp(self.log_kd + self.b * np.log(c))
        beyond = ~(np.isfinite(n_opt) & np.isfinite(d_opt))
        if beyond.any():
            raise InvalidInputError(
                f"C: at C = {c[int(np.argmax(beyond))]:g} the optimal N or D lies beyond "
                "float64's range (about 1.8e308); predict at budgets nearer the data."
            )
        return pd.DataFrame({"C": c, "N_opt": n_opt, "D_opt": d_opt})

    def _interval_text(self) -> dict[str, str]:
        """'± se' or a bootstrap interval, per exponent, for summaries."""
        if self.boot is not None and self.boot.shape[0] >= 2:
            table = self.conf_int()
            return {
                k: f" (95% bootstrap {table.loc[k, 'lower']:.3f}-{table.loc[k, 'upper']:.3f})"
                for k in ("a", "b")
            }
        return {k: f" ± {v:.4f}" for k, v in self.stderr.items()} | {
            k: "" for k in ("a", "b") if k not in self.stderr
        }

    def _frontier_payload(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "log_kn": self.log_kn,
            "log_kd": self.log_kd,
            "a_se": self.a_se,
            "b_se": self.b_se,
            "flops_per_token": self.flops_per_token,
            "boot": self.boot,
        }

    @staticmethod
    def _frontier_fields(payload: dict[str, Any]) -> dict[str, Any]:
        def num(key: str) -> float:
            value = payload[key]
            return float("nan") if value is None else float(value)

        boot = payload.get("boot")
        return {
            **{k: num(k) for k in ("a", "b", "log_kn", "log_kd", "a_se", "b_se")},
            "flops_per_token": num("flops_per_token"),
            "boot": None if boot is None else np.asarray(boot, dtype=np.float64).reshape(-1, 2),
        }
