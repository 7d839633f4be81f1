"""Standardised major axis (SMA) and major axis (MA) lines, as R's smatr computes them.

Warton, D. I., Wright, I. J., Falster, D. S. & Westoby, M. (2006). Bivariate
line-fitting methods for allometry. *Biological Reviews* 81, 259-291: the slope
estimators (Table 4), their confidence intervals (from inverting the one-sample
test, eqs. in Appendix) and the one-sample slope test (section VI.1: the
correlation between residuals and fitted axis scores under the null slope).

The code follows smatr 3 (``line.cis`` and ``slope.test``, Warton, Duursma,
Falster & Taskinen 2012, *Methods Ecol. Evol.* 3, 257-259) term by term, with an
intercept, no measurement-error matrix and no robust factor. ``u`` is the x axis
and ``v`` the y axis (for a power law: ln x and ln y; smatr's log="xy" uses
log10, which changes the elevation by the factor ln 10 and nothing else).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import stats

from scalinglaws._types import FloatArray

__all__ = ["AxisLine", "axis_line", "axis_slope_interval", "axis_slope_test"]


@dataclass(frozen=True)
class AxisLine:
    """An SMA or MA line v = elevation + slope u with smatr's variance pieces."""

    slope: float
    elevation: float
    var_slope: float  # smatr's var.b
    var_elevation: float  # smatr's var.a = var.res / n + var.b * mean(u)^2
    var_res: float  # variance of v - slope u (n - 2 degrees of freedom)
    mean_u: float
    r: float  # the correlation of u and v
    n: int


def _sums(u: FloatArray, v: FloatArray) -> tuple[np.float64, np.float64, np.float64]:
    """Centred sums of squares and products (smatr's vr = var(dat) * (n - 1)).

    numpy scalars, not Python floats: an overflow or a zero denominator downstream
    gives inf or NaN for the caller to reject, never OverflowError/ZeroDivisionError.
    """
    du, dv = u - u.mean(), v - v.mean()
    dot = "i,i->"  # einsum, not BLAS (see relations._laws.linear_predictor)
    return (
        np.float64(np.einsum(dot, dv, dv)),
        np.float64(np.einsum(dot, du, du)),
        np.float64(np.einsum(dot, du, dv)),
    )


def axis_line(u: FloatArray, v: FloatArray, method: str) -> AxisLine:
    """The SMA (``method="sma"``) or MA (``"ma"``) line of v on u (smatr ``line.cis``).

    Values that cannot be formed (no spread, or x and y uncorrelated for MA) come
    out as NaN or inf for the caller to reject.
    """
    n = u.size
    df = np.float64(n - 2)
    vyy, vxx, vxy = _sums(u, v)
    with np.errstate(all="ignore"):
        r = vxy / np.sqrt(vyy * vxx)
        if method == "sma":
            b = np.copysign(np.sqrt(vyy / vxx), vxy)
            var_b = max(vyy - vxy**2 / vxx, 0.0) / df / vxx
        else:
            fac = vyy - vxx
            b = (fac + np.sqrt(fac**2 + 4 * vxy**2)) / 2 / vxy
            var_fit = (b**2 * vyy + 2 * b * vxy + vxx) / df
        var_res = max((vyy - 2 * b * vxy + b**2 * vxx) / df, 0.0)
        if method == "ma":
            ratio = var_res / var_fit + var_fit / var_res - 2 if var_res > 0 else np.inf
            var_b = (1 + b**2) ** 2 / df / ratio
        mean_u = np.float64(u.mean())
        a = np.float64(v.mean()) - b * mean_u
        var_a = var_res / n + var_b * mean_u**2
    return AxisLine(
        float(b), float(a), float(var_b), float(var_a), float(var_res), float(mean_u), float(r), n
    )


