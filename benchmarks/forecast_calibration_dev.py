"""Choose the ensemble's members, weights, combination and calibration on development data.

Run from the repository root, under the shared lock:

    flock /tmp/scalinglaws-heavy.lock .venv/bin/python benchmarks/forecast_calibration_dev.py \\
        --suites europe-hub outbreaks --limit 6 --every 2 --workers 2

Development data only (the split of ``forecast_dev.py``: europe-hub forecasts made
before 2022-01-01, the seeded development half of the outbreaks, us-cities censuses up
to 1980). For every development origin and each (members, weighting, combination)
setting the uncalibrated ensemble and the log errors of its own medians from past
origins (:func:`scalinglaws.calibration.past_log_errors`, on the data before
the origin only) are computed once; each calibration (none, or ``beta``) is then
applied offline, with and without the ceiling at the fastest growth seen
(:func:`scalinglaws.calibration.ceiling`, "+cap"), and its mean WIS relative
to the reference (the hub baseline on europe-hub, naive elsewhere) and 50% / 95%
coverage printed.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from forecast_dev import DEV_END, origins_of, series_of  # noqa: E402
from scalinglaws import calibration as cal  # noqa: E402
from scalinglaws._pool import process_pool  # noqa: E402
from scalinglaws.bench import SUITES  # noqa: E402
from scalinglaws.bench.data import default_data_dir  # noqa: E402
from scalinglaws.bench.methods import N_BOOT  # noqa: E402
from scalinglaws.bench.suites import europe_hub  # noqa: E402
from scalinglaws.errors import ScalingLawError  # noqa: E402
from scalinglaws.forecast.backtested import run_backtested  # noqa: E402
from scalinglaws.forecast.members import Options  # noqa: E402
from scalinglaws.forecasters import naive  # noqa: E402
from scalinglaws.quantiles import HUB_QUANTILES, quantile_columns  # noqa: E402
from scalinglaws.scoring import weighted_interval_score  # noqa: E402

LAWS = ("exponential", "logistic", "gompertz", "richards", "ggm")
SETTINGS = {
    "laws-aicc-vincent": (LAWS, "aicc", "vincent"),
    "naive+laws-wis-vincent": ((*LAWS, "naive"), "wis", "vincent"),
    "naive+laws-wis-mixture": ((*LAWS, "naive"), "wis", "mixture"),
    "naive+laws-equal-median": ((*LAWS, "naive"), "equal", "median"),
    "naive+laws-wis-median": ((*LAWS, "naive"), "wis", "median"),
    "naive+sigmoid-equal-median": (
        ("logistic", "gompertz", "richards", "ggm", "naive"),
        "equal",
        "median",
    ),
}
BETAS = (0.5, 0.75, 1.0)
LEVELS = np.asarray(HUB_QUANTILES)


@dataclass(frozen=True)
class DevOrigin:
    """One development origin: what the forecasters are given and what followed."""

    base: dict[str, Any]  # case, position and the suite's keys (forecast_date)
    position: int
    train_t: np.ndarray
    train_y: np.ndarray
    times: np.ndarray
    truth: np.ndarray


def dev_origins(
    suite: str, key: str, every: int, data: Path
) -> tuple[Any, Options, list[DevOrigin], list[dict[str, Any]]]:
    """The suite's settings, the members' options, every k-th origin, naive's scores."""
    warnings.simplefilter("ignore")
    cases = SUITES[suite].load(data)
    case = next(c for c in cases if c.key == key)
    config = SUITES[suite].settings
    t, y = series_of(suite, case)
    options = Options(config.cumulative, config.errors, N_BOOT, 1, stock=config.stock)
    found, rows = [], []
    for position, extra in origins_of(suite, case, cases)[::every]:
        start = 0 if config.window is None else max(0, position + 1 - config.window)
        step = float(np.median(np.diff(t)))
        origin = DevOrigin({"case": key, "position": position, **extra}, position,
                           t[start : position + 1], y[start : position + 1],
                           t[position] + step * np.arange(1, config.horizon + 1),
                           y[position + 1 : position + 1 + config.horizon])  # fmt: skip
        table = naive(origin.train_t, origin.train_y, config.horizon, HUB_QUANTILES,
                      cumulative=config.cumulative, rng=0)  # fmt: skip
        rows += score(origin.base, "naive", table[quantile_columns()].to_numpy(), origin.truth)
        found.append(origin)
    return config, options, found, rows


def run_case(
    suite: str, key: str, every: int, settings: list[str], data: Path
) -> list[dict[str, Any]]:
    config, options, origins, rows = dev_origins(suite, key, every, data)
    for origin in origins:
        base, position, truth = origin.base, origin.position, origin.truth
        train_t, train_y, times = origin.train_t, origin.train_y, origin.times
        for label in settings:
            members, weighting, combination = SETTINGS[label]
            rng = np.random.default_rng(position)
            try:
                out, h, e = run_backtested(train_t, train_y, times, tuple(HUB_QUANTILES), options,
                                           rng, members=members, weighting=weighting,
                                           combination=combination, fallback="naive",
                                           window=None)  # fmt: skip
            except ScalingLawError:
                continue
            cap = cal.ceiling(train_y, config.horizon, cal.log_offset(train_y))[:, None]
            rows += score(base, f"{label} raw", out.quantiles, truth)
            rows += score(base, f"{label} raw+cap", np.minimum(out.quantiles, cap), truth)
            floor = float(train_y[-1]) if config.cumulative else 0.0
            for beta in BETAS:
                q = out.quantiles
                if e.size >= 2:
                    q = cal.widen(out.median, q, LEVELS, cal.error_scale(h, e, beta), e.size,
                                  cal.log_offset(train_y), beta=beta, floor=floor)  # fmt: skip
                rows += score(base, f"{label} beta={beta}", q, truth)
                rows += score(base, f"{label} beta={beta}+cap", np.minimum(q, cap), truth)
    return rows


