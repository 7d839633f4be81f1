"""Intervals, predictions and the exponent test of a fitted relation.

* Parameter intervals: t on n - p degrees of freedom for least-squares fits,
  z for the Poisson GLM, computed for theta and mapped through exp for the
  logged parameters (a, x_break), so those intervals are positive and asymmetric;
  theta is standardised and every output is mapped to the user's units
  (:mod:`scalinglaws.relations._scale`).
  SMA / MA slopes use smatr's intervals (Warton et al. 2006).
* Predictions: the delta method var(g(x0)) = J(x0) Cov(theta) J(x0)' on the fitted
  scale; prediction intervals add the residual variance s^2 = RSS / (n - p).
* Back-transforming ln y: exp(mean of ln y) is the median of y, not its mean.
  ``correction="smearing"`` multiplies by Duan's (1983, *JASA* 78, 605-610) smearing
  factor mean(exp(residual)); ``"lognormal"`` by exp(s^2 / 2) (Baskerville 1972,
  *Can. J. For. Res.* 2, 49-53; Sprugel 1983, *Ecology* 64, 209-210), exact for
  normal residuals. Prediction-interval bounds are quantiles of y and are not corrected.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal, get_args

import numpy as np
import pandas as pd
from scipy import stats

from scalinglaws._deprecation import deprecated
from scalinglaws._types import FloatArray
from scalinglaws.errors import InvalidInputError
from scalinglaws.relations._axis import axis_slope_interval, axis_slope_test
from scalinglaws.relations._laws import Spec
from scalinglaws.relations._scale import terms, times

__all__ = [
    "Correction",
    "ExponentTest",
    "critical",
    "finite_mean",
    "parameter_table",
    "prediction_frame",
]

#: The back-transformation of a log-scale fit's mean: Duan's smearing, the lognormal
#: factor exp(s^2 / 2), or none (the median).
Correction = Literal["smearing", "lognormal", "none"]
CORRECTIONS: tuple[Correction, ...] = get_args(Correction)


def critical(level: float, df: int | None) -> float:
    """The two-sided critical value: t on df degrees of freedom, or z when df is None."""
    upper = 0.5 + level / 2
    return float(stats.norm.ppf(upper) if df is None else stats.t.ppf(upper, df))


def parameter_table(
    spec: Spec,
    theta: FloatArray,
    cov: FloatArray,
    df: int | None,
    level: float,
    axis_data: tuple[FloatArray, FloatArray] | None,
) -> pd.DataFrame:
    """estimate, lower, upper for every reported parameter (analytic intervals)."""
    crit = critical(level, df)
    laws = terms(spec, theta)
    rows = np.array([t.interval(theta, cov, crit) for t in laws])
    estimate, lower, upper = rows[:, 0], rows[:, 1], rows[:, 2]
    if spec.method in ("sma", "ma") and axis_data is not None:
        bounds = axis_slope_interval(*axis_data, spec.method, level)
        lower[1], upper[1] = times(np.array(bounds), laws[1].offset)
    return pd.DataFrame(
        {"estimate": estimate, "lower": lower, "upper": upper},
        index=pd.Index(list(spec.names), name="param"),
    )


def prediction_frame(
    spec: Spec,
    x_new: FloatArray,
    x_names: tuple[str, ...],
    theta: FloatArray,
    cov: FloatArray,
    df: int | None,
    sigma2: float,
    *,
    interval: str,
    level: float,
    factor: float,
) -> pd.DataFrame:
    """DataFrame of x, mean, lower, upper (see the module docstring for the formulas).

    One x column is called ``x``; several keep their names (``x_names``). A mean
    beyond float64 raises InvalidInputError (bounds may be +-inf: the interval
    itself reaches beyond float64).
    """
    features = spec.features(x_new)
    crit = critical(level, df)
    with np.errstate(over="ignore", invalid="ignore"):
        if spec.log_y or spec.method == "poisson":
            eta, jac = spec.log_mean(features, theta)
            eta = eta + spec.y_shift  # ln of the mean in the user's units
            var = np.einsum("ij,jk,ik->i", jac, cov, jac)
            if interval == "prediction" and spec.method == "poisson":
                alpha = 1.0 - level
                mu_low = np.exp(eta - crit * np.sqrt(var))
                mu_high = np.exp(eta + crit * np.sqrt(var))
                lower = stats.poisson.ppf(alpha / 2, mu_low).astype(np.float64)
                upper = stats.poisson.ppf(1 - alpha / 2, mu_high).astype(np.float64)
                mean = np.exp(eta)
            else:
                extra = sigma2 if interval == "prediction" else 0.0
                half = crit * np.sqrt(var + extra)
                scale = 1.0 if interval == "prediction" else factor
                mean = np.exp(eta) * factor
                lower, upper = np.exp(eta - half) * scale, np.exp(eta + half) * scale
        else:
            mean, jac = spec.raw_mean(features, theta)
            var = np.einsum("ij,jk,ik->i", jac, cov, jac)
            half = crit * np.sqrt(var + (sigma2 if interval == "prediction" else 0.0))
            lower, upper = (times(v, spec.y_shift) for v in (mean - half, mean + half))
            mean = times(mean, spec.y_shift)
    finite_mean(mean, x_new)
    columns: dict[str, Any] = {}
    block = x_new.reshape(x_new.shape[0], -1)
    for j, name in enumerate(x_names if block.shape[1] > 1 else ("x",)):
        columns[name] = block[:, j]
    columns.update({"mean": mean, "lower": lower, "upper": upper})
    return pd.DataFrame(columns)


def finite_mean(mean: FloatArray, x_new: FloatArray) -> FloatArray:
    """`mean` itself; InvalidInputError naming the first row where it is not finite."""
    beyond = ~np.isfinite(mean)
    if beyond.any():
        first = int(np.flatnonzero(beyond)[0])
        raise InvalidInputError(
            f"x: the fitted y at row {first} ({x_new[first]}) lies beyond float64's range "
            "(about 1.8e308); predict within the range of the data or express y in larger units."
        )
    return mean


@dataclass(frozen=True)
class ExponentTest:
    """A two-sided test of H0: exponent = b0.

    Attributes
    ----------
    param : str
        The exponent tested (``"b"``, ``"b1"``, ...).
    b : float
        Its estimate.
    b0 : float
        The value under H0.
    statistic : float
        The test statistic (t, z or F).
    p_value : float
        The two-sided p-value.
    test : str
        ``"t"``, ``"z"`` or ``"F (Warton et al. 2006)"``.
    df : int or None
        Residual degrees of freedom (None for z).
    level : float, default 0.95
        The confidence level: :attr:`rejected` when p < 1 - level.
    """

    param: str
    b: float
    b0: float
    statistic: float
    p_value: float
    test: str  # "t", "z" or "F (Warton et al. 2006)"
    df: int | None
    level: float = 0.95  # confidence level: H0 is rejected when p < 1 - level

    @property
    def significance(self) -> float:
        """The test's size, 1 - level (rounded so that level 0.95 gives exactly 0.05)."""
        return round(1.0 - self.level, 12)

    @property
    def alpha(self) -> float:
        """Deprecated: the significance 1 - level (use :attr:`level` or :attr:`significance`)."""
        deprecated("ExponentTest.alpha", "ExponentTest.significance (1 - level)")
        return self.significance

    @property
    def rejected(self) -> bool:
        """True when p < 1 - level: the exponent differs from b0."""
        return self.p_value < self.significance

    def verdict(self) -> str:
        """The test's outcome in one sentence.

        Returns
        -------
        str
            For example "b = 1.113 differs from 1 (t = 9.5, p < 1e-4)".
        """
        name = self.test.split(" ")[0]
        p = f"p = {self.p_value:.3g}" if self.p_value >= 1e-4 else "p < 1e-4"
        detail = f"({name} = {self.statistic:.3g}, {p})"
        if self.rejected:
            return f"{self.param} = {self.b:.4g} differs from {self.b0:g} {detail}"
        return f"{self.param} = {self.b:.4g} is consistent with {self.b0:g} {detail}"

    def to_dict(self) -> dict[str, Any]:
        """The test as a JSON-ready mapping.

        Returns
        -------
        dict
            Every field, ``rejected`` and ``verdict``.
        """
        return {
            "param": self.param,
            "b": self.b,
            "b0": self.b0,
            "statistic": self.statistic,
            "p_value": self.p_value,
            "test": self.test,
            "df": self.df,
            "level": self.level,
            "alpha": self.significance,  # deprecated key (significance); read "level"
            "rejected": self.rejected,
            "verdict": self.verdict(),
        }

    def __str__(self) -> str:
        return self.verdict()


