"""``outbreaks``: rolling-origin forecasts of single-wave outbreaks (R package ``outbreaks``).

Series: every incidence series of the single-wave outbreaks in
``growth-series/outbreaks_r_package_incidence.csv`` (Ebola Sierra Leone and its
districts, SARS Canada, MERS Korea, H7N9, dengue Yap and Fais, measles
Hagelloch, smallpox Abakaliki, Nipah). Left out: the WHO COVID-19 sitrep
series (212 early-pandemic cumulative series, not single waves), the NHS call
counts (not case counts) and the boarding-school flu (a prevalence "in bed").
Daily counts are summed into weeks from each series' first date; from every
week with at least :data:`MIN_WEEKS` behind it, 1-4 weeks are forecast, the
laws fitted to the whole series so far (a law describes the whole wave).
Reference: the naive baseline (relative WIS below 1 beats it).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from scalinglaws.bench.registry import Case, SeriesSettings, Suite, register_suite
from scalinglaws.bench.suites._series import naive_reference, rolling_scores, summarise_series

__all__ = ["SUITE"]

FILE = "growth-series/outbreaks_r_package_incidence.csv"
LEFT_OUT = ("sarscov2_who_2019", "covid19_england_nhscalls_2020", "influenza_england_1978_school")
MIN_WEEKS = 4
SETTINGS = SeriesSettings(horizon=4, window=None, min_train=MIN_WEEKS)


def _load(data: Path) -> list[Case]:
    table = pd.read_csv(data / FILE)
    table = table[~table["dataset"].isin(LEFT_OUT) & (table["cumulative"] == 0)]
    cases = []
    for (dataset, series), rows in table.groupby(["dataset", "series"], sort=True):
        week = (rows["t"].to_numpy() - rows["t"].min()) // 7
        weekly = rows.groupby(week)["value"].sum()
        full = weekly.reindex(np.arange(int(week.max()) + 1), fill_value=0.0)
        if full.size < MIN_WEEKS + 1:
            continue
        cases.append(
            Case(f"{series}", {"dataset": dataset, "series": series, "y": full.to_numpy()})
        )
    return cases


def _run(case: Case, method: str, data: Path) -> pd.DataFrame:
    y = np.asarray(case.data["y"], dtype=np.float64)
    meta = {"dataset": case.data["dataset"], "series": case.data["series"]}
    return rolling_scores(np.arange(float(y.size)), y, method, SETTINGS, meta)


def _summarise(scores: pd.DataFrame) -> pd.DataFrame:
    return summarise_series(scores, group=[], keys=["series", "origin"], baselines=("naive",))


SUITE = register_suite(
    Suite(
        name="outbreaks",
        title="Single-wave outbreaks: weekly incidence, 1-4 weeks ahead",
        kind="series",
        files=(FILE,),
        load=_load,
        run=_run,
        summarise=_summarise,
        reference=naive_reference,
        default_methods=("naive", "logistic", "gompertz", "richards", "ggm"),
        settings=SETTINGS,
        notes=(f"Weekly sums; laws fitted to all weeks so far (at least {MIN_WEEKS}).",),
    )
)
