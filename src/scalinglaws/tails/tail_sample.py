"""A tail sample as distinct values with counts, and helpers shared by the tail families."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
from scipy import special

from scalinglaws._types import FloatArray


@dataclass(frozen=True)
class Tail:
    """The tail sample as distinct values with counts (fits cost O(distinct values))."""

    values: FloatArray
    counts: FloatArray
    xmin: float
    discrete: bool

    @property
    def n(self) -> float:
        """The number of observations in the tail."""
        return float(self.counts.sum())

    @cached_property
    def log_y(self) -> FloatArray:
        """ln(x / x_min), without overflow however wide the tail."""
        return np.asarray(np.log(self.values) - np.log(self.xmin), dtype=np.float64)

    # Sufficient statistics, so that most likelihoods cost O(1) per evaluation.
    @cached_property
    def sum_log(self) -> float:
        """The sum of ln x over the tail."""
        return float(np.dot(self.counts, np.log(self.values)))

    @cached_property
    def sum_log_sq(self) -> float:
        """The sum of (ln x)^2 over the tail."""
        return float(np.dot(self.counts, np.log(self.values) ** 2))

    @cached_property
    def sum_x(self) -> float:
        """The sum of x over the tail."""
        return float(np.dot(self.counts, self.values))

    @cached_property
    def sum_log_factorial(self) -> float:
        """The sum of ln x! over the tail (discrete data)."""
        return float(np.dot(self.counts, special.gammaln(self.values + 1.0)))

    def total(self, logpdf: FloatArray) -> float:
        """Total log-likelihood from the log-likelihood at each distinct value."""
        return float(np.dot(self.counts, logpdf))


def power_law_alpha(tail: Tail) -> float:
    """The power-law MLE on this tail (continuous form, or x_min - 1/2 when discrete)."""
    shift = 0.5 if tail.discrete else 0.0
    spread = float(np.dot(tail.counts, np.log(tail.values) - np.log(tail.xmin - shift)))
    return 1.0 + tail.n / max(spread, 1e-12)
