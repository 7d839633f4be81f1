"""Alternative heavy-tailed distributions fitted to the same tail (x >= x_min).

Each family is normalised on [x_min, inf) exactly as in Clauset, Shalizi & Newman
(2009, Table 2.1), in a continuous and a discrete version. Discrete versions of
the lognormal and stretched exponential put on each integer k the probability
mass of [k, k+1) under the continuous law; the exponential becomes geometric.
Scales are expressed through y = x / x_min so the optimiser works on O(1) numbers.

Continuous densities on x >= x_min (C is the normalising constant):

* exponential            p(x) = lam e^{-lam (x - x_min)}
* lognormal              p(x) = phi((ln x - mu)/sigma) / (x sigma Phi_c((ln x_min - mu)/sigma)),
                         fitted in the parameterisation of :mod:`.lognormal_tail`
* stretched exponential  p(x) = beta lam x^{beta-1} e^{-lam (x^beta - x_min^beta)}
* truncated power law    p(x) = x^{-alpha} e^{-lam x} / C,  C = x_min^{1-alpha} E_alpha(lam x_min)

Discrete only: the Poisson law truncated to k >= x_min. E_alpha is the
generalised exponential integral and the discrete truncated power law's
normaliser is e^{-lam x_min} Phi(e^{-lam}, alpha, x_min) (Lerch transcendent);
both come from mpmath.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import mpmath
import numpy as np
import numpy.typing as npt
from scipy import optimize, special, stats

from scalinglaws.tails import lognormal_tail
from scalinglaws.tails.tail_sample import Tail, interval_mass, power_law_alpha

FloatArray = npt.NDArray[np.float64]


#: Terms of the discrete truncated power law's normaliser summed directly.
_TPL_DIRECT_TERMS = 2000

LogPdf = Callable[[FloatArray, Tail], FloatArray]
Total = Callable[[FloatArray, Tail], float]


@dataclass(frozen=True)
class Family:
    """A distribution family: its parameters and per-value log-likelihood.

    ``total`` computes the summed log-likelihood from the tail's sufficient
    statistics when the family has them (default: sum of ``logpdf``); ``solve``
    returns the maximum-likelihood theta directly when that is cheaper than a
    general optimiser (closed form, or a one-dimensional profile), else None.
    """

    name: str
    param_names: tuple[str, ...]
    logpdf: LogPdf  # (theta, tail) -> log p at each distinct value
    starts: Callable[[Tail], list[FloatArray]]  # candidate starting points for theta
    to_params: Callable[[FloatArray, Tail], dict[str, float]]
    discrete_only: bool = False
    total: Total | None = None
    solve: Callable[[Tail], FloatArray | None] | None = None


# --- exponential: theta = [ln lam'] with lam' = lam * x_min --------------------------
def _exponential_logpdf(theta: FloatArray, tail: Tail) -> FloatArray:
    rate = np.exp(theta[0]) / tail.xmin
    if tail.discrete:  # geometric on k >= x_min
        return np.asarray(np.log(-np.expm1(-rate)) - rate * (tail.values - tail.xmin))
    return np.asarray(np.log(rate) - rate * (tail.values - tail.xmin))


def _exponential_solve(tail: Tail) -> FloatArray:
    """Closed form: lam = 1 / mean(x - x_min); discrete (geometric): ln(1 + 1 / mean)."""
    return _exponential_starts(tail)[0]


def _exponential_starts(tail: Tail) -> list[FloatArray]:
    excess = max(float(np.average(tail.values - tail.xmin, weights=tail.counts)), 1e-12)
    rate = np.log1p(1.0 / excess) if tail.discrete else 1.0 / excess
    return [np.array([np.log(rate * tail.xmin)])]


# --- stretched exponential: theta = [ln lam', ln beta] with lam' = lam x_min^beta ----
def _stretched_logpdf(theta: FloatArray, tail: Tail) -> FloatArray:
    scale, beta = np.exp(theta[0]), np.exp(theta[1])
    if tail.discrete:
        upper = -scale * (((tail.values - 0.5) / tail.xmin) ** beta - 1.0)
        lower = -scale * (((tail.values + 0.5) / tail.xmin) ** beta - 1.0)
        start = -scale * (((tail.xmin - 0.5) / tail.xmin) ** beta - 1.0)
        return np.asarray(interval_mass(upper, lower) - start, dtype=np.float64)
    log_y = np.log(tail.y)
    return np.asarray(
        np.log(beta * scale / tail.xmin) + (beta - 1.0) * log_y - scale * np.expm1(beta * log_y)
    )


def _stretched_solve(tail: Tail) -> FloatArray | None:
    """Continuous data: profile out lam' = n / sum(y^beta - 1), then search ln beta.

    With u_i = ln(x_i / x_min) the log-likelihood is
    n ln beta + n ln lam' - n ln x_min + (beta - 1) sum u_i - lam' sum(e^{beta u_i} - 1),
    maximised in lam' for fixed beta by the expression above. The profile can have a
    local maximum besides the supremum at beta -> 0 (the power-law limit), so a grid
    in ln beta picks the basin before a bounded Brent search refines it.
    """
    if tail.discrete:
        return None
    u = np.log(tail.y)
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
    beta = float(np.exp(log_beta))
    scale = n / float(np.dot(tail.counts, np.expm1(beta * u)))
    return np.array([np.log(scale), log_beta])


def _stretched_starts(tail: Tail) -> list[FloatArray]:
    """beta = 1 (the exponential at its MLE), then towards the power-law limit
    beta -> 0 with lam' beta = alpha - 1."""
    slope = power_law_alpha(tail) - 1.0
    toward_power_law = [np.array([np.log(slope / beta), np.log(beta)]) for beta in (0.1, 0.01)]
    return [np.array([_exponential_starts(tail)[0][0], 0.0]), *toward_power_law]


