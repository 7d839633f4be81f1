"""The maximised log-likelihood of a growth fit and the information criteria built on it.

* normal: -n/2 (ln(2 pi RSS/n) + 1), the profile over sigma, in the user's units
  of y (so fits of the same data compare whatever frame they used);
* Poisson: sum y ln mu - mu - ln y!;
* negative binomial (NB2, size k): sum ln Gamma(y + k) - ln Gamma(k) - ln y!
  + k ln(k/(k + mu)) + y ln(mu/(k + mu)).

k, the number of estimated parameters, counts the law's free parameters and
the noise parameter (sigma or the NB size; none for Poisson). AICc =
-2 ln L + 2k + 2k(k + 1)/(n - k - 1) (Hurvich & Tsai, Biometrika 76, 297-307,
1989), infinite when n <= k + 1.
"""

from __future__ import annotations

import numpy as np
from scipy.special import gammaln, xlogy

from scalinglaws._types import FloatArray
from scalinglaws.growth.model import Design
from scalinglaws.growth.solver import nb_loglik

__all__ = ["aic", "aicc", "loglik", "n_estimated"]


def loglik(design: Design, z: FloatArray, noise: float, objective: float) -> float:
    """The maximised log-likelihood of the fit (see the module notes)."""
    n = design.n
    if design.family == "normal":
        rss = max(float(objective), 1e-300)
        return float(-0.5 * n * (np.log(2.0 * np.pi * rss / n) + 1.0) - n * np.log(design.unit))
    mu = np.maximum(design.mean(z[None, :]), 1e-12)
    y = design.obs[None, :]
    if design.family == "poisson":
        return float(np.sum(xlogy(y, mu) - mu - gammaln(y + 1.0)))
    return float(nb_loglik(y, mu, np.array([noise]))[0])


def n_estimated(design: Design) -> int:
    """Free parameters plus the noise parameter (none for Poisson)."""
    return design.n_free + (0 if design.family == "poisson" else 1)


def aic(design: Design, z: FloatArray, noise: float, objective: float) -> float:
    """Akaike's criterion -2 ln L + 2k."""
    return -2.0 * loglik(design, z, noise, objective) + 2.0 * n_estimated(design)


def aicc(design: Design, z: FloatArray, noise: float, objective: float) -> float:
    """AICc, the small-sample correction of AIC (inf when n <= k + 1)."""
    k, n = n_estimated(design), design.n
    if n <= k + 1:
        return float("inf")
    return aic(design, z, noise, objective) + 2.0 * k * (k + 1) / (n - k - 1)
