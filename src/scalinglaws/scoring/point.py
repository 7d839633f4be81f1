"""Scores of point forecasts: absolute relative error, MAE, MSE and RMSE of logs.

Each takes the predicted and observed values as arrays of the same length.
The relative error and the RMSE of logs are scale-free, so they compare
losses of different magnitudes (learning curves: Alabdulmohsin et al. 2022
score extrapolations by the RMSE of the log loss); MAE and MSE keep the units
of the data.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from scalinglaws._types import FloatArray
from scalinglaws.errors import InvalidInputError
from scalinglaws.scoring._arrays import as_truth, check_same_length

__all__ = ["absolute_relative_error", "mae", "mse", "rmse_log"]


def _pair(predicted: Any, truth: Any) -> tuple[FloatArray, FloatArray]:
    observed = as_truth(truth)
    forecast = as_truth(predicted, "predicted")
    check_same_length(observed.size, predicted=forecast)
    return forecast, observed


def absolute_relative_error(predicted: Any, truth: Any) -> FloatArray:
    """|predicted - truth| / |truth| for each forecast.

    Parameters
    ----------
    predicted, truth : array_like, shape (n,)
        Point forecasts and the values observed later.

    Returns
    -------
    numpy.ndarray, shape (n,)

    Raises
    ------
    InvalidInputError
        Mismatched lengths, non-finite values, or a truth of zero (the relative
        error is undefined there).
    """
    forecast, observed = _pair(predicted, truth)
    zero = observed == 0
    if zero.any():
        raise InvalidInputError(
            f"truth: {int(zero.sum())} observed value(s) are 0 (first at position "
            f"{int(np.flatnonzero(zero)[0])}), where the relative error is undefined; "
            "use mae for series that reach zero."
        )
    return np.asarray(np.abs(forecast - observed) / np.abs(observed), dtype=np.float64)


def mae(predicted: Any, truth: Any) -> float:
    """Mean absolute error, mean |predicted - truth|.

    Parameters
    ----------
    predicted : array_like
        Point predictions.
    truth : array_like
        Observed values, aligned with `predicted`.

    Returns
    -------
    float
        The mean absolute error.

    Raises
    ------
    InvalidInputError
        Misaligned lengths or non-finite values.

    Examples
    --------
    >>> mae([1.0, 2.0], [2.0, 4.0])
    1.5
    """
    forecast, observed = _pair(predicted, truth)
    return float(np.mean(np.abs(forecast - observed)))


def mse(predicted: Any, truth: Any) -> float:
    """Mean squared error, mean (predicted - truth)^2.

    Parameters
    ----------
    predicted : array_like
        Point predictions.
    truth : array_like
        Observed values, aligned with `predicted`.

    Returns
    -------
    float
        The mean squared error.

    Raises
    ------
    InvalidInputError
        Misaligned lengths or non-finite values.
    """
    forecast, observed = _pair(predicted, truth)
    return float(np.mean((forecast - observed) ** 2))


def rmse_log(predicted: Any, truth: Any) -> float:
    """Root mean squared error of the natural logs, sqrt(mean (log predicted - log truth)^2).

    The score of Alabdulmohsin, Neyshabur & Zhai (2022) for extrapolated
    learning curves.

    Parameters
    ----------
    predicted : array_like
        Point predictions, positive.
    truth : array_like
        Observed values, positive, aligned with `predicted`.

    Returns
    -------
    float
        The RMSE of the logs.

    Raises
    ------
    InvalidInputError
        A predicted or observed value that is zero or negative.

    References
    ----------
    .. [1] Alabdulmohsin, I., Neyshabur, B. & Zhai, X. (2022). Revisiting neural
       scaling laws in language and vision. *NeurIPS 35*.
    """
    forecast, observed = _pair(predicted, truth)
    for name, array in (("predicted", forecast), ("truth", observed)):
        bad = array <= 0
        if bad.any():
            raise InvalidInputError(
                f"{name}: {int(bad.sum())} value(s) are zero or negative (first at position "
                f"{int(np.flatnonzero(bad)[0])}: {array[bad][0]:g}); the log error needs "
                "positive values."
            )
    return float(np.sqrt(np.mean((np.log(forecast) - np.log(observed)) ** 2)))