# --- truncated power law: theta = [alpha, ln mu] with mu = lam * x_min ---------------
def _tpl_log_normaliser(alpha: float, mu: float, tail: Tail) -> float:
    rate = mu / tail.xmin
    if not tail.discrete:
        # integral over x >= x_min of x^-alpha e^{-rate x} dx = x_min^(1-alpha) E_alpha(mu)
        log_integral = float(mpmath.log(mpmath.expint(alpha, mu)))
        return log_integral + (1.0 - alpha) * float(np.log(tail.xmin))
    # sum_{k >= x_min} k^-alpha e^{-rate k}: the first terms directly, the rest by
    # Euler-Maclaurin, sum_{k >= K} f(k) = int_K^inf f + f(K)/2 - f'(K)/12 + ...,
    # with int_K^inf x^-alpha e^{-rate x} dx = K^(1-alpha) E_alpha(rate K).
    # Everything is scaled by e^{rate x_min} so that large rates do not underflow.
    k = tail.xmin + np.arange(_TPL_DIRECT_TERMS)
    head = float(np.sum(np.exp(-alpha * np.log(k) - rate * (k - tail.xmin))))
    edge = tail.xmin + _TPL_DIRECT_TERMS
    f_edge = float(np.exp(-alpha * np.log(edge) - rate * (edge - tail.xmin)))
    scaled = mpmath.expint(alpha, rate * edge) * mpmath.exp(rate * tail.xmin)
    integral = float(scaled * mpmath.mpf(edge) ** (1.0 - alpha))
    remainder = integral + f_edge / 2.0 + f_edge * (alpha / edge + rate) / 12.0
    return float(np.log(head + remainder)) - rate * tail.xmin


def _tpl_logpdf(theta: FloatArray, tail: Tail) -> FloatArray:
    alpha, mu = float(theta[0]), float(np.exp(theta[1]))
    log_norm = _tpl_log_normaliser(alpha, mu, tail)
    return np.asarray(-alpha * np.log(tail.values) - (mu / tail.xmin) * tail.values - log_norm)


def _tpl_total(theta: FloatArray, tail: Tail) -> float:
    alpha, mu = float(theta[0]), float(np.exp(theta[1]))
    log_norm = _tpl_log_normaliser(alpha, mu, tail)
    return -alpha * tail.sum_log - (mu / tail.xmin) * tail.sum_x - tail.n * log_norm


def _tpl_starts(tail: Tail) -> list[FloatArray]:
    alpha = power_law_alpha(tail)
    mean_y = float(np.average(tail.y, weights=tail.counts))
    return [np.array([alpha, np.log(c / mean_y)]) for c in (1e-4, 1e-2, 0.3)]