def axis_slope_interval(
    u: FloatArray, v: FloatArray, method: str, level: float
) -> tuple[float, float]:
    """smatr's confidence interval for the SMA/MA slope at confidence `level`.

    SMA: b (sqrt(B + 1) -/+ sqrt(B)) with B = F (1 - r^2) / (n - 2).
    MA: (fac + sqrt(fac^2 + 4 s_xy^2 - 4 Q)) / (2 (s_xy +/- sqrt(Q))), with
    Q = F (s_yy s_xx - s_xy^2) / (n - 2); (-inf, inf) when the root is imaginary.
    F is the upper (1 - level) point of F(1, n - 2).
    """
    n = u.size
    df = n - 2
    f_crit = float(stats.f.ppf(level, 1, df))
    vyy, vxx, vxy = _sums(u, v)
    with np.errstate(all="ignore"):
        if method == "sma":
            r2 = min(vxy**2 / (vyy * vxx), 1.0)
            b = np.copysign(np.sqrt(vyy / vxx), vxy)
            big = f_crit * (1 - r2) / df
            low, high = b * (np.sqrt(big + 1) - np.sqrt(big)), b * (np.sqrt(big + 1) + np.sqrt(big))
            return (float(min(low, high)), float(max(low, high)))
        fac = vyy - vxx
        q = max(f_crit * (vyy * vxx - vxy**2) / df, 0.0)
        disc = fac**2 + 4 * vxy**2 - 4 * q
        if not disc >= 0:
            return (-math.inf, math.inf)
        top = (fac + np.sqrt(disc)) / 2
        if q == 0.0:  # a perfect line: the interval collapses onto the slope
            slope = float(top / vxy)
            return (slope, slope)
        return (float(top / (vxy + np.sqrt(q))), float(top / (vxy - np.sqrt(q))))


def axis_slope_test(
    u: FloatArray, v: FloatArray, method: str, b0: float
) -> tuple[float, float, float]:
    """smatr's one-sample slope test of H0: slope = b0 (Warton et al. 2006, sec. VI.1).

    Under H0 the residuals v - b0 u and the fitted axis scores are uncorrelated;
    with r their sample correlation, F = r^2 / (1 - r^2) (n - 2) ~ F(1, n - 2).
    Returns (F, r, p).
    """
    n = u.size
    vyy, vxx, vxy = _sums(u, v)
    # r is unchanged when t00, t01 and t11 are all divided by b0^2; for a steep b0 the
    # divided forms (in w = 1 / b0) keep every term finite.
    steep = abs(b0) > 1.0
    w = 1.0 / b0 if steep else b0
    with np.errstate(all="ignore"):
        if steep:
            t00 = vyy * w * w - 2 * w * vxy + vxx
            if method == "sma":
                t01, t11 = vyy * w * w - vxx, vyy * w * w + 2 * w * vxy + vxx
            else:
                t01, t11 = -vxy + w * (vyy - vxx) + w * w * vxy, vyy + 2 * w * vxy + w * w * vxx
        else:
            t00 = vyy - 2 * w * vxy + w * w * vxx
            if method == "sma":
                t01, t11 = vyy - w * w * vxx, vyy + 2 * w * vxy + w * w * vxx
            else:
                t01, t11 = -(w * w) * vxy + w * (vyy - vxx) + vxy, w * w * vyy + 2 * w * vxy + vxx
        if not (t00 > 0.0 and t11 > 0.0):  # no residual variation under H0: nothing against it
            return 0.0, 0.0, 1.0
        r = float(t01 / np.sqrt(t00) / np.sqrt(t11))
    f_stat = r**2 / (1 - r**2) * (n - 2) if abs(r) < 1 else math.inf
    p = float(stats.f.sf(f_stat, 1, n - 2))
    return f_stat, r, p


def axis_design_cov(line: AxisLine) -> FloatArray:
    """Covariance of (elevation, slope) implied by smatr's variances.

    The elevation is mean(v) - b mean(u), with mean(v) independent of b to first
    order, so cov(a, b) = -var_b mean(u) and var(a) = var_res / n + var_b mean(u)^2.
    """
    cov_ab = -line.var_slope * line.mean_u
    return np.array([[line.var_elevation, cov_ab], [cov_ab, line.var_slope]])
