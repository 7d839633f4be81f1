"""The lognormal above x_min, parameterised so that its power-law limit is a point.

In t = ln x - ln x_min the lognormal is a Gaussian in log space,

    p_t(t) = exp(-kappa t^2 + beta t) / I(0),   I(a) = int_a^inf exp(-kappa s^2 + beta s) ds,

with kappa = 1 / (2 sigma^2) and beta = 2 kappa (mu - ln x_min). As sigma -> inf with
the slope fixed, the usual (mu, sigma) fit runs off to infinity along a ridge, but
here it simply reaches kappa = 0, where p_t = e^{beta t} (-beta): the power law with
alpha = 1 - beta. Fitting on kappa >= 0 therefore finds the true optimum even when it
is that limit, and the likelihood-ratio test then correctly reports no difference.

I(a) in closed form (completing the square; erfcx(z) = e^{z^2} erfc(z)):

    ln I(a) = 0.5 ln(pi / (4 kappa)) + ln erfcx(w) + a beta - kappa a^2,
    w = sqrt(kappa) a - beta / (2 sqrt(kappa)),

and ln I(a) = a beta - ln(-beta) at kappa = 0. Continuous density of x:
p(x) = p_t(t) / x. Discrete: the mass of [k - 1/2, k + 1/2), normalised from x_min - 1/2
(the discretisation of poweRlaw's ``dislnorm``).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from scipy import optimize, special

from scalinglaws.tails.tail_sample import Tail, interval_mass, power_law_alpha

FloatArray = npt.NDArray[np.float64]


def log_gauss_tail(a: FloatArray, beta: float, kappa: float) -> FloatArray:
    """ln of the integral from `a` to infinity of exp(-kappa s^2 + beta s) ds."""
    a = np.asarray(a, dtype=np.float64)
    if kappa == 0.0:
        if beta >= 0:
            return np.full(a.shape, np.inf)
        return np.asarray(a * beta - np.log(-beta), dtype=np.float64)
    root = np.sqrt(kappa)
    w = root * a - beta / (2.0 * root)
    with np.errstate(divide="ignore"):
        log_erfcx = np.where(
            w >= 0,
            np.log(special.erfcx(np.maximum(w, 0))),
            np.log(special.erfc(np.minimum(w, 0))) + w**2,
        )
    return np.asarray(0.5 * np.log(np.pi / (4.0 * kappa)) + log_erfcx + a * beta - kappa * a**2)


def logpdf(theta: FloatArray, tail: Tail) -> FloatArray:
    """Log-likelihood at each distinct tail value; theta = (beta, kappa)."""
    beta, kappa = float(theta[0]), float(theta[1])
    origin = np.log(tail.xmin)
    if tail.discrete:
        upper = log_gauss_tail(np.log(tail.values - 0.5) - origin, beta, kappa)
        lower = log_gauss_tail(np.log(tail.values + 0.5) - origin, beta, kappa)
        start = log_gauss_tail(np.array([np.log(tail.xmin - 0.5) - origin]), beta, kappa)[0]
        return np.asarray(interval_mass(upper, lower) - start, dtype=np.float64)
    t = np.log(tail.values) - origin
    norm = log_gauss_tail(np.zeros(1), beta, kappa)[0]
    return np.asarray(-kappa * t**2 + beta * t - np.log(tail.values) - norm)


def total(theta: FloatArray, tail: Tail) -> float:
    """Summed log-likelihood; O(1) for continuous data through sufficient statistics."""
    if tail.discrete:
        return tail.total(logpdf(theta, tail))
    beta, kappa = float(theta[0]), float(theta[1])
    origin = np.log(tail.xmin)
    n = tail.n
    sum_t = tail.sum_log - n * origin
    sum_t2 = tail.sum_log_sq - 2.0 * origin * tail.sum_log + n * origin**2
    norm = float(log_gauss_tail(np.zeros(1), beta, kappa)[0])
    return float(-kappa * sum_t2 + beta * sum_t - tail.sum_log - n * norm)


def starts(tail: Tail) -> list[FloatArray]:
    """(beta, kappa) at the power-law limit and at the moments of ln x."""
    log_x = np.log(tail.values)
    mean = float(np.average(log_x, weights=tail.counts))
    var = float(np.average((log_x - mean) ** 2, weights=tail.counts)) + 1e-6
    kappa0 = 1.0 / (2.0 * var)
    return [
        np.array([1.0 - power_law_alpha(tail), 0.0]),
        np.array([2.0 * kappa0 * (mean - np.log(tail.xmin)), kappa0]),
    ]


def solve(tail: Tail) -> FloatArray:
    """Maximum likelihood on kappa >= 0 (bounded L-BFGS-B from each of :func:`starts`)."""

    def negative(theta: FloatArray) -> float:
        with np.errstate(all="ignore"):
            value = -total(theta, tail)
        return value if np.isfinite(value) else 1e300

    best: optimize.OptimizeResult | None = None
    for start in starts(tail):
        found = optimize.minimize(
            negative,
            start,
            method="L-BFGS-B",
            bounds=[(None, None), (0.0, None)],
            options={"ftol": 1e-15, "gtol": 1e-10, "maxiter": 2000},
        )
        if best is None or found.fun < best.fun:
            best = found
    assert best is not None
    return np.asarray(best.x, dtype=np.float64)


def to_params(theta: FloatArray, tail: Tail) -> dict[str, float]:
    """(mu, sigma) of ln x; at the power-law limit (kappa = 0) mu = -inf and sigma = inf."""
    beta, kappa = float(theta[0]), float(theta[1])
    if kappa == 0.0:
        return {"mu": -np.inf, "sigma": np.inf, "power_law_alpha": 1.0 - beta}
    return {
        "mu": float(np.log(tail.xmin) + beta / (2.0 * kappa)),
        "sigma": float(1.0 / np.sqrt(2.0 * kappa)),
    }
