"""fit_relation: fit a scaling relation y = f(x) by one of five methods."""

from __future__ import annotations

import math
import sys
from typing import Any

from scalinglaws._validate import check_choice, check_number
from scalinglaws.errors import FitError, InvalidOptionError
from scalinglaws.relations._data import Prepared, as_x, check_spread, prepare
from scalinglaws.relations._estimate import estimate
from scalinglaws.relations._laws import (
    LAWS,
    METHODS,
    RelationLawName,
    RelationMethod,
    Spec,
    valid_methods,
)
from scalinglaws.relations._scale import standardise, terms
from scalinglaws.relations.result import RelationFit

__all__ = ["fit_relation", "make_spec", "prepare_for", "representable"]


def make_spec(law: object, method: object, k: int, smoothness: object) -> Spec:
    """Validate the options and return the :class:`Spec` they describe."""
    law = check_choice(law, "law", LAWS)
    method = check_choice(method, "method", METHODS)
    if k > 1 and law != "power":
        raise InvalidOptionError(
            f"law={law!r} takes one x column, but x has {k}; a 2-D x fits the "
            "multi-variable power law y = a·x1^b1·x2^b2..., so pass law='power'."
        )
    valid = valid_methods(law, k)
    if method not in valid:
        shape = f"{k} x columns" if k > 1 else f"law={law!r}"
        raise InvalidOptionError(
            f"method={method!r} is not available for {shape}; choose one of: {', '.join(valid)}."
        )
    delta = check_number(smoothness, "smoothness", low=0.0)
    if delta == 0.0:
        raise InvalidOptionError("smoothness=0 is not allowed; pass a positive width, e.g. 0.5.")
    return Spec(law, method, k, delta)


def prepare_for(
    spec: Spec, x: Any, y: Any, drop_nonpositive: bool, x_names: tuple[str, ...] | None = None
) -> Prepared:
    """Validated data for `spec` (non-positive rows raise unless drop_nonpositive)."""
    prepared = prepare(
        x,
        y,
        x_positive=spec.log_x,
        y_positive=spec.log_y,
        y_counts=spec.method == "poisson",
        drop_nonpositive=drop_nonpositive,
        method=spec.method,
        suggest_poisson=spec.law in ("power", "exponential") and spec.method != "poisson",
        x_names=x_names,
        law=spec.law,
    )
    check_spread(prepared, len(spec.names), law=spec.law, method=spec.method)
    return prepared


def fit_relation(
    x: Any,
    y: Any,
    *,
    law: RelationLawName = "power",
    method: RelationMethod = "ols_log",
    drop_nonpositive: bool = False,
    smoothness: float = 0.5,
) -> RelationFit:
    """Fit the scaling relation y = f(x).

    Parameters
    ----------
    x : array_like, shape (n,) or (n, k)
        Predictor values (list, array, pandas column), or a 2-D array / DataFrame
        with one column per predictor for the multi-variable power law
        y = a·x1^b1·x2^b2... (``law="power"`` only).
    y : array_like, shape (n,)
        Response values, one per row of x.
    law : {"power", "power_offset", "broken_power", "exponential", "linear"}, default "power"
        ``"power"`` y = a·x^b; ``"power_offset"`` y = c + a·x^b; ``"broken_power"``
        a smoothly broken power law with slopes b1 below and b2 above a fitted break
        x_break (Beuermann et al. 1999); ``"exponential"`` y = a·e^(b·x);
        ``"linear"`` y = a + b·x.
    method : {"ols_log", "nls", "sma", "ma", "poisson"}, default "ols_log"
        ``"ols_log"``: least squares on ln y (multiplicative log-normal errors;
        ordinary least squares on logs when the law is log-linear, nonlinear least
        squares on logs otherwise). ``"nls"``: nonlinear least squares on the raw
        scale (additive errors). ``"sma"`` / ``"ma"``: standardised / major axis on
        ln x and ln y (for ``law="linear"``: on x and y) with the confidence
        intervals of Warton et al. (2006) as R's smatr computes them.
        ``"poisson"``: a Poisson GLM with log link for counts (zeros allowed).
    drop_nonpositive : bool, default False
        Log methods need positive values; by default a zero or negative value
        raises, naming how many rows. True drops those rows (the number dropped is
        kept in ``n_dropped`` and shown by ``summary()``).
    smoothness : float, default 0.5
        Width Δ of the transition of ``broken_power``, in units of ln x (fixed).


    Returns
    -------
    RelationFit
        ``params``, ``stderr``, ``conf_int()``, ``predict()``, ``predict_quantiles()``,
        ``test_exponent(b0)``, ``with_bootstrap()``.
    """
    xs, names = as_x(x)
    spec = make_spec(law, method, 1 if xs.ndim == 1 else xs.shape[1], smoothness)
    prepared = prepare_for(spec, xs, y, drop_nonpositive, names)
    spec = standardise(spec, prepared.x, prepared.y)
    result = estimate(spec, spec.features(prepared.x), spec.target(prepared.y))
    return representable(RelationFit.from_estimate(spec, prepared, result))


def representable(fit: RelationFit) -> RelationFit:
    """`fit`, or FitError when a reported number lies beyond float64 in the user's units.

    The fit itself ran on standardised data and is sound; but a = d a' / c^b can
    exceed 1.8e308 (or a standard error underflow to 0) when x and y are in very
    different units, and a silent inf or 0 would be worse than saying so.
    """
    spec = fit.spec
    sizes: dict[str, float] = {}
    for name, term in zip(spec.names, terms(spec, fit.theta), strict=True):
        sizes[name], sizes[f"the standard error of {name}"] = term.log10_sizes(
            fit.theta, fit.theta_cov
        )
    beyond = [
        f"{name} ~ 1e{size:.0f}"
        for name, size in sizes.items()
        if not (math.isinf(size) and size < 0) and not _LOG10_TINY <= size <= _LOG10_HUGE
    ]
    extra = {"log-likelihood": fit.log_likelihood, "dispersion": fit.dispersion}
    beyond += [f"the {name}" for name, value in extra.items() if not _finite(value)]
    if beyond:
        raise FitError(
            f"{', '.join(beyond)}: beyond what float64 holds (about 2e-308 to 1.8e308) in "
            f"these units, though the fit of law={fit.law!r} itself converged on "
            "standardised data; express x or y in other units (a power law's a becomes "
            "d·a/c^b when x -> c·x and y -> d·y)."
        )
    return fit


#: log10 of the smallest normal and the largest finite float64.
_LOG10_TINY, _LOG10_HUGE = math.log10(sys.float_info.min), math.log10(sys.float_info.max)


def _finite(value: float | None) -> bool:
    return value is None or math.isfinite(value)
