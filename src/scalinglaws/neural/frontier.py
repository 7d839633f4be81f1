"""The compute-optimal frontier N_opt = k_N C^a, D_opt = k_D C^b shared by Approaches 1 and 2.

Both of Hoffmann et al.'s (2022, sec. 3.1-3.2) non-parametric approaches end the
same way: a set of compute budgets C_i with their optimal sizes N_opt,i, and
least-squares lines log N_opt = log k_N + a log C and log D_opt = log k_D + b log C
with D_opt = C / (k N_opt). :class:`FrontierFit` holds that line, its OLS standard
errors and, when bootstrapped, the replicates' lines (a, b, log k_N, log k_D).

Quantiles of N_opt or D_opt at a budget are those of the fitted line there: the
compute-optimal size is a property of the law, not a noisy observation, so there
is no observation noise to add. Analytic: the OLS confidence band on the log scale,
log Nhat +/- t_{m-2} s sqrt(h), h = [1, log C] (X'X)^-1 [1, log C]'; bootstrap: the
replicates' lines. The OLS band treats the per-budget optima as independent, which
the envelope's 1,500 grid points are not (neighbours share a winner), so for
envelopes prefer the bootstrap over runs.
"""

from __future__ import annotations

import math
from abc import abstractmethod
from dataclasses import dataclass, field, replace
from typing import Any, Literal, get_args

import numpy as np
import pandas as pd

from scalinglaws._types import FloatArray
from scalinglaws._validate import as_float_vector, check_choice, require_positive
from scalinglaws.errors import InsufficientDataError, InvalidInputError, InvalidOptionError
from scalinglaws.neural import diagnostics
from scalinglaws.predictive import normal_quantiles, quantile_frame, sample_quantiles
from scalinglaws.quantiles import HUB_QUANTILES, check_quantiles
from scalinglaws.results import FitResult, IntervalMethod, flag
from scalinglaws.uncertainty import Bootstrap

__all__ = ["LINE_NAMES", "TARGETS", "Frontier", "FrontierFit", "fit_frontier", "ols_line"]

