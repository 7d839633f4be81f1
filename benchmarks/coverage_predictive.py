"""Calibration of predictive intervals on simulated series with known truth (issue 11).

Run from the repository root (it takes a few minutes; run it under the shared lock):

    flock /tmp/scalinglaws-heavy.lock .venv/bin/python benchmarks/coverage_predictive.py
    .venv/bin/python benchmarks/coverage_predictive.py --series 100 --neural 40  # quicker

For each case, every seeded series is simulated from a correctly specified model,
fitted, and its next observation (not used in the fit) is checked against the
central 50% and 95% predictive intervals from ``predict_quantiles``. The cases and
their simulators live in ``tests/calibration.py`` (shared with the suite's smaller
test). Target: every empirical coverage within +-5 points of nominal over 500 series.
The table is also written to ``benchmarks/out/coverage.md`` (gitignored).
"""

from __future__ import annotations

import argparse
import functools
import platform
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import scalinglaws as sl  # noqa: E402
from tests.calibration import (  # noqa: E402
    NOMINAL,
    Trial,
    coverage,
    logistic_poisson,
    power_lognormal,
    power_offset_huber,
)


def cases(series: int, neural: int) -> list[tuple[str, Trial, int]]:
    return [
        (
            "growth: logistic, Poisson counts, `errors='poisson'`, 1 day ahead",
            functools.partial(logistic_poisson, horizon=1),
            series,
        ),
        (
            "growth: logistic, Poisson counts, `errors='poisson'`, 3 days ahead",
            logistic_poisson,
            series,
        ),
        (
            "growth: logistic, Poisson counts, `errors='poisson'`, 7 days ahead",
            functools.partial(logistic_poisson, horizon=7),
            series,
        ),
        (
            "relation: power law, log-normal errors, `ols_log`, analytic (t)",
            power_lognormal,
            series,
        ),
        (
            "relation: power law, log-normal errors, `ols_log`, pairs bootstrap (200)",
            functools.partial(power_lognormal, method="bootstrap"),
            series,
        ),
        (
            "neural: L = E + A/D^alpha, log-normal scatter, Huber, analytic",
            power_offset_huber,
            neural,
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--series", type=int, default=500, help="series per growth/relation case")
    parser.add_argument("--neural", type=int, default=500, help="series for the neural case")
    args = parser.parse_args()
    lines = [
        f"Machine: {platform.machine()}, Python {platform.python_version()}, scalinglaws "
        f"{sl.__version__}. Command: `.venv/bin/python benchmarks/coverage_predictive.py"
        + (f" --series {args.series}" if args.series != 500 else "")
        + (f" --neural {args.neural}" if args.neural != 500 else "")
        + "`. Seeds 0..S-1; one new observation per series.",
        "",
        "| case | series | 50% coverage | 95% coverage | within +-5 points | time (s) |",
        "|---|---:|---:|---:|:---:|---:|",
    ]
    for name, trial, count in cases(args.series, args.neural):
        if count <= 0:
            continue
        start = time.perf_counter()
        found = coverage(trial, range(count))
        seconds = time.perf_counter() - start
        ok = all(abs(found[k] - nominal) <= 0.05 + 1e-9 for k, (_, _, nominal) in NOMINAL.items())
        se = {k: np.sqrt(p * (1 - p) / count) for k, (_, _, p) in NOMINAL.items()}
        lines.append(
            f"| {name} | {count} | {found['50%']:.3f} (±{se['50%']:.3f}) | "
            f"{found['95%']:.3f} (±{se['95%']:.3f}) | {'yes' if ok else 'no'} | {seconds:.1f} |"
        )
        print(lines[-1], flush=True)
    lines += ["", "± is the binomial standard error of the coverage estimate at nominal."]
    text = "\n".join(lines)
    out = ROOT / "benchmarks" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "coverage.md").write_text(text + "\n", encoding="utf-8")
    print()
    print(text)


if __name__ == "__main__":
    main()
