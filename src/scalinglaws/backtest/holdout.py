"""Hold-out protocols for laws fitted across a range: fit one part, predict the rest.

Each protocol splits a table into the rows a method may fit and the rows it
must predict, calls ``fit_predict(train, test)`` and scores the predictions.
``fit_predict`` returns either an array of point predictions (one per test
row) or a forecast table with ``mean``, ``median`` and quantile columns.

* :func:`holdout_largest`: the largest model sizes are held out (the neural
  protocol of Choshen, Zhang & Andreas 2025: fit the smaller models of a family,
  predict the largest one's final loss).
* :func:`extrapolation_split`: x <= cutoff is fitted, x > cutoff predicted
  (learning curves, Alabdulmohsin, Neyshabur & Zhai 2022).
* :func:`holdout_top`: the top ``fraction`` of the x range is predicted from the
  rest (relations).

References
----------
Choshen, L., Zhang, Y. & Andreas, J. (2025). A hitchhiker's guide to scaling
law estimation. *ICML 2025*.
Alabdulmohsin, I., Neyshabur, B. & Zhai, X. (2022). Revisiting neural scaling
laws in language and vision. *NeurIPS 35*.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from scalinglaws._validate import check_number
from scalinglaws.errors import InsufficientDataError, InvalidInputError
from scalinglaws.quantiles import HUB_QUANTILES, quantile_columns
from scalinglaws.scoring.point import absolute_relative_error, mae, rmse_log
from scalinglaws.scoring.table import score_forecasts

__all__ = ["FitPredict", "Holdout", "extrapolation_split", "holdout_largest", "holdout_top"]

FitPredict = Callable[[pd.DataFrame, pd.DataFrame], Any]
"""``(train, test) -> predictions``: an array (one per test row) or a forecast table."""


@dataclass(frozen=True, eq=False)
class Holdout:
    """The held-out rows beside their predictions, and the scores.

    Attributes
    ----------
    table : pandas.DataFrame
        The test rows with ``truth`` and ``predicted`` (the median of a quantile
        forecast, else the point prediction) and, for quantile forecasts, the per-row
        ``wis`` and ``inside50`` / ``inside95``.
    scores : dict of str to float
        ``n_train``, ``n_test``, ``rmse_log`` (when all values are positive), ``mae``,
        ``mean_are`` and, for quantile forecasts, ``wis``, ``cov50``, ``cov95``.
    """

    table: pd.DataFrame
    scores: dict[str, float]


def holdout_largest(
    data: pd.DataFrame,
    fit_predict: FitPredict,
    *,
    size: str = "N",
    target: str = "L",
    n_largest: int = 1,
) -> Holdout:
    """Fit the runs of all but the ``n_largest`` largest values of ``size``; predict those.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per run.
    fit_predict : callable
        ``(train, test) -> predictions``: an array (one per test row) or a forecast table.
    size : str, default "N"
        The column of model sizes.
    target : str, default "L"
        The column predicted.
    n_largest : int, default 1
        Distinct sizes held out.

    Returns
    -------
    Holdout
        The held-out runs with their predictions, and the scores.

    Raises
    ------
    InvalidInputError
        A missing column.
    InsufficientDataError
        Fewer than ``n_largest + 1`` distinct sizes.
    """
    _require(data, [size, target])
    count = int(check_number(n_largest, "n_largest", low=1, integer=True))
    sizes = np.unique(data[size].to_numpy())
    if sizes.size <= count:
        raise InsufficientDataError(
            f"{size}: {sizes.size} distinct value(s) cannot hold out the {count} largest and "
            "still leave a model to fit; add smaller models or lower n_largest."
        )
    test = data[size].to_numpy() >= sizes[-count]
    return _run(data, test, fit_predict, target)


def extrapolation_split(
    data: pd.DataFrame, fit_predict: FitPredict, *, x: str, target: str, cutoff: float
) -> Holdout:
    """Fit the rows with ``x <= cutoff`` and predict the rows beyond it.

    Parameters
    ----------
    data : pandas.DataFrame
        The rows.
    fit_predict : callable
        ``(train, test) -> predictions``: an array (one per test row) or a forecast
        table with ``median`` and quantile columns.
    x : str
        The column split on.
    target : str
        The column predicted.
    cutoff : float
        The largest ``x`` fitted.

    Returns
    -------
    Holdout
        The held-out rows with their predictions, and the scores.

    Raises
    ------
    InvalidInputError
        A missing column, or a prediction count that does not match the test rows.
    InsufficientDataError
        No row on one side of the cutoff.
    """
    _require(data, [x, target])
    limit = check_number(cutoff, "cutoff")
    return _run(data, data[x].to_numpy(dtype=np.float64) > limit, fit_predict, target)


def holdout_top(
    data: pd.DataFrame, fit_predict: FitPredict, *, x: str, target: str, fraction: float = 0.2
) -> Holdout:
    """Hold out the top ``fraction`` of the range of ``x``.

    Predict the rows whose ``x`` lies in the top ``fraction`` of its range (in log x
    when every x is positive), from the rest.

    Parameters
    ----------
    data : pandas.DataFrame
        The rows.
    fit_predict : callable
        ``(train, test) -> predictions``: an array (one per test row) or a forecast table.
    x : str
        The column whose range is split.
    target : str
        The column predicted.
    fraction : float, default 0.2
        The share of the range held out, in (0, 1).

    Returns
    -------
    Holdout
        The held-out rows with their predictions, and the scores.

    Raises
    ------
    InvalidInputError
        A missing column.
    InvalidOptionError
        `fraction` outside (0, 1).
    InsufficientDataError
        No row on one side of the split.
    """
    _require(data, [x, target])
    share = check_number(fraction, "fraction", low=0.0, high=1.0)
    values = data[x].to_numpy(dtype=np.float64)
    scale = np.log(values) if np.all(values > 0) else values
    cutoff = scale.max() - share * (scale.max() - scale.min())
    return _run(data, scale > cutoff, fit_predict, target)


def _require(data: pd.DataFrame, columns: list[str]) -> None:
    missing = [c for c in columns if c not in data.columns]
    if missing:
        raise InvalidInputError(
            f"data: column(s) {', '.join(missing)} are missing; have "
            f"{', '.join(map(str, data.columns))}."
        )


def _run(
    data: pd.DataFrame, test: npt.NDArray[np.bool_], fit_predict: FitPredict, target: str
) -> Holdout:
    if test.all() or not test.any():
        raise InsufficientDataError(
            f"the split leaves {int((~test).sum())} row(s) to fit and {int(test.sum())} to "
            "predict; choose a split with rows on both sides."
        )
    train, held = data.loc[~test].reset_index(drop=True), data.loc[test].reset_index(drop=True)
    predicted = fit_predict(train, held)
    table = held.copy()
    truth = held[target].to_numpy(dtype=np.float64)
    table["truth"] = truth
    scores: dict[str, float] = {"n_train": float(len(train)), "n_test": float(len(held))}
    if isinstance(predicted, pd.DataFrame):
        columns = [c for c in quantile_columns(HUB_QUANTILES) if c in predicted.columns]
        levels = [float(c[1:]) for c in columns]
        forecast = predicted.reset_index(drop=True).assign(truth=truth)
        scored = score_forecasts(forecast[["truth", *columns]], levels=levels)
        table["predicted"] = predicted["median"].to_numpy(dtype=np.float64)
        for column in ("wis", "inside50", "inside95"):
            table[column] = scored[column].to_numpy()
        scores |= {
            "wis": float(scored["wis"].mean()),
            "cov50": float(scored["inside50"].mean()),
            "cov95": float(scored["inside95"].mean()),
        }
    else:
        point = np.asarray(predicted, dtype=np.float64).reshape(-1)
        if point.size != truth.size:
            raise InvalidInputError(
                f"fit_predict returned {point.size} prediction(s) for {truth.size} held-out "
                "row(s); return one per row of test."
            )
        table["predicted"] = point
    point = table["predicted"].to_numpy(dtype=np.float64)
    if np.all(point > 0) and np.all(truth > 0):
        scores["rmse_log"] = rmse_log(point, truth)
    scores["mae"] = mae(point, truth)
    if np.all(truth != 0):
        scores["mean_are"] = float(np.mean(absolute_relative_error(point, truth)))
    return Holdout(table, scores)
