"""fit_neural: the parametric loss L(N, D) fitted as Hoffmann et al. (2022) and Epoch do it.

Huber loss (delta = 1e-3) on log-space residuals of the log-sum-exp form, summed
over runs; global search from Hoffmann et al.'s 4,500-point grid of starts, all
descended as one batched computation, the best basins polished with L-BFGS-B
(Hoffmann et al. 2022, app. D.2; Besiroglu et al. 2024, sec. 2).
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
import numpy.typing as npt

from scalinglaws._validate import check_choice, check_number
from scalinglaws.errors import FitError, InvalidOptionError
from scalinglaws.neural.data import Runs, prepare_runs, require_runs, with_unique_tokens
from scalinglaws.neural.forms import FORMS, Form
from scalinglaws.neural.result import NeuralFit
from scalinglaws.neural.solver import LOSSES, Penalty, batched_descent, search
from scalinglaws.uncertainty import Progress, RandomLike, run_replicates

FloatArray = npt.NDArray[np.float64]

__all__ = ["VARIABLES", "bootstrap_samples", "features", "fit_neural", "penalty_of"]

VARIABLES = ("N", "D", "C")
BOOT_STARTS = ("warm", "grid")


def features(runs: Runs, form: Form, variable: str) -> FloatArray:
    """The features the form reads: (log N, log D), log X for one variable, or
    (log N, log U, R = D/U - 1) for the data-constrained law."""
    if form.n_features == 2:
        return np.column_stack([np.log(runs.N), np.log(runs.D)])
    if form.n_features == 3:
        assert runs.U is not None  # attached by with_unique_tokens
        return np.column_stack([np.log(runs.N), np.log(runs.U), runs.D / runs.U - 1.0])
    column: FloatArray = getattr(runs, variable)
    return np.log(column)[:, None]


def penalty_of(loss: str, delta: float, asymmetry: float) -> Penalty:
    """The robust loss a fit uses: Huber (delta), least squares, or asymmetric Huber."""
    if loss == "least_squares":
        return Penalty(float("inf"))
    return Penalty(delta, asymmetry if loss == "asymmetric" else 1.0)


def _check_starts(starts: Any, form: Form, feats: FloatArray, log_loss: FloatArray) -> FloatArray:
    if starts is None:
        return form.grid(feats, log_loss)
    grid = np.asarray(starts, dtype=np.float64)
    if grid.ndim != 2 or grid.shape[1] != len(form.theta_names) or not np.isfinite(grid).all():
        raise InvalidOptionError(
            f"starts must be a finite array of shape (k, {len(form.theta_names)}) in the fit "
            f"space ({', '.join(form.theta_names)}); got shape {grid.shape}."
        )
    return grid


def fit_neural(
    N: Any,
    D: Any,
    L: Any,
    *,
    form: str = "chinchilla",
    variable: str = "N",
    C: Any = None,
    flops_per_token: float = 6.0,
    unique_tokens: Any = None,
    loss: str = "huber",
    delta: float = 1e-3,
    asymmetry: float = 2.0,
    starts: Any = None,
    refine: int = 4,
    n_boot: int = 0,
    rng: RandomLike = 0,
    workers: int | None = None,
    progress: Progress | None = None,
) -> NeuralFit:
    """Fit a neural scaling law to final losses L of runs with N parameters and D tokens.

    Args:
        N, D, L: one value per run (parameters, training tokens, final loss).
        form: ``"chinchilla"`` L = E + A/N^alpha + B/D^beta (Hoffmann et al. 2022),
            ``"chinchilla_tied"`` (alpha = beta), ``"power_offset"`` L = E + A/X^alpha
            in one resource X = `variable`, ``"kaplan"``
            L = [(Nc/N)^(alpha_N/alpha_D) + Dc/D]^alpha_D (Kaplan et al. 2020),
            ``"data_constrained"`` L = E + A/N^alpha + B/D'^beta with the effective
            data D' of repeated epochs (Muennighoff et al. 2023; needs
            `unique_tokens`), or ``"broken_power"``
            L = a + b X^-c0 (1 + (X/d1)^(1/f1))^(-c1 f1) in one resource X
            (Caballero et al. 2023).
        variable: the resource X of the one-resource forms: ``"N"``, ``"D"`` or ``"C"``.
        C: training FLOPs per run; default ``flops_per_token * N * D``.
        unique_tokens: distinct tokens U <= D of each run (``data_constrained`` only).
        loss: ``"huber"`` (with `delta`, summed, as the papers), ``"least_squares"``,
            or ``"asymmetric"``: Huber with under-predictions (law below the run)
            weighted `asymmetry` times, for planning that must not be optimistic.
        starts: fit-space starting points (k, p); default the form's grid (for
            ``chinchilla``, Hoffmann et al.'s 4,500 points).
        refine: how many of the best distinct end points L-BFGS-B polishes.
        n_boot: bootstrap replicates over runs (0: none); see :meth:`NeuralFit.with_bootstrap`.

    Raises:
        InvalidInputError: mismatched lengths, NaN, non-positive values.
        InsufficientDataError: fewer runs than parameters + 1, or a single model size.
        InvalidOptionError: an unknown form, loss or variable, or a bad number.
    """
    spec = FORMS[check_choice(form, "form", FORMS)]
    check_choice(variable, "variable", VARIABLES)
    if spec.n_features != 1 and variable != "N":
        raise InvalidOptionError(
            f"variable={variable!r} only applies to the one-resource forms "
            f"(power_offset, broken_power); form={spec.name!r} uses both N and D."
        )
    check_choice(loss, "loss", LOSSES)
    width = check_number(delta, "delta", low=0.0)
    if width == 0.0:
        raise InvalidOptionError("delta=0 is not allowed; the papers use delta=1e-3.")
    weight = check_number(asymmetry, "asymmetry", low=1.0)
    penalty = penalty_of(loss, width, weight)
    n_refine = int(check_number(refine, "refine", low=1, integer=True))
    runs = prepare_runs(N, D, L, C, flops_per_token=flops_per_token, what="fit_neural")
    if spec.name == "data_constrained":
        runs = with_unique_tokens(runs, unique_tokens)
    elif unique_tokens is not None:
        raise InvalidOptionError(
            f"unique_tokens only applies to form='data_constrained', not {spec.name!r}."
        )
    require_runs(runs, len(spec.theta_names), two_resource=spec.n_features != 1, variable=variable)
    feats = features(runs, spec, variable)
    grid = _check_starts(starts, spec, feats, np.log(runs.L))
    found = search(grid, spec, feats, np.log(runs.L), penalty, refine=n_refine)
    if not np.isfinite(found.value):
        raise FitError(
            f"fit_neural: no start reached a finite objective for form={spec.name!r}; "
            "check the data's units or pass starts= near plausible values."
        )
    with np.errstate(over="ignore"):
        natural = spec.natural(found.theta)
    if not np.isfinite(natural).all():
        shown = ", ".join(f"{k}={v:.3g}" for k, v in zip(spec.param_names, natural, strict=True))
        raise FitError(
            f"fit_neural: the best fit of form={spec.name!r} has a non-finite parameter "
            f"({shown}); the data do not identify this law; try another form or more runs."
        )
    fit = NeuralFit(
        form=spec.name,
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
        theta=found.theta,
        objective=found.value,
        n_starts=found.n_starts,
        n_best_basin=found.n_best_basin,
        candidates=found.candidates,
    )
    if check_number(n_boot, "n_boot", low=0, integer=True) > 0:
        fit = fit.with_bootstrap(int(n_boot), rng=rng, workers=workers, progress=progress)
    return fit


def _replicate(
    generator: np.random.Generator,
    *,
    form: str,
    feats: FloatArray,
    log_loss: FloatArray,
    penalty: Penalty,
    warm: FloatArray | None,
) -> FloatArray:
    """One bootstrap replicate: resample runs, refit, return the natural parameters."""
    spec = FORMS[form]
    index = generator.integers(0, log_loss.size, log_loss.size)
    x, y = feats[index], log_loss[index]
    if np.any(np.ptp(x, axis=0) == 0):
        return np.full(len(spec.param_names), np.nan)
    if warm is None:
        theta = search(spec.grid(x, y), spec, x, y, penalty, refine=2).theta
    else:
        # Damped Gauss-Newton to rtol 1e-10 only: an L-BFGS-B polish moves the
        # parameters far less than their bootstrap spread and would triple the cost.
        ends, values = batched_descent(warm, spec, x, y, penalty, max_iter=200)
        theta = ends[int(np.argmin(values))]
    return np.asarray(spec.natural(theta), dtype=np.float64)


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
    other distinct end points of its global search; ``"grid"`` reruns the whole grid.
    """
    check_choice(starts, "starts", BOOT_STARTS)
    spec = FORMS[fit.form]
    runs = Runs(fit.N, fit.D, fit.L, fit.C, fit.c_given, fit.U)
    warm = None
    if starts == "warm":
        warm = np.vstack([fit.theta[None, :], fit.candidates[1:]])
    task = functools.partial(
        _replicate,
        form=fit.form,
        feats=features(runs, spec, fit.variable),
        log_loss=np.log(fit.L),
        penalty=penalty_of(fit.loss, fit.delta, fit.asymmetry),
        warm=warm,
    )
    rows = run_replicates(task, n_boot, rng=rng, workers=workers, progress=progress)
    return np.array(rows, dtype=np.float64)
