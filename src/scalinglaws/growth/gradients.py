"""Analytic gradients dC/dz of the closed-form growth curves, in the solver's frame.

Each function takes tau (1, n) and the frame values of the parameters (columns
(B, 1)) and returns the curve (B, n) and one (B, n) column per parameter: the
derivative with respect to z, the solver's coordinate (so ``exp`` kinds carry
their chain-rule factor: d/dz = value * d/dvalue). The formulas are in
:mod:`scalinglaws.formulas.growth`; tests compare each against central
differences.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from scipy.special import expit

from scalinglaws._types import FloatArray

__all__ = ["GRADIENTS"]


def _exponential_gradient(
    tau: FloatArray, C0: FloatArray, r: FloatArray
) -> tuple[FloatArray, list[FloatArray]]:
    curve = C0 * np.exp(r * tau)
    return curve, [curve, curve * r * tau]


def _logistic_gradient(
    tau: FloatArray, K: FloatArray, r: FloatArray, tm: FloatArray
) -> tuple[FloatArray, list[FloatArray]]:
    x = r * (tau - tm)
    s = 1.0 / (1.0 + np.exp(-x))
    curve = K * s
    slope = curve * (1.0 - s)  # dC/dx
    return curve, [curve, slope * x, -slope * r]


def _gompertz_gradient(
    tau: FloatArray, K: FloatArray, r: FloatArray, tm: FloatArray
) -> tuple[FloatArray, list[FloatArray]]:
    x = r * (tau - tm)
    u = np.exp(-x)
    curve = K * np.exp(-u)
    slope = curve * u  # dC/dx
    return curve, [curve, slope * x, -slope * r]


def _richards_gradient(
    tau: FloatArray, K: FloatArray, r: FloatArray, tm: FloatArray, a: FloatArray
) -> tuple[FloatArray, list[FloatArray]]:
    # log C = log K - L / a with L = log(1 + E), E = a exp(-a x), x = r (tau - tm).
    x = r * (tau - tm)
    log_e = np.log(a) - a * x
    L = np.logaddexp(0.0, log_e)
    share = expit(log_e)  # E / (1 + E) = d log C / dx
    curve = K * np.exp(-L / a)
    return curve, [
        curve,
        curve * share * x,
        -curve * share * r,
        curve * (L / a - share * (1.0 - a * x) / a),
    ]


GRADIENTS: dict[str, Callable[..., tuple[FloatArray, list[FloatArray]]]] = {
    "exponential": _exponential_gradient,
    "logistic": _logistic_gradient,
    "gompertz": _gompertz_gradient,
    "richards": _richards_gradient,
}
