"""``sl.forecast``: ensembles, single methods, windows, dates and bad inputs (seeded)."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd
import pytest
from scipy import optimize, stats

import scalinglaws as sl
from scalinglaws.errors import (
    FitError,
    FitWarning,
    InsufficientDataError,
    InvalidInputError,
    InvalidOptionError,
)
from scalinglaws.forecast import LAW_MEMBERS, METHODS, MemberForecast, register_method
from scalinglaws.forecast.combine import (
    akaike_weights,
    inverse_score_weights,
    mixture,
    vincentize,
    weighted_median,
)
from scalinglaws.forecast.members import LIKELIHOOD
from scalinglaws.quantiles import HUB_QUANTILES, quantile_columns

N_BOOT = 40
COLUMNS = quantile_columns(HUB_QUANTILES)


def wave(n: int = 30, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Daily counts of one logistic wave (K 3000, r 0.25, peak at day 22), NB noise k = 20."""
    rng = np.random.default_rng(seed)
    t = np.arange(float(n))
    curve = 3000.0 / (1.0 + np.exp(-0.25 * (np.arange(-1.0, n) - 22.0)))
    mu = np.diff(curve)
    return t, rng.negative_binomial(20, 20 / (20 + mu)).astype(np.float64)


def run(*args: object, **options: object) -> sl.Forecast:
    """``sl.forecast`` with few replicates, FitWarnings of fragile fits kept out of the way."""
    options.setdefault("n_boot", N_BOOT)
    with pytest.warns() if options.pop("expect_warning", False) else _quiet():
        return sl.forecast(*args, **options)  # type: ignore[arg-type]


class _quiet:
    def __enter__(self) -> None:
        import warnings

        self._context = warnings.catch_warnings()
        self._context.__enter__()
        warnings.simplefilter("ignore", FitWarning)

    def __exit__(self, *exc: object) -> None:
        self._context.__exit__(*exc)


# --- the combination arithmetic -----------------------------------------------------------
def test_akaike_weights_follow_the_aicc_differences() -> None:
    weights = akaike_weights([10.0, 12.0, np.inf])
    np.testing.assert_allclose(weights, [1 / (1 + np.exp(-1)), np.exp(-1) / (1 + np.exp(-1)), 0])
    np.testing.assert_allclose(inverse_score_weights([1.0, 3.0, np.nan]), [0.75, 0.25, 0.0])


def test_vincentization_of_normals_averages_location_and_scale() -> None:
    # The quantile average of N(0, 1) and N(4, 3) with weights 1/4, 3/4 is N(3, 2.5).
    levels = np.array(HUB_QUANTILES)
    members = np.stack([stats.norm.ppf(levels, 0, 1), stats.norm.ppf(levels, 4, 3)])[:, None, :]
    averaged = vincentize(np.array([0.25, 0.75]), members)[0]
    np.testing.assert_allclose(averaged, stats.norm.ppf(levels, 3, 2.5), atol=1e-12)


def test_weighted_median_of_member_quantiles() -> None:
    values = np.array([1.0, 5.0, 100.0])[:, None, None] * np.ones((3, 2, 4))
    found = weighted_median(np.array([0.2, 0.5, 0.3]), values)
    assert (found == 5.0).all()  # cumulative weight 0.7 >= 1/2 at the second member
    even = weighted_median(np.full(2, 0.5), np.array([[[2.0]], [[6.0]]]))
    assert even[0, 0] == 4.0  # the midpoint, as the ordinary median of two
    # a member of weight 0 between them is not "the next one": still the midpoint of 2 and 6
    skipped = weighted_median(np.array([0.5, 0.0, 0.5]), np.array([[[2.0]], [[3.0]], [[6.0]]]))
    assert skipped[0, 0] == 4.0


