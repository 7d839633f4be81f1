"""Scaling relations y = f(x): the laws, their logarithms and their Jacobians.

Pure numpy, no validation: callers pass finite arrays of the right sign. Each law
comes in the form a user writes (``power(x, a, b)``) and, where fitting needs it,
as its natural logarithm with the Jacobian in the parameters the fit uses
(logarithms of scale parameters, so that they stay positive).

References
----------
* Huxley, J. S. (1932). *Problems of Relative Growth*. Methuen, London: the
  allometric power law y = a x^b and its fit as a straight line on log-log axes.
* Warton, D. I., Wright, I. J., Falster, D. S. & Westoby, M. (2006). Bivariate
  line-fitting methods for allometry. *Biological Reviews* 81, 259-291.
* Bettencourt, L. M. A., Lobo, J., Helbing, D., Kühnert, C. & West, G. B. (2007).
  Growth, innovation, scaling, and the pace of life in cities. *PNAS* 104,
  7301-7306: urban scaling Y = Y0 N^beta.
* Beuermann, K. et al. (1999). VLT observations of GRB 990510 and its environment.
  *Astron. Astrophys.* 352, L26-L30: the smoothly broken power law (their eq. 1),
  implemented as ``SmoothlyBrokenPowerLaw1D`` in astropy.
* Spurr, S. H. (1952). *Forest Inventory*. Ronald Press: the combined-variable
  volume law V = a D^b1 H^b2, a multi-variable power law.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from scipy.special import expit

from scalinglaws._types import FloatArray

__all__ = [
    "broken_power",
    "broken_power_log",
    "broken_power_log_jacobian",
    "exponential",
    "linear",
    "power",
    "power_multi",
    "power_offset",
    "power_offset_jacobian",
]

_LN2 = float(np.log(2.0))


def power(x: npt.ArrayLike, a: float, b: float) -> FloatArray:
    """The power law y = a x^b (Huxley 1932; Bettencourt et al. 2007), for x > 0.

    On log-log axes it is the straight line ln y = ln a + b ln x, which is why
    ordinary least squares on logarithms is its classical fit.

    Parameters
    ----------
    x : array_like
        Positive predictor values.
    a : float
        The coefficient (y at x = 1).
    b : float
        The exponent.

    Returns
    -------
    numpy.ndarray
        y.

    References
    ----------
    .. [1] Huxley, J. S. (1932). Problems of Relative Growth. Methuen, London.
    .. [2] Bettencourt, L. M. A. et al. (2007). Growth, innovation, scaling, and the
       pace of life in cities. PNAS 104, 7301-7306.

    Examples
    --------
    >>> power([1.0, 4.0], a=3.0, b=0.5).tolist()
    [3.0, 6.0]
    """
    return np.asarray(a * np.power(np.asarray(x, dtype=np.float64), b), dtype=np.float64)


def power_multi(x: npt.ArrayLike, a: float, b: npt.ArrayLike) -> FloatArray:
    """The multi-variable power law y = a x_1^b_1 x_2^b_2 ... x_k^b_k (Spurr 1952).

    `x` has shape (n, k), `b` has k exponents; on logarithms it is the plane
    ln y = ln a + sum_j b_j ln x_j (e.g. tree volume from girth and height).

    Parameters
    ----------
    x : array_like, shape (n, k)
        Positive predictor values, one column per variable.
    a : float
        The coefficient.
    b : array_like, shape (k,)
        The exponents.

    Returns
    -------
    numpy.ndarray, shape (n,)
        y.

    References
    ----------
    .. [1] Spurr, S. H. (1952). Forest Inventory. Ronald Press.
    """
    logx = np.log(np.atleast_2d(np.asarray(x, dtype=np.float64)))
    exponents = np.asarray(b, dtype=np.float64)
    return np.asarray(a * np.exp(logx @ exponents), dtype=np.float64)


def power_offset(x: npt.ArrayLike, a: float, b: float, c: float) -> FloatArray:
    """The power law with an offset, y = c + a x^b, for x > 0.

    The offset c is the level the relation approaches (b < 0) or starts from
    (b > 0); with c = 0 it is :func:`power`. No longer a straight line on log-log
    axes, so it is fitted by nonlinear least squares.

    Parameters
    ----------
    x : array_like
        Positive predictor values.
    a : float
        The coefficient.
    b : float
        The exponent.
    c : float
        The offset.

    Returns
    -------
    numpy.ndarray
        y.
    """
    return np.asarray(c + power(x, a, b), dtype=np.float64)


def power_offset_jacobian(x: npt.ArrayLike, a: float, b: float) -> FloatArray:
    """d(c + a x^b)/d(a, b, c) = (x^b, a x^b ln x, 1), shape (n, 3), columns contiguous.

    Parameters
    ----------
    x : array_like
        Positive predictor values.
    a : float
        The coefficient.
    b : float
        The exponent.

    Returns
    -------
    numpy.ndarray, shape (n, 3)
        The derivatives in a, b and c.
    """
    xs = np.asarray(x, dtype=np.float64)
    xb = np.power(xs, b)
    return np.stack([xb, a * xb * np.log(xs), np.ones_like(xs)]).T


def exponential(x: npt.ArrayLike, a: float, b: float) -> FloatArray:
    """The exponential law y = a e^(b x): a straight line ln y = ln a + b x on semi-log axes.

    Parameters
    ----------
    x : array_like
        Predictor values.
    a : float
        y at x = 0.
    b : float
        The rate.

    Returns
    -------
    numpy.ndarray
        y.
    """
    return np.asarray(a * np.exp(b * np.asarray(x, dtype=np.float64)), dtype=np.float64)


def linear(x: npt.ArrayLike, a: float, b: float) -> FloatArray:
    """The straight line y = a + b x.

    Parameters
    ----------
    x : array_like
        Predictor values.
    a : float
        The intercept.
    b : float
        The slope.

    Returns
    -------
    numpy.ndarray
        y.
    """
    return np.asarray(a + b * np.asarray(x, dtype=np.float64), dtype=np.float64)


def broken_power(
    x: npt.ArrayLike, a: float, b1: float, b2: float, x_break: float, smoothness: float
) -> FloatArray:
    """The smoothly broken power law (Beuermann et al. 1999, eq. 1; astropy's form).

    ::

        y = a (x / x_b)^b1 [ (1 + (x / x_b)^(1/Δ)) / 2 ]^((b2 - b1) Δ)

    The log-log slope is b1 well below the break x_b and b2 well above it; Δ > 0
    (`smoothness`, in units of ln x) is the width of the transition, and y = a at
    x = x_b. This is astropy's ``SmoothlyBrokenPowerLaw1D`` with alpha_i = -b_i.

    Parameters
    ----------
    x : array_like
        Positive predictor values.
    a : float
        y at the break.
    b1, b2 : float
        The log-log slopes below and above the break.
    x_break : float
        The break x_b.
    smoothness : float
        Δ > 0, the transition's width in units of ln x.

    Returns
    -------
    numpy.ndarray
        y.

    References
    ----------
    .. [1] Beuermann, K. et al. (1999). VLT observations of GRB 990510 and its
       environment. Astron. Astrophys. 352, L26-L30, eq. 1.
    """
    logx = np.log(np.asarray(x, dtype=np.float64))
    return np.exp(broken_power_log(logx, np.log(a), b1, b2, np.log(x_break), smoothness))


def _softplus_shifted(u: FloatArray, smoothness: float) -> FloatArray:
    """Δ [ln(1 + e^(u/Δ)) - ln 2], computed without overflow."""
    return np.asarray(smoothness * (np.logaddexp(0.0, u / smoothness) - _LN2), dtype=np.float64)


def broken_power_log(
    logx: FloatArray, log_a: float, b1: float, b2: float, log_x_break: float, smoothness: float
) -> FloatArray:
    """ln y of :func:`broken_power` as a function of ln x.

    ln y = ln a + b1 u + (b2 - b1) Δ [ln(1 + e^(u/Δ)) - ln 2],   u = ln x - ln x_b.

    Parameters
    ----------
    logx : numpy.ndarray
        ln x.
    log_a : float
        ln a.
    b1, b2 : float
        The slopes below and above the break.
    log_x_break : float
        ln x_b.
    smoothness : float
        Δ > 0.

    Returns
    -------
    numpy.ndarray
        ln y.
    """
    u = logx - log_x_break
    return np.asarray(log_a + b1 * u + (b2 - b1) * _softplus_shifted(u, smoothness))


def broken_power_log_jacobian(
    logx: FloatArray, b1: float, b2: float, log_x_break: float, smoothness: float
) -> FloatArray:
    """d ln y / d(ln a, b1, b2, ln x_b) of :func:`broken_power_log`, shape (n, 4).

    Columns are contiguous in memory (a transposed (4, n) array), which keeps the
    products J'J of least squares fast.

    With s(u) = Δ [ln(1 + e^(u/Δ)) - ln 2] and σ the logistic function:
    (1, u - s, s, -b1 - (b2 - b1) σ(u/Δ)).

    Parameters
    ----------
    logx : numpy.ndarray
        ln x.
    b1, b2 : float
        The slopes below and above the break.
    log_x_break : float
        ln x_b.
    smoothness : float
        Δ > 0.

    Returns
    -------
    numpy.ndarray, shape (n, 4)
        The derivatives in ln a, b1, b2 and ln x_b.
    """
    u = logx - log_x_break
    s = _softplus_shifted(u, smoothness)
    slope = -b1 - (b2 - b1) * expit(u / smoothness)
    return np.stack([np.ones_like(u), u - s, s, slope]).T
