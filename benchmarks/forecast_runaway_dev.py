"""Runaway members and runaway past origins: the levers of the outbreaks residual, on dev data.

Run from the repository root, under the shared lock:

    flock /tmp/scalinglaws-heavy.lock .venv/bin/python benchmarks/forecast_runaway_dev.py \\
        --suites outbreaks europe-hub --limit 4 --every 3 --workers 2

Development data only (the split of ``forecast_dev.py``). At every development origin
the default members (five laws and naive) forecast once, and the calibration's
backtest (:func:`scalinglaws.forecast.backtested._backtest`: every member refitted at
the last 6 origins before it) runs once; every candidate below is then computed from
those same forecasts:

* **members** (who is combined, equal weights, weighted median): ``all`` (the
  default), or ``runaway<k>``: a member whose past medians' RMS log error
  r_m = sqrt(mean_{p,h} (e_{p,h} / h^beta)^2) exceeds k times the smallest r_j of
  the members is left out (scored at its past origins, as the calibration scores the
  ensemble), or ``above<a>``: left out when r_m > a (an absolute bound: e^a is the
  factor a one-step median missed by, typically);
* **scale** of the widening (:func:`scalinglaws.forecast.calibrate.widen`): ``rms``
  (the default: every past error counts once), ``origin-median`` (the median over
  past origins of each origin's RMS, so one origin's runaway median cannot set s),
  ``drop-worst`` (the RMS without the past origin of largest RMS, when 3 or more),
  or ``raw`` (no widening).

Printed: mean WIS relative to the reference (hub baseline / naive) on the common
forecasts, 50% / 95% coverage, and for the outbreaks the scale-free aggregates beside
the summed ratio: the mean and the geometric mean over series of each series' WIS
ratio to naive.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from forecast_calibration_dev import hub_rows, score  # noqa: E402
from forecast_dev import origins_of, series_of  # noqa: E402
from scalinglaws._pool import process_pool  # noqa: E402
from scalinglaws.bench import SUITES  # noqa: E402
from scalinglaws.bench.data import default_data_dir  # noqa: E402
from scalinglaws.bench.methods import N_BOOT  # noqa: E402
from scalinglaws.forecast import calibrate as cal  # noqa: E402
from scalinglaws.forecast.backtested import _backtest, _past_errors  # noqa: E402
from scalinglaws.forecast.combine import combine  # noqa: E402
from scalinglaws.forecast.ensemble import DEFAULT_MEMBERS, dense_grid, run_member  # noqa: E402
from scalinglaws.forecast.members import MemberForecast, Options  # noqa: E402
from scalinglaws.forecasters import naive  # noqa: E402
from scalinglaws.quantiles import HUB_QUANTILES, quantile_columns  # noqa: E402

LEVELS = np.asarray(HUB_QUANTILES)
RUNAWAY_K = (2.0, 3.0, 5.0, 10.0)
RUNAWAY_ABS = (1.0, 1.5, 2.0, 3.0)
SCALES = ("rms", "origin-median", "drop-worst", "raw")


def member_rms(y: np.ndarray, backtest: list[Any], grid: np.ndarray) -> dict[str, float]:
    """Each member's RMS of e / h^beta over its past medians (nan: none)."""
    c = cal.log_offset(y)
    middle = int(np.argmin(np.abs(grid - 0.5)))
    z: dict[str, list[np.ndarray]] = {}
    for b in backtest:
        truth = y[b.position + 1 : b.position + 1 + b.ahead]
        h = np.arange(1.0, b.ahead + 1)
        for name, found in b.found.items():
            e = cal.log_errors(truth, found.quantiles[:, middle], c)
            z.setdefault(name, []).append(e / h**cal.BETA)
    return {name: float(np.sqrt(np.mean(np.concatenate(v) ** 2))) for name, v in z.items()}


def scale_of(how: str, h: np.ndarray, e: np.ndarray) -> float:
    """The widening's scale s from the past errors (origins start where h == 1)."""
    z2 = (e / h**cal.BETA) ** 2
    origin = np.cumsum(h == 1.0)
    per = np.array([np.sqrt(np.mean(z2[origin == o])) for o in np.unique(origin)])
    if how == "origin-median":
        return float(np.median(per))
    if how == "drop-worst" and per.size >= 3:
        keep = origin != np.unique(origin)[int(np.argmax(per))]
        return float(np.sqrt(np.mean(z2[keep])))
    return float(np.sqrt(np.mean(z2)))


