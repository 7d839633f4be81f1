"""The shipped Transformer forecaster: load time, forecast time and calibration (issue 13).

    flock /tmp/scalinglaws-heavy.lock .venv/bin/python benchmarks/bench_forecaster.py

* load: a fresh process imports scalinglaws, then torch, then loads the weights
  (sha256 checked) and builds the model; each part timed, best and median of
  ``--repeat`` processes (the whole is the issue's "loads in < 2 s");
* one forecast: a context of 512 observations (the last 512 - 28 tokens are
  used), horizon 28, 200 sample paths, on ``--threads`` CPU threads; the naive
  baseline on the same series in the same run, for scale; median of ``--repeat``;
  the same forecast calibrated by its past errors (``calibrate=True``: one more
  forecast per past origin), from the whole context and from ``--context`` points;
  and the European hub's case, ``--context`` points (8 weeks) and ``--horizon``
  steps (4), uncalibrated and calibrated;
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


def speed(args: argparse.Namespace) -> dict[str, float]:
    """Median seconds of one forecast (context 512, horizon 28, 200 paths), each way."""
    torch.set_num_threads(args.threads)
    rng = np.random.default_rng(0)
    y = rng.poisson(200 * np.exp(np.sin(np.arange(512) / 20.0))).astype(float)
    t = np.arange(512.0)
    transformer(t, y, 28)  # warm-up: weights in memory
    ways = {
        "forecast_s_median": lambda seed: transformer(t, y, 28, n_paths=200, rng=seed),
        "naive_s_median": lambda seed: naive(t, y, 28, rng=seed),
        "calibrated_s_median": lambda seed: transformer(t, y, 28, rng=seed, calibrate=True),
        f"calibrated_context{args.context}_s_median": lambda seed: transformer(
            t, y, 28, rng=seed, calibrate=True, context=args.context
        ),
        f"context{args.context}_h{args.horizon}_s_median": lambda seed: transformer(
            t, y, args.horizon, rng=seed, calibrate=False, context=args.context
        ),
        f"calibrated_context{args.context}_h{args.horizon}_s_median": lambda seed: transformer(
            t, y, args.horizon, rng=seed, calibrate=True, context=args.context
        ),
    }
    out = {}
    for name, way in ways.items():
        spent = []
        for seed in range(args.repeat):
            start = time.perf_counter()
            way(seed)
            spent.append(time.perf_counter() - start)
        out[name] = statistics.median(spent)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--series", type=int, default=200)
    parser.add_argument("--context", type=int, default=8, help="the short calibrated context")
    parser.add_argument("--horizon", type=int, default=4, help="its horizon (the hub's 4 weeks)")
    parser.add_argument("--speed-only", action="store_true", help="only the forecast times")
    args = parser.parse_args()
    if args.speed_only:
        print(json.dumps({"threads": args.threads, **speed(args)}))
        return
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
    times = speed(args)
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
                **times,
                "logistic_cov95": coverage,
                "logistic_series": args.series,
            }
        )
    )


if __name__ == "__main__":
    main()
