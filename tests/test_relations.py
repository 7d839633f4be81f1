"""Scaling relations (issue 3): fit_relation, compare_relations, RelationFit.

Reference values and their labels follow ``shared/data/natural/README.md``:
[pub] published (paper, authors' code output, or the package's own tests),
[check] computed from the file with numpy (a regression value, not a literature claim).
"""

from __future__ import annotations

import hashlib
import json
import math
import warnings
from importlib import resources

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import optimize, stats

import scalinglaws as sl
from scalinglaws.datasets import META_KEYS, list_datasets, load_dataset
from scalinglaws.datasets._readers import read_leitao_road_miles
from scalinglaws.errors import (
    FitError,
    InsufficientDataError,
    InvalidInputError,
    InvalidOptionError,
    ScalingLawError,
)
from scalinglaws.formulas import relations as formulas
from scalinglaws.relations import LAWS, METHODS, RelationFit, compare_relations, fit_relation


def _xy(name: str) -> tuple[pd.Series | pd.DataFrame, pd.Series]:
    ds = load_dataset(name)
    return ds.data[ds.meta["x"]], ds.data[ds.meta["y"]]


# --------------------------------------------------------------------------- references


def test_smatr_leaflife_sma_and_ma_to_1e5() -> None:
    # [pub] smatr 3, tests/testthat/test-numeric.R: sma(longev ~ lma, log="xy", data=leaflife)
    # and ma(...): all 67 rows, log10 on both axes; columns estimate, lower, upper.
    x, y = _xy("allometry/smatr_leaflife")
    expected = {
        "sma": ((-2.698800, -3.224305, -2.173295), (1.315031, 1.096261, 1.577457)),
        "ma": ((-3.085214, -3.968020, -2.202407), (1.492616, 1.146777, 2.001084)),
    }
    for method, (elevation, slope) in expected.items():
        table = fit_relation(x, y, method=method).conf_int(0.95)
        np.testing.assert_allclose(np.log10(table.loc["a"].to_numpy()), elevation, atol=1e-5)
        np.testing.assert_allclose(table.loc["b"].to_numpy(), slope, atol=1e-5)


@pytest.mark.parametrize("method", ["sma", "ma"])
def test_smatr_slope_interval_inverts_the_slope_test(method: str) -> None:
    # Warton et al. 2006 (Biol. Rev. 81, 259), sec. VI.1: the CI is the set of b0 the
    # one-sample test does not reject, so the test at either bound has p = 1 - level.
    x, y = _xy("allometry/smatr_leaflife")
    fit = fit_relation(x, y, method=method)
    low, high = fit.conf_int(0.9).loc["b", ["lower", "upper"]]
    for bound in (low, high):
        assert fit.test_exponent(bound).p_value == pytest.approx(0.1, abs=1e-8)
    assert fit.test_exponent(fit.params["b"]).p_value == pytest.approx(1.0)


def test_mass_mammals_brain_body() -> None:
    # [pub] textbook fit ln(brain) = 2.135 + 0.752 ln(body) (MASS::mammals);
    # [check] b = 0.7517 (SE 0.0285), ln a = 2.1348, R^2 = 0.921 (README, numpy OLS).
    fit = fit_relation(*_xy("allometry/mammals_brain_body"))
    assert fit.params["b"] == pytest.approx(0.7517, abs=5e-5)
    assert fit.stderr["b"] == pytest.approx(0.0285, abs=5e-5)
    assert math.log(fit.params["a"]) == pytest.approx(2.1348, abs=5e-5)
    assert fit.r_squared == pytest.approx(0.921, abs=5e-4)
    kleiber = fit.test_exponent(0.75)  # Kleiber's 3/4: not rejected for brain mass
    assert not kleiber.rejected
    assert kleiber.statistic == pytest.approx((fit.params["b"] - 0.75) / fit.stderr["b"])


def test_leitao_us_gdp_superlinear() -> None:
    # [check] OLS on logs: beta = 1.113, SE 0.013, n = 381 (README); [pub] Leitão et al.
    # 2016 log-normal fits give 1.113 +- 0.024.
    fit = fit_relation(*_xy("urban/usa_msa_gdp_2013"))
    assert fit.n == 381
    assert fit.params["b"] == pytest.approx(1.113, abs=5e-4)
    assert fit.stderr["b"] == pytest.approx(0.013, abs=5e-4)
    test = fit.test_exponent(1.0)
    assert test.rejected
    assert test.p_value < 1e-10
    assert "differs from 1" in test.verdict()


