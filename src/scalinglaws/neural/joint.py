"""fit_neural_joint: several groups (model families, datasets) with shared exponents.

Each group g has its own law of the chosen form, and the exponents named in
`shared` take one value for all groups: for ``form="chinchilla"`` and
``shared=("alpha", "beta")``, L = E_g + A_g/N^alpha + B_g/D^beta. The joint
objective is the sum of the groups' objectives (Huber on log L, summed over runs,
as :func:`~scalinglaws.neural.fit_neural`),

    F(s, theta_1, ..., theta_G) = sum_g f_g(s, theta_g),

minimised through its profile P(s) = sum_g min_theta f_g(s, theta): for given
shared exponents s each group is an ordinary fit with those exponents held
(``fit_neural(..., fixed=...)``'s engine, :func:`~scalinglaws.neural.problem.solve`,
the fast batched search; the runs and options are checked once, not per trial). At each group's
optimum the envelope theorem gives P's gradient and Hessian from the full form's
exact derivatives,

    grad P = sum_g grad_s f_g,   hess P = sum_g (H_ss - H_sf H_ff^+ H_fs)  (Schur complement),

so s moves by damped saddle-free Newton steps (Levenberg-Marquardt damping), each
group refitted from its last optimum; a step is kept only if P decreases. The
descent starts from the best point of a small grid of s (``GRID`` per exponent),
where every group gets its full start grid.

Borrowing exponents across families lets a family with one or two models predict
its larger ones (Choshen et al. 2025, sec. 5); the joint fit estimates the
exponents from all families at once instead of from one donor.

References
----------
Choshen, L., Zhang, Y. & Andreas, J. (2025). A hitchhiker's guide to scaling law
estimation. ICML 2025, arXiv:2410.11840.
"""

from __future__ import annotations

import itertools
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from scalinglaws._types import FloatArray
from scalinglaws._validate import as_float_vector, check_choice
from scalinglaws.errors import (
    FitError,
    FitWarning,
    InvalidInputError,
    InvalidOptionError,
    ScalingLawError,
)
from scalinglaws.neural import constraints
from scalinglaws.neural.constraints import FIXABLE, free_rows
from scalinglaws.neural.data import Runs, prepare_runs, require_runs
from scalinglaws.neural.forms import FORMS, canonical
from scalinglaws.neural.problem import penalty_of, problem, runs_of, solve
from scalinglaws.neural.result import NeuralFit

__all__ = [
    "GRID",
    "MAX_STEPS",
    "Profile",
    "Setup",
    "check_group",
    "descend",
    "group_indices",
    "profile",
    "search",
    "shared_names",
]

MAX_STEPS = 60  # Newton steps on the shared exponents at most
STEP_TOL = 1e-7  # a step this small (every coordinate, relative) ends the descent
IntArray = npt.NDArray[np.intp]
GRID = (0.2, 0.4, 0.8)  # values of each shared exponent the search starts from


@dataclass(frozen=True)
class Setup:
    """What every group's fit needs besides the shared values (all checked)."""

    form: str
    variable: str
    shared: tuple[str, ...]
    objective: str
    delta: float
    asymmetry: float
    flops_per_token: float


def shared_names(form: str, shared: Any) -> tuple[str, ...]:
    """The shared parameters: exponents of `form` (unit-free), at least one, not all."""
    names = (shared,) if isinstance(shared, str) else tuple(shared)
    allowed = [name for name in FORMS[form].theta_names if name in FIXABLE]
    if not names:
        raise InvalidOptionError(
            f"shared: name at least one exponent of form={form!r}: {', '.join(allowed)}."
        )
    for name in names:
        if name not in allowed:
            raise InvalidOptionError(
                f"shared: {name!r} cannot be shared in form={form!r}; only its exponents can "
                f"(unit-free, the same in every group's units): {', '.join(allowed) or 'none'}."
            )
    if len(set(names)) != len(names):
        raise InvalidOptionError(f"shared: {names} names a parameter twice.")
    return tuple(str(name) for name in names)


def group_indices(group: Any, size: int) -> tuple[tuple[str, ...], list[IntArray]]:
    """Group labels (as text, sorted) and the row indices of each; two groups at least."""
    labels = np.asarray(group)
    if labels.ndim != 1 or labels.size != size:
        raise InvalidInputError(
            f"group: needs one label per run ({size}); got shape {labels.shape}."
        )
    text = np.array([str(label) for label in labels])
    names = tuple(sorted(set(text.tolist())))
    if len(names) < 2:
        raise InvalidInputError(
            f"group: every run is in group {names[0] if names else None!r}; a joint fit needs "
            "two groups at least (for one, call fit_neural, with fixed= to hold exponents)."
        )
    return names, [np.flatnonzero(text == name) for name in names]


Columns = tuple[FloatArray, FloatArray, FloatArray, FloatArray | None]


def check_group(setup: Setup, columns: Columns, label: str) -> Runs:
    """One group's runs, checked once as :func:`~scalinglaws.neural.fit_neural` checks them.

    Parameters
    ----------
    setup : Setup
        The joint fit's form, variable, shared exponents and options.
    columns : tuple
        The group's N, D, L and C (None when not given).
    label : str
        The group, named in the error.

    Returns
    -------
    Runs
        The group's checked runs.

    Raises
    ------
    InvalidInputError, InsufficientDataError
        As :func:`~scalinglaws.neural.fit_neural` for these runs, the group named.
    """
    n, d, loss, c = columns
    spec = constraints.free_form(setup.form, dict.fromkeys(setup.shared, 0.0))
    try:
        runs = prepare_runs(
            n, d, loss, c, flops_per_token=setup.flops_per_token, what="fit_neural_joint"
        )
        require_runs(
            runs,
            len(spec.theta_names),
            two_resource=spec.n_features != 1,
            variable=setup.variable,
        )
    except ScalingLawError as exc:
        raise type(exc)(f"group {label!r}: {exc}") from exc
    return runs


