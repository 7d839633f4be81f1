"""Growth curves over time: the cumulative size C(t) of each law, as pure numpy.

Every function takes times ``t`` (any shape) and returns C(t) with the same
shape; parameters broadcast against ``t`` (so a column of parameters evaluates
a batch of curves at once). Nothing here fits, validates or warns; non-finite
intermediate values are the caller's concern.

Notation: ``K`` carrying capacity (final size), ``r`` growth rate (per unit of
``t``), ``tm`` inflection time, ``C0`` size at the reference time ``t0``.

Laws
----
exponential  C = C0 exp(r (t - t0))                        dC/dt = r C
logistic     C = K / (1 + exp(-r (t - tm)))                dC/dt = r C (1 - C/K)
gompertz     C = K exp(-exp(-r (t - tm)))                  dC/dt = r C ln(K/C)
richards     C = K (1 + a exp(-a r (t - tm)))^(-1/a)       dC/dt = r C (1 - (C/K)^a)
ggm          C = (C0^(1/m) + r t'/m)^m, m = 1/(1-p)        dC/dt = r C^p, 0 <= p <= 1
glm          (integrated numerically)                      dC/dt = r C^p (1 - C/K)
grm          (integrated numerically)                      dC/dt = r C^p (1 - (C/K)^a)
subepidemic  a sum of GLM waves, each starting when the previous reaches C_thr

The last three have no closed form: they are integrated with scipy's
``solve_ivp`` (DOP853, relative tolerance 1e-10; see
:mod:`scalinglaws.formulas._ode`), batched over the rows of their parameters.
Their ``t0`` (the time at which C = C0) is a scalar. The GLM and GRM (and so
each sub-epidemic wave) are integrated in the Box-Cox state
u = (C^(1-p) - 1) / (1-p) (ln C at p = 1), where du/dt = r (1 - (C/K)^a) is
smooth down to C = 0 (C^p is not, for p < 1); the absolute tolerance 1e-10 on u
is a relative one of 1e-10 C^(p-1) on C.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from scalinglaws._types import FloatArray
from scalinglaws.formulas._ode import batch, integrate

__all__ = [
    "LN2",
    "exponential",
    "ggm",
    "glm",
    "gompertz",
    "grm",
    "logistic",
    "richards",
    "subepidemic",
]

ArrayLike = npt.ArrayLike

#: ln 2: the doubling time of exponential growth at rate r is LN2 / r.
LN2 = float(np.log(2.0))

# Below this 1 - p the GGM closed form is replaced by its p -> 1 limit (exponential growth).
_P_ONE = 1e-12


def exponential(t: ArrayLike, C0: ArrayLike, r: ArrayLike, t0: ArrayLike = 0.0) -> FloatArray:
    """Exponential (Malthusian) growth, C(t) = C0 exp(r (t - t0)); dC/dt = r C.

    Doubling time ln 2 / r. T. R. Malthus, *An Essay on the Principle of
    Population* (1798).

    Parameters
    ----------
    t : array_like
        Times.
    C0 : array_like
        The size at `t0`.
    r : array_like
        The growth rate, per unit of t.
    t0 : array_like, default 0.0
        The reference time.

    Returns
    -------
    numpy.ndarray
        C(t), broadcast over the arguments.
    """
    t, C0, r, t0 = _floats(t, C0, r, t0)
    return np.asarray(C0 * np.exp(r * (t - t0)), dtype=np.float64)


def logistic(t: ArrayLike, K: ArrayLike, r: ArrayLike, tm: ArrayLike) -> FloatArray:
    """Logistic growth, C(t) = K / (1 + exp(-r (t - tm))); dC/dt = r C (1 - C/K).

    The inflection (fastest growth, C = K/2) is at t = tm; early growth is
    exponential at rate r. P.-F. Verhulst, "Notice sur la loi que la population
    suit dans son accroissement", Corresp. Math. Phys. 10, 113-121 (1838);
    R. Pearl and L. J. Reed, "On the rate of growth of the population of the
    United States since 1790 and its mathematical representation", PNAS 6(6),
    275-288 (1920).

    Parameters
    ----------
    t : array_like
        Times.
    K : array_like
        The carrying capacity (final size).
    r : array_like
        The early growth rate, per unit of t.
    tm : array_like
        The inflection time.

    Returns
    -------
    numpy.ndarray
        C(t), broadcast over the arguments.

    Examples
    --------
    >>> float(logistic(5.0, K=100.0, r=1.0, tm=5.0))
    50.0
    """
    t, K, r, tm = _floats(t, K, r, tm)
    with np.errstate(over="ignore"):  # exp(-x) = inf far before tm gives C = 0, as it should
        return np.asarray(K / (1.0 + np.exp(-r * (t - tm))), dtype=np.float64)


def gompertz(t: ArrayLike, K: ArrayLike, r: ArrayLike, tm: ArrayLike) -> FloatArray:
    """Gompertz growth, C(t) = K exp(-exp(-r (t - tm))); dC/dt = r C ln(K / C).

    The inflection is at t = tm, where C = K/e. B. Gompertz, "On the nature of
    the function expressive of the law of human mortality", Phil. Trans. R. Soc.
    115, 513-583 (1825); as a growth curve: C. P. Winsor, "The Gompertz curve as
    a growth curve", PNAS 18(1), 1-8 (1932).

    Parameters
    ----------
    t : array_like
        Times.
    K : array_like
        The final size.
    r : array_like
        The growth rate, per unit of t.
    tm : array_like
        The inflection time.

    Returns
    -------
    numpy.ndarray
        C(t), broadcast over the arguments.
    """
    t, K, r, tm = _floats(t, K, r, tm)
    return np.asarray(K * np.exp(-np.exp(-r * (t - tm))), dtype=np.float64)


def richards(t: ArrayLike, K: ArrayLike, r: ArrayLike, tm: ArrayLike, a: ArrayLike) -> FloatArray:
    """Richards growth, C(t) = K (1 + a exp(-a r (t - tm)))^(-1/a), a > 0.

    Solves dC/dt = r C (1 - (C/K)^a): early growth is exponential at rate r,
    the inflection is at t = tm (where C = K (1 + a)^(-1/a)); a = 1 is the
    logistic and a -> 0 with a r fixed the Gompertz. F. J. Richards, "A flexible
    growth function for empirical use", J. Exp. Bot. 10(2), 290-300 (1959);
    this parametrisation: X.-S. Wang, J. Wu and Y. Yang, "Richards model
    revisited", J. Theor. Biol. 313, 12-19 (2012).

    Parameters
    ----------
    t : array_like
        Times.
    K : array_like
        The final size.
    r : array_like
        The early growth rate, per unit of t.
    tm : array_like
        The inflection time.
    a : array_like
        The shape, a > 0 (1: logistic).

    Returns
    -------
    numpy.ndarray
        C(t), broadcast over the arguments.
    """
    t, K, r, tm, a = _floats(t, K, r, tm, a)
    # (1 + a e^{-x})^{-1/a} = exp(-log1p(a e^{-x}) / a), computed as logaddexp for large x.
    log_term = np.logaddexp(0.0, np.log(a) - a * r * (t - tm))
    return np.asarray(K * np.exp(-log_term / a), dtype=np.float64)


def ggm(t: ArrayLike, C0: ArrayLike, r: ArrayLike, p: ArrayLike, t0: ArrayLike = 0.0) -> FloatArray:
    """The generalized-growth model dC/dt = r C^p with C(t0) = C0, 0 <= p <= 1.

    Closed form (Viboud, Simonsen & Chowell 2016, eq. 2), with m = 1/(1 - p):

        C(t) = (C0^(1/m) + r (t - t0) / m)^m      for p < 1,
        C(t) = C0 exp(r (t - t0))                 for p = 1 (exponential growth).

    p = 0 is constant incidence (linear growth), 0 < p < 1 sub-exponential
    (polynomial) growth. Before the curve's start, where the base would be
    negative, C is 0. C. Viboud, L. Simonsen and G. Chowell, "A
    generalized-growth model to characterize the early ascending phase of
    infectious disease outbreaks", Epidemics 15, 27-37 (2016).

    Parameters
    ----------
    t : array_like
        Times.
    C0 : array_like
        The size at `t0`.
    r : array_like
        The growth rate (units of C^(1-p) per unit of t).
    p : array_like
        The deceleration of growth, 0 <= p <= 1 (1: exponential, 0: linear).
    t0 : array_like, default 0.0
        The reference time.

    Returns
    -------
    numpy.ndarray
        C(t), broadcast over the arguments.
    """
    t, C0, r, p, t0 = _floats(t, C0, r, p, t0)
    q = 1.0 - p  # = 1/m
    near_one = q < _P_ONE
    safe_q = np.where(near_one, 1.0, q)
    # C0 * (1 + r q (t - t0) C0^{-q})^{1/q}, in logs for accuracy as q -> 0.
    x = r * safe_q * (t - t0) * np.power(C0, -safe_q)
    with np.errstate(invalid="ignore", divide="ignore"):
        sub = np.where(x > -1.0, C0 * np.exp(np.log1p(np.maximum(x, -1.0)) / safe_q), 0.0)
    return np.asarray(np.where(near_one, C0 * np.exp(r * (t - t0)), sub), dtype=np.float64)


def glm(
    t: ArrayLike, C0: ArrayLike, r: ArrayLike, p: ArrayLike, K: ArrayLike, t0: float = 0.0
) -> FloatArray:
    """The generalized logistic model dC/dt = r C^p (1 - C/K) with C(t0) = C0.

    Early growth is sub-exponential (polynomial) for p < 1 and exponential for
    p = 1, where the model is the logistic; growth stops at the final size K.
    No closed form exists for p < 1: the curve is integrated numerically (see
    the module notes). G. Chowell, "Fitting dynamic models to epidemic outbreaks
    with quantified uncertainty: a primer for parameter uncertainty,
    identifiability, and forecasts", Infect. Dis. Model. 2, 379-398 (2017);
    G. Chowell, D. Hincapie-Palacio, J. Ospina et al., "Using phenomenological
    models to characterize transmissibility and forecast patterns and final
    burden of Zika epidemics", PLoS Curr. 8 (2016).

    Parameters
    ----------
    t : array_like
        Times.
    C0 : array_like
        The size at `t0`.
    r : array_like
        The growth rate (units of C^(1-p) per unit of t).
    p : array_like
        The deceleration of growth, 0 <= p <= 1.
    K : array_like
        The final size.
    t0 : float, default 0.0
        The reference time (a scalar).

    Returns
    -------
    numpy.ndarray
        C(t), one row per row of parameters.
    """
    return grm(t, C0, r, p, K, 1.0, t0)


def grm(
    t: ArrayLike,
    C0: ArrayLike,
    r: ArrayLike,
    p: ArrayLike,
    K: ArrayLike,
    a: ArrayLike,
    t0: float = 0.0,
) -> FloatArray:
    """The generalized Richards model dC/dt = r C^p (1 - (C/K)^a) with C(t0) = C0.

    p = 1 is the Richards model, a = 1 the generalized logistic; integrated
    numerically (see the module notes). G. Chowell, A. Tariq and J. M. Hyman, "A
    novel sub-epidemic modeling framework for short-term forecasting the
    epidemic waves", BMC Med. 17, 164 (2019), and references therein; B. Pell,
    Y. Kuang, C. Viboud and G. Chowell, "Using phenomenological models for
    forecasting the 2015 Ebola challenge", Epidemics 22, 62-70 (2018).

    Parameters
    ----------
    t : array_like
        Times.
    C0 : array_like
        The size at `t0`.
    r : array_like
        The growth rate (units of C^(1-p) per unit of t).
    p : array_like
        The deceleration of growth, 0 <= p <= 1.
    K : array_like
        The final size.
    a : array_like
        The Richards shape, a > 0.
    t0 : float, default 0.0
        The reference time (a scalar).

    Returns
    -------
    numpy.ndarray
        C(t), one row per row of parameters.
    """
    times, (c0, rate, power, size, shape), out = batch(t, C0, r, p, K, a)
    bend = 1.0 - power  # the Box-Cox exponent of the state, 1 - p

    def rhs(x: FloatArray, rows: npt.NDArray[np.intp]) -> FloatArray:
        C = _from_box_cox(x[:, 0], bend[rows])
        return (rate[rows] * (1.0 - (C / size[rows]) ** shape[rows]))[:, None]

    start = _box_cox(c0, bend)
    # The state u is about ln C: an absolute tolerance of RTOL on u is a relative one on C.
    states = integrate(rhs, start[:, None], float(t0), times, np.ones_like(c0))[:, 0, :]
    with np.errstate(all="ignore"):
        values = _from_box_cox(states, bend[:, None])
    return np.asarray(values.reshape(out), dtype=np.float64)


def _box_cox(C: FloatArray, q: FloatArray) -> FloatArray:
    """u = (C^q - 1) / q, and ln C at q = 0 (the state in which :func:`grm` is integrated).

    With u as the state, dC/dt = r C^p (1 - (C/K)^a) becomes du/dt = r (1 - (C/K)^a),
    q = 1 - p: smooth where C reaches 0 (C^p has an unbounded slope there for p < 1,
    which forces an explicit solver into tiny steps or a stiff one), and the
    logistic's (p = 1) state is ln C (G. E. P. Box and D. R. Cox, "An analysis of
    transformations", J. R. Stat. Soc. B 26, 211-252, 1964).
    """
    with np.errstate(divide="ignore"):
        log = np.log(C)
    flat = q == 0.0
    return np.asarray(np.where(flat, log, np.expm1(q * log) / np.where(flat, 1.0, q)))


def _from_box_cox(u: FloatArray, q: FloatArray) -> FloatArray:
    """C = (1 + q u)^(1/q), exp(u) at q = 0, and 0 where 1 + q u <= 0 (C has reached 0).

    Called with numpy's floating-point warnings silenced (log1p(-1) = -inf gives C = 0).
    """
    flat = q == 0.0
    if not flat.any():  # the common case, in the solver's inner loop: no np.where
        return np.asarray(np.exp(np.log1p(np.maximum(q * u, -1.0)) / q), dtype=np.float64)
    grown = np.exp(np.log1p(np.maximum(q * u, -1.0)) / np.where(flat, 1.0, q))
    return np.asarray(np.where(flat, np.exp(u), grown), dtype=np.float64)


def subepidemic(
    t: ArrayLike,
    C0: ArrayLike,
    r: ArrayLike,
    p: ArrayLike,
    K0: ArrayLike,
    q: ArrayLike,
    C_thr: ArrayLike,
    n: int,
    t0: float = 0.0,
) -> FloatArray:
    """Sub-epidemic waves: the sum of ``n`` GLM sub-epidemics, each started by the last.

    Sub-epidemic i (i = 1..n) follows dC_i/dt = A_i r C_i^p (1 - C_i/K_i) with
    K_i = K0 exp(-q (i - 1)); A_1 = 1, and A_i switches on when C_(i-1) reaches the
    threshold C_thr (Chowell, Tariq & Hyman 2019, eqs. 1-2). Every sub-epidemic
    starts from C0; the total is C = sum_i C_i - (n - 1) C0, so that C(t0) = C0
    and a sub-epidemic adds cases only once it has started. (The toolbox of the
    paper starts the later sub-epidemics from one case; starting them from C0
    keeps the model free of the unit of C.) G. Chowell, A. Tariq and J. M.
    Hyman, "A novel sub-epidemic modeling framework for short-term forecasting
    the epidemic waves", BMC Med. 17, 164 (2019).

    Computation: each wave is an autonomous GLM, so C_i(t) = G_i(t - T_i) with G_i
    the GLM from C0 and T_i its start. The n curves G_i are integrated together on
    a fine grid (smooth: no switches), T_(i+1) = T_i + the time G_i takes to reach
    C_thr, and G_i is read off at t - T_i by cubic Hermite interpolation with the
    exact slopes dG/dt from the ODE (error O(h^4)); tested against a direct
    integration with the switches in the right-hand side.

    Parameters
    ----------
    t : array_like
        Times.
    C0 : array_like
        The size at `t0` (and each wave's starting size).
    r : array_like
        The growth rate of every wave.
    p : array_like
        The deceleration of growth, 0 <= p <= 1.
    K0 : array_like
        The first wave's final size.
    q : array_like
        The decline of the waves' sizes, K_i = K0 exp(-q (i - 1)).
    C_thr : array_like
        The size at which a wave starts the next.
    n : int
        The number of waves.
    t0 : float, default 0.0
        The reference time (a scalar).

    Returns
    -------
    numpy.ndarray
        The total C(t), one row per row of parameters.
    """
    times, (c0, rate, power, first, decline, threshold), out = batch(t, C0, r, p, K0, q, C_thr)
    count = int(n)
    sizes = first[:, None] * np.exp(-decline[:, None] * np.arange(count))  # (M, n)
    wave_one = grm(times, c0[:, None], rate[:, None], power[:, None], sizes[:, :1], 1.0, t0)
    total = np.asarray(wave_one, dtype=np.float64).reshape(c0.size, times.size)
    span = float(times.max() - t0)
    if count > 1 and span > 0:
        grid = np.linspace(0.0, span, _WAVE_GRID)
        each = np.repeat  # row = parameter row x wave
        waves = grm(
            grid[None, :],
            each(c0, count)[:, None],
            each(rate, count)[:, None],
            each(power, count)[:, None],
            sizes.reshape(-1, 1),
            1.0,
        ).reshape(c0.size, count, grid.size)
        grown = np.maximum(waves, 0.0)
        slopes = rate[:, None, None] * grown ** power[:, None, None]
        slopes = slopes * (1.0 - grown / sizes[:, :, None])
        begin = np.zeros(c0.size)
        for i in range(1, count):
            begin = begin + _reach(grid, waves[:, i - 1], slopes[:, i - 1], threshold)
            since = times[None, :] - t0 - begin[:, None]
            value = _hermite(grid, waves[:, i], slopes[:, i], since)
            total += np.where(since > 0, value - c0[:, None], 0.0)
    return np.asarray(total.reshape(out), dtype=np.float64)


#: Grid points per wave in :func:`subepidemic` (Hermite error ~ (r h)^4 / 384).
_WAVE_GRID = 600


def _hermite(
    grid: FloatArray, values: FloatArray, slopes: FloatArray, at: FloatArray
) -> FloatArray:
    """Cubic Hermite interpolation of each row of ``values`` (M, G) at its own times (M, k)."""
    h = grid[1] - grid[0]
    inside = np.clip(at, grid[0], grid[-1])
    j = np.clip(((inside - grid[0]) / h).astype(int), 0, grid.size - 2)
    u = (inside - grid[j]) / h
    rows = np.arange(values.shape[0])[:, None]
    y0, y1 = values[rows, j], values[rows, j + 1]
    d0, d1 = slopes[rows, j] * h, slopes[rows, j + 1] * h
    u2, u3 = u * u, u * u * u
    return np.asarray(
        (2 * u3 - 3 * u2 + 1) * y0
        + (u3 - 2 * u2 + u) * d0
        + (-2 * u3 + 3 * u2) * y1
        + (u3 - u2) * d1,
        dtype=np.float64,
    )


def _reach(
    grid: FloatArray, values: FloatArray, slopes: FloatArray, level: FloatArray
) -> FloatArray:
    """The first time each row of ``values`` reaches ``level`` (inf if never on the grid)."""
    above = values >= level[:, None]
    found = above.any(axis=1)
    j = np.clip(np.argmax(above, axis=1) - 1, 0, grid.size - 2)
    rows = np.arange(values.shape[0])
    y0, y1 = values[rows, j], values[rows, j + 1]
    with np.errstate(all="ignore"):
        guess = grid[j] + (grid[j + 1] - grid[j]) * np.clip((level - y0) / (y1 - y0), 0.0, 1.0)
    guess = np.where(values[:, 0] >= level, 0.0, guess)
    for _ in range(3):  # Newton on the Hermite interpolant, whose slope is about the ODE's
        current = _hermite(grid, values, slopes, guess[:, None])[:, 0]
        step = _hermite(grid, slopes, np.gradient(slopes, grid, axis=1), guess[:, None])[:, 0]
        with np.errstate(all="ignore"):
            guess = np.where(step > 0, guess - (current - level) / step, guess)
    return np.where(found, np.maximum(guess, 0.0), np.inf)


def _floats(*values: ArrayLike) -> tuple[FloatArray, ...]:
    return tuple(np.asarray(value, dtype=np.float64) for value in values)
