"""Bootstrap replicates for power-law tails (Clauset, Shalizi & Newman 2009, sec. 4.1).

Goodness of fit, semi-parametric bootstrap: each synthetic data set has n points;
with probability n_tail / n a point is drawn from the fitted power law above x_min,
otherwise it is drawn uniformly from the observed values below x_min. The synthetic
set is then fitted exactly like the data (x_min scan included, unless x_min was
fixed), and p is the fraction of synthetic KS distances at least as large as the
observed one. Uncertainty of alpha and x_min: the non-parametric bootstrap,
resampling the whole data set with replacement and refitting.

Everything works on distinct values with counts: drawing m points uniformly from
observations with counts c_j is the multinomial draw (m, c / sum c), and discrete
power-law draws come back as counts (see :func:`powerlaw.sample_counts`), so a
replicate costs O(distinct values) memory whatever n is.

Each replicate is a module-level function of a child generator, so the work can be
shipped to worker processes and the results do not depend on their number.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from scalinglaws._types import FloatArray
from scalinglaws.tails import powerlaw
from scalinglaws.tails.inputs import IntArray
from scalinglaws.tails.xmin_scan import (
    ScanResult,
    TailTable,
    at_xmin,
    candidate_indices,
    scan_xmin,
)


@dataclass(frozen=True)
class FitOptions:
    """How a sample is fitted: the same options are reused inside every replicate."""

    discrete: bool
    xmax: float
    min_tail: int
    fixed_xmin: float | None  # None: scan for x_min

    def fit(self, values: FloatArray, counts: IntArray) -> ScanResult | None:
        """Fit sorted distinct values with positive counts.

        None when it cannot be fitted (too few tail points).
        """
        table = TailTable.from_counts(values, counts, discrete=self.discrete, xmax=self.xmax)
        if self.fixed_xmin is not None:
            if int(counts[values >= self.fixed_xmin].sum()) < 2:
                return None
            return at_xmin(table, self.fixed_xmin)
        if candidate_indices(table, self.min_tail).size == 0:
            return None
        return scan_xmin(table, min_tail=self.min_tail)


def resample_counts(generator: np.random.Generator, counts: IntArray, size: int) -> IntArray:
    """Counts of `size` draws with replacement from observations with `counts`."""
    total = int(counts.sum())
    return np.asarray(generator.multinomial(size, counts / total), dtype=np.int64)


def gof_replicate(
    generator: np.random.Generator,
    *,
    body_values: FloatArray,
    body_counts: IntArray,
    n: int,
    n_tail: int,
    alpha: float,
    xmin: float,
    options: FitOptions,
) -> float:
    """KS distance of one semi-parametric synthetic data set (NaN if it cannot be fitted)."""
    k = int(generator.binomial(n, n_tail / n)) if body_values.size else n
    tail_values, tail_counts = powerlaw.sample_counts(
        k, alpha, xmin, xmax=options.xmax, discrete=options.discrete, rng=generator
    )
    values, counts = tail_values, tail_counts
    if k < n:  # body values all lie below x_min <= the tail's: the union stays sorted
        drawn = resample_counts(generator, body_counts, n - k)
        keep = drawn > 0
        values = np.concatenate([body_values[keep], tail_values])
        counts = np.concatenate([drawn[keep], tail_counts])
    fitted = options.fit(values, counts)
    return np.nan if fitted is None else fitted.ks_distance


def bootstrap_replicate(
    generator: np.random.Generator, *, values: FloatArray, counts: IntArray, options: FitOptions
) -> tuple[float, float, float]:
    """(alpha, x_min, n_tail) refitted on one resample of the data (NaNs if unfittable)."""
    drawn = resample_counts(generator, counts, int(counts.sum()))
    keep = drawn > 0
    fitted = options.fit(values[keep], drawn[keep])
    if fitted is None:
        return (np.nan, np.nan, np.nan)
    return (fitted.alpha, fitted.xmin, float(fitted.n_tail))
