"""Predictive quantiles of a fitted relation: the curve's uncertainty plus the method's noise.

Each method has an observation model, and the predictive distribution of a new y
at x0 combines it with the uncertainty of the fitted curve g(x0):

* log methods (``ols_log``, and ``sma`` / ``ma`` of a power law): ln y = g + e with
  e ~ N(0, s^2), s^2 = RSS / (n - p) on ln y. Analytic: ln y ~ g_hat +
  t_{n-p} sqrt(var g_hat + s^2), the exact predictive interval of the normal
  linear model (e.g. Seber & Lee 2003, sec. 5.3), exponentiated; the median is
  exp(g_hat), the mean the log-normal exp(g_hat + (var + s^2) / 2).
* ``nls`` (and the axis methods on raw y): y = f + e, e ~ N(0, s^2), the same on
  the scale of y.
* ``poisson``: y ~ Poisson(mu), ln mu = g; with g ~ N(g_hat, var g_hat) the
  predictive is a Poisson-lognormal mixture (Gauss-Hermite quadrature).

var g_hat = J Cov(theta) J' is the delta method. With bootstrap replicates the
curve's uncertainty is the replicates' curves instead: the predictive is the
equal-weight mixture over replicates b of the observation model centred on
g_b(x0) (normal noise with the full-data s, or Poisson(exp g_b)).

Units (:mod:`scalinglaws.relations._scale`): theta, its covariance and s^2 refer
to the standardised data, y / s_y with M = ln s_y. On ln y (and for the Poisson
ln mu) the user's curve is g + M, and s^2 is the same in any units; on raw y the
quantiles and mean are formed on the standardised scale and multiplied by s_y
(``_scale.times``). Bootstrap replicates are stored in the user's units and mapped
back to standardised theta by ``_scale.theta_of_values``.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from scalinglaws._deprecation import deprecated
from scalinglaws._types import FloatArray
from scalinglaws._validate import check_choice, check_level
from scalinglaws.errors import InvalidInputError, InvalidOptionError
from scalinglaws.predictive import (
    lognormal_poisson_quantiles,
    mixture_quantiles,
    normal_quantiles,
    poisson_mixture_quantiles,
    quantile_frame,
)
from scalinglaws.quantiles import check_quantiles
from scalinglaws.relations._data import input_columns, new_x
from scalinglaws.relations._inference import CORRECTIONS, finite_mean, prediction_frame
from scalinglaws.relations._laws import Spec
from scalinglaws.relations._scale import theta_of_values, times
from scalinglaws.uncertainty import Bootstrap

if TYPE_CHECKING:
    from scalinglaws.relations.result import RelationFit

__all__ = ["predict", "quantile_table", "relation_quantiles"]


def _theta_of(spec: Spec, boot: Bootstrap) -> FloatArray:
    """Replicate theta (B, p), standardised, from the samples in the user's units."""
    return theta_of_values(spec, boot.samples)


def _on_log_scale(spec: Spec) -> bool:
    """True when the observation model works on ln y (log methods) or ln mu (Poisson)."""
    return spec.log_y or spec.method == "poisson"


def _curve(spec: Spec, features: FloatArray, theta: FloatArray) -> tuple[FloatArray, FloatArray]:
    """The curve on the scale of the observation model and its Jacobian in theta.

    ln f in the user's units (ln f_u + M), or f on the standardised scale (f_u).
    """
    if _on_log_scale(spec):
        eta, jac = spec.log_mean(features, theta)
        return eta + spec.y_shift, jac
    return spec.raw_mean(features, theta)


