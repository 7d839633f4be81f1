"""Input checks of the scores: truths, quantile matrices and their levels.

Every score takes plain numpy arrays: ``truth`` of shape (n,) and, for the
quantile scores, ``quantiles`` of shape (n, K) whose columns are the levels
``levels`` (K,). The checks here raise a :mod:`scalinglaws.errors` exception
naming the argument, the position and the value seen, never a silent NaN.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from scalinglaws._types import FloatArray
from scalinglaws.errors import EmptyDataError, InvalidInputError, InvalidOptionError
from scalinglaws.quantiles import check_quantiles

__all__ = ["as_levels", "as_quantiles", "as_truth", "check_same_length", "symmetric_pairs"]

#: Two levels closer than this are the same level (0.1 + 0.8 != 0.9 in floats).
LEVEL_TOLERANCE = 1e-9


def as_truth(values: Any, name: str = "truth") -> FloatArray:
    """A finite 1-D float array of observed values (a scalar becomes length 1)."""
    array = _float_array(values, name)
    if array.ndim == 0:
        array = array.reshape(1)
    if array.ndim != 1:
        raise InvalidInputError(
            f"{name}: expected one value per forecast (1-D), got shape {array.shape}."
        )
    if array.size == 0:
        raise EmptyDataError(f"{name}: no values; there is nothing to score.")
    _require_finite(array, name, "observed values must be finite numbers; drop those rows")
    return array


def as_levels(levels: Any, name: str = "levels") -> FloatArray:
    """Strictly increasing levels in (0, 1) as a float array (see ``check_quantiles``)."""
    return np.asarray(check_quantiles(levels, name), dtype=np.float64)


def as_quantiles(values: Any, levels: FloatArray, n: int, name: str = "quantiles") -> FloatArray:
    """An (n, K) finite array whose rows do not decrease across the K levels.

    Raises
    ------
    InvalidInputError
        Wrong shape (not one row per truth or one column per level), NaN or
        infinite values, or quantiles that cross (a row falling from one level
        to the next).
    """
    array = _float_array(values, name)
    if array.ndim == 1 and levels.size == 1:
        array = array[:, None]
    if array.ndim == 1 and n == 1:
        array = array[None, :]
    if array.ndim != 2 or array.shape != (n, levels.size):
        raise InvalidInputError(
            f"{name}: expected shape ({n}, {levels.size}) (one row per observed value, one "
            f"column per level), got {array.shape}; check that forecasts and truths are aligned."
        )
    _require_finite(array, name, "every predictive quantile must be a finite number")
    steps = np.diff(array, axis=1)
    crossing = steps < 0
    if crossing.any():
        row, column = (int(i) for i in np.argwhere(crossing)[0])
        raise InvalidInputError(
            f"{name}: quantiles cross in row {row}: the {levels[column]:g} quantile is "
            f"{array[row, column]:g} but the {levels[column + 1]:g} quantile is "
            f"{array[row, column + 1]:g} ({int(crossing.any(axis=1).sum())} row(s) affected); "
            "quantiles must not decrease with the level: sort each row (np.sort(q, axis=1))."
        )
    return array


def check_same_length(n: int, **arrays: FloatArray) -> None:
    """Raise when any named array does not have ``n`` rows."""
    for name, array in arrays.items():
        if array.shape[0] != n:
            raise InvalidInputError(
                f"{name} has {array.shape[0]} value(s) but truth has {n}; "
                "pass one forecast per observed value, in the same order."
            )


def symmetric_pairs(levels: FloatArray) -> tuple[int, list[tuple[int, int]]]:
    """The median's column and the (lower, upper) columns of each central interval.

    Raises
    ------
    InvalidOptionError
        When 0.5 is missing or a level has no mirror level 1 - level.
    """
    median = np.flatnonzero(np.abs(levels - 0.5) < LEVEL_TOLERANCE)
    if median.size != 1:
        raise InvalidOptionError(
            "levels: the weighted interval score needs the median (level 0.5) among the "
            f"levels, got {[f'{x:g}' for x in levels]}; add 0.5 or use pinball_loss."
        )
    pairs = []
    for low in np.flatnonzero(levels < 0.5 - LEVEL_TOLERANCE):
        mirror = np.flatnonzero(np.abs(levels - (1.0 - levels[low])) < LEVEL_TOLERANCE)
        if mirror.size != 1:
            raise InvalidOptionError(
                f"levels: {levels[low]:g} has no mirror level {1 - levels[low]:g}; the "
                "weighted interval score needs central intervals (levels in pairs a, 1 - a)."
            )
        pairs.append((int(low), int(mirror[0])))
    if 2 * len(pairs) + 1 != levels.size:
        raise InvalidOptionError(
            "levels: every level above 0.5 needs its mirror below 0.5 for the weighted "
            f"interval score; got {[f'{x:g}' for x in levels]}."
        )
    return int(median[0]), pairs


def _float_array(values: Any, name: str) -> FloatArray:
    if isinstance(values, (str, bytes)):
        raise InvalidInputError(f"{name}: expected numbers, got the string {values[:40]!r}.")
    try:
        return np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise InvalidInputError(
            f"{name}: the values are not all numbers; pass a numeric array."
        ) from None


def _require_finite(array: FloatArray, name: str, fix: str) -> None:
    bad = ~np.isfinite(array)
    if bad.any():
        first = tuple(int(i) for i in np.argwhere(bad)[0])
        where = first[0] if len(first) == 1 else first
        raise InvalidInputError(
            f"{name}: {int(bad.sum())} value(s) are NaN or infinite (first at {where}: "
            f"{array[first]!r}); {fix}."
        )