def test_mixture_quantiles_invert_the_mixture_cdf() -> None:
    levels = np.linspace(0.0005, 0.9995, 1999)
    members = np.stack([stats.norm.ppf(levels, -3, 1), stats.norm.ppf(levels, 3, 1)])[:, None, :]
    wanted = np.array([0.1, 0.25, 0.5, 0.9])
    found = mixture(np.array([0.3, 0.7]), levels, members, wanted, points=20_000)[0]

    def cdf(x: float) -> float:
        return float(0.3 * stats.norm.cdf(x, -3, 1) + 0.7 * stats.norm.cdf(x, 3, 1))

    exact = [optimize.brentq(lambda x, q=q: cdf(x) - q, -10, 10) for q in wanted]
    # Level error <= 1/(2 * 20000) plus the grid's interpolation; the density is >= 0.02 there.
    np.testing.assert_allclose(found, exact, atol=0.01)


# --- ensembles ------------------------------------------------------------------------------
@pytest.mark.parametrize("weighting", ["aicc", "wis", "equal"])
def test_ensemble_weights_sum_to_one_and_quantiles_are_monotone(weighting: str) -> None:
    t, y = wave()
    fc = run(t, y, 7, weighting=weighting, rng=1)
    weights = np.array(list(fc.weights.values()))
    assert weights.size >= 2
    assert np.all(weights >= 0)
    assert weights.sum() == pytest.approx(1.0, abs=1e-12)
    assert sum(m.weight for m in fc.members) == pytest.approx(1.0, abs=1e-12)
    table = fc.table
    assert list(table.columns) == ["t", "mean", "median", *COLUMNS]
    values = table[COLUMNS].to_numpy()
    assert (np.diff(values, axis=1) >= 0).all()
    assert ((table["q0.45"] <= table["median"]) & (table["median"] <= table["q0.55"])).all()
    assert list(table["t"]) == list(t[-1] + np.arange(1, 8))


@pytest.mark.parametrize("combination", ["vincent", "mixture", "median"])
def test_both_combinations_give_monotone_quantiles(combination: str) -> None:
    t, y = wave(seed=3)
    fc = run(t, y, 5, combination=combination, rng=0)
    assert fc.combination == combination
    assert (np.diff(fc.quantiles, axis=1) >= 0).all()
    # Both combine the members' means the same way.
    used = [m for m in fc.members if m.ok]
    expected = sum(m.weight * m.mean for m in used)
    np.testing.assert_allclose(fc.mean, expected, rtol=1e-12)


def test_mixture_is_at_least_as_wide_as_the_quantile_average() -> None:
    # The mixture of disagreeing members spreads over all of them; Vincentization does not
    # (the rule of the combinations themselves, so before any calibration), here for the
    # growth laws and naive, whose smooth bootstrap bands disagree in location.
    t, y = wave(seed=5)
    options = {"weighting": "equal", "rng": 2, "calibrate": False, "members": LAW_MEMBERS}
    mixed = run(t, y, 5, combination="mixture", **options)
    averaged = run(t, y, 5, combination="vincent", **options)
    mixed_width = mixed.quantiles[:, -1] - mixed.quantiles[:, 0]
    averaged_width = averaged.quantiles[:, -1] - averaged.quantiles[:, 0]
    assert np.all(mixed_width >= averaged_width - 1e-9)


def test_aicc_weights_need_members_with_a_likelihood() -> None:
    t, y = wave()
    with pytest.raises(InvalidOptionError, match="naive"):
        run(t, y, 3, members=["logistic", "naive"], weighting="aicc")
    fc = run(t, y, 3, members=["logistic", "naive"], weighting="wis")
    assert set(fc.weights) == {"logistic", "naive"}


@pytest.fixture
def failing_method() -> Iterator[str]:
    def fails(*args: object) -> MemberForecast:
        raise FitError("this method never fits")

    register_method("always-fails", fails)
    yield "always-fails"
    METHODS.pop("always-fails")
    LIKELIHOOD.discard("always-fails")