def run_case(
    suite: str, key: str, every: int, data: Path, scales: tuple[str, ...] = SCALES
) -> list[dict[str, Any]]:
    warnings.simplefilter("ignore")
    cases = SUITES[suite].load(data)
    case = next(c for c in cases if c.key == key)
    config = SUITES[suite].settings
    t, y = series_of(suite, case)
    options = Options(config.cumulative, config.errors, N_BOOT, 1, stock=config.stock)
    grid = dense_grid(HUB_QUANTILES)
    grid_array = np.asarray(grid)
    rows: list[dict[str, Any]] = []
    for position, extra in origins_of(suite, case, cases)[::every]:
        start = 0 if config.window is None else max(0, position + 1 - config.window)
        train_t, train_y = t[start : position + 1], y[start : position + 1]
        step = float(np.median(np.diff(t)))
        times = t[position] + step * np.arange(1, config.horizon + 1)
        truth = y[position + 1 : position + 1 + config.horizon]
        base = {"case": key, "position": position, **extra}
        table = naive(train_t, train_y, config.horizon, HUB_QUANTILES,
                      cumulative=config.cumulative, rng=0)  # fmt: skip
        rows += score(base, "naive", table[quantile_columns()].to_numpy(), truth)
        rng = np.random.default_rng(position)
        backtest = _backtest(train_t, train_y, config.horizon, DEFAULT_MEMBERS, options,
                             np.random.default_rng(int(rng.integers(2**63))), None)  # fmt: skip
        found = {}
        for name, child in zip(DEFAULT_MEMBERS, rng.spawn(len(DEFAULT_MEMBERS)), strict=True):
            out = run_member(name, train_t, train_y, times, grid, options, child)
            if isinstance(out, MemberForecast):
                found[name] = out
        if not found:
            continue
        rms = member_rms(train_y, backtest, grid_array)
        best = min((v for v in rms.values() if np.isfinite(v)), default=np.nan)
        rules = {"all": set(found)}
        for k in RUNAWAY_K:
            rules[f"runaway{k:g}"] = {n for n in found if not rms.get(n, 0.0) > k * best}
        for a in RUNAWAY_ABS:
            rules[f"above{a:g}"] = {n for n in found if not rms.get(n, 0.0) > a}
        for name, value in rms.items():
            rows.append({**base, "method": f"r {name}", "horizon": 0, "wis": value,
                         "cov50": np.nan, "cov95": np.nan})  # fmt: skip
        for rule, kept in rules.items():
            names = [n for n in found if n in kept] or list(found)
            weights = {n: 1.0 / len(names) for n in names}
            w = np.array([weights[n] for n in names])
            quantiles = np.stack([found[n].quantiles for n in names])
            means = np.stack([found[n].mean for n in names])
            _, median, q = combine(w, grid_array, quantiles, means, LEVELS, "median")
            h, e = _past_errors(train_y, backtest, weights, "median")
            for how in scales:
                widened = q
                if how != "raw" and e.size >= 2:
                    floor = float(train_y[-1]) if config.cumulative else 0.0
                    widened = cal.widen(median, q, LEVELS, scale_of(how, h, e), e.size,
                                        cal.log_offset(train_y), floor=floor)  # fmt: skip
                rows += score(base, f"{rule} {how}", widened, truth)
    return rows


def report(suite: str, scores: pd.DataFrame) -> None:
    reference = "hub-baseline" if suite == "europe-hub" else "naive"
    keys = ["case", "forecast_date" if suite == "europe-hub" else "position", "horizon"]
    if suite == "europe-hub":
        scores = scores.assign(target=scores["case"].str.rsplit("-", n=1).str[-1])
    spread = scores[scores["method"].str.startswith("r ")]
    if len(spread):  # the members' past RMS log errors r_m, by member
        print(f"\n## {suite}: r_m quantiles (10/50/90/99%) over origins")
        print(spread.groupby("method")["wis"].quantile([0.1, 0.5, 0.9, 0.99]).unstack()
              .to_string(float_format=lambda v: f"{v:.2f}"))  # fmt: skip
    scores = scores[~scores["method"].str.startswith("r ")]
    groups = list(scores.groupby("target")) if suite == "europe-hub" else [("all", scores)]
    for label, part in groups:
        wide = part.pivot_table(index=keys, columns="method", values="wis", aggfunc="first")
        wide = wide.dropna()
        lines = []
        for method in wide.columns:
            mine = part.set_index(keys).loc[wide.index]
            mine = mine[mine["method"] == method]
            line = {"method": method, "n": len(wide),
                    f"wis/{reference}": wide[method].mean() / wide[reference].mean(),
                    "cov50": mine["cov50"].mean(), "cov95": mine["cov95"].mean()}  # fmt: skip
            if suite != "europe-hub":  # scale-free: each series' ratio, then averaged
                by_case = wide.groupby(level="case")
                ratio = by_case[method].mean() / by_case[reference].mean()
                line["mean series ratio"] = float(ratio.mean())
                line["geo-mean series ratio"] = float(np.exp(np.log(ratio).mean()))
            lines.append(line)
        table = pd.DataFrame(lines).sort_values(f"wis/{reference}")
        print(f"\n## {suite} ({label}), development data, common forecasts")
        print(table.to_string(index=False, float_format=lambda v: f"{v:.3f}"), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suites", nargs="+", default=["outbreaks", "europe-hub"])
    parser.add_argument("--limit", type=int, default=None, help="first N cases per suite")
    parser.add_argument("--every", type=int, default=1, help="every k-th origin")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--data", default=None, help="data folder (default ../shared/data)")
    parser.add_argument("--scales", nargs="+", default=list(SCALES), choices=SCALES)
    args = parser.parse_args()
    data = Path(args.data) if args.data else default_data_dir()
    assert data is not None, "no data folder: pass --data"
    for suite in args.suites:
        cases = SUITES[suite].load(data)
        chosen = [c.key for c in cases if origins_of(suite, c, cases)][: args.limit]
        with process_pool(args.workers) as pool:
            parts = list(pool.map(run_case, [suite] * len(chosen), chosen,
                                  [args.every] * len(chosen), [data] * len(chosen),
                                  [tuple(args.scales)] * len(chosen)))  # fmt: skip
        scores = pd.DataFrame([row for part in parts for row in part])
        if suite == "europe-hub":
            scores = pd.concat([scores, hub_rows(chosen, data)], ignore_index=True)
        report(suite, scores)


if __name__ == "__main__":
    main()
