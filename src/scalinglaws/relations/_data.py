"""Input checks for scaling relations: shapes, lengths, signs and spread.

Nothing is dropped silently: non-positive values in a logarithm raise unless the
caller passed ``drop_nonpositive=True``, and the number dropped is kept on the result.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from scalinglaws._types import FloatArray
from scalinglaws._validate import as_float_vector
from scalinglaws.errors import InsufficientDataError, InvalidInputError, InvalidOptionError
from scalinglaws.relations._laws import Spec

__all__ = ["Prepared", "as_x", "input_columns", "new_x", "prepare"]


@dataclass(frozen=True)
class Prepared:
    """Clean data: x of shape (n,) or (n, k), y of shape (n,), and what was dropped."""

    x: FloatArray
    y: FloatArray
    x_names: tuple[str, ...]
    n_dropped: int
    y_name: str = "y"


def as_x(values: Any, name: str = "x") -> tuple[FloatArray, tuple[str, ...]]:
    """x as a finite float array, 1-D or (n, k) with k >= 2, and its column names."""
    if isinstance(values, pd.DataFrame):
        names = tuple(str(column) for column in values.columns)
        columns = [as_float_vector(values[c], f"{name}[{c!r}]") for c in values.columns]
        if not columns:
            raise InvalidInputError(f"{name}: the DataFrame has no columns; pass numbers.")
        if len(columns) == 1:
            return columns[0], (names[0],)
        return np.column_stack(columns), names
    raw = values if isinstance(values, np.ndarray) else np.asarray(values, dtype=object)
    if raw.ndim == 2:
        if raw.shape[1] == 0:
            raise InvalidInputError(f"{name}: the array has no columns; pass numbers.")
        columns = [as_float_vector(raw[:, j], f"{name}[:, {j}]") for j in range(raw.shape[1])]
        if len(columns) == 1:
            return columns[0], (name,)
        return np.column_stack(columns), tuple(f"{name}{j + 1}" for j in range(len(columns)))
    label = values.name if isinstance(values, pd.Series) and values.name is not None else name
    return as_float_vector(values, name), (str(label),)


def new_x(spec: Spec, x: Any, x_names: tuple[str, ...]) -> FloatArray:
    """New x for a fitted relation, checked against its columns and the law's domain."""
    values, _ = as_x(x)
    if (values.ndim == 1 and spec.k > 1) or (values.ndim == 2 and values.shape[1] != spec.k):
        got = 1 if values.ndim == 1 else values.shape[1]
        raise InvalidInputError(
            f"x: the relation was fitted on {spec.k} x column(s), got {got}; "
            f"pass columns {', '.join(x_names)}."
        )
    if spec.log_x and (values <= 0).any():
        raise InvalidInputError(
            f"x: {int((values <= 0).sum())} value(s) are zero or negative; "
            f"law={spec.law!r} is defined for x > 0 only."
        )
    return values


def input_columns(values: FloatArray, x_names: tuple[str, ...]) -> dict[str, FloatArray]:
    """The input columns of a prediction table: ``x``, or the names of several x columns."""
    block = values.reshape(values.shape[0], -1)
    names = x_names if block.shape[1] > 1 else ("x",)
    return {name: block[:, j] for j, name in enumerate(names)}


def prepare(
    x: Any,
    y: Any,
    *,
    x_positive: bool,
    y_positive: bool,
    y_counts: bool,
    drop_nonpositive: bool,
    method: str,
    suggest_poisson: bool,
    x_names: tuple[str, ...] | None = None,
    law: str = "power",
) -> Prepared:
    """Validate x and y; drop non-positive rows only when asked to."""
    if not isinstance(drop_nonpositive, (bool, np.bool_)):
        raise InvalidOptionError(f"drop_nonpositive={drop_nonpositive!r} must be True or False.")
    xs, names = as_x(x)
    names = x_names or names
    ys = as_float_vector(y, "y")
    if xs.shape[0] != ys.size:
        raise InvalidInputError(
            f"x and y have different lengths ({xs.shape[0]} and {ys.size}); "
            "pass one y value for every row of x."
        )
    if y_counts and (ys < 0).any():
        first = int(np.flatnonzero(ys < 0)[0])
        raise InvalidInputError(
            f"y: {int((ys < 0).sum())} value(s) are negative (first at row {first}: "
            f"{ys[first]:g}); method='poisson' fits counts, which are >= 0."
        )
    bad = np.zeros(ys.size, dtype=bool)
    what, why = [], []
    if x_positive:
        x_bad = (xs <= 0) if xs.ndim == 1 else (xs <= 0).any(axis=1)
        bad |= x_bad
        if x_bad.any():
            what.append(f"{int(x_bad.sum())} in x")
            why.append(f"law={law!r} takes ln x")
    y_bad = (ys <= 0) if y_positive else np.zeros(ys.size, dtype=bool)
    if y_bad.any():
        bad |= y_bad
        what.append(f"{int(y_bad.sum())} in y")
        why.append(f"method={method!r} takes ln y")
    n_dropped = int(bad.sum())
    if n_dropped and not drop_nonpositive:
        first = int(np.flatnonzero(bad)[0])
        counts_only = y_bad.any() and len(why) == 1  # x is fine: a count model would do
        offer = (
            "method='poisson' (counts with zeros), or " if suggest_poisson and counts_only else ""
        )
        raise InvalidInputError(
            f"{n_dropped} of {ys.size} rows have zero or negative values ({', '.join(what)}; "
            f"first at row {first}), but {' and '.join(why)}; use {offer}"
            "drop_nonpositive=True to drop these rows explicitly."
        )
    if n_dropped:
        xs, ys = xs[~bad], ys[~bad]
    if ys.size == 0:
        raise InsufficientDataError(
            f"no rows are left after dropping {n_dropped} with zero or negative values."
        )
    y_name = str(y.name) if isinstance(y, pd.Series) and y.name is not None else "y"
    return Prepared(xs, ys, names, n_dropped, y_name)


def check_spread(prepared: Prepared, n_params: int, *, law: str, method: str) -> None:
    """Enough rows and distinct x values for `n_params` parameters (plus a residual)."""
    x, y = prepared.x, prepared.y
    n = y.size
    if x.ndim == 1:
        distinct = np.unique(x).size
        if distinct < 2:
            raise InsufficientDataError(
                f"x: all {n} values equal {x[0]:g}; a relation needs at least two distinct "
                "x values."
            )
        if distinct < n_params:
            raise InsufficientDataError(
                f"x: only {distinct} distinct values, but law={law!r} has {n_params} "
                "parameters; collect more varied x or choose a simpler law."
            )
    if n <= n_params:
        raise InsufficientDataError(
            f"{n} rows, but law={law!r} has {n_params} parameters; need at least "
            f"{n_params + 1} rows to estimate them with an error."
        )
    if method in ("sma", "ma") and np.unique(y).size < 2:
        raise InsufficientDataError(
            f"y: all {n} values equal {y[0]:g}; a (standardised) major axis needs spread in y."
        )
