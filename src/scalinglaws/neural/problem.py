"""The problem a neural fit solves: features, robust penalty, centred frame, and its refits.

Below :mod:`scalinglaws.neural.result` (whose intervals and bootstrap use it) and
:mod:`scalinglaws.neural.fit` (which checks the input, searches and builds the
:class:`~scalinglaws.neural.result.NeuralFit`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from scalinglaws._types import FloatArray
from scalinglaws._validate import check_choice
from scalinglaws.errors import InvalidInputError
from scalinglaws.neural import bootstrap, constraints
from scalinglaws.neural.data import COLUMNS, Runs, resource
from scalinglaws.neural.forms import Form
from scalinglaws.neural.frame import Frame
from scalinglaws.neural.objective import Objective, Penalty
from scalinglaws.uncertainty import Progress, RandomLike

if TYPE_CHECKING:
    from scalinglaws.neural.result import NeuralFit

__all__ = ["BOOT_STARTS", "bootstrap_samples", "features", "penalty_of", "problem"]

BOOT_STARTS = ("warm", "grid")


def features(runs: Runs, form: Form, variable: str) -> FloatArray:
    """The features the form reads: (log N, log D), log X for one variable, or
    (log N, log U, R = D/U - 1) for the data-constrained law."""
    if form.n_features == 2:
        return np.column_stack([np.log(runs.N), np.log(runs.D)])
    if form.n_features == 3:
        assert runs.U is not None  # attached by with_unique_tokens
        with np.errstate(over="ignore"):
            repeats = runs.D / runs.U - 1.0
        if not np.isfinite(repeats).all():
            row = int(np.argmax(~np.isfinite(repeats)))
            raise InvalidInputError(
                f"unique_tokens: run {row} repeats its data D/U = {runs.D[row]:g}/"
                f"{runs.U[row]:g} times, beyond float64; check that D and U are in the same units."
            )
        return np.column_stack([np.log(runs.N), np.log(runs.U), repeats])
    return np.log(resource(runs, variable))[:, None]


def _feature_names(form: Form, variable: str) -> tuple[str, ...]:
    return {1: (COLUMNS[variable],), 2: ("N", "D"), 3: ("N", "U", "R")}[form.n_features]


def penalty_of(loss: str, delta: float, asymmetry: float) -> Penalty:
    """The robust loss a fit uses: Huber (delta), least squares, or asymmetric Huber."""
    if loss == "least_squares":
        return Penalty(float("inf"))
    return Penalty(delta, asymmetry if loss == "asymmetric" else 1.0)


def problem(runs: Runs, form: Form, variable: str, penalty: Penalty) -> tuple[Frame, Objective]:
    """The centred frame of these runs and the objective the solver minimises in it."""
    feats, log_loss = features(runs, form, variable), np.log(runs.L)
    frame = Frame.of(form, feats, log_loss, _feature_names(form, variable))
    return frame, Objective(form, *frame.data(feats, log_loss), penalty)


def bootstrap_samples(
    fit: NeuralFit,
    n_boot: int,
    *,
    rng: RandomLike,
    starts: str,
    workers: int | None,
    progress: Progress | None,
) -> FloatArray:
    """(n_boot, q) natural parameters refitted to runs resampled with replacement.

    ``starts="warm"`` descends each replicate from the full-data optimum and the
    other distinct end points of its global search; ``"grid"`` reruns the whole
    grid. Failed replicates (a resample with a single value of a resource the law
    needs) are rows of NaN.
    """
    check_choice(starts, "starts", BOOT_STARTS)
    rules = constraints.Constraints(fit.form, fit.fixed, fit.bounds)
    spec = rules.form()
    runs = Runs(fit.N, fit.D, fit.L, fit.C, fit.c_given, fit.U)
    frame, objective = problem(
        runs, spec, fit.variable, penalty_of(fit.loss, fit.delta, fit.asymmetry)
    )
    warm = None
    if starts == "warm":
        points = np.vstack([fit.theta[None, :], fit.candidates[1:]])
        warm = frame.to_solver(rules.from_full(points))
    return bootstrap.replicates(
        objective, frame, warm, n_boot, rng=rng, workers=workers, progress=progress, groups=fit.run
    )
