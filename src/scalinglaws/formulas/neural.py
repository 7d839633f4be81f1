"""Neural scaling laws of language models: loss as a function of parameters N and tokens D.

Pure numpy, no validation: callers pass finite positive arrays. Each law comes in
the form a user writes and, where fitting needs it, as the log-sum-exp (LSE)
form of its logarithm that the papers fit.

References
----------
* Hoffmann, J. et al. (2022). Training compute-optimal large language models
  ("Chinchilla"). NeurIPS 2022, arXiv:2203.15556: the parametric loss
  L(N, D) = E + A/N^alpha + B/D^beta (their eq. 2, Approach 3), its log-sum-exp
  fit with a Huber loss (delta = 1e-3) and L-BFGS from a grid of starts (appendix
  D.2), and the compute-optimal allocation under C = 6 N D (their eq. 4).
* Besiroglu, T., Erdil, E., Barnett, M. & You, J. (2024). Chinchilla scaling: a
  replication attempt. arXiv:2404.10102: the same objective summed (not averaged)
  over the runs of Hoffmann's Figure 4, and bootstrap intervals.
* Kaplan, J. et al. (2020). Scaling laws for neural language models.
  arXiv:2001.08361: L(N, D) = [(N_c/N)^(alpha_N/alpha_D) + D_c/D]^alpha_D (their
  eq. 1.5) and the single-variable laws L(X) = (X_c/X)^alpha_X.
* Muennighoff, N. et al. (2023). Scaling data-constrained language models.
  NeurIPS 2023, arXiv:2305.16264: repeated data is worth less, the effective
  data D' = U + U R* (1 - e^(-R/R*)) with U unique tokens and R = D/U - 1
  repetitions (their eq. 5).
* Caballero, E. et al. (2023). Broken neural scaling laws. ICLR 2023,
  arXiv:2210.14891: y = a + b x^-c0 prod_i (1 + (x/d_i)^(1/f_i))^(-c_i f_i)
  (their eq. 1), here with one break ("bnsl").
* Alabdulmohsin, I., Neyshabur, B. & Zhai, X. (2022). Revisiting neural scaling
  laws in language and vision. NeurIPS 2022, arXiv:2209.06640: the M4 law
  (L - L_inf) / (L_0 - L)^alpha = beta x^c (their eq. 4), solved here for L.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from scipy.special import expit, logsumexp

from scalinglaws._deprecation import deprecated
from scalinglaws._types import FloatArray

__all__ = [
    "FLOPS_PER_TOKEN",
    "bnsl",
    "broken_power",
    "chinchilla",
    "chinchilla_log",
    "compute_optimal",
    "data_constrained",
    "effective_data",
    "frontier_exponents",
    "kaplan",
    "kaplan_log",
    "m4",
    "m4_logit",
    "power",
    "power_offset",
    "power_offset_log",
]

FLOPS_PER_TOKEN = 6.0  # C = 6 N D (Kaplan et al. 2020, sec. 2.1; Hoffmann et al. 2022, sec. 3)


def _f(x: npt.ArrayLike) -> FloatArray:
    return np.asarray(x, dtype=np.float64)


def chinchilla(
    n: npt.ArrayLike, d: npt.ArrayLike, E: float, A: float, B: float, alpha: float, beta: float
) -> FloatArray:
    """L(N, D) = E + A / N^alpha + B / D^beta (Hoffmann et al. 2022, eq. 2).

    Parameters
    ----------
    n : array_like
        Parameters N.
    d : array_like
        Training tokens D.
    E : float
        The irreducible loss.
    A, B : float
        The coefficients of the parameter and data terms.
    alpha, beta : float
        Their exponents.

    Returns
    -------
    numpy.ndarray
        L, broadcast over `n` and `d`.

    References
    ----------
    .. [1] Hoffmann, J. et al. (2022). Training compute-optimal large language models.
       arXiv:2203.15556, eq. 2.

    Examples
    --------
    Hoffmann et al.'s fit (E = 1.69, A = 406.4, B = 410.7, alpha = 0.34, beta = 0.28)
    at N = 1e9, D = 2e10:

    >>> round(float(chinchilla(1e9, 2e10, 1.69, 406.4, 410.7, 0.34, 0.28)), 3)
    2.58
    """
    return np.asarray(E + A * _f(n) ** -alpha + B * _f(d) ** -beta, dtype=np.float64)


def chinchilla_log(
    log_n: npt.ArrayLike,
    log_d: npt.ArrayLike,
    a: float,
    b: float,
    e: float,
    alpha: float,
    beta: float,
) -> FloatArray:
    """log L = LSE(a - alpha log N, b - beta log D, e), with A = e^a, B = e^b, E = e^e.

    The parameterisation Hoffmann et al. (2022, appendix D.2) and Besiroglu et al.
    (2024, sec. 2) fit; it keeps A, B, E positive and is numerically stable.

    Parameters
    ----------
    log_n, log_d : array_like
        ln N and ln D.
    a, b, e : float
        ln A, ln B and ln E.
    alpha, beta : float
        The exponents.

    Returns
    -------
    numpy.ndarray
        ln L.

    References
    ----------
    .. [1] Besiroglu, T. et al. (2024). Chinchilla scaling: a replication attempt.
       arXiv:2404.10102.
    """
    terms = np.broadcast_arrays(a - alpha * _f(log_n), b - beta * _f(log_d), np.float64(e))
    return np.asarray(logsumexp(np.stack(terms), axis=0), dtype=np.float64)


def power(x: npt.ArrayLike, A: float, alpha: float) -> FloatArray:
    """L(X) = A / X^alpha: a plain power law in one resource X.

    Kaplan et al. (2020, eqs. 1.1-1.3); M1 of Alabdulmohsin et al. (2022).

    Parameters
    ----------
    x : array_like
        The resource X (positive).
    A : float
        The coefficient.
    alpha : float
        The exponent.

    Returns
    -------
    numpy.ndarray
        L(X).
    """
    return np.asarray(A * _f(x) ** -alpha, dtype=np.float64)


def power_offset(x: npt.ArrayLike, E: float, A: float, alpha: float) -> FloatArray:
    """L(X) = E + A / X^alpha: one resource X (N, D or C) with an irreducible loss E.

    The single-variable law of Kaplan et al. (2020, eqs. 1.1-1.3) with Hoffmann et
    al.'s (2022) irreducible term added.

    Parameters
    ----------
    x : array_like
        The resource X.
    E : float
        The irreducible loss.
    A : float
        The coefficient.
    alpha : float
        The exponent.

    Returns
    -------
    numpy.ndarray
        L(X).

    References
    ----------
    .. [1] Kaplan, J. et al. (2020). Scaling laws for neural language models.
       arXiv:2001.08361.
    """
    return np.asarray(E + A * _f(x) ** -alpha, dtype=np.float64)


def power_offset_log(log_x: npt.ArrayLike, a: float, e: float, alpha: float) -> FloatArray:
    """log L = LSE(a - alpha log X, e): the log-sum-exp form of :func:`power_offset`.

    Parameters
    ----------
    log_x : array_like
        ln X.
    a, e : float
        ln A and ln E.
    alpha : float
        The exponent.

    Returns
    -------
    numpy.ndarray
        ln L.
    """
    terms = np.broadcast_arrays(a - alpha * _f(log_x), np.float64(e))
    return np.asarray(logsumexp(np.stack(terms), axis=0), dtype=np.float64)


def kaplan(
    n: npt.ArrayLike, d: npt.ArrayLike, Nc: float, Dc: float, alpha_N: float, alpha_D: float
) -> FloatArray:
    """L(N, D) = [(N_c/N)^(alpha_N/alpha_D) + D_c/D]^alpha_D (Kaplan et al. 2020, eq. 1.5).

    Parameters
    ----------
    n : array_like
        Non-embedding parameters N.
    d : array_like
        Training tokens D.
    Nc, Dc : float
        The critical scales N_c and D_c.
    alpha_N, alpha_D : float
        The exponents.

    Returns
    -------
    numpy.ndarray
        L, broadcast over `n` and `d`.

    References
    ----------
    .. [1] Kaplan, J. et al. (2020). Scaling laws for neural language models.
       arXiv:2001.08361, eq. 1.5.
    """
    inner = (Nc / _f(n)) ** (alpha_N / alpha_D) + Dc / _f(d)
    return np.asarray(inner**alpha_D, dtype=np.float64)


def kaplan_log(
    log_n: npt.ArrayLike,
    log_d: npt.ArrayLike,
    log_nc: float,
    log_dc: float,
    alpha_N: float,
    alpha_D: float,
) -> FloatArray:
    """log L = alpha_D * LSE((alpha_N/alpha_D)(log N_c - log N), log D_c - log D).

    Parameters
    ----------
    log_n, log_d : array_like
        ln N and ln D.
    log_nc, log_dc : float
        ln N_c and ln D_c.
    alpha_N, alpha_D : float
        The exponents.

    Returns
    -------
    numpy.ndarray
        ln L.
    """
    terms = np.broadcast_arrays((alpha_N / alpha_D) * (log_nc - _f(log_n)), log_dc - _f(log_d))
    return np.asarray(alpha_D * logsumexp(np.stack(terms), axis=0), dtype=np.float64)


def effective_data(d: npt.ArrayLike, u: npt.ArrayLike, r_star: float) -> FloatArray:
    """D' = U + U R* (1 - e^(-R/R*)), R = D/U - 1 (Muennighoff et al. 2023, eq. 5).

    The first epoch counts in full; each repetition is worth less, and no amount
    of repetition is worth more than R* extra epochs. D' = D when D = U.

    Parameters
    ----------
    d : array_like
        Tokens trained on, D >= U.
    u : array_like
        Unique tokens U.
    r_star : float
        R*, the number of repetitions after which repeated data is worth 1/e of new.

    Returns
    -------
    numpy.ndarray
        D', the effective data.

    References
    ----------
    .. [1] Muennighoff, N. et al. (2023). Scaling data-constrained language models.
       NeurIPS 2023, eq. 5.
    """
    unique = _f(u)
    repeats = np.maximum(_f(d) / unique - 1.0, 0.0)
    with np.errstate(over="ignore"):  # R / R* beyond float64: e^(-R/R*) = 0, exactly the limit
        decay = np.expm1(-repeats / r_star)
    return np.asarray(unique * (1.0 - r_star * decay), dtype=np.float64)


def data_constrained(
    n: npt.ArrayLike,
    d: npt.ArrayLike,
    u: npt.ArrayLike,
    E: float,
    A: float,
    B: float,
    alpha: float,
    beta: float,
    R_star: float,
) -> FloatArray:
    """L = E + A/N^alpha + B/D'^beta with D' the effective data of :func:`effective_data`.

    Muennighoff et al. (2023, eq. 6) with their data-side decay only: the excess-
    parameter decay R_N* is not modelled (parameters count in full).

    Parameters
    ----------
    n : array_like
        Parameters N.
    d : array_like
        Tokens trained on D.
    u : array_like
        Unique tokens U.
    E, A, B, alpha, beta : float
        The Chinchilla parameters.
    R_star : float
        R* of :func:`effective_data`.

    Returns
    -------
    numpy.ndarray
        L.

    References
    ----------
    .. [1] Muennighoff, N. et al. (2023). Scaling data-constrained language models.
       NeurIPS 2023, eq. 6.
    """
    return chinchilla(n, effective_data(d, u, R_star), E, A, B, alpha, beta)


def bnsl(
    x: npt.ArrayLike, a: float, b: float, c0: float, c1: float, d1: float, f1: float
) -> FloatArray:
    """y = a + b x^-c0 (1 + (x/d1)^(1/f1))^(-c1 f1): one break (Caballero et al. 2023, eq. 1).

    Below the break x << d1 the law is a + b x^-c0; above it, a + b' x^-(c0 + c1);
    f1 sets how sharp the transition is. Evaluated in log space, so large x^(1/f1)
    does not overflow.

    Parameters
    ----------
    x : array_like
        The resource (positive).
    a : float
        The limit as x grows.
    b : float
        The coefficient.
    c0 : float
        The exponent below the break.
    c1 : float
        The change of exponent at the break.
    d1 : float
        The break's location.
    f1 : float
        The break's sharpness (smaller is sharper).

    Returns
    -------
    numpy.ndarray
        y.

    References
    ----------
    .. [1] Caballero, E., Gupta, K., Rish, I. & Krueger, D. (2023). Broken neural
       scaling laws. ICLR 2023, eq. 1.
    """
    log_x = np.log(_f(x))
    soft = np.logaddexp(0.0, (log_x - np.log(d1)) / f1)
    return np.asarray(a + b * np.exp(-c0 * log_x - c1 * f1 * soft), dtype=np.float64)


def broken_power(
    x: npt.ArrayLike, a: float, b: float, c0: float, c1: float, d1: float, f1: float
) -> FloatArray:
    """Deprecated name of :func:`bnsl` (``broken_power`` is the relations' law).

    Parameters
    ----------
    x, a, b, c0, c1, d1, f1
        As for :func:`bnsl`.

    Returns
    -------
    numpy.ndarray
        :func:`bnsl` at `x`.
    """
    deprecated("scalinglaws.formulas.neural.broken_power", "scalinglaws.formulas.neural.bnsl")
    return bnsl(x, a, b, c0, c1, d1, f1)


M4_STEPS = 100  # Newton steps at most for the M4 share (each converges in far fewer)


def m4_logit(log_k: npt.ArrayLike, alpha: npt.ArrayLike) -> FloatArray:
    """v = logit(t) solving log t - alpha log(1 - t) = log K, for alpha > 0.

    With t = (L - L_inf) / (L_0 - L_inf) the M4 equation (L - L_inf) / (L_0 - L)^alpha
    = beta x^c reads t / (1 - t)^alpha = K, K = beta (L_0 - L_inf)^(alpha - 1) x^c.
    In v, h(v) = -log(1 + e^-v) + alpha log(1 + e^v) rises from -inf to inf with
    h'(v) = 1 - t + alpha t >= min(1, alpha), and is convex (alpha > 1) or concave
    (alpha < 1) everywhere, so Newton's iteration converges from any start (after
    at most one overshoot it moves monotonically to the root).

    Parameters
    ----------
    log_k : array_like
        log K.
    alpha : array_like
        The shape, alpha > 0.

    Returns
    -------
    numpy.ndarray
        v = logit(t) at each K.
    """
    k, a = np.broadcast_arrays(_f(log_k), _f(alpha))
    v = np.where(k < 0, k, k / a)  # the root of h's asymptote on each side
    for _ in range(M4_STEPS):
        t = expit(v)
        h = -np.logaddexp(0.0, -v) + a * np.logaddexp(0.0, v)
        step = (h - k) / (1.0 - t + a * t)
        v = v - step
        if not np.any(np.abs(step) > 1e-13 * (1.0 + np.abs(v))):
            break
    return np.asarray(v, dtype=np.float64)


def m4(
    x: npt.ArrayLike, L_inf: float, L_0: float, beta: float, c: float, alpha: float
) -> FloatArray:
    """L(x) solving (L - L_inf) / (L_0 - L)^alpha = beta x^c (Alabdulmohsin et al. 2022, eq. 4).

    L falls from L_0 (x -> 0, the loss of a random guess) to L_inf (x -> inf) for
    c < 0, alpha > 0, L_0 > L_inf (alpha -> 0 tends to the power law with offset
    L_inf + beta x^c, for x where that stays below L_0). Solved with :func:`m4_logit`
    in the excess share t = (L - L_inf) / (L_0 - L_inf), where the authors search a
    grid of 10,000 values.

    Parameters
    ----------
    x : array_like
        The resource (positive).
    L_inf : float
        The loss as x grows.
    L_0 : float
        The loss as x -> 0 (a random guess).
    beta : float
        The scale of the excess.
    c : float
        The exponent, c < 0.
    alpha : float
        The shape, alpha > 0.

    Returns
    -------
    numpy.ndarray
        L at each x.

    References
    ----------
    .. [1] Alabdulmohsin, I., Neyshabur, B. & Zhai, X. (2022). Revisiting neural
       scaling laws in language and vision. NeurIPS 35, eq. 4.
    """
    gap = _f(L_0) - L_inf
    log_k = np.log(beta) + (_f(alpha) - 1.0) * np.log(gap) + _f(c) * np.log(_f(x))
    share = expit(m4_logit(log_k, alpha))  # exact far into the tail, where gap is huge
    return np.asarray(L_inf + gap * share, dtype=np.float64)


def frontier_exponents(alpha: npt.ArrayLike, beta: npt.ArrayLike) -> tuple[FloatArray, FloatArray]:
    """Compute-optimal exponents N_opt ~ C^a, D_opt ~ C^b of the Chinchilla law.

    a = beta / (alpha + beta), b = alpha / (alpha + beta) (Hoffmann et al. 2022,
    eq. 4); a + b = 1 because C = 6 N D.

    Parameters
    ----------
    alpha, beta : array_like
        The exponents of the parameter and data terms.

    Returns
    -------
    a, b : numpy.ndarray
        The exponents of N_opt and D_opt in C.

    Examples
    --------
    >>> [round(float(v), 4) for v in frontier_exponents(0.34, 0.28)]
    [0.4516, 0.5484]
    """
    al, be = _f(alpha), _f(beta)
    return be / (al + be), al / (al + be)


def compute_optimal(
    c: npt.ArrayLike,
    E: float,
    A: float,
    B: float,
    alpha: float,
    beta: float,
    *,
    flops_per_token: float = FLOPS_PER_TOKEN,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """N_opt, D_opt and the loss there, minimising L(N, D) subject to C = k N D.

    Hoffmann et al. (2022, eq. 4) with k = 6: N_opt = G (C/k)^a, D_opt = G^-1 (C/k)^b,
    G = (alpha A / (beta B))^(1/(alpha+beta)), a and b from :func:`frontier_exponents`.

    Parameters
    ----------
    c : array_like
        Compute budgets C, FLOPs.
    E, A, B, alpha, beta : float
        The Chinchilla parameters.
    flops_per_token : float, default 6.0
        k in C = k N D.

    Returns
    -------
    n_opt, d_opt, loss : numpy.ndarray
        The optimal parameters and tokens at each budget, and the loss there.

    References
    ----------
    .. [1] Hoffmann, J. et al. (2022). Training compute-optimal large language models.
       arXiv:2203.15556, eq. 4.
    """
    a, b = frontier_exponents(alpha, beta)
    # in logarithms: G and (C/k)^a may each leave float64 where N_opt does not
    log_g = (np.log(_f(alpha) * A) - np.log(_f(beta) * B)) / (_f(alpha) + beta)
    log_budget = np.log(_f(c) / flops_per_token)
    n_opt = np.exp(log_g + a * log_budget)
    d_opt = np.exp(b * log_budget - log_g)
    return n_opt, d_opt, chinchilla(n_opt, d_opt, E, A, B, alpha, beta)
