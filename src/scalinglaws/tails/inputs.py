"""The data of a tail fit as distinct values with counts, validated.

``fit_tail(values)`` and ``fit_tail(values, counts=...)`` both reduce their input
to the sorted distinct values and the number of observations of each, so every
later step (x_min scan, MLE, goodness of fit, comparisons, bootstrap) costs
O(distinct values) and the two give the same result.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from scalinglaws._types import FloatArray
from scalinglaws._validate import as_float_vector, require_positive
from scalinglaws.errors import EmptyDataError, InvalidInputError, InvalidOptionError

IntArray = npt.NDArray[np.int64]

#: Counts are held as int64; their total must stay exactly representable.
_MAX_TOTAL = 2**62


@dataclass(frozen=True)
class Histogram:
    """Sorted distinct positive values, their (positive) counts, and what was dropped."""

    values: FloatArray
    counts: IntArray
    n_dropped: int = 0

    @property
    def n(self) -> int:
        """The number of observations in the histogram."""
        return int(self.counts.sum())


def aggregate(values: FloatArray, counts: IntArray) -> tuple[FloatArray, IntArray]:
    """Sorted distinct values with summed counts (zero counts removed)."""
    distinct, inverse = np.unique(values, return_inverse=True)
    summed = np.zeros(distinct.size, dtype=np.int64)
    np.add.at(summed, inverse, counts)
    keep = summed > 0
    return distinct[keep], summed[keep]


def histogram(values: Any, counts: Any = None, *, drop_nonpositive: bool = False) -> Histogram:
    """Validate `values` (and `counts`) and reduce them to a :class:`Histogram`.

    Raises
    ------
    InvalidInputError
        NaN, infinite or non-numeric values; negative, fractional or mismatched
        counts; zero or negative values unless `drop_nonpositive`.
    EmptyDataError
        No values, or counts that are all zero.
    """
    x = as_float_vector(values, "values")
    weights = np.ones(x.size, dtype=np.int64) if counts is None else as_counts(counts, x.size)
    if not isinstance(drop_nonpositive, (bool, np.bool_)):
        raise InvalidOptionError(f"drop_nonpositive={drop_nonpositive!r} must be True or False.")
    dropped = 0
    if drop_nonpositive:
        bad = x <= 0
        dropped = int(weights[bad].sum())
        x, weights = x[~bad], weights[~bad]
        if x.size == 0:
            raise EmptyDataError(
                f"values: all {dropped} values are zero or negative; a power-law tail "
                "needs positive values."
            )
    else:
        observed = weights > 0
        require_positive(
            x[observed],
            "values",
            hint="power laws live on positive values; pass drop_nonpositive=True to drop "
            "them (the count dropped is reported)",
        )
    distinct, summed = aggregate(x, weights)
    if distinct.size == 0:
        raise EmptyDataError("counts: every count is zero; there are no observations to fit.")
    return Histogram(distinct, summed, dropped)


def as_counts(counts: Any, size: int) -> IntArray:
    """``counts`` checked as observation counts: one per value, whole, >= 0, countable."""
    raw = as_float_vector(counts, "counts")
    if raw.size != size:
        raise InvalidInputError(
            f"counts: {raw.size} counts for {size} values; give one count per value."
        )
    bad = (raw < 0) | (raw != np.round(raw))
    if bad.any():
        first = int(np.flatnonzero(bad)[0])
        raise InvalidInputError(
            f"counts: {int(bad.sum())} count(s) are negative or not whole numbers "
            f"(first at position {first}: {raw[first]:g}); counts are numbers of observations."
        )
    if float(raw.sum()) >= _MAX_TOTAL:
        raise InvalidInputError(
            f"counts: they add up to {float(raw.sum()):.3g} observations, more than "
            f"{_MAX_TOTAL:.3g} that can be counted exactly; divide them or subsample."
        )
    return raw.astype(np.int64)
