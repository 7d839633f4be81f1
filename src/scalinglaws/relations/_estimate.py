"""The estimators behind fit_relation: least squares (linear and nonlinear), SMA/MA, Poisson GLM.

Every estimator takes prepared arrays (features from :meth:`Spec.features`, the
target from :meth:`Spec.target`) and returns an :class:`Estimate`: ``theta`` in the
law's internal parametrization, its covariance, and what the intervals and
information criteria need. Nothing here validates user input; problems the data
cause at this stage (a singular design, no convergence) raise :class:`FitError`.

* Least squares: ``cov = s^2 (J'J)^-1`` with ``s^2 = RSS / (n - p)`` and t intervals
  on n - p degrees of freedom (Seber & Wild 1989, *Nonlinear Regression*, ch. 2).
  Nonlinear fits use ``scipy.optimize.least_squares`` (MINPACK Levenberg-Marquardt)
  with the analytic Jacobian.
* Poisson GLM with log link by iteratively reweighted least squares
  (McCullagh & Nelder 1989, *Generalized Linear Models*, 2nd ed., sec. 2.5 and 6.2):
  working response z = eta + (y - mu) / mu, weights mu; ``cov = (X'WX)^-1``
  (dispersion 1) and Wald z intervals.
* SMA / MA: see :mod:`scalinglaws.relations._axis`.

The data arrive standardised (:mod:`scalinglaws.relations._scale`): ``theta``, its
covariance and the RSS refer to x / s_x and y / s_y. What is reported in the
user's units is converted here: the log-likelihood (a Gaussian on raw y loses
n ln s_y; the Poisson one is evaluated at the user's counts) and, for the Poisson
GLM, whose variance is tied to the mean of the counts as given, the covariance
(divided by s_y) and the Pearson dispersion (times s_y).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from scipy.optimize import least_squares, leastsq
from scipy.special import gammaln, xlogy

from scalinglaws._types import FloatArray
from scalinglaws.errors import FitError
from scalinglaws.relations._axis import axis_design_cov, axis_line
from scalinglaws.relations._laws import Spec, linear_predictor
from scalinglaws.relations._residuals import PENALTY, Residuals, theta_bounds
from scalinglaws.relations._scale import times

__all__ = ["Estimate", "estimate", "refit_theta", "start_values"]

_MAX_NFEV = 2000
_IRLS_MAX_ITER = 100
_IRLS_TOL = 1e-10
_MAX_CONDITION = 1e12
_NOT_IDENTIFIABLE = (
    "the parameters are not identifiable from these data (x takes too few distinct "
    "values, or the law degenerates, e.g. power_offset with b -> 0 or a break at the edge "
    "of the data); choose a simpler law."
)
_OFFSET_GRID = np.linspace(-4.0, 4.0, 161)
_BREAK_GRID = np.linspace(0.1, 0.9, 33)


@dataclass(frozen=True)
class Estimate:
    """theta, its covariance and the fit's summary statistics on the fitted scale."""

    theta: FloatArray
    cov: FloatArray
    df: int | None  # residual degrees of freedom (t intervals); None: z intervals
    rss: float  # residual sum of squares (Poisson: deviance) on the fitted scale
    log_likelihood: float | None  # None for SMA / MA (not likelihood fits)
    n_iter: int = 0
    dispersion: float | None = None  # Poisson: Pearson chi^2 / (n - p)


def estimate(
    spec: Spec, features: FloatArray, target: FloatArray, theta0: FloatArray | None = None
) -> Estimate:
    """Fit `spec` to standardised data; `theta0` warm-starts iterative fits."""
    with np.errstate(all="ignore"):
        if spec.method in ("sma", "ma"):
            return _axis(spec, features[:, 0], target)
        if spec.method == "poisson":
            return _poisson(spec.design(features), target, theta0, spec.y_shift)
        if spec.linear_fit:
            fit = _linear(features, target)
        else:
            start = start_values(spec, features, target) if theta0 is None else theta0
            fit = _nonlinear(spec, features, target, start)
    if spec.log_y or fit.log_likelihood is None:  # a likelihood of ln y: shifts leave it
        return fit
    return replace(fit, log_likelihood=fit.log_likelihood - target.size * spec.y_shift)


