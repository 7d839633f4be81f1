"""Summary text and the matplotlib fan chart of a Forecast (matplotlib only in ``plot``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from scalinglaws._optional import plot_axes
from scalinglaws._words import fmt
from scalinglaws.results import Summary

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from scalinglaws.forecast.result import Forecast

__all__ = ["BANDS", "describe", "plot", "shown_steps", "summary", "verdicts"]

#: The central intervals a fan chart shades, widest first.
BANDS = (0.95, 0.8, 0.5)
#: Summaries list at most this many steps (evenly spaced, always the last).
SHOWN = 8
_COMBINATION = {
    "vincent": "quantile average",
    "mixture": "probability mixture",
    "median": "quantile median",
}
#: What a single method that is not a growth law is (growth laws are bootstrapped).
_KIND = {"naive": "hub baseline", "transformer": "pretrained Transformer, 200 sample paths"}
_WEIGHTING = {"aicc": "Akaike (AICc)", "wis": "inverse past-WIS", "equal": "equal"}


def describe(fc: Forecast) -> str:
    """The method in a few words, e.g. "ensemble of 4 members (AICc weights, quantile average)"."""
    if fc.method != "ensemble":
        return f"{fc.method} ({_KIND.get(fc.method, 'growth law')})"
    used = sum(1 for m in fc.members if m.ok)
    return (
        f"ensemble of {used} members ({_WEIGHTING.get(fc.weighting, fc.weighting)} weights, "
        f"{_COMBINATION.get(fc.combination, fc.combination)})"
    )


def shown_steps(steps: int, limit: int = SHOWN) -> list[int]:
    """At most ``limit`` evenly spaced step indices, always the first and the last."""
    return sorted({int(i) for i in np.linspace(0, steps - 1, min(steps, limit)).round()})


def summary(fc: Forecast) -> Summary:
    """The forecast's median and 95% interval at a few steps, the members and notes."""
    t_fit, _ = fc.fitted
    what = fc.series_kind
    rows = [
        ("method", describe(fc)),
        ("data", f"{fc.t.size} points, {what}, last at {fc.axis.label(float(fc.t[-1]))}"),
        ("fitted", "all points" if fc.window is None else f"the last {fc.window} points"),
        ("horizon", f"{fc.steps} steps to {fc.axis.label(float(fc.times[-1]))}"),
    ]
    intervals = fc.conf_int(0.95, method="analytic")
    for i in shown_steps(fc.steps):
        row = intervals.iloc[i]
        rows.append(
            (
                f"{fc.axis.label(float(fc.times[i]))} (h{i + 1})",
                f"{row['estimate']:.5g}  [{row['lower']:.5g}, {row['upper']:.5g}]",
            )
        )
    for member in fc.members:
        text = f"weight {member.weight:.3f}" if member.ok else f"left out: {member.note}"
        if member.ok and np.isfinite(member.aicc):
            text += f", AICc {member.aicc:.1f}"
        if member.ok and np.isfinite(member.wis):
            text += f", past WIS {member.wis:.4g}"
        rows.append((f"member {member.name}", text))
    notes = ["Median and 95% prediction interval per step (h = steps ahead)."]
    if fc.n_boot and fc.method not in _KIND:
        notes.append(f"Growth members: parametric bootstrap, {fc.n_boot} replicates each.")
    if fc.axis.is_date:
        notes.append(f"Times are days since {fc.axis.label(0.0)}.")
    if t_fit.size < fc.t.size:
        notes.append(f"Only the last {t_fit.size} of {fc.t.size} points were fitted.")
    return Summary(f"Forecast ({fc.method})", tuple(rows), tuple(notes))


def plot(fc: Forecast, ax: Axes | None) -> Axes:
    """Data (fitted points darker), the bands of :data:`BANDS` and the median forecast."""
    ax = plot_axes(ax, "Forecast.plot()")
    t_fit, y_fit = fc.fitted
    user = fc.axis.to_user
    if t_fit.size < fc.t.size:
        early = slice(0, fc.t.size - t_fit.size)
        ax.plot(user(fc.t[early]), fc.y[early], "o", color="0.7", markersize=3, label="earlier")
    ax.plot(user(t_fit), y_fit, "o", color="0.25", markersize=4, label="data")
    times = user(fc.times)
    for level in BANDS:
        tail = (1.0 - level) / 2.0
        ends = fc.quantile_at([tail, 1.0 - tail])
        ax.fill_between(
            times,
            ends[:, 0],
            ends[:, 1],
            color="C0",
            alpha=0.18,
            linewidth=0,
            label=f"{level:.0%} interval",
        )
    ax.plot(times, fc.median, "-", color="C0", linewidth=2, label="median forecast")
    for member in fc.members:
        if member.ok and member.weight > 0:
            ax.plot(
                times,
                member.median,
                "--",
                linewidth=0.8,
                alpha=0.8,
                label=f"{member.name} ({member.weight:.2f})",
            )
    if fc.axis.is_date:
        ax.tick_params(axis="x", labelrotation=30)
    ax.set_xlabel("date" if fc.axis.is_date else "t")
    ax.set_ylabel(fc.series_kind)
    ax.set_title(f"Forecast: {describe(fc)}", fontsize=9)
    ax.legend(fontsize=7)
    return ax


def verdicts(fc: Forecast) -> list[str]:
    """The last step's forecast and, for ensembles, the heaviest member, in words.

    Parameters
    ----------
    fc : Forecast
        The forecast.

    Returns
    -------
    list of str
        The sentences.
    """
    last = fc.conf_int(0.95, method="analytic").iloc[-1]
    when = fc.axis.label(float(fc.times[-1]))
    out = [
        f"The {describe(fc)} forecasts {fmt(last['estimate'])} at {when} "
        f"(95% prediction interval {fmt(last['lower'])} to {fmt(last['upper'])})."
    ]
    if fc.weights:
        name, weight = max(fc.weights.items(), key=lambda item: item[1])
        out.append(f"The heaviest member is {name}, with weight {fmt(weight, '.2f')}.")
    return out
