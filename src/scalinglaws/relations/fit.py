"""fit_relation: fit a scaling relation y = f(x) by one of five methods."""

from __future__ import annotations

import math
from typing import Any

from scalinglaws._validate import check_choice, check_number
from scalinglaws.errors import FitError, InvalidOptionError
from scalinglaws.relations._data import Prepared, as_x, check_spread, prepare
from scalinglaws.relations._estimate import estimate
from scalinglaws.relations._laws import LAWS, METHODS, Spec, valid_methods
from scalinglaws.relations.result import RelationFit

__all__ = ["fit_relation", "make_spec", "prepare_for"]


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
    law: str = "power",
    method: str = "ols_log",
    drop_nonpositive: bool = False,
    smoothness: float = 0.5,
) -> RelationFit:
    """Fit the scaling relation y = f(x).

    Parameters
    ----------
    x:
        Predictor values (list, array, pandas column), or a 2-D array / DataFrame
        with one column per predictor for the multi-variable power law
        y = a·x1^b1·x2^b2... (``law="power"`` only).
    y:
        Response values, one per row of x.
    law:
        ``"power"`` y = a·x^b; ``"power_offset"`` y = c + a·x^b; ``"broken_power"``
        a smoothly broken power law with slopes b1 below and b2 above a fitted break
        x_break (Beuermann et al. 1999); ``"exponential"`` y = a·e^(b·x);
        ``"linear"`` y = a + b·x.
    method:
        ``"ols_log"``: least squares on ln y (multiplicative log-normal errors;
        ordinary least squares on logs when the law is log-linear, nonlinear least
        squares on logs otherwise). ``"nls"``: nonlinear least squares on the raw
        scale (additive errors). ``"sma"`` / ``"ma"``: standardised / major axis on
        ln x and ln y (for ``law="linear"``: on x and y) with the confidence
        intervals of Warton et al. (2006) as R's smatr computes them.
        ``"poisson"``: a Poisson GLM with log link for counts (zeros allowed).
    drop_nonpositive:
        Log methods need positive values; by default a zero or negative value
        raises, naming how many rows. True drops those rows (the number dropped is
        kept in ``n_dropped`` and shown by ``summary()``).
    smoothness:
        Width Δ of the transition of ``broken_power``, in units of ln x (fixed).

    Returns a :class:`~scalinglaws.relations.result.RelationFit`: ``params``,
    ``stderr``, ``conf_int()``, ``predict()``, ``predict_quantiles()``, ``test_exponent(b0)``,
    ``with_bootstrap()``.
    """
    xs, names = as_x(x)
    spec = make_spec(law, method, 1 if xs.ndim == 1 else xs.shape[1], smoothness)
    prepared = prepare_for(spec, xs, y, drop_nonpositive, names)
    features = spec.features(prepared.x)
    result = estimate(spec, features, spec.target(prepared.y))
    fit = RelationFit.from_estimate(spec, prepared, result)
    if not all(math.isfinite(value) for value in (*fit.params.values(), *fit.stderr.values())):
        raise FitError(
            f"the fitted parameters overflow ({fit.params}); the data do not follow "
            f"law={law!r} on a usable scale; rescale x or y, or choose another law."
        )
    return fit
