"""fit_learning_curve: a loss against one resource (data, steps or compute) of one model.

A learning curve is a law in one variable X: the loss of one model after X
examples, tokens, steps or FLOPs. It is the one-resource case of
:func:`scalinglaws.neural.fit_neural` (same objective, search, intervals,
warnings and result), without the dummy second column that case needed:

* ``"power"``: L = A X^-alpha (M1 of Alabdulmohsin et al. 2022);
* ``"power_offset"``: L = E + A X^-alpha (their M2);
* ``"bnsl"``: L = a + b X^-c0 (1 + (X/d1)^(1/f1))^(-c1 f1), one smooth break
  (Caballero et al. 2023, eq. 1 with n = 1; ``"broken_power"`` is its deprecated
  alias, the name that means the relations' law without offset);
* ``"m4"``: (L - L_inf) / (L_0 - L)^alpha = beta X^c solved for L (Alabdulmohsin et
  al. 2022, eq. 4; :mod:`scalinglaws.neural.m4`).

``variable`` names the resource: ``"D"`` (examples or tokens), ``"steps"``
(optimiser steps) or ``"C"`` (FLOPs). The law is the same for any of them; the
name labels the result and its summary, and the start grids are laid out for
that resource's usual size (steps and examples alike are stored as the data
column D, so ``fit.D`` holds them).

References
----------
Caballero, E., Gupta, K., Rish, I. & Krueger, D. (2023). Broken neural scaling laws.
ICLR 2023, arXiv:2210.14891.
Alabdulmohsin, I., Neyshabur, B. & Zhai, X. (2022). Revisiting neural scaling laws in
language and vision. NeurIPS 2022, arXiv:2209.06640.
"""

from __future__ import annotations

from typing import Any, cast

import numpy as np

from scalinglaws._validate import as_float_vector, check_choice
from scalinglaws.neural.fit import NeuralVariable, fit_neural
from scalinglaws.neural.forms import NeuralFormName, canonical
from scalinglaws.neural.result import NeuralFit

__all__ = ["CURVE_FORMS", "CURVE_VARIABLES", "fit_learning_curve"]

CURVE_FORMS = ("power", "power_offset", "bnsl", "m4")
CURVE_VARIABLES = ("D", "steps", "C")


def fit_learning_curve(
    x: Any,
    L: Any,
    *,
    form: NeuralFormName = "power_offset",
    variable: NeuralVariable = "D",
    **options: Any,
) -> NeuralFit:
    """Fit a learning curve: loss `L` of one model against one resource `x`.

    Parameters
    ----------
    x : array_like
        The resource at each point: examples or tokens (``variable="D"``), optimiser
        steps (``"steps"``) or FLOPs (``"C"``); positive.
    L : array_like
        The (held-out) loss at each point; positive.
    form : str
        ``"power"``, ``"power_offset"``, ``"bnsl"`` or ``"m4"`` (see the module
        docstring; ``"broken_power"``, deprecated, means ``"bnsl"``).
    variable : str
        ``"D"`` (data), ``"steps"`` or ``"C"`` (compute): the name the result uses
        for x.
    **options
        Passed to :func:`~scalinglaws.neural.fit_neural` (``objective``, ``delta``,
        ``starts``, ``n_boot``, ``rng``, ...).

    Returns
    -------
    NeuralFit
        A one-resource fit: ``predict(x)`` is an array, ``predict_quantiles(x)`` a
        table, ``warnings`` says when it cannot be trusted.

    Raises
    ------
    InvalidOptionError
        An unknown form or variable.
    InvalidInputError
        Mismatched lengths, NaN or non-positive values.
    """
    form = cast("NeuralFormName", check_choice(canonical(form), "form", CURVE_FORMS))
    check_choice(variable, "variable", CURVE_VARIABLES)
    values = as_float_vector(x, "x")
    model = np.ones_like(values)  # one model: the law has no N term
    if variable == "C":
        return fit_neural(model, values, L, C=values, form=form, variable="C", **options)
    return fit_neural(model, values, L, form=form, variable=variable, **options)
