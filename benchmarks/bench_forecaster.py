"""The shipped Transformer forecaster: load time, forecast time and calibration (issue 13).

    flock /tmp/scalinglaws-heavy.lock .venv/bin/python benchmarks/bench_forecaster.py

* load: a fresh process imports scalinglaws, then torch, then loads the weights
  (sha256 checked) and builds the model; each part timed, best and median of
  ``--repeat`` processes (the whole is the issue's "loads in < 2 s");
* one forecast: a context of 512 observations (the last 512 - 28 tokens are
  used), horizon 28, 200 sample paths, on ``--threads`` CPU threads; the naive
  baseline on the same series in the same run, for scale; median of ``--repeat``;
* calibration: the share of 200 seeded logistic epidemics (incidence and running
  totals, Poisson counts; :func:`~scalinglaws.forecasters.transformer_eval.logistic_series`)
  whose value at one step of 1-10 falls inside the 95% interval (goal: 0.85-1.00),
  for seeds 0 and 1; running totals forecast through their increments (as
  ``cumulative=True`` does) and, for comparison, as given.

Prints one JSON line; figures go to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

import numpy as np
import torch

from scalinglaws.forecasters import naive, transformer
from scalinglaws.forecasters.transformer import load_transformer
from scalinglaws.forecasters.transformer_eval import logistic_hits

LOAD = (
    "import time; start = time.perf_counter(); "
    "from scalinglaws.forecasters.transformer import load_transformer; "
    "package = time.perf_counter(); "
    "import torch; imported = time.perf_counter(); "
    "load_transformer(); end = time.perf_counter(); "
    "print(package - start, imported - package, end - imported, end - start)"
)
PARTS = ("import_scalinglaws", "import_torch", "load_weights", "total")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--series", type=int, default=200)
    args = parser.parse_args()
    env = {**os.environ, "OMP_WAIT_POLICY": "PASSIVE", "OMP_NUM_THREADS": str(args.threads)}
    runs = [
        subprocess.run([sys.executable, "-c", LOAD], env=env, capture_output=True, text=True,
                       check=True).stdout
        for _ in range(args.repeat)
    ]  # fmt: skip
    loads = [[float(v) for v in out.split()] for out in runs]
    load = {
        f"load_{part}_s": {"best": min(col), "median": statistics.median(col)}
        for part, col in zip(PARTS, zip(*loads, strict=True), strict=True)
    }
    torch.set_num_threads(args.threads)
    rng = np.random.default_rng(0)
    y = rng.poisson(200 * np.exp(np.sin(np.arange(512) / 20.0))).astype(float)
    t = np.arange(512.0)
    transformer(t, y, 28)  # warm-up: weights in memory
    ours, base = [], []
    for seed in range(args.repeat):
        start = time.perf_counter()
        transformer(t, y, 28, n_paths=200, rng=seed)
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        naive(t, y, 28, rng=seed)
        base.append(time.perf_counter() - start)
    coverage = {}
    for seed in (0, 1):
        for given in (False, True):
            hits = logistic_hits(
                load_transformer(), n_series=args.series, seed=seed, totals_as_given=given
            )
            coverage[f"seed{seed}{'_totals_as_given' if given else ''}"] = {
                "all": float(hits.mean()),
                "incidence": float(hits[0::2].mean()),
                "totals": float(hits[1::2].mean()),
            }
    print(
        json.dumps(
            {
                "threads": args.threads,
                **load,
                "forecast_s_median": statistics.median(ours),
                "naive_s_median": statistics.median(base),
                "logistic_cov95": coverage,
                "logistic_series": args.series,
            }
        )
    )


if __name__ == "__main__":
    main()
