"""The ensemble's empirical calibration (scalinglaws.calibration)."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
from scipy import stats

import scalinglaws as sl
from scalinglaws import calibration as cal
from scalinglaws.errors import FitWarning
from scalinglaws.forecast import METHODS, MemberForecast, register_method
from scalinglaws.forecast.ensemble import run_ensemble
from scalinglaws.forecast.members import Options
from scalinglaws.quantiles import HUB_QUANTILES, quantile_columns

LEVELS = np.asarray(HUB_QUANTILES)


def test_past_origins_train_before_and_check_after_each_origin() -> None:
    # 20 points, 4 steps, a window of 8: origins 18..13 check 1, 2, 3, 4, 4, 4 points
    found = cal.past_origins(20, 4, window=8, max_origins=6)
    assert found == [(11, 18, 1), (10, 17, 2), (9, 16, 3), (8, 15, 4), (7, 14, 4), (6, 13, 4)]
    # never an origin with fewer than min_train points
    assert cal.past_origins(6, 4, min_train=4) == [(0, 4, 1), (0, 3, 2)]


def test_the_ensemble_sees_nothing_after_each_origin() -> None:
    t, y = _epidemic(3)
    seen: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    naive = METHODS["naive"]

    def spy(
        t_: np.ndarray, y_: np.ndarray, at: np.ndarray, grid: Any, options: Any, rng: Any
    ) -> MemberForecast:
        seen.append((t_.copy(), y_.copy(), at.copy()))
        return naive(t_, y_, at, grid, options, rng)

    register_method("spy", spy)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FitWarning)
            sl.forecast(t, y, 4, members=["spy", "logistic"], weighting="wis", window=10)
    finally:
        del METHODS["spy"]
    assert len(seen) == 1 + cal.MAX_ORIGINS  # the forecast and each past origin
    for train_t, train_y, at in seen:
        p = int(train_t[-1])
        assert train_t.size <= 10  # the window
        np.testing.assert_array_equal(train_y, y[p + 1 - train_t.size : p + 1])
        assert at[0] > train_t[-1]  # only times after the origin are asked for
    last = [s for s in seen if s[0][-1] == t[-1]]
    assert len(last) == 1  # past origins end before the last point


def test_log_errors_allow_zeros_and_are_free_of_units() -> None:
    y = np.array([0.0, 3.0, 9.0])
    assert cal.log_offset(y) == 4.0
    assert cal.log_offset(np.zeros(3)) == 1.0
    truth, median = np.array([0.0, 9.0]), np.array([0.0, -1.0])
    np.testing.assert_allclose(cal.log_errors(truth, median, 4.0), [0.0, np.log(13 / 4)])
    scaled = cal.log_errors(1e6 * truth, 1e6 * median, cal.log_offset(1e6 * y))
    np.testing.assert_allclose(scaled, cal.log_errors(truth, median, 4.0), rtol=1e-12)


def test_widened_bands_cover_at_their_level_when_the_errors_are_normal() -> None:
    # e_h ~ N(0, (sigma h^beta)^2): z = e / h^beta is N(0, sigma^2), and a new z over the RMS of n
    # past ones is Student t with n degrees of freedom, so the t-quantile band covers
    # exactly tau2 - tau1 (Williams & Goodman 1971). 2,000 seeded cases; tolerance
    # 4 binomial standard errors.
    rng = np.random.default_rng(7)
    n_cases, n_past = 2000, 6
    inside = {0.5: 0, 0.9: 0, 0.95: 0}
    for _ in range(n_cases):
        sigma = rng.uniform(0.05, 0.5)
        past_h = rng.integers(1, 5, size=n_past).astype(float)
        past_e = rng.normal(0, sigma * past_h**cal.BETA)
        scale = cal.error_scale(past_h, past_e)
        median = np.full(4, 1e9)
        narrow = np.repeat(median[:, None], LEVELS.size, axis=1)  # a member with no spread
        q = cal.widen(median, narrow, LEVELS, scale, n_past, 1.0)
        truth = 1e9 * np.exp(rng.normal(0, sigma * np.arange(1, 5) ** cal.BETA))
        for width in inside:
            low = np.isclose(LEVELS, (1 - width) / 2)
            high = np.isclose(LEVELS, (1 + width) / 2)
            inside[width] += int(np.sum((q[:, low][:, 0] <= truth) & (truth <= q[:, high][:, 0])))
    for width, count in inside.items():
        total = 4 * n_cases
        se = np.sqrt(width * (1 - width) / n_cases)  # 4 steps of one case are not independent
        assert abs(count / total - width) < 4 * se, (width, count / total)


def test_widening_never_narrows_and_keeps_quantiles_monotone() -> None:
    rng = np.random.default_rng(3)
    median = rng.uniform(0, 50, size=6)
    spread = np.sort(rng.normal(0, 5, size=(6, LEVELS.size)), axis=1)
    own = np.maximum(median[:, None] + spread - np.median(spread, axis=1)[:, None], 0)
    own[:, LEVELS == 0.5] = median[:, None]
    q = cal.widen(median, own, LEVELS, 0.3, 5, 1.0)
    assert np.all(np.diff(q, axis=1) >= -1e-9)
    assert np.all(q[:, LEVELS < 0.5] <= own[:, LEVELS < 0.5] + 1e-9)
    assert np.all(q[:, LEVELS > 0.5] >= own[:, LEVELS > 0.5] - 1e-9)
    np.testing.assert_allclose(q[:, LEVELS == 0.5], own[:, LEVELS == 0.5])
    assert np.all(q >= 0.0)


def _epidemic(seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    t = np.arange(30.0)
    total = 2000 / (1 + np.exp(-(t - 18) / 4))
    return t, rng.poisson(np.diff(np.r_[0.0, total]) + 1).astype(float)


def test_the_calibrated_ensemble_contains_the_uncalibrated_one() -> None:
    t, y = _epidemic(1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FitWarning)
        laws = ["exponential", "logistic", "gompertz", "richards", "ggm"]
        raw = sl.forecast(t, y, 7, calibrate=False, n_boot=40, members=laws, weighting="aicc")
        wide = sl.forecast(t, y, 7, n_boot=40, members=laws, weighting="aicc")
    columns = quantile_columns(HUB_QUANTILES)
    a, b = raw.table[columns].to_numpy(), wide.table[columns].to_numpy()
    assert np.all(np.diff(b, axis=1) >= 0)
    np.testing.assert_allclose(raw.table["median"], wide.table["median"])
    low, high = LEVELS < 0.5, LEVELS > 0.5
    assert np.all(b[:, low] <= a[:, low] + 1e-9)
    assert np.all(b[:, high] >= a[:, high] - 1e-9)
    assert np.any(b[:, high] > a[:, high] * 1.01)  # laws miss on a noisy series: it widens


def test_a_series_too_short_to_check_says_its_bands_are_not_calibrated() -> None:
    t, y = _epidemic(2)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", FitWarning)
        found = sl.forecast(t[:5], y[:5], 3, n_boot=40)
    assert any("not calibrated" in note for note in found.warnings)
    assert any("not calibrated" in str(w.message) for w in caught)


def test_t_quantile_is_the_one_in_the_docs() -> None:
    # the 97.5% offset of 6 past errors of scale 1 at h = 2 is t_6(0.975) * 2^beta
    q = cal.widen(np.array([1e9, 1e9]), np.full((2, 3), 1e9), np.array([0.025, 0.5, 0.975]),
                  1.0, 6, 1.0, beta=0.5)  # fmt: skip
    np.testing.assert_allclose(np.log(q[1, 2] / 1e9), stats.t.ppf(0.975, 6) * 2**0.5, rtol=1e-6)


def test_the_ceiling_continues_the_fastest_growth_the_data_show() -> None:
    # y + c = 5 * 1.5^i: geometric growth on the shifted scale continues exactly
    c, i = 2.0, np.arange(8.0)
    y = 5 * 1.5**i - c
    np.testing.assert_allclose(cal.ceiling(y, 3, c), 5 * 1.5 ** (7 + np.arange(1.0, 4)) - c)
    # the fastest step counts, wherever it was; a series that never rose stays level
    bumpy = np.array([4.0, 10.0, 3.0, 3.0])  # fastest rise (10 + 1) / (4 + 1)
    np.testing.assert_allclose(cal.ceiling(bumpy, 2, 1.0), 4 * 2.2 ** np.arange(1.0, 3) - 1)
    np.testing.assert_allclose(cal.ceiling(np.array([9.0, 5.0, 0.0]), 3, 1.0), 0.0)


def test_a_member_that_runs_away_cannot_carry_the_ensemble_past_the_ceiling() -> None:
    # an early outbreak's few small counts; half the members forecast 1e9 and more
    t, y = np.arange(9.0), np.array([1.0, 0.0, 2.0, 3.0, 2.0, 5.0, 4.0, 8.0, 7.0])

    def runaway(
        t_: np.ndarray, y_: np.ndarray, at: np.ndarray, grid: Any, options: Any, rng: Any
    ) -> MemberForecast:
        levels = np.asarray(grid)
        huge = 1e9 * np.exp(np.arange(1.0, at.size + 1))[:, None] * (1 + levels)[None, :]
        return MemberForecast("runaway", huge[:, 0].copy(), huge)

    register_method("runaway", runaway)
    try:
        options: dict[str, Any] = {"members": ["runaway", "naive"], "weighting": "equal"}
        raw = sl.forecast(t, y, 4, calibrate=False, rng=3, **options)
        calibrated = sl.forecast(t, y, 4, rng=3, **options)
    finally:
        del METHODS["runaway"]
    cap = cal.ceiling(y, 4, cal.log_offset(y))
    assert cap[-1] < 100 * y.max()  # the bound is the data's scale, not the member's
    columns = quantile_columns(HUB_QUANTILES)
    q = raw.table[columns].to_numpy()
    assert np.all(q <= cap[:, None] * (1 + 1e-12))
    assert np.all(raw.table["median"] <= cap)
    assert np.all(raw.table["mean"] <= cap)
    member = next(m for m in raw.members if m.name == "runaway")
    assert np.all(member.quantiles <= cap[:, None] * (1 + 1e-12))
    # the calibration's past medians were capped too: its widening stays near the data
    wide = calibrated.table[columns].to_numpy()
    assert np.all(np.diff(wide, axis=1) >= 0)
    assert np.all(wide[:, -1] < 10 * cap)


def test_a_member_whose_past_medians_ran_away_is_left_out() -> None:
    # a jump, then a plateau: the data's fastest rise lets a member that always forecasts
    # the ceiling miss by a factor of e^1.2 per step at the past origins (r_m > RUNAWAY)
    t = np.arange(12.0)
    y = np.array([2.0, 3, 2, 400, 420, 410, 415, 405, 410, 412, 408, 411])

    def runaway(
        t_: np.ndarray, y_: np.ndarray, at: np.ndarray, grid: Any, options: Any, rng: Any
    ) -> MemberForecast:
        huge = np.full((at.size, len(grid)), 1e12)  # capped at the ceiling
        return MemberForecast("runaway", huge[:, 0].copy(), huge)

    register_method("runaway", runaway)
    try:
        options: dict[str, Any] = {"members": ["naive", "runaway"], "weighting": "equal"}
        raw = sl.forecast(t, y, 4, calibrate=False, rng=3, **options)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", FitWarning)
            calibrated = sl.forecast(t, y, 4, rng=3, **options)
        alone = sl.forecast(t, y, 4, rng=3, members=["naive"])
    finally:
        del METHODS["runaway"]
    assert raw.weights == {"runaway": 0.5, "naive": 0.5}  # without the backtest: no check
    assert calibrated.weights == {"runaway": 0.0, "naive": 1.0}
    member = next(m for m in calibrated.members if m.name == "runaway")
    assert member.note.startswith("ran away")
    assert any("ran away" in str(w.message) for w in caught)
    # what is left is naive (the same random draws: first member both times), calibrated
    # on naive's own past errors
    np.testing.assert_allclose(calibrated.table["median"], alone.table["median"])
    np.testing.assert_allclose(calibrated.quantiles, alone.quantiles)


def test_a_member_left_out_does_not_enter_the_weighted_median() -> None:
    # three members at 1, 2 and 4 times (1 + level); the middle one left out: the weighted
    # median of the other two (1/2 each) is their midpoint, 2.5 (1 + level), not the
    # average of the lower one with the member left out (1.5), as it was with weight 0
    t, y = np.arange(6.0), np.array([1.0, 2, 4, 8, 16, 32])

    def scaled(factor: float) -> Any:
        def method(
            t_: np.ndarray, y_: np.ndarray, at: np.ndarray, grid: Any, options: Any, rng: Any
        ) -> MemberForecast:
            q = factor * np.repeat((1 + np.asarray(grid))[None, :], at.size, axis=0)
            return MemberForecast("scaled", q[:, 0].copy(), q)

        return method

    for name, factor in {"low": 1.0, "middle": 2.0, "high": 4.0}.items():
        register_method(name, scaled(factor))
    try:
        outcome = run_ensemble(t, y, np.array([6.0, 7.0]), tuple(HUB_QUANTILES), Options(),
                               np.random.default_rng(0), members=["low", "middle", "high"],
                               weighting="equal", combination="median", fallback=None,
                               runaways={"middle": 5.0})  # fmt: skip
    finally:
        for name in ("low", "middle", "high"):
            del METHODS[name]
    assert {m.name: m.weight for m in outcome.members} == {"low": 0.5, "middle": 0.0, "high": 0.5}
    np.testing.assert_allclose(outcome.quantiles, 2.5 * (1 + np.tile(LEVELS, (2, 1))))
    np.testing.assert_allclose(outcome.median, 2.5 * 1.5)
