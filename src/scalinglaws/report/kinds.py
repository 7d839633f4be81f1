"""What each kind of result shows in the report: its figures and tables.

The dispatchers sit above the per-kind sections (:mod:`.forecast_section`,
:mod:`.neural_figures`, and :mod:`.sweep_section` for a neural fit saved with its
model-size sweep), which build on :mod:`.figures` and :mod:`.tables`;
so every import here is at module level, and nothing below imports back up. The
verdicts need no dispatch: every result states its own (``result.verdicts()``,
read by :func:`.words.verdicts`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from scalinglaws.forecast import Forecast
from scalinglaws.neural import EnvelopeFit, IsoflopFit, NeuralFit
from scalinglaws.report import figures, neural_figures, tables
from scalinglaws.report.forecast_section import forecast_figures, forecast_tables
from scalinglaws.report.sweep_section import sweep_figures, sweep_of, sweep_tables
from scalinglaws.results import FitResult

__all__ = ["build_figures", "tables_for"]


def build_figures(result: FitResult, extras: Mapping[str, Any]) -> figures.Figures:
    """The figures of one result (an empty list for an unknown kind).

    Parameters
    ----------
    result : FitResult
        The result.
    extras : mapping
        What the fitting command saved beside it (forecasts, budgets).

    Returns
    -------
    list of (str, plotly Figure)
        Each figure with its caption.
    """
    if isinstance(result, Forecast):
        return forecast_figures(result, extras)
    sweep = sweep_of(extras)
    if isinstance(result, NeuralFit) and sweep is not None:
        return sweep_figures(result, sweep) + neural_figures.figures(result, extras)
    if isinstance(result, (NeuralFit, IsoflopFit, EnvelopeFit)):
        return neural_figures.figures(result, extras)
    return figures.build_figures(result, extras)


def tables_for(result: FitResult, extras: Mapping[str, Any]) -> list[tables.Table]:
    """The tables of one result: a forecast's own, else the parameters and the kind's outcomes.

    Parameters
    ----------
    result : FitResult
        The result.
    extras : mapping
        What the fitting command saved beside it.

    Returns
    -------
    list of Table
        The tables, in the order shown.
    """
    if isinstance(result, Forecast):
        return forecast_tables(result)
    sweep = sweep_of(extras)
    if isinstance(result, NeuralFit) and sweep is not None:
        return tables.tables_for(result, extras) + sweep_tables(result, sweep)
    return tables.tables_for(result, extras)
