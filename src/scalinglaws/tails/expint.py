"""ln E_a(z), the generalised exponential integral, for real order a and z >= 0.

E_a(z) = int_1^inf e^{-z t} t^{-a} dt normalises the truncated power law
(Clauset, Shalizi & Newman 2009, Table 2.1). scipy has it for integer orders only,
and mpmath's arbitrary precision costs ~0.5 ms a call, so the likelihood uses:

* z >= 1: the continued fraction E_a(z) = e^{-z} (1 / (z + a - 1 a / (z + a + 2 -
  2 (a + 1) / (z + a + 4 - ...)))), evaluated by the modified Lentz method
  (Press et al., Numerical Recipes, 3rd ed., eq. 6.3.5), converging in tens of
  terms;
* z < 1, a not within 1e-4 of an integer: E_a(z) = Gamma(1 - a) z^{a-1}
  - sum_k (-z)^k / (k! (1 - a + k)) (Abramowitz & Stegun 5.1.12 generalised;
  DLMF 8.19.10), 30 terms;
* otherwise mpmath.
"""

from __future__ import annotations

import mpmath
import numpy as np
from scipy import special

from scalinglaws._types import FloatArray

_CF_TERMS = 300
_SERIES_TERMS = 30
_TINY = 1e-300


def log_expint(order: float, z: FloatArray) -> FloatArray:
    """ln E_order(z) elementwise (z >= 0; inf where E diverges, at z = 0 with order <= 1)."""
    z = np.atleast_1d(np.asarray(z, dtype=np.float64))
    out = np.empty(z.shape)
    large = z >= 1.0
    if large.any():
        out[large] = _continued_fraction(order, z[large])
    small = ~large
    if small.any():
        near_integer = abs(order - round(order)) < 1e-4
        if near_integer or (z[small] == 0.0).any():
            out[small] = _mpmath(order, z[small])
        else:
            out[small] = _series(order, z[small])
    return out


def _continued_fraction(a: float, x: FloatArray) -> FloatArray:
    return np.array([_lentz(a, float(v)) for v in x], dtype=np.float64)


def _lentz(a: float, x: float) -> float:
    """ln E_a(x) for x >= 1 by the modified Lentz method on plain floats (fast for scalars)."""
    b = x + a
    c = 1.0 / _TINY
    d = 1.0 / b
    h = d
    for i in range(1, _CF_TERMS):
        an = -i * (a - 1.0 + i)
        b += 2.0
        d = an * d + b
        d = d if abs(d) > _TINY else _TINY
        c = b + an / c
        c = c if abs(c) > _TINY else _TINY
        d = 1.0 / d
        delta = c * d
        h *= delta
        if abs(delta - 1.0) < 1e-15:
            break
    return float(np.log(h)) - x


def _series(a: float, x: FloatArray) -> FloatArray:
    k = np.arange(_SERIES_TERMS, dtype=np.float64)[:, None]
    terms = (-x[None, :]) ** k / (special.factorial(k) * (1.0 - a + k))
    total = special.gamma(1.0 - a) * x ** (a - 1.0) - terms.sum(axis=0)
    return np.asarray(np.log(total), dtype=np.float64)


def _mpmath(a: float, x: FloatArray) -> FloatArray:
    def one(value: float) -> float:
        if value == 0.0:
            return float(-np.log(a - 1.0)) if a > 1.0 else float("inf")
        return float(mpmath.log(mpmath.expint(a, value)))

    return np.array([one(float(v)) for v in x], dtype=np.float64)
