"""Parsers that turn a bundled table file into a pandas DataFrame.

``format`` in ``catalog.toml`` names the parser: ``csv`` and ``tsv`` are read
with pandas as stored; ``leitao_road_miles`` parses the FHWA HM-71 file of
Leitão et al. (2016), whose numbers are quoted with thousands commas when they
are >= 1000 and bare otherwise.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import pandas as pd

__all__ = ["TABLE_READERS", "read_leitao_road_miles"]


def _read_csv(text: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text))


def _read_tsv(text: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text), sep="\t")


def _number(cell: str) -> float | None:
    """'17,799,861 ' -> 17799861.0; '-' or '' (no value in HM-71) -> None."""
    cleaned = cell.replace(",", "").strip()
    if cleaned in ("", "-"):
        return None
    return float(cleaned)


def read_leitao_road_miles(text: str) -> pd.DataFrame:
    """The urbanized areas of FHWA Highway Statistics 2013, table HM-71, as Leitão et al. used them.

    Each line is ``"name",population,lane-miles``; numbers >= 1000 are quoted with
    thousands commas (``"17,799,861 "``), smaller ones are bare (``829``), a missing
    value is ``-``. Rows are kept as the loader of Leitão, Miotto, Gerlach & Altmann
    (2016; github edugalt/scaling, ``miles()``) keeps them: both numbers present and
    the name quoted. That drops the 24 rows with a missing value and the one row whose
    name is not quoted (``Conway``, 65,277 people, 640 lane-miles), leaving the 459
    rows behind the paper's beta = 0.847 (OLS on logs: 0.8467; with Conway, 460 rows:
    0.8462).

    Returns columns ``name`` (str), ``population`` (persons) and ``lane_miles``.
    """
    rows = []
    for line in text.splitlines():
        if not line.strip():
            continue
        fields = next(csv.reader([line]))
        if len(fields) != 3 or not line.startswith('"'):
            continue
        population, miles = _number(fields[1]), _number(fields[2])
        if population is None or miles is None:
            continue
        rows.append((fields[0], population, miles))
    return pd.DataFrame(rows, columns=["name", "population", "lane_miles"])


TABLE_READERS: dict[str, Callable[[str], pd.DataFrame]] = {
    "csv": _read_csv,
    "tsv": _read_tsv,
    "leitao_road_miles": read_leitao_road_miles,
}
