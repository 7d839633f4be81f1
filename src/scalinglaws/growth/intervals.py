"""Analytic intervals of a growth fit, its standard errors and its derived-quantity table.

Wald intervals on each parameter's link scale (log for sizes, rates and shapes,
logit for p, the time itself for tm; ln r with its dependence on p for the rate
of a law with p), mapped back, so they respect each parameter's range.

A parameter at a bound gets a one-sided interval: the side of the bound runs to
the parameter's natural limit (p to 1, K to infinity, ...), the other side is
the Wald end on the natural scale when the information allows one, else the
other limit. A parameter the data do not determine (zero variance, not fixed)
gets its whole natural range. Neither has a standard error.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from scipy import stats

from scalinglaws._types import FloatArray
from scalinglaws.growth import derived, kinds

if TYPE_CHECKING:
    from scalinglaws.growth.result import GrowthFit
    from scalinglaws.results import IntervalMethod

__all__ = ["analytic_stderr", "analytic_table", "derived_table", "replicate_z"]


def _link_sd(fit: GrowthFit) -> FloatArray:
    """Standard deviations of the link values eta (P,) from the covariance of z."""
    jac = fit.spec.eta_jacobian(fit.z[None, :], fit.design.frame)[0]
    var = np.einsum("ij,jk,ik->i", jac, fit.cov_z, jac)
    return np.asarray(np.sqrt(np.maximum(var, 0.0)), dtype=np.float64)


def analytic_stderr(fit: GrowthFit) -> dict[str, float]:
    """Delta-method standard errors on the natural scale (parameters that have one)."""
    sd = _link_sd(fit)
    values = fit.spec.natural(fit.z[None, :], fit.design.frame)
    slopes = np.abs(fit.spec.natural_slopes(values, fit.design.frame)[0])
    return {
        name: float(slopes[j] * sd[j])
        for j, name in enumerate(fit.spec.params)
        if name not in fit.fixed and sd[j] > 0 and np.isfinite(slopes[j] * sd[j])
    }


def analytic_table(fit: GrowthFit, level: float) -> pd.DataFrame:
    """The ``estimate, lower, upper`` table of :meth:`GrowthFit.conf_int` (analytic)."""
    q = float(stats.norm.ppf(0.5 + level / 2))
    frame, spec = fit.design.frame, fit.spec
    sd = _link_sd(fit)
    eta = spec.eta(fit.z[None, :], frame)[0]
    low = spec.from_eta((eta - q * sd)[None, :], frame)[0]
    high = spec.from_eta((eta + q * sd)[None, :], frame)[0]
    estimates = np.array(list(fit.params.values()))
    slopes = np.abs(spec.natural_slopes(estimates[None, :], frame)[0])
    for j, name in enumerate(spec.params):
        kind = spec.kinds[j]
        floor, ceiling = kinds.limits(kind)
        if name in fit.fixed:
            low[j] = high[j] = estimates[j]
        elif name in fit.at_bound:
            reach = q * slopes[j] * sd[j]
            if fit.at_bound[name] == "upper":
                low[j] = max(estimates[j] - reach, floor) if sd[j] > 0 else floor
                high[j] = ceiling
            else:
                low[j] = floor
                high[j] = min(estimates[j] + reach, ceiling) if sd[j] > 0 else ceiling
        elif sd[j] == 0:
            low[j], high[j] = floor, ceiling
    return pd.DataFrame(
        {"estimate": estimates, "lower": low, "upper": high},
        index=pd.Index(list(spec.params), name="param"),
    )


def derived_table(fit: GrowthFit, level: float, method: IntervalMethod) -> pd.DataFrame:
    """The law's derived quantities with intervals (see :mod:`scalinglaws.growth.derived`)."""
    params = fit.conf_int(level, method=method)
    replicates = replicate_z(fit) if fit.interval_method(method) == "bootstrap" else None
    rows: dict[str, FloatArray] = {}
    for name in fit.spec.derived:
        spec = derived.quantity(fit.spec, name)
        if spec.compute is not None:
            compute = spec.compute

            def function(z: FloatArray, compute: derived.Compute = compute) -> FloatArray:
                return compute(fit.spec, z, fit.design.frame)

            rows[name] = derived.computed_interval(
                function, fit.z, fit.cov_z, level, spec.positive, replicates
            )
            continue
        assert spec.source is not None
        source = (
            rows[spec.source]
            if spec.source in rows
            else np.asarray(params.loc[spec.source].to_numpy(), dtype=np.float64)
        )
        rows[name] = derived.mapped_row(source, spec)
    return derived.table(rows)


def replicate_z(fit: GrowthFit) -> FloatArray | None:
    """The bootstrap replicates as z rows (fixed parameters at their values)."""
    if fit.boot is None:
        return None
    values = np.repeat(np.array(list(fit.params.values()))[None, :], fit.boot.n_ok, axis=0)
    for position, name in enumerate(fit.boot.names):
        values[:, fit.spec.params.index(name)] = fit.boot.samples[:, position]
    z = fit.spec.internal_of(values, fit.design.frame)
    for name in fit.fixed:  # keep pinned coordinates exactly as fitted
        j = fit.spec.params.index(name)
        z[:, j] = fit.z[j]
    return z
