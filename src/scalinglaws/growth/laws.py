"""The growth laws as the solver sees them: parameters, transforms, starts and bounds.

The solver works on an unbounded vector ``z`` in a normalised frame: time
tau = (t - t_first) / t_scale runs from 0 to 1 over the data and sizes are in
units of ``y_scale``. Each parameter has a *kind* that maps z to its natural
value:

========  ======================  ====================================
kind      internal value          natural value
========  ======================  ====================================
size      exp(z)                  exp(z) * y_scale        (K, C0)
rate      exp(z)                  exp(z) / t_scale        (r)
time      z                       t_first + z * t_scale   (tm)
shape     exp(z)                  exp(z)                  (Richards a)
fraction  1 / (1 + exp(-z))       the same                (GGM p)
========  ======================  ====================================

The GGM's rate has units size^(1-p) per time, so GGM fits use y_scale = 1.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.special import expit

from scalinglaws.formulas import growth as formulas

__all__ = ["LAWS", "Frame", "Law", "bound_hint"]

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Frame:
    """The normalisation of one data set: tau = (t - t_first) / t_scale, size / y_scale."""

    t_first: float
    t_scale: float
    y_scale: float


@dataclass(frozen=True)
class Law:
    """One growth law: its parameters, their kinds and the curve C(tau) in the frame."""

    name: str
    params: tuple[str, ...]
    kinds: tuple[str, ...]
    formula: str
    citation: str
    curve: Callable[..., FloatArray]
    #: Derived quantities the law defines: growth_rate, doubling_time, carrying_capacity,
    #: inflection_time.
    derived: tuple[str, ...]

    @property
    def n_params(self) -> int:
        return len(self.params)

    def internal(self, z: FloatArray) -> list[FloatArray]:
        """Parameter columns (each (B, 1)) in the normalised frame from z of shape (B, P)."""
        columns = []
        for j, kind in enumerate(self.kinds):
            value = z[:, j : j + 1]
            if kind == "time":
                columns.append(value)
            else:
                columns.append(expit(value) if kind == "fraction" else np.exp(value))
        return columns

    def evaluate(self, z: FloatArray, tau: FloatArray) -> FloatArray:
        """C(tau) for every row of z: shape (B, len(tau))."""
        with np.errstate(all="ignore"):
            return self.curve(tau[None, :], *self.internal(z))

    def gradient(self, z: FloatArray, tau: FloatArray) -> tuple[FloatArray, FloatArray]:
        """C(tau) (B, n) and dC/dz (B, n, P): analytic, or central differences for the GGM."""
        with np.errstate(all="ignore"):
            if self.name not in _GRADIENTS:
                curve = self.evaluate(z, tau)
                columns = []
                for j in range(z.shape[1]):
                    up, down = z.copy(), z.copy()
                    up[:, j] += _FD_STEP
                    down[:, j] -= _FD_STEP
                    columns.append(
                        (self.evaluate(up, tau) - self.evaluate(down, tau)) / (2 * _FD_STEP)
                    )
            else:
                curve, columns = _GRADIENTS[self.name](tau[None, :], *self.internal(z))
            jac = np.empty((*curve.shape, len(columns)))
            for j, column in enumerate(columns):
                jac[:, :, j] = column
        # Overflow far from the data gives inf/nan where the true slope is 0.
        return curve, np.nan_to_num(jac, copy=False, nan=0.0, posinf=0.0, neginf=0.0)

    def natural(self, z: FloatArray, frame: Frame) -> tuple[FloatArray, FloatArray]:
        """Natural parameter values and d(natural)/dz, both of shape (B, P).

        Far-out z (the end of a very wide interval) may map to inf: that end is unbounded.
        """
        with np.errstate(over="ignore"):
            return self._natural(z, frame)

    def _natural(self, z: FloatArray, frame: Frame) -> tuple[FloatArray, FloatArray]:
        values = np.empty_like(z)
        slopes = np.empty_like(z)
        for j, kind in enumerate(self.kinds):
            x = z[:, j]
            if kind == "size":
                values[:, j] = slopes[:, j] = np.exp(x) * frame.y_scale
            elif kind == "rate":
                values[:, j] = slopes[:, j] = np.exp(x) / frame.t_scale
            elif kind == "time":
                values[:, j] = frame.t_first + x * frame.t_scale
                slopes[:, j] = frame.t_scale
            elif kind == "shape":
                values[:, j] = slopes[:, j] = np.exp(x)
            else:  # fraction
                values[:, j] = expit(x)
                slopes[:, j] = values[:, j] * (1.0 - values[:, j])
        return values, slopes

    def bounds(self, level_max: float) -> tuple[FloatArray, FloatArray]:
        """Box on z given the largest (proxy) cumulative size in the frame."""
        top = float(np.log(level_max))
        box = {
            "size": (top - np.log(100.0), top + np.log(1e6)),
            "rate": (np.log(1e-6), np.log(1e4)),
            "time": (-100.0, 100.0),
            "shape": (np.log(1e-3), np.log(1e3)),
            "fraction": (-25.0, 25.0),
        }
        if self.name in ("exponential", "ggm"):  # C0: the size at the first time
            box["size"] = (top - np.log(1e12), top + np.log(1e3))
        lo = np.array([box[kind][0] for kind in self.kinds])
        hi = np.array([box[kind][1] for kind in self.kinds])
        return lo, hi

    def starts(self, tau: FloatArray, level: FloatArray) -> FloatArray:
        """A grid of starting points z (S, P) from a proxy cumulative curve ``level``."""
        top = float(level.max())
        first = float(max(level[0], top * 1e-6))
        rows: list[list[float]] = []
        if self.name == "exponential":
            keep = level > 0
            slope = np.polyfit(tau[keep], np.log(level[keep]), 1)[0] if keep.sum() > 1 else 1.0
            for factor in (0.5, 1.0, 2.0):
                rows.append([np.log(first), np.log(max(slope * factor, 1e-2))])
        elif self.name == "ggm":
            for p in (0.1, 0.4, 0.6, 0.75, 0.85, 0.95, 0.99):
                q = 1.0 - p
                rate = max((top**q - first**q) / q, 1e-5)
                rows.append([np.log(first), np.log(rate), float(np.log(p / q))])
        else:
            for ratio in (1.05, 1.3, 2.0, 4.0, 10.0, 100.0):
                K = top * ratio
                for tm in (0.3, 0.6, 0.9, 1.2, 2.0, 4.0):
                    for a in (0.3, 1.0, 3.0) if self.name == "richards" else (1.0,):
                        rate = _rate_through_first(self.name, K / first, tm, a)
                        row = [np.log(K), np.log(max(rate, 1e-2)), tm]
                        rows.append([*row, np.log(a)] if self.name == "richards" else row)
        return np.array(rows, dtype=np.float64)


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


_GRADIENTS: dict[str, Callable[..., tuple[FloatArray, list[FloatArray]]]] = {
    "exponential": _exponential_gradient,
    "logistic": _logistic_gradient,
    "gompertz": _gompertz_gradient,
    "richards": _richards_gradient,
}
_FD_STEP = 1e-6


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


_CITE_GGM = (
    "Viboud, Simonsen & Chowell, 'A generalized-growth model to characterize the early "
    "ascending phase of infectious disease outbreaks', Epidemics 15, 27-37 (2016)"
)

LAWS: dict[str, Law] = {
    "exponential": Law(
        "exponential",
        ("C0", "r"),
        ("size", "rate"),
        "C(t) = C0 exp(r (t - t0))",
        "Malthus, An Essay on the Principle of Population (1798)",
        formulas.exponential,
        ("growth_rate", "doubling_time"),
    ),
    "logistic": Law(
        "logistic",
        ("K", "r", "tm"),
        ("size", "rate", "time"),
        "C(t) = K / (1 + exp(-r (t - tm)))",
        "Verhulst (1838); Pearl & Reed, PNAS 6, 275-288 (1920)",
        formulas.logistic,
        ("growth_rate", "doubling_time", "carrying_capacity", "inflection_time"),
    ),
    "gompertz": Law(
        "gompertz",
        ("K", "r", "tm"),
        ("size", "rate", "time"),
        "C(t) = K exp(-exp(-r (t - tm)))",
        "Gompertz, Phil. Trans. R. Soc. 115, 513-583 (1825); Winsor, PNAS 18, 1-8 (1932)",
        formulas.gompertz,
        ("growth_rate", "carrying_capacity", "inflection_time"),
    ),
    "richards": Law(
        "richards",
        ("K", "r", "tm", "a"),
        ("size", "rate", "time", "shape"),
        "C(t) = K (1 + a exp(-a r (t - tm)))^(-1/a)",
        "Richards, J. Exp. Bot. 10, 290-300 (1959)",
        formulas.richards,
        ("growth_rate", "doubling_time", "carrying_capacity", "inflection_time"),
    ),
    "ggm": Law(
        "ggm",
        ("C0", "r", "p"),
        ("size", "rate", "fraction"),
        "dC/dt = r C^p, C(t0) = C0",
        _CITE_GGM,
        formulas.ggm,
        ("growth_rate",),
    ),
}


def bound_hint(law: Law, index: int, upper: bool) -> str:
    """Why a parameter ran to a bound of its box, and what to do about it."""
    kind, name = law.kinds[index], law.params[index]
    if kind == "size" and name == "K" and upper:
        return (
            "the data show no slowing down, so the carrying capacity K is not determined; "
            "fit law='exponential' or law='ggm', or add data past the inflection"
        )
    if kind == "rate":
        if upper:
            return "the growth is too fast to resolve at these times; check the time units"
        return "the data do not grow; a growth law does not describe them"
    if kind == "fraction":
        if upper:
            return "p ran to 1, which is exponential growth; fit law='exponential'"
        return "p ran to 0, which is constant incidence (linear growth); check the data"
    if kind == "shape":
        return (
            "the Richards shape a ran to the edge of [0.001, 1000]; "
            "fit law='logistic' (a = 1) or law='gompertz' (a -> 0) instead"
        )
    if kind == "time":
        return "the inflection lies far outside the data, so it is not determined"
    return f"{name} ran to the edge of its allowed range; the law does not fit these data"
