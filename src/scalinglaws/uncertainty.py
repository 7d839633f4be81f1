"""Resampling machinery shared by every bootstrap: seeded, parallel, order-stable.

Each replicate gets its own child generator spawned from the caller's generator
(``numpy.random.Generator.spawn``), so the results are identical whatever the
number of worker processes. Work is sent to a process pool in chunks; the
optional ``progress`` callback runs in the calling process with the number of
replicates just finished.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from scalinglaws._validate import check_level, check_number
from scalinglaws.errors import InvalidOptionError

T = TypeVar("T")
Progress = Callable[[int], None]
RandomLike = int | np.random.Generator | None

__all__ = ["Progress", "as_generator", "percentile_interval", "resolve_workers", "run_replicates"]


def as_generator(rng: RandomLike) -> np.random.Generator:
    """A numpy Generator from a seed, a Generator, or None (fresh entropy)."""
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None or (isinstance(rng, (int, np.integer)) and not isinstance(rng, bool)):
        return np.random.default_rng(rng)
    raise InvalidOptionError(f"rng={rng!r} must be an integer seed, a numpy Generator or None.")


def resolve_workers(workers: int | None) -> int:
    """Worker processes to use: all available cores when None."""
    if workers is None:
        return max(1, len(os.sched_getaffinity(0)))
    return int(check_number(workers, "workers", low=1, integer=True))


def _run_chunk(
    task: Callable[[np.random.Generator], T], generators: Sequence[np.random.Generator]
) -> list[T]:
    return [task(generator) for generator in generators]


def run_replicates(
    task: Callable[[np.random.Generator], T],
    n_boot: int,
    *,
    rng: RandomLike,
    workers: int | None = None,
    progress: Progress | None = None,
) -> list[T]:
    """Run ``task(generator)`` for `n_boot` independent child generators, in order.

    `task` must be picklable (a module-level function or a functools.partial of one)
    when more than one worker is used.
    """
    count = int(check_number(n_boot, "n_boot", low=1, integer=True))
    generators = as_generator(rng).spawn(count)
    n_workers = min(resolve_workers(workers), count)
    if n_workers == 1:
        results = []
        for generator in generators:
            results.append(task(generator))
            if progress is not None:
                progress(1)
        return results
    chunk = max(1, count // (n_workers * 8))
    starts = range(0, count, chunk)
    output: list[list[T]] = [[] for _ in starts]
    with ProcessPoolExecutor(max_workers=n_workers) as pool:
        futures = {
            pool.submit(_run_chunk, task, generators[start : start + chunk]): index
            for index, start in enumerate(starts)
        }
        try:
            for future in as_completed(futures):
                output[futures[future]] = future.result()
                if progress is not None:
                    progress(len(output[futures[future]]))
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise
    return [item for part in output for item in part]


def percentile_interval(samples: npt.ArrayLike, level: float) -> tuple[float, float]:
    """The central percentile interval of bootstrap samples at confidence `level`."""
    tail = (1.0 - check_level(level)) / 2.0
    values = np.asarray(samples, dtype=np.float64)
    low, high = np.quantile(values, [tail, 1.0 - tail])
    return float(low), float(high)
