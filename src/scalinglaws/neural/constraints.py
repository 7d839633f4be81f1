"""Fixed exponents: a law fitted with some of its exponents held at given values.

Borrowing exponents from another model family lets one or two models of a new
family predict its larger ones: with alpha and beta known, only the scales E, A, B
are left to fit (Choshen et al. 2025, sec. 5). ``fit_neural(..., fixed={"alpha":
0.34})`` holds those parameters and fits the rest.

Only exponents can be fixed (alpha, beta, alpha_N, alpha_D, c0, c1, and the
break's log f1 is not one): they are unit-free, so a fixed value means the same in
every unit and in the solver's centred frame; a scale parameter's value depends on
the units of the data. The fixed law is a :class:`~scalinglaws.neural.forms.Form`
over the free parameters (its model evaluates the full form with the fixed values
inserted, its Jacobian keeps the free rows), so the solver, the bootstrap and the
asymptotic covariance all see the free parameters only; a fixed parameter has
zero variance.

References
----------
Choshen, L., Zhang, Y. & Andreas, J. (2025). A hitchhiker's guide to scaling law
estimation. ICML 2025, arXiv:2410.11840.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import numpy as np
import numpy.typing as npt

from scalinglaws._validate import check_number
from scalinglaws.errors import InvalidOptionError
from scalinglaws.neural.forms import FORMS, Form

FloatArray = npt.NDArray[np.float64]

__all__ = ["FIXABLE", "check_fixed", "expand", "free_form", "free_rows"]

#: The parameters that can be fixed: exponents, unit-free (same name in fit space).
FIXABLE = ("alpha", "beta", "alpha_N", "alpha_D", "c0", "c1")


def check_fixed(form: Form, fixed: Mapping[str, Any] | None) -> dict[str, float]:
    """The fixed values by name, checked against the form's fixable exponents."""
    if not fixed:
        return {}
    if not isinstance(fixed, Mapping):
        raise InvalidOptionError(
            f"fixed must be a mapping of parameter names to values, e.g. {{'alpha': 0.34}}; "
            f"got {type(fixed).__name__}."
        )
    allowed = [name for name in form.theta_names if name in FIXABLE]
    out = {}
    for name, value in fixed.items():
        if name not in allowed:
            raise InvalidOptionError(
                f"fixed: {name!r} cannot be fixed in form={form.name!r}; only its exponents "
                f"can: {', '.join(allowed) or 'none'}."
            )
        out[str(name)] = check_number(value, f"fixed[{name!r}]")
    if len(out) == len(form.theta_names):
        raise InvalidOptionError("fixed: every parameter is fixed; leave at least one free.")
    return out


def free_rows(form: Form, fixed: Mapping[str, float]) -> list[int]:
    """Fit-space positions of the free parameters."""
    return [i for i, name in enumerate(form.theta_names) if name not in fixed]


def expand(form: Form, fixed: Mapping[str, float], theta: FloatArray) -> FloatArray:
    """Full fit-space parameters (..., p) from the free ones (..., k)."""
    theta = np.asarray(theta, dtype=np.float64)
    full = np.empty((*theta.shape[:-1], len(form.theta_names)))
    full[..., free_rows(form, fixed)] = theta
    for name, value in fixed.items():
        full[..., form.theta_names.index(name)] = value
    return full


def free_form(name: str, fixed: Mapping[str, float]) -> Form:
    """The form `name` with `fixed` held: a Form over its free parameters."""
    form = FORMS[name]
    if not fixed:
        return form
    free = free_rows(form, fixed)

    def model(theta: FloatArray, feats: FloatArray) -> tuple[FloatArray, FloatArray]:
        pred, jac = form.model(expand(form, fixed, theta), feats)
        return pred, jac[:, free, :]

    def grid(feats: FloatArray, log_loss: FloatArray) -> FloatArray:
        return np.unique(form.grid(feats, log_loss)[:, free], axis=0)

    def rescale(theta: FloatArray, dz: FloatArray, dl: float) -> FloatArray:
        return form.rescale(expand(form, fixed, theta), dz, dl)[..., free]

    shown = ", ".join(f"{k}={v:g}" for k, v in fixed.items())
    return replace(
        form,
        name=f"{form.name}[{shown}]",  # not a FORMS key: the objective's generic path
        theta_names=tuple(form.theta_names[i] for i in free),
        model=model,
        predict=lambda theta, feats: form.predict(expand(form, fixed, theta), feats),
        natural=lambda theta: form.natural(expand(form, fixed, theta)),
        grid=grid,
        rescale=rescale,
        log_scales=tuple(free.index(i) for i in form.log_scales if i in free),
    )
