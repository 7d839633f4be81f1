"""A power-law tail of 10^9 integer rows: out-of-core counting with DuckDB vs Polars.

Writes a Parquet file of N rows (default 10^9) of a discrete power law (alpha 2.5,
x_min 1; values floor(u^(-1/1.5)), written in chunks of 10^7 rows with pyarrow),
then, each in its own process so peak memory is measured separately:

* duckdb: ``scalinglaws.tails.large.count_parquet`` (streaming GROUP BY, 1 GB limit);
* polars: ``pl.scan_parquet(...).group_by(col).len().collect(engine="streaming")``;
* fit: the counts from DuckDB fitted exactly by ``fit_tail(values, counts=...)``.

Each line gives wall seconds and the process's peak resident memory.
Peak memory is the process's VmHWM. The file is deleted at the end. Run it alone (heavy):

    flock /tmp/scalinglaws-heavy.lock .venv/bin/python benchmarks/bench_tails_scale.py \\
        --rows 1000000000 --threads 2
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

CHUNK = 10_000_000
COLUMN = "degree"

ENGINES = {
    "duckdb": """
from scalinglaws.tails.large import count_parquet
values, counts = count_parquet(PATH, COLUMN, threads=THREADS)
result = {"distinct": int(values.size), "total": int(counts.sum())}
""",
    "polars": """
import polars as pl
frame = pl.scan_parquet(PATH).group_by(COLUMN).len().collect(engine="streaming")
result = {"distinct": frame.height, "total": int(frame["len"].sum())}
""",
    "fit": """
import warnings
from scalinglaws.tails.large import count_parquet
from scalinglaws.tails import fit_tail
values, counts = count_parquet(PATH, COLUMN, threads=THREADS)
counted = time.perf_counter() - started
fit = fit_tail(values, counts)
result = {"alpha": fit.alpha, "xmin": fit.xmin, "n_tail": fit.n_tail, "n": fit.n,
          "count_s": counted, "fit_s": time.perf_counter() - started - counted}
""",
}


def write_file(path: Path, rows: int, seed: int) -> float:
    started = time.perf_counter()
    rng = np.random.default_rng(seed)
    schema = pa.schema([(COLUMN, pa.int64())])
    with pq.ParquetWriter(path, schema, compression="snappy") as writer:
        for start in range(0, rows, CHUNK):
            size = min(CHUNK, rows - start)
            values = np.floor((1.0 - rng.random(size)) ** (-1.0 / 1.5)).astype(np.int64)
            writer.write_table(pa.table({COLUMN: values}), row_group_size=CHUNK)
    return time.perf_counter() - started


def run_engine(name: str, path: Path, threads: int) -> dict[str, object]:
    code = (
        "import json, time\n"
        f"PATH, COLUMN, THREADS = {str(path)!r}, {COLUMN!r}, {threads}\n"
        "started = time.perf_counter()\n"
        + ENGINES[name]
        + "\nresult['seconds'] = time.perf_counter() - started\n"
        "status = open('/proc/self/status').read().split('VmHWM:')[1].split()[0]\n"
        "result['peak_mb'] = int(status) / 1024\n"
        "print(json.dumps(result))\n"
    )
    env = {**os.environ, "POLARS_MAX_THREADS": str(threads), "OMP_NUM_THREADS": str(threads)}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
    return dict(json.loads(lines[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000_000)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--dir", default=tempfile.gettempdir())
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    path = Path(args.dir) / f"scalinglaws-bench-{args.rows}.parquet"
    try:
        seconds = write_file(path, args.rows, args.seed)
        size = path.stat().st_size / 2**20
        print(f"wrote {args.rows:,} rows, {size:,.0f} MiB, in {seconds:.1f} s")
        for name in ("duckdb", "polars", "fit"):
            result = run_engine(name, path, args.threads)
            print(name, json.dumps(result))
    finally:
        path.unlink(missing_ok=True)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"(this driver's own peak: {own:.0f} MB)")


if __name__ == "__main__":
    main()
