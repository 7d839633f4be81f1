"""Bootstrap replicates of a neural fit, solved as one batched computation.

Resampling runs with replacement (Besiroglu et al. 2024, sec. 4) changes only how
often each run counts: a replicate's objective is ``sum_i k_i rho(r_i)`` with
``k_i`` the number of times run i was drawn. So every replicate is the full-data
objective with other run weights, and a block of replicates, each started from
the distinct optima of the full-data search, descends as one batched Newton
computation (:class:`scalinglaws.neural.solver.Descent`). Each replicate draws
its runs from its own child generator (``numpy.random.Generator.spawn``), and
blocks have a fixed size, so the replicates do not depend on the number of
worker processes.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Literal

import numpy as np
import numpy.typing as npt

from scalinglaws._pool import process_pool
from scalinglaws._types import FloatArray
from scalinglaws._validate import check_number
from scalinglaws.neural.frame import Frame
from scalinglaws.neural.objective import Objective
from scalinglaws.neural.solver import Descent, search
from scalinglaws.uncertainty import Progress, RandomLike, as_generator, resolve_workers

#: Where each bootstrap refit starts: the full-data optimum (``"warm"``), or the
#: form's grid of starts (``"grid"``).
BootstrapStarts = Literal["warm", "grid"]

__all__ = ["BLOCK_REPLICATES", "replicates"]

BLOCK_REPLICATES = 100  # replicates solved together (fixed: results do not depend on workers)
MAX_STEPS = 100  # Newton steps per warm-started replicate
RTOL = 1e-10  # relative gain below which a replicate's descent has converged


def _counts(generator: np.random.Generator, n_runs: int) -> FloatArray:
    """How often each run is drawn in one resample of the runs with replacement."""
    return np.bincount(generator.integers(0, n_runs, n_runs), minlength=n_runs).astype(np.float64)


def _solve_block(
    counts: FloatArray, *, objective: Objective, frame: Frame, warm: FloatArray, grid: bool
) -> FloatArray:
    """Natural parameters (B, q) of the replicates with run counts `counts` (B, n).

    With ``grid=False`` every replicate descends from each row of `warm` and keeps
    the best end point; with ``grid=True`` `warm` is a start grid and each replicate
    runs the whole global search over it.
    """
    form = objective.form
    out = np.full((counts.shape[0], len(form.param_names)), np.nan)
    # A resample with a single value of a feature cannot identify the law's term in it.
    live = np.flatnonzero([np.ptp(objective.feats[k > 0], axis=0).min() > 0 for k in counts])
    if live.size == 0:
        return out
    if grid:
        theta = np.array([search(warm, objective, weights=counts[i], refine=2).theta for i in live])
    else:
        starts = warm.shape[0]
        weights = np.repeat(counts[live], starts, axis=0)
        state = Descent.start(objective, np.tile(warm, (live.size, 1)), weights)
        state.run(objective, np.arange(weights.shape[0]), MAX_STEPS, RTOL)
        best = np.argmin(state.value.reshape(live.size, starts), axis=1)
        theta = state.theta[np.arange(live.size) * starts + best]
    with np.errstate(all="ignore"):
        natural = form.natural(frame.to_user(theta))
    out[live] = np.where(np.isfinite(natural).all(axis=1, keepdims=True), natural, np.nan)
    return out


def replicates(
    objective: Objective,
    frame: Frame,
    warm: FloatArray | None,
    n_boot: int,
    *,
    rng: RandomLike,
    workers: int | None,
    progress: Progress | None,
    groups: npt.NDArray[np.int64] | None = None,
) -> FloatArray:
    """(n_boot, q) natural parameters of replicates over runs resampled with replacement.

    `warm` holds the solver-frame starts of every replicate (the full-data optima);
    None reruns the form's whole start grid for each replicate. `groups` gives the
    run (0..R-1) of each row when rows are checkpoints: whole runs are resampled and
    each row counts as often as its run was drawn. Replicates whose resample cannot
    identify the law are rows of NaN.
    """
    count = int(check_number(n_boot, "n_boot", low=1, integer=True))
    n_rows = objective.log_loss.size
    n_runs = n_rows if groups is None else int(groups.max()) + 1
    counts = np.array([_counts(g, n_runs) for g in as_generator(rng).spawn(count)])
    counts = counts.reshape(count, n_runs)
    if groups is not None:
        counts = counts[:, groups]
    task = functools.partial(
        _solve_block,
        objective=objective,
        frame=frame,
        warm=frame.grid(objective.feats, objective.log_loss) if warm is None else warm,
        grid=warm is None,
    )
    blocks = [counts[lo : lo + BLOCK_REPLICATES] for lo in range(0, count, BLOCK_REPLICATES)]
    return np.vstack(_map(task, blocks, min(resolve_workers(workers), len(blocks)), progress))


def _map(
    task: functools.partial[FloatArray],
    blocks: Sequence[FloatArray],
    workers: int,
    progress: Progress | None,
) -> list[FloatArray]:
    """task(block) for every block, in order, in `workers` processes."""
    if workers <= 1:
        results = []
        for block in blocks:
            results.append(task(block))
            if progress is not None:
                progress(block.shape[0])
        return results
    with process_pool(workers) as pool:  # forkserver workers: a fork would inherit torch's locks
        futures = [pool.submit(task, block) for block in blocks]
        results = []
        for future, block in zip(futures, blocks, strict=True):
            results.append(future.result())
            if progress is not None:
                progress(block.shape[0])
        return results