def _fit_group(
    setup: Setup, runs: Runs, values: FloatArray, starts: FloatArray | None = None
) -> NeuralFit:
    """One group's fit with the shared exponents held at `values` (FitWarnings muted).

    :func:`~scalinglaws.neural.problem.solve` on the checked runs, as
    :func:`~scalinglaws.neural.fit_neural` with ``fixed=`` would call it.
    """
    held = constraints.check_fixed(
        FORMS[setup.form], dict(zip(setup.shared, (float(v) for v in values), strict=True))
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FitWarning)
        return solve(
            NeuralFit,
            runs,
            constraints.Constraints(setup.form, held, {}),
            variable=setup.variable,
            loss=setup.objective,
            delta=setup.delta,
            asymmetry=setup.asymmetry,
            flops_per_token=setup.flops_per_token,
            starts=starts,
        )


def _derivatives(setup: Setup, fit: NeuralFit) -> tuple[FloatArray, FloatArray]:
    """Gradient and Schur-complement Hessian of one group's profile in the shared exponents.

    From the full form's exact derivatives at the group's optimum.
    """
    form = FORMS[setup.form]
    penalty = penalty_of(fit.loss, fit.delta, fit.asymmetry)
    frame, objective = problem(runs_of(fit), form, fit.variable, penalty)
    _, grad, hess = objective.derivatives(frame.to_solver(fit.theta[None, :]))
    s = [form.theta_names.index(name) for name in setup.shared]
    f = [i for i in range(len(form.theta_names)) if i not in s]
    h_fs = hess[0][np.ix_(f, s)]
    schur = hess[0][np.ix_(s, s)] - h_fs.T @ np.linalg.pinv(hess[0][np.ix_(f, f)]) @ h_fs
    return grad[0][s], schur


@dataclass(frozen=True)
class Profile:
    """The groups' fits at one value of the shared exponents."""

    values: FloatArray
    fits: tuple[NeuralFit, ...]

    @property
    def objective(self) -> float:
        """The summed objective of every group's fit."""
        return float(sum(fit.objective for fit in self.fits))


Groups = list[Runs]  # each group's runs, checked (check_group)


def profile(
    setup: Setup, groups: Groups, values: FloatArray, warm: Profile | None
) -> Profile | None:
    """Every group refitted at `values` (from its fit in `warm`, else from its full start grid).

    None when a group has no fit there.
    """
    fits = []
    own = free_rows(FORMS[setup.form], dict.fromkeys(setup.shared, 0.0))
    for index, runs in enumerate(groups):
        starts = None if warm is None else warm.fits[index].theta[own][None, :]
        try:
            fits.append(_fit_group(setup, runs, values, starts))
        except ScalingLawError:
            return None
    return Profile(np.array(values, dtype=np.float64), tuple(fits))


def descend(setup: Setup, groups: Groups, best: Profile) -> tuple[Profile, int]:
    """Damped saddle-free Newton steps on the profile from `best`.

    A step is kept only when the summed objective decreases. Returns the end and the steps taken.
    """
    damping, steps = 1e-3, 0
    while steps < MAX_STEPS:
        steps += 1
        parts = [_derivatives(setup, fit) for fit in best.fits]
        grad = np.sum([g for g, _ in parts], axis=0)
        hess = np.sum([h for _, h in parts], axis=0)
        scale = np.sqrt(np.maximum(np.abs(np.diag(hess)), 1e-300))
        values, vectors = np.linalg.eigh(hess / np.outer(scale, scale))
        moved, step = False, np.zeros_like(grad)
        while damping < 1e12:
            step = -(vectors @ ((vectors.T @ (grad / scale)) / (np.abs(values) + damping))) / scale
            trial = profile(setup, groups, best.values + step, best)
            if trial is not None and trial.objective < best.objective:
                best, damping, moved = trial, max(damping / 3.0, 1e-9), True
                break
            damping *= 4.0
        if not moved or np.all(np.abs(step) < STEP_TOL * (1.0 + np.abs(best.values))):
            break
    return best, steps


def search(setup: Setup, groups: Groups) -> tuple[Profile, int]:
    """The joint optimum.

    The profile on a grid of the shared exponents (each group's full start grid at each point), then
    Newton on the profile from the best point.
    """
    tried = [profile(setup, groups, np.array(point), None) for point in _grid_points(setup)]
    found = [p for p in tried if p is not None]
    if not found:
        raise FitError(
            "fit_neural_joint: no value of the shared exponents gave every group a fit; "
            "check each group's runs (fit_neural on one group says why)."
        )
    return descend(setup, groups, min(found, key=lambda p: p.objective))


def _grid_points(setup: Setup) -> list[FloatArray]:
    return [np.array(point) for point in itertools.product(GRID, repeat=len(setup.shared))]


def columns_of(n: Any, d: Any, loss: Any, c: Any, rows: IntArray) -> Columns:
    """One group's N, D, L and (when given) C."""
    pick = np.asarray(rows, dtype=np.intp)
    cs = None if c is None else as_float_vector(c, "C")[pick]
    return n[pick], d[pick], loss[pick], cs


def check_form(form: Any) -> str:
    """The form's current name (aliases warn), checked: any form but ``data_constrained``.

    That law needs each run's unique tokens, which a joint fit does not take.
    """
    name = check_choice(canonical(form), "form", FORMS)
    if name == "data_constrained":
        raise InvalidOptionError(
            "form='data_constrained' needs each run's unique tokens, which fit_neural_joint "
            "does not take; fit each group with fit_neural(..., unique_tokens=...)."
        )
    return name
