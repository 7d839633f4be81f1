"""Residuals and Jacobian of a nonlinear relation, cached per theta for scipy's solver."""

from __future__ import annotations

import numpy as np

from scalinglaws._types import FloatArray
from scalinglaws.relations._laws import Spec

__all__ = ["PENALTY", "Residuals", "theta_bounds"]

#: Residual stand-in where the mean overflows, so the optimiser backs off the step.
PENALTY = 1e100


def theta_bounds(spec: Spec, features: FloatArray) -> tuple[FloatArray, FloatArray] | None:
    """Box bounds on theta: the break of ``broken_power`` stays inside the data."""
    if spec.law != "broken_power":
        return None
    p = len(spec.names)
    low, high = np.full(p, -np.inf), np.full(p, np.inf)
    low[3], high[3] = float(features[:, 0].min()), float(features[:, 0].max())
    return low, high


class Residuals:
    """Residuals (mean - target) and the Jacobian, each evaluated once per theta.

    For log-linear laws on the raw scale (``nls`` power, exponential) the Jacobian
    [f, f·features] is built from the cached mean.
    """

    def __init__(self, spec: Spec, features: FloatArray, target: FloatArray) -> None:
        self.spec, self.features, self.target = spec, features, target
        self.bounds = theta_bounds(spec, features)
        self.raw_loglinear = spec.log_linear and not spec.log_y
        self.theta: FloatArray | None = None
        self.mean = np.empty(0)
        self.resid = np.empty(0)
        self.jac_theta: FloatArray | None = None
        self.jac = np.empty((0, 0))

    def residuals(self, theta: FloatArray) -> FloatArray:
        if self.theta is None or not np.array_equal(theta, self.theta):
            mean = self.spec.fit_value(self.features, theta)
            resid = mean - self.target
            if not np.isfinite(np.einsum("i,i->", resid, resid)):
                resid = np.where(np.isfinite(resid), resid, PENALTY)
            self.theta, self.mean, self.resid = theta.copy(), mean, resid
        return self.resid

    def jacobian(self, theta: FloatArray) -> FloatArray:
        if self.jac_theta is None or not np.array_equal(theta, self.jac_theta):
            if self.raw_loglinear:  # f = exp(theta_0 + F theta_1): J = [f, f F]
                mean = (
                    self.mean
                    if self.theta is not None and np.array_equal(theta, self.theta)
                    else self.spec.fit_value(self.features, theta)
                )
                columns = np.empty((self.features.shape[1] + 1, mean.size))
                columns[0] = mean
                np.multiply(self.features.T, mean, out=columns[1:])
                jac = columns.T
            else:
                jac = self.spec.fit_mean(self.features, theta)[1]
            if not np.isfinite(jac).all():
                jac = np.where(np.isfinite(jac), jac, 0.0)
            self.jac_theta, self.jac = theta.copy(), jac
        return self.jac

    def cost(self, theta: FloatArray) -> float:
        resid = self.residuals(theta)
        return float(np.einsum("i,i->", resid, resid))
