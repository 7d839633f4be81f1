"""Power laws in binned data, after Virkar & Clauset (2014).

Data published only as a histogram -- bin edges b_0 < b_1 < ... < b_k (the last may
be infinite) and counts h_i of observations in [b_i, b_{i+1}) -- are fitted with the
bins' own likelihood. For a continuous law with survival function S(x) = P(X >= x)
above b_min = b_j, bin i >= j has probability

    P_i = (S(b_i) - S(b_{i+1})) / (S(b_j) - S(b_k)),

(the denominator is 1 when the last edge is infinite; a finite last edge truncates the
law there), and the log-likelihood is l = sum_{i >= j} h_i ln P_i (Virkar & Clauset
2014, eq. 6, the power law's S(x) = (x / b_min)^{1 - alpha}). alpha maximises l for
each candidate b_min; b_min is the bin edge whose fit minimises the binned KS
distance D = max_{i >= j} |E(b_i) - F(b_i)| between the empirical and fitted CDFs at the
edges (their sec. 3.2), over the edges that leave at least `min_tail` observations in
two or more occupied bins. The goodness of fit is their semi-parametric bootstrap
with synthetic data binned like the data: tail counts multinomial with the fitted
P_i, body counts resampled from the observed body bins (sec. 4). Likelihood ratios
against the alternatives use the same bin probabilities (sec. 5).

References
----------
Y. Virkar & A. Clauset, "Power-law distributions in binned empirical data",
Annals of Applied Statistics 8(1), 89-119 (2014).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import optimize

from scalinglaws._types import FloatArray
from scalinglaws.tails import alternatives
from scalinglaws.tails.compare import TailComparison, likelihood_ratio
from scalinglaws.tails.inputs import IntArray
from scalinglaws.tails.mle import fit_family
from scalinglaws.tails.powerlaw import ALPHA_BOUNDS
from scalinglaws.tails.tail_sample import Tail


@dataclass(frozen=True)
class BinnedScan:
    """The chosen lower edge of a binned fit."""

    start: int  # index of b_min among the edges
    alpha: float
    ks_distance: float
    n_tail: int


def bin_log_probs(log_surv: FloatArray) -> FloatArray:
    """ln P_i from ln S at the edges b_j..b_k (the last may be -inf): see the module notes."""
    upper, lower = log_surv[:-1], log_surv[1:]
    with np.errstate(divide="ignore", invalid="ignore"):
        log_p = upper + np.log(-np.expm1(lower - upper))
        log_total = log_surv[0] + np.log(-np.expm1(log_surv[-1] - log_surv[0]))
    return np.asarray(log_p - log_total, dtype=np.float64)


def power_log_surv(alpha: float, edges: FloatArray) -> FloatArray:
    """ln S(b) = (1 - alpha) ln(b / b_min) at `edges` (edges[0] = b_min)."""
    return np.asarray((1.0 - alpha) * (np.log(edges) - np.log(edges[0])), dtype=np.float64)


def log_likelihood(log_probs: FloatArray, counts: IntArray) -> float:
    """sum h_i ln P_i over occupied bins."""
    occupied = counts > 0
    return float(np.dot(counts[occupied], log_probs[occupied]))


def fit_alpha(edges: FloatArray, counts: IntArray) -> float:
    """The binned MLE of alpha for the tail starting at edges[0] (bounded Brent search)."""

    def negative(alpha: float) -> float:
        value = -log_likelihood(bin_log_probs(power_log_surv(alpha, edges)), counts)
        return value if np.isfinite(value) else 1e300

    found = optimize.minimize_scalar(
        negative, bounds=ALPHA_BOUNDS, method="bounded", options={"xatol": 1e-10}
    )
    return float(found.x)


def alpha_stderr(alpha: float, edges: FloatArray, counts: IntArray) -> float:
    """1 / sqrt(observed information), by a central second difference in alpha."""
    h = 1e-4 * max(alpha, 1.0)
    values = [
        log_likelihood(bin_log_probs(power_log_surv(a, edges)), counts)
        for a in (alpha - h, alpha, alpha + h)
    ]
    curvature = -(values[0] - 2.0 * values[1] + values[2]) / h**2
    return float(1.0 / np.sqrt(curvature)) if curvature > 0 else float("inf")


def ks_distance(alpha: float, edges: FloatArray, counts: IntArray) -> float:
    """max |E(b_i) - F(b_i)| over the tail's edges (empirical and fitted CDFs)."""
    empirical = np.concatenate([[0.0], np.cumsum(counts)]) / counts.sum()
    fitted = np.concatenate([[0.0], np.cumsum(np.exp(bin_log_probs(power_log_surv(alpha, edges))))])
    return float(np.max(np.abs(empirical - fitted)))


