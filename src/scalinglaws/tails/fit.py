"""fit_tail: the power-law tail of a sample, by the method of Clauset, Shalizi & Newman (2009)."""

from __future__ import annotations

from typing import Any

import numpy as np

from scalinglaws._validate import as_float_vector, check_number, require_count, require_positive
from scalinglaws.errors import InsufficientDataError, InvalidInputError, InvalidOptionError
from scalinglaws.tails import powerlaw
from scalinglaws.tails.resampling import FitOptions
from scalinglaws.tails.result import TailFit
from scalinglaws.tails.xmin_scan import TailTable, candidate_indices

#: Fewest tail points a fit may rest on.
MIN_TAIL = 10


def fit_tail(
    values: Any,
    *,
    discrete: bool | None = None,
    xmin: float | None = None,
    xmax: float | None = None,
    min_tail: int = MIN_TAIL,
) -> TailFit:
    """Fit a power law p(x) ~ x^-alpha to the tail x >= x_min of `values`.

    Parameters
    ----------
    values:
        Positive numbers (list, array or pandas column).
    discrete:
        True for integer data (exact Hurwitz-zeta likelihood), False for continuous.
        None infers it: discrete exactly when every value is a whole number.
    xmin:
        Fix x_min instead of choosing it by minimising the KS distance over every
        distinct value (an exact scan; see :mod:`scalinglaws.tails.xmin_scan`).
    xmax:
        Upper cut-off: points above it are excluded and the law is renormalised on
        [x_min, x_max].
    min_tail:
        Fewest points a candidate tail may have (default 10).

    Returns a :class:`~scalinglaws.tails.result.TailFit` with ``alpha``, ``xmin``,
    ``n_tail``, ``alpha_stderr`` and ``ks_distance``; call ``.gof()``, ``.compare()``
    and ``.with_bootstrap()`` on it for the paper's tests and intervals.
    """
    x = np.sort(as_float_vector(values, "values"))
    require_positive(x, "values")
    whole = bool(np.all(x == np.round(x)))
    if discrete is None:
        discrete = whole
    elif not isinstance(discrete, (bool, np.bool_)):
        raise InvalidOptionError(f"discrete={discrete!r} must be True, False or None.")
    elif discrete and not whole:
        bad = x[x != np.round(x)][0]
        raise InvalidInputError(
            f"values: discrete=True but {bad:g} is not a whole number; "
            "pass discrete=False for continuous data."
        )
    min_tail = int(check_number(min_tail, "min_tail", low=2, integer=True))
    upper = np.inf
    if xmax is not None:
        upper = check_number(xmax, "xmax", low=0.0)
        x = x[x <= upper]
        require_count(
            x.size, min_tail, "values", f"the number of values <= xmax={upper:g}", "raise xmax"
        )
    if np.unique(x).size < 2:
        raise InsufficientDataError(
            f"values: all {x.size} values equal {x[0]:g}; "
            "a tail needs at least two distinct values."
        )
    options = FitOptions(bool(discrete), upper, min_tail, None if xmin is None else float(xmin))
    if xmin is not None:
        _check_fixed_xmin(x, check_number(xmin, "xmin", low=0.0), bool(discrete), upper, min_tail)
    else:
        table = TailTable.from_sorted(x, discrete=bool(discrete), xmax=upper)
        usable = candidate_indices(table, min_tail).size
        if usable == 0:
            raise InsufficientDataError(
                f"values: no candidate x_min leaves {min_tail} or more points in the tail "
                f"(n = {x.size}); collect more data or lower min_tail."
            )
    scan = options.fit(x)
    assert scan is not None  # guaranteed by the checks above
    stderr = powerlaw.alpha_stderr(
        scan.alpha, scan.xmin, scan.n_tail, xmax=upper, discrete=bool(discrete)
    )
    return TailFit(
        data=x,
        discrete=bool(discrete),
        xmin=scan.xmin,
        alpha=scan.alpha,
        alpha_stderr=stderr,
        ks_distance=scan.ks_distance,
        n_tail=scan.n_tail,
        xmax=upper,
        xmin_fixed=xmin is not None,
        min_tail=min_tail,
    )


def _check_fixed_xmin(x: Any, xmin: float, discrete: bool, xmax: float, min_tail: int) -> None:
    if xmin <= 0 or (discrete and xmin != round(xmin)):
        kind = "a positive whole number" if discrete else "positive"
        raise InvalidOptionError(f"xmin={xmin!r} must be {kind}.")
    if xmin >= xmax:
        raise InvalidOptionError(f"xmin={xmin:g} must be below xmax={xmax:g}.")
    tail = x[x >= xmin]
    require_count(
        tail.size, min_tail, "values", f"the number of values >= xmin={xmin:g}", "lower xmin"
    )
    if np.unique(tail).size < 2:
        raise InsufficientDataError(
            f"values: every value >= xmin={xmin:g} equals {tail[0]:g}; lower xmin."
        )
