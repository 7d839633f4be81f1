"""fit_tail: the power-law tail of a sample, by the method of Clauset, Shalizi & Newman (2009)."""

from __future__ import annotations

from typing import Any

import numpy as np

from scalinglaws._types import FloatArray
from scalinglaws._validate import check_number, require_count
from scalinglaws.errors import InsufficientDataError, InvalidInputError, InvalidOptionError
from scalinglaws.results import flag
from scalinglaws.tails import powerlaw
from scalinglaws.tails.inputs import IntArray, histogram
from scalinglaws.tails.resampling import FitOptions
from scalinglaws.tails.result import TailFit
from scalinglaws.tails.xmin_scan import TailTable, candidate_indices

#: Fewest tail points a fit may rest on.
MIN_TAIL = 10
#: Floats hold every integer only below 2^53.
LARGEST_INTEGER = 2.0**53
#: A tail narrower than this ratio max / x_min (one decade) cannot tell laws apart.
MIN_SPAN = 10.0
#: Fewest distinct values in a tail worth calling a distribution.
MIN_DISTINCT = 5
#: Above this exponent a tail is not heavy in any useful sense (all moments up to
#: alpha - 1 > 4 exist).
MAX_ALPHA = 5.0


def fit_tail(
    values: Any,
    counts: Any = None,
    *,
    discrete: bool | None = None,
    xmin: float | None = None,
    xmax: float | None = None,
    min_tail: int = MIN_TAIL,
    drop_nonpositive: bool = False,
) -> TailFit:
    """Fit a power law p(x) ~ x^-alpha to the tail x >= x_min of `values`.

    Parameters
    ----------
    values : array_like
        Positive numbers (list, array or pandas column); with `counts`, the values
        of a histogram (repeats allowed, they are added up).
    counts : array_like of int, optional
        Optional number of observations of each value: ``fit_tail(v, counts=c)``
        gives exactly ``fit_tail(np.repeat(v, c))`` (x_min, alpha, goodness of fit,
        comparisons and bootstrap alike) in O(distinct values) memory.
    discrete : bool, optional
        True for integer data (exact Hurwitz-zeta likelihood), False for continuous.
        None infers it: discrete exactly when every value is a whole number.
    xmin : float, optional
        Fix x_min instead of choosing it by minimising the KS distance. The scan is
        exact over every distinct value that leaves at least `min_tail` points in the
        tail (see :mod:`scalinglaws.tails.xmin_scan`).
    xmax : float, optional
        Upper cut-off: points above it are excluded and the law is renormalised on
        [x_min, x_max].
    min_tail : int, default 10
        Fewest points a candidate tail may have (default 10).
    drop_nonpositive : bool, default False
        Drop zeros and negative values (their number is kept as ``n_dropped`` and
        shown in the summary) instead of raising.

    Returns
    -------
    TailFit
        With ``alpha``, ``xmin``, ``n_tail``, ``alpha_stderr`` and ``ks_distance``;
        call ``.gof()``, ``.compare()`` and ``.with_bootstrap()`` on it for the paper's
        tests and intervals. ``warnings`` flags a tail spanning less than a decade,
        with fewer than 5 distinct values, or with alpha > 5.

    Raises
    ------
    InvalidInputError
        Values that are NaN, infinite, non-numeric or (without `drop_nonpositive`)
        not positive; invalid counts.
    InsufficientDataError
        No candidate x_min leaves `min_tail` points in the tail.
    InvalidOptionError
        An option out of range.

    References
    ----------
    A. Clauset, C. R. Shalizi & M. E. J. Newman, "Power-law distributions in
    empirical data", SIAM Review 51(4), 661-703 (2009).
    """
    data = histogram(values, counts, drop_nonpositive=drop_nonpositive)
    x, c = data.values, data.counts
    # Whole numbers above 2^53 are not integers in any useful sense: floats there hold
    # no fractions at all, so such data are continuous.
    whole = bool(np.all(x == np.round(x))) and float(x[-1]) < LARGEST_INTEGER
    if discrete is None:
        discrete = whole
    elif not isinstance(discrete, (bool, np.bool_)):
        raise InvalidOptionError(f"discrete={discrete!r} must be True, False or None.")
    elif discrete and not whole:
        fractional = x[x != np.round(x)]
        bad = fractional[0] if fractional.size else x[-1]
        raise InvalidInputError(
            f"values: discrete=True but {bad:g} is not a whole number below 2^53; "
            "pass discrete=False for continuous data."
        )
    min_tail = int(check_number(min_tail, "min_tail", low=2, integer=True))
    upper = np.inf
    if xmax is not None:
        upper = check_number(xmax, "xmax", low=0.0)
        keep = x <= upper
        x, c = x[keep], c[keep]
        require_count(
            int(c.sum()),
            min_tail,
            "values",
            f"the number of values <= xmax={upper:g}",
            "raise xmax",
        )
    if x.size < 2:
        raise InsufficientDataError(
            f"values: all {int(c.sum())} values equal {x[0]:g}; "
            "a tail needs at least two distinct values."
        )
    options = FitOptions(bool(discrete), upper, min_tail, None if xmin is None else float(xmin))
    if xmin is not None:
        _check_fixed_xmin(
            x, c, check_number(xmin, "xmin", low=0.0), bool(discrete), upper, min_tail
        )
    else:
        table = TailTable.from_counts(x, c, discrete=bool(discrete), xmax=upper)
        if candidate_indices(table, min_tail).size == 0:
            raise InsufficientDataError(
                f"values: no candidate x_min leaves {min_tail} or more points in the tail "
                f"(n = {int(c.sum())}); collect more data or lower min_tail."
            )
    scan = options.fit(x, c)
    assert scan is not None  # guaranteed by the checks above
    stderr = powerlaw.alpha_stderr(
        scan.alpha, scan.xmin, scan.n_tail, xmax=upper, discrete=bool(discrete)
    )
    return TailFit(
        values=x,
        counts=c,
        discrete=bool(discrete),
        xmin=scan.xmin,
        alpha=scan.alpha,
        alpha_stderr=stderr,
        ks_distance=scan.ks_distance,
        n_tail=scan.n_tail,
        xmax=upper,
        xmin_fixed=xmin is not None,
        min_tail=min_tail,
        n_dropped=data.n_dropped,
        warnings=flag(
            tail_warnings(
                float(x[-1]), int(np.count_nonzero(x >= scan.xmin)), scan.xmin, scan.alpha
            )
        ),
    )


