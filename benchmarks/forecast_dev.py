"""Choose the ensemble's defaults on development data only (issue 12).

Two steps, run from the repository root:

    flock /tmp/scalinglaws-heavy.lock .venv/bin/python benchmarks/forecast_dev.py collect
    .venv/bin/python benchmarks/forecast_dev.py evaluate

``collect`` runs every candidate member (the growth laws and the naive baseline)
once per development origin, with the bench's settings (100 bootstrap replicates,
the suite's window and error family), and keeps each member's quantiles on the
dense grid, its AICc and its past WIS on the calibration points, in
``benchmarks/out/forecast-dev/`` (gitignored; resumable per case). ``evaluate``
then combines them every way the ensemble can (weighting x combination x members)
and prints each configuration's mean WIS relative to the reference and its 50% /
95% coverage, so that all configurations are compared on the same member forecasts.

Development data (the figures in docs/benchmarks.md are the rest, the test data):

* ``europe-hub``: forecasts made before 2022-01-01 (2021-03 to 2021-12), all
  countries, cases and deaths; reference the hub's baseline on the same forecasts;
* ``outbreaks``: a seeded half of the series (:func:`outbreak_split`); reference naive;
* ``us-cities``: forecasts of the censuses up to 1980 (the test forecasts are of
  1990, 2000 and 2010); reference naive.
"""

from __future__ import annotations

import argparse
import pickle
import sys
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "out" / "forecast-dev"

from scalinglaws.bench import SUITES, Case  # noqa: E402
from scalinglaws.bench.data import default_data_dir  # noqa: E402
from scalinglaws.bench.methods import N_BOOT  # noqa: E402
from scalinglaws.bench.suites import europe_hub  # noqa: E402
from scalinglaws.errors import FitWarning  # noqa: E402
from scalinglaws.forecast.combine import combine  # noqa: E402
from scalinglaws.forecast.ensemble import (  # noqa: E402
    dense_grid,
    member_weights,
    past_wis,
    run_member,
)
from scalinglaws.forecast.members import MemberForecast, Options  # noqa: E402
from scalinglaws.io import write_atomic  # noqa: E402
from scalinglaws.quantiles import HUB_QUANTILES  # noqa: E402
from scalinglaws.scoring import weighted_interval_score  # noqa: E402

LAWS = ("exponential", "logistic", "gompertz", "richards", "ggm")
CANDIDATES = (*LAWS, "naive")
GRID = dense_grid(HUB_QUANTILES)
DEV_END = pd.Timestamp("2022-01-01")
LAST_DEV_CENSUS = 1980


@dataclass
class Origin:
    """Every candidate's forecast from one origin, and what happened next."""

    key: dict[str, Any]
    truth: np.ndarray  # (h,) observed values at steps 1..h (those observed)
    members: dict[str, MemberForecast | str]
    past: dict[str, float]  # past WIS on the calibration points (nan: failed)