def refit_theta(
    spec: Spec, features: FloatArray, target: FloatArray, theta0: FloatArray
) -> FloatArray:
    """theta alone, warm-started from `theta0` (bootstrap replicates: no covariance).

    Unbounded nonlinear fits call MINPACK's Levenberg-Marquardt through
    ``scipy.optimize.leastsq`` (what ``curve_fit`` uses; far less overhead per call than
    ``least_squares``), falling back to :func:`estimate` when it does not converge.
    """
    with np.errstate(all="ignore"):
        if spec.method in ("sma", "ma"):
            line = axis_line(features[:, 0], target, spec.method)
            return np.array([line.elevation, line.slope])
        if spec.linear_fit:
            return _linear(features, target, with_cov=False).theta
        if spec.method != "poisson" and theta_bounds(spec, features) is None:
            cache = Residuals(spec, features, target)
            # full_output: a status instead of a RuntimeWarning when maxfev is reached
            theta, *_, status = leastsq(
                cache.residuals, theta0, Dfun=cache.jacobian, full_output=True
            )
            if status in (1, 2, 3, 4) and np.isfinite(theta).all():
                return np.asarray(theta, dtype=np.float64)
    return estimate(spec, features, target, theta0).theta


def _gaussian_loglik(rss: float, n: int) -> float:
    """Maximised Gaussian log-likelihood with sigma^2 = RSS / n."""
    sigma2 = max(rss / n, np.finfo(float).tiny)
    return -0.5 * n * (math.log(2 * math.pi * sigma2) + 1.0)


def _inverse(matrix: FloatArray, what: str) -> FloatArray:
    """Inverse of a small Gram matrix, refusing numerically singular ones.

    The matrix is first scaled to unit diagonal so that the condition number
    measures collinearity, not the units of the parameters.
    """
    diag = np.diag(matrix)
    if not (np.isfinite(matrix).all() and (diag > 0).all()):
        raise FitError(f"{what} is singular: {_NOT_IDENTIFIABLE}")
    scale = 1.0 / np.sqrt(diag)
    scaled = matrix * np.outer(scale, scale)
    if np.linalg.cond(scaled) > _MAX_CONDITION:
        raise FitError(f"{what} is numerically singular: {_NOT_IDENTIFIABLE}")
    return np.asarray(np.linalg.inv(scaled) * np.outer(scale, scale))


def _solve(gram: FloatArray, rhs: FloatArray) -> FloatArray:
    try:
        solution = np.linalg.solve(gram, rhs)
    except np.linalg.LinAlgError:
        raise FitError(
            "the design matrix is singular: x takes too few distinct values, or its columns "
            "are collinear; remove the redundant column or collect more varied x."
        ) from None
    return np.asarray(solution)


def _linear(features: FloatArray, target: FloatArray, *, with_cov: bool = True) -> Estimate:
    """Ordinary least squares of target on [1, features] via the normal equations.

    The sums are formed with einsum rather than BLAS (see ``linear_predictor``).
    """
    n, k = features.shape
    gram = np.empty((k + 1, k + 1))
    gram[0, 0] = n
    gram[0, 1:] = gram[1:, 0] = features.sum(axis=0)
    gram[1:, 1:] = np.einsum("ij,ik->jk", features, features)
    rhs = np.concatenate([[target.sum()], np.einsum("ij,i->j", features, target)])
    theta = _solve(gram, rhs)
    if not with_cov:
        return Estimate(theta, np.empty((0, 0)), None, math.nan, None)
    resid = target - linear_predictor(features, theta)
    rss = float(np.einsum("i,i->", resid, resid))
    df = n - k - 1
    cov = _inverse(gram, "X'X") * (rss / df)
    return Estimate(theta, cov, df, rss, _gaussian_loglik(rss, n))


