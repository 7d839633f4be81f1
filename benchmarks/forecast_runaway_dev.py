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
* **scale** of the widening (:func:`scalinglaws.calibration.widen`): ``rms``
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

import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from forecast_calibration_dev import dev_origins, parser_with, run_suites, score  # noqa: E402
from forecast_calibration_dev import report as calibration_report  # noqa: E402
from scalinglaws import calibration as cal  # noqa: E402
from scalinglaws.forecast.backtested import _backtest, _past_errors  # noqa: E402
from scalinglaws.forecast.combine import combine  # noqa: E402
from scalinglaws.forecast.ensemble import DEFAULT_MEMBERS, dense_grid, run_member  # noqa: E402
from scalinglaws.forecast.members import MemberForecast  # noqa: E402
from scalinglaws.quantiles import HUB_QUANTILES  # noqa: E402

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
    suite: str, key: str, every: int, scales: tuple[str, ...], data: Path
) -> list[dict[str, Any]]:
    config, options, origins, rows = dev_origins(suite, key, every, data)
    grid = dense_grid(HUB_QUANTILES)
    grid_array = np.asarray(grid)
    for origin in origins:
        base, position, truth = origin.base, origin.position, origin.truth
        train_t, train_y, times = origin.train_t, origin.train_y, origin.times
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
    """The members' r_m by quantile over origins, then the candidates' table."""
    spread = scores[scores["method"].str.startswith("r ")]
    if len(spread):
        print(f"\n## {suite}: r_m quantiles (10/50/90/99%) over origins")
        table = spread.groupby("method")["wis"].quantile([0.1, 0.5, 0.9, 0.99]).unstack()
        print(table.to_string(float_format=lambda v: f"{v:.2f}"))
    calibration_report(suite, scores[~scores["method"].str.startswith("r ")])


def main() -> None:
    parser = parser_with(__doc__.splitlines()[0], ["outbreaks", "europe-hub"])
    parser.add_argument("--scales", nargs="+", default=list(SCALES), choices=SCALES)
    args = parser.parse_args()
    run_suites(args, run_case, tuple(args.scales), report)


if __name__ == "__main__":
    main()
