"""``sl.forecast``: check the series, run the method (or ensemble), return a :class:`Forecast`."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from scalinglaws._validate import check_choice, check_number
from scalinglaws.errors import InsufficientDataError, InvalidOptionError
from scalinglaws.forecast.backtested import run_calibrated
from scalinglaws.forecast.combine import COMBINATIONS, Combination
from scalinglaws.forecast.ensemble import (
    LAW_MEMBERS,
    WEIGHTINGS,
    Outcome,
    Weighting,
    default_members,
    run_ensemble,
    run_single,
)
from scalinglaws.forecast.members import (
    LIKELIHOOD,
    METHODS,
    SELF_CALIBRATING,
    ForecastMethod,
    Options,
)
from scalinglaws.forecast.result import Forecast
from scalinglaws.growth.checks import check_cumulative, check_values, read_series, resolve_errors
from scalinglaws.growth.fit import ERRORS, GrowthErrors
from scalinglaws.growth.times import TimeAxis
from scalinglaws.quantiles import HUB_QUANTILES, check_quantiles
from scalinglaws.results import flag
from scalinglaws.uncertainty import RandomLike, as_generator

__all__ = ["DEFAULTS", "MAX_STEPS", "forecast"]

#: The ensemble's defaults, chosen on development data (docs/forecast.md, docs/benchmarks.md).
DEFAULTS = {"weighting": "equal", "combination": "median", "fallback": "naive"}
#: The most steps one forecast may have.
MAX_STEPS = 10_000


def forecast(
    t: Any,
    y: Any,
    horizon: float,
    *,
    method: ForecastMethod | str = "ensemble",
    cumulative: bool = False,
    errors: GrowthErrors = "auto",
    window: int | None = None,
    quantiles: Sequence[float] = HUB_QUANTILES,
    rng: RandomLike = 0,
    stock: bool = False,
    members: Sequence[str] | None = None,
    weighting: Weighting | None = None,
    combination: Combination | None = None,
    fallback: ForecastMethod | str | None = DEFAULTS["fallback"],
    calibrate: bool | None = None,
    n_boot: int = 200,
    workers: int | None = None,
) -> Forecast:
    """Forecast a time series ``horizon`` time units ahead, with predictive quantiles.

    Parameters
    ----------
    t : array_like
        Strictly increasing times: numbers, or dates (then the horizon is in days).
    y : array_like
        The values: incidence (the amount per interval, default), running totals
        (``cumulative=True``) or a stock, a level (``stock=True``).
    horizon : float
        How far past the last time to forecast, in the units of ``t`` (days for
        dates); the forecast has one row per step of the data's median spacing.
    method : str
        ``"ensemble"`` (default), any growth law of :data:`scalinglaws.growth.LAWS`
        (``"logistic"``, ``"ggm"``, ...), ``"naive"`` (the forecast hubs' baseline) or
        ``"transformer"`` (the pretrained Transformer: equally spaced steps, at most
        64 of them, the ``lm`` extra); see :data:`scalinglaws.forecast.METHODS`.
    cumulative : bool
        ``y`` is a running total and so is the forecast (a total never falls: no
        quantile is below the last value); else both are incidence.
    errors : str
        The growth laws' error family: ``"auto"`` (negative binomial for whole
        numbers, least squares otherwise; least squares for a stock), ``"normal"``,
        ``"poisson"``, ``"negbin"``.
    window : int, optional
        Fit only the last ``window`` points (rolling windows as in Chowell's
        toolboxes); None fits all.
    quantiles : sequence of float
        Levels of the predictive quantiles (default the hubs' 23).
    rng : int, Generator or None
        Seeds the bootstrap; the same seed gives the same forecast.
    stock : bool
        ``y`` is a stock, a level that can rise and fall (a population, a prevalence), and so
        is the forecast: the growth laws fit it as their curve C(t) with least
        squares (as a size), ``naive`` carries the last level forward, and the bands
        are floored at 0, not at the last value (see :mod:`.calibrate`). Not with
        ``cumulative=True`` nor a count error family.
    members : sequence of str, optional
        The ensemble's members; ensembles only. Default
        :func:`~scalinglaws.forecast.ensemble.default_members`: ``naive`` and
        ``"transformer"`` (:data:`DEFAULT_MEMBERS`) when the lm extra (torch) is
        installed, else the growth laws and ``naive`` (:data:`LAW_MEMBERS`); under
        ``weighting="aicc"`` the growth laws (naive and the Transformer have no
        likelihood). Any method may be one, e.g. ``"transformer"`` (no likelihood:
        weigh with ``weighting="wis"`` or ``"equal"``).
    weighting : {"aicc", "wis", "equal"}, optional
        How members are weighted (default ``"equal"``); ensembles only.
    combination : {"vincent", "mixture", "median"}, optional
        Quantile averaging, a probability mixture or the weighted median of the
        members' quantiles (default ``"median"``); ensembles only.
    fallback : str or None
        The method an ensemble falls back on when no member can forecast
        (default ``"naive"``, with a warning); None raises instead.
    calibrate : bool, optional
        Widen the ensemble's bands by its own out-of-sample errors from the last
        origins of these data (:mod:`scalinglaws.calibration`; default
        True). Also ``method="transformer"``: its bands are widened by its own past
        errors, each past forecast reading the last ``window`` points up to its
        origin (:mod:`scalinglaws.forecasters.transformer_calibrated`); default True
        with a ``window`` (a short context undercovers), False without one. Not for
        the other single methods.
    n_boot : int
        Parametric-bootstrap replicates behind each growth law's quantiles.
    workers : int or None
        Processes for the bootstrap (None, the default: all cores for large jobs,
        one for small ones).

    Returns
    -------
    Forecast
        The table (``.table``: t, mean, median, q...), the members and their
        weights, warnings, plot, summary and JSON round trip.

    Raises
    ------
    InvalidOptionError
        An unknown method, error family, weighting or combination; ``stock=True``
        with ``cumulative=True`` or count errors; a horizon that
        is not positive or shorter than one step; a window that is not a whole
        number of at least 2 or longer than the data; ensemble options for a single
        method.
    InvalidInputError
        Times that are not increasing, values that are not finite, negative counts.
    InsufficientDataError
        Too few points for the method (for an ensemble: for every member).
    FitError
        A single law that cannot be fitted, or an ensemble none of whose members
        nor the fallback can forecast.

    References
    ----------
    Chowell, G. et al. (2022). An ensemble n-sub-epidemic modeling framework for
    short-term forecasting epidemic trajectories. *PLoS Comput. Biol.* 18(10), e1010602.
    Bracher, J. et al. (2021). Evaluating epidemic forecasts in an interval format.
    *PLoS Comput. Biol.* 17(2), e1008618.
    """
    check_choice(method, "method", ["ensemble", *METHODS])
    check_choice(errors, "errors", ERRORS)
    levels = check_quantiles(quantiles)
    cumulative = check_cumulative(cumulative)
    stock = _check_stock(stock, cumulative, errors)
    times, values, axis, y_name = read_series(t, y)
    if times.size < 2:
        raise InsufficientDataError(
            f"{y_name}: {times.size} observation(s); a forecast needs at least 2 "
            "(more for a growth law: one more than its parameters)."
        )
    errors = "normal" if stock else errors
    family = resolve_errors(errors, values)
    # Growth is each method's own check (fit_growth's, the Transformer's): an outbreak
    # that has not started (all zeros) has naive's forecast, and an ensemble's members
    # that need growth leave themselves out.
    check_values(
        values, times, axis, y_name, family=family, cumulative=cumulative or stock, growth=False
    )
    used = _window(window, times.size)
    reads = None if window is None else used  # the window the result records
    fit_t, fit_y = times[times.size - used :], values[values.size - used :]
    future = _future(horizon, fit_t)
    options = Options(
        cumulative=cumulative,
        errors=errors,
        n_boot=int(check_number(n_boot, "n_boot", low=2, integer=True)),
        workers=workers,
        stock=stock,
    )
    generator = as_generator(rng)
    if method == "ensemble":
        chosen = _members(members)
        how = check_choice(weighting or DEFAULTS["weighting"], "weighting", WEIGHTINGS)
        if members is None and how == "aicc":  # AICc ranks the laws, which have one
            chosen = tuple(name for name in LAW_MEMBERS if name in LIKELIHOOD)
        pool = check_choice(combination or DEFAULTS["combination"], "combination", COMBINATIONS)
        if fallback is not None:
            check_choice(fallback, "fallback", list(METHODS))
        settings = {"members": chosen, "weighting": how, "combination": pool, "fallback": fallback}
        if calibrate is None or calibrate:
            outcome = run_calibrated(
                times, values, future, levels, options, generator, window=used, **settings
            )
        else:
            outcome = run_ensemble(fit_t, fit_y, future, levels, options, generator, **settings)  # type: ignore[arg-type]
    else:
        given = {
            "members": members,
            "weighting": weighting,
            "combination": combination,
            "calibrate": None if method in SELF_CALIBRATING else calibrate,
        }
        extra = [name for name, value in given.items() if value is not None]
        if extra:
            raise InvalidOptionError(
                f"{', '.join(extra)} apply to method='ensemble' only; drop them for "
                f"method={method!r}."
            )
        how = pool = ""
        if method in SELF_CALIBRATING:  # it reads its window and checks itself on the rest
            options = replace(options, calibrate=calibrate, window=reads)
            outcome = run_single(method, times, values, future, levels, options, generator)
        else:
            outcome = run_single(method, fit_t, fit_y, future, levels, options, generator)
    return _result(
        method,
        times,
        values,
        axis,
        reads,
        future,
        levels,
        outcome,
        bool(cumulative),
        errors,
        how,
        pool,
        options.n_boot,
        stock,
    )


def _check_stock(stock: object, cumulative: bool, errors: str) -> bool:
    """``stock`` is a bool, exclusive with running totals and count likelihoods."""
    if not isinstance(stock, (bool, np.bool_)):
        raise InvalidOptionError(
            f"stock={stock!r} must be True (y is a level that can fall, e.g. a population) "
            "or False."
        )
    if stock and cumulative:
        raise InvalidOptionError(
            "stock=True and cumulative=True: a running total never falls, a stock can; "
            "pass one of them (stock=True for a population or a prevalence)."
        )
    if stock and errors in ("poisson", "negbin"):
        raise InvalidOptionError(
            f"errors={errors!r} with stock=True: a count likelihood models the increments "
            "of a running total, which never fall; a stock is fitted by least squares "
            "(errors='normal' or 'auto')."
        )
    return bool(stock)


def _window(window: int | None, n: int) -> int:
    if window is None:
        return n
    size = int(check_number(window, "window", low=2, integer=True))
    if size > n:
        raise InvalidOptionError(
            f"window={size} is longer than the data ({n} points); pass window <= {n}, "
            "or window=None to fit every point."
        )
    return size


def _future(horizon: float, t: np.ndarray) -> np.ndarray:
    span = check_number(horizon, "horizon")
    if span <= 0:
        raise InvalidOptionError(
            f"horizon={horizon!r} must be positive: how far past the last time to forecast, "
            "in the units of t (days for dates), e.g. 28."
        )
    step = float(np.median(np.diff(t)))
    count = math.floor(span / step + 1e-9)
    if count < 1:
        raise InvalidOptionError(
            f"horizon={horizon!r} is shorter than one step of the data ({step:g}); "
            f"pass a horizon of at least {step:g}."
        )
    if count > MAX_STEPS:
        raise InvalidOptionError(
            f"horizon={horizon!r} asks for {count} steps of {step:g}; at most {MAX_STEPS}."
        )
    return np.asarray(t[-1] + step * np.arange(1, count + 1), dtype=np.float64)


def _members(members: Sequence[str] | None) -> tuple[str, ...]:
    if members is None:
        return default_members()
    if isinstance(members, str):
        members = [part.strip() for part in members.split(",") if part.strip()]
    chosen = tuple(members)
    if not chosen:
        raise InvalidOptionError("members: no members were given; name at least one method.")
    for name in chosen:
        check_choice(name, "members", list(METHODS))
    if len(set(chosen)) != len(chosen):
        raise InvalidOptionError(f"members={list(chosen)!r} names a method twice.")
    return chosen


def _result(
    method: str,
    times: np.ndarray,
    values: np.ndarray,
    axis: TimeAxis,
    window: int | None,
    future: np.ndarray,
    levels: tuple[float, ...],
    outcome: Outcome,
    cumulative: bool,
    errors: str,
    weighting: str,
    combination: str,
    n_boot: int,
    stock: bool,
) -> Forecast:
    return Forecast(
        method=method,
        t=times,
        y=values,
        axis=axis,
        window=window,
        times=future,
        levels=levels,
        mean=outcome.mean,
        median=outcome.median,
        quantiles=outcome.quantiles,
        cumulative=cumulative,
        errors=errors,
        members=outcome.members,
        weighting=weighting,
        combination=combination,
        n_boot=n_boot,
        stock=stock,
        warnings=flag(outcome.warnings, stacklevel=4),
    )
