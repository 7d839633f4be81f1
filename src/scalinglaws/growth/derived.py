"""Derived quantities of a growth fit, with intervals.

Two sorts:

* *Mapped*: a monotone function of one parameter or of another derived quantity
  (growth_rate = r, doubling_time = ln 2 / growth_rate, carrying_capacity = K,
  inflection_time = tm). The interval is the source's interval mapped through
  the function (ends swapped when it decreases).
* *Computed* from the whole parameter vector (the final size and the peak of an
  SIR/SEIR or sub-epidemic curve, the initial growth rate of SIR/SEIR, the
  reproduction number of :mod:`scalinglaws.growth.reproduction`). The analytic
  interval is the delta method on the log scale (positive quantities) or the
  natural one (times and rates that may be negative), with the gradient in z by
  central differences; the bootstrap interval is the percentile interval of
  the quantity over the replicates, widened to contain the estimate (as every
  bootstrap interval here).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from scalinglaws._types import FloatArray
from scalinglaws.formulas import epidemic
from scalinglaws.formulas.growth import LN2
from scalinglaws.growth.kinds import Frame
from scalinglaws.growth.laws import Law
from scalinglaws.uncertainty import bootstrap_interval

__all__ = ["QUANTITIES", "Quantity", "computed_interval"]

Compute = Callable[[Law, FloatArray, Frame], FloatArray]
_STEP = 1e-5


@dataclass(frozen=True)
class Quantity:
    """A derived quantity: mapped from ``source`` or computed from z rows."""

    name: str
    text: str
    source: str | None = None
    transform: Callable[[FloatArray], FloatArray] | None = None
    decreasing: bool = False
    compute: Compute | None = None
    positive: bool = True


def _values(law: Law, z: FloatArray, frame: Frame) -> dict[str, FloatArray]:
    values = law.natural(z, frame)
    return {name: values[:, j] for j, name in enumerate(law.params)}


def _growth_rate(law: Law, z: FloatArray, frame: Frame) -> FloatArray:
    v = _values(law, z, frame)
    if law.name == "sir":
        return epidemic.sir_growth_rate(v["R0"], v["gamma"])
    return epidemic.seir_growth_rate(v["R0"], v["sigma"], v["gamma"])


def _final_size(law: Law, z: FloatArray, frame: Frame) -> FloatArray:
    v = _values(law, z, frame)
    if law.name == "subepidemic":
        # Wave i starts only if wave i-1 can reach the threshold (C_thr < K_(i-1)).
        n = round(float(v["n"][0]))
        sizes = v["K0"][:, None] * np.exp(-v["q"][:, None] * np.arange(n))
        started = np.cumprod(
            np.concatenate(
                [np.ones((sizes.shape[0], 1), bool), v["C_thr"][:, None] < sizes[:, :-1]], axis=1
            ),
            axis=1,
        ).astype(bool)
        return np.asarray(
            np.sum(np.where(started, sizes, 0.0), axis=1) - (started.sum(axis=1) - 1) * v["C0"],
            dtype=np.float64,
        )
    return epidemic.final_size(v["N"], v["R0"], v["N"] - v["I0"])


def _peak(law: Law, z: FloatArray, frame: Frame) -> tuple[FloatArray, FloatArray]:
    """Time (natural units) and size (per unit of t) of the incidence peak of each row."""
    horizon = 4.0
    for _ in range(4):
        grid = np.linspace(0.0, horizon, 2001)
        curve = law.evaluate(z, grid)
        rate = np.gradient(curve, grid, axis=1)
        top = np.argmax(rate, axis=1)
        if np.all(top < grid.size - 2):
            break
        horizon *= 4.0
    rows = np.arange(z.shape[0])
    inner = np.clip(top, 1, grid.size - 2)
    left, mid, right = rate[rows, inner - 1], rate[rows, inner], rate[rows, inner + 1]
    bend = left - 2.0 * mid + right
    with np.errstate(all="ignore"):
        shift = np.where(bend < 0, 0.5 * (left - right) / bend, 0.0)
    step = grid[1] - grid[0]
    when = grid[inner] + shift * step
    height = mid - 0.25 * (left - right) * shift
    return (
        frame.t_first + when * frame.t_scale,
        height * frame.y_scale / frame.t_scale,
    )


QUANTITIES = {
    quantity.name: quantity
    for quantity in (
        Quantity("growth_rate", "growth rate r", "r"),
        Quantity(
            "doubling_time",
            "doubling time (early, ln 2 / r)",
            "growth_rate",
            lambda x: LN2 / x,
            decreasing=True,
        ),
        Quantity("carrying_capacity", "carrying capacity K", "K"),
        Quantity("inflection_time", "inflection time tm", "tm"),
        Quantity("final_size", "final size", compute=_final_size),
        Quantity(
            "peak_time",
            "time of the incidence peak",
            compute=lambda *a: _peak(*a)[0],
            positive=False,
        ),
        Quantity(
            "peak_incidence",
            "incidence at the peak (per unit of t)",
            compute=lambda *a: _peak(*a)[1],
        ),
    )
}
#: SIR and SEIR compute their growth rate (the leading eigenvalue) from R0 and the rates.
EPIDEMIC_GROWTH = Quantity(
    "growth_rate", "initial growth rate", compute=_growth_rate, positive=False
)


def quantity(law: Law, name: str) -> Quantity:
    """The definition of derived quantity ``name`` for ``law``."""
    if name == "growth_rate" and law.name in ("sir", "seir"):
        return EPIDEMIC_GROWTH
    return QUANTITIES[name]


def mapped_row(source: FloatArray, spec: Quantity) -> FloatArray:
    """(estimate, lower, upper) of a mapped quantity from its source's row."""
    assert spec.transform is not None or spec.source is not None
    if spec.transform is None:
        return np.asarray(source, dtype=np.float64)
    with np.errstate(divide="ignore", over="ignore"):  # an interval may reach 0
        values = spec.transform(np.asarray(source, dtype=np.float64))
    return values[[0, 2, 1]] if spec.decreasing else values


