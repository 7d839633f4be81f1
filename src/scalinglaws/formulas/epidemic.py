"""Compartmental epidemic models and the reproduction number, as pure numpy/scipy.

SIR (Kermack & McKendrick 1927), with N the population, beta = R0 gamma::

    dS/dt = -beta S I / N,  dI/dt = beta S I / N - gamma I,  C = N - S

SEIR, with a latent period 1/sigma and cases counted at the onset of
infectiousness::

    dS/dt = -beta S I / N,  dE/dt = beta S I / N - sigma E,
    dI/dt = sigma E - gamma I,  dC/dt = sigma E

Both start at t0 with I0 infectious (C(t0) = I0, nobody removed); SEIR also
with E0 = I0 (rho + gamma) / sigma exposed, the ratio of the growing mode, so
that the curve starts on its exponential phase. The curves are integrated with
scipy's ``solve_ivp`` (:mod:`scalinglaws.formulas._ode`), batched over rows of
parameters; ``t0`` is a scalar.

References: W. O. Kermack and A. G. McKendrick, "A contribution to the
mathematical theory of epidemics", Proc. R. Soc. A 115, 700-721 (1927);
R. M. Anderson and R. M. May, *Infectious Diseases of Humans* (Oxford, 1991),
ch. 6; J. Wallinga and M. Lipsitch, "How generation intervals shape the
relationship between growth rates and reproductive numbers", Proc. R. Soc. B
274, 599-604 (2007).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from scipy.special import lambertw

from scalinglaws._types import FloatArray
from scalinglaws.formulas._ode import batch, integrate

__all__ = [
    "final_size",
    "reproduction_number",
    "seir",
    "seir_growth_rate",
    "seir_states",
    "sir",
    "sir_growth_rate",
    "sir_states",
]

ArrayLike = npt.ArrayLike


def sir_growth_rate(R0: ArrayLike, gamma: ArrayLike) -> FloatArray:
    """The initial exponential growth rate of SIR, gamma (R0 - 1) (when S ~ N).

    Parameters
    ----------
    R0 : array_like
        The basic reproduction number.
    gamma : array_like
        The recovery rate (1 / infectious period).

    Returns
    -------
    numpy.ndarray
        The growth rate gamma (R0 - 1).
    """
    return np.asarray(np.asarray(gamma) * (np.asarray(R0) - 1.0), dtype=np.float64)


def seir_growth_rate(R0: ArrayLike, sigma: ArrayLike, gamma: ArrayLike) -> FloatArray:
    """The initial growth rate of SEIR.

    The largest root of (rho + sigma)(rho + gamma) = sigma gamma R0, i.e. (-(sigma + gamma) +
    sqrt((sigma - gamma)^2 + 4 sigma gamma R0)) / 2.

    Parameters
    ----------
    R0 : array_like
        The basic reproduction number.
    sigma : array_like
        The rate of becoming infectious (1 / latent period).
    gamma : array_like
        The recovery rate (1 / infectious period).

    Returns
    -------
    numpy.ndarray
        The growth rate rho.
    """
    R0, sigma, gamma = (np.asarray(v, dtype=np.float64) for v in (R0, sigma, gamma))
    root = np.sqrt((sigma - gamma) ** 2 + 4.0 * sigma * gamma * R0)
    return np.asarray((root - sigma - gamma) / 2.0, dtype=np.float64)


def sir_states(
    t: ArrayLike, N: ArrayLike, R0: ArrayLike, gamma: ArrayLike, I0: ArrayLike, t0: float = 0.0
) -> FloatArray:
    """SIR states (S, I, C) at times ``t``: shape (*rows, 3, n) for rows of parameters.

    Parameters
    ----------
    t : array_like
        Times.
    N : array_like
        The population.
    R0 : array_like
        The basic reproduction number.
    gamma : array_like
        The recovery rate.
    I0 : array_like
        Infectious at `t0`.
    t0 : float, default 0.0
        The start time (a scalar).

    Returns
    -------
    numpy.ndarray, shape (*rows, 3, n)
        S, I and C at each time, for each row of parameters.
    """
    times, (size, r0, g, i0), out = batch(t, N, R0, gamma, I0)
    beta = r0 * g

    def rhs(x: FloatArray, rows: npt.NDArray[np.intp]) -> FloatArray:
        sus, inf = np.maximum(x[:, 0], 0.0), np.maximum(x[:, 1], 0.0)
        infection = beta[rows] * sus * inf / size[rows]
        return np.stack([-infection, infection - g[rows] * inf, infection], axis=1)

    start = np.stack([np.maximum(size - i0, 0.0), i0, i0], axis=1)
    states = integrate(rhs, start, float(t0), times, size)
    return np.asarray(states.reshape(*out[:-1], 3, times.size), dtype=np.float64)


def sir(
    t: ArrayLike, N: ArrayLike, R0: ArrayLike, gamma: ArrayLike, I0: ArrayLike, t0: float = 0.0
) -> FloatArray:
    """Cumulative infections C(t) = N - S(t) of the SIR model (see the module notes).

    Parameters
    ----------
    t : array_like
        Times.
    N : array_like
        The population.
    R0 : array_like
        The basic reproduction number.
    gamma : array_like
        The recovery rate.
    I0 : array_like
        Infectious at `t0`.
    t0 : float, default 0.0
        The start time (a scalar).

    Returns
    -------
    numpy.ndarray
        C(t), for each row of parameters.

    References
    ----------
    .. [1] Kermack, W. O. & McKendrick, A. G. (1927). A contribution to the
       mathematical theory of epidemics. Proc. R. Soc. A 115, 700-721.
    """
    states = sir_states(t, N, R0, gamma, I0, t0)
    return np.asarray(states[..., 2, :].reshape(_shape(t, N, R0, gamma, I0)), dtype=np.float64)


def seir_states(
    t: ArrayLike,
    N: ArrayLike,
    R0: ArrayLike,
    sigma: ArrayLike,
    gamma: ArrayLike,
    I0: ArrayLike,
    t0: float = 0.0,
) -> FloatArray:
    """SEIR states (S, E, I, C) at times ``t``: shape (*rows, 4, n).

    Parameters
    ----------
    t : array_like
        Times.
    N : array_like
        The population.
    R0 : array_like
        The basic reproduction number.
    sigma : array_like
        The rate of becoming infectious.
    gamma : array_like
        The recovery rate.
    I0 : array_like
        Infectious at `t0`.
    t0 : float, default 0.0
        The start time (a scalar).

    Returns
    -------
    numpy.ndarray, shape (*rows, 4, n)
        S, E, I and C at each time, for each row of parameters.
    """
    times, (size, r0, s, g, i0), out = batch(t, N, R0, sigma, gamma, I0)
    beta = r0 * g
    e0 = i0 * (seir_growth_rate(r0, s, g) + g) / s

    def rhs(x: FloatArray, rows: npt.NDArray[np.intp]) -> FloatArray:
        sus, exposed, inf = (np.maximum(x[:, j], 0.0) for j in range(3))
        infection = beta[rows] * sus * inf / size[rows]
        onset = s[rows] * exposed
        return np.stack([-infection, infection - onset, onset - g[rows] * inf, onset], axis=1)

    start = np.stack([np.maximum(size - i0 - e0, 0.0), e0, i0, i0], axis=1)
    states = integrate(rhs, start, float(t0), times, size)
    return np.asarray(states.reshape(*out[:-1], 4, times.size), dtype=np.float64)


def seir(
    t: ArrayLike,
    N: ArrayLike,
    R0: ArrayLike,
    sigma: ArrayLike,
    gamma: ArrayLike,
    I0: ArrayLike,
    t0: float = 0.0,
) -> FloatArray:
    """Cumulative cases by onset C(t) of the SEIR model (see the module notes).

    Parameters
    ----------
    t : array_like
        Times.
    N : array_like
        The population.
    R0 : array_like
        The basic reproduction number.
    sigma : array_like
        The rate of becoming infectious.
    gamma : array_like
        The recovery rate.
    I0 : array_like
        Infectious at `t0`.
    t0 : float, default 0.0
        The start time (a scalar).

    Returns
    -------
    numpy.ndarray
        C(t), for each row of parameters.

    References
    ----------
    .. [1] Anderson, R. M. & May, R. M. (1991). Infectious Diseases of Humans.
       Oxford University Press, ch. 6.
    """
    states = seir_states(t, N, R0, sigma, gamma, I0, t0)
    return np.asarray(
        states[..., 3, :].reshape(_shape(t, N, R0, sigma, gamma, I0)), dtype=np.float64
    )


def final_size(N: ArrayLike, R0: ArrayLike, susceptible: ArrayLike) -> FloatArray:
    """The final cumulative number infected, N - S_inf, of SIR or SEIR.

    S_inf solves S_inf = S0 exp(-R0 (N - S_inf) / N) (nobody removed at the start;
    Kermack & McKendrick 1927), so S_inf / N = -W0(-R0 (S0/N) e^(-R0)) / R0 with W0
    the principal branch of Lambert's W.

    Parameters
    ----------
    N : array_like
        The population.
    R0 : array_like
        The basic reproduction number.
    susceptible : array_like
        S0, the susceptible at the start.

    Returns
    -------
    numpy.ndarray
        N - S_inf.

    References
    ----------
    .. [1] Kermack, W. O. & McKendrick, A. G. (1927). A contribution to the
       mathematical theory of epidemics. Proc. R. Soc. A 115, 700-721.
    """
    N, R0, S0 = (np.asarray(v, dtype=np.float64) for v in (N, R0, susceptible))
    with np.errstate(all="ignore"):
        share = -np.real(lambertw(-R0 * (S0 / N) * np.exp(-R0))) / R0
    return np.asarray(N * (1.0 - share), dtype=np.float64)


def reproduction_number(growth_rate: ArrayLike, mean: float, sd: float) -> FloatArray:
    """R = 1 / M(-r) for a gamma-distributed generation interval (Wallinga & Lipsitch 2007).

    With shape k = (mean/sd)^2 and scale theta = sd^2/mean the moment-generating
    function is M(s) = (1 - theta s)^(-k), so R = (1 + theta r)^k (eq. 3.2 of the
    paper); sd = 0 (a fixed interval) gives R = exp(r mean). Where 1 + theta r <= 0
    (a decline faster than the interval allows) M(-r) is infinite and R = 0.

    Parameters
    ----------
    growth_rate : array_like
        The exponential growth rate r.
    mean : float
        The generation interval's mean (units of 1/r).
    sd : float
        Its standard deviation (0: a fixed interval).

    Returns
    -------
    numpy.ndarray
        R.

    References
    ----------
    .. [1] Wallinga, J. & Lipsitch, M. (2007). How generation intervals shape the
       relationship between growth rates and reproductive numbers. Proc. R. Soc. B
       274, 599-604.
    """
    r = np.asarray(growth_rate, dtype=np.float64)
    if sd == 0:
        return np.asarray(np.exp(r * mean), dtype=np.float64)
    shape, scale = (mean / sd) ** 2, sd * sd / mean
    base = 1.0 + scale * r
    with np.errstate(all="ignore"):
        value = np.where(base > 0, np.exp(shape * np.log(np.where(base > 0, base, 1.0))), 0.0)
    return np.asarray(value, dtype=np.float64)


def _shape(t: ArrayLike, *params: ArrayLike) -> tuple[int, ...]:
    return batch(t, *params)[2]
