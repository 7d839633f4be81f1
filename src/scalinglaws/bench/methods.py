"""The built-in methods of the bench.

The naive baselines, the growth laws, their ensembles, and the one-variable neural laws for learning
curves (``power``, ``power_offset``, ``bnsl``, ``m4``).

Every series method goes through the public :func:`scalinglaws.forecast` (one
growth law, ``naive`` or an ensemble), so a law added to the growth package is a
bench method too. Registered names: ``naive`` (the hubs' baseline),
``naive-growth`` (the last step's growth rate carried forward, on the log scale),
each growth law, ``ensemble`` (the documented defaults: naive and the Transformer),
``ensemble-laws`` (the growth laws and naive: the default before the Transformer
joined, and without torch), one ``ensemble-<weighting>-<combination>`` of the laws
and naive per choice, which the defaults were chosen from (docs/forecasting.md),
``transformer`` (the pretrained forecaster) and ``ensemble-equal-vincent-transformer``
(the laws, naive and the Transformer, equal weights).
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, cast

import numpy as np
import pandas as pd

from scalinglaws._types import FloatArray
from scalinglaws.bench.registry import SeriesSettings, register_extrapolator, register_forecaster
from scalinglaws.errors import FitWarning, InvalidInputError
from scalinglaws.forecast import COMBINATIONS, LAW_MEMBERS, METHODS, WEIGHTINGS, forecast
from scalinglaws.forecasters import naive, transformer
from scalinglaws.growth import LAWS
from scalinglaws.neural.curves import CURVE_FORMS, fit_learning_curve
from scalinglaws.uncertainty import RandomLike

if TYPE_CHECKING:
    from scalinglaws.growth import GrowthErrors
    from scalinglaws.neural import NeuralFormName

__all__ = [
    "N_BOOT",
    "ensemble_forecaster",
    "learning_curve",
    "method_forecaster",
    "naive_growth",
]

#: Bootstrap replicates behind each growth law's quantiles in the bench.
N_BOOT = 100


def _run(
    settings: SeriesSettings, t: FloatArray, y: FloatArray, horizon: int, **options: Any
) -> pd.DataFrame:
    """``sl.forecast`` for ``horizon`` steps of the series' spacing, FitWarnings muted."""
    step = float(np.median(np.diff(t))) if t.size > 1 else 1.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FitWarning)
        result = forecast(
            t,
            y,
            horizon * step,
            cumulative=settings.cumulative,
            errors=cast("GrowthErrors", settings.errors),
            stock=settings.stock,
            n_boot=N_BOOT,
            **options,
        )
    return result.table


def method_forecaster(name: str, settings: SeriesSettings) -> Callable[..., pd.DataFrame]:
    """A forecaster that runs method ``name`` (a growth law) on the series it is given."""

    def run(
        t: FloatArray, y: FloatArray, horizon: int, quantiles: Sequence[float], *, rng: RandomLike
    ) -> pd.DataFrame:
        return _run(settings, t, y, horizon, method=name, quantiles=quantiles, rng=rng)

    return run


def ensemble_forecaster(
    settings: SeriesSettings,
    *,
    weighting: str | None = None,
    combination: str | None = None,
    members: Sequence[str] | None = None,
) -> Callable[..., pd.DataFrame]:
    """A forecaster that runs ``sl.forecast(method="ensemble")`` with these choices."""

    def run(
        t: FloatArray, y: FloatArray, horizon: int, quantiles: Sequence[float], *, rng: RandomLike
    ) -> pd.DataFrame:
        return _run(
            settings,
            t,
            y,
            horizon,
            method="ensemble",
            quantiles=quantiles,
            rng=rng,
            weighting=weighting,
            combination=combination,
            members=members,
        )

    return run


def naive_growth(
    t: FloatArray, y: FloatArray, horizon: int, quantiles: Sequence[float], *, rng: RandomLike
) -> pd.DataFrame:
    """The last step's growth rate carried forward.

    The hubs' baseline applied to the log growth rates (``naive(cumulative=True)`` on log y),
    exponentiated.

    The median is y_last (y_last / y_prev)^h; the spread comes from past changes of
    the growth rate; ``mean`` is exp of the log-scale mean (a geometric mean). Needs
    positive values (three at least).
    """
    if np.any(np.asarray(y) <= 0):
        raise InvalidInputError("naive-growth: needs positive values (it works on log y).")
    table = naive(t, np.log(y), horizon, quantiles, cumulative=True, floor=None, rng=rng)
    columns = [c for c in table.columns if c != "t"]
    table[columns] = np.exp(table[columns])
    return table


