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
from scalinglaws.formulas import neural as neural_law
from scalinglaws.relations import LAWS, RelationFit
from scalinglaws.relations._laws import valid_methods
from scalinglaws.relations._scale import theta_of_values, user_values

T = TypeVar("T")
REL = 1e-6
#: log10 of float64's largest value and smallest normal value.
HUGE, TINY = math.log10(1.7976931348623157e308), math.log10(2.2250738585072014e-308)
#: Rescaled values this far inside float64's range must fit; beyond HUGE/TINY must raise.
SAFE = 300.0

_log10 = st.floats(-300.0, 300.0, allow_nan=False)
#: N and D reach 1e12 below, so their unit factors stop at 1e290 (the data stay finite).
_log10_resource = st.floats(-300.0, 290.0, allow_nan=False)
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
    scaled = np.asarray(fit.predict(at * c), dtype=np.float64)
    want = np.asarray(base.predict(at), dtype=np.float64)
    for got, value in zip(scaled, want, strict=True):
        assert _close_log10(float(got), math.log10(abs(float(value))) + ld)
    if method == "poisson":
        return  # counts carry their own scale: d times the counts is another distribution
    levels = (0.025, 0.5, 0.975)
    for interval in ("prediction", "confidence"):
        quantiles = fit.predict_quantiles(at * c, levels, interval=interval).iloc[:, 1:]
        reference = base.predict_quantiles(at, levels, interval=interval).iloc[:, 1:]
        for got, value in zip(
            quantiles.to_numpy().ravel(), reference.to_numpy().ravel(), strict=True
        ):
            assert math.copysign(1.0, got) == math.copysign(1.0, value)
            assert _close_log10(float(got), math.log10(abs(float(value))) + ld), interval


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
@given(lc=st.floats(-100.0, 100.0), ld=st.floats(-100.0, 100.0))
def test_compare_relations_is_equivariant(method: str, lc: float, ld: float) -> None:
    # Every law's likelihood moves by the same -n ln d (nls) or not at all (ln y), so
    # the AIC differences, the preferred law and the extrapolation errors (on ln y;
    # times d on y) are unit-free. c, d within 1e+-100 keep every law's parameters
    # (a ~ d / c^b with b < 2 here) inside float64, so every law that fits once fits again.
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
    # The stored replicates (user's units) map back to the same standardised theta, so the
    # bootstrap predictive at c x is d times the one at x, and its spread is d times too.
    at = x[[0, 29]]
    quantiles = other.predict_quantiles(at * c, (0.05, 0.5, 0.95), method="bootstrap")
    reference = base.predict_quantiles(at, (0.05, 0.5, 0.95), method="bootstrap")
    np.testing.assert_allclose(
        np.log10(quantiles.iloc[:, 1:].to_numpy()),
        np.log10(reference.iloc[:, 1:].to_numpy()) + ld,
        atol=1e-9,
        rtol=0,
    )
    assert other.stderr["b"] == pytest.approx(base.stderr["b"], rel=REL)  # the bootstrap's
    assert math.log10(other.stderr["a"]) == pytest.approx(
        math.log10(other.boot.std("a")), abs=1e-12
    )


def test_raw_scale_bootstrap_predictive_is_equivariant() -> None:
    # nls on raw y: replicates of (a, b) in the user's units go back to theta on y / s_y,
    # and the mixture's quantiles come back multiplied by s_y (units of 1e250 here).
    x, y = _relation_data("power", "nls")
    c, d = 1e150, 1e250
    base = sl.fit_relation(x, y, method="nls").with_bootstrap(60, rng=5, workers=1)
    other = sl.fit_relation(x * c, y * d, method="nls").with_bootstrap(60, rng=5, workers=1)
    at = x[[0, 14, 29]]
    levels = (0.1, 0.5, 0.9)
    for interval in ("prediction", "confidence"):
        got = other.predict_quantiles(at * c, levels, method="bootstrap", interval=interval)
        want = base.predict_quantiles(at, levels, method="bootstrap", interval=interval)
        np.testing.assert_allclose(
            got.iloc[:, 1:].to_numpy() / d, want.iloc[:, 1:].to_numpy(), rtol=1e-6
        )
    np.testing.assert_allclose(
        np.asarray(other.predict(at * c)) / d, np.asarray(base.predict(at)), rtol=1e-6
    )


