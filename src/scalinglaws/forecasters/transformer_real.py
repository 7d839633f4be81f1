"""Real surveillance series the forecaster may be trained on, cut before every evaluation.

Chronos (Ansari et al. 2024, section 5) trains on real series and on synthetic ones:
the real ones carry what no generator was written to imitate (how reporting
changes, how waves of one disease differ season to season). The one source used
here is **CDC ILINet** (`growth-series/cdc_ilinet_weekly_national_state_1997_2025.csv`
of the shared data; US public domain, so weights trained on it carry the package's
licence): the weekly number of patient visits for influenza-like illness
(``ili_total``), nationally from 1997w40 and per state from 2010w40.

Held-out discipline (issue 13): only weeks **before** :data:`CUTOFF_YEAR` are read.
The European hub's truth starts in 2020 and its forecasts in 2021, so no time an
evaluation scores, nor any later time, is trained on; ILINet is none of the
evaluation suites' series (europe-hub: COVID-19 cases and deaths in Europe;
outbreaks: single outbreaks of the R package ``outbreaks``; us-cities: census
populations). A state's run of weeks is split at a missing count, and runs shorter
than :data:`MIN_WEEKS` are dropped.

References
----------
Ansari, A. F. et al. (2024). Chronos: learning the language of time series.
*Transactions on Machine Learning Research*.
CDC (2025). FluView Interactive, ILINet (national and state), downloaded 2025-08-13.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from scalinglaws._types import FloatArray
from scalinglaws.errors import DataFormatError

__all__ = ["CUTOFF_YEAR", "ILINET", "MIN_WEEKS", "ilinet_series"]

#: The file, relative to a shared data folder.
ILINET = Path("growth-series") / "cdc_ilinet_weekly_national_state_1997_2025.csv"
#: Weeks of this year and later are never read (the European hub's truth starts in 2020).
CUTOFF_YEAR = 2020
#: Shortest run of consecutive weeks kept.
MIN_WEEKS = 16
COLUMNS = ("series", "year", "week", "ili_total")


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
    path = Path(data) / ILINET
    if not path.is_file():
        raise DataFormatError(
            f"no ILINet file at {path}: pass the shared data folder that holds {ILINET}"
        )
    table = pd.read_csv(path)
    missing = [c for c in COLUMNS if c not in table.columns]
    if missing:
        raise DataFormatError(f"{path} lacks the columns {missing}: expected {list(COLUMNS)}")
    table = table[table["year"] < CUTOFF_YEAR].sort_values(["series", "year", "week"])
    out: dict[str, FloatArray] = {}
    for name, rows in table.groupby("series", sort=True):
        counts = rows["ili_total"].to_numpy(dtype=np.float64)
        bad = ~np.isfinite(counts) | (counts < 0)
        runs = np.split(np.arange(counts.size), np.flatnonzero(bad))
        for i, index in enumerate(runs):
            index = index[~bad[index]]
            if index.size >= MIN_WEEKS:
                out[f"{name}#{i}"] = counts[index]
    return out
