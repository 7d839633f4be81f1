"""Input checks shared by every fit.

Each check either returns clean data or raises a :mod:`scalinglaws.errors`
exception whose message names the input, shows the offending value and says
how to fix it. Nothing is dropped or coerced silently.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from scalinglaws._types import FloatArray
from scalinglaws.errors import (
    EmptyDataError,
    InsufficientDataError,
    InvalidInputError,
    InvalidOptionError,
)


def as_float_vector(values: Any, name: str) -> FloatArray:
    """Return `values` as a finite 1-D float64 array, or raise naming `name`.

    Accepts lists, tuples, numpy arrays and pandas Series. Strings, NaN and
    infinities raise :class:`InvalidInputError` with the first bad position.
    """
    if isinstance(values, (str, bytes)):
        raise InvalidInputError(
            f"{name}: expected a sequence of numbers, got the string {values[:40]!r}; "
            "pass a list, numpy array or pandas column of numbers."
        )
    raw = np.asarray(values, dtype=object) if not isinstance(values, np.ndarray) else values
    if raw.ndim == 0:
        raise InvalidInputError(
            f"{name}: expected a sequence of numbers, got the single value {raw.item()!r}; "
            "wrap it in a list."
        )
    if raw.ndim != 1:
        raise InvalidInputError(
            f"{name}: expected a 1-D sequence, got an array of shape {raw.shape}; "
            "pass one column (e.g. df['col']) or flatten it."
        )
    if raw.size == 0:
        raise EmptyDataError(f"{name}: no values were given; pass at least one number.")
    try:
        array = np.asarray(raw, dtype=np.float64)
    except (TypeError, ValueError):
        position, bad = _first_non_numeric(raw)
        raise InvalidInputError(
            f"{name}: value {bad!r} at position {position} is not a number; "
            "remove non-numeric rows or choose a numeric column."
        ) from None
    bad_mask = ~np.isfinite(array)
    if bad_mask.any():
        first = int(np.flatnonzero(bad_mask)[0])
        raise InvalidInputError(
            f"{name}: {int(bad_mask.sum())} value(s) are NaN or infinite "
            f"(first at position {first}: {array[first]!r}); drop or impute them first."
        )
    return array


def _first_non_numeric(raw: Iterable[Any]) -> tuple[int, Any]:
    for position, item in enumerate(raw):
        try:
            float(item)
        except (TypeError, ValueError):
            return position, item
    return -1, None  # pragma: no cover - only called when conversion failed


def require_positive(array: FloatArray, name: str, *, hint: str = "") -> None:
    """Raise unless every value is strictly positive."""
    bad = array <= 0
    if bad.any():
        first = int(np.flatnonzero(bad)[0])
        fix = hint or "power laws live on positive values; drop or shift the non-positive ones"
        raise InvalidInputError(
            f"{name}: {int(bad.sum())} value(s) are zero or negative "
            f"(first at position {first}: {array[first]:g}); {fix}."
        )


def require_count(n: int, minimum: int, name: str, what: str, fix: str) -> None:
    """Raise :class:`InsufficientDataError` when `n` < `minimum`."""
    if n < minimum:
        raise InsufficientDataError(f"{name}: {what} is {n}, need at least {minimum}; {fix}.")


def check_choice(value: object, name: str, valid: Iterable[str]) -> str:
    """Return `value` if it is one of `valid`, else raise listing the options."""
    options = list(valid)
    if not isinstance(value, str) or value not in options:
        raise InvalidOptionError(
            f"{name}={value!r} is not valid; choose one of: {', '.join(options)}."
        )
    return value


def check_number(
    value: object,
    name: str,
    *,
    low: float | None = None,
    high: float | None = None,
    integer: bool = False,
) -> float:
    """Return `value` as a float if it is a finite number in [low, high]."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise InvalidOptionError(f"{name}={value!r} is not a number; pass a number.")
    number = float(value)
    if not np.isfinite(number):
        raise InvalidOptionError(f"{name}={value!r} must be finite.")
    if integer and number != int(number):
        raise InvalidOptionError(f"{name}={value!r} must be a whole number.")
    if low is not None and number < low:
        raise InvalidOptionError(f"{name}={value!r} is below the allowed minimum {low:g}.")
    if high is not None and number > high:
        raise InvalidOptionError(f"{name}={value!r} is above the allowed maximum {high:g}.")
    return number


def check_level(level: object) -> float:
    """Validate a confidence level strictly between 0 and 1."""
    number = check_number(level, "level", low=0.0, high=1.0)
    if number in (0.0, 1.0):
        raise InvalidOptionError(f"level={level!r} must lie strictly between 0 and 1, e.g. 0.95.")
    return number


def as_series(t: Any, y: Any) -> tuple[FloatArray, FloatArray]:
    """Finite times and values of one series, as many of each, times strictly increasing."""
    times, values = as_float_vector(t, "t"), as_float_vector(y, "y")
    if times.size != values.size:
        raise InvalidInputError(
            f"t has {times.size} value(s) but y has {values.size}; pass one time per value."
        )
    if np.any(np.diff(times) <= 0):
        raise InvalidInputError("t: times must be strictly increasing; sort the series first.")
    return times, values