#: The names of a frontier bootstrap's columns: the two exponents and intercepts.
LINE_NAMES = ("a", "b", "log_kn", "log_kd")
#: What a frontier predicts at a budget.
#: The frontier a compute-optimal prediction reads.
FrontierTarget = Literal["N_opt", "D_opt"]
TARGETS: tuple[FrontierTarget, ...] = get_args(FrontierTarget)


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

    def line(self) -> FloatArray:
        """(a, b, log k_N, log k_D): one bootstrap replicate's row."""
        return np.array([self.a, self.b, self.log_kn, self.log_kd])


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
    boot: Bootstrap | None  # replicates of (a, b, log k_N, log k_D), scheme "runs"
    warnings: tuple[str, ...] = field(default=(), kw_only=True)

    @property
    def params(self) -> dict[str, float]:
        """The frontier's exponents and coefficients, by name."""
        return {"a": self.a, "b": self.b}

    def _analytic_stderr(self) -> dict[str, float]:
        """OLS standard errors of the slopes (none with fewer than three budgets)."""
        pairs = {"a": self.a_se, "b": self.b_se}
        return {k: v for k, v in pairs.items() if np.isfinite(v)}

    def conf_int(self, level: float = 0.95, *, method: IntervalMethod = "auto") -> pd.DataFrame:
        """Intervals for a and b.

        Parameters
        ----------
        level : float, default 0.95
            The coverage, in (0, 1).
        method : {"auto", "analytic", "bootstrap"}, default "auto"
            ``"bootstrap"`` (percentile, widened to the estimate), ``"analytic"`` (normal
            OLS intervals) or ``"auto"`` (bootstrap when present).

        Returns
        -------
        pandas.DataFrame
            Columns ``estimate, lower, upper``, indexed by ``a`` and ``b``.
        """
        return super().conf_int(level, method=method)

    def _bootstrap_conf_int(self, level: float) -> pd.DataFrame:
        table = super()._bootstrap_conf_int(level)
        return table.loc[["a", "b"]]

    def _line_record(self, rows: FloatArray) -> Bootstrap:
        """Replicate lines (n_boot, 4), NaN rows for failures, as a Bootstrap record."""
        return Bootstrap.from_rows(
            LINE_NAMES, [self.a, self.b, self.log_kn, self.log_kd], rows, "runs"
        )

    def _attach(self, record: Bootstrap) -> Any:
        """A copy holding `record`, with its spread warnings.

        Warned when its N_opt or tokens per parameter at the largest budget spans a decade
        (:mod:`scalinglaws.neural.diagnostics`).
        """
        fit = super()._attach(record)
        budgets, _ = self._points()
        found = diagnostics.frontier_spread_reasons(
            np.asarray(record.samples, dtype=np.float64), float(budgets.max()), self.flops_per_token
        )
        new = [reason for reason in found if reason not in self.warnings]
        return replace(fit, warnings=self.warnings + flag(new))

    def predict(self, x: Any) -> pd.DataFrame:
        """N_opt = k_N C^a and D_opt = k_D C^b at budgets C.

        A frontier predicts two quantities per budget, hence a table rather than an
        array; :meth:`predict_quantiles` gives either one's quantiles. Budgets below
        the smallest fitted budget or over 1,000 times the largest emit a
        ``FitWarning`` (also in ``table.attrs["warnings"]``).

        Parameters
        ----------
        x : array_like
            Compute budgets C in FLOPs.

        Returns
        -------
        pandas.DataFrame
            Columns ``C, N_opt, D_opt``.
        """
        c = _budgets(x)
        with np.errstate(over="ignore"):
            n_opt = np.exp(self.log_kn + self.a * np.log(c))
            d_opt = np.exp(self.log_kd + self.b * np.log(c))
        beyond = ~(np.isfinite(n_opt) & np.isfinite(d_opt))
        if beyond.any():
            raise InvalidInputError(
                f"C: at C = {c[int(np.argmax(beyond))]:g} the optimal N or D lies beyond "
                "float64's range (about 1.8e308); predict at budgets nearer the data."
            )
        table = pd.DataFrame({"C": c, "N_opt": n_opt, "D_opt": d_opt})
        budgets, _ = self._points()
        table.attrs["warnings"] = flag(
            diagnostics.budget_reasons(c, float(budgets.min()), float(budgets.max()), "predict")
        )
        return table

    @abstractmethod
    def _points(self) -> tuple[FloatArray, FloatArray]:
        """The budgets and compute-optimal sizes the line was fitted to."""

    def predict_quantiles(
        self,
        x: Any,
        quantiles: Any = HUB_QUANTILES,
        *,
        target: FrontierTarget = "N_opt",
        method: IntervalMethod = "auto",
    ) -> pd.DataFrame:
        """Quantiles of the compute-optimal `target` (``"N_opt"`` or ``"D_opt"``) at budgets C.

        Parameters
        ----------
        x : array_like
            Compute budgets C (FLOPs), positive.
        quantiles : sequence of float
            Strictly increasing levels in (0, 1); default the hubs' 23.
        target : str
            ``"N_opt"`` or ``"D_opt"``.
        method : str
            ``"auto"``, ``"analytic"`` or ``"bootstrap"``, as in :meth:`conf_int`.

        Returns
        -------
        pandas.DataFrame
            Columns ``C``, ``mean``, ``median``, then ``q<level>`` per level.

        Notes
        -----
        The uncertainty of the fitted line (see the module docstring): no observation
        noise is added, because the compute-optimal size at a budget is a property of
        the law. The median is the line itself (analytic) or the replicates' median.
        """
        levels = check_quantiles(quantiles)
        check_choice(target, "target", TARGETS)
        c = _budgets(x)
        use_boot = self.interval_method(method) == "bootstrap"
        slope, intercept = (0, 2) if target == "N_opt" else (1, 3)
        probs = (*levels, 0.5)
        if use_boot:
            assert self.boot is not None
            if self.boot.names != LINE_NAMES:
                raise InvalidOptionError(
                    "this bootstrap was saved without the lines' intercepts (an older "
                    "version); rerun with_bootstrap() or use method='analytic'."
                )
            rows = self.boot.samples
            logs = rows[:, [intercept]] + rows[:, [slope]] * np.log(c)[None, :]  # (B, m)
            values = np.exp(sample_quantiles(logs, probs))
            mean = np.exp(logs).mean(axis=0)
        else:
            centre, se, dof = self._line_band(np.log(c), target)
            values = np.exp(normal_quantiles(centre, se, probs, df=dof))
            mean = np.exp(centre + se * se / 2.0)
        return quantile_frame({"C": c}, mean, values[:, -1], values[:, :-1], levels)

    def _line_band(self, log_c: FloatArray, target: str) -> tuple[FloatArray, FloatArray, int]:
        """The OLS line's log prediction at log C, its standard error and degrees of freedom."""
        budgets, n_opt = self._points()
        y = np.log(n_opt) if target == "N_opt" else np.log(budgets / (self.flops_per_token * n_opt))
        design = np.column_stack([np.ones_like(budgets), np.log(budgets)])
        coef, *_ = np.linalg.lstsq(design, y, rcond=None)
        dof = y.size - 2
        new = np.column_stack([np.ones_like(log_c), log_c])
        centre = new @ coef
        if dof < 1:
            return centre, np.full(log_c.size, np.inf), 1
        resid = y - design @ coef
        sigma2 = float(resid @ resid) / dof
        leverage = np.einsum("ij,jk,ik->i", new, np.linalg.inv(design.T @ design), new)
        return centre, np.sqrt(sigma2 * leverage), dof

    def _interval_text(self) -> dict[str, str]:
        """'± se' or a bootstrap interval, per exponent, for summaries."""
        if self.boot is not None and self.boot.n_ok >= 2:
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
            "boot": None if self.boot is None else self.boot.to_dict(),
        }

    @staticmethod
    def _frontier_fields(payload: dict[str, Any]) -> dict[str, Any]:
        def num(key: str) -> float:
            value = payload[key]
            return float("nan") if value is None else float(value)

        fields = {k: num(k) for k in ("a", "b", "log_kn", "log_kd", "a_se", "b_se")}
        return {
            **fields,
            "flops_per_token": num("flops_per_token"),
            "boot": _boot_of(payload.get("boot"), fields),
        }


def _budgets(x: Any) -> FloatArray:
    c = as_float_vector(np.atleast_1d(x), "C")
    require_positive(c, "C")
    return c


def _boot_of(boot: Any, fields: dict[str, float]) -> Bootstrap | None:
    """The saved replicates: a Bootstrap record now, a bare (n, 2) array of (a, b) before."""
    if boot is None or isinstance(boot, dict):
        return None if boot is None else Bootstrap.from_dict(boot)
    samples = np.asarray(boot, dtype=np.float64).reshape(-1, 2)
    estimate = np.array([fields["a"], fields["b"]])
    return Bootstrap(("a", "b"), estimate, samples, samples.shape[0], 0, "runs")