def exponent_test(
    spec: Spec,
    theta: FloatArray,
    cov: FloatArray,
    df: int | None,
    param: str,
    b0: float,
    level: float,
    axis_data: tuple[FloatArray, FloatArray] | None,
) -> ExponentTest:
    """t (least squares), z (Poisson) or smatr's F slope test (SMA / MA).

    b0 is in the user's units; the test runs on the standardised scale, where it
    reads b0 / exp(offset) (the statistic is the same).
    """
    index = spec.names.index(param)
    term = terms(spec, theta)[index]
    b = term.value(theta)
    b0_scaled = float(times(b0, -term.offset))
    if spec.method in ("sma", "ma") and axis_data is not None:
        f_stat, _, p = axis_slope_test(*axis_data, spec.method, b0_scaled)
        return ExponentTest(param, b, b0, f_stat, p, "F (Warton et al. 2006)", df, level)
    se = math.sqrt(max(float(cov[index, index]), 0.0))
    diff = float(theta[index]) - b0_scaled
    with np.errstate(divide="ignore", invalid="ignore"):
        stat = diff / se if se > 0 else (0.0 if diff == 0 else math.copysign(math.inf, diff))
    if df is None:
        return ExponentTest(
            param, b, b0, stat, float(2 * stats.norm.sf(abs(stat))), "z", None, level
        )
    p = float(2 * stats.t.sf(abs(stat), df))
    return ExponentTest(param, b, b0, stat, p, "t", df, level)
