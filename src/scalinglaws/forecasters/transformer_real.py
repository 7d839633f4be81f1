"""Real surveillance series the forecaster may be trained on, cut before every evaluation.

Chronos (Ansari et al. 2024, section 5) trains on real series and on synthetic ones:
the real ones carry what no generator was written to imitate (how reporting
changes, how waves of one disease differ season to season). Two sources of the
shared data's ``growth-series/`` folder may be read (:data:`SOURCES`):

- **CDC ILINet** (:data:`ILINET`; US public domain): the weekly number of patient
  visits for influenza-like illness (``ili_total``), nationally from 1997w40 and per
  state from 2010w40.
- **Pre-vaccine measles** (:data:`MEASLES`): biweekly case counts of 40 cities of
  England and Wales (1944-1966) and 40 US cities (1906-1948), the classic recurrent
  epidemics of the TSIR literature (Dalziel et al. 2016). The file comes from GPL-3 R
  packages (spatPomp, epimdr); the shared data's README allows it for training and
  evaluation read from the shared folder, not to be shipped: the wheel holds the
  weights, never these counts.

Held-out discipline (issue 13): only times **before** :data:`CUTOFF_YEAR` are read.
The European hub's truth starts in 2020 and its forecasts in 2021, so no time an
evaluation scores, nor any later time, is trained on; neither source is one of the
evaluation suites' series (europe-hub: COVID-19 cases and deaths in Europe;
outbreaks: single outbreaks of the R package ``outbreaks``, its measles series the
Hagelloch outbreak of 1861, not these cities; us-cities: census populations). A
place's counts are split into runs at a missing value, and runs shorter than
:data:`MIN_WEEKS` steps are dropped.

References
----------
Ansari, A. F. et al. (2024). Chronos: learning the language of time series.
*Transactions on Machine Learning Research*.
CDC (2025). FluView Interactive, ILINet (national and state), downloaded 2025-08-13.
Dalziel, B. D. et al. (2016). Persistent chaos of measles epidemics in the
prevaccination United States caused by a small change in seasonal transmission
patterns. *PLoS Computational Biology* 12(2), e1004655.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from scalinglaws._types import FloatArray
from scalinglaws.errors import DataFormatError, InvalidOptionError

__all__ = [
    "CUTOFF_YEAR",
    "ILINET",
    "MEASLES",
    "MIN_WEEKS",
    "SOURCES",
    "ilinet_series",
    "measles_series",
    "real_pools",
]

#: The files, relative to a shared data folder.
ILINET = Path("growth-series") / "cdc_ilinet_weekly_national_state_1997_2025.csv"
MEASLES = Path("growth-series") / "measles_prevaccine_cities_biweekly_uk1944_1966_us1906_1948.csv"
#: Times of this year and later are never read (the European hub's truth starts in 2020).
CUTOFF_YEAR = 2020
#: Shortest run of consecutive steps kept.
MIN_WEEKS = 16
COLUMNS = ("series", "year", "week", "ili_total")
MEASLES_COLUMNS = ("series", "t", "cases")


def ilinet_series(data: Path) -> dict[str, FloatArray]:
    """Weekly ILI visit counts per place before :data:`CUTOFF_YEAR`, split at gaps.

    Parameters
    ----------
    data : Path
        The shared data folder (the one holding ``growth-series/``).

    Returns
    -------
    dict
        ``"<series>#<run>"`` -> the counts (float, >= 0) of one run of weeks, in time order.
    """
    table = _read(data, ILINET, COLUMNS, "ILINet")
    table = table[table["year"] < CUTOFF_YEAR].sort_values(["series", "year", "week"])
    return _runs(table, "ili_total")


def measles_series(data: Path) -> dict[str, FloatArray]:
    """Biweekly measles case counts per city, split at gaps.

    Read and returned as :func:`ilinet_series` returns its weeks: ``"UK|LONDON#0"`` ->
    the counts of one run of biweeks, in time order.
    """
    table = _read(data, MEASLES, MEASLES_COLUMNS, "measles")
    table = table[table["t"] < CUTOFF_YEAR].sort_values(["series", "t"])
    return _runs(table, "cases")


#: Each source by the name ``scripts/train_forecaster.py --real`` takes.
SOURCES = {"ilinet": ilinet_series, "measles": measles_series}


def real_pools(data: Path, sources: Sequence[str]) -> dict[str, dict[str, FloatArray]]:
    """Each source named -> its runs.

    Training draws a real batch from one source, each in equal share, so that measles'
    362 city runs do not drown ILINet's 55.
    """
    unknown = [name for name in sources if name not in SOURCES]
    if unknown:
        raise InvalidOptionError(
            f"unknown real source(s) {unknown}: choose among {sorted(SOURCES)}"
        )
    return {name: SOURCES[name](data) for name in sources}


def _read(data: Path, file: Path, columns: Sequence[str], source: str) -> pd.DataFrame:
    path = Path(data) / file
    if not path.is_file():
        raise DataFormatError(
            f"no {source} file at {path}: pass the shared data folder that holds {file}"
        )
    table = pd.read_csv(path)
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise DataFormatError(f"{path} lacks the columns {missing}: expected {list(columns)}")
    return table


def _runs(table: pd.DataFrame, column: str) -> dict[str, FloatArray]:
    """Each place's counts (rows in time order) split at missing or negative values."""
    out: dict[str, FloatArray] = {}
    for name, rows in table.groupby("series", sort=True):
        counts = rows[column].to_numpy(dtype=np.float64)
        bad = ~np.isfinite(counts) | (counts < 0)
        runs = np.split(np.arange(counts.size), np.flatnonzero(bad))
        for i, index in enumerate(runs):
            index = index[~bad[index]]
            if index.size >= MIN_WEEKS:
                out[f"{name}#{i}"] = counts[index]
    return out
