"""The reproduction number from a fitted growth curve (Wallinga & Lipsitch 2007).

An epidemic whose incidence grows at rate rho has R = 1 / M(-rho), M the
moment-generating function of the generation interval; for a gamma interval
with mean m and sd s this is R = (1 + rho s^2/m)^((m/s)^2)
(:func:`scalinglaws.formulas.epidemic.reproduction_number`).

rho is the growth rate of incidence at a chosen time t. For a law that is an
autonomous ODE, dC/dt = f(C), incidence is f(C) and
rho = d ln f(C(t)) / dt = f'(C(t)): r for exponential growth, r (1 - 2C/K) for
the logistic, p r C^(p-1) for the GGM (sub-exponential growth slows as C grows,
so R falls over time). For SIR and SEIR it comes from the states: incidence
beta S I / N (SIR) or sigma E (SEIR), whose logarithmic derivative is
beta S / N - gamma - beta I / N and beta S I / (N E) - sigma.

References: J. Wallinga and M. Lipsitch, "How generation intervals shape the
relationship between growth rates and reproductive numbers", Proc. R. Soc. B
274, 599-604 (2007); G. Chowell, C. Viboud, L. Simonsen and S. M. Moghadas,
"Characterizing the reproduction number of epidemics with early
subexponential growth dynamics", J. R. Soc. Interface 13, 20160659 (2016).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from scalinglaws._types import FloatArray
from scalinglaws._validate import check_level, check_number
from scalinglaws.errors import InvalidOptionError
from scalinglaws.formulas import epidemic
from scalinglaws.growth import derived
from scalinglaws.growth.intervals import replicate_z
from scalinglaws.growth.laws import Law

if TYPE_CHECKING:
    from scalinglaws.growth.result import GrowthFit
    from scalinglaws.results import IntervalMethod

__all__ = ["incidence_growth_rate", "reproduction_table"]

_H = 1e-6


def incidence_growth_rate(law: Law, z: FloatArray, tau: float) -> FloatArray:
    """rho (per unit of tau) at ``tau`` for every row of z (B,)."""
    values = law.internal(z)
    if law.name in ("sir", "seir"):
        N, R0 = values[0][:, 0], values[1][:, 0]
        gamma = values[-2][:, 0]
        tau_row = np.array([tau])
        if law.name == "sir":
            N_, R0_, gamma_, I0_ = values
            states = epidemic.sir_states(tau_row, N_, R0_, gamma_, I0_)[..., 0]
            sus, inf, _ = np.moveaxis(states, -1, 0)
            return np.asarray(R0 * gamma * (sus - inf) / N - gamma, dtype=np.float64)
        sigma = values[2][:, 0]
        N_, R0_, sigma_, gamma_, I0_ = values
        states = epidemic.seir_states(tau_row, N_, R0_, sigma_, gamma_, I0_)[..., 0]
        sus, exposed, inf, _ = np.moveaxis(states, -1, 0)
        return np.asarray(R0 * gamma * sus * inf / (N * exposed) - sigma, dtype=np.float64)
    if law.rate is None:
        raise InvalidOptionError(
            f"law={law.name!r} has no single growth rate of incidence (its waves grow "
            "separately); fit law='glm' or 'ggm' to one wave for a reproduction number."
        )
    C = law.evaluate(z, np.array([tau]))[:, 0]
    with np.errstate(all="ignore"):
        up = law.rate(C * (1.0 + _H), *[v[:, 0] for v in values])
        down = law.rate(C * (1.0 - _H), *[v[:, 0] for v in values])
        return np.asarray((up - down) / (2.0 * _H * C), dtype=np.float64)


def reproduction_table(
    fit: GrowthFit, mean: Any, sd: Any, at: Any, level: float, method: IntervalMethod
) -> pd.DataFrame:
    """Rows ``t``, ``growth_rate``, ``estimate``, ``lower``, ``upper`` (see GrowthFit)."""
    gi_mean = check_number(mean, "mean", low=0.0)
    gi_sd = check_number(sd, "sd", low=0.0)
    if gi_mean <= 0:
        raise InvalidOptionError(f"mean={mean!r}: the generation interval's mean must be > 0.")
    level = check_level(level)
    if at is None:
        times = fit.t[:1]
    else:
        many = isinstance(at, (list, tuple, np.ndarray, pd.Series, pd.Index))
        times = fit.axis.from_user(at if many else [at], "at")
    frame = fit.design.frame
    replicates = replicate_z(fit) if fit.interval_method(method) == "bootstrap" else None
    rows = []
    for when in times:
        tau = float((when - frame.t_first) / frame.t_scale)

        def value(z: FloatArray, tau: float = tau) -> FloatArray:
            rho = incidence_growth_rate(fit.spec, z, tau) / frame.t_scale
            return epidemic.reproduction_number(rho, gi_mean, gi_sd)

        rho = float(incidence_growth_rate(fit.spec, fit.z[None, :], tau)[0]) / frame.t_scale
        estimate, low, high = derived.computed_interval(
            value, fit.z, fit.cov_z, level, True, replicates
        )
        rows.append((when, rho, estimate, low, high))
    table = pd.DataFrame(rows, columns=["t", "growth_rate", "estimate", "lower", "upper"])
    table["t"] = fit.axis.to_user(table["t"].to_numpy())
    return table
