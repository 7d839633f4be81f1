"""Load benchmark of the web app: 50 concurrent clients x 20 tail fits, one slow job running.

Starts ``scalinglaws serve`` in a subprocess on a free loopback port with a
temporary data folder, queues one slow goodness-of-fit job (the cities data,
many bootstrap replicates), checks that ``GET /api/datasets`` stays quick while
it runs, then sends 50 concurrent clients x 20 ``POST /api/fit`` requests, each
uploading its own 10^4-point Pareto sample (alpha = 2.5, seeded). Prints the
error count, the throughput and the p50 / p95 / max latency, and cancels the
slow job at the end. Not a test: run it by hand on a quiet machine::

    .venv/bin/python benchmarks/bench_web.py [--clients 50] [--requests 20] [--points 10000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import numpy as np


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _start_server(data_dir: Path, port: int) -> subprocess.Popen[bytes]:
    script = shutil.which("scalinglaws", path=str(Path(sys.executable).parent))
    argv = (
        [script] if script else [sys.executable, "-c", "from scalinglaws.cli import main; main()"]
    )
    argv += ["serve", "--host", "127.0.0.1", "--port", str(port), "--data-dir", str(data_dir)]
    return subprocess.Popen(argv, stdout=subprocess.DEVNULL)


def _wait_until_up(base: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/api/datasets", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError("the server did not start")


def _sample(seed: int, points: int) -> bytes:
    values = np.random.default_rng(seed).pareto(1.5, points) + 1.0  # alpha = 2.5, xmin = 1
    return ("\n".join(f"{v:.6g}" for v in values) + "\n").encode()


async def _client(
    http: httpx.AsyncClient, index: int, requests: int, points: int, out: list[tuple[float, int]]
) -> None:
    body = _sample(index, points)
    for _ in range(requests):
        start = time.perf_counter()
        try:
            response = await http.post(
                "/api/fit",
                data={"kind": "tail", "options": json.dumps({"discrete": False})},
                files={"file": (f"sample-{index}.txt", body)},
            )
            status = response.status_code
            if status == 200 and abs(response.json()["result"]["alpha"] - 2.5) > 0.3:
                status = -1  # a wrong answer counts as an error
        except httpx.HTTPError:
            status = 0
        out.append((time.perf_counter() - start, status))


async def _load(
    base: str, clients: int, requests: int, points: int
) -> tuple[float, list[tuple[float, int]]]:
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    results: list[tuple[float, int]] = []
    async with httpx.AsyncClient(base_url=base, timeout=300, limits=limits) as http:
        start = time.perf_counter()
        await asyncio.gather(*(_client(http, i, requests, points, results) for i in range(clients)))
        return time.perf_counter() - start, results


def _quick_requests(base: str, count: int = 20) -> list[float]:
    latencies = []
    with httpx.Client(base_url=base, timeout=30) as http:
        for _ in range(count):
            start = time.perf_counter()
            http.get("/api/datasets").raise_for_status()
            latencies.append(time.perf_counter() - start)
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--points", type=int, default=10_000)
    parser.add_argument("--gof", type=int, default=100_000, help="replicates of the slow job")
    args = parser.parse_args()
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="bench-web-") as folder:
        server = _start_server(Path(folder), port)
        try:
            _wait_until_up(base)
            slow = httpx.post(
                base + "/api/fit",
                data={
                    "kind": "tail",
                    "dataset": "clauset2009/cities",
                    "options": json.dumps({"gof": args.gof}),
                },
                timeout=60,
            )
            job = slow.json()["job"]
            while httpx.get(f"{base}/api/jobs/{job}").json()["status"] == "queued":
                time.sleep(0.1)
            quick = _quick_requests(base)
            elapsed, results = asyncio.run(_load(base, args.clients, args.requests, args.points))
            state = httpx.get(f"{base}/api/jobs/{job}").json()
            httpx.post(f"{base}/api/jobs/{job}/cancel")
        finally:
            server.terminate()
            server.wait(timeout=60)
    latencies = np.array([latency for latency, _ in results])
    errors = sum(status != 200 for _, status in results)
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at the end")
    print(
        f"slow job: {args.gof} GoF replicates on clauset2009/cities, {state['status']} "
        f"({state['progress']:.1%} done) when the load finished"
    )
    print(
        f"GET /api/datasets while the slow job runs (no other load): "
        f"p50 {np.median(quick) * 1e3:.1f} ms, max {max(quick) * 1e3:.1f} ms"
    )
    print(
        f"{args.clients} clients x {args.requests} POST /api/fit ({args.points}-point tails): "
        f"{len(results)} requests, {errors} errors, {elapsed:.1f} s"
    )
    print(f"throughput: {len(results) / elapsed:.1f} fits/s")
    p50, p95 = np.percentile(latencies, [50, 95])
    print(f"latency: p50 {p50:.2f} s, p95 {p95:.2f} s, max {latencies.max():.2f} s")
    if errors:
        sys.exit(1)


if __name__ == "__main__":
    main()
