"""fit_neural: the parametric loss L(N, D) fitted as Hoffmann et al. (2022) and Epoch do it.

Huber loss (delta = 1e-3) on log-space residuals of the log-sum-exp form, summed
over runs; global search from Hoffmann et al.'s 4,500-point grid of starts, all
descended as one batched Newton computation and pruned by successive halving,
the best basins polished to double precision (Hoffmann et al. 2022, app. D.2;
Besiroglu et al. 2024, sec. 2). The solver works in a centred frame
(:mod:`scalinglaws.neural.frame`), so the fit does not depend on the data's units.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any, Literal, get_args

import numpy as np

from scalinglaws._deprecation import renamed_keywords
from scalinglaws._types import FloatArray
from scalinglaws._validate import check_choice, check_number
from scalinglaws.errors import FitError, InvalidInputError, InvalidOptionError
from scalinglaws.neural import bootstrap, checkpoints, constraints, diagnostics
from scalinglaws.neural.bootstrap import BootstrapStarts
from scalinglaws.neural.data import (
    COLUMNS,
    Runs,
    prepare_runs,
    require_runs,
    resource,
    with_unique_tokens,
)
from scalinglaws.neural.forms import FORMS, Form, NeuralFormName, canonical
from scalinglaws.neural.frame import Frame
from scalinglaws.neural.objective import Objective, Penalty
from scalinglaws.neural.result import NeuralFit
from scalinglaws.neural.solver import LOSSES, NeuralObjective, search
from scalinglaws.results import flag
from scalinglaws.uncertainty import Progress, RandomLike

__all__ = [
    "VARIABLES",
    "bootstrap_samples",
    "features",
    "fit_neural",
    "penalty_of",
    "problem",
]

#: The resource a one-resource form is a law in.
NeuralVariable = Literal["N", "D", "C", "steps"]
VARIABLES: tuple[NeuralVariable, ...] = get_args(NeuralVariable)
BOOT_STARTS: tuple[BootstrapStarts, ...] = get_args(BootstrapStarts)


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


def _check_starts(starts: Any, form: Form) -> FloatArray:
    grid = np.asarray(starts, dtype=np.float64)
    if grid.ndim != 2 or grid.shape[1] != len(form.theta_names) or not np.isfinite(grid).all():
        raise InvalidOptionError(
            f"starts must be a finite array of shape (k, {len(form.theta_names)}) in the fit "
            f"space ({', '.join(form.theta_names)}); got shape {grid.shape}."
        )
    return grid


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


def fit_neural(
    N: Any,
    D: Any,
    L: Any,
    *,
    form: NeuralFormName = "chinchilla",
    variable: NeuralVariable = "N",
    C: Any = None,
    flops_per_token: float = 6.0,
    unique_tokens: Any = None,
    run: Any = None,
    burn_in: float = checkpoints.BURN_IN,
    fixed: Mapping[str, float] | None = None,
    bounds: Mapping[str, tuple[float, float]] | None = None,
    objective: NeuralObjective = "huber",
    delta: float = 1e-3,
    asymmetry: float = 2.0,
    starts: Any = None,
    refine: int = 4,
    n_boot: int = 0,
    rng: RandomLike = 0,
    workers: int | None = None,
    progress: Progress | None = None,
    **old: Any,
) -> NeuralFit:
    """Fit a neural scaling law to final losses L of runs with N parameters and D tokens.

    The law minimises the summed Huber loss of log L_hat - log L over a grid of
    starts, as Hoffmann et al. (2022, appendix D.2) do, here by batched damped Newton
    steps (:mod:`scalinglaws.neural.solver`).

    Parameters
    ----------
    N : array_like
        Parameters of each run (one value per run).
    D : array_like
        Training tokens of each run.
    L : array_like
        Final loss of each run.
    form : str, default "chinchilla"
        ``"chinchilla"`` L = E + A/N^alpha + B/D^beta (Hoffmann et al. 2022),
        ``"chinchilla_tied"`` (alpha = beta), ``"power_offset"`` L = E + A/X^alpha
        and ``"power"`` L = A/X^alpha in one resource X = `variable`, ``"kaplan"``
        L = [(Nc/N)^(alpha_N/alpha_D) + Dc/D]^alpha_D (Kaplan et al. 2020),
        ``"data_constrained"`` L = E + A/N^alpha + B/D'^beta with the effective
        data D' of repeated epochs (Muennighoff et al. 2023; needs
        `unique_tokens`), ``"bnsl"``
        L = a + b X^-c0 (1 + (X/d1)^(1/f1))^(-c1 f1) in one resource X
        (Caballero et al. 2023; ``"broken_power"`` is its deprecated alias), or
        ``"m4"`` (L - L_inf)/(L_0 - L)^alpha = beta X^c in one resource X
        (Alabdulmohsin et al. 2022, eq. 4).
    variable : {"N", "D", "C", "steps"}, default "N"
        The resource X of the one-resource forms (``"steps"`` is read from the D
        column: pass steps as D).
    C : array_like, optional
        Training FLOPs per run; default ``flops_per_token * N * D``.
    flops_per_token : float, default 6.0
        k in C = k N D.
    unique_tokens : array_like, optional
        Distinct tokens U <= D of each run (``data_constrained`` only).
    run : array_like, optional
        The run id of each row when rows are intermediate checkpoints (D the tokens
        seen so far): checkpoints with D <= `burn_in` times their run's final D are
        dropped, and the bootstrap resamples whole runs, not rows
        (:mod:`scalinglaws.neural.checkpoints`). None: every row is a run's final loss.
    burn_in : float, default 0.1
        Share of each run's tokens whose checkpoints are dropped (with `run`).
    fixed : mapping of str to float, optional
        Exponents held at given values, e.g. ``{"alpha": 0.34, "beta": 0.28}``
        borrowed from another family; the other parameters are fitted
        (:mod:`scalinglaws.neural.constraints`). `starts` are then in the free
        parameters' fit space.
    bounds : mapping of str to (float, float), optional
        Intervals for exponents, e.g. ``{"alpha": (0.2, 0.6)}``; a fit that ends
        at an end of one says so (``FitWarning``).
    objective : {"huber", "least_squares", "asymmetric"}, default "huber"
        The fit's criterion: ``"huber"`` (with `delta`, summed, as the papers),
        ``"least_squares"``, or ``"asymmetric"``: Huber with under-predictions (law
        below the run) weighted `asymmetry` times, for planning that must not be
        optimistic. (``loss=`` is its deprecated name: "loss" is the runs' L.)
    delta : float, default 1e-3
        Huber's threshold on log-loss residuals (Hoffmann et al.'s 1e-3).
    asymmetry : float, default 2.0
        The weight on under-predictions with ``objective="asymmetric"``.
    starts : array_like, optional
        Fit-space starting points (k, p); default the form's grid (for
        ``chinchilla``, Hoffmann et al.'s 4,500 points).
    refine : int, default 4
        How many of the best distinct end points are polished and kept as
        ``candidates`` (the bootstrap's warm starts).
    n_boot : int, default 0
        Bootstrap replicates over runs (0: none); see :meth:`NeuralFit.with_bootstrap`.
    rng : int, numpy.random.Generator or None, default 0
        The bootstrap's seed.
    workers : int, optional
        Worker processes for the bootstrap; None uses every core.
    progress : callable, optional
        Called as ``progress(k)`` as replicates finish.
    **old
        Deprecated keywords (``loss=``), accepted one release with a warning.

    Returns
    -------
    NeuralFit
        The fitted law, warned where it cannot be trusted.

    Raises
    ------
    InvalidInputError
        Mismatched lengths, NaN, non-positive values, or units so extreme that the
        fitted parameters are not representable in float64.
    InsufficientDataError
        Fewer runs than parameters + 1, or a single model size.
    InvalidOptionError
        An unknown form, objective or variable, or a bad number.
    FitError
        No start reaches a finite objective, or the best fit is degenerate.

    References
    ----------
    .. [1] Hoffmann, J. et al. (2022). Training compute-optimal large language models.
       arXiv:2203.15556.
    .. [2] Kaplan, J. et al. (2020). Scaling laws for neural language models.
       arXiv:2001.08361.
    .. [3] Muennighoff, N. et al. (2023). Scaling data-constrained language models.
       NeurIPS 2023.
    .. [4] Caballero, E. et al. (2023). Broken neural scaling laws. ICLR 2023.
    .. [5] Alabdulmohsin, I., Neyshabur, B. & Zhai, X. (2022). Revisiting neural
       scaling laws in language and vision. NeurIPS 35, eq. 4.
    """
    full = FORMS[check_choice(canonical(form), "form", FORMS)]
    held = constraints.check_fixed(full, fixed)
    limits = constraints.check_bounds(full, bounds, held)
    rules = constraints.Constraints(full.name, held, limits)
    spec = rules.form()
    check_choice(variable, "variable", VARIABLES)
    if spec.n_features != 1 and variable != "N":
        raise InvalidOptionError(
            f"variable={variable!r} only applies to the one-resource forms "
            f"(power, power_offset, bnsl, m4); form={full.name!r} uses both N and D."
        )
    if old:  # loss=, the name of objective before "loss" meant only the runs' L
        default = objective == "huber"
        given = {"objective": None if default else objective}
        objective = renamed_keywords("fit_neural", old, given, {"loss": "objective"})["objective"]
    loss = objective
    check_choice(loss, "objective", LOSSES)
    width = check_number(delta, "delta", low=0.0)
    if width == 0.0:
        raise InvalidOptionError("delta=0 is not allowed; the papers use delta=1e-3.")
    weight = check_number(asymmetry, "asymmetry", low=1.0)
    penalty = penalty_of(loss, width, weight)
    n_refine = int(check_number(refine, "refine", low=1, integer=True))
    runs = prepare_runs(N, D, L, C, flops_per_token=flops_per_token, what="fit_neural")
    if full.name == "data_constrained":
        runs = with_unique_tokens(runs, unique_tokens)
    elif unique_tokens is not None:
        raise InvalidOptionError(
            f"unique_tokens only applies to form='data_constrained', not {full.name!r}."
        )
    runs, run_ids, burned = checkpoints.trim(run, runs, burn_in)
    require_runs(runs, len(spec.theta_names), two_resource=spec.n_features != 1, variable=variable)
    frame, criterion = problem(runs, spec, variable, penalty)
    if starts is None:
        grid = frame.grid(criterion.feats, criterion.log_loss)
    else:
        grid = frame.to_solver(_check_starts(starts, spec))
    found = search(grid, criterion, refine=n_refine)
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
    fit = NeuralFit(
        form=full.name,
        variable=variable,
        N=runs.N,
        D=runs.D,
        L=runs.L,
        C=runs.C,
        c_given=runs.c_given,
        flops_per_token=float(flops_per_token),
        loss=loss,
        delta=float(delta),
        asymmetry=float(weight) if loss == "asymmetric" else 1.0,
        U=runs.U,
        theta=rules.to_full(frame.to_user(found.theta)),
        objective=found.value,
        n_starts=found.n_starts,
        n_best_basin=found.n_best_basin,
        candidates=rules.to_full(frame.to_user(found.candidates)),
        run=run_ids,
        n_burned=burned,
        burn_in=float(burn_in) if run is not None else 0.0,
        fixed=held,
        bounds=limits,
    )
    _check_representable(fit, frame, criterion, found.theta)
    free_params = {k: v for k, v in fit.params.items() if k not in held}
    reasons = diagnostics.bound_reasons(spec, found.theta, criterion.feats, free_params)
    reasons += diagnostics.basin_reasons(found.n_starts, found.n_best_basin)
    reasons += constraints.bound_reasons(fit.params, limits)
    fit = replace(fit, warnings=flag(reasons))
    if check_number(n_boot, "n_boot", low=0, integer=True) > 0:
        fit = fit.with_bootstrap(int(n_boot), rng=rng, workers=workers, progress=progress)
    return fit


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
