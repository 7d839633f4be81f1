"""Fits that do not care about units: rescaling the data rescales the answer, exactly.

For data rescaled x -> c x and y -> d y with c, d anywhere in 10^[-300, 300], every
exponent comes out the same to 1e-6 (relative) and every scale parameter follows
its law's rule (a -> d a / c^b, offsets -> d c, breaks -> c x_break, ...); where
float64 cannot hold the rescaled parameter the fit says so with a FitError.
See docs/numerics.md.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import scalinglaws as sl
from scalinglaws.errors import FitError, ScalingLawError
from scalinglaws.relations import LAWS, RelationFit
from scalinglaws.relations._laws import valid_methods

T = TypeVar("T")
REL = 1e-6
#: log10 of float64's largest value and smallest normal value.
HUGE, TINY = math.log10(1.7976931348623157e308), math.log10(2.2250738585072014e-308)
#: Rescaled values this far inside float64's range must fit; beyond HUGE/TINY must raise.
SAFE = 300.0

_log10 = st.floats(-300.0, 300.0, allow_nan=False)
_PROPERTY = settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)


def _relation_data(law: str, method: str) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(11)
    x = np.geomspace(1.0, 100.0, 30)
    noise = np.exp(rng.normal(0.0, 0.08, x.size))
    y = {
        "power": 3.0 * x**0.7 * noise,
        "power_offset": 2.0 + 3.0 * x**0.7 * noise,
        "broken_power": np.where(x < 10, x**0.5, 10**0.5 * (x / 10) ** 1.5) * noise,
        "exponential": 2.0 * np.exp(0.05 * x) * noise,
        "linear": 6.0 + 0.5 * x + rng.normal(0.0, 1.0, x.size),
    }[law]
    return x, (np.round(5 * y) if method == "poisson" else y)


#: How each reported parameter moves: p -> p d^alpha c^beta (beta may name an exponent).
_RULES: dict[str, dict[str, tuple[float, float | str]]] = {
    "power": {"a": (1, "-b"), "b": (0, 0)},
    "exponential": {"a": (1, 0), "b": (0, -1)},
    "linear": {"a": (1, 0), "b": (1, -1)},
    "power_offset": {"a": (1, "-b"), "b": (0, 0), "c": (1, 0)},
    "broken_power": {"a": (1, 0), "b1": (0, 0), "b2": (0, 0), "x_break": (0, 1)},
}


def _expected_log10(
    law: str, params: dict[str, float], name: str, value: float, lc: float, ld: float
) -> float:
    """log10 |value d^alpha c^beta| for the parameter `name` (or its standard error)."""
    alpha, beta = _RULES[law][name]
    power = -params[beta[1:]] if isinstance(beta, str) else beta
    return math.log10(abs(value)) + alpha * ld + power * lc if value != 0 else -math.inf


def _close_log10(actual: float, expected_log10: float) -> bool:
    """|actual| equals 10^expected_log10 to REL."""
    return abs(math.log10(abs(actual)) - expected_log10) <= REL / math.log(10)


def _outcome(fit: Callable[..., T], *args: Any, **kwargs: Any) -> T | ScalingLawError:
    """The fit's result, or the scaling-law error it raised (FitWarnings silenced)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", sl.errors.FitWarning)
        try:
            return fit(*args, **kwargs)
        except ScalingLawError as error:
            return error


_CASES = [(law, method) for law in LAWS for method in valid_methods(law)]
_BASE: dict[tuple[str, str], RelationFit] = {}


def _base(law: str, method: str) -> RelationFit:
    if (law, method) not in _BASE:
        _BASE[law, method] = sl.fit_relation(*_relation_data(law, method), law=law, method=method)
    return _BASE[law, method]


@pytest.mark.parametrize(("law", "method"), _CASES)
@_PROPERTY
@given(lc=_log10, ld=_log10)
def test_relation_is_equivariant_to_units(law: str, method: str, lc: float, ld: float) -> None:
    if method == "ma" and law == "linear":
        ld = lc  # the major axis depends on the units' ratio (Warton et al. 2006): common c
    x, y = _relation_data(law, method)
    base = _base(law, method)
    expect = {
        name: _expected_log10(law, base.params, name, value, lc, ld)
        for name, value in base.params.items()
    }
    se_rules = {name for name, (_, beta) in _RULES[law].items() if not isinstance(beta, str)}
    # Poisson counts carry their own scale (variance = mean): d counts have errors
    # 1 / sqrt(d) as large, relative to the estimate.
    counts = -ld / 2 if method == "poisson" else 0.0
    expect_se = {
        name: _expected_log10(law, base.params, name, base.stderr[name], lc, ld) + counts
        for name in se_rules
    }
    sizes = [v for v in (*expect.values(), *expect_se.values()) if math.isfinite(v)]
    c, d = 10.0**lc, 10.0**ld
    fit = _outcome(sl.fit_relation, x * c, y * d, law=law, method=method)
    if isinstance(fit, ScalingLawError):
        assert isinstance(fit, FitError)
        assert any(not TINY <= size <= HUGE for size in sizes), f"refused in range: {fit}"
        assert "float64" in str(fit)
        return
    if any(not TINY <= size <= HUGE for size in sizes):
        pytest.fail(f"a value beyond float64 came back: {fit.params}")
    if not all(-SAFE <= size <= SAFE for size in sizes):
        return  # near the edge of float64: either outcome is honest
    for name, value in fit.params.items():
        assert math.copysign(1.0, value) == math.copysign(1.0, base.params[name])
        assert _close_log10(value, expect[name]), (name, value, expect[name])
    for name in se_rules:
        assert _close_log10(fit.stderr[name], expect_se[name]), (name, fit.stderr[name])
    at = x[[0, 14, 29]]
    scaled = np.asarray(fit.predict(at * c)["mean"], dtype=np.float64)
    want = np.asarray(base.predict(at)["mean"], dtype=np.float64)
    for got, value in zip(scaled, want, strict=True):
        assert _close_log10(float(got), math.log10(abs(float(value))) + ld)


