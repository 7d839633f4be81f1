"""Growth curves over time: the cumulative size C(t) of each law, as pure numpy.

Every function takes times ``t`` (any shape) and returns C(t) with the same
shape; parameters broadcast against ``t`` (so a column of parameters evaluates
a batch of curves at once). Nothing here fits, validates or warns; non-finite
intermediate values are the caller's concern.

Notation: ``K`` carrying capacity (final size), ``r`` growth rate (per unit of
``t``), ``tm`` inflection time, ``C0`` size at the reference time ``t0``.

Laws
----
exponential  C = C0 exp(r (t - t0))                        dC/dt = r C
logistic     C = K / (1 + exp(-r (t - tm)))                dC/dt = r C (1 - C/K)
gompertz     C = K exp(-exp(-r (t - tm)))                  dC/dt = r C ln(K/C)
richards     C = K (1 + a exp(-a r (t - tm)))^(-1/a)       dC/dt = r C (1 - (C/K)^a)
ggm          C = (C0^(1/m) + r t'/m)^m, m = 1/(1-p)        dC/dt = r C^p, 0 <= p <= 1
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = [
    "LN2",
    "exponential",
    "ggm",
    "gompertz",
    "logistic",
    "richards",
]

ArrayLike = npt.ArrayLike
FloatArray = npt.NDArray[np.float64]

#: ln 2: the doubling time of exponential growth at rate r is LN2 / r.
LN2 = float(np.log(2.0))

# Below this 1 - p the GGM closed form is replaced by its p -> 1 limit (exponential growth).
_P_ONE = 1e-12


def exponential(t: ArrayLike, C0: ArrayLike, r: ArrayLike, t0: ArrayLike = 0.0) -> FloatArray:
    """Exponential (Malthusian) growth, C(t) = C0 exp(r (t - t0)); dC/dt = r C.

    Doubling time ln 2 / r. T. R. Malthus, *An Essay on the Principle of
    Population* (1798).
    """
    t, C0, r, t0 = _floats(t, C0, r, t0)
    return np.asarray(C0 * np.exp(r * (t - t0)), dtype=np.float64)


def logistic(t: ArrayLike, K: ArrayLike, r: ArrayLike, tm: ArrayLike) -> FloatArray:
    """Logistic growth, C(t) = K / (1 + exp(-r (t - tm))); dC/dt = r C (1 - C/K).

    The inflection (fastest growth, C = K/2) is at t = tm; early growth is
    exponential at rate r. P.-F. Verhulst, "Notice sur la loi que la population
    suit dans son accroissement", Corresp. Math. Phys. 10, 113-121 (1838);
    R. Pearl and L. J. Reed, "On the rate of growth of the population of the
    United States since 1790 and its mathematical representation", PNAS 6(6),
    275-288 (1920).
    """
    t, K, r, tm = _floats(t, K, r, tm)
    with np.errstate(over="ignore"):  # exp(-x) = inf far before tm gives C = 0, as it should
        return np.asarray(K / (1.0 + np.exp(-r * (t - tm))), dtype=np.float64)


def gompertz(t: ArrayLike, K: ArrayLike, r: ArrayLike, tm: ArrayLike) -> FloatArray:
    """Gompertz growth, C(t) = K exp(-exp(-r (t - tm))); dC/dt = r C ln(K / C).

    The inflection is at t = tm, where C = K/e. B. Gompertz, "On the nature of
    the function expressive of the law of human mortality", Phil. Trans. R. Soc.
    115, 513-583 (1825); as a growth curve: C. P. Winsor, "The Gompertz curve as
    a growth curve", PNAS 18(1), 1-8 (1932).
    """
    t, K, r, tm = _floats(t, K, r, tm)
    return np.asarray(K * np.exp(-np.exp(-r * (t - tm))), dtype=np.float64)


def richards(t: ArrayLike, K: ArrayLike, r: ArrayLike, tm: ArrayLike, a: ArrayLike) -> FloatArray:
    """Richards growth, C(t) = K (1 + a exp(-a r (t - tm)))^(-1/a), a > 0.

    Solves dC/dt = r C (1 - (C/K)^a): early growth is exponential at rate r,
    the inflection is at t = tm (where C = K (1 + a)^(-1/a)); a = 1 is the
    logistic and a -> 0 with a r fixed the Gompertz. F. J. Richards, "A flexible
    growth function for empirical use", J. Exp. Bot. 10(2), 290-300 (1959);
    this parametrisation: X.-S. Wang, J. Wu and Y. Yang, "Richards model
    revisited", J. Theor. Biol. 313, 12-19 (2012).
    """
    t, K, r, tm, a = _floats(t, K, r, tm, a)
    # (1 + a e^{-x})^{-1/a} = exp(-log1p(a e^{-x}) / a), computed as logaddexp for large x.
    log_term = np.logaddexp(0.0, np.log(a) - a * r * (t - tm))
    return np.asarray(K * np.exp(-log_term / a), dtype=np.float64)


def ggm(t: ArrayLike, C0: ArrayLike, r: ArrayLike, p: ArrayLike, t0: ArrayLike = 0.0) -> FloatArray:
    """The generalized-growth model dC/dt = r C^p with C(t0) = C0, 0 <= p <= 1.

    Closed form (Viboud, Simonsen & Chowell 2016, eq. 2), with m = 1/(1 - p):

        C(t) = (C0^(1/m) + r (t - t0) / m)^m      for p < 1,
        C(t) = C0 exp(r (t - t0))                 for p = 1 (exponential growth).

    p = 0 is constant incidence (linear growth), 0 < p < 1 sub-exponential
    (polynomial) growth. Before the curve's start, where the base would be
    negative, C is 0. C. Viboud, L. Simonsen and G. Chowell, "A
    generalized-growth model to characterize the early ascending phase of
    infectious disease outbreaks", Epidemics 15, 27-37 (2016).
    """
    t, C0, r, p, t0 = _floats(t, C0, r, p, t0)
    q = 1.0 - p  # = 1/m
    near_one = q < _P_ONE
    safe_q = np.where(near_one, 1.0, q)
    # C0 * (1 + r q (t - t0) C0^{-q})^{1/q}, in logs for accuracy as q -> 0.
    x = r * safe_q * (t - t0) * np.power(C0, -safe_q)
    with np.errstate(invalid="ignore", divide="ignore"):
        sub = np.where(x > -1.0, C0 * np.exp(np.log1p(np.maximum(x, -1.0)) / safe_q), 0.0)
    return np.asarray(np.where(near_one, C0 * np.exp(r * (t - t0)), sub), dtype=np.float64)


def _floats(*values: ArrayLike) -> tuple[FloatArray, ...]:
    return tuple(np.asarray(value, dtype=np.float64) for value in values)
