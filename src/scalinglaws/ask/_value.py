"""The record of one answerable number (:class:`Value`) and the helpers that read it off a result.

Below :mod:`scalinglaws.ask.values` (which gathers the values of a set of
results) and the modules that make each kind's values (:mod:`._params`,
:mod:`._values_curves`, :mod:`._values_samples`), which all use it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from scalinglaws.errors import ScalingLawError

__all__ = ["KINDS", "Value", "conf_table", "interval_of", "units_by_column"]

#: How an answer presents its number.
KINDS = ("fitted", "published", "derived")


@dataclass(frozen=True)
class Value:
    """One number of one result, and what it is (see the module docstring)."""

    source: str
    key: str
    name: str
    value: float | None
    kind: str
    concepts: Mapping[str, float]
    symbols: frozenset[str] = frozenset()
    unit: str | None = None
    interval: tuple[float, float] | None = None
    stderr: float | None = None
    verdict: str | None = None
    fact: str | None = None
    group: str = ""
    by: str | None = None
    date: pd.Timestamp | None = None
    at: Mapping[str, float] = field(default_factory=dict)
    note: str | None = None
    rank: int = 0  # order among equally good published groups (0 = the headline)


def _finite(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if np.isfinite(number) else None


def interval_of(table: pd.DataFrame, name: str) -> tuple[float, float] | None:
    """The (lower, upper) row of a ``conf_int()`` table, when finite."""
    if name not in table.index:
        return None
    low, high = _finite(table.loc[name, "lower"]), _finite(table.loc[name, "upper"])
    if low is None or high is None:
        return None
    return (low, high)


def conf_table(result: Any) -> pd.DataFrame:
    """``result.conf_int(0.95)``, or an empty table when the result has none."""
    try:
        table = result.conf_int(0.95)
    except (ScalingLawError, ValueError, KeyError):
        return pd.DataFrame(columns=["estimate", "lower", "upper"])
    return table if isinstance(table, pd.DataFrame) else pd.DataFrame()


def units_by_column(meta: Mapping[str, Any]) -> dict[str, str]:
    """A units text as a mapping from column to unit.

    ``"population: persons; gdp_in_million_USD: current US$ million"`` as a mapping;
    a units text without columns maps ``""`` to itself.
    """
    text = str(meta.get("units") or "")
    out: dict[str, str] = {}
    for part in text.split(";"):
        column, sep, unit = part.partition(":")
        if sep:
            for name in column.split(" and "):
                out[name.strip()] = unit.strip()
    if not out and text:
        out[""] = text
    return out
