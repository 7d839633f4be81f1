"""Worker processes that start clean: the one process pool every parallel loop uses.

On Linux a plain :class:`~concurrent.futures.ProcessPoolExecutor` forks the
calling process. A fork copies the caller's memory but only its calling thread:
locks held by its other threads (OpenMP and BLAS pools after torch or numpy
ran, Ray's and uvicorn's threads) stay locked forever in the child, which then
hangs at its first parallel call. The suite hit exactly this (a corpus fit that
never returned after the language-model tests had run). Workers here start from
the ``forkserver``: a small server process, started once without any of those
threads, forks each worker, so a worker never inherits a held lock. Python 3.14
makes this the default on Linux for the same reason. The server imports
scalinglaws once (numpy, scipy, pandas; no threads run), so a worker starts in
milliseconds instead of re-importing them.

Tasks must be picklable (module-level functions or ``functools.partial`` of them).
As with every start method but fork, a script that asks for ``workers > 1`` runs its
top level under ``if __name__ == "__main__":`` (a worker imports the main module;
without the guard the worker starts the pool again and Python refuses). The first
pool of a process also starts the server, about 0.8 s here; later pools reuse it.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

__all__ = ["process_pool"]


def process_pool(
    workers: int,
    *,
    initializer: Callable[..., object] | None = None,
    initargs: tuple[Any, ...] = (),
) -> ProcessPoolExecutor:
    """A process pool of `workers` processes forked from a clean forkserver."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["scalinglaws"])  # only read when the server starts
    return ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=initializer, initargs=initargs
    )