def test_an_ensemble_without_a_working_member_falls_back_with_a_warning(
    failing_method: str,
) -> None:
    t, y = wave()
    with pytest.warns(FitWarning, match="the forecast is the naive method's"):
        fc = sl.forecast(t, y, 3, members=[failing_method], weighting="equal", n_boot=N_BOOT)
    assert fc.weights == {"naive": 1.0}
    assert fc.members[0].note == "this method never fits"
    assert "naive" in fc.warnings[0]
    with pytest.raises(FitError, match="no member could forecast"):
        sl.forecast(t, y, 3, members=[failing_method], weighting="equal", fallback=None)


def test_a_member_that_fails_is_left_out_and_named(failing_method: str) -> None:
    t, y = wave()
    fc = run(t, y, 3, members=["logistic", "gompertz"], rng=0)
    assert all(m.ok for m in fc.members)
    # One member of two fails: it is named, and the other carries all the weight.
    fc = run(t, y, 3, members=["logistic", failing_method], weighting="equal", calibrate=False)
    assert fc.weights == {"logistic": 1.0}
    assert any(f"left out of the ensemble: {failing_method}" in w for w in fc.warnings)
    # Three points are too few for any of these laws: the ensemble says so, or falls back.
    with pytest.raises(InsufficientDataError, match="ensemble: no member has enough points"):
        run(t[:3], y[:3], 2, members=["logistic", "richards"], fallback=None)
    with pytest.warns(FitWarning, match="no member of the ensemble has enough points"):
        fc = sl.forecast(t[:3], y[:3], 2, members=["logistic", "richards"], n_boot=N_BOOT)
    assert fc.weights == {"naive": 1.0}


# --- single methods, windows, cumulative totals, dates --------------------------------------
def test_window_fits_only_the_last_points() -> None:
    t, y = wave(40)
    windowed = run(t, y, 4, method="logistic", window=15, rng=4)
    alone = run(t[-15:], y[-15:], 4, method="logistic", rng=4)
    pd.testing.assert_frame_equal(windowed.table, alone.table)
    assert windowed.window == 15
    np.testing.assert_array_equal(windowed.fitted[0], t[-15:])


def test_the_same_seed_gives_the_same_forecast() -> None:
    t, y = wave()
    first, again = run(t, y, 4, rng=9), run(t, y, 4, rng=9)
    pd.testing.assert_frame_equal(first.table, again.table)


def test_cumulative_forecasts_continue_from_the_last_total() -> None:
    t, y = wave()
    total = np.cumsum(y)
    for method in ("logistic", "naive"):
        fc = run(t, total, 5, method=method, cumulative=True, rng=0)
        assert (fc.quantiles >= total[-1]).all()
        assert (np.diff(fc.median) >= 0).all()


def test_naive_forecast_is_the_hub_baseline() -> None:
    t, y = wave()
    fc = run(t, y, 4, method="naive", rng=3)
    assert (fc.median == y[-1]).all()
    assert fc.members == ()
    expected = sl.forecasters.naive(t, y, 4, HUB_QUANTILES, rng=fc_rng(3))
    np.testing.assert_allclose(fc.quantiles, expected[COLUMNS].to_numpy())


def fc_rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


def test_dates_give_dated_forecasts_with_the_horizon_in_days() -> None:
    _, y = wave(21)
    dates = pd.date_range("2020-03-01", periods=21, freq="D")
    fc = run(dates, y, 7, method="gompertz", rng=0)
    assert list(fc.table["t"]) == list(pd.date_range("2020-03-22", periods=7, freq="D"))
    assert fc.predict(["2020-03-25"])[0] == fc.median[3]
    with pytest.raises(InvalidInputError, match="not a time of this forecast"):
        fc.predict(["2020-04-25"])


