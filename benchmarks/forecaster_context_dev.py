"""How much history the Transformer should read on the European hub: chosen on dev countries.

Run from the repository root, under the shared lock:

    flock /tmp/scalinglaws-heavy.lock .venv/bin/python benchmarks/forecaster_context_dev.py \
        --data ../shared/data --countries 11 --workers 2

The europe-hub suite's first 10 countries (AT..ES, the first 20 cases of
``scalinglaws bench europe-hub --limit 20``) are the test split that issue 13's
scores are reported on; this script uses only the countries after them (the
next ``--countries``), weekly cases, at the hub's own origins. Each context rule
is a method that reads the whole history after the last negative week
(``since_last_negative``) and keeps its last ``weeks`` points (``whole``: all of
them). Prints each rule's relative WIS against the hub baseline on the
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

RULES = {"whole": None, "last52": 52, "last26": 26, "last8": 8}
TEST_CASES = 20  # the first 20 cases (10 countries x cases, deaths) are the test split


def _last(weeks: int | None, settings: object) -> object:
    def run(
        t: np.ndarray, y: np.ndarray, horizon: int, quantiles: Sequence[float], *, rng: RandomLike
    ) -> pd.DataFrame:
        t, y = since_last_negative(np.asarray(t, float), np.asarray(y, float))
        if weeks is not None:
            t, y = t[-weeks:], y[-weeks:]
        return transformer(t, y, horizon, quantiles, rng=rng)

    return run


def _register() -> None:
    for name, weeks in RULES.items():
        register_forecaster(
            f"transformer-{name}", functools.partial(_last, weeks), whole_history=True
        )


def _score(key: str, method: str, data: str) -> pd.DataFrame:
    _register()
    case = next(c for c in SUITE.load(Path(data)) if c.key == key)
    return SUITE.run(case, method, Path(data))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default="../shared/data")
    parser.add_argument("--countries", type=int, default=11)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    cases = [c for c in SUITE.load(Path(args.data))[TEST_CASES:] if c.data["target"] == "inc case"]
    keys = [c.key for c in cases[: args.countries]]
    methods = ["hub-baseline", *(f"transformer-{name}" for name in RULES)]
    jobs = [(key, method) for key in keys for method in methods]
    with process_pool(args.workers) as pool:
        parts = list(pool.map(_score, *zip(*jobs, strict=True), [args.data] * len(jobs)))
    scores = pd.concat(parts, ignore_index=True)
    scores = scores[scores["status"] == "ok"]
    index = ["location", "forecast_date", "horizon"]
    base = scores[scores["method"] == "hub-baseline"].set_index(index)["wis"]
    print(f"dev countries: {', '.join(k.split('-')[0] for k in keys)}")
    for name in RULES:
        own = scores[scores["method"] == f"transformer-{name}"].set_index(index)
        both = own.join(base.rename("base"), how="inner")
        by_h = both.groupby(level="horizon")
        ratios = (by_h["wis"].mean() / by_h["base"].mean()).round(3).tolist()
        print(
            f"{name:>7}: rel. WIS {both['wis'].mean() / both['base'].mean():.3f} "
            f"(h = 1-4: {ratios}), n {len(both)}, cov50 {own['inside50'].mean():.3f}, "
            f"cov95 {own['inside95'].mean():.3f}"
        )


if __name__ == "__main__":
    main()
