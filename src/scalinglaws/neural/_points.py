"""New points for a NeuralFit: checks of N, D (or X) and U, and the law's values there."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from scalinglaws._types import FloatArray
from scalinglaws._validate import as_float_vector, require_positive
from scalinglaws.errors import InvalidInputError, InvalidOptionError
from scalinglaws.formulas import neural as law

if TYPE_CHECKING:
    from scalinglaws.neural.result import NeuralFit


__all__ = ["check_points", "law_values", "unique_tokens"]


def law_values(
    form: str, natural: FloatArray, x: FloatArray, d: FloatArray | None, u: FloatArray | None
) -> FloatArray:
    """The law's losses (B, n) for natural-parameter rows (B, q) at the points."""
    p = np.moveaxis(np.atleast_2d(natural), -1, 0)[..., None]  # (q, B, 1)
    if form == "power_offset":
        return np.asarray(law.power_offset(x, p[0], p[1], p[2]))
    if form == "power":
        return np.asarray(law.power(x, p[0], p[1]))
    if form == "bnsl":
        return np.asarray(law.bnsl(x, *p))
    if form == "m4":
        return np.asarray(law.m4(x, *p))
    assert d is not None  # two-resource forms always carry D (checked in _inputs)
    if form == "data_constrained":
        assert u is not None  # checked in _inputs
        return np.asarray(law.data_constrained(x, d, u, *p))
    if form == "kaplan":
        return np.asarray(law.kaplan(x, d, p[0], p[1], p[2], p[3]))
    return np.asarray(law.chinchilla(x, d, p[0], p[1], p[2], p[3], p[4]))


def unique_tokens(fit: NeuralFit, u: Any, size: int) -> FloatArray | None:
    """The unique tokens of new points (data_constrained only), checked."""
    if fit.form != "data_constrained":
        if u is not None:
            raise InvalidOptionError("unique_tokens applies to form='data_constrained' only.")
        return None
    if u is None:
        raise InvalidOptionError(
            "predict(N, D, unique_tokens=U): the data-constrained law needs the unique tokens."
        )
    us = np.broadcast_to(as_float_vector(np.atleast_1d(u), "unique_tokens"), (size,))
    require_positive(us, "unique_tokens")
    return np.asarray(us, dtype=np.float64)


def check_points(fit: NeuralFit, x: Any, d: Any) -> tuple[FloatArray, FloatArray | None]:
    """New points as arrays: (N, D), or (X, None) for the one-resource forms."""
    name = fit.variable if fit.single_resource else "N"
    xs = as_float_vector(np.atleast_1d(x), name)
    require_positive(xs, name)
    if fit.single_resource:
        if d is not None:
            raise InvalidOptionError(
                f"form={fit.form!r} is a law in {fit.variable} alone; call predict(x)."
            )
        return xs, None
    if d is None:
        raise InvalidOptionError("predict(N, D): this law needs both N and D.")
    ds = as_float_vector(np.atleast_1d(d), "D")
    require_positive(ds, "D")
    xs, ds = np.broadcast_arrays(xs, ds) if xs.size == 1 or ds.size == 1 else (xs, ds)
    if xs.size != ds.size:
        raise InvalidInputError(f"predict: N has {xs.size} values but D has {ds.size}.")
    return np.asarray(xs, dtype=np.float64), np.asarray(ds, dtype=np.float64)
