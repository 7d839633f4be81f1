"""The problem a neural fit solves: features, robust penalty, centred frame, and its refits.

Below :mod:`scalinglaws.neural.result` (whose intervals and bootstrap use it) and
:mod:`scalinglaws.neural.fit` (which checks the input, searches and builds the
:class:`~scalinglaws.neural.result.NeuralFit`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, TypeVar, get_args

import numpy as np

from scalinglaws._types import FloatArray
from scalinglaws._validate import check_choice
from scalinglaws.errors import FitError, InvalidInputError
from scalinglaws.neural import bootstrap, constraints, diagnostics
from scalinglaws.neural.data import COLUMNS, Runs, resource
from scalinglaws.neural.forms import FORMS, Form
from scalinglaws.neural.frame import Frame
from scalinglaws.neural.objective import Objective, Penalty
from scalinglaws.neural.solver import search
from scalinglaws.results import flag
from scalinglaws.uncertainty import Progress, RandomLike

if TYPE_CHECKING:
    from scalinglaws.neural.checkpoints import IntArray
    from scalinglaws.neural.result import NeuralFit

__all__ = [
    "BOOT_STARTS",
    "bootstrap_samples",
    "features",
    "penalty_of",
    "problem",
    "run_features",
    "runs_of",
    "solve",
]

Fit = TypeVar("Fit", bound="NeuralFit")

BOOT_STARTS: tuple[bootstrap.BootstrapStarts, ...] = get_args(bootstrap.BootstrapStarts)


def features(runs: Runs, form: Form, variable: str) -> FloatArray:
    """The features the form reads.

    (log N, log D), log X for one variable, or (log N, log U, R = D/U - 1) for the data-constrained
    law.
    """
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


def runs_of(fit: NeuralFit) -> Runs:
    """The checked runs a fit was fitted to (its own columns)."""
    return Runs(fit.N, fit.D, fit.L, fit.C, fit.c_given, fit.U)


def run_features(fit: NeuralFit) -> FloatArray:
    """The features of a fit's own runs, as its form reads them (:func:`features`)."""
    return features(runs_of(fit), FORMS[fit.form], fit.variable)


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
    frame, objective = problem(
        runs_of(fit), spec, fit.variable, penalty_of(fit.loss, fit.delta, fit.asymmetry)
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


def solve(
    result_type: type[Fit],
    runs: Runs,
    rules: constraints.Constraints,
    *,
    variable: str,
    loss: str,
    delta: float,
    asymmetry: float,
    flops_per_token: float,
    starts: FloatArray | None = None,
    refine: int = 4,
    run: IntArray | None = None,
    n_burned: int = 0,
    burn_in: float = 0.0,
) -> Fit:
    """Search the law's parameters for checked runs and options, and build the result.

    The engine of :func:`~scalinglaws.neural.fit.fit_neural` (which checks the input
    first) and of :meth:`NeuralFit.backtest <scalinglaws.neural.result.NeuralFit.backtest>`
    (which refits on the cheaper runs): the global search from the form's grid (or
    `starts`, in the fit space), then the result of `result_type`, warned where a
    parameter sits at a bound or few starts reached the best basin.

    Parameters
    ----------
    result_type : type
        The result class to build (:class:`~scalinglaws.neural.result.NeuralFit`).
    runs : Runs
        The runs, checked.
    rules : Constraints
        The form with its fixed and bounded exponents.
    variable, loss, delta, asymmetry, flops_per_token
        As in :func:`~scalinglaws.neural.fit.fit_neural`, checked.
    starts : ndarray, optional
        Starting points in the fit space; default the form's grid.
    refine : int, optional
        How many of the best distinct end points are polished and kept.
    run : ndarray, optional
        The run index of each row (checkpoints), or None.
    n_burned : int, optional
        Checkpoint rows dropped by the burn-in.
    burn_in : float, optional
        The burn-in share used (0 without checkpoints).

    Returns
    -------
    NeuralFit
        The fit, with its warnings.

    Raises
    ------
    FitError
        No start reaches a finite objective, or the best fit is degenerate.
    """
    spec = rules.form()
    frame, objective = problem(runs, spec, variable, penalty_of(loss, delta, asymmetry))
    if starts is None:
        grid = frame.grid(objective.feats, objective.log_loss)
    else:
        grid = frame.to_solver(starts)
    found = search(grid, objective, refine=refine)
    if not np.isfinite(found.value):
        raise FitError(
            f"fit_neural: no start reached a finite objective for form={spec.name!r}; "
            "check the data's units or pass starts= near plausible values."
        )
    with np.errstate(over="ignore"):
        natural = spec.natural(found.theta)  # in the solver's frame
    if not np.isfinite(natural).all():
        shown = ", ".join(f"{k}={v:.3g}" for k, v in zip(spec.param_names, natural, strict=True))
        raise FitError(
            f"fit_neural: the best fit of form={spec.name!r} has a non-finite parameter "
            f"({shown}); the data do not identify this law; try another form or more runs."
        )
    fit = result_type(
        form=rules.name,
        variable=variable,
        N=runs.N,
        D=runs.D,
        L=runs.L,
        C=runs.C,
        c_given=runs.c_given,
        flops_per_token=flops_per_token,
        loss=loss,
        delta=delta,
        asymmetry=asymmetry if loss == "asymmetric" else 1.0,
        U=runs.U,
        theta=rules.to_full(frame.to_user(found.theta)),
        objective=found.value,
        n_starts=found.n_starts,
        n_best_basin=found.n_best_basin,
        candidates=rules.to_full(frame.to_user(found.candidates)),
        run=run,
        n_burned=n_burned,
        burn_in=burn_in,
        fixed=rules.fixed,
        bounds=rules.bounds,
    )
    _check_representable(fit, frame, objective, found.theta)
    free_params = {k: v for k, v in fit.params.items() if k not in rules.fixed}
    reasons = diagnostics.bound_reasons(spec, found.theta, objective.feats, free_params)
    reasons += diagnostics.basin_reasons(found.n_starts, found.n_best_basin)
    reasons += constraints.bound_reasons(fit.params, rules.bounds)
    return replace(fit, warnings=flag(reasons))
