"""Compute-optimal allocations read for an answer, without warning the asker twice.

``NeuralFit.compute_optimal`` emits a ``FitWarning`` when a budget lies outside the range
the runs support (issue 14). Answering a question reads such tables at fixed budgets
(the facts) or at the budget the question names; the reasons then belong in the answer,
not in a warning raised at whoever asked. :func:`optimal_table` keeps them in
``table.attrs["warnings"]`` and silences the warning itself.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import pandas as pd

from scalinglaws.errors import FitWarning

__all__ = ["optimal_table"]


def optimal_table(fit: Any, budgets: Sequence[float], **options: Any) -> pd.DataFrame:
    """``fit.compute_optimal(budgets, **options)``, its reasons kept in ``attrs["warnings"]``."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FitWarning)
        table: pd.DataFrame = fit.compute_optimal(budgets, **options)
    return table