# --- bad inputs ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("options", "error", "match"),
    [
        ({"horizon": 0}, InvalidOptionError, "horizon=0 must be positive"),
        ({"horizon": -3}, InvalidOptionError, "horizon=-3 must be positive"),
        ({"horizon": 0.5}, InvalidOptionError, "shorter than one step"),
        ({"window": 31}, InvalidOptionError, "window=31 is longer than the data"),
        ({"window": 1}, InvalidOptionError, "window=1 is below"),
        ({"method": "prophet"}, InvalidOptionError, "method='prophet' is not valid"),
        (
            {"method": "naive", "weighting": "wis"},
            InvalidOptionError,
            "apply to method=.ensemble. only",
        ),
        ({"weighting": "best"}, InvalidOptionError, "weighting='best' is not valid"),
        ({"members": ["logistic", "logistic"]}, InvalidOptionError, "names a method twice"),
        ({"combination": "mean"}, InvalidOptionError, "combination='mean'"),
        ({"quantiles": (0.5, 1.0)}, InvalidOptionError, "outside"),
    ],
)
def test_bad_options_name_the_problem(
    options: dict[str, object], error: type[Exception], match: str
) -> None:
    t, y = wave()
    horizon = options.pop("horizon", 3)
    with pytest.raises(error, match=match):
        sl.forecast(t, y, horizon, n_boot=N_BOOT, **options)  # type: ignore[arg-type]


def test_bad_data_name_the_problem() -> None:
    t, y = wave()
    negative = y.copy()
    negative[4] = -2
    with pytest.raises(InvalidInputError, match="negative"):
        sl.forecast(t, negative, 3)
    with pytest.raises(InvalidInputError, match="not in increasing order"):
        sl.forecast(t[::-1], y, 3)
    with pytest.raises(InvalidInputError, match="has 30 value"):
        sl.forecast(t, y[:-1], 3)
    with pytest.raises(InsufficientDataError, match="at least 2"):
        sl.forecast([0.0], [5.0], 3)
    with pytest.raises(InsufficientDataError):
        sl.forecast(t[:3], y[:3], 2, method="richards")


# --- the likelihood behind the AICc weights (GrowthFit.loglik) ----------------------------
def test_loglik_matches_scipy_for_each_error_family() -> None:
    t, y = wave()
    for errors in ("normal", "poisson", "negbin"):
        with _quiet():
            fit = sl.fit_growth(t, y, law="logistic", cumulative=False, errors=errors)
        mu = fit.predict(t)
        if errors == "normal":
            sigma = np.sqrt(np.mean((y - mu) ** 2))
            expected = stats.norm.logpdf(y, mu, sigma).sum()
        elif errors == "poisson":
            expected = stats.poisson.logpmf(y, mu).sum()
        else:
            k = fit.dispersion["k"]
            expected = stats.nbinom.logpmf(y, k, k / (k + mu)).sum()
        assert fit.loglik == pytest.approx(expected, rel=1e-9)


# --- report and ask ---------------------------------------------------------------------
def test_report_section_draws_the_fan_and_lists_the_members() -> None:
    from scalinglaws.report import build_section

    t, y = wave()
    fc = run(t, y, 5, rng=0)
    section = build_section(fc)
    assert section.kind == "forecast"
    spec = section.figures[0].spec
    for text in ("95% interval", "80% interval", "50% interval", "median forecast", "weight"):
        assert text in spec
    assert [table.title for table in section.tables] == ["Forecast", "Ensemble members"]
    assert section.verdicts[0].startswith("The ensemble of")


def test_ask_facts_give_the_forecast_and_the_weights() -> None:
    from scalinglaws.ask.verbalize import fmt, verbalize

    t, y = wave()
    fc = run(t, y, 5, rng=0)
    facts = {fact.key: fact.text for fact in verbalize(fc, "the outbreak forecast")}
    assert f"(5 steps ahead) is {fmt(fc.median[-1])} (95%" in facts["forecast:h5"]
    assert "95% prediction interval" in facts["forecast:h1"]
    assert all("weight" in facts[f"member:{m.name}"] for m in fc.members)
