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
from typing import Any, Literal, get_args

import numpy as np

from scalinglaws._deprecation import renamed_keywords
from scalinglaws._types import FloatArray
from scalinglaws._validate import check_choice, check_number
from scalinglaws.errors import InvalidOptionError
from scalinglaws.neural import checkpoints, constraints
from scalinglaws.neural.data import (
    prepare_runs,
    require_runs,
    with_unique_tokens,
)
from scalinglaws.neural.forms import FORMS, Form, NeuralFormName, canonical
from scalinglaws.neural.problem import (
    bootstrap_samples,
    features,
    penalty_of,
    problem,
    solve,
)
from scalinglaws.neural.result import NeuralFit
from scalinglaws.neural.solver import LOSSES, NeuralObjective
from scalinglaws.uncertainty import Progress, RandomLike

__all__ = [
    "VARIABLES",
    "bootstrap_samples",
    "check_objective",
    "check_variable",
    "features",
    "fit_neural",
    "penalty_of",
    "problem",
]

#: The resource a one-resource form is a law in.
NeuralVariable = Literal["N", "D", "C", "steps"]
VARIABLES: tuple[NeuralVariable, ...] = get_args(NeuralVariable)


def _check_starts(starts: Any, form: Form) -> FloatArray:
    grid = np.asarray(starts, dtype=np.float64)
    if grid.ndim != 2 or grid.shape[1] != len(form.theta_names) or not np.isfinite(grid).all():
        raise InvalidOptionError(
            f"starts must be a finite array of shape (k, {len(form.theta_names)}) in the fit "
            f"space ({', '.join(form.theta_names)}); got shape {grid.shape}."
        )
    return grid


def check_variable(form: Form, variable: Any) -> str:
    """``variable`` checked: a resource, and ``"N"`` for the forms in both N and D.

    Parameters
    ----------
    form : Form
        The law's form.
    variable : str
        The resource a one-resource form is a law in.

    Returns
    -------
    str
        The variable.

    Raises
    ------
    InvalidOptionError
        An unknown variable, or one other than ``"N"`` for a form in N and D.
    """
    check_choice(variable, "variable", VARIABLES)
    if form.n_features != 1 and variable != "N":
        raise InvalidOptionError(
            f"variable={variable!r} only applies to the one-resource forms "
            f"(power, power_offset, bnsl, m4); form={form.name!r} uses both N and D."
        )
    return str(variable)


def check_objective(objective: Any, delta: Any, asymmetry: Any) -> tuple[str, float, float]:
    """The robust objective and its two numbers, checked as :func:`fit_neural` takes them.

    Parameters
    ----------
    objective : str
        ``"huber"``, ``"least_squares"`` or ``"asymmetric"``.
    delta : float
        The Huber threshold (> 0).
    asymmetry : float
        The asymmetric objective's weight on over-predictions (>= 1).

    Returns
    -------
    tuple of (str, float, float)
        The objective, delta and asymmetry.

    Raises
    ------
    InvalidOptionError
        An unknown objective, delta <= 0 or asymmetry < 1.
    """
    check_choice(objective, "objective", LOSSES)
    if check_number(delta, "delta", low=0.0) == 0.0:
        raise InvalidOptionError("delta=0 is not allowed; the papers use delta=1e-3.")
    weight = check_number(asymmetry, "asymmetry", low=1.0)
    return str(objective), float(delta), float(weight)


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
    check_variable(full, variable)
    if old:  # loss=, the name of objective before "loss" meant only the runs' L
        default = objective == "huber"
        given = {"objective": None if default else objective}
        objective = renamed_keywords("fit_neural", old, given, {"loss": "objective"})["objective"]
    loss, width, weight = check_objective(objective, delta, asymmetry)
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
    fit = solve(
        NeuralFit,
        runs,
        rules,
        variable=variable,
        loss=loss,
        delta=width,
        asymmetry=weight,
        flops_per_token=float(flops_per_token),
        starts=None if starts is None else _check_starts(starts, spec),
        refine=n_refine,
        run=run_ids,
        n_burned=burned,
        burn_in=float(burn_in) if run is not None else 0.0,
    )
    if check_number(n_boot, "n_boot", low=0, integer=True) > 0:
        fit = fit.with_bootstrap(int(n_boot), rng=rng, workers=workers, progress=progress)
    return fit
