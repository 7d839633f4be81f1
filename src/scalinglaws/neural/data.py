"""Validated runs of a model ladder: N, D, L (and C) as finite positive float arrays."""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass
from typing import Any

import numpy as np

from scalinglaws._types import FloatArray
from scalinglaws._validate import as_float_vector, check_number, require_count, require_positive
from scalinglaws.errors import InsufficientDataError, InvalidInputError

__all__ = ["Runs", "compute_budgets", "prepare_runs", "with_unique_tokens"]


@dataclass(frozen=True, eq=False)
class Runs:
    """One row per training run: parameters N, tokens D, final loss L, compute C."""

    N: FloatArray
    D: FloatArray
    L: FloatArray
    C: FloatArray  # given per run, else flops_per_token * N * D
    c_given: bool
    U: FloatArray | None = None  # unique tokens per run (data_constrained), else None

    @property
    def size(self) -> int:
        """The number of runs."""
        return int(self.L.size)


def prepare_runs(
    N: Any, D: Any, L: Any, C: Any = None, *, flops_per_token: object = 6.0, what: str = "fit"
) -> Runs:
    """Check the columns and return :class:`Runs`; raise naming the bad column otherwise."""
    k = check_number(flops_per_token, "flops_per_token", low=0.0)
    if k == 0.0:
        raise InvalidInputError("flops_per_token=0 is not allowed; the usual value is 6 (C = 6ND).")
    columns = {"N": N, "D": D, "L": L}
    if C is not None:
        columns["C"] = C
    arrays = {name: as_float_vector(value, name) for name, value in columns.items()}
    sizes = {name: array.size for name, array in arrays.items()}
    if len(set(sizes.values())) > 1:
        shown = ", ".join(f"{name} has {size}" for name, size in sizes.items())
        raise InvalidInputError(
            f"{what}: the columns must have one value per run, but {shown}; "
            "pass columns of the same table."
        )
    hints = {
        "N": "N counts parameters and must be positive",
        "D": "D counts training tokens and must be positive",
        "L": "the loss must be positive (the law is fitted to log L)",
        "C": "C counts training FLOPs and must be positive",
    }
    for name, array in arrays.items():
        require_positive(array, name, hint=hints[name])
    n, d = arrays["N"], arrays["D"]
    c = arrays["C"] if C is not None else compute_budgets(n, d, k)
    return Runs(n, d, arrays["L"], c, C is not None)


def compute_budgets(n: FloatArray, d: FloatArray, k: float) -> FloatArray:
    """C = k N D per run.

    InvalidInputError where float64 cannot hold it (N and D in units so large or small that their
    product leaves ~2e-308 to 1.8e308).
    """
    with np.errstate(over="ignore", under="ignore"):
        c = k * n * d
    bad = ~(np.isfinite(c) & (c >= sys.float_info.min))
    if bad.any():
        row = int(np.argmax(bad))
        size = math.log10(k) + math.log10(n[row]) + math.log10(d[row])
        raise InvalidInputError(
            f"C = {k:g}·N·D of run {row} is about 10^{size:.1f}, beyond what float64 holds "
            "(about 2e-308 to 1.8e308); express N or D in other units (e.g. millions), "
            "or pass C= in units of your choice."
        )
    return np.asarray(c, dtype=np.float64)


#: The column of the runs that holds each resource a one-resource law can use: steps
#: are stored as the data column D (any resource proportional to the data seen).
COLUMNS = {"N": "N", "D": "D", "C": "C", "steps": "D"}


def resource(runs: Any, variable: str) -> FloatArray:
    """The values of resource `variable` (N, D, C or steps) of runs or of a fit."""
    return np.asarray(getattr(runs, COLUMNS[variable]), dtype=np.float64)


def require_runs(runs: Runs, n_params: int, *, two_resource: bool, variable: str) -> None:
    """Enough runs for the parameters, and spread in the resources the law uses."""
    require_count(
        runs.size,
        n_params + 1,
        "L",
        "the number of runs",
        f"a law with {n_params} parameters needs more runs than parameters",
    )
    needed = ("N", "D") if two_resource else (variable,)
    for name in needed:
        values = resource(runs, name)
        if np.unique(values).size < 2:
            raise InsufficientDataError(
                f"{name}: every run has the same value {values[0]:g}, so the law's "
                f"{name} term cannot be identified; add runs at other values of {name}"
                + (" (a single model size)" if name == "N" else "")
                + "."
            )


def with_unique_tokens(runs: Runs, unique_tokens: Any) -> Runs:
    """Attach the unique tokens U of each run (Muennighoff et al. 2023): 0 < U <= D."""
    if unique_tokens is None:
        raise InvalidInputError(
            "form='data_constrained' needs unique_tokens=: the number of distinct tokens "
            "each run saw (U <= D; D / U - 1 is the number of repeated epochs)."
        )
    unique = as_float_vector(unique_tokens, "unique_tokens")
    if unique.size != runs.size:
        raise InvalidInputError(
            f"unique_tokens has {unique.size} values but there are {runs.size} runs; "
            "pass one value per run."
        )
    require_positive(unique, "unique_tokens", hint="unique tokens must be positive")
    over = unique > runs.D * (1 + 1e-9)
    if over.any():
        index = int(np.argmax(over))
        raise InvalidInputError(
            f"unique_tokens: run {index} has U = {unique[index]:g} > D = {runs.D[index]:g}; "
            "a run cannot see more distinct tokens than tokens; check the columns."
        )
    if np.all(unique * (1 + 1e-9) >= runs.D):
        raise InsufficientDataError(
            "unique_tokens: no run repeats its data (D = U everywhere), so the decay R* "
            "of repeated epochs cannot be identified; add runs with D > U or use "
            "form='chinchilla'."
        )
    return Runs(runs.N, runs.D, runs.L, runs.C, runs.c_given, np.minimum(unique, runs.D))
