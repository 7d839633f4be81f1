"""Checkpoint fits (issue 14, item 5): 1,000 checkpoints in < 5 s; data_constrained < 10 s.

Run from the repository root, under the shared lock:

    flock /tmp/scalinglaws-heavy.lock .venv/bin/python benchmarks/bench_checkpoints.py

Task: 20 runs of 2e7 to 2e9 parameters, each evaluated at 50 checkpoints up to 20
tokens per parameter, on L = 1.7 + 400/N^0.33 + 1500/D^0.3 with a per-run offset
(sd 0.01) and per-checkpoint noise (sd 0.002); 1,000 rows.

* ``fit_neural(N, D, L, run=run)``: Chinchilla form, Hoffmann et al.'s 4,500 starts,
  burn-in 10% (900 rows kept), then ``with_bootstrap(200)`` over whole runs.
* ``fit_neural(..., form="data_constrained", unique_tokens=U)`` on the same 1,000
  rows with U = min(D, 5e9) (13,500 starts), then ``compute_optimal(1e21)``.

Each timing is the median of ``--repeat`` runs after a warm-up (single process,
numpy's threads pinned to 1).
"""

from __future__ import annotations

import argparse
import os
import time
import warnings
from collections.abc import Callable
from typing import Any

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np

import scalinglaws as sl
from scalinglaws.errors import FitWarning
from scalinglaws.formulas import neural as law


def checkpoints(seed: int = 0) -> tuple[np.ndarray, ...]:
    rng = np.random.default_rng(seed)
    n = np.repeat(np.geomspace(2e7, 2e9, 20), 50)
    d = np.tile(np.linspace(0.02, 1.0, 50), 20) * 20 * n
    run = np.repeat(np.arange(20), 50)
    shared = np.repeat(rng.normal(0, 0.01, 20), 50)
    loss = law.chinchilla(n, d, 1.7, 400.0, 1500.0, 0.33, 0.3)
    return run, n, d, loss * np.exp(shared + rng.normal(0, 0.002, n.size))


def timed(task: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    task()
    times, out = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        out = task()
        times.append(time.perf_counter() - start)
    return float(np.median(times)), out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    warnings.simplefilter("ignore", FitWarning)
    run, n, d, loss = checkpoints()
    u = np.minimum(d, 5e9)
    fit_time, fit = timed(lambda: sl.fit_neural(n, d, loss, run=run), args.repeat)
    boot_time, boot = timed(lambda: fit.with_bootstrap(200, rng=0, workers=1), args.repeat)
    dc_time, dc = timed(
        lambda: sl.fit_neural(n, d, loss, form="data_constrained", unique_tokens=u), args.repeat
    )
    opt_time, table = timed(lambda: dc.compute_optimal([1e21], level=0.95), args.repeat)
    alpha = boot.conf_int().loc["alpha"]
    print("| task | rows | seconds | result |")
    print("|---|---|---|---|")
    print(
        f"| `fit_neural(..., run=run)` (chinchilla, burn-in 10%) | {n.size} ({fit.n_runs} kept) "
        f"| {fit_time:.2f} | alpha = {fit.params['alpha']:.4f} (truth 0.33) |"
    )
    print(
        f"| `.with_bootstrap(200)` over runs | {fit.n_runs} | {boot_time:.2f} | alpha 95% "
        f"{alpha['lower']:.3f}-{alpha['upper']:.3f} |"
    )
    print(
        f"| `fit_neural(form='data_constrained')` | {n.size} | {dc_time:.2f} | "
        f"R_star = {dc.params['R_star']:.3g} |"
    )
    print(
        f"| `.compute_optimal(1e21, level=0.95)` | - | {opt_time:.3f} | "
        f"N_opt = {table['N_opt'].iloc[0]:.3g} |"
    )


if __name__ == "__main__":
    main()
