"""The Transformer as an ensemble member, past-WIS weights, and ended outbreaks: on dev data.

Run from the repository root, under the shared lock:

    flock /tmp/scalinglaws-heavy.lock .venv/bin/python benchmarks/forecast_members_dev.py \\
        --suites europe-hub --every 8 --workers 2 --data /work/shared/data

Development data only, never the splits the issue's figures are reported on:

* ``europe-hub``: the 11 countries after the first 10 (FI, FR, GB, GR, HR, HU, IE, IS,
  IT, LI, LT; cases and deaths), every forecast date of the hub (2021-03 to 2023-03),
  subsampled with ``--every``. The first 10 countries (AT..ES) are the test split of
  issues 12 and 13 (``bench_forecast.py --limit 6`` scores AT, BE, BG from 2022 on);
  these are the dev countries of ``forecaster_context_dev.py``.
* ``outbreaks``: the seeded development half (``forecast_dev.outbreak_split``), the first
  ``--limit`` series, every ``--every``-th origin.
* ``us-cities``: censuses forecast up to 1980 (``forecast_dev.LAST_DEV_CENSUS``), the
  first ``--limit`` places.

At every origin each member (the default members and the Transformer) forecasts once,
and the calibration's backtest (:func:`scalinglaws.forecast.backtested._backtest`, the
members refitted at the last origins before it) runs once, with every member; each
candidate is computed from those same forecasts exactly as ``run_calibrated`` does:
runaway members left out (:data:`scalinglaws.calibration.RUNAWAY`), weights
(``equal``, or ``wis``: inverse past WIS over the backtest), the weighted median, and
the bands widened by the candidate's own past medians' errors. The members:

* ``laws+naive`` (the default), ``laws+naive+tf`` (with the Transformer),
  ``naive+tf`` and ``tf`` (the Transformer alone, calibrated);

and ``+ended``: the ended-outbreak rule of :func:`cal_ended` (``--ended``).

Printed per suite (and target): mean WIS relative to the reference (hub baseline /
naive) on the forecasts every candidate made, 50% / 95% coverage, and for outbreaks
and us-cities the mean and geometric mean over series of each series' WIS ratio to
naive. Also the seconds each member took per origin (forecast + backtest).
"""

from __future__ import annotations

import os
import sys
import time
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from forecast_calibration_dev import DevOrigin, parser_with, report, score  # noqa: E402
from forecast_dev import hub_origins, origins_of, series_of  # noqa: E402
from scalinglaws import calibration as cal  # noqa: E402
from scalinglaws._pool import process_pool  # noqa: E402
from scalinglaws.bench import SUITES  # noqa: E402
from scalinglaws.bench.data import default_data_dir  # noqa: E402
from scalinglaws.bench.methods import N_BOOT  # noqa: E402
from scalinglaws.bench.suites import europe_hub  # noqa: E402
from scalinglaws.forecast.backtested import (  # noqa: E402
    _Past,
    _past_errors,
    _past_scores,
    _runaways,
)
from scalinglaws.forecast.combine import combine, inverse_score_weights  # noqa: E402
from scalinglaws.forecast.ensemble import DEFAULT_MEMBERS, dense_grid, run_member  # noqa: E402
from scalinglaws.forecast.members import MemberForecast, Options  # noqa: E402
from scalinglaws.forecasters import naive  # noqa: E402
from scalinglaws.quantiles import HUB_QUANTILES, quantile_columns  # noqa: E402

LEVELS = np.asarray(HUB_QUANTILES)
LAWS = tuple(name for name in DEFAULT_MEMBERS if name != "naive")
EVERY = (*DEFAULT_MEMBERS, "transformer")
SETS = {
    "laws+naive": DEFAULT_MEMBERS,
    "laws+naive+tf": EVERY,
    "naive+tf": ("naive", "transformer"),
    "tf": ("transformer",),
}
DEV_COUNTRIES = slice(20, 42)  # FI..LT, cases and deaths: after the 20 test cases


def _europe_origins(case: Any, every: int) -> list[tuple[int, dict[str, Any]]]:
    return hub_origins(case, np.unique(case.data["hub"]["forecast_date"].to_numpy())[::every])


def _origins(suite: str, key: str, every: int, data: Path) -> tuple[Any, Options, list[DevOrigin]]:
    cases = SUITES[suite].load(data)
    case = next(c for c in cases if c.key == key)
    config = SUITES[suite].settings
    t, y = series_of(suite, case)
    options = Options(config.cumulative, config.errors, N_BOOT, 1, stock=config.stock)
    chosen = (
        _europe_origins(case, every)
        if suite == "europe-hub"
        else origins_of(suite, case, cases)[::every]
    )
    step = float(np.median(np.diff(t)))
    found = []
    for position, extra in chosen:
        start = 0 if config.window is None else max(0, position + 1 - config.window)
        found.append(DevOrigin({"case": key, "position": position, **extra}, position,
                               t[start : position + 1], y[start : position + 1],
                               t[position] + step * np.arange(1, config.horizon + 1),
                               y[position + 1 : position + 1 + config.horizon]))  # fmt: skip
    return config, options, found