def score(base: dict[str, Any], method: str, q: np.ndarray, truth: np.ndarray) -> list[dict]:
    out = []
    for h, value in enumerate(truth, start=1):
        qh = q[h - 1]
        out.append(
            {
                **base,
                "method": method,
                "horizon": h,
                "wis": float(weighted_interval_score([value], qh[None, :], LEVELS)[0]),
                "cov50": float(qh[LEVELS == 0.25][0] <= value <= qh[LEVELS == 0.75][0]),
                "cov95": float(qh[LEVELS == 0.025][0] <= value <= qh[LEVELS == 0.975][0]),
            }
        )
    return out


def hub_rows(keys: list[str], data: Path) -> pd.DataFrame:
    cases = {case.key: case for case in SUITES["europe-hub"].load(data)}
    frames = []
    for key in keys:
        scored = europe_hub.SUITE.run(cases[key], "hub-baseline", data)
        scored = scored[scored["forecast_date"] < DEV_END]
        frames.append(pd.DataFrame({"case": key, "forecast_date": scored["forecast_date"],
                                    "method": "hub-baseline", "horizon": scored["horizon"],
                                    "wis": scored["wis"], "cov50": scored["inside50"],
                                    "cov95": scored["inside95"]}))  # fmt: skip
    return pd.concat(frames, ignore_index=True)


def report(suite: str, scores: pd.DataFrame) -> None:
    reference = "hub-baseline" if suite == "europe-hub" else "naive"
    keys = ["case", "forecast_date" if suite == "europe-hub" else "position", "horizon"]
    if suite == "europe-hub":
        scores = scores.assign(target=scores["case"].str.rsplit("-", n=1).str[-1])
        groups = list(scores.groupby("target"))
    else:
        groups = [("all", scores)]
    for label, part in groups:
        wide = part.pivot_table(index=keys, columns="method", values="wis", aggfunc="first")
        wide = wide.dropna()
        lines = []
        for method in wide.columns:
            mine = part.set_index(keys).loc[wide.index]
            mine = mine[mine["method"] == method]
            ratio = wide[method].mean() / wide[reference].mean()
            cover = {name: mine[name].mean() for name in ("cov50", "cov95")}
            line = {"method": method, "n": len(wide), f"wis/{reference}": ratio, **cover}
            if suite != "europe-hub":  # scale-free: each series' ratio, then averaged
                by_case = wide.groupby(level="case")
                each = by_case[method].mean() / by_case[reference].mean()
                line["mean series ratio"] = float(each.mean())
                line["geo-mean series ratio"] = float(np.exp(np.log(each).mean()))
            lines.append(line)
        table = pd.DataFrame(lines).sort_values(f"wis/{reference}")
        print(f"\n## {suite} ({label}), development data, common forecasts")
        print(table.to_string(index=False, float_format=lambda v: f"{v:.3f}"), flush=True)


def parser_with(description: str, suites: list[str]) -> argparse.ArgumentParser:
    """The options every development script of the calibration shares."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--suites", nargs="+", default=suites)
    parser.add_argument("--limit", type=int, default=None, help="first N cases per suite")
    parser.add_argument("--every", type=int, default=1, help="every k-th origin")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--data", default=None, help="data folder (default ../shared/data)")
    return parser


def run_suites(args: argparse.Namespace, run: Any, extra: Any, show: Any = None) -> None:
    """``run(suite, key, every, extra, data)`` on each chosen case; each suite's report."""
    data = Path(args.data) if args.data else default_data_dir()
    assert data is not None, "no data folder: pass --data"
    for suite in args.suites:
        cases = SUITES[suite].load(data)
        chosen = [c.key for c in cases if origins_of(suite, c, cases)][: args.limit]
        with process_pool(args.workers) as pool:
            parts = list(pool.map(run, [suite] * len(chosen), chosen,
                                  [args.every] * len(chosen), [extra] * len(chosen),
                                  [data] * len(chosen)))  # fmt: skip
        scores = pd.DataFrame([row for part in parts for row in part])
        if suite == "europe-hub":
            scores = pd.concat([scores, hub_rows(chosen, data)], ignore_index=True)
        (show or report)(suite, scores)


def main() -> None:
    parser = parser_with(__doc__.splitlines()[0], ["europe-hub", "outbreaks"])
    parser.add_argument("--settings", nargs="+", default=list(SETTINGS))
    args = parser.parse_args()
    run_suites(args, run_case, args.settings)


if __name__ == "__main__":
    main()