def outbreak_split(cases: list[Case]) -> set[str]:
    """The development half of the outbreak series (seeded, by key)."""
    keys = sorted(case.key for case in cases)
    chosen = np.random.default_rng(12).permutation(len(keys))[: len(keys) // 2]
    return {keys[i] for i in chosen}


def hub_origins(case: Case, forecast_dates: Any) -> list[tuple[int, dict[str, Any]]]:
    """The europe-hub origins (last observed Saturday) of these hub forecast dates."""
    dates = case.data["series"].sort_values("date")["date"].to_numpy()
    out = []
    for forecast_date in np.unique(np.asarray(forecast_dates)):
        saturday = forecast_date - np.timedelta64(2, "D")
        position = int(np.searchsorted(dates, saturday))
        usable = europe_hub.WINDOW - 1 <= position < dates.size - 1
        if usable and dates[position] == saturday:
            out.append((position, {"forecast_date": pd.Timestamp(forecast_date)}))
    return out


def origins_of(suite: str, case: Case, cases: list[Case]) -> list[tuple[int, dict[str, Any]]]:
    """Development origins (positions of the last observation) of one case."""
    if suite == "europe-hub":
        hub = case.data["hub"]
        return hub_origins(case, hub.loc[hub["forecast_date"] < DEV_END, "forecast_date"])
    if suite == "outbreaks":
        if case.key not in outbreak_split(cases):
            return []
        y = case.data["y"]
        return [(p, {}) for p in range(SUITES[suite].settings.min_train - 1, len(y) - 1)]
    years = case.data["t"]
    settings = SUITES[suite].settings
    return [
        (p, {})
        for p in range(settings.min_train - 1, len(years) - 1)
        if years[p] + 10 <= LAST_DEV_CENSUS
    ]


def series_of(suite: str, case: Case) -> tuple[np.ndarray, np.ndarray]:
    if suite == "europe-hub":
        values = case.data["series"].sort_values("date")["value"].to_numpy(dtype=float)
        return np.arange(float(values.size)), values
    if suite == "outbreaks":
        y = np.asarray(case.data["y"], dtype=float)
        return np.arange(float(y.size)), y
    return np.asarray(case.data["t"], float), np.asarray(case.data["y"], float)


def collect_case(suite: str, case: Case, cases: list[Case]) -> list[Origin]:
    settings = SUITES[suite].settings
    assert settings is not None
    t, y = series_of(suite, case)
    options = Options(settings.cumulative, settings.errors, N_BOOT, 1)
    step = float(np.median(np.diff(t)))
    found = []
    rng = np.random.default_rng(0)
    for position, extra in origins_of(suite, case, cases):
        start = 0 if settings.window is None else max(0, position + 1 - settings.window)
        train_t, train_y = t[start : position + 1], y[start : position + 1]
        times = t[position] + step * np.arange(1, settings.horizon + 1)
        truth = y[position + 1 : position + 1 + settings.horizon]
        members: dict[str, MemberForecast | str] = {}
        generators = rng.spawn(len(CANDIDATES) + 1)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FitWarning)
            for name, generator in zip(CANDIDATES, generators, strict=False):
                out = run_member(name, train_t, train_y, times, GRID, options, generator)
                members[name] = out if isinstance(out, MemberForecast) else str(out)
            scores = past_wis(CANDIDATES, train_t, train_y, settings.horizon, options,
                              generators[-1])  # fmt: skip
        key = {"case": case.key, "position": position, **extra}
        found.append(Origin(key, truth, members, dict(zip(CANDIDATES, scores, strict=True))))
    return found


def collect(args: argparse.Namespace) -> None:
    data = Path(args.data) if args.data else default_data_dir()
    assert data is not None, "no data folder: pass --data"
    for suite in args.suites:
        cases = SUITES[suite].load(data)
        folder = OUT / suite
        folder.mkdir(parents=True, exist_ok=True)
        chosen = cases[: args.limit] if args.limit else cases
        for number, case in enumerate(chosen, start=1):
            path = folder / f"{case.key.replace('/', '_')}.pkl"
            if path.exists():
                continue
            start = time.perf_counter()
            origins = collect_case(suite, case, cases)
            write_atomic(path, pickle.dumps(origins))
            print(f"{suite} {number}/{len(chosen)} {case.key}: {len(origins)} origins "
                  f"in {time.perf_counter() - start:.1f} s", flush=True)  # fmt: skip


# --- evaluation ----------------------------------------------------------------------------
POOLS = {
    "laws": LAWS,
    "laws+naive": CANDIDATES,
    "sigmoid+ggm": ("logistic", "gompertz", "richards", "ggm"),
    "sigmoid+ggm+naive": ("logistic", "gompertz", "richards", "ggm", "naive"),
}
CONFIGS = [
    (weighting, combination, members)
    for members in POOLS
    for weighting in ("aicc", "wis", "equal")
    for combination in ("vincent", "mixture", "median")
    if not ("naive" in POOLS[members] and weighting == "aicc")
]
HUB_COLUMNS = [int(np.argmin(np.abs(np.asarray(GRID) - q))) for q in HUB_QUANTILES]


def ensemble_quantiles(origin: Origin, weighting: str, combination: str, pool: str) -> np.ndarray:
    """The ensemble's quantiles (h, 23) from the stored member forecasts."""
    names = [n for n in POOLS[pool] if n in origin.members]
    ok = [n for n in names if isinstance(origin.members[n], MemberForecast)]
    if not ok:
        ok = ["naive"]  # the ensemble's fallback
    found = [origin.members[n] for n in ok]
    assert all(isinstance(f, MemberForecast) for f in found)
    aicc = np.array([f.aicc for f in found])  # type: ignore[union-attr]
    past = np.array([origin.past[n] for n in ok])
    weights, _ = member_weights(weighting, aicc, past)
    quantiles = np.stack([f.quantiles for f in found])  # type: ignore[union-attr]
    means = np.stack([f.mean for f in found])  # type: ignore[union-attr]
    _, _, q = combine(weights, np.asarray(GRID), quantiles, means, np.asarray(HUB_QUANTILES),
                      combination)  # fmt: skip
    return q