def _weights(rule: str, names: Sequence[str], past: dict[str, float]) -> dict[str, float]:
    if rule == "block":  # the laws together weigh as much as each other member
        laws = [n for n in names if n in LAWS]
        voices = len(names) - len(laws) + (1 if laws else 0)
        return {n: (1.0 / voices / len(laws) if n in laws else 1.0 / voices) for n in names}
    if rule == "wis":
        scores = np.array([past.get(n, np.nan) for n in names])
        if np.isfinite(scores).any():
            return dict(zip(names, inverse_score_weights(scores), strict=True))
    return {n: 1.0 / len(names) for n in names}


def candidate(
    names: Sequence[str],
    rule: str,
    found: dict[str, MemberForecast],
    backtest: list[_Past],
    y: np.ndarray,
    floor: float,
) -> tuple[np.ndarray, np.ndarray] | None:
    """(median, calibrated quantiles) of one candidate, as ``run_calibrated`` computes them."""
    grid = np.asarray(dense_grid(HUB_QUANTILES))
    names = [n for n in names if n in found]
    if not names:
        return None
    past = dict(zip(names, _past_scores(y, backtest, names), strict=True))
    weights = _weights(rule, names, past)
    ran = _runaways(y, backtest, names)
    rest = {n: (0.0 if n in ran else w) for n, w in weights.items()}
    if sum(rest.values()) > 0:
        weights = {n: w / sum(rest.values()) for n, w in rest.items()}
    used = [n for n in names if weights[n] > 0]
    w = np.array([weights[n] for n in used])
    stacked = np.stack([found[n].quantiles for n in used])
    means = np.stack([found[n].mean for n in used])
    _, median, q = combine(w, grid, stacked, means, LEVELS, "median")
    backtest = [_Past(b.position, b.ahead, {n: f for n, f in b.found.items() if n in names})
                for b in backtest]  # fmt: skip
    h, e = _past_errors(y, backtest, weights, "median")
    if e.size >= 2:
        q = cal.widen(median, q, LEVELS, cal.error_scale(h, e), e.size, cal.log_offset(y),
                      floor=floor)  # fmt: skip
    return median, q


def run_case(suite: str, key: str, every: int, ended: bool, data: Path) -> list[dict[str, Any]]:
    warnings.simplefilter("ignore")
    import torch

    torch.set_num_threads(1)
    config, options, origins = _origins(suite, key, every, data)
    grid = dense_grid(HUB_QUANTILES)
    rows: list[dict[str, Any]] = []
    for origin in origins:
        base, truth = origin.base, origin.truth
        train_t, train_y, times = origin.train_t, origin.train_y, origin.times
        if np.any(train_y < 0):  # sl.forecast refuses negative counts: the bench's failures
            continue
        table = naive(train_t, train_y, config.horizon, HUB_QUANTILES,
                      cumulative=config.cumulative, rng=0)  # fmt: skip
        rows += score(base, "naive", table[quantile_columns()].to_numpy(), truth)
        rng = np.random.default_rng(origin.position)
        separate = np.random.default_rng(int(rng.integers(2**63)))
        found: dict[str, MemberForecast] = {}
        backtest = [_Past(p, a, {}) for _, p, a in
                    cal.past_origins(train_y.size, config.horizon)]  # fmt: skip
        origins_rng = separate.spawn(len(backtest))
        per_origin = [g.spawn(len(EVERY)) for g in origins_rng]
        for i, (name, child) in enumerate(zip(EVERY, rng.spawn(len(EVERY)), strict=True)):
            began = time.perf_counter()
            out = run_member(name, train_t, train_y, times, grid, options, child)
            if isinstance(out, MemberForecast):
                found[name] = out
            past = type(options)(**{**options.__dict__, "n_boot": 10})
            for b, gens in zip(backtest, per_origin, strict=True):
                at = train_t[b.position + 1 : b.position + 1 + b.ahead]
                got = run_member(name, train_t[: b.position + 1], train_y[: b.position + 1],
                                 at, grid, past, gens[i])  # fmt: skip
                if isinstance(got, MemberForecast):
                    b.found[name] = got
            spent = time.perf_counter() - began
            rows.append({**base, "method": f"s {name}", "horizon": 0, "wis": spent,
                         "cov50": np.nan, "cov95": np.nan})  # fmt: skip
        floor = float(train_y[-1]) if config.cumulative else 0.0
        for label, names in SETS.items():
            rules = ("equal", "wis", "block") if "naive" in names and len(names) > 2 else (
                ("equal", "wis") if len(names) > 1 else ("equal",))  # fmt: skip
            for rule in rules:
                made = _finite(candidate(names, rule, found, backtest, train_y, floor),
                               f"{key} {origin.position} {label} {rule}")  # fmt: skip
                if made is not None:
                    rows += score(base, f"{label} {rule}", made[1], truth)
                if ended and made is not None and len(names) > 1:
                    kept = cal_ended(names, found, train_y, config.cumulative)
                    made = _finite(candidate(kept, rule, found, backtest, train_y, floor),
                                   f"{key} {origin.position} {label} {rule} +ended")  # fmt: skip
                    if made is not None:
                        rows += score(base, f"{label} {rule} +ended", made[1], truth)
    return rows


