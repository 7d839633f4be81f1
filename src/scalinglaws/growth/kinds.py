"""Parameter kinds: how the solver's unbounded z maps to a law's parameters.

The solver works in a normalised frame: time tau = (t - t_first) / T runs from 0
to 1 over the data (T = t_last - t_first) and sizes are in units of s, the
largest cumulative value. Each parameter has a *kind*:

========  ==================  =============================  =================
kind      value in the frame  natural value                  link eta
========  ==================  =============================  =================
size      exp(z)              exp(z) s                       z
rate      exp(z)              exp(z) / T                     z
rate_p    exp(z)              exp(z) s^(1-p) / T             z + (1 - p) ln s
time      z                   t_first + z T                  z
shape     exp(z)              exp(z)                         z
fraction  expit(z)            expit(z)                       z
real      z                   z                              z
count     z                   z (always pinned)              z
========  ==================  =============================  =================

``rate_p`` is the rate of a law with a deceleration exponent p
(dC/dt = r C^p ...): in the frame dc/dtau = r T s^(p-1) c^p, so the rate in the
frame is r' = r T s^(p-1) and r = r' s^(1-p) / T. Because the frame follows the
data, a fit sees the same numbers whatever the units of t and C, and its
estimates transform exactly with them (Issue 21: persons, thousands or millions
give the same p).

Intervals are Wald intervals on the link scale eta, mapped back; eta is z
itself except for ``rate_p``, where ln r depends on p too.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import expit, logit

from scalinglaws._types import FloatArray

__all__ = ["FLOAT_CAP", "KINDS", "Frame", "box", "limits", "natural_from_eta"]


KINDS = ("size", "rate", "rate_p", "time", "shape", "fraction", "real", "count")
#: Natural parameter values are kept within [1/FLOAT_CAP, FLOAT_CAP] (float64 holds 1.8e308).
FLOAT_CAP = 1e300
_POSITIVE = ("size", "rate", "rate_p", "shape")
#: Default boxes on z (positive kinds in log units relative to the frame).
_BOX = {
    "rate": (np.log(1e-6), np.log(1e4)),
    "rate_p": (np.log(1e-6), np.log(1e4)),
    "time": (-100.0, 100.0),
    "shape": (np.log(1e-3), np.log(1e3)),
    "fraction": (-25.0, 25.0),
    "real": (-10.0, 10.0),
    "count": (1.0, 50.0),
}
#: Sizes, relative to the largest cumulative value (z = 0): a final size, an initial size
#: (C0, I0) and a threshold.
SIZE_BOXES = {
    "final": (-np.log(100.0), np.log(1e6)),
    "initial": (-np.log(1e12), np.log(1e3)),
    "threshold": (-np.log(1e6), np.log(10.0)),
}


@dataclass(frozen=True)
class Frame:
    """The normalisation of one data set: tau = (t - t_first) / t_scale, size / y_scale."""

    t_first: float
    t_scale: float
    y_scale: float


def limits(kind: str) -> tuple[float, float]:
    """The natural range of a kind (what an unbounded interval runs to)."""
    if kind in _POSITIVE:
        return 0.0, np.inf
    if kind == "fraction":
        return 0.0, 1.0
    return -np.inf, np.inf


def box(kind: str, role: str, frame: Frame) -> tuple[float, float, bool, bool]:
    """The box on z for one parameter: (lo, hi, lo_capped, hi_capped).

    A side is *capped* when float64 forces it inside the default box (natural
    values beyond FLOAT_CAP at these units); a fit that ends on a capped side has
    no representable answer. The rate of a law with p is not capped here (its
    natural value depends on p): the fit checks the natural values it returns.
    """
    lo, hi = SIZE_BOXES[role] if kind == "size" else _BOX[kind]
    log_cap = np.log(FLOAT_CAP)
    if kind == "size":
        span = (-log_cap - np.log(frame.y_scale), log_cap - np.log(frame.y_scale))
    elif kind == "rate":
        span = (-log_cap + np.log(frame.t_scale), log_cap + np.log(frame.t_scale))
    elif kind == "time":  # t_first + z T within float64
        reach = (np.finfo(np.float64).max / 2 - abs(frame.t_first)) / frame.t_scale
        span = (-reach, reach)
    else:
        span = (-np.inf, np.inf)
    low, high = max(lo, span[0]), min(hi, span[1])
    return float(low), float(high), bool(span[0] > lo), bool(span[1] < hi)


def frame_value(kind: str, z: FloatArray) -> FloatArray:
    """The value a curve sees in the frame (columns of z of one kind)."""
    if kind in ("time", "real", "count"):
        return z
    if kind == "fraction":
        return np.asarray(expit(z), dtype=np.float64)
    return np.asarray(np.exp(z), dtype=np.float64)


def eta(kind: str, z: FloatArray, p: FloatArray | None, frame: Frame) -> FloatArray:
    """The link value eta of a column of z (``p``: the law's p, for ``rate_p``)."""
    if kind == "rate_p":
        assert p is not None
        return np.asarray(z + (1.0 - p) * np.log(frame.y_scale), dtype=np.float64)
    return z


def natural_from_eta(kind: str, value: FloatArray, frame: Frame) -> FloatArray:
    """Natural values from link values (inf/0 where an interval end is unbounded)."""
    with np.errstate(over="ignore"):
        if kind == "size":
            return np.asarray(np.exp(value) * frame.y_scale, dtype=np.float64)
        if kind in ("rate", "rate_p"):
            return np.asarray(np.exp(value) / frame.t_scale, dtype=np.float64)
        if kind == "time":
            return np.asarray(frame.t_first + value * frame.t_scale, dtype=np.float64)
        if kind == "shape":
            return np.asarray(np.exp(value), dtype=np.float64)
        if kind == "fraction":
            return np.asarray(expit(value), dtype=np.float64)
        return np.asarray(value, dtype=np.float64)


def slope(kind: str, natural: FloatArray, frame: Frame) -> FloatArray:
    """d natural / d eta at the natural value."""
    if kind in _POSITIVE:
        return natural
    if kind == "time":
        return np.full_like(natural, frame.t_scale)
    if kind == "fraction":
        return natural * (1.0 - natural)
    return np.ones_like(natural)


def eta_from_natural(kind: str, value: FloatArray, frame: Frame) -> FloatArray:
    """The inverse of :func:`natural_from_eta`."""
    with np.errstate(divide="ignore"):
        if kind == "size":
            return np.asarray(np.log(value / frame.y_scale), dtype=np.float64)
        if kind in ("rate", "rate_p"):
            return np.asarray(np.log(value * frame.t_scale), dtype=np.float64)
        if kind == "time":
            return np.asarray((value - frame.t_first) / frame.t_scale, dtype=np.float64)
        if kind == "shape":
            return np.asarray(np.log(value), dtype=np.float64)
        if kind == "fraction":
            return np.asarray(logit(value), dtype=np.float64)
        return np.asarray(value, dtype=np.float64)
