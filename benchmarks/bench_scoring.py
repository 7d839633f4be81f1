"""Scoring speed (issue 11): 100,000 quantile forecasts with the hubs' 23 levels.

Run from the repository root (under the shared lock on a busy machine):

    flock /tmp/scalinglaws-heavy.lock .venv/bin/python benchmarks/bench_scoring.py

Task: 100,000 forecasts, each 23 sorted normal quantiles (seed 0), and their truths.
Timed (median of 5 runs, wall clock around each call): the WIS
(``scoring.weighted_interval_score``, interval form), the same through
``scoringrules.crps_quantile`` (the pinball form, as a peer in the same run), the
exact CRPS of the interpolated distribution (``scoring.crps_quantiles``), the PIT
(``scoring.pit_quantiles``), and ``scoring.score_forecasts`` on the whole table
(WIS, |median - truth|, 50%/95% coverage and PIT per row, with input checks).
The issue's target: scoring 100,000 forecasts in under 1 s.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import numpy as np
import pandas as pd
import scoringrules as sr

from scalinglaws import HUB_QUANTILES, scoring
from scalinglaws.quantiles import quantile_columns

N = 100_000


def _time(call: Callable[[], object], repeats: int = 5) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    rng = np.random.default_rng(0)
    levels = np.array(HUB_QUANTILES)
    q = np.sort(rng.normal(size=(N, 23)), axis=1) * 100 + 1000
    y = rng.normal(size=N) * 120 + 1000
    table = pd.DataFrame(q, columns=quantile_columns())
    table.insert(0, "truth", y)
    table.insert(0, "id", np.arange(N))
    rows = [
        ("WIS (scalinglaws.scoring.weighted_interval_score)",
         lambda: scoring.weighted_interval_score(y, q, levels)),
        ("WIS as 2 x mean pinball (scoringrules.crps_quantile, peer)",
         lambda: sr.crps_quantile(y, q, levels)),
        ("CRPS of the interpolated quantiles (crps_quantiles)",
         lambda: scoring.crps_quantiles(y, q, levels)),
        ("PIT (pit_quantiles)", lambda: scoring.pit_quantiles(y, q, levels)),
        ("score_forecasts (WIS, AE, coverage, PIT, checks)",
         lambda: scoring.score_forecasts(table)),
    ]  # fmt: skip
    print(f"| task ({N:,} forecasts x 23 levels) | seconds (median of 5) |")
    print("| --- | ---: |")
    for name, call in rows:
        print(f"| {name} | {_time(call):.3f} |")


if __name__ == "__main__":
    main()