def _naive(settings: SeriesSettings) -> Callable[..., pd.DataFrame]:
    return functools.partial(naive, floor=0.0)


def learning_curve(
    form: str, x_train: FloatArray, y_train: FloatArray, x_test: FloatArray
) -> FloatArray:
    """The law `form` fitted by ``fit_learning_curve(x, L, form=form)``, at `x_test`."""
    with warnings.catch_warnings():  # a suite scores the fit; its warnings are not errors
        warnings.simplefilter("ignore", FitWarning)
        fit = fit_learning_curve(x_train, y_train, form=cast("NeuralFormName", form))
    return np.asarray(fit.predict(x_test), dtype=np.float64)


def since_last_negative(t: FloatArray, y: FloatArray) -> tuple[FloatArray, FloatArray]:
    """The points after the last negative value of ``y`` (all of them when none is).

    A negative count in an incidence series is a reporting correction (e.g. a
    week of JHU data that removed earlier deaths); the Transformer reads counts
    and refuses negatives, so a forecaster given the whole history starts after
    the last correction instead of failing at every later origin.
    """
    negative = np.flatnonzero(y < 0)
    if negative.size == 0:
        return t, y
    return t[negative[-1] + 1 :], y[negative[-1] + 1 :]


def _transformer(settings: SeriesSettings) -> Callable[..., pd.DataFrame]:
    """The pretrained Transformer (issue 13): it reads the series as given.

    Registered with ``whole_history=True``: it is given every point up to the
    origin after the last negative value (:func:`since_last_negative`). A suite
    with a fitting window (the European hub's 8 weeks) is forecast from that
    window as its context, with the bands calibrated by the Transformer's own
    past errors on the points before (``transformer(..., context=window)``, whose
    default then calibrates: chosen on the hub's development countries,
    docs/benchmarks.md); a suite without one from all of them (its own context
    rule cuts them to at most 512 steps), uncalibrated.
    """

    def run(
        t: FloatArray, y: FloatArray, horizon: int, quantiles: Sequence[float], *, rng: RandomLike
    ) -> pd.DataFrame:
        t, y = since_last_negative(np.asarray(t, dtype=float), np.asarray(y, dtype=float))
        return transformer(t, y, horizon, quantiles, rng=rng, context=settings.window)

    return run


#: The ensemble with the Transformer as a member: equal weights (it has no likelihood
#: for AICc), to compare with ``ensemble-equal-vincent`` at the same origins.
WITH_TRANSFORMER = (*LAW_MEMBERS, "transformer")


register_forecaster("naive", _naive)
register_forecaster("transformer", _transformer, whole_history=True)
register_forecaster("naive-growth", lambda settings: naive_growth)
for _name in (name for name in METHODS if name in LAWS):
    register_forecaster(_name, functools.partial(method_forecaster, _name))
register_forecaster("ensemble", ensemble_forecaster)
register_forecaster("ensemble-laws", functools.partial(ensemble_forecaster, members=LAW_MEMBERS))
for _weighting in WEIGHTINGS:
    for _combination in COMBINATIONS:
        register_forecaster(
            f"ensemble-{_weighting}-{_combination}",
            functools.partial(
                ensemble_forecaster,
                weighting=_weighting,
                combination=_combination,
                members=None if _weighting == "aicc" else LAW_MEMBERS,  # AICc: the laws
            ),
        )
register_forecaster(
    "ensemble-equal-vincent-transformer",
    functools.partial(
        ensemble_forecaster, weighting="equal", combination="vincent", members=WITH_TRANSFORMER
    ),
)
for _form in CURVE_FORMS:
    register_extrapolator(_form, functools.partial(learning_curve, _form))
# the old name of bnsl, for one release (fit_learning_curve warns that it is deprecated)
register_extrapolator("broken_power", functools.partial(learning_curve, "broken_power"))
