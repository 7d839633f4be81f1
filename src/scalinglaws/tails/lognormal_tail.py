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
p(x) = p_t(t) / x.

Discrete data (Clauset, Shalizi & Newman 2009, Table 2.1): the pmf is proportional
to the same functional form at the integers, p(k) = e^{-kappa t_k^2 + beta t_k} / (k Z)
with t_k = ln(k / x_min) and Z = sum_{k >= x_min} e^{-kappa t_k^2 + beta t_k} / k. At
kappa = 0 this is k^{-alpha} / zeta(alpha, x_min), alpha = 1 - beta: exactly the discrete
power law it is compared with, so the discrete family nests the power law just as the
continuous one does, and a likelihood-ratio test compares like with like. (Putting the
continuous mass of [k - 1/2, k + 1/2) on k, as poweRlaw's ``dislnorm`` does, makes the
kappa = 0 member a different law from the zeta power law, and the test then reports the
discretisation difference as evidence for the lognormal.) Z is summed directly over the
first terms and by Euler-Maclaurin beyond (:mod:`scalinglaws.tails.series`).
"""

from __future__ import annotations

import numpy as np
from scipy import optimize, special

from scalinglaws._types import FloatArray
from scalinglaws.tails import series
from scalinglaws.tails.tail_sample import Tail, power_law_alpha


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


def _log_term(x: FloatArray, beta: float, kappa: float, xmin: float) -> FloatArray:
    """ln f(x) = -kappa t^2 + beta t - ln x with t = ln(x / x_min)."""
    t = np.log(x) - np.log(xmin)
    return np.asarray(-kappa * t**2 + beta * t - np.log(x), dtype=np.float64)


def log_discrete_sum(start: FloatArray, beta: float, kappa: float, xmin: float) -> FloatArray:
    """ln sum_{k >= start} e^{-kappa t_k^2 + beta t_k} / k (infinite when it diverges)."""
    start = np.atleast_1d(np.asarray(start, dtype=np.float64))
    if kappa == 0.0:  # the power law: k^(beta - 1) x_min^(-beta), a Hurwitz zeta sum
        if beta >= 0.0:
            return np.full(start.shape, np.inf)
        with np.errstate(divide="ignore"):
            log_zeta = np.log(special.zeta(1.0 - beta, start))
        return np.asarray(log_zeta - beta * np.log(xmin), dtype=np.float64)
    origin = np.log(xmin)
    return series.log_tail_sum(
        start,
        lambda x: _log_term(x, beta, kappa, xmin),
        lambda x: (-2.0 * kappa * (np.log(x) - origin) + beta - 1.0) / x,
        lambda x: log_gauss_tail(np.log(x) - origin, beta, kappa),
    )


def logpdf(theta: FloatArray, tail: Tail) -> FloatArray:
    """Log-likelihood at each distinct tail value; theta = (beta, kappa)."""
    beta, kappa = float(theta[0]), float(theta[1])
    log_f = _log_term(tail.values, beta, kappa, tail.xmin)
    if tail.discrete:
        norm = log_discrete_sum(np.array([tail.xmin]), beta, kappa, tail.xmin)[0]
    else:
        norm = log_gauss_tail(np.zeros(1), beta, kappa)[0]
    return np.asarray(log_f - norm, dtype=np.float64)


def log_ccdf(theta: FloatArray, x: FloatArray, xmin: float, discrete: bool) -> FloatArray:
    """ln P(X >= x) for x >= x_min."""
    beta, kappa = float(theta[0]), float(theta[1])
    x = np.asarray(x, dtype=np.float64)
    if discrete:
        whole = log_discrete_sum(np.array([xmin]), beta, kappa, xmin)[0]
        return np.asarray(log_discrete_sum(x, beta, kappa, xmin) - whole, dtype=np.float64)
    origin = np.log(xmin)
    whole = log_gauss_tail(np.zeros(1), beta, kappa)[0]
    return np.asarray(log_gauss_tail(np.log(x) - origin, beta, kappa) - whole, dtype=np.float64)


def total(theta: FloatArray, tail: Tail) -> float:
    """Summed log-likelihood from the tail's sufficient statistics (sum ln x, sum ln^2 x)."""
    beta, kappa = float(theta[0]), float(theta[1])
    origin = np.log(tail.xmin)
    n = tail.n
    sum_t = tail.sum_log - n * origin
    sum_t2 = tail.sum_log_sq - 2.0 * origin * tail.sum_log + n * origin**2
    if tail.discrete:
        norm = float(log_discrete_sum(np.array([tail.xmin]), beta, kappa, tail.xmin)[0])
    else:
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


def to_params(theta: FloatArray, xmin: float) -> dict[str, float]:
    """(mu, sigma) of ln x; at the power-law limit (kappa = 0) mu = -inf and sigma = inf."""
    beta, kappa = float(theta[0]), float(theta[1])
    if kappa == 0.0:
        return {"mu": -np.inf, "sigma": np.inf, "power_law_alpha": 1.0 - beta}
    return {
        "mu": float(np.log(xmin) + beta / (2.0 * kappa)),
        "sigma": float(1.0 / np.sqrt(2.0 * kappa)),
    }


def from_params(params: dict[str, float], xmin: float) -> FloatArray:
    """theta = (beta, kappa) from :func:`to_params`'s output (the limit included)."""
    sigma = float(params["sigma"])
    if not np.isfinite(sigma):
        return np.array([1.0 - float(params["power_law_alpha"]), 0.0])
    kappa = 1.0 / (2.0 * sigma**2)
    return np.array([2.0 * kappa * (float(params["mu"]) - np.log(xmin)), kappa])