def test_leitao_road_miles_parsed_to_459_rows() -> None:
    # [pub] Leitão et al. 2016 usa_miles, log-normal delta = 2: beta = 0.847 +- 0.033;
    # [check] with their parsing OLS beta = 0.847, SE 0.018, n = 459.
    ds = load_dataset("urban/usa_road_miles_2013")
    assert len(ds.data) == 459
    assert list(ds.data.columns) == ["name", "population", "lane_miles"]
    assert ds.data.iloc[0].tolist() == ["New York--Newark, NY--NJ--CT", 17799861.0, 44675.0]
    assert "Conway" not in set(ds.data["name"])
    fit = fit_relation(*_xy("urban/usa_road_miles_2013"))
    assert fit.params["b"] == pytest.approx(0.847, abs=5e-4)
    assert fit.stderr["b"] == pytest.approx(0.018, abs=5e-4)


def test_leitao_reader_handles_quoting() -> None:
    text = (
        '"Big, ST","1,234,567 ","12,345 "\n'
        '"Small, ST","150,000 ",829 \n'
        '"Missing, ST", -,427 \n'
        'Unquoted,"65,277 ",640 \n'
    )
    frame = read_leitao_road_miles(text)
    assert frame["name"].tolist() == ["Big, ST", "Small, ST"]
    assert frame["population"].tolist() == [1234567.0, 150000.0]
    assert frame["lane_miles"].tolist() == [12345.0, 829.0]


def test_trees_multivariable_power_law() -> None:
    # [pub] ln V = -6.63 + 1.98 ln D + 1.12 ln H; [check] -6.632, 1.983, 1.117 (README).
    fit = fit_relation(*_xy("allometry/trees"))
    assert math.log(fit.params["a"]) == pytest.approx(-6.632, abs=5e-4)
    assert fit.params["b1"] == pytest.approx(1.983, abs=5e-4)
    assert fit.params["b2"] == pytest.approx(1.117, abs=5e-4)
    assert fit.x_names == ("Girth", "Height")
    with pytest.raises(InvalidOptionError, match="b1, b2"):
        fit.test_exponent(2.0)
    assert fit.test_exponent(2.0, param="b1").p_value > 0.05  # V ~ D^2 H
    table = fit.predict_quantiles(pd.DataFrame({"Girth": [10.0], "Height": [70.0]}), (0.05, 0.95))
    assert list(table.columns) == ["Girth", "Height", "mean", "median", "q0.05", "q0.95"]
    with pytest.raises(InvalidInputError, match="2 x column"):
        fit.predict([10.0, 12.0])


def test_compare_prefers_a_curved_law_on_running_speed() -> None:
    # README: quantreg::Mammals (Garland 1983) is hump-shaped on log-log axes.
    x, y = _xy("allometry/mammals_speed_weight")
    on_logs = compare_relations(x, y)
    assert on_logs.preferred == "broken_power"
    rows = on_logs.table.set_index("law")
    assert rows.loc["power", "delta_aic"] > 10
    assert rows.loc["power_offset", "aic"] < rows.loc["power", "aic"]
    raw = compare_relations(x, y, method="nls")
    assert raw.preferred == "broken_power"
    assert raw.preferred_extrapolation == "broken_power"
    assert "broken_power has the lowest AIC" in raw.verdict()
    payload = json.loads(json.dumps(raw.to_dict(), allow_nan=False))
    again = type(raw).from_dict(payload)
    assert again.preferred == raw.preferred
    assert again.to_dict() == payload


def test_compare_bad_options() -> None:
    x, y = _xy("allometry/mammals_speed_weight")
    with pytest.raises(InvalidOptionError, match="sma"):
        compare_relations(x, y, method="sma")
    with pytest.raises(InvalidOptionError, match="banana"):
        compare_relations(x, y, laws=("power", "banana"))
    with pytest.raises(InvalidOptionError, match="twice"):
        compare_relations(x, y, laws=("power", "power"))
    with pytest.raises(InvalidOptionError, match="strictly between"):
        compare_relations(x, y, holdout=0.0)
    with pytest.raises(InvalidInputError, match="one x column"):
        compare_relations(np.ones((5, 2)), np.ones(5))


# --------------------------------------------------------------------------- methods


