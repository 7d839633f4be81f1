"""How much history the Transformer reads, and whether it calibrates, on the European hub.

Chosen on dev countries. Run from the repository root, under the shared lock:

    flock /tmp/scalinglaws-heavy.lock .venv/bin/python benchmarks/forecaster_context_dev.py \
        --data ../shared/data --countries 11 --workers 2

``--rules last8-cal6,last13`` picks rules by name: ``whole`` or ``lastW`` (the
last W weeks), then ``-calK`` to widen the bands by the Transformer's own past
errors from K past origins (``transformer(..., calibrate=K)``). ``--every 2``
keeps every second hub forecast date (the same dates for every rule and the hub
baseline), to keep a run short.

The europe-hub suite's first 10 countries (AT..ES, the first 20 cases of
``scalinglaws bench europe-hub --limit 20``) are the test split that issue 13's
scores are reported on; this script uses only the countries after them (the
next ``--countries``), weekly cases, at the hub's own origins. Each context rule
is a method that reads the whole history after the last negative week
(``since_last_negative``) and keeps its last ``weeks`` points as its context
(``whole``: all of them); a calibrated rule checks itself on the history before
each origin (never after it). Prints each rule's relative WIS against the hub baseline on the
forecasts both made, by horizon, and its 50%/95% coverage.
"""

from __future__ import annotations

import argparse
import functools
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from scalinglaws._pool import process_pool
from scalinglaws.bench.methods import since_last_negative
from scalinglaws.bench.registry import register_forecaster
from scalinglaws.bench.suites.europe_hub import SUITE
from scalinglaws.forecasters import transformer
from scalinglaws.uncertainty import RandomLike

RULES = ("whole", "last52", "last26", "last8")
TEST_CASES = 20  # the first 20 cases (10 countries x cases, deaths) are the test split


def parse_rule(name: str) -> tuple[int | None, int]:
    """``(context, calibrate)`` of a rule name: ``whole`` / ``lastW``, then ``-calK``."""
    head, _, cal = name.partition("-cal")
    weeks = None if head == "whole" else int(head.removeprefix("last"))
    return weeks, int(cal) if cal else 0


def _rule(name: str, settings: object) -> object:
    weeks, calibrate = parse_rule(name)

    def run(
        t: np.ndarray, y: np.ndarray, horizon: int, quantiles: Sequence[float], *, rng: RandomLike
    ) -> pd.DataFrame:
        t, y = since_last_negative(np.asarray(t, float), np.asarray(y, float))
        return transformer(
            t, y, horizon, quantiles, rng=rng, context=weeks, calibrate=calibrate or False
        )

    return run


def _score(key: str, method: str, data: str, every: int) -> pd.DataFrame:
    import torch

    torch.set_num_threads(1)
    if method.startswith("transformer-"):
        name = method.removeprefix("transformer-")
        register_forecaster(method, functools.partial(_rule, name), whole_history=True)
    case = next(c for c in SUITE.load(Path(data)) if c.key == key)
    hub = case.data["hub"]
    dates = np.sort(hub["forecast_date"].unique())[::every]
    case.data["hub"] = hub[hub["forecast_date"].isin(dates)]
    return SUITE.run(case, method, Path(data))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default="../shared/data")
    parser.add_argument("--countries", type=int, default=11)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--every", type=int, default=1, help="keep every k-th forecast date")
    parser.add_argument("--rules", default=",".join(RULES), help="comma-separated rule names")
    args = parser.parse_args()
    rules = [name.strip() for name in args.rules.split(",") if name.strip()]
    cases = [c for c in SUITE.load(Path(args.data))[TEST_CASES:] if c.data["target"] == "inc case"]
    keys = [c.key for c in cases[: args.countries]]
    methods = ["hub-baseline", *(f"transformer-{name}" for name in rules)]
    jobs = [(key, method) for key in keys for method in methods]
    n = len(jobs)
    with process_pool(args.workers) as pool:
        parts = list(pool.map(_score, *zip(*jobs, strict=True), [args.data] * n, [args.every] * n))
    scores = pd.concat(parts, ignore_index=True)
    scores = scores[scores["status"] == "ok"]
    index = ["location", "forecast_date", "horizon"]
    base = scores[scores["method"] == "hub-baseline"].set_index(index)["wis"]
    print(f"dev countries: {', '.join(k.split('-')[0] for k in keys)}; every {args.every}")
    for name in rules:
        own = scores[scores["method"] == f"transformer-{name}"].set_index(index)
        both = own.join(base.rename("base"), how="inner")
        by_h = both.groupby(level="horizon")
        ratios = (by_h["wis"].mean() / by_h["base"].mean()).round(3).tolist()
        print(
            f"{name:>12}: rel. WIS {both['wis'].mean() / both['base'].mean():.3f} "
            f"(h = 1-4: {ratios}), n {len(both)}, cov50 {own['inside50'].mean():.3f}, "
            f"cov95 {own['inside95'].mean():.3f}"
        )


if __name__ == "__main__":
    main()
