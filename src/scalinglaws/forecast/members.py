"""The forecasting methods ``sl.forecast`` knows, by name: every growth law and ``naive``.

A method is a callable ``(t, y, times, grid, options, rng) -> MemberForecast``:
it sees the series (float times, already windowed), forecasts the observations
at the float ``times`` after the last one, and returns the predictive quantiles
at the levels ``grid`` (the ensemble's common grid), the predictive mean, the
member's AICc (the fit's own ``GrowthFit.aicc``) where it has a likelihood, and
the warnings it raised. The table :data:`METHODS` holds them; every law of
:data:`scalinglaws.growth.LAWS` is registered under its own name when this module
is imported (so a law added there is a method here), ``naive`` wraps the hubs'
baseline, and later methods (the Transformer forecaster) call
:func:`register_method`.

Growth members are :func:`scalinglaws.fit_growth` fits whose predictive
quantiles come from :meth:`GrowthFit.predict_quantiles` (a parametric bootstrap
of ``options.n_boot`` replicates: parameter and observation uncertainty).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal, cast

import numpy as np
import pandas as pd

from scalinglaws._types import FloatArray
from scalinglaws.errors import FitError, FitWarning, InvalidOptionError
from scalinglaws.forecasters.naive import naive
from scalinglaws.growth import LAWS, fit_growth
from scalinglaws.growth.fit import GrowthErrors
from scalinglaws.growth.laws import GrowthLawName
from scalinglaws.quantiles import quantile_columns

__all__ = [
    "METHODS",
    "SELF_CALIBRATING",
    "MemberForecast",
    "Method",
    "Options",
    "growth_method",
    "register_method",
]

#: Methods that widen their own bands by their past errors on the series when
#: ``Options.calibrate`` is set (they are given the whole series and ``Options.window``).
SELF_CALIBRATING = frozenset({"transformer"})
#: A growth member whose successful bootstrap refits are fewer than this share fails.
MIN_SHARE = 0.2


@dataclass(frozen=True)
class Options:
    """What every method is told besides the data.

    Attributes
    ----------
    cumulative : bool, default False
        Whether the series holds running totals (else incidence).
    stock : bool, default False
        Whether the series is a stock, a level that can rise and fall (a population): the growth
        laws fit it as their curve C(t), as a running total; every other method reads
        it as given (``cumulative`` is then False).
    errors : str, default "auto"
        The growth laws' error family (``"auto"`` resolves per law).
    n_boot : int, default 200
        Bootstrap replicates behind each growth member's quantiles.
    workers : int or None, default 1
        Worker processes for the bootstrap.
    calibrate : bool or None, default None
        For a method that calibrates itself (:data:`SELF_CALIBRATING`, given the
        whole series): widen its bands by its own past errors on it (None: the
        method's default).
    window : int or None, default None
        The points such a method reads at each origin (None: all).
    """

    cumulative: bool = False
    errors: GrowthErrors = "auto"
    n_boot: int = 200
    workers: int | None = None
    stock: bool = False
    calibrate: bool | None = None
    window: int | None = None


@dataclass(frozen=True)
class MemberForecast:
    """One method's forecast on the common grid of levels.

    Attributes
    ----------
    name : str
        The method.
    mean : numpy.ndarray, shape (S,)
        The predictive mean per step.
    quantiles : numpy.ndarray, shape (S, J)
        The quantiles at the grid's levels.
    aicc : float, default nan
        The AICc; nan without a likelihood (naive) or when not comparable.
    warnings : tuple of str
        The fit's warnings.
    """

    name: str
    mean: FloatArray  # (S,)
    quantiles: FloatArray  # (S, J) at the grid's levels
    aicc: float = float("nan")  # nan: no likelihood (naive) or not comparable
    warnings: tuple[str, ...] = field(default=())

    @classmethod
    def from_table(
        cls,
        name: str,
        table: pd.DataFrame,
        grid: tuple[float, ...],
        *,
        aicc: float = float("nan"),
        warnings: tuple[str, ...] = (),
    ) -> MemberForecast:
        """The forecast a predictive table holds: its ``mean`` and its quantiles at ``grid``.

        Parameters
        ----------
        name : str
            The method.
        table : pandas.DataFrame
            A predictive table with a ``mean`` column and one ``q<level>`` column per level.
        grid : tuple of float
            The levels to read, in order.
        aicc : float, default nan
            The AICc, nan without a likelihood.
        warnings : tuple of str, default ()
            The fit's warnings.

        Returns
        -------
        MemberForecast
            The mean (S,) and the quantiles (S, J) as float64 arrays.
        """
        return cls(
            name,
            table["mean"].to_numpy(dtype=np.float64),
            table[quantile_columns(grid)].to_numpy(dtype=np.float64),
            aicc,
            warnings,
        )


Method = Callable[
    [FloatArray, FloatArray, FloatArray, tuple[float, ...], Options, np.random.Generator],
    MemberForecast,
]
#: Every method by name (``"ensemble"`` is not one: it combines these).
#: The built-in forecasting methods: the ensemble, the hubs' naive baseline, our
#: transformer and every growth law (:func:`register_method` adds more by name).
ForecastMethod = Literal["ensemble", "naive", "transformer"] | GrowthLawName
METHODS: dict[str, Method] = {}
#: Methods with a likelihood (their members can be weighted by AICc).
LIKELIHOOD: set[str] = set()


def register_method(name: str, method: Method, *, likelihood: bool = False) -> None:
    """Offer ``method`` to :func:`scalinglaws.forecast` (and to ensembles) as ``name``.

    Parameters
    ----------
    name : str
        The method's name (``"ensemble"`` is reserved).
    method : callable
        ``(t, y, times, grid, options, rng) -> MemberForecast`` (see the module docstring).
    likelihood : bool
        Whether its forecasts carry an AICc (then ``weighting="aicc"`` can rank it).

    Raises
    ------
    InvalidOptionError
        The reserved name ``"ensemble"``.
    """
    if name == "ensemble":
        raise InvalidOptionError("register_method: 'ensemble' is reserved; choose another name.")
    METHODS[name] = method
    if likelihood:
        LIKELIHOOD.add(name)
    else:
        LIKELIHOOD.discard(name)


def growth_method(law: str) -> Method:
    """The method that fits ``law`` and forecasts from its parametric bootstrap."""

    def run(
        t: FloatArray,
        y: FloatArray,
        times: FloatArray,
        grid: tuple[float, ...],
        options: Options,
        rng: np.random.Generator,
    ) -> MemberForecast:
        # C0 is pinned to the first value by default (GGM); incidence may start at 0.
        pin_fails = "C0" in LAWS[law].params and y[0] <= 0
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", FitWarning)
            fit = fit_growth(
                t,
                y,
                law=cast(GrowthLawName, law),
                cumulative=options.cumulative or options.stock,  # a stock is C(t) itself
                errors=options.errors,
                fix_c0=False if pin_fails else None,
            )
            table = fit.predict_quantiles(
                times, quantiles=grid, n_boot=options.n_boot, rng=rng, workers=options.workers
            )
        notes = [str(w.message) for w in caught if issubclass(w.category, FitWarning)]
        failed = int(table.attrs.get("n_failed", 0))
        if options.n_boot - failed < MIN_SHARE * options.n_boot:
            raise FitError(
                f"law={law!r}: only {options.n_boot - failed} of {options.n_boot} bootstrap "
                "refits succeeded, too few for predictive quantiles (the fit is fragile here)."
            )
        if failed:
            notes.append(f"{failed} of {options.n_boot} bootstrap refits of {law} failed")
        return MemberForecast.from_table(
            law,
            table,
            grid,
            aicc=fit.aicc,
            warnings=tuple(dict.fromkeys((*getattr(fit, "warnings", ()), *notes))),
        )

    return run


def _naive(
    t: FloatArray,
    y: FloatArray,
    times: FloatArray,
    grid: tuple[float, ...],
    options: Options,
    rng: np.random.Generator,
) -> MemberForecast:
    table = naive(t, y, times.size, grid, cumulative=options.cumulative, rng=rng)
    return MemberForecast.from_table("naive", table, grid)


for _law in LAWS:
    register_method(_law, growth_method(_law), likelihood=True)
register_method("naive", _naive)
