"""Power-law tails (issue 2): scalinglaws vs PyPI powerlaw 2.0.0 vs python-igraph 1.0.0.

Run from the repository root:

    .venv/bin/python benchmarks/bench_tails.py            # full run, writes docs/benchmarks.md
    .venv/bin/python benchmarks/bench_tails.py --quick    # small cases only (a few minutes)

The peers live in their own virtual environment, ``benchmarks/.venv-peers`` (gitignored),
which this script creates on first use from ``benchmarks/requirements-peers.txt``. Each
peer job runs in a subprocess of that venv's python (``benchmarks/peer_runner.py``), our
code runs in this process (the project venv). All tools read the same files: seeded
synthetic data written to ``benchmarks/out/`` (gitignored) and Clauset's Moby Dick word
counts from ``shared/data/clauset2009/words.txt``.

Every peer result is also saved to ``benchmarks/out/peers/<case>.json``. A normal run
recomputes all of them; ``--reuse-peer-cache`` takes the saved ones instead (for the same
job, data and versions), and the written document then says which figures came from it.
``--peers-only`` runs and saves the peer jobs without our code (to warm that cache).

Timing rule, the same for every tool: wall clock around the library call only (no
interpreter start, import or file read); a call under 5 s is run 3 times and the median
is reported.
"""

from __future__ import annotations

import argparse
import datetime as dt
import fnmatch
import hashlib
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import numpy as np

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
OUT = BENCH / "out"
PEER_CACHE = OUT / "peers"
PEER_VENV = BENCH / ".venv-peers"
PEER_PY = PEER_VENV / "bin" / "python"
PEER_REQS = BENCH / "requirements-peers.txt"
PEER_STAMP = PEER_VENV / ".installed"
RUNNER = BENCH / "peer_runner.py"
DOC = REPO / "docs" / "benchmarks.md"
SECTION_START = "<!-- bench_tails:start -->"
SECTION_END = "<!-- bench_tails:end -->"

ALPHA, XMIN, TAIL_FRACTION, SEED = 2.5, 1.0, 0.2, 20090601
BODY_MU, BODY_SIGMA = -0.5, 0.6  # lognormal body, truncated to x < XMIN
ENV = {**os.environ, "OMP_WAIT_POLICY": "PASSIVE"}
MAX_PEER_SECONDS = 1500.0  # cap on the deferred igraph n = 1e6 fit


# --------------------------------------------------------------------------- data


def _shared_dir() -> Path:
    for cand in (REPO.parent / "shared", REPO / "shared"):
        if (cand / "data" / "clauset2009" / "words.txt").exists():
            return cand
    raise SystemExit("shared/data/clauset2009/words.txt not found next to the repository")


def synthetic(n: int, seed: int = SEED) -> np.ndarray:
    """n draws: a fraction TAIL_FRACTION from a continuous power law (ALPHA, XMIN), the rest
    from a lognormal(BODY_MU, BODY_SIGMA) body truncated below XMIN, shuffled."""
    rng = np.random.default_rng([seed, n])
    n_tail = round(n * TAIL_FRACTION)
    tail = XMIN * (1.0 - rng.random(n_tail)) ** (-1.0 / (ALPHA - 1.0))
    body = np.empty(0)
    while body.size < n - n_tail:
        draw = rng.lognormal(BODY_MU, BODY_SIGMA, 2 * (n - n_tail))
        body = np.concatenate([body, draw[draw < XMIN]])
    x = np.concatenate([tail, body[: n - n_tail]])
    rng.shuffle(x)
    return x


def data_file(n: int) -> Path:
    path = OUT / f"synth_n{n}_seed{SEED}.npy"
    if not path.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        np.save(path, synthetic(n))
    return path


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load(path: Path) -> np.ndarray:
    return np.load(path) if path.suffix == ".npy" else np.loadtxt(path, dtype=float)


# --------------------------------------------------------------------------- timing


def clock() -> tuple[float, float]:
    """(wall, CPU) seconds; CPU counts all threads of this process and reaped children."""
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.perf_counter(), time.process_time() + kids.ru_utime + kids.ru_stime


def since(start: tuple[float, float]) -> tuple[float, float]:
    now = clock()
    return now[0] - start[0], now[1] - start[1]


