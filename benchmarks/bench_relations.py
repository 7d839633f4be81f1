"""Scaling relations (issue 3): a 1000-replicate bootstrap of a power law on 10^5 points.

Run from the repository root:

    .venv/bin/python benchmarks/bench_relations.py             # full run (a few minutes)
    .venv/bin/python benchmarks/bench_relations.py --boot 100  # a quicker run

The table is printed and written to ``benchmarks/out/relations.md`` (gitignored) for
merging into docs/benchmarks.md. The logistic-growth half of the issue's speed target
is ``benchmarks/bench_growth.py``.

Task: n = 10^5 points, x log-uniform on [1, 10^4], y = 2 x^0.75 e^e with e ~ N(0, 0.3^2)
(seed 20160301). Fit y = a x^b, then a pairs bootstrap of 1000 replicates (rows drawn
with replacement, refit, keep a and b).

* scalinglaws ``ols_log`` and ``nls``: ``fit_relation(x, y, method=...).with_bootstrap(1000,
  workers=W)``; replicates are warm-started from the full-data fit; W = 1 and 2.
* scipy: the loop users write today, ``scipy.optimize.curve_fit(power, x[i], y[i],
  p0=full-data fit)`` per replicate (default Levenberg-Marquardt, numerical Jacobian),
  one process. It draws the *same* resamples as scalinglaws (the replicate generators
  are spawned the same way), so the two sets of bootstrap estimates must agree to the
  solvers' tolerance; the largest relative difference is reported.

Timing rule: wall clock around the bootstrap call only (not the first fit, the import or
the data generation); a measurement under 5 s is the median of 3 runs. The machine's
load average is printed with the table: on a shared machine it inflates every figure.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import time
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import curve_fit

from scalinglaws.formulas.relations import power
from scalinglaws.relations import fit_relation

BENCH = Path(__file__).resolve().parent
OUT = BENCH / "out"
N, A, B, SIGMA, SEED = 100_000, 2.0, 0.75, 0.3, 20160301
BOOT_SEED = 0
TARGET_S = 10.0


def _cpu() -> float:
    """CPU seconds of this process and of its reaped children (the bootstrap workers)."""
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + kids.ru_utime + kids.ru_stime


def timed(call: Callable[[], Any], repeat_if_under: float = 5.0) -> tuple[float, float, Any]:
    """Median wall-clock and CPU seconds (3 runs if the first is under `repeat_if_under`)."""
    walls, cpus, result = [], [], None
    for attempt in range(3):
        start, cpu = time.perf_counter(), _cpu()
        result = call()
        walls.append(time.perf_counter() - start)
        cpus.append(_cpu() - cpu)
        if attempt == 0 and walls[0] >= repeat_if_under:
            break
    return statistics.median(walls), statistics.median(cpus), result


def data() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(SEED)
    x = np.exp(rng.uniform(0.0, np.log(1e4), N))
    return x, A * x**B * np.exp(rng.normal(0.0, SIGMA, N))


def curve_fit_loop(x: np.ndarray, y: np.ndarray, p0: list[float], n_boot: int) -> np.ndarray:
    """The per-replicate curve_fit loop, on the resamples scalinglaws draws."""
    rows = []
    for generator in np.random.default_rng(BOOT_SEED).spawn(n_boot):
        index = generator.integers(0, x.size, x.size)
        popt, _ = curve_fit(power, x[index], y[index], p0=p0)
        rows.append(popt)
    return np.array(rows)


def run(n_boot: int) -> list[dict[str, Any]]:
    x, y = data()
    rows: list[dict[str, Any]] = []
    samples: dict[str, np.ndarray] = {}
    for method in ("ols_log", "nls"):
        fit = fit_relation(x, y, method=method)
        for workers in (1, 2):
            seconds, cpu, boot = timed(
                lambda fit=fit, workers=workers: fit.with_bootstrap(
                    n_boot, rng=BOOT_SEED, workers=workers
                ).boot
            )
            samples[method] = boot.samples
            rows.append(
                {
                    "tool": f"scalinglaws `{method}`",
                    "workers": workers,
                    "seconds": seconds,
                    "cpu": cpu,
                    "b": f"{fit.params['b']:.5f} ± {boot.std('b'):.5f}",
                    "failed": boot.n_failed,
                }
            )
        if method == "nls":
            p0 = [fit.params["a"], fit.params["b"]]
            seconds, cpu, peer = timed(lambda p0=p0: curve_fit_loop(x, y, p0, n_boot))
            diff = float(np.max(np.abs(peer - samples["nls"]) / np.abs(peer)))
            rows.append(
                {
                    "tool": "scipy `curve_fit` per replicate",
                    "workers": 1,
                    "seconds": seconds,
                    "cpu": cpu,
                    "b": f"{fit.params['b']:.5f} ± {np.std(peer[:, 1], ddof=1):.5f}",
                    "failed": 0,
                    "max_rel_diff": diff,
                }
            )
    return rows


def markdown(rows: list[dict[str, Any]], n_boot: int) -> str:
    peer = next(row for row in rows if row["tool"].startswith("scipy"))
    nls = {row["workers"]: row for row in rows if "nls" in row["tool"]}
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    lines = [
        f"### Scaling relations: {n_boot}-replicate pairs bootstrap of y = a·x^b, n = {N:,}",
        "",
        "| tool | workers | wall s | CPU s | b ± bootstrap sd | failed replicates |",
        "|---|---:|---:|---:|---|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row['tool']} | {row['workers']} | {row['seconds']:.2f} | {row['cpu']:.2f} | "
            f"{row['b']} | "
            f"{row['failed']} |"
        )
    diff = next(row["max_rel_diff"] for row in rows if "max_rel_diff" in row)
    lines += [
        "",
        f"* `nls` vs the `curve_fit` loop (wall clock): {peer['seconds'] / nls[1]['seconds']:.1f}x "
        f"on 1 worker, {peer['seconds'] / nls[2]['seconds']:.1f}x on 2 workers; CPU time "
        f"ratio on 1 worker {peer['cpu'] / nls[1]['cpu']:.1f}x. Same resamples: the largest "
        f"relative difference of the {n_boot}x2 estimates is {diff:.1e}.",
        f"* Target (issue 3): under {TARGET_S:.0f} s on 2 cores.",
        f"* Machine: {platform.machine()}, {os.cpu_count()} CPUs, load average {load} "
        f"(1, 5, 15 min) at the end of the run; Python {platform.python_version()}, "
        f"numpy {version('numpy')}, scipy {version('scipy')}.",
        "* Command: `.venv/bin/python benchmarks/bench_relations.py"
        + ("" if n_boot == 1000 else f" --boot {n_boot}")
        + "`",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--boot", type=int, default=1000, help="bootstrap replicates")
    args = parser.parse_args()
    rows = run(args.boot)
    text = markdown(rows, args.boot)
    OUT.mkdir(exist_ok=True)
    (OUT / "relations.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
