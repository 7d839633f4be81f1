"""Intervals and predictive quantiles of a NeuralFit, analytic or from its bootstrap.

Analytic: Huber's M-estimator covariance of the fit-space parameters
(:mod:`scalinglaws.neural._analytic`), Wald intervals with t_{n-p} critical values
mapped through the natural map, the delta method for derived quantities (a, b, the compute-optimal
allocation) and, for a new run, the t predictive distribution of its log loss,
log L ~ log Lhat + t_{n-p} sqrt(var log Lhat + s^2), with s the runs' scatter
about the law (:func:`~scalinglaws.neural._analytic.residual_scale`).

Bootstrap: the replicates' parameters (runs resampled), percentile intervals
widened to the estimate; a new run's log loss is the equal-weight mixture over
replicates of N(log Lhat_b, s^2).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from scipy import stats

from scalinglaws._types import FloatArray
from scalinglaws.formulas import neural as law
from scalinglaws.neural._analytic import (
    delta_se,
    m_covariance,
    natural_intervals,
    natural_stderr,
    residual_scale,
)
from scalinglaws.neural.forms import FORMS
from scalinglaws.neural.problem import penalty_of, run_features
from scalinglaws.predictive import mixture_quantiles, normal_quantiles
from scalinglaws.uncertainty import bootstrap_interval

if TYPE_CHECKING:
    from scalinglaws.neural.result import NeuralFit


__all__ = [
    "analytic_stderr",
    "analytic_table",
    "bootstrap_table",
    "covariance",
    "features_of",
    "optimal_bounds",
    "predictive",
]

OPTIMAL = ("N_opt", "D_opt", "loss", "tokens_per_param")


def features_of(
    fit: NeuralFit, xs: FloatArray, ds: FloatArray | None, us: FloatArray | None
) -> FloatArray:
    """The form's features at new points: log X, (log N, log D) or (log N, log U, D/U - 1)."""
    form = FORMS[fit.form]
    if form.n_features == 1:
        return np.log(xs)[:, None]
    assert ds is not None
    if form.n_features == 3:
        assert us is not None
        return np.column_stack([np.log(xs), np.log(us), ds / us - 1.0])
    return np.column_stack([np.log(xs), np.log(ds)])


def covariance(fit: NeuralFit) -> FloatArray:
    """Huber's covariance of the fit-space parameters at the optimum (inf: unidentified)."""
    form = FORMS[fit.form]
    pred, jac = form.model(fit.theta[None, :], run_features(fit))
    resid = pred[0] - np.log(fit.L)
    free = [i for i, name in enumerate(form.theta_names) if name not in fit.fixed]
    penalty = penalty_of(fit.loss, fit.delta, fit.asymmetry)
    cov = np.zeros((fit.theta.size, fit.theta.size))  # a fixed parameter has no variance
    cov[np.ix_(free, free)] = m_covariance(jac[0][free].T, resid, penalty)
    return cov


def scale(fit: NeuralFit) -> float:
    """The scatter of the runs' log losses about the law (see residual_scale)."""
    n_free = fit.theta.size - len(fit.fixed)
    return residual_scale(fit.residuals(), n_free, fit.loss == "least_squares")


def _derived(fit: NeuralFit, natural: FloatArray) -> FloatArray:
    """(..., 2): the compute-optimal exponents a, b of natural parameters (Chinchilla)."""
    a, b = law.frontier_exponents(natural[..., 3], natural[..., 4])
    return np.stack([np.asarray(a), np.asarray(b)], axis=-1)


def analytic_stderr(fit: NeuralFit) -> dict[str, float]:
    """Delta-method standard errors of the natural parameters (unidentified ones left out)."""
    form = FORMS[fit.form]
    se = natural_stderr(form, fit.theta, fit.covariance)
    return {name: float(s) for name, s in zip(form.param_names, se, strict=True) if np.isfinite(s)}


def _critical(fit: NeuralFit, level: float) -> float:
    """The two-sided critical value t_{n-p}.

    The small-sample convention of nonlinear least squares (as the relations' ``nls`` intervals), z
    as the runs grow.
    """
    dof = max(fit.n_runs - fit.theta.size, 1)
    return float(stats.t.ppf(0.5 + level / 2.0, dof))


def analytic_table(fit: NeuralFit, level: float) -> pd.DataFrame:
    """Wald intervals of the parameters (and a, b for Chinchilla forms)."""
    form = FORMS[fit.form]
    z = _critical(fit, level)
    cov = fit.covariance
    lower, upper = natural_intervals(form, fit.theta, cov, z)
    names = list(form.param_names)
    point = list(form.natural(fit.theta))
    if fit.chinchilla_like:
        derived = _derived(fit, form.natural(fit.theta))
        se = delta_se(lambda t: _derived(fit, form.natural(t)), fit.theta, cov)
        names += ["a", "b"]
        point += list(derived)
        lower = np.concatenate([lower, derived - z * se])
        upper = np.concatenate([upper, derived + z * se])
    return _frame(names, point, lower, upper)