def timed(fn: Callable[[], Any], repeat_if_under: float = 5.0, repeats: int = 3) -> tuple:
    """(median wall s, all wall times, median CPU s, last result); see the module doc."""
    walls, cpus = [], []
    for i in range(repeats):
        start = clock()
        out = fn()
        wall, cpu = since(start)
        walls.append(wall)
        cpus.append(cpu)
        if i == 0 and wall >= repeat_if_under:
            break
    return statistics.median(walls), walls, statistics.median(cpus), out


# --------------------------------------------------------------------------- peers


def ensure_peer_venv() -> None:
    if PEER_STAMP.exists() and PEER_STAMP.stat().st_mtime >= PEER_REQS.stat().st_mtime:
        return
    print(f"creating {PEER_VENV.relative_to(REPO)} from {PEER_REQS.name} ...", flush=True)
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(PEER_VENV)], check=True)
    pip = [str(PEER_PY), "-m", "pip", "install", "--quiet"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "-r", str(PEER_REQS)], check=True)
    PEER_STAMP.touch()


def peer_versions() -> dict[str, str]:
    code = (
        "import json; from importlib.metadata import version as v; "
        "print(json.dumps({p: v(p) for p in ('powerlaw', 'python-igraph', 'numpy', 'scipy')}))"
    )
    out = subprocess.run([str(PEER_PY), "-c", code], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


class Peers:
    def __init__(self, reuse: list[str] | None, versions: dict[str, str]) -> None:
        self.reuse = reuse  # None: measure everything; []: reuse any saved case; else patterns
        self.versions = versions
        self.reused: list[str] = []

    def run(self, case: str, job: dict[str, Any], timeout: float = 7200) -> dict[str, Any]:
        data = Path(job["data"])
        key = {"job": job, "data_sha256": sha256(data), "versions": self.versions}
        cache = PEER_CACHE / f"{case}.json"
        wanted = self.reuse is not None and (
            not self.reuse or any(fnmatch.fnmatch(case, pat) for pat in self.reuse)
        )
        if wanted and cache.exists():
            saved = json.loads(cache.read_text())
            if saved.get("key") == key:
                print(f"  [{case}] reused from {cache.relative_to(REPO)}", flush=True)
                self.reused.append(case)
                return dict(saved["result"], reused=True)
        print(f"  [{case}] running ...", end="", flush=True)
        t0 = time.perf_counter()
        try:
            proc = subprocess.run(
                [str(PEER_PY), str(RUNNER), json.dumps(job)],
                env=ENV,
                capture_output=True,
                text=True,
                timeout=timeout,
                cwd=REPO,
            )
        except subprocess.TimeoutExpired:
            print(f" stopped after {timeout:.0f} s", flush=True)
            return {"timed_out": True, "seconds": float(timeout), "reused": False}
        if proc.returncode != 0:  # e.g. killed from outside: record it, keep the other cases
            wall = time.perf_counter() - t0
            print(f" failed (exit code {proc.returncode}) after {wall:.0f} s", flush=True)
            err = proc.stderr[-2000:]
            return {"failed": True, "returncode": proc.returncode, "seconds": wall, "stderr": err}
        result = json.loads(proc.stdout.strip().splitlines()[-1])
        result["reused"] = False
        result["measured_at"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        print(f" {result['seconds']:.2f} s (subprocess {time.perf_counter() - t0:.1f} s)")
        PEER_CACHE.mkdir(parents=True, exist_ok=True)
        cache.write_text(json.dumps({"key": key, "result": result}, indent=1))
        return result


# --------------------------------------------------------------------------- ours


def ours_fit(path: Path, discrete: bool) -> dict[str, Any]:
    import scalinglaws as sl

    x = load(path)
    t, times, cpu, fit = timed(lambda: sl.fit_tail(x, discrete=discrete))
    return {
        "seconds": t,
        "times": times,
        "cpu_s": cpu,
        "alpha": float(fit.alpha),
        "xmin": float(fit.xmin),
        "n_tail": int(fit.n_tail),
        "ks": float(fit.ks_distance),
    }


def ours_gof(path: Path, discrete: bool, n_boot: int, workers: int) -> dict[str, Any]:
    import scalinglaws as sl

    fit = sl.fit_tail(load(path), discrete=discrete)
    start = clock()
    g = fit.gof(n_boot=n_boot, rng=0, workers=workers)
    t, cpu = since(start)
    return {"seconds": t, "times": [t], "cpu_s": cpu, "n_boot": n_boot, "p_value": float(g.p_value)}


def ours_compare(path: Path, xmin: float, alternative: str) -> dict[str, Any]:
    import scalinglaws as sl

    fit = sl.fit_tail(load(path), discrete=False, xmin=xmin)
    t, times, cpu, c = timed(lambda: fit.compare(alternative))
    return {
        "seconds": t,
        "times": times,
        "cpu_s": cpu,
        "ratio": float(c.ratio),
        "p_value": float(c.p_value),
    }


# --------------------------------------------------------------------------- the run


def plan(quick: bool) -> dict[str, Any]:
    if quick:
        return {
            "fit_n": [10_000],
            "powerlaw_max_n": 10_000,
            "gof_n": 10_000,
            "gof_boot": 50,
            "words_boot": 250,
            "compare_n": 10_000,
        }
    return {
        "fit_n": [10_000, 100_000, 1_000_000],
        "powerlaw_max_n": 100_000,
        "gof_n": 10_000,
        "gof_boot": 1000,
        "words_boot": 2500,
        "compare_n": 1_000_000,
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    p = plan(args.quick)
    ensure_peer_venv()
    peers = Peers(args.reuse_peer_cache, peer_versions())
    words = _shared_dir() / "data" / "clauset2009" / "words.txt"
    with_ours = not args.peers_only
    res: dict[str, Any] = {"plan": p, "fit": {}, "gof": {}, "compare": {}, "files": {}}
    res["started"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    res["loadavg_start"] = os.getloadavg()
    t_start = time.perf_counter()

    print("1. full continuous fit with xmin scan", flush=True)
    deferred: list[tuple[dict[str, Any], str, dict[str, Any]]] = []
    for n in p["fit_n"]:
        path = data_file(n)
        res["files"][path.name] = sha256(path)
        row: dict[str, Any] = {}
        if with_ours:
            row["ours"] = ours_fit(path, discrete=False)
            print(f"  [ours fit n={n}] {row['ours']['seconds']:.3f} s", flush=True)
        job = {"task": "fit", "data": str(path), "discrete": False}
        if n >= 1_000_000:  # many minutes: run last, capped, without the fixed-x_min call
            ig_job = {"tool": "igraph", **job, "decompose": False}
            deferred.append((row, f"igraph_fit_n{n}", ig_job))
        else:
            row["igraph"] = peers.run(f"igraph_fit_n{n}", {"tool": "igraph", **job})
        if n <= p["powerlaw_max_n"]:
            row["powerlaw"] = peers.run(f"powerlaw_fit_n{n}", {"tool": "powerlaw", **job})
        res["fit"][str(n)] = row

    print("2. goodness of fit", flush=True)
    n, b = p["gof_n"], p["gof_boot"]
    path = data_file(n)
    row = {}
    if with_ours:
        row["ours"] = ours_gof(path, discrete=False, n_boot=b, workers=2)
        print(f"  [ours gof n={n} x{b}] {row['ours']['seconds']:.2f} s", flush=True)
    job = {"data": str(path), "discrete": False, "seed": 0}
    row["powerlaw_one"] = peers.run(
        f"powerlaw_gof_replicate_n{n}", {"tool": "powerlaw", "task": "gof_replicate", **job}
    )
    row["igraph"] = peers.run(
        f"igraph_gof_n{n}_b{b}", {"tool": "igraph", "task": "gof", "n_boot": b, **job}
    )
    res["gof"]["synthetic"] = row
    wb = p["words_boot"]
    res["files"]["words.txt"] = sha256(words)
    row = {}
    if with_ours:
        row["ours"] = ours_gof(words, discrete=True, n_boot=wb, workers=2)
        print(f"  [ours gof words x{wb}] {row['ours']['seconds']:.2f} s", flush=True)
        row["ours_fit"] = ours_fit(words, discrete=True)
    job = {"tool": "igraph", "task": "gof", "data": str(words), "discrete": True, "seed": 0}
    row["igraph"] = peers.run(f"igraph_gof_words_b{wb}", {**job, "n_boot": wb})
    res["gof"]["words"] = row

    print("3. likelihood-ratio comparisons at a fixed xmin", flush=True)
    n = p["compare_n"]
    path = data_file(n)
    fitted = res["fit"].get(str(n), {})
    key = next((k for k in ("ours", "igraph") if k in fitted), None)
    source = {"ours": "scalinglaws", "igraph": "igraph", None: "generator's"}[key]
    xmin = float(fitted[key]["xmin"]) if key else XMIN
    res["compare"]["xmin"], res["compare"]["xmin_from"], res["compare"]["n"] = xmin, source, n
    for alt in ("lognormal", "truncated_power_law"):
        row = {}
        if with_ours:
            row["ours"] = ours_compare(path, xmin, alt)
            print(f"  [ours compare {alt} n={n}] {row['ours']['seconds']:.3f} s", flush=True)
        job = {"tool": "powerlaw", "task": "compare", "data": str(path), "discrete": False}
        row["powerlaw"] = peers.run(
            f"powerlaw_compare_{alt}_n{n}", {**job, "xmin": xmin, "alternative": alt}
        )
        res["compare"][alt] = row

    if deferred:
        print("1b. the largest igraph fits, deferred to the end", flush=True)
    for row, case, job in deferred:
        row["igraph"] = peers.run(case, job, timeout=args.max_peer_seconds)

    res["wall_s"] = time.perf_counter() - t_start
    res["loadavg_end"] = os.getloadavg()
    res["peer_versions"] = peers.versions
    res["reused"] = peers.reused
    return res


# --------------------------------------------------------------------------- report


def _s(x: float | None) -> str:
    if x is None:
        return "–"
    if x >= 100:
        return f"{x:,.0f} s"
    if x >= 10:
        return f"{x:.1f} s"
    if x >= 0.1:
        return f"{x:.2f} s"
    return f"{x * 1000:.1f} ms"


def _ratio(peer: float | None, ours: float | None) -> str:
    if peer is None or not ours:
        return "–"
    r = peer / ours
    return f"{r:,.0f}×" if r >= 10 else f"{r:.1f}×"


def _fit_row(
    n: str, tool: str, r: dict[str, Any], wall: float, cpu: float | None, ours: float | None
) -> str:
    return (
        f"| {int(n):,} | {tool} | {_s(wall)} | {_s(cpu)} | {_ratio(wall, ours) if ours else ''} "
        f"| {r['alpha']:.6f} | {r['xmin']:.6g} | {r['n_tail']:,} | {r['ks']:.5f} |"
    )


def _gof_row(data: str, tool: str, n_boot: int, r: dict[str, Any], ours: float | None) -> str:
    return (
        f"| {data} | {tool} | {n_boot:,} | {_s(r['seconds'])} | {_s(r.get('cpu_s'))} "
        f"| {_ratio(r['seconds'], ours) if ours else ''} | {r['p_value']:.3g} |"
    )


def _agree(a: float, b: float, rel: float) -> bool:
    return abs(a - b) <= rel * max(abs(a), abs(b))


def _ver(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "?"


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def render(res: dict[str, Any], command: str) -> tuple[str, list[str]]:
    pv = res["peer_versions"]
    disagreements: list[str] = []
    lines = [
        SECTION_START,
        "## Power-law tails (issue 2)",
        "",
        "Produced by one run of",
        "",
        "```",
        command,
        "```",
        "",
        f"Machine: {os.cpu_count()} cores ({_cpu()}), Linux, Python {platform.python_version()}; "
        f"scalinglaws {_ver('scalinglaws')} with numpy {_ver('numpy')}, scipy {_ver('scipy')} "
        f"(project venv); powerlaw {pv['powerlaw']} and python-igraph {pv['python-igraph']} "
        f"with numpy {pv['numpy']}, scipy {pv['scipy']} (`benchmarks/.venv-peers`). "
        f"OMP_WAIT_POLICY=PASSIVE. Started {res['started']}, wall time of the whole run "
        f"{res['wall_s'] / 60:.1f} min; load average at start "
        f"{res['loadavg_start'][0]:.2f}, at end {res['loadavg_end'][0]:.2f}.",
        "",
        "Data: seeded synthetic samples (`benchmarks/bench_tails.py:synthetic`, seed "
        f"{SEED}): {TAIL_FRACTION:.0%} from a continuous power law α = {ALPHA}, "
        f"x_min = {XMIN}, the rest from a lognormal(μ = {BODY_MU}, σ = {BODY_SIGMA}) body "
        "truncated below 1, so the x_min scan has a real body to reject. They are written "
        "once to `benchmarks/out/*.npy` and every tool reads the same file (sha256 below). "
        "Moby Dick word counts are `shared/data/clauset2009/words.txt`.",
        "",
        "Timing: wall clock around the library call only (no interpreter start, import or "
        "file read); a call under 5 s is repeated 3 times and the median is given. Peers run "
        "in subprocesses of their own venv (`benchmarks/peer_runner.py`). "
        'The "vs" columns are peer time / our time (above 1×: scalinglaws is faster; '
        "below 1×: the peer is faster).",
        "",
    ]
    if res["reused"]:
        lines += [
            "**Reused peer figures.** These peer results were not measured in this run but "
            "taken from `benchmarks/out/peers/` (same job, same data file, same versions), "
            "each with its own measurement time in the JSON: "
            + ", ".join(f"`{c}`" for c in res["reused"])
            + ".",
            "",
        ]

    # ---- 1. fits
    lines += [
        "### 1. Full continuous fit with the x_min scan",
        "",
        "| n | tool | wall | CPU | vs scalinglaws | α | x_min | n_tail | KS D |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for n, row in res["fit"].items():
        o, ig, pw = row.get("ours"), row.get("igraph"), row.get("powerlaw")
        ot = o["seconds"] if o else None
        if o:
            lines.append(_fit_row(n, "scalinglaws `fit_tail`", o, o["seconds"], o["cpu_s"], None))
        if ig and (ig.get("timed_out") or ig.get("failed")):
            how = (
                f"did not finish in {_s(ig['seconds'])} (stopped)"
                if ig.get("timed_out")
                else f"died after {_s(ig['seconds'])} (exit code {ig['returncode']})"
            )
            lines.append(f"| {int(n):,} | igraph `power_law_fit` | {how} | | | | | | |")
            ig = None
        if ig:
            ig_label = "igraph `power_law_fit` (fit + 1 forced replicate)"
            lines.append(_fit_row(n, ig_label, ig, ig["seconds"], ig.get("cpu_s"), ot))
            if "scan_estimate_s" in ig:
                lines.append(
                    f"| {int(n):,} | igraph, fit alone (est., see below) "
                    f"| {_s(ig['scan_estimate_s'])} | {_s(ig.get('scan_estimate_cpu_s'))} "
                    f"| {_ratio(ig['scan_estimate_s'], ot)} | | | | |"
                )
        if pw:
            lines.append(_fit_row(n, "powerlaw `Fit`", pw, pw["seconds"], pw.get("cpu_s"), ot))
        else:
            lines.append(
                f"| {int(n):,} | powerlaw `Fit` | skipped (hours, see below) | | | | | | |"
            )
        ref = o or ig
        for name, r in (("igraph", ig), ("powerlaw", pw)):
            if r is None or ref is None or r is ref:
                continue
            if not (
                _agree(r["xmin"], ref["xmin"], 1e-9) and _agree(r["alpha"], ref["alpha"], 1e-6)
            ):
                disagreements.append(
                    f"n = {int(n):,}: {name} gives α = {r['alpha']:.6f}, x_min = {r['xmin']:.6g} "
                    f"(n_tail {r['n_tail']}), scalinglaws α = {ref['alpha']:.6f}, "
                    f"x_min = {ref['xmin']:.6g} (n_tail {ref['n_tail']})"
                )
    lines += [
        "",
        "igraph's Python binding always runs its bootstrap after the fit "
        "(`power_law_fit(..., p_precision=p)` runs int(0.25/p²) replicates and p must be in "
        "(0, 0.5]), so its fit cannot be timed alone: the main igraph row times "
        "`p_precision=0.5`, one replicate, and each replicate rescans x_min on n synthetic "
        'points. The "fit alone" row subtracts the same call with x_min fixed at the fitted '
        "value (no scan, same one replicate); it is an estimate, made below n = 1,000,000 "
        "only (at 1,000,000 the second call alone would take many more minutes). "
        "igraph's continuous scan is "
        "plfit's stratified sampling of x_min candidates, not an exhaustive scan; powerlaw's "
        "and ours are exhaustive. igraph uses OpenMP threads, hence CPU above wall.",
        "",
    ]
    big = max(res["fit"], key=int)
    if int(big) >= 1_000_000 and "powerlaw" not in res["fit"][big]:
        n5 = res["fit"].get(str(100_000), {}).get("powerlaw")
        extra = ""
        if n5:
            extra = (
                " Its scan is quadratic in n (one MLE and one KS pass over the tail per "
                "candidate), so 100 × its n = 100,000 time here would be about "
                f"{n5['seconds'] * 100 / 3600:.0f} h (extrapolated, not measured)."
            )
        lines += [
            "powerlaw at n = 1,000,000 is skipped: it takes hours (issue 2 measured 298 s "
            f"at n = 100,000 on this machine).{extra}",
            "",
        ]

    # ---- 2. gof
    g = res["gof"]["synthetic"]
    b = res["plan"]["gof_boot"]
    one = g["powerlaw_one"]
    extrap = one["seconds"] * b
    w = res["gof"]["words"]
    wb = res["plan"]["words_boot"]
    synth = f"synthetic n = {res['plan']['gof_n']:,}"
    ot, wt = (
        (g["ours"]["seconds"] if g.get("ours") else None),
        (w["ours"]["seconds"] if w.get("ours") else None),
    )
    lines += [
        "### 2. Goodness of fit (semi-parametric bootstrap, x_min rescanned in every replicate)",
        "",
        "| data | tool | replicates | wall | CPU | vs scalinglaws | p |",
        "|---|---|---|---|---|---|---|",
    ]
    if g.get("ours"):
        lines.append(_gof_row(synth, "scalinglaws `gof(workers=2)`", b, g["ours"], None))
    lines.append(_gof_row(synth, "igraph `power_law_fit(p_precision=…)`", b, g["igraph"], ot))
    lines.append(
        f"| {synth} | powerlaw (no GoF; 1 replicate × {b:,}) | {b:,} "
        f"| {_s(extrap)} **extrapolated** (1 replicate: {_s(one['seconds'])}) "
        f"| {_s(one['cpu_s'] * b) if one.get('cpu_s') else '–'} | {_ratio(extrap, ot)} | – |"
    )
    if w.get("ours"):
        lines.append(
            _gof_row("Moby Dick words", "scalinglaws `gof(workers=2)`", wb, w["ours"], None)
        )
    lines.append(
        _gof_row("Moby Dick words", "igraph `power_law_fit(p_precision=0.01)`", wb, w["igraph"], wt)
    )
    lines += [
        "",
        "powerlaw has no goodness-of-fit test. Its row times ONE replicate written the way "
        "users write it (draw the tail with `fit.power_law.generate_random`, resample the "
        f"body below x_min, refit with `powerlaw.Fit` and its x_min scan) and multiplies by {b:,}; "
        "it was not run that many times. igraph's replicates run in parallel "
        "with OpenMP on both cores; ours use `workers=2` processes. p-values are random "
        "(different generators), so only the verdict p < 0.1 or not should match. The Moby "
        "Dick words are discrete (both tools fit α by exact discrete MLE).",
        "",
    ]
    if w.get("ours_fit"):
        of, ig = w["ours_fit"], w["igraph"]
        if not (_agree(of["xmin"], ig["xmin"], 1e-9) and _agree(of["alpha"], ig["alpha"], 1e-6)):
            disagreements.append(
                f"Moby Dick: scalinglaws α = {of['alpha']:.6f}, x_min = {of['xmin']:g}; igraph "
                f"α = {ig['alpha']:.6f}, x_min = {ig['xmin']:g}"
            )
    for label, row in (("synthetic", g), ("Moby Dick", w)):
        if row.get("ours") and (row["ours"]["p_value"] < 0.1) != (row["igraph"]["p_value"] < 0.1):
            disagreements.append(
                f"GoF verdict on {label}: scalinglaws p = {row['ours']['p_value']}, "
                f"igraph p = {row['igraph']['p_value']}"
            )

    # ---- 3. compare
    c = res["compare"]
    n_tail = next(
        (r["n_tail"] for r in res["fit"].get(str(c["n"]), {}).values() if r and "n_tail" in r),
        None,
    )
    lines += [
        f"### 3. Likelihood-ratio comparisons, n = {c['n']:,}, x_min fixed at {c['xmin']:.6g}"
        + (f" ({n_tail:,} points in the tail)" if n_tail else ""),
        "",
        f"x_min is the value the {c['xmin_from']} scan found on this sample; both tools get it "
        "as a fixed x_min and the power-law MLE is done before the clock starts, so only the "
        "comparison (fit the alternative, compute R and its p) is timed. "
        "powerlaw: `Fit(x, xmin=...).distribution_compare('power_law', alt)` (raw R; nested "
        "test for the truncated power law); scalinglaws: `fit_tail(x, xmin=...).compare(alt)`. "
        "igraph has no comparisons. R > 0 favours the power law.",
        "",
        "| alternative | tool | wall | CPU | vs scalinglaws | R | p |",
        "|---|---|---|---|---|---|---|",
    ]
    for alt in ("lognormal", "truncated_power_law"):
        o, pw = c[alt].get("ours"), c[alt]["powerlaw"]
        ot = o["seconds"] if o else None
        for name, r in (("scalinglaws", o), ("powerlaw", pw)):
            if r is None:
                continue
            lines.append(
                f"| {alt} | {name} | {_s(r['seconds'])} | {_s(r.get('cpu_s'))} "
                f"| {_ratio(r['seconds'], ot) if r is not o else ''} | {r['ratio']:.4g} "
                f"| {r['p_value']:.3g} |"
            )
        if o and (o["ratio"] > 0) != (pw["ratio"] > 0) and min(o["p_value"], pw["p_value"]) < 0.1:
            disagreements.append(
                f"compare {alt}: scalinglaws R = {o['ratio']:.4g} (p {o['p_value']:.3g}), "
                f"powerlaw R = {pw['ratio']:.4g} (p {pw['p_value']:.3g})"
            )
    lines += ["", "Data files (sha256):", ""]
    lines += [f"- `{name}`: `{h}`" for name, h in res["files"].items()]
    lines += ["", "Disagreements between tools found by the run:", ""]
    lines += [f"- {d}" for d in disagreements] or ["- none"]
    lines += ["", f"Raw figures: `benchmarks/out/{res['json_name']}`.", SECTION_END, ""]
    return "\n".join(lines), disagreements


def write_doc(section: str) -> None:
    DOC.parent.mkdir(parents=True, exist_ok=True)
    text = DOC.read_text() if DOC.exists() else "# Benchmarks\n\n"
    if SECTION_START in text and SECTION_END in text:
        head, rest = text.split(SECTION_START, 1)
        tail = rest.split(SECTION_END, 1)[1].lstrip("\n")
        text = head + section + tail
    else:
        text = text.rstrip("\n") + "\n\n" + section
    DOC.write_text(text)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="small cases only")
    ap.add_argument(
        "--reuse-peer-cache",
        nargs="*",
        metavar="CASE",
        default=None,
        help="take peer results saved in benchmarks/out/peers/ for these cases (shell "
        "patterns; none given: every saved case) instead of measuring them; the doc says so",
    )
    ap.add_argument(
        "--peers-only", action="store_true", help="run and cache the peer jobs only; writes no doc"
    )
    ap.add_argument(
        "--max-peer-seconds",
        type=float,
        default=MAX_PEER_SECONDS,
        help="stop the deferred igraph n=1e6 fit after this long and report it as unfinished",
    )
    ap.add_argument("--no-doc", action="store_true", help="do not touch docs/benchmarks.md")
    ap.add_argument(
        "--render-only",
        action="store_true",
        help="measure nothing: re-render the doc section from benchmarks/out/bench_tails.json "
        "(the section keeps the command of the run that measured it)",
    )
    args = ap.parse_args(argv)
    os.environ["OMP_WAIT_POLICY"] = "PASSIVE"
    name = "bench_tails_quick.json" if args.quick else "bench_tails.json"
    if args.render_only:
        res = json.loads((OUT / name).read_text())
        default = ".venv/bin/python benchmarks/bench_tails.py" + (" --quick" if args.quick else "")
        command = res.get("command", default)
    else:
        flags = ["--quick"] if args.quick else []
        if args.max_peer_seconds != MAX_PEER_SECONDS:
            flags += ["--max-peer-seconds", f"{args.max_peer_seconds:g}"]
        if args.reuse_peer_cache is not None:
            flags += ["--reuse-peer-cache", *args.reuse_peer_cache]
        command = " ".join([".venv/bin/python benchmarks/bench_tails.py", *flags])
        res = run(args)
        res["json_name"], res["command"] = name, command
        OUT.mkdir(parents=True, exist_ok=True)
        (OUT / name).write_text(json.dumps(res, indent=1))
    if args.peers_only:
        return 0
    section, disagreements = render(res, command)
    print(section)
    print(f"{len(disagreements)} disagreement(s) between tools", *disagreements, sep="\n  ")
    if not args.no_doc and not args.quick:
        write_doc(section)
        print(f"wrote {DOC.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
