"""The laws fit_relation knows, in the parametrization the estimators use.

Each law has one internal parameter vector ``theta`` whatever the method: scale
parameters that must stay positive enter as logarithms (``ln a``, ``ln x_break``),
the rest as themselves; ``theta`` refers to the standardised data
(:mod:`scalinglaws.relations._scale` maps it to the user's units). A :class:`Spec`
(law, method, number of x columns, smoothness, scales) turns the data into
standardised features (``ln x`` for power-type laws, ``x`` otherwise) and
evaluates the mean on the log scale (``ln f``) or the raw scale (``f``) together
with its Jacobian in ``theta``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, get_args

import numpy as np

from scalinglaws._types import FloatArray
from scalinglaws.formulas.relations import broken_power_log, broken_power_log_jacobian
from scalinglaws.relations._scale import unscaled, user_values

__all__ = [
    "LAWS",
    "METHODS",
    "RelationLaw",
    "RelationLawName",
    "RelationMethod",
    "Spec",
    "linear_predictor",
    "valid_methods",
]

#: The laws fit_relation knows, in the order compare_relations tries them.
RelationLawName = Literal["power", "power_offset", "broken_power", "exponential", "linear"]
#: Every estimation method.
RelationMethod = Literal["ols_log", "nls", "sma", "ma", "poisson"]
METHODS: tuple[RelationMethod, ...] = get_args(RelationMethod)


@dataclass(frozen=True)
class RelationLaw:
    """One law fit_relation knows: its formula and the methods that fit it on one x.

    Attributes
    ----------
    name : str
        The law's name.
    formula : str
        The law, e.g. ``"y = a·x^b"``.
    methods : tuple of str
        The methods that fit it on one x.
    """

    name: str
    formula: str
    methods: tuple[str, ...]


#: Every law by name (the same shape as :data:`scalinglaws.growth.LAWS`).
LAWS: Mapping[str, RelationLaw] = {
    law.name: law
    for law in (
        RelationLaw("power", "y = a·x^b", ("ols_log", "nls", "sma", "ma", "poisson")),
        RelationLaw("power_offset", "y = c + a·x^b", ("ols_log", "nls")),
        RelationLaw(
            "broken_power",
            "y = a·(x/x_break)^b1·[(1 + (x/x_break)^(1/Δ))/2]^((b2-b1)·Δ)",
            ("ols_log", "nls"),
        ),
        RelationLaw("exponential", "y = a·exp(b·x)", ("ols_log", "nls", "poisson")),
        RelationLaw("linear", "y = a + b·x", ("nls", "ols_log", "sma", "ma")),
    )
}
_MULTI = ("ols_log", "nls", "poisson")
#: Positive-clipping floor for ln f when a raw-scale law is evaluated on the log scale.
_TINY = 1e-300


def linear_predictor(features: FloatArray, theta: FloatArray) -> FloatArray:
    """theta_0 + features @ theta_1.

    (einsum, not BLAS: a threaded BLAS call on long thin arrays is slow when bootstrap workers
    already occupy every core).
    """
    if features.shape[1] == 1:
        out = features[:, 0] * theta[1]
    else:
        out = np.einsum("ij,j->i", features, theta[1:])
    out += theta[0]
    return np.asarray(out)


def valid_methods(law: str, k: int = 1) -> tuple[str, ...]:
    """The methods that can fit `law` with `k` x columns."""
    return _MULTI if k > 1 else LAWS[law].methods


@dataclass(frozen=True)
class Spec:
    """What to fit.

    The law, the method, the number of x columns, the break smoothness, and the units the estimators
    work in (:mod:`scalinglaws.relations._scale`).

    ``x_log_scale`` (one per column) and ``y_log_scale`` are ln s_x and ln s_y:
    :meth:`features` and :meth:`target` return the data in those units, ``theta``
    refers to them, and :meth:`params` maps it back to the user's units. The
    defaults (no scaling) read fits saved before standardisation existed.
    """

    law: str
    method: str
    k: int = 1
    smoothness: float = 0.5
    x_log_scale: tuple[float, ...] = ()
    y_log_scale: float = 0.0

    # --- names and parametrization ----------------------------------------------
    @property
    def names(self) -> tuple[str, ...]:
        """Reported parameter names, in the order of ``theta``."""
        if self.law == "power":
            slopes = ("b",) if self.k == 1 else tuple(f"b{j + 1}" for j in range(self.k))
            return ("a", *slopes)
        if self.law == "power_offset":
            return ("a", "b", "c")
        if self.law == "broken_power":
            return ("a", "b1", "b2", "x_break")
        return ("a", "b")

    @property
    def exponents(self) -> tuple[str, ...]:
        """Names of the parameters test_exponent may test."""
        return tuple(name for name in self.names if name.startswith("b"))

    @property
    def formula(self) -> str:
        if self.law == "power" and self.k > 1:
            return "y = a·" + "·".join(f"x{j + 1}^b{j + 1}" for j in range(self.k))
        return LAWS[self.law].formula

    @property
    def log_x(self) -> bool:
        """True when the law needs ln x (and so x > 0)."""
        return self.law in ("power", "power_offset", "broken_power")

    @property
    def log_y(self) -> bool:
        """True when the method takes ln y (and so y > 0)."""
        return self.method == "ols_log" or (self.method in ("sma", "ma") and self.law == "power")

    @property
    def log_linear(self) -> bool:
        """True when ln f is linear in theta (a design matrix [1, features] suffices)."""
        return self.law in ("power", "exponential")

    @property
    def linear_fit(self) -> bool:
        """True when the method's fit is a linear least-squares problem (closed form)."""
        if self.method == "ols_log":
            return self.log_linear
        return self.method == "nls" and self.law == "linear"

    @property
    def x_shift(self) -> FloatArray:
        """L = ln s_x per column (zeros when unscaled)."""
        return np.asarray(self.x_log_scale or (0.0,) * self.k, dtype=np.float64)

    @property
    def y_shift(self) -> float:
        """M = ln s_y."""
        return float(self.y_log_scale)

    # --- data --------------------------------------------------------------------
    def features(self, x: FloatArray) -> FloatArray:
        """(n, k) standardised features.

        ln x - L for power-type laws, x / s_x otherwise (columns contiguous).
        """
        columns = np.asfortranarray(x.reshape(x.shape[0], -1), dtype=np.float64)
        if self.log_x:
            return np.asfortranarray(np.log(columns) - self.x_shift)
        return np.asfortranarray(unscaled(columns, self.x_shift))

    def target(self, y: FloatArray) -> FloatArray:
        """The standardised response: ln y - M for log methods, y / s_y otherwise."""
        return np.log(y) - self.y_shift if self.log_y else unscaled(y, self.y_shift)

    def design(self, features: FloatArray) -> FloatArray:
        """[1, features]: the design matrix of a log-linear (or linear) law.

        Every (n, p) matrix here keeps its columns contiguous (a transposed (p, n)
        array): einsum then forms J'J quickly without a threaded BLAS call.
        """
        return np.asarray(np.concatenate([np.ones((1, features.shape[0])), features.T]).T)

    # --- the mean and its Jacobian -------------------------------------------------
    def log_mean(self, features: FloatArray, theta: FloatArray) -> tuple[FloatArray, FloatArray]:
        """(ln f, d ln f / d theta); raw-scale laws are clipped at a tiny positive f."""
        if self.log_linear:
            return linear_predictor(features, theta), self.design(features)
        if self.law == "broken_power":
            logx = features[:, 0]
            eta = broken_power_log(logx, theta[0], theta[1], theta[2], theta[3], self.smoothness)
            jac = broken_power_log_jacobian(logx, theta[1], theta[2], theta[3], self.smoothness)
            return eta, jac
        f, jac = self.raw_mean(features, theta)
        positive = np.maximum(f, _TINY)
        return np.log(positive), jac / positive[:, None]

    def raw_mean(self, features: FloatArray, theta: FloatArray) -> tuple[FloatArray, FloatArray]:
        """(f, d f / d theta)."""
        column = features[:, 0]
        if self.law == "linear":
            return linear_predictor(features, theta), self.design(features)
        if self.law == "power_offset":
            xb = np.exp(theta[1] * column)
            jac = np.stack([xb, theta[0] * xb * column, np.ones_like(column)]).T
            return theta[2] + theta[0] * xb, jac
        eta, jac = self.log_mean(features, theta)
        f = np.exp(eta)
        return f, jac * f[:, None]

    def fit_value(self, features: FloatArray, theta: FloatArray) -> FloatArray:
        """The mean on the fitted scale without its Jacobian (cheaper; for trial steps)."""
        log_scale = self.log_y or self.method == "poisson"
        if self.log_linear:
            eta = linear_predictor(features, theta)
            return eta if log_scale else np.exp(eta, out=eta)
        if self.law == "broken_power":
            eta = broken_power_log(
                features[:, 0], theta[0], theta[1], theta[2], theta[3], self.smoothness
            )
            return eta if log_scale else np.exp(eta)
        if self.law == "linear":
            f = linear_predictor(features, theta)
        else:
            f = theta[2] + theta[0] * np.exp(theta[1] * features[:, 0])
        return np.log(np.maximum(f, _TINY)) if log_scale else f

    def fit_mean(self, features: FloatArray, theta: FloatArray) -> tuple[FloatArray, FloatArray]:
        """The mean on the scale the method fits (ln f for log methods, f otherwise)."""
        if self.log_y or self.method == "poisson":
            return self.log_mean(features, theta)
        return self.raw_mean(features, theta)

    def params(self, theta: FloatArray) -> dict[str, float]:
        """Reported parameters, in the user's units, from the standardised theta."""
        values = user_values(self, theta)
        return {name: float(value) for name, value in zip(self.names, values, strict=True)}
