"""Intermediate checkpoints as rows of a neural fit: run ids and the burn-in trim.

A training run evaluated at several checkpoints gives several (N, D, L) rows that
share a model and its noise: they are not independent runs. ``fit_neural(...,
run=ids)`` keeps the run of every row, so that

* the first ``burn_in`` share of each run's tokens is dropped (default 10%: a
  checkpoint with D <= 0.1 D_final of its run, where the learning-rate warmup and
  the initial transient dominate and the law does not hold; Hoffmann et al. 2022,
  sec. 3.1, and Porian et al. 2024 discard early checkpoints likewise);
* the bootstrap resamples whole runs with replacement, every checkpoint of a drawn
  run counting as often as the run was drawn (a block bootstrap over runs), not
  rows, so its intervals are not made narrow by treating checkpoints of one run
  as independent.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from scalinglaws._validate import check_number
from scalinglaws.errors import InvalidInputError
from scalinglaws.neural.data import Runs

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

__all__ = ["BURN_IN", "run_index", "trim"]

#: Default share of each run's final tokens whose checkpoints are dropped.
BURN_IN = 0.1


def run_index(run: Any, sizes: npt.NDArray[np.float64], what: str) -> IntArray:
    """The run (0..R-1) of every row, checked: one label per row, one N (`sizes`) per run."""
    labels = pd.Series(np.asarray(run, dtype=object).ravel())
    if labels.size != sizes.size:
        raise InvalidInputError(
            f"{what}: run has {labels.size} labels but there are {sizes.size} rows; pass "
            "the run id of every point (a column of the same table)."
        )
    codes, uniques = pd.factorize(labels)
    index = np.asarray(codes, dtype=np.int64)
    if (index < 0).any():
        raise InvalidInputError(
            f"{what}: run has a missing label (NaN or None) at row "
            f"{int(np.argmax(index < 0))}; give every point the run it belongs to."
        )
    first = np.array([sizes[index == r][0] for r in range(len(uniques))])
    mixed = first[index] != sizes
    if mixed.any():
        row = int(np.argmax(mixed))
        raise InvalidInputError(
            f"{what}: run {uniques[index[row]]!r} has more than one value of N (row {row}: "
            f"N = {sizes[row]:g}, earlier {first[index[row]]:g}); each run is one model size."
        )
    return index


def trim(run: Any, runs: Runs, burn_in: float) -> tuple[Runs, IntArray | None, int]:
    """The rows kept after the burn-in, their run index, and how many were dropped.

    With ``run=None`` every row is its own run and nothing is dropped.
    """
    share = check_number(burn_in, "burn_in", low=0.0, high=1.0)
    if run is None:
        return runs, None, 0
    index = run_index(run, runs.N, "fit_neural")
    final = np.zeros(int(index.max()) + 1)
    np.maximum.at(final, index, runs.D)
    keep: BoolArray = share * final[index] < runs.D
    kept_runs = Runs(
        runs.N[keep],
        runs.D[keep],
        runs.L[keep],
        runs.C[keep],
        runs.c_given,
        None if runs.U is None else runs.U[keep],
    )
    _, dense = np.unique(index[keep], return_inverse=True)
    return kept_runs, np.asarray(dense, dtype=np.int64).ravel(), int((~keep).sum())