def _nonlinear(
    spec: Spec, features: FloatArray, target: FloatArray, theta0: FloatArray
) -> Estimate:
    n, p = features.shape[0], theta0.size
    cache = Residuals(spec, features, target)
    options: dict[str, Any] = {"method": "lm"}
    bounds = theta_bounds(spec, features)
    if bounds is not None:  # keep the break inside the data
        theta0 = np.clip(theta0, *bounds)
        options = {"method": "trf", "bounds": bounds}
    try:
        solution = least_squares(
            cache.residuals,
            theta0,
            jac=cache.jacobian,
            x_scale="jac",
            max_nfev=_MAX_NFEV,
            **options,
        )
    except ValueError as exc:  # non-finite start, or MINPACK input checks
        raise FitError(f"the optimiser could not start ({exc}); check the data's scale.") from None
    theta = np.asarray(solution.x, dtype=np.float64)
    resid = cache.residuals(theta)
    rss = float(np.einsum("i,i->", resid, resid))
    if solution.status <= 0 or not np.isfinite(theta).all() or not rss < PENALTY:
        raise FitError(
            f"nonlinear least squares did not converge for law={spec.law!r}, "
            f"method={spec.method!r} ({solution.message}); try another law or method."
        )
    jac = cache.jacobian(theta)
    df = n - p
    cov = _inverse(np.einsum("ij,ik->jk", jac, jac), "J'J") * (rss / df)
    return Estimate(theta, cov, df, rss, _gaussian_loglik(rss, n), int(solution.nfev))


def _poisson(
    design: FloatArray, y: FloatArray, theta0: FloatArray | None, log_scale: float = 0.0
) -> Estimate:
    """The GLM on counts y = counts / exp(log_scale).

    Deviance on that scale, the rest (covariance, log-likelihood, dispersion) for the counts as
    given.
    """
    n, p = design.shape
    # R glm's poisson start is mu = y + 0.1; a warm start uses theta0.
    eta = np.log(y + 0.1) if theta0 is None else np.einsum("ij,j->i", design, theta0)
    mu = np.exp(eta)
    deviance = math.inf
    theta = np.zeros(p)
    iterations = 0
    for _ in range(_IRLS_MAX_ITER):
        iterations += 1
        z = eta + (y - mu) / mu
        theta = _solve(
            np.einsum("ij,i,ik->jk", design, mu, design), np.einsum("ij,i->j", design, mu * z)
        )
        eta = np.clip(np.einsum("ij,j->i", design, theta), -700.0, 700.0)
        mu = np.exp(eta)
        previous, deviance = deviance, float(2.0 * np.sum(xlogy(y, y / mu) - (y - mu)))
        if abs(deviance - previous) <= _IRLS_TOL * (abs(deviance) + 0.1):
            break
    else:
        raise FitError(
            f"the Poisson GLM did not converge in {_IRLS_MAX_ITER} IRLS iterations "
            "(fitted means running to 0 or infinity?); check for separation in the counts."
        )
    if not np.isfinite(theta).all():
        raise FitError("the Poisson GLM diverged; check the counts and the scale of x.")
    cov = times(_inverse(np.einsum("ij,i,ik->jk", design, mu, design), "X'WX"), -log_scale)
    counts, log_mu = times(y, log_scale), eta + log_scale
    loglik = float(np.sum(counts * log_mu - np.exp(log_mu) - gammaln(counts + 1.0)))
    dispersion = float(times(np.sum((y - mu) ** 2 / mu) / (n - p), log_scale))
    return Estimate(theta, cov, None, deviance, loglik, iterations, dispersion)