def bootstrap_table(fit: NeuralFit, level: float) -> pd.DataFrame:
    """Bootstrap intervals of the parameters (and a, b for Chinchilla forms)."""
    assert fit.boot is not None
    table = fit.boot.conf_int(level)
    if not fit.chinchilla_like:
        return table
    estimate = _derived(fit, FORMS[fit.form].natural(fit.theta))
    lower, upper = bootstrap_interval(_derived(fit, fit.boot.samples), estimate, level)
    extra = _frame(["a", "b"], list(estimate), lower, upper)
    joined = pd.concat([table, extra])
    joined.attrs = dict(table.attrs)
    return joined


def _frame(
    names: list[str], point: list[float] | FloatArray, lower: FloatArray, upper: FloatArray
) -> pd.DataFrame:
    return pd.DataFrame(
        {"estimate": np.asarray(point, dtype=np.float64), "lower": lower, "upper": upper},
        index=pd.Index(names, name="param"),
    )


def predictive(
    fit: NeuralFit,
    feats: FloatArray,
    curves: FloatArray | None,
    levels: tuple[float, ...],
    observation: bool,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """(mean, median, quantiles (m, k)) of the loss at `feats` (see the module doc).

    `curves` (B, m) are the bootstrap replicates' losses there (None: analytic);
    `observation` adds the runs' scatter (a new run); without it, the curve alone.
    """
    form = FORMS[fit.form]
    probs = (*levels, 0.5)
    s = scale(fit) if observation else 0.0
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        if curves is not None:
            centres = np.log(curves)  # (B, m)
            values = mixture_quantiles(centres, s, probs)
            mean = np.exp(centres + s * s / 2.0).mean(axis=0)
        else:
            pred, jac = form.model(fit.theta[None, :], feats)
            centre = pred[0]
            var = _curve_variance(jac[0].T, fit.covariance)
            total = var + s * s
            dof = max(fit.n_runs - fit.theta.size, 1)
            values = normal_quantiles(centre, np.sqrt(total), probs, df=dof)
            mean = np.exp(centre + total / 2.0)
    quantiles = np.exp(values)
    return mean, quantiles[:, -1], quantiles[:, :-1]


def _curve_variance(jac: FloatArray, cov: FloatArray) -> FloatArray:
    """Delta-method variance of log Lhat at each point.

    Inf where an unidentified direction moves the curve.
    """
    bad = ~np.isfinite(np.diag(cov))
    good = ~bad
    var = np.einsum("ij,jk,ik->i", jac[:, good], cov[np.ix_(good, good)], jac[:, good])
    if bad.any():
        var = np.where(np.any(np.abs(jac[:, bad]) > 1e-12, axis=1), np.inf, var)
    return np.asarray(np.clip(var, 0.0, None), dtype=np.float64)


def optimal_bounds(
    fit: NeuralFit, budgets: FloatArray, level: float, use_boot: bool
) -> dict[str, tuple[FloatArray, FloatArray]]:
    """Lower and upper bounds of N_opt, D_opt, loss and tokens per parameter at `budgets`.

    Bootstrap: percentile intervals of the replicates' allocations, widened to the
    estimate. Analytic: the delta method on the log of each quantity.
    """
    form = FORMS[fit.form]

    def quantities(natural: FloatArray) -> FloatArray:
        n_opt, d_opt, loss = law.compute_optimal(
            budgets, *natural[:5], flops_per_token=fit.flops_per_token
        )
        return np.stack([n_opt, d_opt, loss, d_opt / n_opt])  # (4, m)

    point = quantities(form.natural(fit.theta))
    if use_boot:
        assert fit.boot is not None
        draws = np.array([quantities(row) for row in fit.boot.samples])  # (B, 4, m)
        lower, upper = bootstrap_interval(draws.reshape(draws.shape[0], -1), point.ravel(), level)
        lower, upper = lower.reshape(point.shape), upper.reshape(point.shape)
    else:
        z = _critical(fit, level)
        se = delta_se(
            lambda t: np.log(quantities(form.natural(t))).ravel(), fit.theta, fit.covariance
        ).reshape(point.shape)
        with np.errstate(over="ignore"):
            lower, upper = point * np.exp(-z * se), point * np.exp(z * se)
    return {name: (lower[i], upper[i]) for i, name in enumerate(OPTIMAL)}
