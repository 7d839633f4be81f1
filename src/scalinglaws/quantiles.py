"""Quantile levels and their column names: the forecast hubs' convention.

The US, European and FluSight forecast hubs ask every model for the same 23
predictive quantiles and store them in columns named ``q<level>``; every
predictive table of scalinglaws (``predict_quantiles``, ``forecast``) and every
score in :mod:`scalinglaws.scoring` uses the same levels and names, so a
forecast of ours can be scored beside a hub file without renaming anything.

References
----------
Bracher, J., Ray, E. L., Gneiting, T. & Reich, N. G. (2021). Evaluating
epidemic forecasts in an interval format. *PLoS Computational Biology* 17(2),
e1008618.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from scalinglaws.errors import InvalidOptionError

__all__ = ["HUB_QUANTILES", "check_quantiles", "quantile_column", "quantile_columns"]

HUB_QUANTILES: tuple[float, ...] = (
    0.01,
    0.025,
    *(round(0.05 * k, 2) for k in range(1, 20)),
    0.975,
    0.99,
)
"""The hubs' 23 levels: 0.01, 0.025, 0.05, 0.10, ..., 0.90, 0.95, 0.975, 0.99."""


def quantile_column(level: float) -> str:
    """The column name of one level: ``q0.01``, ``q0.025``, ``q0.5``, ``q0.99``.

    Parameters
    ----------
    level : float
        A quantile level in (0, 1).

    Returns
    -------
    str
        ``"q"`` followed by the level without trailing zeros.

    Examples
    --------
    >>> quantile_column(0.5), quantile_column(0.025)
    ('q0.5', 'q0.025')
    """
    return f"q{float(level):g}"


def quantile_columns(levels: Iterable[float] = HUB_QUANTILES) -> list[str]:
    """The column names of several levels, in order.

    Parameters
    ----------
    levels : iterable of float, default HUB_QUANTILES
        Quantile levels; the default is the 23 levels the forecast hubs collect.

    Returns
    -------
    list of str
        One :func:`quantile_column` name per level.
    """
    return [quantile_column(level) for level in levels]


def check_quantiles(levels: Iterable[float], name: str = "quantiles") -> tuple[float, ...]:
    """Return `levels` as a tuple after checking they are strictly increasing in (0, 1).

    Parameters
    ----------
    levels : iterable of float
        The quantile levels.
    name : str, default "quantiles"
        The argument's name, for the error message.

    Returns
    -------
    tuple of float
        The levels as floats.

    Raises
    ------
    InvalidOptionError
        When a level is not a finite number strictly between 0 and 1, when the
        levels are not strictly increasing, or when there are none.

    Examples
    --------
    >>> check_quantiles([0.1, 0.5, 0.9])
    (0.1, 0.5, 0.9)
    """
    try:
        values = tuple(float(level) for level in levels)
    except (TypeError, ValueError):
        raise InvalidOptionError(
            f"{name}={levels!r}: expected a sequence of numbers in (0, 1), "
            "such as scalinglaws.HUB_QUANTILES."
        ) from None
    if not values:
        raise InvalidOptionError(f"{name}: no levels were given; pass at least one, e.g. (0.5,).")
    array = np.asarray(values)
    outside = ~np.isfinite(array) | (array <= 0.0) | (array >= 1.0)
    if outside.any():
        raise InvalidOptionError(
            f"{name}: level {values[int(np.flatnonzero(outside)[0])]!r} is outside (0, 1); "
            "quantile levels are probabilities strictly between 0 and 1."
        )
    steps = np.diff(array)
    if (steps <= 0).any():
        first = int(np.flatnonzero(steps <= 0)[0])
        raise InvalidOptionError(
            f"{name}: levels must be strictly increasing, but {values[first]:g} is followed by "
            f"{values[first + 1]:g}; sort them and drop duplicates."
        )
    return values
