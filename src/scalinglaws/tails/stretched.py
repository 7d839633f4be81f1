"""The stretched exponential (Weibull) above x_min, continuous and discrete.

Clauset, Shalizi & Newman (2009, Table 2.1): f(x) = x^{beta-1} e^{-lam x^beta}. In
y = x / x_min, u = ln y and theta = (a, beta) with a = lam x_min^beta beta,

    continuous:  p(x) = a / x_min * y^{beta-1} e^{-a h_beta(u)},  P(X >= x) = e^{-a h_beta(u)},
                 with h_beta(u) = (e^{beta u} - 1) / beta;
    discrete:    p(k) = f(k) / sum_{j >= x_min} f(j)   (the paper's normalisation).

h_beta(u) -> u as beta -> 0, so at beta = 0 the family is the power law with
alpha = 1 + a: a point on the boundary beta >= 0 that the optimiser can reach
(the usual (lam, beta) fit runs off to lam -> inf along a ridge instead). In the
discrete case it is exactly the zeta law k^{-alpha} / zeta(alpha, x_min) the test
compares with, so the likelihood-ratio test compares like with like (see
:mod:`.lognormal_tail`).
"""

from __future__ import annotations

import numpy as np
from scipy import optimize

from scalinglaws._types import FloatArray
from scalinglaws.tails import series
from scalinglaws.tails.tail_sample import Tail, power_law_alpha


def _h(beta: float, u: FloatArray) -> FloatArray:
    """(e^{beta u} - 1) / beta, and u at beta = 0."""
    return np.asarray(u if beta == 0.0 else np.expm1(beta * u) / beta, dtype=np.float64)


def _log_term(x: FloatArray, a: float, beta: float, xmin: float) -> FloatArray:
    """ln(y^{beta-1} e^{-a h_beta(ln y)}) with y = x / x_min."""
    u = np.log(x) - np.log(xmin)
    return np.asarray((beta - 1.0) * u - a * _h(beta, u), dtype=np.float64)


def log_discrete_sum(start: FloatArray, a: float, beta: float, xmin: float) -> FloatArray:
    """ln sum_{k >= start} y_k^{beta-1} e^{-a h_beta(ln y_k)}."""
    origin = np.log(xmin)
    return series.log_tail_sum(
        np.atleast_1d(np.asarray(start, dtype=np.float64)),
        lambda x: _log_term(x, a, beta, xmin),
        lambda x: ((beta - 1.0) - a * np.exp(beta * (np.log(x) - origin))) / x,
        lambda x: np.log(xmin / a) - a * _h(beta, np.log(x) - origin),
    )


def logpdf(theta: FloatArray, tail: Tail) -> FloatArray:
    """Log-likelihood at each distinct tail value."""
    a, beta = float(theta[0]), float(theta[1])
    log_f = _log_term(tail.values, a, beta, tail.xmin)
    if tail.discrete:
        norm = float(log_discrete_sum(np.array([tail.xmin]), a, beta, tail.xmin)[0])
        return np.asarray(log_f - norm, dtype=np.float64)
    return np.asarray(log_f + np.log(a / tail.xmin), dtype=np.float64)


def log_ccdf(theta: FloatArray, x: FloatArray, xmin: float, discrete: bool) -> FloatArray:
    """ln P(X >= x) for x >= x_min."""
    a, beta = float(theta[0]), float(theta[1])
    x = np.asarray(x, dtype=np.float64)
    if discrete:
        whole = log_discrete_sum(np.array([xmin]), a, beta, xmin)[0]
        return np.asarray(log_discrete_sum(x, a, beta, xmin) - whole, dtype=np.float64)
    return np.asarray(-a * _h(beta, np.log(x) - np.log(xmin)), dtype=np.float64)


#: theta = (a, beta): a > 0, beta >= 0 (beta = 0 is the power law).
BOUNDS = ((1e-12, None), (0.0, None))


def solve(tail: Tail) -> FloatArray | None:
    """Continuous data: profile out lam' = n / sum(y^beta - 1), then search ln beta.

    With u_i = ln(x_i / x_min) the log-likelihood is
    n ln beta + n ln lam' - n ln x_min + (beta - 1) sum u_i - lam' sum(e^{beta u_i} - 1),
    maximised in lam' for fixed beta by the expression above. The profile can have a
    local maximum besides the supremum at beta -> 0 (the power-law limit), so a grid
    in ln beta picks the basin before a bounded Brent search refines it. Discrete
    data return None (the general optimiser runs).
    """
    if tail.discrete:
        return None
    u = tail.log_y
    n = tail.n
    sum_u = float(np.dot(tail.counts, u))

    def negative_profile(log_beta: float) -> float:
        beta = np.exp(log_beta)
        spread = float(np.dot(tail.counts, np.expm1(beta * u)))
        if not np.isfinite(spread) or spread <= 0:
            return np.inf
        return float(-(n * log_beta + n * np.log(n / spread) + (beta - 1.0) * sum_u - n))

    grid = np.linspace(np.log(1e-9), np.log(50.0), 48)
    values = np.array([negative_profile(g) for g in grid])
    i = int(np.argmin(values))
    low, high = grid[max(i - 1, 0)], grid[min(i + 1, grid.size - 1)]
    found = optimize.minimize_scalar(
        negative_profile, bounds=(low, high), method="bounded", options={"xatol": 1e-10}
    )
    log_beta = float(found.x) if found.fun <= values[i] else float(grid[i])
    if i == 0 and log_beta <= grid[1]:  # the supremum is the power-law limit beta -> 0
        return np.array([n / max(sum_u, 1e-300), 0.0])
    beta = float(np.exp(log_beta))
    scale = n / float(np.dot(tail.counts, np.expm1(beta * u)))
    return np.array([scale * beta, beta])


def starts(tail: Tail, exponential_rate: float) -> list[FloatArray]:
    """Starting points for the stretched exponential's fit.

    beta = 1 (the exponential at its MLE, lam' = `exponential_rate` x_min), the
    power-law limit beta = 0 with a = alpha - 1, and a point between.
    """
    slope = power_law_alpha(tail) - 1.0
    return [np.array([exponential_rate, 1.0]), np.array([slope, 0.0]), np.array([slope, 0.1])]


def to_params(theta: FloatArray, xmin: float) -> dict[str, float]:
    """lam and beta of f(x) = x^{beta-1} e^{-lam x^beta}.

    at beta = 0 lam = inf and the law is the power law with exponent power_law_alpha.
    """
    a, beta = float(theta[0]), float(theta[1])
    if beta == 0.0:
        return {"lambda": np.inf, "beta": 0.0, "power_law_alpha": 1.0 + a}
    return {"lambda": float(a / beta * np.exp(-beta * np.log(xmin))), "beta": beta}


def from_params(params: dict[str, float], xmin: float) -> FloatArray:
    """theta from :func:`to_params`'s lam and beta (the limit included)."""
    beta = float(params["beta"])
    if beta == 0.0:
        return np.array([float(params["power_law_alpha"]) - 1.0, 0.0])
    return np.array([float(params["lambda"]) * beta * np.exp(beta * np.log(xmin)), beta])
