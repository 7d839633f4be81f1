"""Choosing x_min by minimising the Kolmogorov-Smirnov distance, exactly and fast.

Clauset, Shalizi & Newman (2009, section 3.3) fit alpha for every candidate x_min
(each distinct value) and keep the candidate whose fitted law is closest to the
data above it in KS distance D. After one sort, suffix sums give every
candidate's alpha in linear time (see :mod:`scalinglaws.tails.powerlaw`). The KS
distance is the costly part: a naive scan is O(n^2).

The distance conventions are those of Clauset's reference code (``plfit.m``):

* continuous data: D = max_j |F(z_j) - j/m| over the sorted tail z_0 <= ... <= z_{m-1},
  evaluated at every point, ties included (the per-point convention that reproduces
  the published x_min of the heavily tied quake and surname data);
* discrete data: D = max_k |F(k) - S_m(k)| over the integers k from x_min to max z,
  with F and S_m the fitted and empirical P(X <= k).

Both are computed on the distinct values of the tail: within a run of ties the
per-point maximum sits at one of its two ends, and between two distinct integers
the discrete maximum sits at one of the two endpoints, so nothing is lost.

Exact pruning. The deviation at any subset of positions is a lower bound on D. The
scan evaluates every candidate on a few evenly spaced positions, fully evaluates
the most promising few, and drops every candidate whose lower bound already exceeds
the best full D; the survivors are re-bounded on 8x more positions, plus the
positions where the fully evaluated candidates peaked (neighbouring candidates
tend to peak at the same place, which tightens their bounds at once), and so on
until each survivor is evaluated at all its positions. Dropped candidates provably have a
larger D, so the answer equals the exhaustive scan's (ties go to the smallest x_min,
as MATLAB's ``min`` does in ``plfit.m``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from scalinglaws._types import FloatArray
from scalinglaws.tails import powerlaw

IntArray = npt.NDArray[np.int64]

#: Elements per vectorised block (rows x positions), bounding memory to ~100 MB.
_BLOCK = 1 << 21
_FIRST_TIER = 16
_TIER_GROWTH = 8
#: Most promising candidates evaluated in full at each tier.
_LEADS = 4


@dataclass(frozen=True)
class TailTable:
    """A sorted sample reduced to its distinct values and counts, with suffix sums."""

    values: FloatArray  # distinct values, ascending (U,)
    counts: IntArray  # multiplicity of each value (U,)
    above: IntArray  # points >= values[k]; above[U] = 0 (U + 1,)
    sum_log_above: FloatArray  # sum of ln x over points >= values[k] (U,)
    discrete: bool
    xmax: float

    @classmethod
    def from_sorted(cls, x: FloatArray, *, discrete: bool, xmax: float) -> TailTable:
        """The candidate x_min table of sorted data."""
        values, counts = np.unique(x, return_counts=True)
        return cls.from_counts(values, counts.astype(np.int64), discrete=discrete, xmax=xmax)

    @classmethod
    def from_counts(
        cls, values: FloatArray, counts: IntArray, *, discrete: bool, xmax: float
    ) -> TailTable:
        """From sorted distinct values and their positive counts."""
        above = np.zeros(values.size + 1, dtype=np.int64)
        above[:-1] = np.cumsum(counts[::-1])[::-1]
        sum_log_above = np.cumsum((counts * np.log(values))[::-1])[::-1]
        return cls(values, counts, above, sum_log_above, discrete, xmax)

    def alpha(self, k: IntArray, xmin: FloatArray) -> FloatArray:
        """Maximum-likelihood alpha for the tails starting at values[k], with x_min `xmin`."""
        return powerlaw.fit_alpha(
            xmin,
            self.sum_log_above[k],
            self.above[k].astype(np.float64),
            xmax=self.xmax,
            discrete=self.discrete,
        )

    def ks_bound(
        self,
        k: IntArray,
        xmin: FloatArray,
        alpha: FloatArray,
        positions: int,
        hot: IntArray | None = None,
    ) -> tuple[FloatArray, IntArray]:
        """Max deviation of each candidate k over `positions` evenly spaced tail positions.

        `hot` adds distinct-value indices to every row (where neighbouring candidates
        peaked). The result is a lower bound on the KS distance, equal to it when
        `positions` covers the tail; also returned is the index where the max occurred.
        """
        extra = np.zeros(0, dtype=np.int64) if hot is None else hot
        best = np.empty(k.size)
        where = np.empty(k.size, dtype=np.int64)
        rows = max(1, _BLOCK // (positions + extra.size))
        for start in range(0, k.size, rows):
            block = slice(start, start + rows)
            best[block], where[block] = self._ks_block(
                k[block], xmin[block], alpha[block], positions, extra
            )
        return best, where

    def _ks_block(
        self, k: IntArray, xmin: FloatArray, alpha: FloatArray, positions: int, hot: IntArray
    ) -> tuple[FloatArray, IntArray]:
        n_distinct = self.values.size
        span = (n_distinct - k)[:, None]  # distinct values in each tail, (R, 1)
        width = int(min(positions, int(span.max())))
        # Evenly spaced offsets in exact integer arithmetic: all of 0..span-1 when width >= span.
        steps = np.arange(width, dtype=np.int64)[None, :]
        offset = (steps * (span - 1)) // max(width - 1, 1)  # (R, P)
        at = k[:, None] + offset  # distinct-value index of each position
        if hot.size:
            at = np.concatenate([at, np.maximum(hot[None, :], k[:, None])], axis=1)
        m = self.above[k][:, None].astype(np.float64)  # tail size, (R, 1)
        lower = xmin[:, None]
        a = alpha[:, None]
        if self.discrete:
            # Empirical P(X <= v_l) against the fit at v_l and just before the next value.
            empirical = (m - self.above[at + 1]) / m
            next_value = self.values[np.minimum(at + 1, n_distinct - 1)]
            next_value = np.where(at + 1 < n_distinct, next_value, self.values[at] + 1.0)
            # F(k) = 1 - S(k + 1) with S(k) = zeta(alpha, k) / zeta(alpha, x_min) (x_max aside).
            whole = powerlaw.log_zeta_tail(a, lower, self.xmax)  # (R, 1), in logs
            before_next = 1.0 - np.exp(powerlaw.log_zeta_tail(a, next_value, self.xmax) - whole)
            # F(v_l) equals F(next - 1) wherever the next value is v_l + 1.
            at_value = before_next.copy()
            gap = next_value != self.values[at] + 1.0
            if gap.any():
                shape = at.shape
                above = powerlaw.log_zeta_tail(
                    np.broadcast_to(a, shape)[gap], self.values[at][gap] + 1.0, self.xmax
                )
                at_value[gap] = 1.0 - np.exp(above - np.broadcast_to(whole, shape)[gap])
            deviation = np.maximum(np.abs(at_value - empirical), np.abs(before_next - empirical))
        else:
            # Per-point convention: |F(z_j) - j/m| at both ends of each run of ties.
            fitted = 1.0 - powerlaw.survival(self.values[at], a, lower, self.xmax, False)
            first = (m - self.above[at]) / m
            last = first + (self.counts[at] - 1) / m
            deviation = np.maximum(np.abs(fitted - first), np.abs(fitted - last))
        peak = deviation.argmax(axis=1)
        rows = np.arange(k.size)
        return (
            np.asarray(deviation[rows, peak], dtype=np.float64),
            np.asarray(at[rows, peak], dtype=np.int64),
        )

    def ks_exact(self, k: IntArray, xmin: FloatArray, alpha: FloatArray) -> FloatArray:
        """The exact KS distance of each candidate (all positions)."""
        widest = int((self.values.size - k).max()) if k.size else 1
        return self.ks_bound(k, xmin, alpha, widest)[0]


@dataclass(frozen=True)
class ScanResult:
    """The chosen candidate of an x_min scan."""

    xmin: float
    alpha: float
    ks_distance: float
    n_tail: int
    n_candidates: int
    n_full_evaluations: int


def candidate_indices(table: TailTable, min_tail: int) -> IntArray:
    """Distinct values that may serve as x_min: at least `min_tail` points at or above.

    The largest distinct value is never a candidate (its tail would have one value).
    """
    return np.flatnonzero(table.above[:-2] >= min_tail).astype(np.int64)


def scan_xmin(table: TailTable, *, min_tail: int) -> ScanResult:
    """Exact KS-minimising x_min over :func:`candidate_indices` (which must be non-empty)."""
    candidates = candidate_indices(table, min_tail)
    lower = table.values[candidates]
    alpha = table.alpha(candidates, lower)
    spans = table.values.size - candidates
    exact = np.full(candidates.size, np.inf)
    active = np.arange(candidates.size)
    hot = np.zeros(0, dtype=np.int64)  # where fully evaluated candidates peaked
    best = np.inf
    positions = _FIRST_TIER
    while active.size:
        bound, _ = table.ks_bound(candidates[active], lower[active], alpha[active], positions, hot)
        done = spans[active] <= positions
        exact[active[done]] = bound[done]
        if done.any():
            best = min(best, float(bound[done].min()))
        open_ = np.flatnonzero(~done)
        if open_.size:
            leads = active[open_[np.argsort(bound[open_])[:_LEADS]]]
            widest = int(spans[leads].max())
            full, peaks = table.ks_bound(candidates[leads], lower[leads], alpha[leads], widest)
            exact[leads] = full
            hot = np.union1d(hot, peaks)
            best = min(best, float(full.min()))
            # Re-bound the open candidates at the new peak positions alone (cheap).
            rest = active[open_]
            at_peaks, _ = table.ks_bound(candidates[rest], lower[rest], alpha[rest], 1, peaks)
            bound[open_] = np.maximum(bound[open_], at_peaks)
        keep = ~done & (bound <= best) & ~np.isfinite(exact[active])
        active = active[keep]
        positions *= _TIER_GROWTH
    chosen = int(np.argmin(exact))
    k = candidates[chosen]
    return ScanResult(
        xmin=float(table.values[k]),
        alpha=float(alpha[chosen]),
        ks_distance=float(exact[chosen]),
        n_tail=int(table.above[k]),
        n_candidates=int(candidates.size),
        n_full_evaluations=int(np.isfinite(exact).sum()),
    )


def at_xmin(table: TailTable, xmin: float) -> ScanResult:
    """Alpha and KS distance with x_min fixed (the tail is every point >= xmin)."""
    k = int(np.searchsorted(table.values, xmin, side="left"))
    index = np.array([k], dtype=np.int64)
    lower = np.array([xmin], dtype=np.float64)
    alpha = table.alpha(index, lower)
    return ScanResult(
        xmin=float(xmin),
        alpha=float(alpha[0]),
        ks_distance=float(table.ks_exact(index, lower, alpha)[0]),
        n_tail=int(table.above[k]),
        n_candidates=1,
        n_full_evaluations=1,
    )
