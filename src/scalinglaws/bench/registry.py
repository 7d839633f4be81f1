"""The one place where bench suites and methods are registered.

A :class:`Suite` knows how to list its cases from the data folder, run one
case with one method (returning per-forecast scores), summarise all scores,
and give the published or baseline figures to show beside them.

Methods come in two families, shared by every suite of that kind:

* :data:`FORECASTERS` (suites of kind ``"series"``: rolling-origin forecasts):
  name -> factory ``make(settings) -> forecaster``, where the forecaster is
  ``(t, y, horizon, quantiles, *, rng) -> DataFrame t, mean, median, q...``;
* :data:`EXTRAPOLATORS` (kind ``"curves"``): name -> ``(x_train, y_train,
  x_test) -> predicted y``.

Later issues add theirs by name, e.g.
``register_forecaster("ensemble", lambda s: ...)``; every series suite then
offers it to ``scalinglaws bench SUITE --methods ensemble``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from scalinglaws._types import FloatArray
from scalinglaws.errors import InvalidOptionError

__all__ = [
    "EXTRAPOLATORS",
    "FORECASTERS",
    "SUITES",
    "WHOLE_HISTORY",
    "Case",
    "SeriesSettings",
    "Suite",
    "methods_of",
    "register_extrapolator",
    "register_forecaster",
    "register_suite",
]


@dataclass(frozen=True)
class SeriesSettings:
    """How a series suite forecasts: steps ahead, fitting window and data kind.

    Attributes
    ----------
    horizon : int
        Steps ahead.
    window : int, optional
        Fit on the last `window` points (None: all so far).
    min_train : int, default 5
        The fewest points a forecaster is given.
    cumulative : bool, default False
        Whether y is a running total (never falls) rather than an amount per step.
    errors : str, default "auto"
        The growth laws' error family for these data.
    stock : bool, default False
        Whether y is a stock, a level that can fall (a population), forecast as one
        (``sl.forecast(stock=True)``).
    """

    horizon: int
    window: int | None = None  # fit on the last `window` points (None: all so far)
    min_train: int = 5
    cumulative: bool = False  # y is a running total rather than an amount per step
    errors: str = "auto"  # growth-law error family for these data
    stock: bool = False  # y is a level that can fall (a population)


@dataclass(frozen=True)
class Case:
    """One unit of work of a suite (a series, a curve); ``key`` names its cache file.

    Attributes
    ----------
    key : str
        A name unique within the suite (also the cache file's name).
    data : Any
        What the suite's ``run`` needs for this case.
    """

    key: str
    data: Any


@dataclass(frozen=True)
class Suite:
    """A benchmark: its cases, how to run and summarise them, and its reference figures.

    Attributes
    ----------
    name : str
        The suite's name (``scalinglaws bench NAME``).
    title : str
        Its title in the report.
    kind : {"series", "curves"}
        Forecasts of series, or extrapolations of learning curves.
    files : tuple of str
        Paths under the data folder the suite reads.
    load : callable
        ``load(data_folder) -> list of Case``.
    run : callable
        ``run(case, method, data_folder) -> scores``.
    summarise : callable
        ``summarise(scores) -> summary``.
    reference : callable
        ``reference(data_folder) -> table`` of published figures.
    default_methods : tuple of str
        The methods run when none are named.
    own_methods : tuple of str
        Methods only this suite has (e.g. hub files).
    settings : SeriesSettings, optional
        How a series suite forecasts.
    notes : tuple of str
        Notes printed with the report.
    """

    name: str
    title: str
    kind: str  # "series" or "curves"
    files: tuple[str, ...]  # paths under the data folder the suite reads
    load: Callable[[Path], list[Case]]
    run: Callable[[Case, str, Path], pd.DataFrame]  # (case, method, data folder) -> scores
    summarise: Callable[[pd.DataFrame], pd.DataFrame]
    reference: Callable[[Path], pd.DataFrame]
    default_methods: tuple[str, ...]
    own_methods: tuple[str, ...] = ()  # methods only this suite has (e.g. hub files)
    settings: SeriesSettings | None = None
    notes: tuple[str, ...] = field(default=())


Factory = Callable[[SeriesSettings], Callable[..., pd.DataFrame]]
Extrapolator = Callable[[FloatArray, FloatArray, FloatArray], FloatArray]

SUITES: dict[str, Suite] = {}
FORECASTERS: dict[str, Factory] = {}
EXTRAPOLATORS: dict[str, Extrapolator] = {}
#: Forecasters that read every point up to the origin, whatever the suite's fitting
#: window (a window is a device for laws that describe one wave; a sequence model
#: such as the Transformer chooses its own context).
WHOLE_HISTORY: set[str] = set()


def register_suite(suite: Suite) -> Suite:
    """Add ``suite`` to :data:`SUITES` (a later registration of the same name replaces it).

    Parameters
    ----------
    suite : Suite
        The benchmark.

    Returns
    -------
    Suite
        `suite`, so the function works as a decorator's last step.
    """
    SUITES[suite.name] = suite
    return suite


def register_forecaster(name: str, factory: Factory, *, whole_history: bool = False) -> None:
    """Offer a forecaster to every series suite under ``name``.

    Parameters
    ----------
    name : str
        The method's name (replaces one of the same name).
    factory : callable
        ``factory(settings) -> forecaster``: given the suite's :class:`SeriesSettings`,
        a :data:`~scalinglaws.backtest.Forecaster`.
    whole_history : bool, default False
        Give the forecaster every point up to each origin, ignoring the suite's
        ``window`` (the origins stay the same); listed in :data:`WHOLE_HISTORY`.
    """
    FORECASTERS[name] = factory
    if whole_history:
        WHOLE_HISTORY.add(name)
    else:
        WHOLE_HISTORY.discard(name)


def register_extrapolator(name: str, method: Extrapolator) -> None:
    """Offer a learning-curve extrapolator to every curves suite under ``name``.

    Parameters
    ----------
    name : str
        The method's name (replaces one of the same name).
    method : callable
        ``method(x_train, y_train, x_test) -> predictions`` of the held-out points.
    """
    EXTRAPOLATORS[name] = method


def methods_of(suite: Suite) -> list[str]:
    """Every method ``suite`` can run: its own, then its family's."""
    family = FORECASTERS if suite.kind == "series" else EXTRAPOLATORS
    return [*suite.own_methods, *family]


def check_methods(suite: Suite, methods: list[str] | None) -> list[str]:
    """``methods`` (default: the suite's defaults) after checking each exists."""
    chosen = list(suite.default_methods) if not methods else list(methods)
    valid = methods_of(suite)
    for method in chosen:
        if method not in valid:
            raise InvalidOptionError(
                f"--methods: {method!r} is not a method of suite {suite.name!r}; "
                f"choose from: {', '.join(valid)}."
            )
    return chosen