def test_fits_saved_before_standardisation_read_the_same() -> None:
    # A payload without x_log_scale / y_log_scale (written before issue 21) holds theta in
    # the user's units and its replicates under "bootstrap": rebuilt by hand here from a
    # standardised fit (ln a = ln a_u + M - b L, so Cov = J Cov_u J'), it must report the
    # same parameters, errors, intervals and predictive quantiles.
    x, y = _relation_data("power", "ols_log")
    fit = sl.fit_relation(x * 1e-40, y * 1e25).with_bootstrap(40, rng=2, workers=1)
    assert fit.boot is not None
    shift_x, shift_y = fit.x_log_scale[0], fit.y_log_scale
    jac = np.array([[1.0, -shift_x], [0.0, 1.0]])
    payload = fit.to_dict()
    record = payload.pop("boot")
    for key in ("x_log_scale", "y_log_scale"):
        payload.pop(key)
    payload["theta"] = (jac @ fit.theta + np.array([shift_y, 0.0])).tolist()
    payload["theta_cov"] = (jac @ fit.theta_cov @ jac.T).tolist()
    payload["bootstrap"] = {k: record[k] for k in ("names", "samples", "n_boot", "n_failed")}
    old = sl.FitResult.from_dict(payload)
    assert isinstance(old, RelationFit)
    assert old.x_log_scale == ()
    for name, value in fit.params.items():
        assert old.params[name] == pytest.approx(value, rel=1e-12)
        assert old.std_errors("analytic")[name] == pytest.approx(
            fit.std_errors("analytic")[name], rel=1e-9
        )
    np.testing.assert_array_equal(old.boot.samples, fit.boot.samples)  # type: ignore[union-attr]
    assert old.stderr == fit.stderr
    np.testing.assert_allclose(
        old.conf_int(method="analytic"), fit.conf_int(method="analytic"), rtol=1e-9
    )
    at = x[[0, 29]] * 1e-40
    for method in ("analytic", "bootstrap"):
        np.testing.assert_allclose(
            old.predict_quantiles(at, method=method).to_numpy(),
            fit.predict_quantiles(at, method=method).to_numpy(),
            rtol=1e-9,
        )
    np.testing.assert_allclose(old.predict(at), fit.predict(at), rtol=1e-9)


# --------------------------------------------------------------------------- neural frontiers

_CHINCHILLA = {"E": 1.8, "A": 480.0, "B": 2100.0, "alpha": 0.35, "beta": 0.37}


def _isoflop_runs() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Five IsoFLOP profiles of the Chinchilla law (Hoffmann et al. 2022, eq. 10 values)."""
    rng = np.random.default_rng(4)
    rows = []
    for budget in np.geomspace(1e18, 1e22, 5):
        n_opt, _, _ = neural_law.compute_optimal(budget, **_CHINCHILLA)
        for n in n_opt * np.geomspace(0.25, 4.0, 7):
            loss = float(neural_law.chinchilla(n, budget / (6 * n), **_CHINCHILLA))
            noisy = loss * math.exp(rng.normal(0.0, 0.003))
            rows.append((n, budget / (6 * n), noisy, budget))
    n, d, loss, budget = (np.array(column) for column in zip(*rows, strict=True))
    return n, d, loss, budget


def _curve_runs() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Training curves of five model sizes, 30 evaluations each."""
    rows = []
    for run, n in enumerate(np.geomspace(1e7, 1e9, 5)):
        for tokens in np.geomspace(1e8, 1e11, 30):
            rows.append((run, n, tokens, float(neural_law.chinchilla(n, tokens, **_CHINCHILLA))))
    run, n, d, loss = (np.array(column) for column in zip(*rows, strict=True))
    return run, n, d, loss


def _check_frontier(fit: Any, base: Any, ln: float, lb: float, ll: float) -> None:
    """N -> 10^ln N, C -> 10^lb C, L -> 10^ll L: a, b identical; k_N -> c_N k_N c_C^-a,
    k_D -> (c_C / c_N) k_D c_C^-b (as D_opt = C / (k N_opt)); the optima follow."""
    ln10 = math.log(10.0)
    assert fit.a == pytest.approx(base.a, rel=REL)
    assert fit.b == pytest.approx(base.b, rel=REL)
    assert fit.a_se == pytest.approx(base.a_se, rel=REL)
    assert fit.log_kn == pytest.approx(base.log_kn + (ln - base.a * lb) * ln10, abs=REL)
    assert fit.log_kd == pytest.approx(base.log_kd + (lb - ln - base.b * lb) * ln10, abs=REL)
    for got, want, shift in (
        (fit.budgets, base.budgets, lb),
        (fit.n_opt, base.n_opt, ln),
        (fit.loss_opt, base.loss_opt, ll),
    ):
        np.testing.assert_allclose(np.log10(got), np.log10(want) + shift, rtol=0, atol=1e-9)


