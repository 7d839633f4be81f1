"""Summary text and matplotlib plot of a GrowthFit (matplotlib is imported only in plot)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from scalinglaws._optional import plot_axes
from scalinglaws._words import fmt
from scalinglaws.growth.derived import quantity
from scalinglaws.predictive import central_interval
from scalinglaws.results import Summary

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from scalinglaws.growth.result import GrowthFit

__all__ = ["plot", "summary", "verdicts"]

_FAMILY_TEXT = {
    "normal": "least squares (normal errors)",
    "poisson": "Poisson",
    "negbin": "negative binomial",
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
        key = str(name)
        if key in fit.fixed:
            how = "the first observation" if key == "C0" and "C0" not in _pinned(fit) else "given"
            rows.append((key, f"{row['estimate']:.5g} (fixed: {how})"))
            continue
        spread = f" ± {se[key]:.2g}" if key in se else ""
        edge = f"  (at its {fit.at_bound[key]} bound)" if key in fit.at_bound else ""
        rows.append(
            (key, f"{row['estimate']:.5g}{spread}  [{row['lower']:.5g}, {row['upper']:.5g}]{edge}")
        )
    for name, row in fit.derived(0.95).iterrows():
        text = f"{row['estimate']:.5g}  [{row['lower']:.5g}, {row['upper']:.5g}]"
        if name in ("inflection_time", "peak_time") and fit.axis.is_date:
            text += f"  ({fit.axis.label(row['estimate'])})"
        rows.append((quantity(spec, str(name)).text, text))
    how = (
        f"parametric bootstrap, {fit.boot.n_ok} replicates"
        if fit.boot is not None
        else "Wald on the log/logit scale"
    )
    notes = [
        f"{spec.citation}.",
        f"Intervals: 95% {how}; forecast() gives parametric-bootstrap quantiles.",
    ]
    if spec.numerical:
        notes.append(
            "The curve has no closed form: it is integrated numerically (scipy solve_ivp, "
            "DOP853, relative tolerance 1e-10)."
        )
    if fit.selection:
        scores = ", ".join(f"{n}: {score:.1f}" for n, score in fit.selection)
        notes.append(f"Waves chosen by AICc among 1..{len(fit.selection)} ({scores}).")
    if "tm" in spec.params and fit.params["tm"] > fit.t[-1]:
        notes.append(
            "The inflection lies after the last observation, so K and tm are "
            "extrapolations; see backtest()."
        )
    if fit.axis.is_date:
        notes.append(f"Times are days since {fit.axis.label(0.0)}; rates are per day.")
    return Summary(f"Growth law ({fit.law})", tuple(rows), tuple(notes))


def verdicts(fit: GrowthFit) -> list[str]:
    """The derived quantities with their 95% intervals, and a word if the optimiser stopped early.

    Parameters
    ----------
    fit : GrowthFit
        The fit.

    Returns
    -------
    list of str
        The sentences.
    """
    out = []
    labels = {
        "growth_rate": "growth rate r",
        "doubling_time": "early doubling time",
        "carrying_capacity": "carrying capacity K",
        "inflection_time": "inflection time",
    }
    for name, row in fit.derived(0.95).iterrows():
        out.append(
            f"The {labels.get(str(name), str(name))} is {fmt(row['estimate'])} "
            f"(95% interval {fmt(row['lower'])} to {fmt(row['upper'])})."
        )
    if not fit.converged:
        out.append("The optimiser did not report convergence; treat the estimates with care.")
    return out


def _pinned(fit: GrowthFit) -> tuple[str, ...]:
    """Parameters pinned at a given value (not at the first observation)."""
    j = fit.spec.params.index("C0") if "C0" in fit.spec.params else -1
    first = j >= 0 and fit.z[j] == np.log(fit.y[0] / fit.design.frame.y_scale)
    return tuple(name for name in fit.fixed if name != "C0" or not first)


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
