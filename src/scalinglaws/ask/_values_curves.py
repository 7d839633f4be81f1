"""The values of growth curves and neural scaling laws (see :mod:`scalinglaws.ask.values`).

Each function reads a result's public API only (``params``, ``conf_int()``,
``derived()``, ``predict``, ``frontier``, ``compute_optimal``, ``n_runs``) and what was
saved beside it in a bundle (a forecast, a compute-optimal table, a ladder's target);
the ``*_at`` functions evaluate the fit at the inputs a question names.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from scalinglaws.ask._fact import step_key
from scalinglaws.ask._params import FRONTIER, OPTIMAL, count, own_params
from scalinglaws.ask._sentences import BUDGETS
from scalinglaws.ask._value import Value, _finite, conf_table, interval_of, units_by_column
from scalinglaws.ask.verbalize import cautious, fmt
from scalinglaws.errors import ScalingLawError

__all__ = ["forecast", "frontier", "growth", "growth_at", "neural", "neural_at"]


# --- growth ------------------------------------------------------------------------------
def _time_unit(fit: Any) -> str:
    return "days" if fit.axis.is_date else "years"


def growth(label: str, fit: Any, meta: Mapping[str, Any], extras: Mapping[str, Any]) -> list[Value]:
    out = []
    y_unit = units_by_column(meta).get(str(meta.get("y") or ""), None)
    for value in own_params(label, fit, meta):
        name = value.key.removeprefix("param:")
        unit, note = None, None
        if name == "r":
            unit = "per day" if fit.axis.is_date else "per year"
        elif name in ("K", "C0"):
            unit = y_unit
        elif name == "tm" and fit.axis.is_date:
            note = f"{fit.axis.label(value.value)}"
            unit = "days"
        if name in getattr(fit, "fixed", ()):
            note = "fixed at the first observation, not estimated"
        verdict = None
        if name == "p" and value.interval is not None:
            low, high = value.interval
            verdict = (
                "sub-exponential growth (p below 1)"
                if high < 1
                else "faster than exponential (p above 1)"
                if low > 1
                else "consistent with exponential growth (p = 1 in the interval)"
            )
        out.append(replace(value, unit=unit, note=note, verdict=verdict))
    derived = fit.derived(0.95)
    if "doubling_time" in derived.index:
        row = derived.loc["doubling_time"]
        out.append(
            Value(
                label,
                "derived:doubling_time",
                "doubling time of the early exponential phase",
                _finite(row["estimate"]),
                "derived",
                {"doubling": 2.0},
                unit=_time_unit(fit),
                interval=(float(row["lower"]), float(row["upper"])),
                fact="derived:doubling_time",
            )
        )
    out.append(count(label, fit.n, "number of observations", "model"))
    try:
        t_next = float(fit.t[-1] + fit.step)
        after = float(fit.predict(fit.axis.to_user([t_next]))[0])
    except (ScalingLawError, IndexError, TypeError, ValueError):
        after = None
    if after is not None:
        when = fit.axis.label(t_next)
        out.append(
            Value(
                label,
                "predict:next",
                f"value the fit predicts at {when}, one step after the last observation",
                after,
                "derived",
                {"prediction": 1.5, "forecast": 0.5},
                unit=y_unit,
                at={"next": 1.0},
                fact="predict",
            )
        )
    forecast = extras.get("forecast")
    records = forecast.get("records") if isinstance(forecast, Mapping) else None
    level = forecast.get("level", 0.95) if isinstance(forecast, Mapping) else 0.95
    for row in records or ():
        if not isinstance(row, Mapping) or not {"t", "mean", "lower", "upper"} <= row.keys():
            continue
        day = pd.Timestamp(row["t"]) if fit.axis.is_date else None
        when = f"{day:%Y-%m-%d}" if day is not None else f"{row['t']}"
        out.append(
            Value(
                label,
                f"forecast:{when}",
                f"forecast for {when}",
                _finite(row["mean"]),
                "derived",
                # the stored forecast's point value is the mean of its bootstrap paths
                {"forecast": 1.5, "prediction": 1.0, "mean": 1.0},
                unit=y_unit,
                interval=(float(row["lower"]), float(row["upper"])),
                date=day,
                at={} if day is not None else {"t": float(row["t"])},
                fact="extra:forecast",
                note=f"{100 * float(level):g}% interval",
            )
        )
    return out


def growth_at(label: str, fit: Any, extras: Mapping[str, Any], query: Any) -> list[Value]:
    out = []
    forecast = extras.get("forecast")
    records = forecast.get("records") if isinstance(forecast, Mapping) else None
    stored = {str(row.get("t"))[:10] for row in records or () if isinstance(row, Mapping)}
    times: list[tuple[Any, pd.Timestamp | None]]
    if fit.axis.is_date:
        days = [pd.Timestamp(d) for d in query.mentions.dates]
        # A stored forecast is the result's word on the days after the data: a day past
        # its last one is not read off the curve (the forecast's horizon ends there).
        horizon = max((pd.Timestamp(t) for t in stored), default=None)
        times = [
            (day, day)
            for day in days
            if f"{day:%Y-%m-%d}" not in stored and (horizon is None or day <= horizon)
        ]
    else:
        times = [(float(y), None) for y in query.mentions.point_years]
    y_unit = None
    for t, day in times:
        value = float(fit.predict([t])[0])
        when = f"{day:%Y-%m-%d}" if day is not None else f"{float(t):g}"
        out.append(
            Value(
                label,
                f"predict:{when}",
                f"value the fitted curve gives for {when}",
                value,
                "derived",
                {"prediction": 1.5, "forecast": 0.8},
                unit=y_unit,
                date=day,
                at={} if day is not None else {"t": float(t)},
                fact="predict",
                note="a point on the fitted curve, without an interval",
            )
        )
    return out


# --- forecasts -----------------------------------------------------------------------------
def forecast(
    label: str, fc: Any, meta: Mapping[str, Any], extras: Mapping[str, Any]
) -> list[Value]:
    """A forecast's median, 95% interval and standard error per step, and values observed since.

    An ensemble's values carry the word "ensemble" (a question naming it asks for them
    rather than a single law's stored forecast); ``extras["observed"]`` (what was
    reported on a forecast day, e.g. "WHO reported") is the reporter's value, published.
    """
    y_unit = units_by_column(meta).get(str(meta.get("y") or ""), None)
    # each step's value is the forecast distribution's median (a question may ask for it so)
    # (the point forecast: a question may call it the mean)
    concepts = {"forecast": 1.5, "prediction": 1.0, "median": 1.0, "mean": 0.5}
    if fc.members:
        concepts["ensemble"] = 1.0
    wide = fc.conf_int(0.95, method="analytic")
    spread = fc.stderr  # per step h1, h2, ...: the interquartile range / 1.349
    out = []
    for i, when in enumerate(fc.axis.to_user(fc.times)):
        day = pd.Timestamp(when) if fc.axis.is_date else None
        text = f"{day:%Y-%m-%d}" if day is not None else f"{float(when):g}"
        out.append(
            Value(
                label,
                f"forecast:{text}",
                f"{fc.method} forecast (median) for {text}",
                _finite(fc.median[i]),
                "derived",
                concepts,
                unit=y_unit,
                interval=(float(wide.iloc[i]["lower"]), float(wide.iloc[i]["upper"])),
                stderr=_finite(spread.get(f"h{i + 1}")),
                date=day,
                at={} if day is not None else {"t": float(when)},
                fact=step_key(i + 1),
                note="95% prediction interval",
            )
        )
    for row in extras.get("observed") or ():
        if not isinstance(row, Mapping) or _finite(row.get("value")) is None:
            continue
        day = pd.Timestamp(row["t"]) if fc.axis.is_date else None
        text = f"{day:%Y-%m-%d}" if day is not None else f"{row['t']}"
        who = str(row.get("label") or "observed")
        out.append(
            Value(
                label,
                f"observed:{text}",
                f"value reported for {text}",
                _finite(row["value"]),
                "published",
                # what the forecast (an ensemble's, when it is one) was assessed against
                {"actual": 1.5, "prediction": 0.5, "forecast": 0.5}
                | ({"ensemble": 0.3} if fc.members else {}),
                unit=y_unit,
                by=who.removesuffix(" reported") or who,
                date=day,
                at={} if day is not None else {"t": float(row["t"])},
            )
        )
    return out


# --- neural scaling laws ---------------------------------------------------------------
def neural(label: str, fit: Any, meta: Mapping[str, Any], extras: Mapping[str, Any]) -> list[Value]:
    out = own_params(label, fit, meta)
    out += [
        Value(
            label,
            "n_runs",
            "number of training runs fitted",
            _finite(fit.n_runs),
            "fitted",
            {"count": 1.0, "runs": 1.5, "sample": 0.5},
            fact="model",
        ),
        Value(
            label,
            "n_best_basin",
            f"number of the {fit.n_starts} optimizer starts that reached the best basin",
            _finite(fit.n_best_basin),
            "fitted",
            {"starts": 2.0, "count": 0.5},
            fact="model",
        ),
    ]
    try:
        point = fit.frontier
    except ScalingLawError:
        point = {}
    table = conf_table(fit)
    for name, value in point.items():
        what, concepts = FRONTIER[name]
        out.append(
            Value(
                label,
                f"frontier:{name}",
                what,
                _finite(value),
                "derived",
                concepts,
                frozenset({name}),
                interval=interval_of(table, name),
                fact="frontier",
            )
        )
    for row in extras.get("compute_optimal") or ():
        if isinstance(row, Mapping) and _finite(row.get("C")) is not None:
            out += _optimal_values(label, dict(row), stored=True)
    target = extras.get("target_prediction")
    if isinstance(target, Mapping) and isinstance(target.get("prediction"), Mapping):
        pred = target["prediction"]
        lo, hi = _finite(pred.get("lower")), _finite(pred.get("upper"))
        out.append(
            Value(
                label,
                "target",
                "predicted loss of the held-out target model",
                _finite(pred.get("loss")),
                "derived",
                {"target": 2.0, "loss": 1.0, "prediction": 1.0},
                interval=(lo, hi) if lo is not None and hi is not None else None,
                verdict=str(target.get("verdict") or ""),
                fact="extra:target_prediction",
            )
        )
        out += [
            Value(
                label,
                "target:actual",
                "loss the held-out target model reached in training",
                _finite(target.get("actual")),
                "fitted",
                {"target": 1.0, "loss": 0.5, "actual": 2.0},
                fact="extra:target_prediction",
            ),
            Value(
                label,
                "target:error",
                "relative error of the target prediction",
                _finite(target.get("relative_error")),
                "derived",
                {"target": 1.0, "error": 2.0, "prediction": 0.5},
                fact="extra:target_prediction",
            ),
        ]
    return out


#: The law's own symbols for its compute-optimal sizes: at a budget, "the parameter count N"
#: can only be the optimum's (the law's input N is no value to look up).
_OPTIMAL_SYMBOLS = {"N_opt": frozenset({"N"}), "D_opt": frozenset({"D"})}


def _optimal_values(label: str, row: dict[str, Any], *, stored: bool) -> list[Value]:
    budget = float(row["C"])
    out = []
    for column, (what, unit, concepts) in OPTIMAL.items():
        low, high = _finite(row.get(f"{column}_lower")), _finite(row.get(f"{column}_upper"))
        out.append(
            Value(
                label,
                f"optimal:{budget:g}:{column}",
                f"{what} at C = {budget:.3g} FLOPs",
                _finite(row.get(column)),
                "derived",
                concepts,
                unit=unit,
                interval=(low, high) if low is not None and high is not None else None,
                symbols=_OPTIMAL_SYMBOLS.get(column, frozenset()),
                at={"C": budget},
                fact=_optimal_fact(budget, stored),
            )
        )
    return out


def _optimal_fact(budget: float, stored: bool) -> str | None:
    """The verbalised fact stating the allocation at ``budget``, if there is one."""
    if stored:
        return f"extra:optimal:{fmt(budget)}"
    return f"optimal:{fmt(budget)}" if any(np.isclose(budget, b) for b in BUDGETS) else None


def neural_at(label: str, fit: Any, extras: Mapping[str, Any], query: Any) -> list[Value]:
    numbers = query.mentions.numbers
    budgets = [
        n.value for n in numbers if n.unit == "flops" or (n.unit is None and n.value >= 1e15)
    ]
    out = []
    stored = {float(r["C"]) for r in extras.get("compute_optimal") or () if isinstance(r, Mapping)}
    level = 0.95 if getattr(fit, "boot", None) is not None else None
    for budget in budgets:
        if any(np.isclose(budget, c, rtol=1e-9) for c in stored):
            continue
        table, note = cautious(partial(fit.compute_optimal, [budget], level=level))
        made = _optimal_values(label, table.iloc[0].to_dict(), stored=False)
        out += [replace(v, note=note) if note else v for v in made]
    sizes = [
        n.value for n in numbers if n.unit == "params" or (n.unit is None and 1e5 <= n.value < 1e15)
    ]
    tokens = [n.value for n in numbers if n.unit == "tokens"]
    if sizes and tokens:
        n, d = sizes[0], tokens[0]
        predicted, note = cautious(lambda: fit.predict(n, d))
        out.append(
            Value(
                label,
                f"predict:{n:g}:{d:g}",
                f"predicted loss at N = {n:.3g}, D = {d:.3g}",
                float(np.asarray(predicted).ravel()[0]),
                "derived",
                {"loss": 1.0, "prediction": 1.5, "model_size": 0.3, "data_size": 0.3},
                at={"N": n, "D": d},
                fact="predict",
                note=note or None,
            )
        )
    return out


# --- isoflop and envelope ---------------------------------------------------------------
def frontier(
    label: str, fit: Any, meta: Mapping[str, Any], extras: Mapping[str, Any]
) -> list[Value]:
    out = []
    for value in own_params(label, fit, meta):
        name = value.key.removeprefix("param:")
        if name in FRONTIER:
            what, concepts = FRONTIER[name]
            value = replace(value, name=what, concepts=concepts, symbols=frozenset({name}))
        out.append(value)
    return out