# --- Poisson (discrete only): theta = [ln mu] --------------------------------------
def _poisson_logpdf(theta: FloatArray, tail: Tail) -> FloatArray:
    mu = float(np.exp(theta[0]))
    log_norm = float(stats.poisson.logsf(tail.xmin - 1.0, mu))
    return np.asarray(tail.values * theta[0] - mu - special.gammaln(tail.values + 1.0) - log_norm)


def _poisson_total(theta: FloatArray, tail: Tail) -> float:
    mu = float(np.exp(theta[0]))
    log_norm = float(stats.poisson.logsf(tail.xmin - 1.0, mu))
    return float(theta[0]) * tail.sum_x - tail.n * (mu + log_norm) - tail.sum_log_factorial


def _poisson_starts(tail: Tail) -> list[FloatArray]:
    mean = float(np.average(tail.values, weights=tail.counts))
    return [np.array([np.log(mean)]), np.array([np.log(max(tail.xmin, 1.0))])]


FAMILIES: dict[str, Family] = {
    "lognormal": Family(
        "lognormal",
        ("mu", "sigma"),
        lognormal_tail.logpdf,
        lognormal_tail.starts,
        lognormal_tail.to_params,
        total=lognormal_tail.total,
        solve=lognormal_tail.solve,
    ),
    "exponential": Family(
        "exponential",
        ("lambda",),
        _exponential_logpdf,
        _exponential_starts,
        lambda t, tail: {"lambda": float(np.exp(t[0]) / tail.xmin)},
        solve=_exponential_solve,
    ),
    "stretched_exponential": Family(
        "stretched_exponential",
        ("lambda", "beta"),
        _stretched_logpdf,
        _stretched_starts,
        lambda t, tail: {
            "lambda": float(np.exp(t[0]) / tail.xmin ** np.exp(t[1])),
            "beta": float(np.exp(t[1])),
        },
        solve=_stretched_solve,
    ),
    "truncated_power_law": Family(
        "truncated_power_law",
        ("alpha", "lambda"),
        _tpl_logpdf,
        _tpl_starts,
        lambda t, tail: {"alpha": float(t[0]), "lambda": float(np.exp(t[1]) / tail.xmin)},
        total=_tpl_total,
    ),
    "poisson": Family(
        "poisson",
        ("mu",),
        _poisson_logpdf,
        _poisson_starts,
        lambda t, tail: {"mu": float(np.exp(t[0]))},
        discrete_only=True,
        total=_poisson_total,
    ),
}


@dataclass(frozen=True)
class FittedFamily:
    """An alternative family at its maximum-likelihood parameters."""

    name: str
    params: dict[str, float]
    logpdf: FloatArray  # log-likelihood at each distinct tail value
    converged: bool


def fit_family(name: str, tail: Tail) -> FittedFamily:
    """Maximum-likelihood fit of one family to the tail (best of its starts)."""
    family = FAMILIES[name]
    direct = family.solve(tail) if family.solve is not None else None
    if direct is not None:
        return FittedFamily(name, family.to_params(direct, tail), family.logpdf(direct, tail), True)

    def negative_loglik(theta: FloatArray) -> float:
        with np.errstate(all="ignore"):
            try:
                if family.total is not None:
                    value = -family.total(theta, tail)
                else:
                    value = -tail.total(family.logpdf(theta, tail))
            except (ValueError, ZeroDivisionError, OverflowError):
                return np.inf
        return value if np.isfinite(value) else np.inf

    best: optimize.OptimizeResult | None = None
    for start in family.starts(tail):
        if not np.isfinite(negative_loglik(start)):
            continue
        found = optimize.minimize(
            negative_loglik,
            start,
            method="Nelder-Mead",
            options={"xatol": 1e-7, "fatol": 1e-9, "maxiter": 1500},
        )
        if best is None or found.fun < best.fun:
            best = found
    if best is None:
        return FittedFamily(name, {}, np.full(tail.values.size, -np.inf), False)
    theta = np.asarray(best.x, dtype=np.float64)
    return FittedFamily(
        name, family.to_params(theta, tail), family.logpdf(theta, tail), bool(best.success)
    )
