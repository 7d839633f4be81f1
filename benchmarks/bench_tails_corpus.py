"""A corpus of degree sequences fitted like Broido & Clauset (2019): wall time on 2 cores.

Generates ``--count`` synthetic degree sequences (``scalinglaws.tails.synthetic``:
power laws over a body, lognormals, power laws with cut-offs and Poisson degrees,
n log-uniform from 10^2 to 10^5, median ~3,000), then runs
``sl.fit_tails(corpus, n_boot=200, workers=2, out=...)``: x_min scan, 200-replicate
goodness of fit and every likelihood-ratio test (lognormal, exponential, stretched
exponential, truncated power law, Poisson) per data set, into a Parquet table.
Prints the wall time, the per-data-set times and the verdicts. Run it alone:

    flock /tmp/scalinglaws-heavy.lock .venv/bin/python benchmarks/bench_tails_corpus.py \\
        --count 3000 --workers 2
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np

import scalinglaws as sl
from scalinglaws.tails.synthetic import degree_corpus


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("--boot", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    corpus = degree_corpus(args.count, seed=args.seed)
    sizes = np.array([v.size for v in corpus.values()])
    print(
        f"{args.count} degree sequences, n from {sizes.min()} to {sizes.max()} "
        f"(median {np.median(sizes):.0f}, total {sizes.sum():,})"
    )
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "results.parquet"
        started = time.perf_counter()
        table = sl.fit_tails(corpus, n_boot=args.boot, workers=args.workers, out=out)
        wall = time.perf_counter() - started
    seconds = table["seconds"].to_numpy()
    print(f"wall {wall:.1f} s ({wall / 60:.2f} min) with {args.workers} workers")
    print(
        f"per data set: median {np.median(seconds):.3f} s, 90% {np.quantile(seconds, 0.9):.3f} s, "
        f"max {seconds.max():.2f} s; errors {int(table['error'].notna().sum())}"
    )
    print(table["verdict"].value_counts(dropna=False).to_string())


if __name__ == "__main__":
    main()