# --------------------------------------------------------------------------- reproducers


@pytest.mark.parametrize("method", ["ma", "sma"])
def test_tiny_x_linear_axis_fits_or_says_why(method: str) -> None:
    # Issue 21: x around 1e-301 raised OverflowError (MA) and ZeroDivisionError (SMA)
    # from relations/_axis.py; now SMA fits (its slope ~1e300 is a float64) and MA,
    # whose axis depends on the units' ratio, refuses in words.
    rng = np.random.default_rng(0)
    for _ in range(20):
        x = rng.uniform(1.0, 10.0, 8) * 1e-301
        y = rng.normal(size=8)
        fit = _outcome(sl.fit_relation, x, y, law="linear", method=method)
        if isinstance(fit, ScalingLawError):
            assert method == "ma"
            assert "method='sma'" in str(fit)
            continue
        assert method == "sma"
        assert all(math.isfinite(v) for v in (*fit.params.values(), *fit.stderr.values()))
        table = fit.conf_int()
        assert np.isfinite(table[["estimate", "lower", "upper"]].to_numpy()).all()


def test_sma_slope_at_tiny_x_is_the_ratio_of_spreads() -> None:
    # SMA slope = sign(r) sd(y) / sd(x) (Warton et al. 2006, Table 4), exact at any scale.
    rng = np.random.default_rng(1)
    x = rng.uniform(1.0, 10.0, 12)
    y = 2.0 * x + rng.normal(size=12)
    fit = sl.fit_relation(x * 1e-301, y, law="linear", method="sma")
    assert fit.params["b"] == pytest.approx(np.std(y) / np.std(x) * 1e301, rel=1e-12)


@_PROPERTY
@given(lc1=_log10, lc2=_log10, ld=_log10)
def test_multivariable_power_law_is_equivariant(lc1: float, lc2: float, ld: float) -> None:
    # y = a x1^b1 x2^b2 (Spurr 1952): a -> d a / (c1^b1 c2^b2), b1 and b2 unchanged.
    rng = np.random.default_rng(2)
    x = rng.uniform(1.0, 50.0, (40, 2))
    y = 0.3 * x[:, 0] ** 1.8 * x[:, 1] ** 1.1 * np.exp(rng.normal(0.0, 0.05, 40))
    base = sl.fit_relation(x, y)
    b1, b2 = base.params["b1"], base.params["b2"]
    expect = math.log10(base.params["a"]) + ld - b1 * lc1 - b2 * lc2
    scaled = x * np.array([10.0**lc1, 10.0**lc2])
    fit = _outcome(sl.fit_relation, scaled, y * 10.0**ld)
    if isinstance(fit, ScalingLawError):
        assert not TINY <= expect <= HUGE, str(fit)
        return
    assert fit.params["b1"] == pytest.approx(b1, rel=REL)
    assert fit.params["b2"] == pytest.approx(b2, rel=REL)
    assert fit.stderr["b1"] == pytest.approx(base.stderr["b1"], rel=REL)
    assert _close_log10(fit.params["a"], expect)


@pytest.mark.parametrize("method", ["ols_log", "nls"])
@_PROPERTY
@given(lc=st.floats(-150.0, 150.0), ld=st.floats(-150.0, 150.0))
def test_compare_relations_is_equivariant(method: str, lc: float, ld: float) -> None:
    # Every law's likelihood moves by the same -n ln d (nls) or not at all (ln y), so
    # the AIC differences, the preferred law and the extrapolation errors (on ln y;
    # times d on y) are unit-free. c, d within 1e+-150 keep every law's parameters
    # inside float64, so every law that fits once fits again.
    x, y = _relation_data("broken_power", method)
    base = sl.compare_relations(x, y, method=method)
    other = sl.compare_relations(x * 10.0**lc, y * 10.0**ld, method=method)
    assert other.preferred == base.preferred
    np.testing.assert_allclose(other.table["delta_aic"], base.table["delta_aic"], atol=1e-6)
    shift = 10.0**ld if method == "nls" else 1.0
    np.testing.assert_allclose(
        other.table["extrapolation_rmse"], base.table["extrapolation_rmse"] * shift, rtol=REL
    )


def test_bootstrap_is_equivariant() -> None:
    # The replicates refit the standardised data, so the percentile intervals move
    # with the units exactly: b unchanged, a -> d a / c^b replicate by replicate.
    x, y = _relation_data("power", "ols_log")
    lc, ld = -150.0, 50.0
    c, d = 10.0**lc, 10.0**ld
    base = sl.fit_relation(x, y).with_bootstrap(200, rng=3, workers=1)
    other = sl.fit_relation(x * c, y * d).with_bootstrap(200, rng=3, workers=1)
    assert base.boot is not None
    assert other.boot is not None
    np.testing.assert_allclose(other.boot.samples[:, 1], base.boot.samples[:, 1], rtol=REL)
    expect = np.log10(base.boot.samples[:, 0]) + ld - base.boot.samples[:, 1] * lc
    np.testing.assert_allclose(np.log10(other.boot.samples[:, 0]), expect, atol=1e-9, rtol=0)
