"""Speed of ``sl.forecast``: a 28-day ensemble with 23 quantiles, 200 replicates per member.

Run from the repository root, under the shared lock:

    flock /tmp/scalinglaws-heavy.lock .venv/bin/python benchmarks/bench_forecast_speed.py

Issue 12's target: under 5 s on 2 cores. The series are 60 days of negative-binomial
counts (size 20) around one logistic wave (K 20,000, r 0.15 / day, peak at day 45)
and China's cumulative WHO counts of 2020-01-20..02-05 (bundled). Every configuration
of the ensemble is timed (median of ``--repeats`` runs, wall clock around the call
only), with ``workers=1`` and ``workers=2``, and each member alone.
"""

from __future__ import annotations

import argparse
import functools
import os
import platform
import statistics
import time
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

import scalinglaws as sl
from scalinglaws.errors import FitWarning
from scalinglaws.forecast import LAW_MEMBERS


def wave() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    days = np.arange(-1.0, 60.0)
    mu = np.diff(20_000 / (1 + np.exp(-0.15 * (days - 45))))
    return np.arange(60.0), rng.negative_binomial(20, 20 / (20 + mu)).astype(float)


def who() -> tuple[Any, Any]:
    data = sl.load_dataset("epidemics/sarscov2_who_2020").data
    window = data[(data["date"] >= "2020-01-20") & (data["date"] <= "2020-02-05")]
    return window["date"], window["cases_chn"]


def timed(call: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--boot", type=int, default=200)
    args = parser.parse_args()
    warnings.simplefilter("ignore", FitWarning)
    print(f"Machine: {platform.machine()}, {len(os.sched_getaffinity(0))} cores, "
          f"Python {platform.python_version()}, numpy {np.__version__}, "
          f"load average {os.getloadavg()[0]:.2f} at start.")  # fmt: skip
    print("\n| series | configuration | workers | seconds |\n|---|---|---:|---:|")
    series = {"one wave, 60 days, incidence": (wave(), False),
              "WHO China, 17 days, cumulative": (who(), True)}  # fmt: skip
    for label, ((t, y), cumulative) in series.items():
        configs: list[tuple[str, dict[str, Any]]] = [
            ("ensemble (defaults: naive and the Transformer)", {}),
            ("ensemble of the growth laws and naive (the default without torch)",
             {"members": LAW_MEMBERS}),
            ("ensemble, AICc weights (the laws), quantile average",
             {"weighting": "aicc", "combination": "vincent"}),
            ("ensemble, laws and naive, past-WIS weights, mixture",
             {"weighting": "wis", "combination": "mixture", "members": LAW_MEMBERS}),
        ] + [(f"{name} alone", {"method": name})
             for name in (*LAW_MEMBERS, "transformer")]  # fmt: skip
        for name, options in configs:
            for workers in (1, 2) if name.startswith("ensemble") else (1,):
                run = functools.partial(sl.forecast, t, y, 28, cumulative=cumulative,
                                        n_boot=args.boot, workers=workers, **options)  # fmt: skip
                seconds = timed(run, args.repeats)
                print(f"| {label} | {name} | {workers} | {seconds:.2f} |", flush=True)
    print(f"\nload average {os.getloadavg()[0]:.2f} at the end.")


if __name__ == "__main__":
    main()