def computed_interval(
    function: Callable[[FloatArray], FloatArray],
    z: FloatArray,
    cov: FloatArray,
    level: float,
    positive: bool,
    replicates: FloatArray | None,
) -> FloatArray:
    """(estimate, lower, upper) of g(z): delta method, or the replicates' percentiles."""
    estimate = float(function(z[None, :])[0])
    if replicates is not None:
        values = function(replicates)
        values = values[np.isfinite(values)]
        if values.size >= 2:
            low, high = bootstrap_interval(values[:, None], [estimate], level)
            return np.array([estimate, low[0], high[0]])
    if not np.isfinite(estimate) or (positive and estimate <= 0):
        return np.array([estimate, estimate, estimate])
    shifts = np.repeat(z[None, :], 2 * z.size, axis=0)
    for j in range(z.size):
        shifts[2 * j, j] += _STEP
        shifts[2 * j + 1, j] -= _STEP
    with np.errstate(all="ignore"):
        values = _link(function(shifts), positive)
    grad = (values[0::2] - values[1::2]) / (2 * _STEP)
    grad = np.where(np.isfinite(grad), grad, 0.0)
    sd = float(np.sqrt(max(float(grad @ cov @ grad), 0.0)))
    half = float(stats.norm.ppf(0.5 + level / 2)) * sd
    centre = float(_link(np.array([estimate]), positive)[0])
    ends = np.array([centre - half, centre + half])
    return np.array([estimate, *(np.exp(ends) if positive else ends)])


def _link(values: FloatArray, positive: bool) -> FloatArray:
    return np.asarray(np.log(values) if positive else values, dtype=np.float64)


def table(rows: dict[str, FloatArray]) -> pd.DataFrame:
    """The derived-quantity DataFrame (index ``quantity``; estimate, lower, upper)."""
    return pd.DataFrame.from_dict(
        rows, orient="index", columns=["estimate", "lower", "upper"]
    ).rename_axis("quantity")
