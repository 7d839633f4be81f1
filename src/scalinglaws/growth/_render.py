"""Summary text and matplotlib plot of a GrowthFit (matplotlib is imported only in plot)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from scalinglaws._optional import plot_axes
from scalinglaws.growth.derived import derived_table
from scalinglaws.predictive import central_interval
from scalinglaws.results import Summary

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from scalinglaws.growth.result import GrowthFit

__all__ = ["plot", "summary"]

_FAMILY_TEXT = {
    "normal": "least squares (normal errors)",
    "poisson": "Poisson",
    "negbin": "negative binomial",
}
_DERIVED_TEXT = {
    "growth_rate": "growth rate r",
    "doubling_time": "doubling time (early, ln 2 / r)",
    "carrying_capacity": "carrying capacity K",
    "inflection_time": "inflection time tm",
}


def summary(fit: GrowthFit) -> Summary:
    """Estimates with 95% intervals, derived quantities, the error model and notes."""
    spec = fit.spec
    table = fit.conf_int(0.95)
    data = "cumulative totals" if fit.cumulative else "incidence per interval"
    rows = [
        ("law", f"{fit.law}: {spec.formula}"),
        (
            "data",
            f"n = {fit.n} {data}, t = {fit.axis.label(fit.t[0])} to {fit.axis.label(fit.t[-1])}",
        ),
        (
            "errors",
            _FAMILY_TEXT[fit.errors]
            + "".join(f", {key} = {value:.4g}" for key, value in fit.dispersion.items()),
        ),
    ]
    se = fit.stderr
    for name, row in table.iterrows():
        if str(name) in fit.fixed:
            rows.append((str(name), f"{row['estimate']:.5g} (fixed: the first observation)"))
            continue
        rows.append(
            (
                str(name),
                f"{row['estimate']:.5g} ± {se[str(name)]:.2g}  "
                f"[{row['lower']:.5g}, {row['upper']:.5g}]",
            )
        )
    for name, row in derived_table(table, spec.derived).iterrows():
        text = f"{row['estimate']:.5g}  [{row['lower']:.5g}, {row['upper']:.5g}]"
        if name == "inflection_time" and fit.axis.is_date:
            text += f"  ({fit.axis.label(row['estimate'])})"
        rows.append((_DERIVED_TEXT[str(name)], text))
    how = (
        f"parametric bootstrap, {fit.boot.n_ok} replicates"
        if fit.boot is not None
        else "Wald on the log/logit scale"
    )
    notes = [
        f"{spec.citation}.",
        f"Intervals: 95% {how}; forecast() gives parametric-bootstrap quantiles.",
    ]
    if "tm" in spec.params and fit.params["tm"] > fit.t[-1]:
        notes.append(
            "The inflection lies after the last observation, so K and tm are "
            "extrapolations; see backtest()."
        )
    if fit.axis.is_date:
        notes.append(f"Times are days since {fit.axis.label(0.0)}; rates are per day.")
    return Summary(f"Growth law ({fit.law})", tuple(rows), tuple(notes))


def plot(fit: GrowthFit, ax: Axes | None, forecast: pd.DataFrame | None) -> Axes:
    """Data, fitted curve and, given ``forecast`` (from :meth:`forecast`), its fan."""
    ax = plot_axes(ax, "GrowthFit.plot()")
    grid = np.linspace(fit.t[0], fit.t[-1], 300)
    ax.plot(fit.axis.to_user(fit.t), fit.y, "o", color="0.3", markersize=4, label="data")
    ax.plot(
        fit.axis.to_user(grid),
        fit.predict(fit.axis.to_user(grid)),
        "-",
        color="C0",
        label=f"{fit.law} fit",
    )
    if forecast is not None and len(forecast):
        level = forecast.attrs.get("level") or 0.95
        lower, upper = central_interval(forecast, level)
        ax.fill_between(
            forecast["t"],
            lower,
            upper,
            color="C0",
            alpha=0.25,
            linewidth=0,
            label=f"{level:.0%} prediction band",
        )
        ax.plot(forecast["t"], forecast["median"], "--", color="C0", label="forecast (median)")
    if fit.axis.is_date:
        ax.tick_params(axis="x", labelrotation=30)
    ax.set_xlabel("date" if fit.axis.is_date else "t")
    ax.set_ylabel("cumulative" if fit.cumulative else "incidence")
    ax.legend()
    return ax
