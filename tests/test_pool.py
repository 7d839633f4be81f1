"""Process pools start their workers from a forkserver, never by forking the caller.

A forked child inherits locks held by the caller's other threads (OpenMP/BLAS
pools after torch ran) and can hang at its first parallel call; the suite hung
that way in a corpus fit run after the language-model tests.
"""

from __future__ import annotations

import numpy as np

from scalinglaws._pool import process_pool
from scalinglaws.uncertainty import run_replicates


def test_workers_come_from_the_forkserver() -> None:
    with process_pool(1) as pool:
        assert pool._mp_context.get_start_method() == "forkserver"  # type: ignore[attr-defined]


def test_parallel_replicates_equal_serial_ones_after_threads_ran() -> None:
    torch = __import__("torch")
    torch.set_num_threads(2)
    torch.ones(256, 256) @ torch.ones(256, 256)  # start the OpenMP pool in this process
    serial = run_replicates(np.random.Generator.random, 16, rng=3, workers=1)
    parallel = run_replicates(np.random.Generator.random, 16, rng=3, workers=2)
    assert parallel == serial
