"""Scale standardisation: every relation is fitted in units of the data, reported in the user's.

A scaling law's shape cannot depend on whether y is in grams or tonnes, and
neither may its fit. :func:`standardise` chooses a scale for each x column
(``s_x``) and for y (``s_y``) from the data, and every estimator works on
x / s_x and y / s_y, numbers of order one:

* a logarithm of the data (``ln x`` of power-type laws, ``ln y`` of log methods)
  is centred: ln s = mean(ln v), so ``ln(v / s) = ln v - ln s`` never overflows;
* a raw value (``x`` of the exponential and linear laws, ``y`` of ``nls`` and
  ``poisson``) is divided by its root mean square;
* the major axis of ``law="linear"`` takes one scale for x and y (the larger
  RMS): MA depends on the units' ratio by definition (Warton et al. 2006,
  sec. II.3), so only a common rescaling leaves it unchanged.

Rescaling the data by c (x) and d (y) rescales s_x and s_y by the same factors,
so the standardised data, and so the optimiser's whole path, are the same to
rounding: exponents agree to ~1e-12 and the scale parameters follow exactly.
The fitted ``theta`` refers to the standardised data; the maps below give the
user's parameters (with x = s_x u, y = s_y v and L = ln s_x, M = ln s_y)::

    power          ln a = ln a_u + M - sum_j b_j L_j       b_j = b_j,u
    exponential    ln a = ln a_u + M                        b = b_u / s_x
    linear         a = s_y a_u                              b = b_u s_y / s_x
    power_offset   a = a_u s_y / s_x^b_u     b = b_u        c = s_y c_u
    broken_power   ln a = ln a_u + M    b1, b2 unchanged    ln x_break = ln x_break,u + L

Each reported parameter is either *logged* (p = exp(g'theta + m), intervals
exp(g'theta + m +/- t sd), sd^2 = g' Cov g) or *linear* (p = theta_i exp(phi),
sd = exp(phi) sqrt(h' Cov h), h the gradient of p exp(-phi)); both are the delta
method of the original parametrization, formed without the huge or tiny
intermediates (s_y^2 Cov) that float64 cannot hold.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from scalinglaws._types import FloatArray

if TYPE_CHECKING:
    from scalinglaws.relations._laws import Spec

_LN10 = math.log(10.0)

__all__ = [
    "Term",
    "log_rms",
    "standardise",
    "terms",
    "theta_of_values",
    "times",
    "unscaled",
    "user_values",
]


def log_rms(values: FloatArray) -> float:
    """ln sqrt(mean(v^2)) without overflow or underflow (0 for all-zero values)."""
    top = float(np.max(np.abs(values))) if values.size else 0.0
    if top == 0.0:
        return 0.0
    ratio = values / top
    return math.log(top) + 0.5 * math.log(float(np.mean(ratio * ratio)))


def standardise(spec: Spec, x: FloatArray, y: FloatArray) -> Spec:
    """`spec` with the scales of x (per column) and y chosen from the data."""
    columns = x.reshape(x.shape[0], -1)
    if spec.log_x:
        log_x = tuple(float(np.mean(np.log(columns[:, j]))) for j in range(columns.shape[1]))
    else:
        log_x = tuple(log_rms(columns[:, j]) for j in range(columns.shape[1]))
    log_y = float(np.mean(np.log(y))) if spec.log_y else log_rms(y)
    if spec.method == "ma" and not spec.log_x:  # MA on raw x and y: one common unit
        common = max(log_x[0], log_y)
        log_x, log_y = (common,), common
    return replace(spec, x_log_scale=log_x, y_log_scale=log_y)


def unscaled(values: FloatArray, log_scale: FloatArray | float) -> FloatArray:
    """Divide ``values`` by exp(log_scale) without overflow.

    values / exp(log_scale), dividing twice by exp(log_scale / 2) so that a scale
    near the top of float64's range (ln s ~ 709.8) does not overflow on the way.
    """
    half = np.exp(np.asarray(log_scale, dtype=np.float64) / 2.0)
    return np.asarray(values / half / half)


def times(value: FloatArray | float, log_factor: FloatArray | float) -> FloatArray:
    """value * exp(log_factor), formed as sign * exp(ln|value| + log_factor).

    The product is representable more often than exp(log_factor) alone (a tiny
    slope times a huge unit ratio); zero stays zero.
    """
    v = np.asarray(value, dtype=np.float64)
    if not np.any(log_factor):  # exponents: returned as they are, bit for bit
        return v
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        out = np.sign(v) * np.exp(np.log(np.abs(v)) + log_factor)
    return np.asarray(np.where(v == 0.0, 0.0, out))


@dataclass(frozen=True)
class Term:
    """How one reported parameter follows from theta (see the module docstring).

    logged: p = exp(grad' theta + offset). Linear: p = theta[index] exp(offset),
    and grad is the gradient of p exp(-offset) in theta (for the standard error).
    """

    logged: bool
    grad: FloatArray
    offset: float
    index: int = -1

    def value(self, theta: FloatArray) -> float:
        with np.errstate(over="ignore"):
            if self.logged:
                return float(np.exp(self.grad @ theta + self.offset))
        return float(times(theta[self.index], self.offset))

    def log10_sizes(self, theta: FloatArray, cov: FloatArray) -> tuple[float, float]:
        """log10 |p| and log10 of its standard error, computed without exp.

        For checking that float64 can hold them; -inf for an exact zero.
        """
        with np.errstate(divide="ignore"):
            log_sd = math.log(self.sd(cov)) if self.sd(cov) > 0 else -math.inf
            if self.logged:
                centre = float(self.grad @ theta + self.offset)
                return centre / _LN10, (centre + log_sd) / _LN10
            value = float(theta[self.index])
            log_value = math.log(abs(value)) if value != 0 else -math.inf
            return (log_value + self.offset) / _LN10, (log_sd + self.offset) / _LN10

    def sd(self, cov: FloatArray) -> float:
        """sqrt(grad' Cov grad): the standard error of ln p (logged) or of p exp(-offset)."""
        return math.sqrt(max(float(self.grad @ cov @ self.grad), 0.0))

    def stderr(self, theta: FloatArray, cov: FloatArray) -> float:
        """Delta-method standard error of the reported parameter."""
        if self.logged:
            with np.errstate(over="ignore"):
                return float(np.exp(self.grad @ theta + self.offset) * self.sd(cov))
        return float(times(self.sd(cov), self.offset))

    def interval(
        self, theta: FloatArray, cov: FloatArray, crit: float
    ) -> tuple[float, float, float]:
        """(estimate, lower, upper) of the t or z interval; logged ones through exp."""
        half = crit * self.sd(cov)
        if self.logged:
            centre = float(self.grad @ theta + self.offset)
            with np.errstate(over="ignore"):
                low, mid, high = np.exp([centre - half, centre, centre + half])
            return float(mid), float(low), float(high)
        mid, low, high = times(theta[self.index] + np.array([0.0, -half, half]), self.offset)
        return float(mid), float(low), float(high)


def _unit(p: int, index: int) -> FloatArray:
    out = np.zeros(p)
    out[index] = 1.0
    return out


def terms(spec: Spec, theta: FloatArray) -> tuple[Term, ...]:
    """One :class:`Term` per reported parameter of `spec`, at `theta` (standardised)."""
    p = len(spec.names)
    L, M = spec.x_shift, spec.y_shift  # the module docstring's names
    law = spec.law

    def linear(index: int, offset: float = 0.0) -> Term:
        return Term(False, _unit(p, index), offset, index)

    if law == "power":
        return (Term(True, np.concatenate([[1.0], -L]), M), *(linear(j) for j in range(1, p)))
    if law == "exponential":
        return Term(True, _unit(p, 0), M), linear(1, -float(L[0]))
    if law == "linear":
        return linear(0, M), linear(1, M - float(L[0]))
    if law == "power_offset":
        grad = np.array([1.0, -float(theta[0]) * float(L[0]), 0.0])
        return Term(False, grad, M - float(theta[1]) * float(L[0]), 0), linear(1), linear(2, M)
    # broken_power: ln a, b1, b2, ln x_break
    return Term(True, _unit(p, 0), M), linear(1), linear(2), Term(True, _unit(p, 3), float(L[0]))


def user_values(spec: Spec, theta: FloatArray) -> FloatArray:
    """Reported parameters for each row of `theta` ((p,) or (n, p), standardised)."""
    rows = np.atleast_2d(np.asarray(theta, dtype=np.float64))
    out = np.array([[term.value(row) for term in terms(spec, row)] for row in rows])
    return out.reshape(np.shape(theta))


def theta_of_values(spec: Spec, values: FloatArray) -> FloatArray:
    """The inverse of :func:`user_values`.

    Standardised theta for each row of reported parameters ((p,) or (n, p)); e.g. bootstrap
    replicates stored in the user's units.
    """
    v = np.atleast_2d(np.asarray(values, dtype=np.float64))
    theta = v.copy()
    L, M = spec.x_shift, spec.y_shift  # the module docstring's names
    with np.errstate(divide="ignore", invalid="ignore"):
        if spec.law == "power":
            theta[:, 0] = np.log(v[:, 0]) - M + v[:, 1:] @ L
        elif spec.law == "exponential":
            theta[:, 0], theta[:, 1] = np.log(v[:, 0]) - M, times(v[:, 1], L[0])
        elif spec.law == "linear":
            theta[:, 0], theta[:, 1] = times(v[:, 0], -M), times(v[:, 1], L[0] - M)
        elif spec.law == "power_offset":
            theta[:, 0] = times(v[:, 0], v[:, 1] * L[0] - M)
            theta[:, 2] = times(v[:, 2], -M)
        else:  # broken_power
            theta[:, 0], theta[:, 3] = np.log(v[:, 0]) - M, np.log(v[:, 3]) - L[0]
    return theta.reshape(np.shape(values))
