"""Starting points for the multi-start fit of each growth law.

Every function takes the normalised times tau (0..1) and a cumulative proxy
``level`` in frame units (its largest value is 1) and returns a grid of z rows
(S, P) in the law's parameter order (see :mod:`scalinglaws.growth.kinds`). The
grids span the shapes each law can take; the solver refines all of them at once
and keeps the best.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import numpy as np

from scalinglaws._types import FloatArray

__all__ = ["STARTS"]

Starts = Callable[[FloatArray, FloatArray], FloatArray]
_P_GRID = (0.3, 0.6, 0.85, 0.97)


def _first(level: FloatArray) -> float:
    return float(max(level[0], float(level.max()) * 1e-6))


def _logit(p: float) -> float:
    return float(np.log(p / (1.0 - p)))


def _power_rate(p: float, first: float, top: float) -> float:
    """The frame rate of dC/dtau = r C^p that takes C from ``first`` to ``top`` over tau 0..1."""
    q = 1.0 - p
    return max(float(top**q - first**q) / q, 1e-5)


def exponential(tau: FloatArray, level: FloatArray) -> FloatArray:
    keep = level > 0
    slope = np.polyfit(tau[keep], np.log(level[keep]), 1)[0] if keep.sum() > 1 else 1.0
    first = _first(level)
    return np.array([[np.log(first), np.log(max(slope * f, 1e-2))] for f in (0.5, 1.0, 2.0)])


def ggm(tau: FloatArray, level: FloatArray) -> FloatArray:
    first, top = _first(level), float(level.max())
    rows = []
    for p in (0.1, 0.4, 0.6, 0.75, 0.85, 0.95, 0.99):
        rows.append([np.log(first), np.log(_power_rate(p, first, top)), _logit(p)])
    return np.array(rows)


def sigmoid(name: str) -> Starts:
    """Starts of the logistic, Gompertz and Richards curves (K, r, tm[, a])."""

    def starts(tau: FloatArray, level: FloatArray) -> FloatArray:
        first, top = _first(level), float(level.max())
        rows = []
        for ratio in (1.05, 1.3, 2.0, 4.0, 10.0, 100.0):
            K = top * ratio
            for tm in (0.3, 0.6, 0.9, 1.2, 2.0, 4.0):
                for a in (0.3, 1.0, 3.0) if name == "richards" else (1.0,):
                    rate = _rate_through_first(name, K / first, tm, a)
                    row = [np.log(K), np.log(max(rate, 1e-2)), tm]
                    rows.append([*row, np.log(a)] if name == "richards" else row)
        return np.array(rows, dtype=np.float64)

    return starts


def _rate_through_first(name: str, ratio: float, tm: float, a: float) -> float:
    """The rate r that makes the curve pass through (tau = 0, K / ratio)."""
    with np.errstate(all="ignore"):
        if name == "logistic":
            value = np.log(ratio - 1.0) / tm
        elif name == "gompertz":
            value = np.log(np.log(ratio)) / tm
        else:  # richards: (K/C)^a = 1 + a exp(a r tm)
            value = np.log((ratio**a - 1.0) / a) / (a * tm)
    return float(value) if np.isfinite(value) and value > 0 else 1.0


def grm(with_a: bool) -> Starts:
    """Starts of the generalized logistic (C0, r, p, K) and Richards (C0, r, p, K, a) models."""

    def starts(tau: FloatArray, level: FloatArray) -> FloatArray:
        first, top = _first(level), float(level.max())
        rows = []
        for p, ratio, speed in itertools.product(_P_GRID, (1.02, 1.3, 3.0, 30.0), (1.0, 3.0)):
            rate = _power_rate(p, first, top) * speed
            row = [np.log(first), np.log(rate), _logit(p), np.log(top * ratio)]
            for a in (0.5, 2.0) if with_a else (None,):
                rows.append(row if a is None else [*row, np.log(a)])
        return np.array(rows, dtype=np.float64)

    return starts


def subepidemic(tau: FloatArray, level: FloatArray) -> FloatArray:
    """(C0, r, p, K0, q, C_thr, n): waves of a GLM; n is pinned by the caller (z = 2 here)."""
    first, top = _first(level), float(level.max())
    rows = []
    for p, share, q, threshold in itertools.product(
        (0.6, 0.9), (0.3, 0.6), (0.0, 0.7), (0.05, 0.3)
    ):
        rate = _power_rate(p, first, top * share) * 2.0
        rows.append(
            [
                np.log(first),
                np.log(rate),
                _logit(p),
                np.log(top * share),
                q,
                np.log(max(threshold * top * share, first * 1.01)),
                2.0,
            ]
        )
    return np.array(rows, dtype=np.float64)


def compartmental(latent: bool) -> Starts:
    """Starts of SIR (N, R0, gamma, I0) and SEIR (N, R0, sigma, gamma, I0)."""

    def starts(tau: FloatArray, level: FloatArray) -> FloatArray:
        first, top = _first(level), float(level.max())
        rows = []
        sigmas = (10.0, 40.0) if latent else (None,)
        for size, R0, gamma, sigma in itertools.product(
            (1.2, 2.0, 5.0, 20.0), (1.3, 2.0, 4.0), (3.0, 10.0, 30.0), sigmas
        ):
            middle = [np.log(R0)] + ([] if sigma is None else [np.log(sigma)]) + [np.log(gamma)]
            rows.append([np.log(top * size), *middle, np.log(first)])
        return np.array(rows, dtype=np.float64)

    return starts


STARTS = {
    "exponential": exponential,
    "logistic": sigmoid("logistic"),
    "gompertz": sigmoid("gompertz"),
    "richards": sigmoid("richards"),
    "ggm": ggm,
    "glm": grm(with_a=False),
    "grm": grm(with_a=True),
    "subepidemic": subepidemic,
    "sir": compartmental(latent=False),
    "seir": compartmental(latent=True),
}
