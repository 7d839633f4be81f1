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
from scalinglaws.errors import FitError, InvalidInputError
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


def _check_representable(
    fit: NeuralFit, frame: Frame, objective: Objective, theta: FloatArray
) -> None:
    """The law in the user's units must reproduce the solver's fit `theta`.

    Units far from the data's own scale (N around 1e-290, say) can push a scale
    parameter such as A c^alpha past what float64 holds (1.8e308, or below
    2.2e-308): the fit is right, but a law with such parameters cannot be
    evaluated. When the same fit is representable with the data in the grid's
    reference units, the units are the problem and the error says so; otherwise
    the data do not identify the law (exponents of absurd size).
    """
    form = objective.form
    with np.errstate(all="ignore"):
        expected = np.exp(form.predict(theta[None, :], objective.feats)[0] + frame.centre_loss)
        natural = np.array(list(fit.params.values()))
        try:
            got = fit.predict_runs(fit)
        except FitError:  # the law has no finite value at the runs
            got = np.full_like(expected, np.nan)
        if np.isfinite(natural).all() and np.allclose(got, expected, rtol=1e-6, atol=0.0):
            return
        shown = ", ".join(f"{k}={v:.3g}" for k, v in fit.params.items())
        units = np.isfinite(form.natural(frame.to_reference(theta))).all()
    if not units:
        raise FitError(
            f"fit_neural: the best fit of form={form.name!r} ({shown}) cannot be evaluated in "
            "float64; the data do not identify this law; try another form or more runs."
        )
    centres = ", ".join(
        f"{name} around {np.exp(c):.3g}"
        for name, c in zip(frame.names, frame.centre, strict=True)
        if name != "R"
    )
    raise InvalidInputError(
        f"fit_neural: in these units ({centres}, L around {np.exp(frame.centre_loss):.3g}) the "
        f"fitted law's parameters ({shown}) are beyond what float64 can hold or evaluate; "
        "rescale the columns (for example N in parameters, D in tokens, L in nats) and fit again."
    )