def relation_quantiles(
    spec: Spec,
    features: FloatArray,
    theta: FloatArray,
    cov: FloatArray,
    df: int | None,
    sigma2: float,
    levels: tuple[float, ...],
    boot: Bootstrap | None,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """(mean, median, quantiles (m, k)) of a new y at each row of `features`.

    `boot` None gives the analytic predictive, else the bootstrap mixture.
    """
    probs = (*levels, 0.5)
    with np.errstate(over="ignore", invalid="ignore"):
        if boot is None:
            centre, jac = _curve(spec, features, theta)
            var = np.einsum("ij,jk,ik->i", jac, cov, jac)
            values, mean = _analytic(spec, centre, var, df, sigma2, probs)
        else:
            curves = np.array(
                [_curve(spec, features, row)[0] for row in _theta_of(spec, boot)]
            )  # (B, m)
            values, mean = _mixture(spec, curves, sigma2, probs)
        if not _on_log_scale(spec):  # raw y: from y / s_y back to the user's units
            values, mean = times(values, spec.y_shift), times(mean, spec.y_shift)
    return mean, values[:, -1], values[:, :-1]


def _analytic(
    spec: Spec,
    centre: FloatArray,
    var: FloatArray,
    df: int | None,
    sigma2: float,
    probs: tuple[float, ...],
) -> tuple[FloatArray, FloatArray]:
    if spec.method == "poisson":
        values = lognormal_poisson_quantiles(centre, np.sqrt(var), probs)
        return values, np.exp(centre + var / 2.0)
    total = var + sigma2
    values = normal_quantiles(centre, np.sqrt(total), probs, df=df)
    if spec.log_y:
        return np.exp(values), np.exp(centre + total / 2.0)
    return values, centre


def _mixture(
    spec: Spec, curves: FloatArray, sigma2: float, probs: tuple[float, ...]
) -> tuple[FloatArray, FloatArray]:
    if spec.method == "poisson":
        means = np.exp(curves)
        return poisson_mixture_quantiles(means, probs), means.mean(axis=0)
    values = mixture_quantiles(curves, np.sqrt(sigma2), probs)
    if spec.log_y:
        return np.exp(values), np.exp(curves + sigma2 / 2.0).mean(axis=0)
    return values, curves.mean(axis=0)


def predict(
    fit: RelationFit, x: Any, correction: str | None, interval: str | None, level: float | None
) -> Any:
    """The body of :meth:`RelationFit.predict`: point predictions, or the deprecated frame."""
    spec = fit.spec
    if correction is None:
        correction = "smearing" if fit.method == "ols_log" else "none"
    check_choice(correction, "correction", CORRECTIONS)
    if correction != "none" and not spec.log_y:
        raise InvalidOptionError(
            f"correction={correction!r} applies to fits on ln y (ols_log, sma, ma); "
            f"method={fit.method!r} already predicts on the scale of y, so omit it."
        )
    values = new_x(fit.spec, x, fit.x_names)
    factor = 1.0
    with np.errstate(over="ignore"):  # an overflowing factor makes the mean raise
        if correction == "smearing":
            factor = float(np.mean(np.exp(fit.residuals())))
        elif correction == "lognormal":
            factor = float(np.exp(fit.sigma2 / 2.0))
    if interval is None and level is None:
        with np.errstate(over="ignore", invalid="ignore"):
            curve, _ = _curve(spec, spec.features(values), fit.theta)
            log_scale = _on_log_scale(spec)
            mean = np.exp(curve) * factor if log_scale else times(curve, spec.y_shift)
        return finite_mean(np.asarray(mean), values)
    deprecated(
        "RelationFit.predict(interval=..., level=...)",
        "predict_quantiles(x, quantiles) for predictive quantiles, or "
        "predict_quantiles(x, quantiles, interval='confidence') for the curve's band",
    )
    kind = check_choice(interval or "confidence", "interval", ("confidence", "prediction"))
    return prediction_frame(
        spec,
        values,
        fit.x_names,
        fit.theta,
        fit.theta_cov,
        fit.df_resid,
        fit.sigma2,
        interval=kind,
        level=check_level(0.95 if level is None else level),
        factor=factor,
    )


def quantile_table(
    fit: RelationFit, x: Any, quantiles: Any, use_boot: bool, interval: str
) -> pd.DataFrame:
    """The body of :meth:`RelationFit.predict_quantiles`."""
    levels = check_quantiles(quantiles)
    check_choice(interval, "interval", ("prediction", "confidence"))
    values = new_x(fit.spec, x, fit.x_names)
    spec = fit.spec
    noise = fit.sigma2 if interval == "prediction" else 0.0
    if interval == "confidence" and spec.method == "poisson":
        spec = replace(spec, method="ols_log")  # the curve, ln mu (same units)
    mean, median, table = relation_quantiles(
        spec,
        spec.features(values),
        fit.theta,
        fit.theta_cov,
        fit.df_resid,
        noise,
        levels,
        fit.boot if use_boot else None,
    )
    if not (np.isfinite(table).all() and np.isfinite(median).all()):
        raise InvalidInputError(
            "x: the fitted curve overflows at some of these x; predict closer to the data."
        )
    return quantile_frame(input_columns(values, fit.x_names), mean, median, table, levels)