def _frontier_outcome(
    fit: Any, base_c: np.ndarray, base_l: np.ndarray, log_n: np.ndarray, lb: float, ll: float
) -> bool:
    """True when the rescaled fit must exist; asserts a refusal is a float64 limit."""
    log_c = np.log10(base_c) + lb
    # c0 of a parabola in log N grows like L (log N)^2 (see IsoflopFit.curves).
    log_c0 = float(np.log10(base_l.max())) + ll + 2 * math.log10(float(np.abs(log_n).max()) + 1)
    inside = log_c.min() >= -SAFE and log_c.max() <= SAFE and log_c0 <= SAFE
    if isinstance(fit, ScalingLawError):
        assert isinstance(fit, sl.errors.InvalidInputError)
        assert "float64" in str(fit)
        assert not inside, f"refused in range: {fit}"
    return inside and not isinstance(fit, ScalingLawError)


@pytest.mark.parametrize("given", [False, True])
@_PROPERTY
@given(lc=_log10_resource, ld=_log10_resource, ll=_log10, lg=_log10)
def test_isoflop_is_equivariant_to_units(
    given: bool, lc: float, ld: float, ll: float, lg: float
) -> None:
    # C = 6 N D rescales by c d; a C given in units of its own (PF-days, say) by any g.
    n, d, loss, budget = _isoflop_runs()  # budget: each run's nominal C
    base = sl.isoflop(n, d, loss, C=budget if given else None)
    c, dd, scale = 10.0**lc, 10.0**ld, 10.0**ll
    lb = lg if given else lc + ld
    log_c = np.log10(budget) + lb
    if given and not (log_c.min() >= -SAFE and log_c.max() <= SAFE):
        return  # a given C outside float64 cannot even be passed
    scaled_c = budget * 10.0**lg if given else None
    fit = _outcome(sl.isoflop, n * c, d * dd, loss * scale, C=scaled_c)
    log_n = np.log(n * c)
    # D_opt = C / (6 N_opt) moves by C's factor over N's; it must stay a float64 too
    log_d_opt = np.log10(base.d_opt) + lb - lc
    if log_d_opt.min() < TINY or log_d_opt.max() > HUGE:
        assert isinstance(fit, ScalingLawError)
        assert "float64" in str(fit)
        return
    if log_d_opt.min() < -SAFE or log_d_opt.max() > SAFE:
        return  # near the edge of float64: either outcome is honest
    if _frontier_outcome(fit, budget, loss, log_n, lb, ll):
        _check_frontier(fit, base, lc, lb, ll)
        np.testing.assert_allclose(np.log10(fit.d_opt), np.log10(base.d_opt) + lb - lc, atol=1e-9)


@_PROPERTY
@given(lc=_log10_resource, ld=_log10_resource, ll=_log10)
def test_envelope_is_equivariant_to_units(lc: float, ld: float, ll: float) -> None:
    run, n, d, loss = _curve_runs()
    base = sl.envelope(run, n, d, loss)
    c, dd, scale = 10.0**lc, 10.0**ld, 10.0**ll
    fit = _outcome(sl.envelope, run, n * c, d * dd, loss * scale)
    if _frontier_outcome(fit, 6 * n * d, loss, np.zeros(1), lc + ld, ll):
        _check_frontier(fit, base, lc, lc + ld, ll)


@pytest.mark.parametrize(("law", "method"), _CASES)
def test_reported_parameters_map_back_to_theta(law: str, method: str) -> None:
    # theta_of_values inverts user_values (for replicates stored in the user's units).
    x, y = _relation_data(law, method)
    d = 1e-120 if method == "ma" and law == "linear" else 1e80  # MA: one common unit
    fit = sl.fit_relation(x * 1e-120, y * d, law=law, method=method)
    spec = fit.spec
    rows = fit.theta + np.random.default_rng(0).normal(0.0, 0.01, (5, fit.theta.size))
    np.testing.assert_allclose(
        theta_of_values(spec, user_values(spec, rows)), rows, rtol=1e-9, atol=1e-9
    )
