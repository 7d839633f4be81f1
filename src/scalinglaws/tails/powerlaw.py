"""The power-law distribution above x_min: MLE, survival function, sampling.

Continuous (Clauset, Shalizi & Newman 2009, eqs. 2.2, 3.1)::

    p(x) = (alpha - 1) / x_min * (x / x_min)^(-alpha),      x >= x_min
    alpha_hat = 1 + n / sum(ln(x_i / x_min)),  stderr = (alpha_hat - 1) / sqrt(n)

Discrete (eqs. 2.4, 3.5), with the Hurwitz zeta function zeta(alpha, x_min)::

    p(x) = x^(-alpha) / zeta(alpha, x_min),                 x = x_min, x_min + 1, ...
    alpha_hat maximises L(alpha) = -n ln zeta(alpha, x_min) - alpha * sum(ln x_i)

An optional upper cut-off x_max renormalises either law on [x_min, x_max].
All functions are vectorised over candidates: ``xmin``, ``alpha`` and the
tail statistics may be arrays of the same shape.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from scipy.special import zeta

from scalinglaws._types import FloatArray

#: Search interval for alpha when it has no closed form.
ALPHA_BOUNDS = (1.0 + 1e-6, 30.0)
_NEWTON_STEPS = 60
#: Integers above x_min whose survival function is tabulated for exact sampling.
_SAMPLE_TABLE = 1 << 14
_LARGEST_EXACT_INTEGER = float(2**53)


def zeta_tail(alpha: FloatArray, start: FloatArray, stop: float) -> FloatArray:
    """sum_{k=start}^{stop} k^-alpha via Hurwitz zeta differences (stop may be inf)."""
    total = zeta(alpha, start)
    if np.isfinite(stop):
        total = total - zeta(alpha, stop + 1.0)
    return np.asarray(total, dtype=np.float64)


def log_hurwitz(alpha: FloatArray, q: FloatArray) -> FloatArray:
    """ln zeta(alpha, q), also where zeta itself underflows (q^-alpha < 1e-280).

    There q > 2e9 (alpha <= 30), and the Euler-Maclaurin expansion
    zeta(alpha, q) = q^(1-alpha) / (alpha - 1) * (1 + (alpha - 1) / (2 q)
    + alpha (alpha - 1) / (12 q^2) + O(q^-4)) is exact to double precision.
    """
    direct = np.asarray(zeta(alpha, q), dtype=np.float64)
    small = ~(direct > 1e-280)
    if not small.any():  # the common case, kept cheap: the x_min scan calls this a lot
        return np.asarray(np.log(direct), dtype=np.float64)
    alpha, q = np.broadcast_arrays(np.asarray(alpha, np.float64), np.asarray(q, np.float64))
    out = np.empty(direct.shape)
    with np.errstate(divide="ignore"):
        out[~small] = np.log(direct[~small])
    if small.any():
        a, x = alpha[small], q[small]
        series = (a - 1.0) / (2.0 * x) + a * (a - 1.0) / (12.0 * x**2)
        out[small] = (1.0 - a) * np.log(x) - np.log(a - 1.0) + np.log1p(series)
    return out


def log_zeta_tail(alpha: FloatArray, start: FloatArray, stop: float) -> FloatArray:
    """ln sum_{k=start}^{stop} k^-alpha, without underflow (stop may be inf)."""
    whole = log_hurwitz(alpha, start)
    if not np.isfinite(stop):
        return whole
    beyond = log_hurwitz(alpha, np.asarray(stop, dtype=np.float64) + 1.0)
    with np.errstate(divide="ignore"):
        return np.asarray(whole + np.log(-np.expm1(beyond - whole)), dtype=np.float64)


def log_normaliser(alpha: FloatArray, xmin: FloatArray, xmax: float, discrete: bool) -> FloatArray:
    """log C where p(x) = x^-alpha / C on [xmin, xmax].

    Continuous: C = (xmin^(1-alpha) - xmax^(1-alpha)) / (alpha - 1).
    Discrete:   C = zeta(alpha, xmin) - zeta(alpha, xmax + 1).
    """
    alpha = np.asarray(alpha, dtype=np.float64)
    xmin = np.asarray(xmin, dtype=np.float64)
    if discrete:
        return log_zeta_tail(alpha, xmin, xmax)
    s = alpha - 1.0
    log_c = -s * np.log(xmin) - np.log(s)
    if np.isfinite(xmax):
        log_c = log_c + np.log1p(-np.exp(-s * (np.log(xmax) - np.log(xmin))))
    return np.asarray(log_c, dtype=np.float64)


def log_likelihood(
    alpha: FloatArray,
    xmin: FloatArray,
    sum_log: FloatArray,
    count: FloatArray,
    xmax: float,
    discrete: bool,
) -> FloatArray:
    """Total log-likelihood of `count` tail points whose logs sum to `sum_log`."""
    return np.asarray(
        -alpha * sum_log - count * log_normaliser(alpha, xmin, xmax, discrete), dtype=np.float64
    )


def fit_alpha(
    xmin: FloatArray,
    sum_log: FloatArray,
    count: FloatArray,
    *,
    xmax: float = np.inf,
    discrete: bool,
) -> FloatArray:
    """Maximum-likelihood alpha for each candidate x_min (vectorised).

    The continuous law without x_max has the closed form of eq. 3.1; otherwise the
    concave log-likelihood is maximised by Newton's method, vectorised over candidates
    and started from the closed form (for discrete data with x_min - 1/2, eq. 3.7).
    """
    xmin = np.asarray(xmin, dtype=np.float64)
    sum_log = np.asarray(sum_log, dtype=np.float64)
    count = np.asarray(count, dtype=np.float64)
    shift = 0.5 if discrete else 0.0
    spread = np.maximum(sum_log - count * np.log(xmin - shift), 1e-300)
    closed_form = 1.0 + count / spread
    if not discrete and not np.isfinite(xmax):
        return np.asarray(closed_form, dtype=np.float64)
    # Newton's method on d/d alpha of the mean log-likelihood, -mean_log - g'(alpha) with
    # g = ln C convex, so the likelihood is concave. g' and g'' by central differences.
    # Each candidate stops once its step is below 1e-9 relative or 1e-6 of its standard
    # error 1 / sqrt(n g''): the central differences leave a noise floor there (largest
    # for steep tails, where g'' is small), so a tighter test would never be met. Newton
    # converges quadratically, so the error after that last step is far smaller still.
    low, high = ALPHA_BOUNDS
    alpha = np.clip(closed_form, low, high)
    mean_log = sum_log / count
    h = 1e-5
    active = np.flatnonzero(np.ones(alpha.shape, dtype=bool).ravel())
    flat_alpha, flat_xmin, flat_mean = alpha.ravel(), xmin.ravel(), mean_log.ravel()
    flat_count = np.broadcast_to(count, alpha.shape).ravel()
    for _ in range(_NEWTON_STEPS):
        a, lower = flat_alpha[active], flat_xmin[active]
        g_minus, g_mid, g_plus = (
            log_normaliser(a + d, lower, xmax, discrete) for d in (-h, 0.0, h)
        )
        slope = -flat_mean[active] - (g_plus - g_minus) / (2 * h)
        curvature = np.maximum((g_plus - 2 * g_mid + g_minus) / h**2, 1e-12)
        step = slope / curvature
        moved = np.clip(a + step, low, high)
        flat_alpha[active] = moved
        # Done: a step below the noise floor, or pressed against a bound of ALPHA_BOUNDS.
        tolerance = np.maximum(1e-9 * a, 1e-6 / np.sqrt(flat_count[active] * curvature))
        active = active[(np.abs(step) >= tolerance) & (moved != a)]
        if active.size == 0:
            break
    return np.asarray(flat_alpha.reshape(alpha.shape), dtype=np.float64)


def alpha_stderr(
    alpha: float, xmin: float, count: int, *, xmax: float = np.inf, discrete: bool
) -> float:
    """Standard error of alpha from the observed Fisher information.

    Continuous without x_max: (alpha - 1) / sqrt(n) (eq. 3.2). Otherwise
    1 / sqrt(n * d^2/d alpha^2 ln C(alpha)), the second derivative taken by a
    central difference (ln C is convex in alpha).
    """
    if not discrete and not np.isfinite(xmax):
        return float((alpha - 1.0) / np.sqrt(count))
    h = 1e-4 * max(alpha, 1.0)
    points = np.array([alpha - h, alpha, alpha + h])
    log_c = log_normaliser(points, np.full(3, xmin), xmax, discrete)
    curvature = (log_c[0] - 2.0 * log_c[1] + log_c[2]) / h**2
    return float(1.0 / np.sqrt(count * max(curvature, 1e-300)))


def survival(
    x: FloatArray, alpha: FloatArray | float, xmin: FloatArray | float, xmax: float, discrete: bool
) -> FloatArray:
    """P(X >= x) for x in [xmin, xmax] (broadcasts over candidates)."""
    x = np.asarray(x, dtype=np.float64)
    alpha = np.asarray(alpha, dtype=np.float64)
    xmin = np.asarray(xmin, dtype=np.float64)
    if discrete:
        log_ratio = log_zeta_tail(alpha, x, xmax) - log_zeta_tail(alpha, xmin, xmax)
        return np.asarray(np.clip(np.exp(log_ratio), 0.0, 1.0), dtype=np.float64)
    s = alpha - 1.0
    ratio = np.exp(-s * (np.log(x) - np.log(xmin)))
    if np.isfinite(xmax):
        floor = np.exp(-s * (np.log(xmax) - np.log(xmin)))
        ratio = (ratio - floor) / (1.0 - floor)
    return np.asarray(np.clip(ratio, 0.0, 1.0), dtype=np.float64)


def sample(
    size: int,
    alpha: float,
    xmin: float,
    *,
    xmax: float = np.inf,
    discrete: bool,
    rng: np.random.Generator,
) -> FloatArray:
    """Draw `size` exact samples from the fitted power law.

    Continuous: inverse transform, x = x_min * u^(-1 / (alpha - 1)) (eq. D.4).
    Discrete: X = max{k : P(X >= k) >= u} by inverting the exact survival function:
    a table for the first 16,384 integers, integer bisection on Hurwitz zeta beyond.
    Unlike the x_min - 1/2 approximation (eq. D.6), x_min gets exactly its mass.
    """
    u = 1.0 - rng.random(size)  # in (0, 1]
    s = alpha - 1.0
    floor = np.exp(-s * (np.log(xmax) - np.log(xmin))) if np.isfinite(xmax) else 0.0
    if not discrete:
        values = xmin * (floor + u * (1.0 - floor)) ** (-1.0 / s)
        return np.asarray(np.minimum(values, xmax), dtype=np.float64)
    return _sample_discrete(u, alpha, xmin, xmax)


def sample_counts(
    size: int,
    alpha: float,
    xmin: float,
    *,
    xmax: float = np.inf,
    discrete: bool,
    rng: np.random.Generator,
) -> tuple[FloatArray, npt.NDArray[np.int64]]:
    """`size` exact draws from the fitted power law, as sorted distinct values and counts.

    Small discrete samples and all continuous ones are drawn point by point
    (:func:`sample`). A discrete sample larger than the 16,384-integer survival table
    is drawn as counts: the number beyond the table is binomial, the table's cells
    are multinomial with the exact masses k^-alpha / zeta(alpha, x_min), and only the
    draws beyond (a fraction S(x_min + 16384) of them) are drawn one by one. Memory
    is then O(table) however large `size` is.
    """
    if not discrete or size <= _SAMPLE_TABLE:
        values, counts = np.unique(
            sample(size, alpha, xmin, xmax=xmax, discrete=discrete, rng=rng), return_counts=True
        )
        return values, counts.astype(np.int64)
    k, terms, remainder, top = _table(alpha, xmin, xmax)
    whole = float(terms.sum()) + remainder
    n_far = int(rng.binomial(size, remainder / whole)) if remainder > 0 else 0
    cells = rng.multinomial(size - n_far, terms / terms.sum()).astype(np.int64)
    keep = cells > 0
    values, counts = k[keep].astype(np.float64), cells[keep]
    if n_far:
        # Draws beyond the table: u uniform on (0, S(top)], inverted exactly.
        u = remainder / whole * (1.0 - rng.random(n_far))
        far, far_counts = np.unique(
            _sample_discrete_far(u, alpha, xmin, xmax, top), return_counts=True
        )
        values = np.concatenate([values, far])
        counts = np.concatenate([counts, far_counts.astype(np.int64)])
    return values, counts


def _table(alpha: float, xmin: float, xmax: float) -> tuple[FloatArray, FloatArray, float, float]:
    """The sampling table of the discrete power law.

    The integers k of the sampling table, k^-alpha at each and the exact remainder
    sum_{k >= top}^{x_max} k^-alpha, all scaled by x_min^alpha; and the first k past it.
    """
    top = min(xmin + _SAMPLE_TABLE, xmax + 1.0)
    k = np.arange(xmin, top, dtype=np.float64)
    terms = np.asarray(np.exp(-alpha * (np.log(k) - np.log(xmin))), dtype=np.float64)
    remainder = 0.0
    if top <= xmax:
        log_rest = log_zeta_tail(np.array([alpha]), np.array([top]), xmax)[0]
        remainder = float(np.exp(log_rest + alpha * np.log(xmin)))
    return k, terms, remainder, top


def _sample_discrete(u: FloatArray, alpha: float, xmin: float, xmax: float) -> FloatArray:
    # Exact survival table S(k) for k in [x_min, x_min + T]: suffix sums of k^-alpha plus
    # the exact remainder zeta(alpha, x_min + T), all divided by the normaliser.
    k, terms, remainder, top = _table(alpha, xmin, xmax)
    surv = (np.cumsum(terms[::-1])[::-1] + remainder) / (terms.sum() + remainder)
    # X = max{k : S(k) >= u}; S decreases, so count the table entries with S >= u.
    index = np.searchsorted(-surv, -u, side="right") - 1
    values = k[np.maximum(index, 0)].astype(np.float64)
    beyond = u < surv[-1] * (1.0 - 1e-12) if top <= xmax else np.zeros(u.size, dtype=bool)
    if beyond.any():
        values[beyond] = _sample_discrete_far(u[beyond], alpha, xmin, xmax, top)
    return np.asarray(values, dtype=np.float64)


def _sample_discrete_far(
    u: FloatArray, alpha: float, xmin: float, xmax: float, start: float
) -> FloatArray:
    """Integer bisection on the exact survival function for draws beyond the table.

    Above 2^53 floats no longer hold every integer; there (relative spacing 1e-16)
    the continuous approximation of eq. D.6 is used.
    """
    ceiling = min(xmax, _LARGEST_EXACT_INTEGER)

    def surv(k: FloatArray) -> FloatArray:
        return survival(k, alpha, xmin, xmax, discrete=True)

    approximate = np.floor((xmin - 0.5) * u ** (-1.0 / (alpha - 1.0)) + 0.5)
    huge = surv(np.array([ceiling])) >= u
    lo = np.full(u.size, start - 1.0)  # survival(lo) >= u for these draws
    hi = np.full(u.size, ceiling + 1.0)  # survival(hi) < u unless `huge`
    while True:
        open_ = (hi - lo > 1.0) & ~huge
        if not open_.any():
            return np.asarray(np.where(huge, approximate, lo), dtype=np.float64)
        mid = np.floor((lo + hi) / 2.0)
        upper = open_ & (surv(mid) >= u)
        lo = np.where(upper, mid, lo)
        hi = np.where(open_ & ~upper, mid, hi)
