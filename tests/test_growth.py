"""fit_growth: the growth laws against published fits, dates, bad input and the contract.

Reference values and their sources (labels as in the data README,
``shared/data/natural/README.md``: [pub] published, [pub, mem] published but
written down from memory, [check] recomputed from the file with numpy/scipy):

* US census 1790-1910, logistic least squares: R. Pearl and L. J. Reed, "On the
  rate of growth of the population of the United States since 1790 and its
  mathematical representation", PNAS 6(6), 275-288 (1920): K = 197.27 million,
  r = 0.03134 / yr, inflection 1914.25 [pub, mem]; least squares on the carData
  file: K = 198.5, r = 0.0313, inflection 1914.7; on 1790-1940 K = 185.7, on
  1790-2000 K = 440.8 and inflection 1976.6 [check].
* GGM dC/dt = r C^p (C. Viboud, L. Simonsen and G. Chowell, Epidemics 15, 27-37,
  2016) on WHO cumulative cases in China, 2020-01-20 to 2020-02-05, least squares
  with C(0) pinned to the first report: r = 1.86, p = 0.765 +- 0.015 [check].
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import warnings
from importlib import resources

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import scalinglaws as sl
from scalinglaws.errors import (
    FitWarning,
    InsufficientDataError,
    InvalidInputError,
    InvalidOptionError,
    ScalingLawError,
)
from scalinglaws.formulas import growth as formulas
from scalinglaws.growth.times import parse_times
from scalinglaws.results import FitResult

GROWTH_DATASETS = [
    "growth/us_census_1790_2000",
    "growth/us_census_1790_1970",
    "epidemics/sarscov2_who_2020",
    "epidemics/sars_canada_2003",
    "epidemics/influenza_england_1978",
]


@pytest.fixture(scope="module")
def census() -> pd.DataFrame:
    return sl.load_dataset("growth/us_census_1790_2000").data


@pytest.fixture(scope="module")
def china() -> pd.DataFrame:
    frame = sl.load_dataset("epidemics/sarscov2_who_2020").data
    window = (frame["date"] >= "2020-01-20") & (frame["date"] <= "2020-02-05")
    return frame.loc[window, ["date", "cases_chn"]].reset_index(drop=True)


@pytest.fixture(scope="module")
def pearl_reed(census: pd.DataFrame) -> sl.GrowthFit:
    early = census[census["year"] <= 1910]
    return sl.fit_growth(early["year"], early["population"], law="logistic")


# --- bundled data ---------------------------------------------------------------------
@pytest.mark.parametrize("name", GROWTH_DATASETS)
def test_growth_datasets_load_with_provenance(name: str) -> None:
    ds = sl.load_dataset(name)
    assert ds.meta["kind"] == "growth"
    assert isinstance(ds.data, pd.DataFrame)
    assert {ds.meta["t"], ds.meta["y"]} <= set(ds.data.columns)
    for key in ("title", "source", "citation", "url", "provenance", "units", "licence"):
        assert ds.meta[key], key
    raw = resources.files("scalinglaws.datasets").joinpath("data", ds.meta["file"]).read_bytes()
    assert hashlib.sha256(raw).hexdigest() == ds.meta["sha256"]
    t, origin = parse_times(ds.data[ds.meta["t"]], "t")
    assert (origin is not None) == (ds.meta["t"] == "date")
    assert (np.diff(t) > 0).all()
    assert (ds.data[ds.meta["y"]] >= 0).all()


def test_catalogued_check_values_reproduce(census: pd.DataFrame) -> None:
    published = sl.load_dataset("growth/us_census_1790_2000").meta["published"]
    for key, years in (("logistic_1790_1910", 1910), ("logistic_1790_1940", 1940)):
        part = census[census["year"] <= years]
        fit = sl.fit_growth(part["year"], part["population"], law="logistic")
        for name, value in published["check"][key].items():
            assert fit.params[name] == pytest.approx(value, rel=2e-3), (key, name)
    who = sl.load_dataset("epidemics/sarscov2_who_2020")
    early = who.data[(who.data["date"] >= "2020-01-20") & (who.data["date"] <= "2020-01-27")]
    check = who.meta["published"]["check"]["exponential_china_2020_01_20_to_27"]
    days = (pd.to_datetime(early["date"]) - pd.Timestamp("2020-01-20")).dt.days
    slope = np.polyfit(days, np.log(early["cases_chn"]), 1)[0]  # the catalogued method
    assert np.log(2) / slope == pytest.approx(check["doubling_time_days"], abs=0.05)
    fit = sl.fit_growth(early["date"], early["cases_chn"], law="exponential")  # negbin
    low, high = fit.derived().loc["doubling_time", ["lower", "upper"]]
    assert low < check["doubling_time_days"] < high


# --- formulas ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "params", "rate"),
    [
        ("exponential", (2.0, 0.3), lambda C: 0.3 * C),
        ("logistic", (100.0, 0.5, 4.0), lambda C: 0.5 * C * (1 - C / 100.0)),
        ("gompertz", (100.0, 0.5, 4.0), lambda C: 0.5 * C * np.log(100.0 / C)),
        ("richards", (100.0, 0.5, 4.0, 2.5), lambda C: 0.5 * C * (1 - (C / 100.0) ** 2.5)),
        ("ggm", (5.0, 1.2, 0.7), lambda C: 1.2 * C**0.7),
        ("ggm", (5.0, 0.4, 1.0), lambda C: 0.4 * C),
        ("ggm", (5.0, 3.0, 0.0), lambda C: 3.0 + 0 * C),
    ],
)
def test_each_curve_solves_its_differential_equation(name: str, params: tuple, rate) -> None:
    curve = getattr(formulas, name)
    t = np.linspace(0.5, 10.0, 40)
    h = 1e-5
    slope = (curve(t + h, *params) - curve(t - h, *params)) / (2 * h)
    np.testing.assert_allclose(slope, rate(curve(t, *params)), rtol=1e-6)


def test_curve_special_cases() -> None:
    t = np.linspace(-5, 15, 50)
    np.testing.assert_allclose(
        formulas.richards(t, 10.0, 0.7, 3.0, 1.0), formulas.logistic(t, 10.0, 0.7, 3.0)
    )
    assert formulas.logistic(3.0, 10.0, 0.7, 3.0) == pytest.approx(5.0)  # C(tm) = K/2
    assert formulas.gompertz(3.0, 10.0, 0.7, 3.0) == pytest.approx(10.0 / np.e)
    np.testing.assert_allclose(formulas.ggm(t, 4.0, 2.0, 0.0), np.maximum(4.0 + 2.0 * t, 0.0))
    near = formulas.ggm(t, 4.0, 0.3, 1.0 - 1e-9)
    np.testing.assert_allclose(near, formulas.exponential(t, 4.0, 0.3), rtol=1e-6)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert formulas.logistic(-1e6, 1.0, 1.0, 0.0) == 0.0


# --- published and checked values ----------------------------------------------------
def test_pearl_reed_logistic_on_the_1790_1910_census(pearl_reed: sl.GrowthFit) -> None:
    # Pearl & Reed 1920 (PNAS 6:275): K = 197.27 M, r = 0.03134/yr, inflection 1914.25
    # [pub, mem]; least squares on this file: 198.5, 0.0313, 1914.7 [check].
    p = pearl_reed.params
    assert 197.0 <= p["K"] <= 199.5
    assert p["r"] == pytest.approx(0.0313, abs=3e-4)
    assert 1914.0 <= p["tm"] <= 1915.5
    assert pearl_reed.errors == "normal"  # populations in millions are not counts
    derived = pearl_reed.derived()
    assert derived.loc["carrying_capacity", "estimate"] == pytest.approx(p["K"])
    assert derived.loc["doubling_time", "estimate"] == pytest.approx(np.log(2) / p["r"])
    low, high = derived.loc["doubling_time", ["lower", "upper"]]
    assert low < np.log(2) / p["r"] < high
    ci = pearl_reed.conf_int()
    assert ci.loc["K", "lower"] < 197.27 < ci.loc["K", "upper"]  # the published K is inside


def test_census_backtest_shows_k_moving_as_years_are_added(census: pd.DataFrame) -> None:
    # Least squares on this file [check]: K = 198.5 (to 1910), 185.7 (to 1940), 440.8 (to 2000).
    full = sl.fit_growth(census["year"], census["population"], law="logistic")
    assert full.params["K"] == pytest.approx(440.8, abs=0.5)
    assert full.params["tm"] == pytest.approx(1976.6, abs=0.5)
    bt = full.backtest([1850, 1910, 1940], n_boot=100, rng=0, workers=1)
    assert list(bt.columns) == [
        "cutoff", "n_fit", "n_scored", "mae", "coverage", "K", "r", "tm", "status",
    ]  # fmt: skip
    by_cut = bt.set_index("cutoff")
    assert by_cut.loc[1910, "K"] == pytest.approx(198.5, abs=0.3)
    assert by_cut.loc[1940, "K"] == pytest.approx(185.7, abs=0.3)
    assert by_cut.loc[1910, "n_fit"] == 13
    assert by_cut.loc[1910, "n_scored"] == 9
    assert (by_cut.loc[[1910, 1940], "status"] == "ok").all()
    # Through 1850 the curve shows no slowing: K runs to its bound, which the refit reports
    # (the bounded estimate is used, as in Chowell's toolboxes), and the forecast is scored.
    assert "K reached its upper bound" in by_cut.loc[1850, "status"]
    assert "K is not determined" in by_cut.loc[1850, "status"]
    assert np.isfinite(by_cut.loc[1850, "mae"])
    nothing = full.backtest([1915], horizon=3, n_boot=20, rng=0, workers=1)
    assert nothing.loc[0, "status"].startswith("no observation within the horizon")
    # Extrapolating the 1910 fit to 2000 misses badly: most later censuses fall outside.
    assert by_cut.loc[1910, "mae"] > 20
    assert 0.0 <= by_cut.loc[1910, "coverage"] < 0.6


def test_ggm_on_china_2020_cumulative_cases(china: pd.DataFrame) -> None:
    # Least squares with C(0) pinned at the first report: r = 1.86, p = 0.765 +- 0.015 [check].
    fit = sl.fit_growth(china["date"], china["cases_chn"], law="ggm", errors="normal")
    assert fit.fixed == ("C0",)
    assert fit.params["C0"] == 278
    assert fit.params["p"] == pytest.approx(0.765, abs=0.002)
    assert fit.params["r"] == pytest.approx(1.86, abs=0.01)
    assert fit.stderr["p"] == pytest.approx(0.015, abs=0.001)
    low, high = fit.conf_int().loc["p", ["lower", "upper"]]
    assert 0.73 < low < 0.74
    assert 0.79 < high < 0.80
    held = fit.with_bootstrap(200, rng=1, workers=1)
    assert held.boot is not None
    assert held.boot.scheme == "parametric"
    assert held.boot.n_failed == 0
    assert held.stderr["p"] == pytest.approx(0.015, rel=0.2)
    assert "C0" not in held.boot.names
    table = held.conf_int()  # bootstrap, and the pinned C0 keeps its zero-width row
    assert table.loc["C0", "lower"] == table.loc["C0", "upper"] == 278
    assert table.loc["p", "lower"] < 0.765 < table.loc["p", "upper"]
    with pytest.warns(DeprecationWarning, match="with_bootstrap"):
        old = fit.bootstrap(200, rng=1, workers=1)
    assert old.conf_int().loc["p", "sd"] == pytest.approx(held.stderr["p"], rel=1e-12)


def test_ggm_default_errors_for_counts_is_negative_binomial(china: pd.DataFrame) -> None:
    fit = sl.fit_growth(china["date"], china["cases_chn"], law="ggm")
    assert fit.errors == "negbin"
    assert 0 < fit.dispersion["k"] < 100
    low, high = fit.conf_int().loc["p", ["lower", "upper"]]
    assert low < 0.765 < high  # wider than least squares, and it covers that estimate
    with pytest.warns(FitWarning, match="errors='negbin'"):
        sl.fit_growth(china["date"], china["cases_chn"], law="ggm", errors="poisson")


# --- every law recovers its own parameters --------------------------------------------
@pytest.mark.parametrize(
    ("law", "truth"),
    [
        ("exponential", {"C0": 5.0, "r": 0.25}),
        ("logistic", {"K": 1000.0, "r": 0.3, "tm": 20.0}),
        ("gompertz", {"K": 1000.0, "r": 0.2, "tm": 15.0}),
        ("richards", {"K": 1000.0, "r": 0.3, "tm": 20.0, "a": 2.0}),
        ("ggm", {"C0": 5.0, "r": 2.0, "p": 0.6}),
    ],
)
def test_each_law_recovers_simulated_parameters(law: str, truth: dict[str, float]) -> None:
    rng = np.random.default_rng(7)
    t = np.arange(0.0, 40.0)
    curve = getattr(formulas, law)(t, *truth.values())
    y = curve * np.exp(rng.normal(0, 0.01, t.size))
    fit = sl.fit_growth(t, y, law=law)  # the GGM pins C0 to the first value (5 +- 1%)
    for name, value in truth.items():
        assert fit.params[name] == pytest.approx(value, rel=0.05), name
        low, high = fit.conf_int(0.999).loc[name, ["lower", "upper"]]
        assert low < fit.params[name] < high or name in fit.fixed


def test_incidence_counts_with_poisson_errors() -> None:
    rng = np.random.default_rng(3)
    t = np.arange(1.0, 61.0)
    cum = formulas.logistic(np.concatenate([[0.0], t]), 5000.0, 0.2, 30.0)
    cases = rng.poisson(np.diff(cum))
    fit = sl.fit_growth(t, cases, law="logistic", cumulative=False, errors="poisson")
    assert fit.params["K"] == pytest.approx(5000, rel=0.05)
    assert fit.params["tm"] == pytest.approx(30, abs=1)
    assert fit.predict([30.0])[0] == pytest.approx(250, rel=0.1)  # r K / 4 per day at the peak
    ahead = fit.forecast(5, n_boot=100, rng=0, workers=1)
    assert (ahead["q0.025"] <= ahead["median"]).all()
    assert (ahead["median"] <= ahead["q0.975"]).all()


# --- dates ----------------------------------------------------------------------------
def test_dates_in_every_form_give_the_same_fit(china: pd.DataFrame) -> None:
    forms = [
        china["date"].tolist(),  # ISO strings
        pd.to_datetime(china["date"]),  # a datetime Series
        pd.to_datetime(china["date"]).to_numpy(),  # datetime64[ns]
        [dt.date.fromisoformat(d) for d in china["date"]],  # datetime.date
    ]
    fits = [sl.fit_growth(f, china["cases_chn"], law="ggm", errors="normal") for f in forms]
    for fit in fits:
        assert fit.origin == pd.Timestamp("2020-01-20")
        np.testing.assert_allclose(fit.t[:3], [0.0, 1.0, 3.0])  # 2020-01-22 has no report
        assert fit.params == pytest.approx(fits[0].params)
    ahead = fits[0].forecast(3, quantiles=(0.1, 0.9), n_boot=50, rng=0, workers=1)
    assert list(ahead.columns) == ["t", "mean", "median", "q0.1", "q0.9"]
    assert list(ahead["t"]) == list(pd.date_range("2020-02-06", periods=3))
    assert fits[0].predict(["2020-02-05"])[0] == pytest.approx(fits[0].curve(["2020-02-05"])[0])
    with pytest.raises(InvalidInputError, match="pass dates here too"):
        fits[0].predict([3.0])


def test_forecast_is_seeded_and_independent_of_workers(pearl_reed: sl.GrowthFit) -> None:
    one = pearl_reed.forecast(30, level=0.99, n_boot=300, rng=5, workers=1)
    two = pearl_reed.forecast(30, level=0.99, n_boot=300, rng=5, workers=2)
    pd.testing.assert_frame_equal(one, two)
    assert list(one["t"]) == [1920.0, 1930.0, 1940.0]  # the data's spacing: 10 years
    assert (one["q0.005"] < one["median"]).all()  # level adds its central interval's levels
    assert (one["median"] < one["q0.995"]).all()
    assert one.attrs["level"] == 0.99
    assert one.attrs["n_failed"] == 0
    with pytest.warns(DeprecationWarning, match="level=..."):
        positional = pearl_reed.forecast(30, 0.99, n_boot=300, rng=5, workers=1)
    pd.testing.assert_frame_equal(positional, one)
    finer = pearl_reed.forecast(5, step=1, n_boot=50, rng=0, workers=1)
    assert list(finer["t"]) == [1911.0, 1912.0, 1913.0, 1914.0, 1915.0]


# --- bad input: a clear scalinglaws.errors message ---------------------------------------
def test_dates_that_do_not_parse_name_column_value_and_fix() -> None:
    dates = pd.Series(["2020-01-01", "2020-01-02", "2020-13-45", "2020-01-04"], name="date")
    with pytest.raises(InvalidInputError) as info:
        sl.fit_growth(dates, [1, 2, 3, 4], law="exponential")
    message = str(info.value)
    assert "column 'date'" in message
    assert "'2020-13-45'" in message
    assert "position 2" in message
    assert "ISO 8601" in message
    with pytest.raises(InvalidInputError, match="not a date"):
        sl.fit_growth(["2020-01-01", 3.0, "2020-01-03"], [1, 2, 3])


def test_unsorted_and_duplicated_times() -> None:
    with pytest.raises(InvalidInputError, match=r"1810 at position 1 comes before 1800.*sort"):
        sl.fit_growth([1790, 1810, 1800, 1820, 1830], [1, 2, 3, 4, 5])
    dates = pd.Series(["2020-01-01", "2020-01-02", "2020-01-02", "2020-01-03", "2020-01-04"])
    with pytest.raises(InvalidInputError, match=r"2020-01-02 appears more than once"):
        sl.fit_growth(dates.rename("day"), [1, 2, 3, 4, 5])


def test_decreasing_cumulative_counts_are_adjusted_with_a_warning() -> None:
    y = pd.Series([10, 20, 35, 30, 50, 60, 66, 70], name="cases")
    with pytest.warns(FitWarning) as caught:
        fit = sl.fit_growth(np.arange(8.0), y, law="logistic")  # errors="auto": negbin
    message = str(caught[0].message)
    assert "column 'cases'" in message
    assert "falls 1 time(s) (first from 35 at t = 2 to 30 at t = 3)" in message
    assert "errors='normal'" in message
    assert fit.warnings[0] == message
    assert list(fit.y) == [10, 20, 30, 30, 50, 60, 66, 70]  # 35 capped at the revised 30
    fit = sl.fit_growth(np.arange(8.0), y, law="exponential", cumulative=False)
    assert fit.params["r"] > 0  # the same numbers are fine as incidence


def test_mismatched_lengths_and_other_bad_values() -> None:
    with pytest.raises(InvalidInputError, match=r"has 5 value\(s\) but y has 4"):
        sl.fit_growth([1, 2, 3, 4, 5], [1, 2, 3, 4])
    with pytest.raises(InvalidInputError, match=r"negative .*-3\), but errors='negbin'"):
        sl.fit_growth([1, 2, 3, 4, 5], [1, 2, -3, 4, 5], cumulative=False)
    with pytest.raises(InvalidInputError, match=r"3.5 at position 2 is not a whole number"):
        sl.fit_growth([1, 2, 3, 4, 5], [1, 2, 3.5, 4, 5], errors="poisson")
    with pytest.raises(InvalidInputError, match="no value is positive"):
        sl.fit_growth([1, 2, 3, 4, 5], [0, 0, 0, 0, 0])
    with pytest.raises(InsufficientDataError, match="need at least 4"):
        sl.fit_growth([1, 2, 3], [1.5, 2, 3])  # logistic, least squares: 3 parameters + 1
    with pytest.raises(InsufficientDataError, match=r"need at least 5.*dispersion k"):
        sl.fit_growth([1, 2, 3, 4], [1, 2, 3, 4])  # counts: negative binomial
    with pytest.raises(InvalidInputError, match="first value is 0"):
        sl.fit_growth([1, 2, 3, 4, 5], [0, 2, 3, 4, 5], law="ggm")


def test_options_are_validated() -> None:
    t, y = [1, 2, 3, 4, 5], [1, 2, 4, 8, 16]
    with pytest.raises(InvalidOptionError, match="exponential, logistic, gompertz, richards, ggm"):
        sl.fit_growth(t, y, law="malthus")
    with pytest.raises(InvalidOptionError, match="auto, normal, poisson, negbin"):
        sl.fit_growth(t, y, errors="gaussian")
    with pytest.raises(InvalidOptionError, match="must be True"):
        sl.fit_growth(t, y, cumulative="yes")  # type: ignore[arg-type]
    with pytest.raises(InvalidOptionError, match="fix_c0=True needs a law with"):
        sl.fit_growth(t, y, fix_c0=True)
    fit = sl.fit_growth(t, y, law="exponential")
    with pytest.raises(InvalidOptionError, match="horizon"):
        fit.forecast(0)
    with pytest.raises(InvalidOptionError, match="shorter than one step"):
        fit.forecast(0.5)
    with pytest.raises(InvalidOptionError, match="cutoffs"):
        fit.backtest([5])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    t=st.lists(st.one_of(st.floats(-1e6, 1e6), st.just(float("nan"))), max_size=12),
    y=st.lists(st.one_of(st.integers(-5, 10**6), st.floats(allow_infinity=True)), max_size=12),
    law=st.sampled_from(["exponential", "logistic", "gompertz", "richards", "ggm"]),
    errors=st.sampled_from(["auto", "normal", "poisson", "negbin"]),
    cumulative=st.booleans(),
)
def test_random_input_gives_a_fit_or_a_scalinglaws_error(
    t: list[float], y: list[float], law: str, errors: str, cumulative: bool
) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FitWarning)  # a warning is an allowed outcome
        try:
            fit = sl.fit_growth(t, y, law=law, errors=errors, cumulative=cumulative)
        except ScalingLawError:
            return
    assert all(np.isfinite(v) for v in fit.params.values())
    assert isinstance(fit.summary().to_dict(), dict)


# --- the result contract ----------------------------------------------------------------
def test_round_trip_through_json(china: pd.DataFrame, pearl_reed: sl.GrowthFit) -> None:
    dated = sl.fit_growth(china["date"], china["cases_chn"], law="ggm")
    for fit in (pearl_reed, dated):
        data = json.loads(json.dumps(fit.to_dict(), allow_nan=False))
        assert data["kind"] == "growth"
        back = FitResult.from_dict(data)
        assert isinstance(back, sl.GrowthFit)
        assert back.params == fit.params
        assert back.stderr == fit.stderr
        assert back.origin == fit.origin
        assert back.fixed == fit.fixed
        assert back.dispersion == pytest.approx(fit.dispersion)
        pd.testing.assert_frame_equal(back.derived(), fit.derived())
        pd.testing.assert_frame_equal(
            back.forecast(30, n_boot=40, rng=0, workers=1),
            fit.forecast(30, n_boot=40, rng=0, workers=1),
        )
        assert sl.GrowthFit.from_dict(data).to_dict() == data


def test_summary_repr_and_plot(pearl_reed: sl.GrowthFit, china: pd.DataFrame) -> None:
    text = str(pearl_reed.summary())
    assert "logistic" in text
    assert "carrying capacity" in text
    assert "Pearl & Reed" in text
    assert "<table>" in pearl_reed.summary()._repr_html_()
    assert repr(pearl_reed).startswith("<GrowthFit logistic K=198.5")
    gompertz = sl.fit_growth(pearl_reed.t, pearl_reed.y, law="gompertz").derived()
    assert list(gompertz.index) == ["growth_rate", "carrying_capacity", "inflection_time"]

    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    ax = Figure().subplots()
    ahead = pearl_reed.forecast(30, n_boot=30, rng=0, workers=1)
    assert pearl_reed.plot(ax, forecast=ahead) is ax
    assert len(ax.collections) == 1  # the forecast fan
    dated = sl.fit_growth(china["date"], china["cases_chn"], law="ggm", errors="normal")
    assert "2020-01-20" in str(dated.summary())
    assert dated.plot(Figure().subplots()) is not None


@pytest.mark.slow
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    steps=st.lists(st.floats(1e-3, 1e3), min_size=3, max_size=15),
    amounts=st.lists(st.one_of(st.integers(0, 10**7), st.floats(0, 1e9)), min_size=15),
    law=st.sampled_from(["exponential", "logistic", "gompertz", "richards", "ggm"]),
    errors=st.sampled_from(["auto", "normal", "poisson", "negbin"]),
    cumulative=st.booleans(),
    start=st.floats(-1e4, 1e4),
    dates=st.booleans(),
)
def test_plausible_random_series_give_a_fit_or_a_scalinglaws_error(
    steps: list[float],
    amounts: list[float],
    law: str,
    errors: str,
    cumulative: bool,
    start: float,
    dates: bool,
) -> None:
    t = start + np.cumsum(steps)
    times = pd.Timestamp("2000-01-01") + pd.to_timedelta(t, unit="D") if dates else t
    y = np.asarray(amounts[: t.size], dtype=np.float64)
    y = np.cumsum(y) if cumulative else y
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FitWarning)
        try:
            fit = sl.fit_growth(times, y, law=law, errors=errors, cumulative=cumulative)
        except ScalingLawError:
            return
        assert all(np.isfinite(v) for v in fit.params.values())
        assert all(np.isfinite(v) for v in fit.stderr.values())
        assert np.isfinite(fit.predict(times)).all()
        assert str(fit.summary())
        try:
            ahead = fit.forecast(float(np.sum(steps)), n_boot=8, rng=0, workers=1)
        except ScalingLawError:
            return
        assert len(ahead) >= 1
