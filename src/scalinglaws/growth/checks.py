"""Checks of a growth series: times, values, the error family, revised totals.

Each check returns clean data or raises a :mod:`scalinglaws.errors` exception
naming the argument, the value seen and the fix. Cumulative counts that fall
(surveillance reports revised downward) are not refused: :func:`revise` caps
each earlier total at the smallest later one and says so.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from scalinglaws._types import FloatArray
from scalinglaws._validate import as_float_vector
from scalinglaws.errors import InvalidInputError, InvalidOptionError
from scalinglaws.growth.times import TimeAxis, column_label, parse_times

__all__ = [
    "check_cumulative",
    "check_times",
    "check_values",
    "read_series",
    "resolve_errors",
    "revise",
]


def read_series(t: Any, y: Any) -> tuple[FloatArray, FloatArray, TimeAxis, str]:
    """Times (numbers or dates) and values of one series: (times, values, axis, y's name).

    Times must be strictly increasing and as many as the values; the values are
    checked later, by :func:`check_values`, once the error family is known.
    """
    t_name, y_name = column_label(t, "t"), column_label(y, "y")
    times, origin = parse_times(t, t_name)
    axis = TimeAxis(origin)
    values = as_float_vector(y, y_name)
    if times.size != values.size:
        raise InvalidInputError(
            f"{t_name} has {times.size} value(s) but {y_name} has {values.size}; "
            "pass one time per observation."
        )
    check_times(times, axis, t_name)
    return times, values, axis, y_name


def check_cumulative(cumulative: object) -> bool:
    """``cumulative`` must be a bool (a string such as "yes" would be truthy)."""
    if not isinstance(cumulative, (bool, np.bool_)):
        raise InvalidOptionError(
            f"cumulative={cumulative!r} must be True (y is a running total) or False "
            "(y is the amount per interval)."
        )
    return bool(cumulative)


def resolve_errors(errors: str, values: FloatArray) -> str:
    """``auto`` -> negbin for whole numbers, normal otherwise."""
    if errors != "auto":
        return errors
    return "negbin" if np.all(values == np.round(values)) else "normal"


def check_times(times: FloatArray, axis: TimeAxis, name: str) -> None:
    """Times must be strictly increasing: no repeats, no disorder."""
    steps = np.diff(times)
    if np.all(steps > 0):
        return
    i = int(np.flatnonzero(steps <= 0)[0])
    a, b = axis.label(times[i]), axis.label(times[i + 1])
    if steps[i] == 0:
        raise InvalidInputError(
            f"{name}: time {a} appears more than once (positions {i} and {i + 1}); "
            "give each time one row (sum the incidence, or keep the last cumulative total)."
        )
    raise InvalidInputError(
        f"{name}: times are not in increasing order ({a} at position {i} comes before "
        f"{b} at position {i + 1}); sort the rows by time first."
    )


def check_values(
    values: FloatArray,
    times: FloatArray,
    axis: TimeAxis,
    name: str,
    *,
    family: str,
    cumulative: bool,
    growth: bool = True,
) -> None:
    """Some growth to fit; counts are non-negative whole numbers that, if cumulative, never fall.

    With least squares (``normal``) a measurement may dip below zero (noise around a
    small size), but the series must reach a positive size. ``growth=False`` accepts a
    series that never does (nothing has happened yet: the forecast hubs' baseline
    carries the zero forward).
    """
    total = values if cumulative else np.cumsum(values)
    if growth and not np.any(total > 0):
        raise InvalidInputError(
            f"{name}: no value is positive (largest {values.max():g}); there is no growth to fit."
        )
    negative = np.flatnonzero(values < 0)
    if negative.size and family != "normal":
        i = int(negative[0])
        raise InvalidInputError(
            f"{name}: {negative.size} value(s) are negative (first at position {i}, "
            f"t = {axis.label(times[i])}: {values[i]:g}), but errors={family!r} needs counts; "
            "fix or drop those rows, or use errors='normal' for noisy measurements."
        )
    if family != "normal":
        fraction = np.flatnonzero(values != np.round(values))
        if fraction.size:
            i = int(fraction[0])
            raise InvalidInputError(
                f"{name}: value {values[i]:g} at position {i} is not a whole number, but "
                f"errors={family!r} needs counts; use errors='normal' for measurements."
            )


def revise(
    values: FloatArray, times: FloatArray, axis: TimeAxis, name: str
) -> tuple[FloatArray, str | None]:
    """Cumulative counts made non-decreasing, and the warning that says how.

    Real surveillance totals fall when a report revises earlier counts downward
    (WHO's reclassifications). A count likelihood needs non-negative increments, so
    each total is capped at the smallest total reported after it (a running minimum
    from the end): the later, revised report is taken as the truth about the
    earlier dates, and no count is invented. This is the monotone adjustment of
    the reports, not a smoother (a pool-adjacent-violators fit would average the
    revised and unrevised totals and give fractional counts). To fit the reported
    values as they are, use ``errors="normal"`` (least squares on the totals).
    """
    falls = np.flatnonzero(np.diff(values) < 0)
    if falls.size == 0:
        return values, None
    adjusted = np.minimum.accumulate(values[::-1])[::-1]
    changed = int(np.sum(adjusted != values))
    i = int(falls[0])
    message = (
        f"{name}: the cumulative total falls {falls.size} time(s) (first from {values[i]:g} "
        f"at t = {axis.label(times[i])} to {values[i + 1]:g} at t = "
        f"{axis.label(times[i + 1])}); {changed} earlier total(s) were capped at the later, "
        "revised ones before fitting (monotone adjustment); use errors='normal' to fit the "
        "reported totals as they are"
    )
    return adjusted, message