def _axis(spec: Spec, u: FloatArray, v: FloatArray) -> Estimate:
    line = axis_line(u, v, spec.method)
    values = (line.elevation, line.slope, line.var_slope, line.var_elevation)
    if not all(math.isfinite(value) for value in values):
        units = (
            ", or x and y are in units so far apart that float64 cannot resolve their axis: "
            "a major axis depends on the ratio of the units (Warton et al. 2006, sec. II.3); "
            "express x and y in one unit, or use method='sma'"
            if spec.method == "ma" and not spec.log_x
            else "; use method='ols_log'"
        )
        raise FitError(
            f"the {spec.method.upper()} line cannot be formed for these data (x and y are "
            f"uncorrelated or one has no spread{units})."
        )
    theta = np.array([line.elevation, line.slope])
    rss = line.var_res * (line.n - 2)
    return Estimate(theta, axis_design_cov(line), line.n - 2, rss, None)


# ----------------------------------------------------------------------------- starts


def start_values(spec: Spec, features: FloatArray, target: FloatArray) -> FloatArray:
    """Starting theta for an iterative fit, from linear fits on transformed data."""
    logged = target if spec.log_y else _safe_log(target)
    if spec.law in ("power", "exponential"):
        return _loglinear_start(spec, features, target, logged)
    if spec.law == "linear":
        theta = _ols(spec.design(features), np.exp(logged) if spec.log_y else target)
        fitted = theta[0] + theta[1] * features[:, 0]
        if spec.log_y and not (fitted > 0).all():
            theta = np.array([float(np.exp(logged).mean()), 0.0])
        return theta
    if spec.law == "power_offset":
        return _offset_start(features[:, 0], np.exp(logged) if spec.log_y else target, spec.log_y)
    return _break_start(spec, features[:, 0], logged)


def _safe_log(values: FloatArray) -> FloatArray:
    """ln y where y > 0; elsewhere ln of the smallest positive value (starts only)."""
    positive = values[values > 0]
    floor = float(positive.min()) if positive.size else 1.0
    return np.asarray(np.log(np.where(values > 0, values, floor)))


def _ols(design: FloatArray, target: FloatArray) -> FloatArray:
    theta, *_ = np.linalg.lstsq(design, target, rcond=None)
    return np.asarray(theta)


def _loglinear_start(
    spec: Spec, features: FloatArray, target: FloatArray, logged: FloatArray
) -> FloatArray:
    positive = target > 0 if not spec.log_y else np.ones(target.size, dtype=bool)
    if positive.sum() > features.shape[1] + 1:
        return _ols(spec.design(features[positive]), logged[positive])
    level = float(np.log(max(np.abs(target).mean(), 1e-300)))
    return np.array([level] + [0.0] * features.shape[1])


def _offset_start(column: FloatArray, y: FloatArray, positive: bool) -> FloatArray:
    """Profile the exponent b over a grid: for fixed b, y = c + a x^b is linear in (a, c)."""
    scale = float(np.std(column)) or 1.0
    best, best_rss = np.array([float(y.mean()), 0.0, 0.0]), math.inf
    for b in _OFFSET_GRID / scale:
        if b == 0.0:
            continue
        xb = np.exp(b * column)
        if not np.isfinite(xb).all():
            continue
        a, c = _ols(np.column_stack([xb, np.ones_like(xb)]), y)
        fitted = c + a * xb
        rss = float(np.sum((y - fitted) ** 2))
        if rss < best_rss and (not positive or (fitted > 0).all()):
            best, best_rss = np.array([a, b, c]), rss
    return best


def _break_start(spec: Spec, logx: FloatArray, logy: FloatArray) -> FloatArray:
    """Profile the break over quantiles of ln x: for a fixed break, ln y is linear."""
    best, best_rss = None, math.inf
    zero = np.zeros(4)
    for log_break in np.unique(np.quantile(logx, _BREAK_GRID)):
        zero[3] = log_break
        jac = spec.log_mean(logx[:, None], zero)[1]
        design = np.column_stack([jac[:, 0], jac[:, 1], jac[:, 2]])
        theta = _ols(design, logy)
        resid = logy - np.einsum("ij,j->i", design, theta)
        rss = float(np.einsum("i,i->", resid, resid))
        if rss < best_rss:
            best, best_rss = np.array([theta[0], theta[1], theta[2], log_break]), rss
    assert best is not None  # the grid is never empty
    return best
