"""The built-in methods of the bench: the naive baseline, today's growth laws, and the
one-variable neural laws for learning curves (``power_offset``, ``broken_power``).

Growth quantiles are read off the parametric bootstrap of a fit
(:func:`growth_quantiles`, the one adapter to today's growth API: replace its
body by ``fit.forecast(horizon, quantiles=...)`` once that returns quantiles).
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from scalinglaws.bench.registry import (
    FloatArray,
    SeriesSettings,
    register_extrapolator,
    register_forecaster,
)
from scalinglaws.errors import FitWarning, ScalingLawError
from scalinglaws.forecasters import naive
from scalinglaws.growth import GrowthFit, fit_growth
from scalinglaws.growth.forecasting import replicate
from scalinglaws.neural.curves import CURVE_FORMS, fit_learning_curve
from scalinglaws.quantiles import quantile_columns
from scalinglaws.uncertainty import RandomLike

__all__ = ["GROWTH_LAWS", "N_BOOT", "growth_forecaster", "growth_quantiles", "learning_curve"]

#: The growth laws benched today (the GGM and Richards are slower and fail more
#: often on short windows; add them with --methods ggm,richards).
GROWTH_LAWS = ("exponential", "logistic", "gompertz", "richards", "ggm")
#: Bootstrap replicates behind each growth forecast's quantiles.
N_BOOT = 100
#: Fewer successful replicates than this and the forecast is reported as failed.
MIN_REPLICATES = 20


def growth_quantiles(
    fit: GrowthFit, horizon: int, quantiles: Sequence[float], rng: RandomLike
) -> pd.DataFrame:
    """``t, mean, median, q...`` for steps 1..horizon of a growth fit (parametric bootstrap)."""
    times = fit.t[-1] + fit.step * np.arange(1, horizon + 1)
    draws = replicate(fit, N_BOOT, fit.design.tau_of(times), rng, 1, None).future
    if draws.shape[0] < MIN_REPLICATES:
        raise ScalingLawError(
            f"only {draws.shape[0]} of {N_BOOT} bootstrap refits succeeded; no forecast."
        )
    with np.errstate(over="ignore"):
        mean = fit.predict(times)
    if not np.isfinite(mean).all():
        raise ScalingLawError("the fitted curve overflows within the horizon; no forecast.")
    table = pd.DataFrame({"t": times, "mean": mean, "median": np.median(draws, axis=0)})
    values = np.quantile(draws, quantiles, axis=0)  # (K, horizon)
    for name, column in zip(quantile_columns(quantiles), values, strict=True):
        table[name] = column
    return table


def growth_forecaster(law: str, settings: SeriesSettings) -> Callable[..., pd.DataFrame]:
    """A forecaster that fits ``law`` to the series it is given and forecasts from it."""

    def forecast(
        t: FloatArray, y: FloatArray, horizon: int, quantiles: Sequence[float], *, rng: RandomLike
    ) -> pd.DataFrame:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FitWarning)
            fit = fit_growth(t, y, law=law, cumulative=settings.cumulative, errors=settings.errors)
        return growth_quantiles(fit, horizon, quantiles, rng)

    return forecast


def _naive(settings: SeriesSettings) -> Callable[..., pd.DataFrame]:
    return functools.partial(naive, floor=0.0)


def learning_curve(
    form: str, x_train: FloatArray, y_train: FloatArray, x_test: FloatArray
) -> FloatArray:
    """The law `form` fitted by ``fit_learning_curve(x, L, form=form)``, at `x_test`."""
    with warnings.catch_warnings():  # a suite scores the fit; its warnings are not errors
        warnings.simplefilter("ignore", FitWarning)
        fit = fit_learning_curve(x_train, y_train, form=form)
    return np.asarray(fit.predict(x_test), dtype=np.float64)


register_forecaster("naive", _naive)
for _law in GROWTH_LAWS:
    register_forecaster(_law, functools.partial(growth_forecaster, _law))
for _form in CURVE_FORMS:
    register_extrapolator(_form, functools.partial(learning_curve, _form))
