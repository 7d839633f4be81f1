"""``us-cities``: decennial census populations 1790-2010, one to three censuses ahead.

Places: those listed in at least :data:`MIN_CENSUSES` consecutive censuses
ending in 2010 (no gap: a gap means the place fell under the 2,500 listing
threshold or was renamed), of which a seeded sample of :data:`SAMPLE` is
benched (the full set, about 3,600 places with >= 8 censuses, takes hours).
From each census with at least 4 before it, the next 1-3 censuses are
forecast; laws are fitted to the population so far as their curve C(t), by
least squares, and the population is forecast as a stock, a level that can fall (``stock=True``): a
population is not a running total, and 23 of the 60 test censuses of the first
20 places fell below the census before.
Reference: the naive baseline.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from scalinglaws.bench.registry import Case, SeriesSettings, Suite, register_suite
from scalinglaws.bench.suites._series import naive_reference, rolling_scores, summarise_series

__all__ = ["SAMPLE", "SUITE"]

FILE = "growth-series/us_cities_census_1790_2010_cesta.csv"
MIN_CENSUSES = 8
SAMPLE = 150
SETTINGS = SeriesSettings(horizon=3, window=None, min_train=4, errors="normal", stock=True)


def _load(data: Path) -> list[Case]:
    table = pd.read_csv(data / FILE)
    eligible = []
    for label, rows in table.groupby("series", sort=True):
        place = str(label)
        years = rows["t"].to_numpy()
        if years[-1] != 2010:
            continue
        steps = np.diff(years)
        run = np.flatnonzero(steps != 10)
        start = 0 if run.size == 0 else int(run[-1]) + 1
        if years.size - start >= MIN_CENSUSES:
            eligible.append((place, rows.iloc[start:]))
    chosen = np.random.default_rng(0).choice(len(eligible), size=min(SAMPLE, len(eligible)),
                                             replace=False)  # fmt: skip
    cases = []
    for index in sorted(chosen):
        place, rows = eligible[int(index)]
        cases.append(
            Case(
                place,
                {
                    "place": place,
                    "t": rows["t"].to_numpy(dtype=np.float64),
                    "y": rows["value"].to_numpy(dtype=np.float64),
                    "eligible": len(eligible),
                },
            )
        )
    return cases


def _run(case: Case, method: str, data: Path) -> pd.DataFrame:
    meta = {"place": case.data["place"]}
    return rolling_scores(case.data["t"], case.data["y"], method, SETTINGS, meta)


def _summarise(scores: pd.DataFrame) -> pd.DataFrame:
    return summarise_series(scores, group=[], keys=["place", "origin"], baselines=("naive",))


SUITE = register_suite(
    Suite(
        name="us-cities",
        title="US census 1790-2010: city populations, 1-3 censuses ahead",
        kind="series",
        files=(FILE,),
        load=_load,
        run=_run,
        summarise=_summarise,
        reference=naive_reference,
        default_methods=("naive", "exponential", "logistic", "gompertz"),
        settings=SETTINGS,
        notes=(
            f"A seeded sample of {SAMPLE} places with >= {MIN_CENSUSES} consecutive censuses "
            "to 2010; laws fitted to all censuses so far, least squares.",
        ),
    )
)
