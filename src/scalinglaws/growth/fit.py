"""``fit_growth``: check the series, fit the law by multi-start Levenberg-Marquardt.

Errors: ``errors="auto"`` (the default) uses the negative binomial for whole
numbers (counts are nearly always over-dispersed; a Poisson fit would give
intervals that are too narrow) and least squares for anything else.

A fit that has an estimate returns it: a parameter on the edge of its box, a
singular information matrix, an optimiser that stopped early or revised counts
each add a reason to ``GrowthFit.warnings`` (emitted as a
:class:`~scalinglaws.errors.FitWarning`). ``FitError`` is left for data no
starting point fits with a finite likelihood.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, get_args

from scalinglaws._validate import check_choice, require_count
from scalinglaws.errors import InvalidInputError
from scalinglaws.growth.checks import (
    check_cumulative,
    check_values,
    read_series,
    resolve_errors,
    revise,
)
from scalinglaws.growth.estimation import Estimate, estimate, prepare
from scalinglaws.growth.laws import LAWS, GrowthLawName
from scalinglaws.growth.pins import fixed_names
from scalinglaws.growth.result import GrowthFit
from scalinglaws.growth.select import choose_waves
from scalinglaws.growth.times import column_label
from scalinglaws.results import flag

__all__ = ["ERRORS", "Estimate", "estimate", "fit_growth", "prepare"]

#: The likelihood family of the observations: ``"auto"`` picks one from the data.
GrowthErrors = Literal["auto", "normal", "poisson", "negbin"]
ERRORS: tuple[GrowthErrors, ...] = get_args(GrowthErrors)


def fit_growth(
    t: Any,
    y: Any,
    *,
    law: GrowthLawName = "logistic",
    cumulative: bool = True,
    errors: GrowthErrors = "auto",
    fix_c0: bool | None = None,
    fix: Mapping[str, float] | None = None,
) -> GrowthFit:
    """Fit a growth law to a time series of cumulative totals or of incidence.

    Parameters
    ----------
    t : array_like
        Times, strictly increasing: numbers, or dates (numpy datetime64, pandas
        Timestamps, ``datetime.date`` or ISO 8601 strings), which become days
        since the first date (the fit remembers that origin).
    y : array_like
        The observed values, non-negative for counts: cumulative totals or sizes
        when ``cumulative=True``, else the amount per interval (t_{i-1}, t_i].
    law : str
        ``"exponential"``, ``"logistic"``, ``"gompertz"``, ``"richards"``,
        ``"ggm"`` (dC/dt = r C^p), ``"glm"`` (r C^p (1 - C/K)), ``"grm"``
        (r C^p (1 - (C/K)^a)), ``"subepidemic"`` (waves of GLMs; their number n
        chosen by AICc among 1..3 unless ``fix={"n": ...}``), ``"sir"`` or
        ``"seir"``; see :mod:`scalinglaws.growth.laws` and docs/growth.md.
    cumulative : bool
        Whether ``y`` is a cumulative total (default) or incidence.
    errors : str
        ``"normal"`` (least squares), ``"poisson"``, ``"negbin"`` (negative
        binomial with a fitted size k) or ``"auto"``: negbin for whole numbers,
        normal otherwise. Count likelihoods of cumulative data are taken on the
        increments, which are the independent counts.
    fix_c0 : bool or None
        For laws with an initial size C0, pin C(t_first) to the first observation
        instead of estimating it. None (default): pinned for ``ggm``, ``glm``,
        ``grm`` and ``subepidemic`` (the convention of Viboud, Simonsen & Chowell
        2016 and Chowell 2017), estimated for ``exponential``. ``False`` estimates
        it, which fits an incidence window that starts mid-epidemic better (the
        first count is not the cumulative size there; see docs/growth.md).
    fix : mapping of str to float, optional
        Parameters held at given natural values, e.g. ``{"gamma": 1/5}`` (SEIR
        with a known infectious period) or ``{"n": 2}`` (two sub-epidemics).

    Returns
    -------
    GrowthFit
        Estimates, intervals, derived quantities, forecasts; ``warnings`` and
        ``at_bound`` say where the fit deserves a second look.

    Raises
    ------
    InvalidInputError
        Times that are not numbers or parseable dates, unsorted or repeated
        times, negative counts, non-integer counts for a count likelihood,
        mismatched lengths, or data whose fit would overflow float64.
    InsufficientDataError
        Fewer points than estimated parameters + 1 (+ 1 for the NB dispersion).
    InvalidOptionError
        An unknown law or error family, or an invalid ``fix``.
    FitError
        No starting point gives a finite likelihood.

    Warns
    -----
    FitWarning
        A parameter reached a bound (the bounded estimate is returned), revised
        cumulative counts were adjusted, the information matrix is singular, the
        optimiser stopped early, or Poisson counts are over-dispersed.
    """
    check_choice(law, "law", LAWS)
    check_choice(errors, "errors", ERRORS)
    cumulative = check_cumulative(cumulative)
    fixed, pins = fixed_names(law, fix_c0, fix)
    times, values, axis, y_name = read_series(t, y)
    family = resolve_errors(errors, values)
    check_values(values, times, axis, y_name, family=family, cumulative=bool(cumulative))
    notes: list[str] = []
    if cumulative and family != "normal":
        values, revised = revise(values, times, axis, y_name)
        notes += [revised] if revised else []
    if "C0" in fixed and "C0" not in pins and values[0] <= 0:
        raise InvalidInputError(
            f"{y_name}: the first value is {values[0]:g}, so C0 cannot be pinned to it; drop "
            "the leading rows up to a positive value, or pass fix_c0=False to estimate C0."
        )
    spec = LAWS[law]
    # Sub-epidemics: the smallest model tried (one wave) also pins n, q and C_thr.
    n_free = spec.n_params - len(fixed) - (3 if law == "subepidemic" and "n" not in fixed else 0)
    require_count(
        times.size,
        n_free + (2 if family == "negbin" else 1),
        column_label(t, "t"),
        "the number of observations",
        f"law={law!r} with errors={family!r} estimates {n_free} parameters"
        + (" plus the dispersion k" if family == "negbin" else "")
        + ", and needs one more point than that",
    )
    selection: tuple[tuple[int, float], ...] = ()
    if law == "subepidemic" and "n" not in fixed:
        fixed, pins, _, found, selection = choose_waves(
            family, bool(cumulative), times, values, fixed, pins, axis
        )
    else:
        _, found = prepare(law, family, bool(cumulative), times, values, fixed, pins, axis)
    return GrowthFit(
        law=law,
        errors=family,
        cumulative=bool(cumulative),
        t=times,
        y=values,
        axis=axis,
        z=found.z,
        cov_z=found.cov_z,
        noise=found.noise,
        objective=found.objective,
        iterations=found.iterations,
        converged=found.converged,
        fixed=fixed,
        warnings=flag([*notes, *found.reasons]),
        at_bound=found.at_bound,
        selection=selection,
    )