def tail_warnings(top: float, n_distinct: int, xmin: float, alpha: float) -> list[str]:
    """Reasons not to trust a fitted tail.

    For a tail from x_min to `top` with `n_distinct` distinct values (or occupied bins): too
    narrow, too few values, too steep.
    """
    reasons = []
    if top < MIN_SPAN * xmin:
        reasons.append(
            f"the tail spans less than a decade (x_min = {xmin:.4g} to max = {top:.4g}); "
            "over so short a range a power law is hard to tell from other laws"
        )
    if n_distinct < MIN_DISTINCT:
        reasons.append(
            f"the tail has only {n_distinct} distinct values; too few to judge "
            "the shape of a distribution"
        )
    if alpha > MAX_ALPHA:
        reasons.append(
            f"alpha = {alpha:.3g} > {MAX_ALPHA:g}: the tail decays too fast to be heavy-tailed "
            "in any useful sense"
        )
    return reasons


def _check_fixed_xmin(
    x: FloatArray, c: IntArray, xmin: float, discrete: bool, xmax: float, min_tail: int
) -> None:
    if xmin <= 0 or (discrete and xmin != round(xmin)):
        kind = "a positive whole number" if discrete else "positive"
        raise InvalidOptionError(f"xmin={xmin!r} must be {kind}.")
    if xmin >= xmax:
        raise InvalidOptionError(f"xmin={xmin:g} must be below xmax={xmax:g}.")
    above = x >= xmin
    require_count(
        int(c[above].sum()),
        min_tail,
        "values",
        f"the number of values >= xmin={xmin:g}",
        "lower xmin",
    )
    if np.count_nonzero(above) < 2:
        raise InsufficientDataError(
            f"values: every value >= xmin={xmin:g} equals {x[above][0]:g}; lower xmin."
        )
