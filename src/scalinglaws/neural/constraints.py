"""Fixed and bounded exponents: a law fitted with some exponents held or confined.

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

``bounds={"alpha": (0.2, 0.6)}`` confines exponents to an interval: the solver
works in u with alpha = lo + (hi - lo) / (1 + e^-u), so every Newton step stays
inside, and a fit that ends within 1e-4 of the interval's width of an end says it
sits at that bound (a ``FitWarning``).

References
----------
Choshen, L., Zhang, Y. & Andreas, J. (2025). A hitchhiker's guide to scaling law
estimation. ICML 2025, arXiv:2410.11840.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from scipy import special

from scalinglaws._types import FloatArray
from scalinglaws._validate import check_number
from scalinglaws.errors import InvalidOptionError
from scalinglaws.neural.forms import FORMS, Form

__all__ = [
    "AT_BOUND",
    "FIXABLE",
    "Constraints",
    "bound_reasons",
    "check_bounds",
    "check_fixed",
    "expand",
    "free_form",
    "free_rows",
]

AT_BOUND = 1e-4  # within this share of the interval's width of an end: at the bound

#: The parameters that can be fixed: exponents, unit-free (same name in fit space).
FIXABLE = ("alpha", "beta", "alpha_N", "alpha_D", "c0", "c1")


def _check_names(
    given: object, arg: str, example: str, form: Form, exclude: Mapping[str, float]
) -> None:
    """`given` maps names of the form's fixable exponents (not in `exclude`) to values."""
    if not isinstance(given, Mapping):
        raise InvalidOptionError(
            f"{arg} must map parameter names to values, e.g. {example}; got {type(given).__name__}."
        )
    allowed = [name for name in form.theta_names if name in FIXABLE and name not in exclude]
    verb = {"fixed": "fixed", "bounds": "bounded"}[arg]
    for name in given:
        if name not in allowed:
            raise InvalidOptionError(
                f"{arg}: {name!r} cannot be {verb} in form={form.name!r}; only its exponents "
                f"can (fixed ones excluded): {', '.join(allowed) or 'none'}."
            )


def check_fixed(form: Form, fixed: Mapping[str, Any] | None) -> dict[str, float]:
    """The fixed values by name, checked against the form's fixable exponents."""
    if not fixed:
        return {}
    _check_names(fixed, "fixed", "{'alpha': 0.34}", form, {})
    out = {str(name): check_number(value, f"fixed[{name!r}]") for name, value in fixed.items()}
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


def check_bounds(
    form: Form, bounds: Mapping[str, Any] | None, fixed: Mapping[str, float]
) -> dict[str, tuple[float, float]]:
    """The bounds by name: fixable exponents that are not fixed, lo < hi, finite."""
    if not bounds:
        return {}
    _check_names(bounds, "bounds", "{'alpha': (0.2, 0.6)}", form, fixed)
    out = {}
    for name, pair in bounds.items():
        try:
            low, high = (float(v) for v in pair)
        except (TypeError, ValueError):
            raise InvalidOptionError(
                f"bounds[{name!r}] must be a pair (low, high); got {pair!r}."
            ) from None
        if not (np.isfinite(low) and np.isfinite(high) and low < high):
            raise InvalidOptionError(
                f"bounds[{name!r}] = ({low:g}, {high:g}) must be finite with low < high."
            )
        out[str(name)] = (low, high)
    return out


def bound_reasons(
    params: Mapping[str, float], bounds: Mapping[str, tuple[float, float]]
) -> list[str]:
    """Parameters that ended at one of their user bounds."""
    reasons = []
    for name, (low, high) in bounds.items():
        value, width = params[name], high - low
        for end in (low, high):
            if abs(value - end) <= AT_BOUND * width:
                reasons.append(
                    f"{name} = {value:.4g} sits at its bound {end:g} (bounds {low:g} to "
                    f"{high:g}): the data push it further; widen the bounds or check the runs."
                )
    return reasons


def _squash(theta: FloatArray, where: list[int], bounds: list[tuple[float, float]]) -> FloatArray:
    """u -> theta: lo + (hi - lo) expit(u) at `where`."""
    out = np.array(theta, dtype=np.float64, copy=True)
    for index, (low, high) in zip(where, bounds, strict=True):
        out[..., index] = low + (high - low) * special.expit(out[..., index])
    return out


def _unsquash(theta: FloatArray, where: list[int], bounds: list[tuple[float, float]]) -> FloatArray:
    """theta -> u, the logit of the position in the interval (clipped inside it)."""
    out = np.array(theta, dtype=np.float64, copy=True)
    for index, (low, high) in zip(where, bounds, strict=True):
        share = np.clip((out[..., index] - low) / (high - low), 1e-9, 1 - 1e-9)
        out[..., index] = np.log(share) - np.log1p(-share)
    return out


@dataclass(frozen=True)
class Constraints:
    """A form with fixed and bounded exponents: the solver's form and its maps.

    The solver works on the free parameters, the bounded ones as logits u;
    :meth:`to_full` maps its parameters (in any frame: exponents are unit-free) to
    the full form's fit space and :meth:`from_full` back.
    """

    name: str
    fixed: dict[str, float]
    bounds: dict[str, tuple[float, float]]

    @property
    def _free(self) -> Form:
        return free_form(self.name, self.fixed)

    @property
    def _where(self) -> list[int]:
        return [self._free.theta_names.index(name) for name in self.bounds]

    def to_full(self, theta: FloatArray) -> FloatArray:
        """The full parameter vector from the free one (fixed values filled in)."""
        inner = _squash(theta, self._where, list(self.bounds.values()))
        return expand(FORMS[self.name], self.fixed, inner)

    def from_full(self, theta: FloatArray) -> FloatArray:
        """The free parameters of a full vector (fixed ones dropped)."""
        inner = np.asarray(theta, dtype=np.float64)[..., free_rows(FORMS[self.name], self.fixed)]
        return _unsquash(inner, self._where, list(self.bounds.values()))

    def form(self) -> Form:
        """The form the solver fits: free parameters, bounded ones as logits."""
        inner = self._free
        if not self.bounds:
            return inner
        where, pairs = self._where, list(self.bounds.values())

        def model(theta: FloatArray, feats: FloatArray) -> tuple[FloatArray, FloatArray]:
            point = _squash(theta, where, pairs)
            pred, jac = inner.model(point, feats)
            jac = jac.copy()
            for index, (low, high) in zip(where, pairs, strict=True):
                slope = (point[:, index] - low) * (high - point[:, index]) / (high - low)
                jac[:, index, :] *= slope[:, None]
            return pred, jac

        def grid(feats: FloatArray, log_loss: FloatArray) -> FloatArray:
            return np.unique(_unsquash(inner.grid(feats, log_loss), where, pairs), axis=0)

        def rescale(theta: FloatArray, dz: FloatArray, dl: float) -> FloatArray:
            return _unsquash(inner.rescale(_squash(theta, where, pairs), dz, dl), where, pairs)

        return replace(
            inner,
            name=f"{inner.name}[bounded]",
            model=model,
            predict=lambda theta, feats: inner.predict(_squash(theta, where, pairs), feats),
            natural=lambda theta: inner.natural(_squash(theta, where, pairs)),
            grid=grid,
            rescale=rescale,
        )