def _finite(made: tuple[np.ndarray, np.ndarray] | None, where: str) -> Any:
    """The candidate, or None (said on stderr) when a quantile is not finite."""
    if made is not None and not np.isfinite(made[1]).all():
        print(f"non-finite quantiles: {where}", file=sys.stderr, flush=True)
        return None
    return made


#: The ended-outbreak rule's settings, fixed before it was scored: the last RECENT
#: increments all at most ENDED_SHARE of the largest one, which came before them.
RECENT, ENDED_SHARE = 3, 0.1


def outbreak_ended(increments: np.ndarray) -> bool:
    """Whether the last RECENT increments are all <= ENDED_SHARE x the peak before them."""
    if increments.size <= RECENT or increments.max() <= 0:
        return False
    peak = float(increments.max())
    before = int(np.argmax(increments)) < increments.size - RECENT
    return before and bool(np.all(increments[-RECENT:] <= ENDED_SHARE * peak))


def cal_ended(
    names: Sequence[str], found: dict[str, MemberForecast], y: np.ndarray, cumulative: bool
) -> list[str]:
    """The members kept by the ended-outbreak rule (all of them if it does not apply).

    When the outbreak has ended (:func:`outbreak_ended` of the increments: y itself for
    incidence, its differences for a running total), a member whose median increment
    at some step rises above the largest of the last RECENT increments is left out
    (it keeps rising where the data stopped); naive never is.
    """
    increments = np.diff(y) if cumulative else y
    if not outbreak_ended(increments):
        return list(names)
    middle = int(np.argmin(np.abs(np.asarray(dense_grid(HUB_QUANTILES)) - 0.5)))
    recent = float(increments[-RECENT:].max())
    kept = []
    for n in names:
        if n not in found:
            continue
        median = found[n].quantiles[:, middle]
        ahead = np.diff(np.concatenate([[y[-1]], median])) if cumulative else median
        if not np.any(ahead > recent):
            kept.append(n)
    return kept or list(names)


def show(suite: str, scores: pd.DataFrame) -> None:
    seconds = scores[scores["method"].str.startswith("s ")]
    print(f"\n## {suite}: seconds per origin, each member (its forecast and its backtest)")
    print(seconds.groupby("method")["wis"].describe()[["count", "mean", "50%", "max"]]
          .to_string(float_format=lambda v: f"{v:.3f}"))  # fmt: skip
    report(suite, scores[~scores["method"].str.startswith("s ")])


def main() -> None:
    parser = parser_with(__doc__.splitlines()[0], ["europe-hub", "outbreaks", "us-cities"])
    parser.add_argument("--ended", action="store_true", help="also score the ended rule")
    args = parser.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    data = Path(args.data) if args.data else default_data_dir()
    assert data is not None, "no data folder: pass --data"
    for suite in args.suites:
        cases = SUITES[suite].load(data)
        if suite == "europe-hub":
            chosen = [c.key for c in cases[DEV_COUNTRIES]][: args.limit]
        else:
            chosen = [c.key for c in cases if origins_of(suite, c, cases)][: args.limit]
        began = time.perf_counter()
        with process_pool(args.workers) as pool:
            parts = list(pool.map(run_case, [suite] * len(chosen), chosen,
                                  [args.every] * len(chosen), [args.ended] * len(chosen),
                                  [data] * len(chosen)))  # fmt: skip
        scores = pd.DataFrame([row for part in parts for row in part])
        if suite == "europe-hub":
            scores = pd.concat([scores, _hub_rows(chosen, data)], ignore_index=True)
            kept = scores[scores["method"] != "hub-baseline"][["case", "forecast_date"]]
            scores = scores.merge(kept.drop_duplicates(), on=["case", "forecast_date"])
        print(f"\n{suite}: {len(chosen)} cases, {time.perf_counter() - began:.0f} s wall")
        show(suite, scores)


def _hub_rows(keys: list[str], data: Path) -> pd.DataFrame:
    cases = {case.key: case for case in SUITES["europe-hub"].load(data)}
    frames = []
    for key in keys:
        scored = europe_hub.SUITE.run(cases[key], "hub-baseline", data)
        frames.append(pd.DataFrame({"case": key, "forecast_date": scored["forecast_date"],
                                    "method": "hub-baseline", "horizon": scored["horizon"],
                                    "wis": scored["wis"], "cov50": scored["inside50"],
                                    "cov95": scored["inside95"]}))  # fmt: skip
    return pd.concat(frames, ignore_index=True)


if __name__ == "__main__":
    main()
