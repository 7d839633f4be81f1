"""Alternative heavy-tailed distributions fitted to the same tail (x >= x_min).

Each family is normalised on [x_min, inf) exactly as in Clauset, Shalizi & Newman
(2009, Table 2.1), in a continuous and a discrete version. Discrete versions of
the lognormal and stretched exponential put on each integer k the probability
mass of [k, k+1) under the continuous law; the exponential becomes geometric.
Scales are expressed through y = x / x_min so the optimiser works on O(1) numbers.

Continuous densities on x >= x_min (C is the normalising constant):

* exponential            p(x) = lam e^{-lam (x - x_min)}
* lognormal              p(x) = phi((ln x - mu)/sigma) / (x sigma Phi_c((ln x_min - mu)/sigma))
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

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Tail:
    """The tail sample as distinct values with counts (fits cost O(distinct values))."""

    values: FloatArray
    counts: FloatArray
    xmin: float
    discrete: bool

    @classmethod
    def from_values(cls, x: FloatArray, xmin: float, discrete: bool) -> Tail:
        values, counts = np.unique(x[x >= xmin], return_counts=True)
        return cls(values, counts.astype(np.float64), float(xmin), discrete)

    @property
    def n(self) -> float:
        return float(self.counts.sum())

    @property
    def y(self) -> FloatArray:
        return self.values / self.xmin


#: Terms of the discrete truncated power law's normaliser summed directly.
_TPL_DIRECT_TERMS = 2000

LogPdf = Callable[[FloatArray, Tail], FloatArray]


@dataclass(frozen=True)
class Family:
    """A distribution family: its parameters and per-value log-likelihood."""

    name: str
    param_names: tuple[str, ...]
    logpdf: LogPdf  # (theta, tail) -> log p at each distinct value
    starts: Callable[[Tail], list[FloatArray]]  # candidate starting points for theta
    to_params: Callable[[FloatArray, Tail], dict[str, float]]
    discrete_only: bool = False


def _interval_mass(log_surv_k: FloatArray, log_surv_k1: FloatArray) -> FloatArray:
    """ln(S(k) - S(k+1)) from the log survival function, without cancellation."""
    return np.asarray(log_surv_k + np.log(-np.expm1(log_surv_k1 - log_surv_k)), dtype=np.float64)


# --- exponential: theta = [ln lam'] with lam' = lam * x_min --------------------------
def _exponential_logpdf(theta: FloatArray, tail: Tail) -> FloatArray:
    rate = np.exp(theta[0]) / tail.xmin
    if tail.discrete:  # geometric on k >= x_min
        return np.asarray(np.log(-np.expm1(-rate)) - rate * (tail.values - tail.xmin))
    return np.asarray(np.log(rate) - rate * (tail.values - tail.xmin))


def _exponential_starts(tail: Tail) -> list[FloatArray]:
    excess = max(float(np.average(tail.values - tail.xmin, weights=tail.counts)), 1e-12)
    rate = np.log1p(1.0 / excess) if tail.discrete else 1.0 / excess
    return [np.array([np.log(rate * tail.xmin)])]


# --- lognormal: theta = [mu, ln sigma] ---------------------------------------------
def _lognormal_log_surv(log_x: FloatArray, mu: float, sigma: float) -> FloatArray:
    return np.asarray(special.log_ndtr(-(log_x - mu) / sigma))


def _lognormal_logpdf(theta: FloatArray, tail: Tail) -> FloatArray:
    mu, sigma = float(theta[0]), float(np.exp(theta[1]))
    norm = _lognormal_log_surv(np.log(np.array([tail.xmin])), mu, sigma)[0]
    if tail.discrete:
        upper = _lognormal_log_surv(np.log(tail.values - 0.5), mu, sigma)
        lower = _lognormal_log_surv(np.log(tail.values + 0.5), mu, sigma)
        norm = _lognormal_log_surv(np.log(np.array([tail.xmin - 0.5])), mu, sigma)[0]
        return np.asarray(_interval_mass(upper, lower) - norm, dtype=np.float64)
    log_x = np.log(tail.values)
    z = (log_x - mu) / sigma
    return np.asarray(-0.5 * z**2 - 0.5 * np.log(2 * np.pi) - np.log(sigma) - log_x - norm)


def _lognormal_starts(tail: Tail) -> list[FloatArray]:
    log_x = np.log(tail.values)
    mean = float(np.average(log_x, weights=tail.counts))
    sd = float(np.sqrt(np.average((log_x - mean) ** 2, weights=tail.counts))) + 1e-3
    return [np.array([mean, np.log(sd)])]


# --- stretched exponential: theta = [ln lam', ln beta] with lam' = lam x_min^beta ----
def _stretched_logpdf(theta: FloatArray, tail: Tail) -> FloatArray:
    scale, beta = np.exp(theta[0]), np.exp(theta[1])
    if tail.discrete:
        upper = -scale * (((tail.values - 0.5) / tail.xmin) ** beta - 1.0)
        lower = -scale * (((tail.values + 0.5) / tail.xmin) ** beta - 1.0)
        start = -scale * (((tail.xmin - 0.5) / tail.xmin) ** beta - 1.0)
        return np.asarray(_interval_mass(upper, lower) - start, dtype=np.float64)
    log_y = np.log(tail.y)
    return np.asarray(
        np.log(beta * scale / tail.xmin) + (beta - 1.0) * log_y - scale * np.expm1(beta * log_y)
    )


def _stretched_starts(tail: Tail) -> list[FloatArray]:
    return [
        np.array([np.log(scale), np.log(beta)]) for beta in (0.2, 0.5, 1.0) for scale in (0.1, 1.0)
    ]


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


def _tpl_starts(tail: Tail) -> list[FloatArray]:
    shift = 0.5 if tail.discrete else 0.0
    spread = float(np.sum(tail.counts * np.log(tail.values / (tail.xmin - shift))))
    alpha = 1.0 + tail.n / max(spread, 1e-12)
    mean_y = float(np.average(tail.y, weights=tail.counts))
    return [np.array([alpha, np.log(c / mean_y)]) for c in (1e-4, 1e-2, 0.3)]


# --- Poisson (discrete only): theta = [ln mu] --------------------------------------
def _poisson_logpdf(theta: FloatArray, tail: Tail) -> FloatArray:
    mu = float(np.exp(theta[0]))
    log_norm = float(stats.poisson.logsf(tail.xmin - 1.0, mu))
    return np.asarray(tail.values * theta[0] - mu - special.gammaln(tail.values + 1.0) - log_norm)


def _poisson_starts(tail: Tail) -> list[FloatArray]:
    mean = float(np.average(tail.values, weights=tail.counts))
    return [np.array([np.log(mean)]), np.array([np.log(max(tail.xmin, 1.0))])]


FAMILIES: dict[str, Family] = {
    "lognormal": Family(
        "lognormal",
        ("mu", "sigma"),
        _lognormal_logpdf,
        _lognormal_starts,
        lambda t, tail: {"mu": float(t[0]), "sigma": float(np.exp(t[1]))},
    ),
    "exponential": Family(
        "exponential",
        ("lambda",),
        _exponential_logpdf,
        _exponential_starts,
        lambda t, tail: {"lambda": float(np.exp(t[0]) / tail.xmin)},
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
    ),
    "truncated_power_law": Family(
        "truncated_power_law",
        ("alpha", "lambda"),
        _tpl_logpdf,
        _tpl_starts,
        lambda t, tail: {"alpha": float(t[0]), "lambda": float(np.exp(t[1]) / tail.xmin)},
    ),
    "poisson": Family(
        "poisson",
        ("mu",),
        _poisson_logpdf,
        _poisson_starts,
        lambda t, tail: {"mu": float(np.exp(t[0]))},
        discrete_only=True,
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
    """Maximum-likelihood fit of one family to the tail (best of several starts)."""
    family = FAMILIES[name]

    def negative_loglik(theta: FloatArray) -> float:
        with np.errstate(all="ignore"):
            try:
                value = -float(np.dot(tail.counts, family.logpdf(theta, tail)))
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