def candidates(counts: IntArray, min_tail: int) -> IntArray:
    """Edges that leave >= min_tail observations in two or more occupied bins."""
    above = np.cumsum(counts[::-1])[::-1]
    occupied = np.cumsum((counts > 0)[::-1])[::-1]
    return np.flatnonzero((above >= min_tail) & (occupied >= 2)).astype(np.int64)


def scan(
    edges: FloatArray, counts: IntArray, min_tail: int, fixed: int | None
) -> BinnedScan | None:
    """Fit every candidate lower edge (or only `fixed`) and keep the smallest KS distance."""
    starts = candidates(counts, min_tail)
    if fixed is not None:
        starts = starts[starts == fixed]
    best: BinnedScan | None = None
    for j in starts:
        alpha = fit_alpha(edges[j:], counts[j:])
        d = ks_distance(alpha, edges[j:], counts[j:])
        if best is None or d < best.ks_distance:
            best = BinnedScan(int(j), alpha, d, int(counts[j:].sum()))
    return best


def gof_replicate(
    generator: np.random.Generator,
    *,
    edges: FloatArray,
    counts: IntArray,
    scan_result: BinnedScan,
    min_tail: int,
    fixed: bool,
) -> float:
    """Binned KS distance of one semi-parametric synthetic histogram (NaN if unfittable)."""
    j = scan_result.start
    n = int(counts.sum())
    body = counts[:j]
    k = int(generator.binomial(n, scan_result.n_tail / n)) if body.sum() else n
    probs = np.exp(bin_log_probs(power_log_surv(scan_result.alpha, edges[j:])))
    synthetic = np.zeros(counts.size, dtype=np.int64)
    synthetic[j:] = generator.multinomial(k, probs / probs.sum())
    if k < n:
        synthetic[:j] = generator.multinomial(n - k, body / body.sum())
    refit = scan(edges, synthetic, min_tail, j if fixed else None)
    return np.nan if refit is None else refit.ks_distance


def bootstrap_replicate(
    generator: np.random.Generator,
    *,
    edges: FloatArray,
    counts: IntArray,
    min_tail: int,
    fixed: int | None,
) -> FloatArray:
    """alpha, b_min and n_tail refitted on one resample of the observations (NaN if unfittable).

    Resampling n observations with replacement from a histogram is a multinomial
    draw with the observed bin frequencies; b_min is re-scanned unless it was fixed.
    """
    n = int(counts.sum())
    resampled = generator.multinomial(n, counts / n).astype(np.int64)
    refit = scan(edges, resampled, min_tail, fixed)
    if refit is None:
        return np.full(3, np.nan)
    return np.array([refit.alpha, edges[refit.start], float(refit.n_tail)])


def midpoints(edges: FloatArray) -> FloatArray:
    """Geometric bin centres (an open last bin: its edge times the previous ratio)."""
    lower, upper = edges[:-1], edges[1:].copy()
    if not np.isfinite(upper[-1]):
        ratio = lower[-1] / lower[-2] if lower.size > 1 else 2.0
        upper[-1] = lower[-1] * ratio
    return np.asarray(np.sqrt(lower * upper), dtype=np.float64)


def compare(alternative: str, alpha: float, edges: FloatArray, counts: IntArray) -> TailComparison:
    """Likelihood-ratio test of the binned power law against a binned alternative."""
    fam = alternatives.family(alternative)
    occupied = counts > 0
    bmin = float(edges[0])
    finite_top = bool(np.isfinite(edges[-1]))

    def log_probs(theta: FloatArray) -> FloatArray:
        log_surv = np.full(edges.size, -np.inf)
        inner = edges if finite_top else edges[:-1]
        with np.errstate(all="ignore"):
            log_surv[: inner.size] = fam.log_ccdf(theta, inner, bmin, False)
        return bin_log_probs(log_surv)[occupied]

    def objective(theta: FloatArray) -> float:
        value = -float(np.dot(counts[occupied], log_probs(theta)))
        return value if np.isfinite(value) else np.inf

    seed = Tail(midpoints(edges)[occupied], counts[occupied].astype(np.float64), bmin, False)
    alt = fit_family(alternative, seed, objective, log_probs)
    power = bin_log_probs(power_log_surv(alpha, edges))[occupied]
    weights = counts[occupied].astype(np.float64)
    return likelihood_ratio(power - alt.logpdf, weights, alt, xmin=bmin, discrete=False)
