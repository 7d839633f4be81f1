"""Alternative heavy-tailed distributions fitted to the same tail (x >= x_min).

Each family is normalised on [x_min, inf) exactly as in Clauset, Shalizi & Newman
(2009, Table 2.1), in a continuous and a discrete version: the discrete pmf is the
continuous functional form f(x) at the integers divided by sum_{k >= x_min} f(k)
(the exponential becomes geometric). Families that reach the power law at a limit
(lognormal, stretched exponential, truncated power law) therefore reach exactly
the power law they are compared with, continuous or discrete. Scales are
expressed relative to x_min so the optimiser works on O(1) numbers.

Each fitted family also carries standard errors of its parameters from the
observed information: the inverse Hessian of the negative log-likelihood in the
optimiser's parameters theta, mapped to the reported parameters by the delta
method (J H^-1 J^T with J = d params / d theta), omitted where a parameter sits at
the power-law limit (infinite) or the information is singular.

Continuous densities on x >= x_min (C is the normalising constant):

* exponential            p(x) = lam e^{-lam (x - x_min)}
* lognormal              p(x) = phi((ln x - mu)/sigma) / (x sigma Phi_c((ln x_min - mu)/sigma)),
                         fitted in the parameterisation of :mod:`.lognormal_tail`
* stretched exponential  p(x) = beta lam x^{beta-1} e^{-lam (x^beta - x_min^beta)}
* truncated power law    p(x) = x^{-alpha} e^{-lam x} / C,  C = x_min^{1-alpha} E_alpha(lam x_min)

Discrete only: the Poisson law truncated to k >= x_min. E_alpha is the
generalised exponential integral and the discrete truncated power law's
normaliser is sum_k k^-alpha e^{-lam k}, summed directly and by Euler-Maclaurin
with the integral x^(1-alpha) E_alpha(lam x) (:mod:`.expint`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy import special, stats
from scipy.special import logsumexp

from scalinglaws._types import FloatArray
from scalinglaws.tails import lognormal_tail, powerlaw, series, stretched
from scalinglaws.tails.expint import log_expint
from scalinglaws.tails.tail_sample import Tail, power_law_alpha

LogPdf = Callable[[FloatArray, Tail], FloatArray]
LogCcdf = Callable[[FloatArray, FloatArray, float, bool], FloatArray]
Total = Callable[[FloatArray, Tail], float]


@dataclass(frozen=True)
class Family:
    """A distribution family: its parameters, log-likelihood and survival function.

    ``logpdf(theta, tail)`` is ln p at each distinct tail value, ``log_ccdf(theta, x,
    x_min, discrete)`` is ln P(X >= x). ``total`` computes the summed log-likelihood
    from the tail's sufficient statistics when the family has them (default: sum of
    ``logpdf``); ``solve`` returns the maximum-likelihood theta directly when that is
    cheaper than a general optimiser (closed form, or a one-dimensional profile),
    else None. ``to_params`` / ``from_params`` map theta to the reported parameters
    (which depend on x_min) and back.
    """

    name: str
    param_names: tuple[str, ...]
    logpdf: LogPdf
    log_ccdf: LogCcdf
    starts: Callable[[Tail], list[FloatArray]]  # candidate starting points for theta
    to_params: Callable[[FloatArray, float], dict[str, float]]
    from_params: Callable[[dict[str, float], float], FloatArray]
    discrete_only: bool = False
    total: Total | None = None
    solve: Callable[[Tail], FloatArray | None] | None = None
    bounds: tuple[tuple[float | None, float | None], ...] | None = None  # on theta


# --- the power law itself: theta = [alpha] -------------------------------------------
def _power_logpdf(theta: FloatArray, tail: Tail) -> FloatArray:
    alpha = np.array([float(theta[0])])
    log_c = powerlaw.log_normaliser(alpha, np.array([tail.xmin]), np.inf, tail.discrete)[0]
    return np.asarray(-alpha[0] * np.log(tail.values) - log_c, dtype=np.float64)


def _power_log_ccdf(theta: FloatArray, x: FloatArray, xmin: float, discrete: bool) -> FloatArray:
    with np.errstate(divide="ignore"):
        return np.asarray(
            np.log(powerlaw.survival(x, float(theta[0]), xmin, np.inf, discrete)),
            dtype=np.float64,
        )


def _power_starts(tail: Tail) -> list[FloatArray]:
    return [np.array([power_law_alpha(tail)])]


# --- exponential: theta = [ln lam'] with lam' = lam * x_min --------------------------
def _log_excess(values: FloatArray, xmin: float) -> FloatArray:
    """ln(x - x_min) (-inf at x_min), without overflow."""
    with np.errstate(divide="ignore"):
        return np.asarray(np.log(values - xmin), dtype=np.float64)


def _exponential_logpdf(theta: FloatArray, tail: Tail) -> FloatArray:
    # ln lam = theta - ln x_min and lam (x - x_min) = e^{theta + ln(x - x_min) - ln x_min}:
    # in logs, so that tails over hundreds of decades neither overflow nor underflow.
    log_rate = float(theta[0]) - np.log(tail.xmin)
    scaled = np.exp(log_rate + _log_excess(tail.values, tail.xmin))
    if tail.discrete:  # geometric on k >= x_min
        return np.asarray(np.log(-np.expm1(-np.exp(log_rate))) - scaled)
    return np.asarray(log_rate - scaled)


def _exponential_log_ccdf(
    theta: FloatArray, x: FloatArray, xmin: float, discrete: bool
) -> FloatArray:
    # e^{-lam (x - x_min)}: the exponential's survival, and the geometric's at integers.
    log_rate = float(theta[0]) - np.log(xmin)
    return np.asarray(-np.exp(log_rate + _log_excess(np.asarray(x), xmin)), dtype=np.float64)


def _exponential_solve(tail: Tail) -> FloatArray:
    """Closed form: lam = 1 / mean(x - x_min); discrete (geometric): ln(1 + 1 / mean)."""
    return _exponential_starts(tail)[0]


def _exponential_starts(tail: Tail) -> list[FloatArray]:
    log_excess = logsumexp(_log_excess(tail.values, tail.xmin), b=tail.counts) - np.log(tail.n)
    log_excess = max(float(log_excess), np.log(1e-12) + np.log(tail.xmin))
    log_rate = float(np.log(np.log1p(np.exp(-log_excess)))) if tail.discrete else -log_excess
    return [np.array([log_rate + np.log(tail.xmin)])]


# --- truncated power law: theta = [alpha, mu] with mu = lam * x_min >= 0 -------------
# mu = 0 is the power law itself (a reachable boundary point, as for the lognormal).
def _tpl_log_sum(
    alpha: float, mu: float, start: FloatArray, xmin: float, discrete: bool
) -> FloatArray:
    """ln of the truncated power law's normalising integral or sum.

    ln of the integral (continuous) or sum (discrete) of x^-alpha e^{-rate x} from
    `start`, rate = mu / x_min; int_x^inf t^-alpha e^{-rate t} dt = x^(1-alpha) E_alpha(rate x).
    """
    rate = mu / xmin
    start = np.atleast_1d(np.asarray(start, dtype=np.float64))
    if rate < 0.0 or (rate == 0.0 and alpha <= 1.0):
        return np.full(start.shape, np.inf)  # outside the family, or not normalisable

    def log_integral(x: FloatArray) -> FloatArray:
        if rate == 0.0:  # E_alpha(0) = 1 / (alpha - 1)
            return np.asarray((1.0 - alpha) * np.log(x) - np.log(alpha - 1.0))
        return np.asarray((1.0 - alpha) * np.log(x) + log_expint(alpha, rate * x))

    if not discrete:
        return log_integral(start)
    return series.log_tail_sum(
        start,
        lambda x: -alpha * np.log(x) - rate * x,
        lambda x: -alpha / x - rate,
        log_integral,
    )


def _tpl_logpdf(theta: FloatArray, tail: Tail) -> FloatArray:
    alpha, mu = float(theta[0]), float(theta[1])
    log_norm = _tpl_log_sum(alpha, mu, np.array([tail.xmin]), tail.xmin, tail.discrete)[0]
    return np.asarray(-alpha * np.log(tail.values) - (mu / tail.xmin) * tail.values - log_norm)


def _tpl_log_ccdf(theta: FloatArray, x: FloatArray, xmin: float, discrete: bool) -> FloatArray:
    alpha, mu = float(theta[0]), float(theta[1])
    whole = _tpl_log_sum(alpha, mu, np.array([xmin]), xmin, discrete)[0]
    return np.asarray(_tpl_log_sum(alpha, mu, x, xmin, discrete) - whole, dtype=np.float64)


def _tpl_total(theta: FloatArray, tail: Tail) -> float:
    alpha, mu = float(theta[0]), float(theta[1])
    log_norm = _tpl_log_sum(alpha, mu, np.array([tail.xmin]), tail.xmin, tail.discrete)[0]
    return float(-alpha * tail.sum_log - (mu / tail.xmin) * tail.sum_x - tail.n * log_norm)


def _tpl_starts(tail: Tail) -> list[FloatArray]:
    alpha = power_law_alpha(tail)
    # 1 / mean(x / x_min), in logs so that a tail over 600 decades does not overflow
    inverse_mean_y = float(np.exp(np.log(tail.n) - logsumexp(tail.log_y, b=tail.counts)))
    return [np.array([alpha, 0.0]), *(np.array([alpha, c * inverse_mean_y]) for c in (1e-2, 0.3))]


# --- Poisson (discrete only): theta = [ln mu] --------------------------------------
def _poisson_logpdf(theta: FloatArray, tail: Tail) -> FloatArray:
    mu = float(np.exp(theta[0]))
    log_norm = float(stats.poisson.logsf(tail.xmin - 1.0, mu))
    return np.asarray(tail.values * theta[0] - mu - special.gammaln(tail.values + 1.0) - log_norm)


def _poisson_log_ccdf(theta: FloatArray, x: FloatArray, xmin: float, discrete: bool) -> FloatArray:
    mu = float(np.exp(theta[0]))
    whole = float(stats.poisson.logsf(xmin - 1.0, mu))
    return np.asarray(stats.poisson.logsf(np.asarray(x) - 1.0, mu) - whole, dtype=np.float64)


def _poisson_total(theta: FloatArray, tail: Tail) -> float:
    mu = float(np.exp(theta[0]))
    log_norm = float(stats.poisson.logsf(tail.xmin - 1.0, mu))
    return float(theta[0]) * tail.sum_x - tail.n * (mu + log_norm) - tail.sum_log_factorial


def _poisson_starts(tail: Tail) -> list[FloatArray]:
    mean = float(np.average(tail.values, weights=tail.counts))
    return [np.array([np.log(mean)]), np.array([np.log(max(tail.xmin, 1.0))])]


def _rate_params(theta: FloatArray, xmin: float) -> dict[str, float]:
    return {"lambda": float(np.exp(theta[0]) / xmin)}


POWER_LAW = Family(
    "power_law",
    ("alpha",),
    _power_logpdf,
    _power_log_ccdf,
    _power_starts,
    lambda t, xmin: {"alpha": float(t[0])},
    lambda p, xmin: np.array([float(p["alpha"])]),
)

#: The alternatives a power law is compared with (``poisson`` for discrete data only).
TailAlternative = Literal[
    "lognormal", "exponential", "stretched_exponential", "truncated_power_law", "poisson"
]

FAMILIES: dict[str, Family] = {
    "lognormal": Family(
        "lognormal",
        ("mu", "sigma"),
        lognormal_tail.logpdf,
        lognormal_tail.log_ccdf,
        lognormal_tail.starts,
        lognormal_tail.to_params,
        lognormal_tail.from_params,
        total=lognormal_tail.total,
        solve=lognormal_tail.solve,
        bounds=((None, None), (0.0, None)),
    ),
    "exponential": Family(
        "exponential",
        ("lambda",),
        _exponential_logpdf,
        _exponential_log_ccdf,
        _exponential_starts,
        _rate_params,
        lambda p, xmin: np.array([np.log(float(p["lambda"]) * xmin)]),
        solve=_exponential_solve,
    ),
    "stretched_exponential": Family(
        "stretched_exponential",
        ("lambda", "beta"),
        stretched.logpdf,
        stretched.log_ccdf,
        lambda tail: stretched.starts(tail, float(np.exp(_exponential_starts(tail)[0][0]))),
        stretched.to_params,
        stretched.from_params,
        solve=stretched.solve,
        bounds=stretched.BOUNDS,
    ),
    "truncated_power_law": Family(
        "truncated_power_law",
        ("alpha", "lambda"),
        _tpl_logpdf,
        _tpl_log_ccdf,
        _tpl_starts,
        lambda t, xmin: {"alpha": float(t[0]), "lambda": float(t[1]) / xmin},
        lambda p, xmin: np.array([float(p["alpha"]), float(p["lambda"]) * xmin]),
        total=_tpl_total,
        bounds=((None, None), (0.0, None)),
    ),
    "poisson": Family(
        "poisson",
        ("mu",),
        _poisson_logpdf,
        _poisson_log_ccdf,
        _poisson_starts,
        lambda t, xmin: {"mu": float(np.exp(t[0]))},
        lambda p, xmin: np.array([np.log(float(p["mu"]))]),
        discrete_only=True,
        total=_poisson_total,
    ),
}


def family(name: str) -> Family:
    """The family called `name`, the power law included."""
    return POWER_LAW if name == POWER_LAW.name else FAMILIES[name]
