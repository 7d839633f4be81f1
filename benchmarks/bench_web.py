"""Load benchmark of the web app, with its protections on and off, and a memory soak.

**Load** (``--load``, the default): for each of ``--protections on`` and ``off``
(``both``: off first, then on, in the same run) a server is started in a
subprocess on a free loopback port with a fresh data folder, one slow
goodness-of-fit job is queued, ``GET /api/datasets`` is timed while it runs,
then 50 concurrent clients x 20 ``POST /api/fit`` each upload their own
10^4-point Pareto sample (alpha = 2.5, seeded). With protections **on** the server
has a token and every check enabled: even clients are API clients sending
``Authorization: Bearer``; odd clients act as browsers: they open the tokenised
URL once, keep the session cookie, read the page's CSRF token and send it with
an ``Origin`` header on every POST. With protections **off** the app runs with
``Settings(protect=False)`` (no Host, token, Origin or CSRF checks) and plain
clients. Prints errors, throughput and p50 / p95 / max latency for each.

**Soak** (``--soak SECONDS``): protections on, 8 clients of mixed traffic for
that long: fits (uploads and datasets), result pages, reports, bundles, result
lists, questions, background bootstrap jobs polled to the end, and jobs
cancelled; results are capped at 200 so eviction runs. The server's resident
memory (VmRSS) is read at start, after a warm-up of the same traffic
(``--warmup``), and at the end. Not a test: run it by hand::

    flock /tmp/scalinglaws-heavy.lock .venv/bin/python benchmarks/bench_web.py
    flock /tmp/scalinglaws-heavy.lock .venv/bin/python benchmarks/bench_web.py --soak 600
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import numpy as np

_SERVER = """
import sys, uvicorn
from scalinglaws.web import Settings, create_app
settings = Settings.from_json(sys.argv[1])
uvicorn.run(create_app(settings), host="127.0.0.1", port=int(sys.argv[2]), log_level="warning")
"""


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    base: str
    token: str | None

    def rss_mb(self) -> float:
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        found = re.search(r"VmRSS:\s+(\d+) kB", status)
        assert found
        return int(found.group(1)) / 1024


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _start_server(data_dir: Path, protect: bool, **settings: Any) -> Server:
    from scalinglaws.web import Settings

    token = secrets.token_urlsafe(32) if protect else None
    config = Settings(data_dir=data_dir, token=token, protect=protect, ask_model=None, **settings)
    port = _free_port()
    argv = [sys.executable, "-c", _SERVER, config.to_json(), str(port)]
    server = Server(
        subprocess.Popen(argv, stdout=subprocess.DEVNULL), f"http://127.0.0.1:{port}", token
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            httpx.get(server.base + "/favicon.ico", timeout=2)
            return server
        except httpx.TransportError:
            time.sleep(0.2)
    raise RuntimeError("the server did not start")


def _stop(server: Server) -> None:
    server.process.terminate()
    server.process.wait(timeout=60)


@asynccontextmanager
async def _session(server: Server, browser: bool) -> AsyncIterator[httpx.AsyncClient]:
    """A client as the mode asks: plain, API client with a bearer token, or a browser."""
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    async with httpx.AsyncClient(base_url=server.base, timeout=300, limits=limits) as http:
        if server.token is not None and not browser:
            http.headers["Authorization"] = f"Bearer {server.token}"
        elif server.token is not None:
            home = await http.get(f"/?token={server.token}", follow_redirects=True)
            home.raise_for_status()
            found = re.search(r'<meta name="csrf-token" content="([0-9a-f]+)">', home.text)
            assert found, "no CSRF token on the start page"
            http.headers["Origin"] = server.base
            http.headers["X-CSRF-Token"] = found.group(1)
        yield http


def _sample(seed: int, points: int) -> bytes:
    values = np.random.default_rng(seed).pareto(1.5, points) + 1.0  # alpha = 2.5, xmin = 1
    return ("\n".join(f"{v:.6g}" for v in values) + "\n").encode()


async def _fit_client(
    server: Server, index: int, requests: int, points: int, out: list[tuple[float, int]]
) -> None:
    body = _sample(index, points)
    async with _session(server, browser=index % 2 == 1) as http:
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
    server: Server, clients: int, requests: int, points: int
) -> tuple[float, list[tuple[float, int]]]:
    results: list[tuple[float, int]] = []
    start = time.perf_counter()
    await asyncio.gather(
        *(_fit_client(server, i, requests, points, results) for i in range(clients))
    )
    return time.perf_counter() - start, results


async def _quick(server: Server, count: int = 20) -> list[float]:
    latencies = []
    async with _session(server, browser=False) as http:
        for _ in range(count):
            start = time.perf_counter()
            (await http.get("/api/datasets")).raise_for_status()
            latencies.append(time.perf_counter() - start)
    return latencies


async def _slow_job(server: Server, gof: int) -> str:
    async with _session(server, browser=False) as http:
        response = await http.post(
            "/api/fit",
            data={
                "kind": "tail",
                "dataset": "clauset2009/cities",
                "options": json.dumps({"gof": gof}),
            },
        )
        job = str(response.json()["job"])
        while (await http.get(f"/api/jobs/{job}")).json()["status"] == "queued":
            await asyncio.sleep(0.1)
        return job


async def _job_state(server: Server, job: str, cancel: bool) -> dict[str, Any]:
    async with _session(server, browser=False) as http:
        state: dict[str, Any] = (await http.get(f"/api/jobs/{job}")).json()
        if cancel:
            await http.post(f"/api/jobs/{job}/cancel")
        return state


def run_load(args: argparse.Namespace, protect: bool) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-web-") as folder:
        server = _start_server(Path(folder), protect)
        try:
            job = asyncio.run(_slow_job(server, args.gof))
            quick = asyncio.run(_quick(server))
            elapsed, results = asyncio.run(_load(server, args.clients, args.requests, args.points))
            state = asyncio.run(_job_state(server, job, cancel=True))
        finally:
            _stop(server)
    latencies = np.array([latency for latency, _ in results])
    errors = sum(status != 200 for _, status in results)
    p50, p95 = np.percentile(latencies, [50, 95])
    print(f"--- protections {'on (token, Host, Origin, CSRF)' if protect else 'off'}")
    print(
        f"slow job: {args.gof} GoF replicates on clauset2009/cities, {state['status']} "
        f"({state['progress']:.1%} done) when the load finished"
    )
    print(
        f"GET /api/datasets while the slow job runs: p50 {np.median(quick) * 1e3:.1f} ms, "
        f"max {max(quick) * 1e3:.1f} ms"
    )
    print(
        f"{args.clients} clients x {args.requests} POST /api/fit ({args.points}-point tails): "
        f"{len(results)} requests, {errors} errors, {elapsed:.1f} s, "
        f"{len(results) / elapsed:.1f} fits/s"
    )
    print(f"latency: p50 {p50:.2f} s, p95 {p95:.2f} s, max {latencies.max():.2f} s", flush=True)
    if errors:
        sys.exit(1)


# ------------------------------------------------------------------------ soak


async def _soak_client(server: Server, index: int, until: float, counts: dict[str, int]) -> None:
    rng = random.Random(index)
    body = _sample(1000 + index, 5000)
    results: list[str] = []
    async with _session(server, browser=index % 2 == 1) as http:

        async def call(name: str, method: str, url: str, **kwargs: Any) -> httpx.Response:
            response = await http.request(method, url, **kwargs)
            ok = response.status_code < 400 or (name == "result" and response.status_code == 404)
            counts[name if ok else f"{name} error {response.status_code}"] += 1
            return response

        while time.monotonic() < until:
            action = rng.choices(
                ["upload", "dataset", "page", "report", "bundle", "list", "ask", "job", "cancel"],
                weights=[4, 3, 3, 1, 2, 3, 1, 1, 1],
            )[0]
            if action == "upload":
                r = await call(
                    "upload",
                    "POST",
                    "/api/fit",
                    data={"kind": "tail", "options": '{"discrete": false}'},
                    files={"file": ("s.txt", body)},
                )
                if r.status_code == 200:
                    results.append(r.json()["id"])
            elif action == "dataset":
                name = rng.choice(["allometry/mammals_brain_body", "growth/us_census_1790_2000"])
                kind = "relation" if name.startswith("allometry") else "growth"
                r = await call("dataset", "POST", "/api/fit", data={"kind": kind, "dataset": name})
                if r.status_code == 200:
                    results.append(r.json()["id"])
            elif action in ("page", "report", "bundle", "ask") and results:
                ident = rng.choice(results[-20:])
                if action == "page":
                    await call("result", "GET", f"/results/{ident}")
                elif action == "report":
                    await call("result", "GET", f"/api/results/{ident}/report.html")
                elif action == "bundle":
                    await call("result", "GET", f"/api/results/{ident}/bundle.json")
                else:
                    q = {"question": "What is the exponent?", "result_ids": [ident]}
                    r = await http.post("/api/ask", json=q)
                    counts[
                        "ask" if r.status_code in (200, 404) else f"ask error {r.status_code}"
                    ] += 1
            elif action == "list":
                await call("list", "GET", rng.choice(["/api/results", "/", "/api/datasets"]))
            elif action in ("job", "cancel"):
                options = {"bootstrap": 50, "seed": index} if action == "job" else {"gof": 100_000}
                r = await http.post(
                    "/api/fit",
                    data={
                        "kind": "relation" if action == "job" else "tail",
                        "dataset": "allometry/mammals_brain_body"
                        if action == "job"
                        else "clauset2009/cities",
                        "options": json.dumps(options),
                    },
                )
                if r.status_code == 429:
                    counts["job refused (429, quota)"] += 1
                    continue
                job = r.json()["job"]
                if action == "cancel":
                    await asyncio.sleep(1)
                    await call("cancel", "POST", f"/api/jobs/{job}/cancel")
                    continue
                while (state := (await http.get(f"/api/jobs/{job}")).json())["status"] in (
                    "queued",
                    "running",
                ):
                    await asyncio.sleep(0.5)
                counts["job " + state["status"]] += 1


def run_soak(args: argparse.Namespace) -> None:
    from collections import Counter

    counts: Counter[str] = Counter()
    with tempfile.TemporaryDirectory(prefix="bench-web-soak-") as folder:
        server = _start_server(Path(folder), protect=True, max_results=200, max_jobs_per_client=8)
        try:
            rss = [("after start", server.rss_mb())]
            warm_until = time.monotonic() + args.warmup
            asyncio.run(_soak(server, warm_until, Counter()))
            rss.append((f"after a {args.warmup:g} s warm-up", server.rss_mb()))
            start = time.monotonic()
            peak = rss[-1][1]
            until = start + args.soak
            while time.monotonic() < until:
                step = min(60.0, until - time.monotonic())
                asyncio.run(_soak(server, time.monotonic() + step, counts))
                peak = max(peak, server.rss_mb())
            rss.append((f"after the {args.soak:g} s soak", server.rss_mb()))
        finally:
            _stop(server)
    print(f"--- soak: {args.soak:g} s of mixed traffic, 8 clients, protections on")
    for name, value in sorted(counts.items()):
        print(f"  {name}: {value}")
    for label, value in rss:
        print(f"server RSS {label}: {value:.1f} MB")
    growth = rss[-1][1] / rss[1][1] - 1
    print(f"peak RSS during the soak: {peak:.1f} MB; growth over the soak: {growth:+.1%}")
    errors = sum(v for k, v in counts.items() if "error" in k)
    print(f"errors: {errors}", flush=True)
    if errors or growth >= 0.10:
        sys.exit(1)


async def _soak(server: Server, until: float, counts: Any) -> None:
    await asyncio.gather(*(_soak_client(server, i, until, counts) for i in range(8)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--points", type=int, default=10_000)
    parser.add_argument("--gof", type=int, default=100_000, help="replicates of the slow job")
    parser.add_argument("--protections", choices=["on", "off", "both"], default="both")
    parser.add_argument(
        "--soak", type=float, default=0, help="seconds of mixed traffic (0: no soak)"
    )
    parser.add_argument("--warmup", type=float, default=60)
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at the start")
    if args.soak:
        run_soak(args)
    else:
        for protect in {"on": [True], "off": [False], "both": [False, True]}[args.protections]:
            run_load(args, protect)
    print(f"load average {os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    main()