def _power_data(n: int = 200, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = np.geomspace(1.0, 1e3, n)
    return x, 2.0 * x**0.75 + rng.normal(0.0, 2.0, n)


def test_nls_matches_curve_fit() -> None:
    x, y = _power_data()
    fit = fit_relation(x, y, method="nls")
    popt, pcov = optimize.curve_fit(formulas.power, x, y, p0=[1.0, 1.0])
    np.testing.assert_allclose([fit.params["a"], fit.params["b"]], popt, rtol=1e-6)
    np.testing.assert_allclose(
        [fit.stderr["a"], fit.stderr["b"]], np.sqrt(np.diag(pcov)), rtol=1e-5
    )


def test_poisson_glm_matches_direct_maximum_likelihood() -> None:
    # McCullagh & Nelder 1989: the GLM estimate maximises the Poisson likelihood and its
    # covariance is the inverse Fisher information (X' diag(mu) X)^-1.
    rng = np.random.default_rng(3)
    x = rng.uniform(1.0, 50.0, 300)
    y = rng.poisson(0.4 * x**0.7).astype(float)
    assert (y == 0).any()
    fit = fit_relation(x, y, method="poisson")
    design = np.column_stack([np.ones_like(x), np.log(x)])

    def negloglik(theta: np.ndarray) -> float:
        eta = design @ theta
        return float(np.sum(np.exp(eta) - y * eta))

    best = optimize.minimize(negloglik, np.zeros(2), method="BFGS", options={"gtol": 1e-10})
    a, b = fit.params["a"], fit.params["b"]
    np.testing.assert_allclose([math.log(a), b], best.x, atol=1e-5)
    mu = np.exp(design @ np.array([math.log(a), b]))
    cov = np.linalg.inv(design.T @ (design * mu[:, None]))  # of (ln a, b)
    np.testing.assert_allclose(
        [fit.stderr["a"] / a, fit.stderr["b"]], np.sqrt(np.diag(cov)), rtol=1e-8
    )
    assert fit.log_likelihood == pytest.approx(
        float(np.sum(stats.poisson.logpmf(y, mu))), rel=1e-10
    )
    assert fit.dispersion is not None
    assert 0.7 < fit.dispersion < 1.4


def test_power_offset_and_broken_power_recover_parameters() -> None:
    rng = np.random.default_rng(5)
    x = np.geomspace(0.1, 100.0, 400)
    y = 3.0 + 2.0 * x**0.6 + rng.normal(0.0, 0.05, x.size)
    offset = fit_relation(x, y, law="power_offset", method="nls")
    np.testing.assert_allclose(
        [offset.params[k] for k in "abc"], [2.0, 0.6, 3.0], rtol=0.03, atol=0.03
    )
    true = formulas.broken_power(x, 5.0, 1.0, -0.5, 3.0, 0.5)
    noisy = true * rng.lognormal(0.0, 0.02, x.size)
    broken = fit_relation(x, noisy, law="broken_power")
    got = [broken.params[k] for k in ("a", "b1", "b2", "x_break")]
    np.testing.assert_allclose(got, [5.0, 1.0, -0.5, 3.0], rtol=0.05)


def test_exponential_and_linear_laws() -> None:
    rng = np.random.default_rng(7)
    x = np.linspace(0.0, 4.0, 100)
    y = 1.5 * np.exp(0.8 * x) * rng.lognormal(0.0, 0.01, x.size)
    for method in ("ols_log", "nls", "poisson"):
        fit = fit_relation(x, y, law="exponential", method=method)
        assert fit.params["b"] == pytest.approx(0.8, abs=0.01)
    line = fit_relation(x, 2.0 + 3.0 * x, law="linear", method="nls")
    assert line.params == pytest.approx({"a": 2.0, "b": 3.0})
    # A straight line on raw axes: SMA of y on x (no logs for law="linear").
    sma = fit_relation(x, 2.0 + 3.0 * x + rng.normal(0, 0.1, x.size), law="linear", method="sma")
    assert sma.params["b"] == pytest.approx(3.0, abs=0.05)


def test_predict_intervals_and_bias_correction() -> None:
    fit = fit_relation(*_xy("allometry/mammals_brain_body"))
    grid = [1.0, 100.0]
    mean = fit.predict(grid)
    median = fit.predict(grid, correction="none")
    lognormal = fit.predict(grid, correction="lognormal")
    np.testing.assert_allclose(median, fit.params["a"] * np.array(grid) ** fit.params["b"])
    smearing = float(np.mean(np.exp(fit.residuals())))  # Duan 1983
    np.testing.assert_allclose(mean, median * smearing)
    np.testing.assert_allclose(lognormal, median * math.exp(fit.sigma2 / 2))
    levels = (0.05, 0.5, 0.95)
    confidence = fit.predict_quantiles(grid, levels, interval="confidence")
    prediction = fit.predict_quantiles(grid, levels)
    assert list(prediction.columns) == ["x", "mean", "median", "q0.05", "q0.5", "q0.95"]
    np.testing.assert_allclose(prediction["median"], median)  # a t predictive on ln y
    width = prediction["q0.95"] - prediction["q0.05"]
    assert (width > confidence["q0.95"] - confidence["q0.05"]).all()
    assert (confidence["q0.05"] < median).all()
    with pytest.warns(DeprecationWarning, match="predict_quantiles"):
        old = fit.predict(grid, interval="prediction", level=0.9)
    assert list(old.columns) == ["x", "mean", "lower", "upper"]
    np.testing.assert_allclose(old["lower"], prediction["q0.05"], rtol=1e-12)
    np.testing.assert_allclose(old["upper"], prediction["q0.95"], rtol=1e-12)
    with pytest.raises(InvalidOptionError, match="prediction, confidence"):
        fit.predict_quantiles(grid, interval="credible")
    with pytest.raises(InvalidInputError, match="zero or negative"):
        fit.predict([0.0, 1.0])
    nls = fit_relation(*_xy("allometry/mammals_brain_body"), method="nls")
    with pytest.raises(InvalidOptionError, match="already predicts"):
        nls.predict(grid, correction="smearing")


def test_bootstrap_is_seeded_and_close_to_analytic() -> None:
    fit = fit_relation(*_xy("urban/usa_msa_gdp_2013"))
    held = fit.with_bootstrap(200, rng=1, workers=1)
    first = held.boot
    again = fit.with_bootstrap(200, rng=1, workers=1).boot
    assert first is not None
    assert again is not None
    np.testing.assert_array_equal(first.samples, again.samples)
    assert first.n_failed == 0
    assert first.scheme == "pairs"
    assert first.std("b") == pytest.approx(fit.stderr["b"], rel=0.5)
    assert held.stderr["b"] == pytest.approx(first.std("b"), rel=1e-12)  # once it is there
    boot = held.conf_int(method="bootstrap")
    low, high = np.quantile(first.column("b"), [0.025, 0.975])
    assert boot.loc["b", "lower"] == min(low, fit.params["b"])
    assert boot.loc["b", "upper"] == max(high, fit.params["b"])
    pd.testing.assert_frame_equal(held.conf_int(), boot)  # auto: bootstrap when present
    with pytest.raises(InvalidOptionError, match="with_bootstrap"):
        fit.conf_int(method="bootstrap")
    with pytest.warns(DeprecationWarning, match="with_bootstrap"):
        old = fit.bootstrap(200, rng=1, workers=1)
    np.testing.assert_array_equal(old.samples, first.samples)


def test_bootstrap_does_not_depend_on_workers() -> None:
    x, y = _power_data(60)
    fit = fit_relation(x, y, method="nls")
    one = fit.with_bootstrap(16, rng=4, workers=1).boot
    two = fit.with_bootstrap(16, rng=4, workers=2).boot
    assert one is not None
    assert two is not None
    np.testing.assert_allclose(one.samples, two.samples, rtol=1e-12)


def test_round_trip_with_bootstrap_and_broken_power() -> None:
    x, y = _xy("allometry/mammals_speed_weight")
    fit = fit_relation(x, y, law="broken_power").with_bootstrap(10, rng=0, workers=1)
    payload = json.loads(json.dumps(fit.to_dict(), allow_nan=False))
    again = sl.FitResult.from_dict(payload)
    assert isinstance(again, RelationFit)
    assert again.params == fit.params
    assert again.to_dict() == payload
    assert again.boot is not None
    assert again.boot.samples.shape == (10, 4)
    assert str(again.summary()) == str(fit.summary())
    assert repr(fit).startswith("<RelationFit broken_power/ols_log")


# --------------------------------------------------------------------------- bad input


def test_zeros_in_a_log_method_name_the_rows_and_the_fixes() -> None:
    x = np.arange(1.0, 11.0)
    y = np.array([0.0, 1, 2, 0, 3, 5, 8, 9, 12, 15])
    with pytest.raises(InvalidInputError) as info:
        fit_relation(x, y)
    message = str(info.value)
    assert "2 of 10 rows" in message
    assert "method='poisson'" in message
    assert "drop_nonpositive=True" in message
    dropped = fit_relation(x, y, drop_nonpositive=True)
    assert (dropped.n, dropped.n_dropped) == (8, 2)
    assert "2 row(s)" in str(dropped.summary())
    assert fit_relation(x, y, method="poisson").n == 10
    with pytest.raises(InvalidInputError, match="1 in x"):
        fit_relation([-1.0, 2, 3, 4], [1.0, 2, 3, 4])


@pytest.mark.parametrize(
    ("x", "y", "error", "match"),
    [
        ([3.0, 3.0, 3.0, 3.0], [1.0, 2.0, 3.0, 4.0], InsufficientDataError, "all 4 values equal 3"),
        ([1.0, 2.0, 3.0], [1.0, 2.0], InvalidInputError, "different lengths"),
        ([1.0, np.nan, 3.0], [1.0, 2.0, 3.0], InvalidInputError, "NaN"),
        ([1.0, 2.0, 3.0], [1.0, 2.0, np.inf], InvalidInputError, "infinite"),
        ([1.0, 2.0], [1.0, 2.0], InsufficientDataError, "need at least 3 rows"),
        ([], [], InvalidInputError, "no values"),
        (["a", "b", "c"], [1.0, 2.0, 3.0], InvalidInputError, "not a number"),
    ],
)
def test_bad_data_raise_clear_errors(
    x: list[float], y: list[float], error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        fit_relation(x, y)


def test_bad_options_list_the_valid_ones() -> None:
    x, y = _power_data(20)
    with pytest.raises(InvalidOptionError, match="power, power_offset, broken_power"):
        fit_relation(x, y, law="cubic")
    with pytest.raises(InvalidOptionError, match="ols_log, nls, sma, ma, poisson"):
        fit_relation(x, y, method="lad")
    with pytest.raises(InvalidOptionError, match="not available for law='exponential'"):
        fit_relation(x, y, law="exponential", method="sma")
    with pytest.raises(InvalidOptionError, match="law='power'"):
        fit_relation(np.ones((20, 2)), y, law="linear")
    with pytest.raises(InvalidOptionError, match="drop_nonpositive"):
        fit_relation(x, y, drop_nonpositive="yes")  # type: ignore[arg-type]
    with pytest.raises(InvalidOptionError, match="smoothness"):
        fit_relation(x, y, law="broken_power", smoothness=0.0)
    with pytest.raises(InvalidInputError, match="negative"):
        fit_relation(x, y - 100, method="poisson")
    fit = fit_relation(x, np.abs(y))
    with pytest.raises(InvalidOptionError, match="param"):
        fit.test_exponent(1.0, param="a")


_values = st.lists(
    st.one_of(
        st.floats(allow_nan=False, allow_infinity=False, width=64),
        st.floats(min_value=-1e3, max_value=1e3),
        st.integers(min_value=-3, max_value=30).map(float),
    ),
    min_size=0,
    max_size=12,
)


@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,  # the same examples on every run
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    x=_values,
    y=_values,
    law=st.sampled_from(tuple(LAWS)),
    method=st.sampled_from(METHODS),
    drop=st.booleans(),
)
def test_random_input_gives_a_result_or_a_scalinglaws_error(
    x: list[float], y: list[float], law: str, method: str, drop: bool
) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            fit = fit_relation(x, y, law=law, method=method, drop_nonpositive=drop)
        except ScalingLawError:
            return
        assert isinstance(fit, RelationFit)
        fit.conf_int()
        str(fit.summary())
        json.dumps(fit.to_dict(), allow_nan=False)
        try:
            fit.predict(fit.x[:2])
            fit.test_exponent(1.0, param=fit.spec.exponents[0])
        except ScalingLawError:
            pass


def test_fit_errors_are_scalinglaws_errors() -> None:
    assert issubclass(FitError, ScalingLawError)
    # Two distinct x values cannot carry power_offset's three parameters.
    with pytest.raises(InsufficientDataError, match="2 distinct"):
        fit_relation([1.0, 1.0, 2.0, 2.0, 2.0], [1.0, 1.1, 2.0, 2.1, 2.2], law="power_offset")


# --------------------------------------------------------------------------- datasets


_LISTING = list_datasets()
RELATION_SETS = _LISTING.loc[_LISTING["kind"] == "relation", "name"].astype(str).tolist()
CHECKED_SETS = [
    name for name in RELATION_SETS if "b" in load_dataset(name).meta["published"].get("check", {})
]


@pytest.mark.parametrize("name", RELATION_SETS)
def test_relation_datasets_load_with_provenance(name: str) -> None:
    ds = load_dataset(name)
    assert isinstance(ds.data, pd.DataFrame)
    assert tuple(ds.meta)[: len(META_KEYS)] == META_KEYS
    assert ds.meta["kind"] == "relation"
    for key in ("title", "source", "citation", "url", "provenance", "units", "licence"):
        assert isinstance(ds.meta[key], str)
        assert ds.meta[key]
    columns = ds.meta["x"] if isinstance(ds.meta["x"], list) else [ds.meta["x"]]
    assert set(columns) | {ds.meta["y"]} <= set(ds.data.columns)
    assert set(ds.meta["published"]) <= {"pub", "pub_mem", "check"}
    raw = resources.files("scalinglaws.datasets").joinpath("data", ds.meta["file"]).read_bytes()
    assert hashlib.sha256(raw).hexdigest() == ds.meta["sha256"]


def test_every_relation_family_is_checked() -> None:
    assert len(CHECKED_SETS) == len(RELATION_SETS) - 2  # trees, smatr: tested above
    assert {"allometry/trees", "allometry/smatr_leaflife"} == set(RELATION_SETS) - set(CHECKED_SETS)


@pytest.mark.parametrize("name", CHECKED_SETS)
def test_check_values_reproduce(name: str) -> None:
    # Each [check] value: scalinglaws' OLS on natural logs of the bundled file.
    ds = load_dataset(name)
    check = ds.meta["published"]["check"]
    data = ds.data.dropna(subset=[ds.meta["x"], ds.meta["y"]])
    fit = fit_relation(data[ds.meta["x"]], data[ds.meta["y"]])
    assert fit.n == check["n"]
    assert fit.params["b"] == pytest.approx(check["b"], abs=5e-4)
    if "b_se" in check:
        assert fit.stderr["b"] == pytest.approx(check["b_se"], abs=5e-4)


def test_relation_formulas() -> None:
    x = np.array([0.5, 1.0, 4.0])
    np.testing.assert_allclose(formulas.power(x, 2.0, 0.5), 2.0 * np.sqrt(x))
    np.testing.assert_allclose(formulas.power_offset(x, 2.0, 0.5, 1.0), 1.0 + 2.0 * np.sqrt(x))
    np.testing.assert_allclose(formulas.exponential(x, 2.0, 0.5), 2.0 * np.exp(0.5 * x))
    np.testing.assert_allclose(formulas.linear(x, 2.0, 0.5), 2.0 + 0.5 * x)
    both = np.column_stack([x, 2 * x])
    np.testing.assert_allclose(formulas.power_multi(both, 3.0, [1.0, 2.0]), 3.0 * x * (2 * x) ** 2)
    # The broken power law: y = a at the break, slopes b1 and b2 far from it.
    assert formulas.broken_power(np.array([3.0]), 5.0, 1.0, -0.5, 3.0, 0.1)[0] == pytest.approx(5.0)
    far = np.array([1e-4, 1e-3, 1e3, 1e4])
    logy = np.log(formulas.broken_power(far, 5.0, 1.0, -0.5, 3.0, 0.1))
    assert (logy[1] - logy[0]) / math.log(10) == pytest.approx(1.0)
    assert (logy[3] - logy[2]) / math.log(10) == pytest.approx(-0.5)
    logx = np.log(np.geomspace(0.1, 10, 7))
    theta = np.array([math.log(5.0), 1.0, -0.5, math.log(3.0)])
    jac = formulas.broken_power_log_jacobian(logx, theta[1], theta[2], theta[3], 0.5)
    step = 1e-6
    for j in range(4):
        up, down = theta.copy(), theta.copy()
        up[j] += step
        down[j] -= step
        numeric = (
            formulas.broken_power_log(logx, *up, 0.5) - formulas.broken_power_log(logx, *down, 0.5)
        ) / (2 * step)
        np.testing.assert_allclose(jac[:, j], numeric, atol=1e-7)
