"""Sentences about a forecast.

Sentences about a :class:`~scalinglaws.forecast.Forecast` (the verbaliser of kind
``"forecast"``): what was forecast from which data, the median and intervals at a
few steps, and each ensemble member's weight.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from scalinglaws.ask._fact import Fact, fmt, step_key
from scalinglaws.forecast._render import describe, shown_steps

__all__ = ["forecast"]


def forecast(fc: Any, label: str) -> list[Fact]:
    """Facts of one forecast (``fc`` is a Forecast; Any keeps ask free of its import)."""
    axis = fc.axis
    what = fc.series_kind
    fitted = "all of them" if fc.window is None else f"the last {fc.window}"
    facts = [
        Fact(
            "model",
            f"In {label}, the {describe(fc)} forecasts {what} from {fc.t.size} observations "
            f"dated {axis.label(float(fc.t[0]))} to {axis.label(float(fc.t[-1]))} "
            f"(fitted to {fitted}), {fc.steps} steps ahead.",
            label,
            "model",
        )
    ]
    wide, narrow = fc.conf_int(0.95, method="analytic"), fc.conf_int(0.5, method="analytic")
    for i in shown_steps(fc.steps):
        when = axis.label(float(fc.times[i]))
        facts.append(
            Fact(
                step_key(i + 1),
                f"In {label}, the forecast for {when} ({i + 1} steps ahead) is "
                f"{fmt(fc.median[i])} (95% prediction interval {fmt(wide.iloc[i]['lower'])} "
                f"to {fmt(wide.iloc[i]['upper'])}; 50% interval "
                f"{fmt(narrow.iloc[i]['lower'])} to {fmt(narrow.iloc[i]['upper'])}).",
                label,
                "prediction",
            )
        )
    for member in fc.members:
        if not member.ok:
            text = f"In {label}, the ensemble left out {member.name}: {member.note}."
        else:
            text = f"In {label}, the ensemble member {member.name} has weight {fmt(member.weight)}"
            if np.isfinite(member.aicc):
                text += f" (AICc {fmt(member.aicc)})"
            text += "."
        facts.append(Fact(f"member:{member.name}", text, label, "model"))
    return facts