def member_quantiles(origin: Origin, name: str) -> np.ndarray | None:
    found = origin.members.get(name)
    return found.quantiles[:, HUB_COLUMNS] if isinstance(found, MemberForecast) else None


def score_rows(origin: Origin, label: str, q: np.ndarray | None, extra: dict[str, Any]) -> list:
    rows = []
    levels = np.asarray(HUB_QUANTILES)
    for h, truth in enumerate(origin.truth, start=1):
        row = {**origin.key, **extra, "method": label, "horizon": h, "truth": truth}
        if q is None:
            rows.append({**row, "wis": np.nan, "cov50": np.nan, "cov95": np.nan})
            continue
        qh = q[h - 1]
        rows.append(
            {
                **row,
                "wis": float(weighted_interval_score([truth], qh[None, :], levels)[0]),
                "cov50": float(qh[levels == 0.25][0] <= truth <= qh[levels == 0.75][0]),
                "cov95": float(qh[levels == 0.025][0] <= truth <= qh[levels == 0.975][0]),
            }
        )
    return rows


def evaluate(args: argparse.Namespace) -> None:
    for suite in args.suites:
        files = sorted((OUT / suite).glob("*.pkl"))
        if not files:
            continue
        rows: list[dict[str, Any]] = []
        for path in files:
            with open(path, "rb") as stream:
                origins: list[Origin] = pickle.load(stream)
            for origin in origins:
                extra = (
                    {"target": origin.key["case"].rsplit("-", 1)[-1]}
                    if suite == "europe-hub"
                    else {}
                )
                for name in CANDIDATES:
                    rows += score_rows(origin, name, member_quantiles(origin, name), extra)
                for weighting, combination, pool in CONFIGS:
                    label = f"ensemble {pool} {weighting} {combination}"
                    q = ensemble_quantiles(origin, weighting, combination, pool)
                    rows += score_rows(origin, label, q, extra)
        scores = pd.DataFrame(rows)
        if suite == "europe-hub":
            scores = pd.concat([scores, hub_baseline(files, scores)], ignore_index=True)
        report(suite, scores)


def hub_baseline(files: list[Path], scores: pd.DataFrame) -> pd.DataFrame:
    """The hub baseline's scores at the same development forecasts."""
    data = default_data_dir()
    assert data is not None
    cases = {case.key: case for case in SUITES["europe-hub"].load(data)}
    frames = []
    for key in sorted(set(scores["case"])):
        scored = europe_hub.SUITE.run(cases[key], "hub-baseline", data)
        scored = scored[scored["forecast_date"] < DEV_END]
        frames.append(
            pd.DataFrame(
                {
                    "case": key,
                    "forecast_date": scored["forecast_date"],
                    "target": key.rsplit("-", 1)[-1],
                    "method": "hub-baseline",
                    "horizon": scored["horizon"],
                    "wis": scored["wis"],
                    "cov50": scored["inside50"],
                    "cov95": scored["inside95"],
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def report(suite: str, scores: pd.DataFrame) -> None:
    reference = "hub-baseline" if suite == "europe-hub" else "naive"
    keys = ["case", "forecast_date" if suite == "europe-hub" else "position", "horizon"]
    groups = [("all", scores)]
    if suite == "europe-hub":
        groups = list(scores.groupby("target"))
    for label, part in groups:
        wide = part.pivot_table(index=keys, columns="method", values="wis", aggfunc="first")
        base = wide[reference]
        lines = []
        for method in wide.columns:
            both = wide[method].notna() & base.notna()
            mine = part[part["method"] == method]
            lines.append(
                {
                    "method": method,
                    "n": int(both.sum()),
                    "failed": float(wide[method].isna().mean()),
                    f"wis/{reference}": float(wide.loc[both, method].mean() / base[both].mean()),
                    "cov50": float(mine["cov50"].mean()),
                    "cov95": float(mine["cov95"].mean()),
                }
            )
        table = pd.DataFrame(lines).sort_values(f"wis/{reference}")
        print(f"\n## {suite} ({label}), development data")
        print(table.to_string(index=False, float_format=lambda v: f"{v:.3f}"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("step", choices=["collect", "evaluate"])
    parser.add_argument("--suites", nargs="+", default=["outbreaks", "us-cities", "europe-hub"])
    parser.add_argument("--data", default=None)
    parser.add_argument("--limit", type=int, default=None, help="first N cases per suite")
    args = parser.parse_args()
    collect(args) if args.step == "collect" else evaluate(args)


if __name__ == "__main__":
    sys.exit(main())
