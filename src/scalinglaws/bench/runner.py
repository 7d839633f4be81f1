"""Run a suite: every (case, method) not yet cached, in worker processes, then summarise.

The cache (:mod:`.cache`) makes a run resumable: kill it and run it again and it
continues where it stopped. The outputs, in ``OUT``: ``SUITE-scores.csv`` (one row
per forecast or curve), ``SUITE-summary.csv``, ``SUITE-reference.csv`` and
``SUITE-report.html``, each written atomically.
"""

from __future__ import annotations

import resource
import time
from collections.abc import Callable
from concurrent.futures import as_completed
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from scalinglaws._pool import process_pool
from scalinglaws.bench import suites as _suites  # noqa: F401  (registers the suites)
from scalinglaws.bench.cache import case_path, read_case, write_case
from scalinglaws.bench.data import default_data_dir, require_files
from scalinglaws.bench.registry import SUITES, Case, Suite, check_methods
from scalinglaws.bench.report import bench_section
from scalinglaws.errors import EmptyDataError, InvalidOptionError
from scalinglaws.io import write_atomic
from scalinglaws.uncertainty import resolve_workers

__all__ = ["BenchResult", "run_suite"]

Progress = Callable[[int, int], None]


@dataclass(frozen=True, eq=False)
class BenchResult:
    """What a bench run produced (also written under ``out``).

    Attributes
    ----------
    suite : Suite
        The benchmark.
    scores : pandas.DataFrame
        One row per scored forecast or extrapolation.
    summary : pandas.DataFrame
        The suite's summary of the scores.
    reference : pandas.DataFrame
        The published figures beside ours.
    out : pathlib.Path
        The output folder.
    ran : int
        (case, method) pairs computed in this run.
    cached : int
        Pairs read from the cache.
    seconds : float
        Wall clock.
    cpu_seconds : float
        User + system time of this process and its finished workers.
    """

    suite: Suite
    scores: pd.DataFrame
    summary: pd.DataFrame
    reference: pd.DataFrame
    out: Path
    ran: int  # (case, method) pairs computed in this run
    cached: int  # pairs read from the cache
    seconds: float  # wall clock
    cpu_seconds: float  # user + system, this process and its finished workers


def _cpu() -> float:
    """User + system seconds of this process and of its reaped children."""
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _work(suite_name: str, case: Case, method: str, data: Path, path: Path) -> int:
    scores = SUITES[suite_name].run(case, method, data)
    write_case(path, scores.assign(case=case.key))
    return len(scores)


def run_suite(
    name: str,
    *,
    out: str | Path = "bench-output",
    data: str | Path | None = None,
    methods: list[str] | None = None,
    workers: int | None = 1,
    limit: int | None = None,
    progress: Progress | None = None,
    command: str = "",
) -> BenchResult:
    """Run suite ``name`` (see :data:`scalinglaws.bench.SUITES`) and write its outputs.

    Each (case, method) is cached under ``out/cache``, so an interrupted run resumes;
    the scores, summary, reference and an HTML report are written atomically.

    Parameters
    ----------
    name : str
        The suite.
    out : str or pathlib.Path, default "bench-output"
        Output folder (cache under ``out/cache``).
    data : str or pathlib.Path, optional
        The reference-data folder; default ``../shared/data`` beside the repository.
    methods : list of str, optional
        Methods to run (default: the suite's defaults).
    workers : int or None, default 1
        Processes (None: all cores).
    limit : int, optional
        Run only the first ``limit`` cases (for a quick look).
    progress : callable, optional
        ``progress(done, total)`` after each (case, method).
    command : str, default ""
        The command line shown in the report (default ``scalinglaws bench NAME``).

    Returns
    -------
    BenchResult
        The tables, the output folder and the timings.

    Raises
    ------
    InvalidOptionError
        An unknown suite or method.
    DataFormatError
        No data folder, or one without the suite's files.
    """
    start, cpu_start = time.perf_counter(), _cpu()
    if name not in SUITES:
        raise InvalidOptionError(f"suite {name!r} is unknown; choose one of: {', '.join(SUITES)}.")
    suite = SUITES[name]
    chosen = check_methods(suite, methods)
    folder = require_files(Path(data) if data is not None else default_data_dir(), suite.files,
                           name)  # fmt: skip
    target = Path(out)
    cases = suite.load(folder)
    if limit is not None:
        cases = cases[: max(int(limit), 0)]
    if not cases:
        raise EmptyDataError(f"bench {name}: no cases to run.")
    tasks = [(case, method, case_path(target, name, method, case.key))
             for method in chosen for case in cases]  # fmt: skip
    todo = [task for task in tasks if not task[2].exists()]
    total, done = len(tasks), len(tasks) - len(todo)
    if progress is not None:
        progress(done, total)
    count = resolve_workers(workers)
    if count == 1:
        for case, method, path in todo:
            _work(name, case, method, folder, path)
            done += 1
            if progress is not None:
                progress(done, total)
    elif todo:
        with process_pool(count) as pool:
            futures = [pool.submit(_work, name, *task[:2], folder, task[2]) for task in todo]
            for future in as_completed(futures):
                future.result()
                done += 1
                if progress is not None:
                    progress(done, total)
    frames = [read_case(path) for _, _, path in tasks]
    scores = pd.concat([f for f in frames if f is not None], ignore_index=True)
    summary = suite.summarise(scores)
    reference = suite.reference(folder)
    target.mkdir(parents=True, exist_ok=True)
    prefix = target / name
    write_atomic(Path(f"{prefix}-scores.csv"), scores.to_csv(index=False))
    write_atomic(Path(f"{prefix}-summary.csv"), summary.to_csv(index=False))
    write_atomic(Path(f"{prefix}-reference.csv"), reference.to_csv(index=False))
    from scalinglaws.report import render_sections

    section = bench_section(name=name, title=suite.title, kind=suite.kind, scores=scores,
                            summary=summary, reference=reference, notes=suite.notes,
                            command=command or f"scalinglaws bench {name}")  # fmt: skip
    write_atomic(Path(f"{prefix}-report.html"),
                 render_sections([section], title=f"scalinglaws bench: {name}"))  # fmt: skip
    return BenchResult(suite, scores, summary, reference, target, len(todo),
                       total - len(todo), time.perf_counter() - start,
                       _cpu() - cpu_start)  # fmt: skip
