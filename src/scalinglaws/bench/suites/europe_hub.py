"""``europe-hub``: weekly COVID-19 cases and deaths in 32 European countries, 1-4 weeks ahead.

Truth: the JHU daily counts summed to epiweeks ending Saturday (complete
weeks only). Anchors: the European Forecast Hub's own EuroCOVIDhub-baseline and
-ensemble quantile forecasts (methods ``hub-baseline``, ``hub-ensemble``),
made 2021-03 to 2023-03, scored on the set both made; the README of
``growth-series`` gives their WIS per horizon and relative WIS 0.80 (cases)
and 0.62 (deaths). Our methods forecast from the Saturday before each hub
forecast date (the hub's Monday minus two days), for the same locations, so
every forecast has a hub counterpart. They see the final (revised) JHU data,
an advantage the hub's models did not have in real time.

Growth laws are fitted to the last :data:`WINDOW` weeks of incidence: long
enough to estimate three parameters and the negative-binomial dispersion,
short enough that one wave dominates (a law describes a single wave, and
these series have several). Not tuned on the scores.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from scalinglaws.bench.registry import Case, SeriesSettings, Suite, register_suite
from scalinglaws.bench.suites._series import rolling_scores, summarise_series
from scalinglaws.quantiles import quantile_columns
from scalinglaws.scoring import attach_truth, score_forecasts

__all__ = ["SUITE", "WINDOW", "weekly_truth"]

TRUTH = "growth-series/covid19hub_europe_2020_24_truth_jhu_ecdc.csv"
FORECASTS = "growth-series/covid19hub_europe_2021_24_baseline_ensemble_quantiles_wide.csv"
ANCHORS = "growth-series/hub_anchor_scores_europe.csv"
TARGETS = ("inc case", "inc death")
HUB_MODELS = {"hub-baseline": "EuroCOVIDhub-baseline", "hub-ensemble": "EuroCOVIDhub-ensemble"}
LAST_FORECAST = "2023-03-31"
WINDOW = 8
SETTINGS = SeriesSettings(horizon=4, window=WINDOW, min_train=WINDOW)


def weekly_truth(path: Path) -> pd.DataFrame:
    """JHU daily incidence summed to epiweeks ending Saturday: location, target, date, value."""
    daily = pd.read_csv(path, parse_dates=["date"])
    daily = daily[(daily["source"] == "JHU") & daily["target"].isin(TARGETS)]
    grouped = daily.groupby(["location", "target", pd.Grouper(key="date", freq="W-SAT")])
    weekly = grouped["value"].agg(["sum", "size"]).reset_index()
    weekly = weekly[weekly["size"] == 7].drop(columns="size").rename(columns={"sum": "value"})
    return weekly.reset_index(drop=True)


def hub_forecasts(path: Path) -> pd.DataFrame:
    """Both hub models' forecasts on the dates both made.

    Both hub models' forecasts up to 2023-03 (of weeks after the forecast date),
    restricted to the set both made.
    """
    table = pd.read_csv(path, parse_dates=["forecast_date", "target_end_date"])
    table = table[
        table["model"].isin(HUB_MODELS.values())
        & table["target"].isin(TARGETS)
        & (table["forecast_date"] <= LAST_FORECAST)
        # The baseline file also holds rows for weeks before its forecast date
        # (labelled horizon 0 or 1, e.g. 2023-03-13 -> 2023-03-04): not forecasts.
        & (table["target_end_date"] > table["forecast_date"])
    ]
    keys = ["forecast_date", "target", "horizon", "target_end_date", "location"]
    counts = table.groupby(keys)["model"].transform("nunique")
    return table[counts == len(HUB_MODELS)].reset_index(drop=True)


def _load(data: Path) -> list[Case]:
    truth = weekly_truth(data / TRUTH)
    hub = hub_forecasts(data / FORECASTS)
    last_week = truth["date"].max()
    hub = hub[hub["target_end_date"] <= last_week]
    cases = []
    for (location, target), rows in hub.groupby(["location", "target"], sort=True):
        series = truth[(truth["location"] == location) & (truth["target"] == target)]
        cases.append(
            Case(
                f"{location}-{target}",
                {"location": location, "target": target, "series": series, "hub": rows},
            )
        )
    return cases


def _run(case: Case, method: str, data: Path) -> pd.DataFrame:
    location, target = case.data["location"], case.data["target"]
    series: pd.DataFrame = case.data["series"].sort_values("date")
    hub: pd.DataFrame = case.data["hub"]
    meta = {"location": location, "target": target}
    if method in HUB_MODELS:
        rows = hub[hub["model"] == HUB_MODELS[method]].rename(columns={"target_end_date": "date"})
        rows = attach_truth(rows, series, keys=["location", "target", "date"])
        keep = ["location", "target", "forecast_date", "horizon", "truth", *quantile_columns()]
        scored = score_forecasts(rows[keep])
        return scored.assign(status="ok", method=method)
    dates = series["date"].to_numpy()
    origin_dates = np.unique(hub["forecast_date"].to_numpy() - np.timedelta64(2, "D"))
    positions = np.searchsorted(dates, origin_dates)
    found = (positions < dates.size) & (
        dates[np.minimum(positions, dates.size - 1)] == origin_dates
    )
    usable = [int(p) for p in positions[found] if SETTINGS.min_train - 1 <= p < dates.size - 1]
    t = np.arange(float(dates.size))
    scores = rolling_scores(
        t, series["value"].to_numpy(dtype=np.float64), method, SETTINGS, meta, origins=usable
    )
    origin_index = scores["origin"].to_numpy().astype(int)
    scores.insert(2, "forecast_date", pd.to_datetime(dates[origin_index]) + pd.Timedelta(days=2))
    return scores.drop(columns="origin")


def _summarise(scores: pd.DataFrame) -> pd.DataFrame:
    return summarise_series(
        scores,
        group=["target"],
        keys=["location", "forecast_date"],
        baselines=tuple(HUB_MODELS),
    )


def _reference(data: Path) -> pd.DataFrame:
    anchors = pd.read_csv(data / ANCHORS)
    anchors["method"] = anchors["model"].map({v: k for k, v in HUB_MODELS.items()})
    table = anchors[["target", "method", "horizon", "n", "mean_wis", "cov50", "cov95"]].copy()
    pooled = []
    for target, rows in table.groupby("target"):
        base = rows[rows["method"] == "hub-baseline"]
        ensemble = rows[rows["method"] == "hub-ensemble"]
        ratio = float((ensemble["n"] * ensemble["mean_wis"]).sum()) / float(
            (base["n"] * base["mean_wis"]).sum()
        )
        pooled.append({"target": target, "method": "hub-ensemble", "horizon": "all",
                       "rel_wis_hub-baseline": round(ratio, 2)})  # fmt: skip
    return pd.concat([table, pd.DataFrame(pooled)], ignore_index=True)


SUITE = register_suite(
    Suite(
        name="europe-hub",
        title="European COVID-19 Forecast Hub: weekly cases and deaths, 1-4 weeks ahead",
        kind="series",
        files=(TRUTH, FORECASTS, ANCHORS),
        load=_load,
        run=_run,
        summarise=_summarise,
        reference=_reference,
        default_methods=("hub-baseline", "hub-ensemble", "naive", "logistic", "gompertz"),
        own_methods=tuple(HUB_MODELS),
        settings=SETTINGS,
        notes=(
            "Truth: JHU daily counts summed to epiweeks ending Saturday; hub forecasts up to "
            "2023-03 on the set both hub models made.",
            f"Growth laws fit the last {WINDOW} weeks; quantiles from a 100-replicate "
            "parametric bootstrap. Our methods see revised data (the hub's did not).",
        ),
    )
)
