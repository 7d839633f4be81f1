"""Scores against hand-worked examples (to 1e-12) and independent formulas.

Hand-worked values are derived in the comments; the independent checks are the
pinball form of the WIS (Bracher et al. 2021, sec. 2.2), the CRPS as the integral
of (F - 1{x >= y})^2 of the interpolated CDF (scipy quad between its knots), and
the energy form E|X - y| - E|X - X'|/2 for samples (Gneiting & Raftery 2007).
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
import scoringrules as sr
from scipy import integrate, stats

import scalinglaws as sl
from scalinglaws import scoring
from scalinglaws.errors import EmptyDataError, InvalidInputError, InvalidOptionError

LEVELS = (0.1, 0.25, 0.5, 0.75, 0.9)
Q = [[1.0, 3.0, 4.0, 6.0, 8.0]]


def test_hub_quantiles_are_re_exported() -> None:
    assert scoring.HUB_QUANTILES is sl.HUB_QUANTILES
    assert len(sl.HUB_QUANTILES) == 23


@pytest.mark.parametrize(
    ("y", "expected"),
    [
        # median 0.5*|5-4| = 0.5; 80%: 0.1*7 = 0.7; 50%: 0.25*3 = 0.75; (1.95)/(2 + 1/2)
        (5.0, 0.78),
        # 0.5*6 = 3; 80%: 0.1*(7 + 10*2) = 2.7; 50%: 0.25*(3 + 4*4) = 4.75; 10.45 / 2.5
        (10.0, 4.18),
    ],
)
def test_wis_hand_worked(y: float, expected: float) -> None:
    assert scoring.weighted_interval_score([y], Q, LEVELS)[0] == pytest.approx(expected, abs=1e-12)


def test_pinball_hand_worked() -> None:
    # y = 5: 0.1*4, 0.25*2, 0.5*1, 0.25*1, 0.1*3
    got = scoring.pinball_loss([5.0], Q, LEVELS)[0]
    np.testing.assert_allclose(got, [0.4, 0.5, 0.5, 0.25, 0.3], atol=1e-12, rtol=0)


def test_interval_score_hand_worked() -> None:
    # width 2 + (2/0.1) * (1 - 0) below the interval
    got = scoring.interval_score([0.0, 2.0], [1.0, 1.0], [3.0, 3.0], 0.1)
    np.testing.assert_allclose(got, [22.0, 2.0], atol=1e-12, rtol=0)


def test_wis_equals_twice_mean_pinball_on_hub_levels() -> None:
    rng = np.random.default_rng(0)
    levels = np.array(sl.HUB_QUANTILES)
    q = np.sort(rng.normal(size=(500, 23)) * 10, axis=1)
    y = rng.normal(size=500) * 12
    wis = scoring.weighted_interval_score(y, q, levels)
    mean_pinball = 2 * scoring.pinball_loss(y, q, levels).mean(axis=1)
    np.testing.assert_allclose(wis, mean_pinball, rtol=1e-12, atol=1e-12)
    # scoringrules' crps_quantile is the same pinball average, computed independently
    np.testing.assert_allclose(wis, sr.crps_quantile(y, q, levels), rtol=1e-12, atol=1e-12)


def test_crps_quantiles_hand_worked() -> None:
    # Levels (0.25, 0.75) at (0, 1): mass 1/4 at 0 and at 1, density 1/2 between.
    # y = 1/2: 2 * int_{1/4}^{1/2} u^2 du twice = 4 * (1/8 - 1/64) / 3 = 7/48.
    assert scoring.crps_quantiles([0.5], [[0.0, 1.0]], [0.25, 0.75])[0] == pytest.approx(
        7 / 48, abs=1e-12
    )
    # All quantiles equal: a point mass, CRPS = |y - c|.
    got = scoring.crps_quantiles([1.0, -2.0], [[2.0] * 3, [2.0] * 3], [0.1, 0.5, 0.9])
    np.testing.assert_allclose(got, [1.0, 4.0], atol=1e-12, rtol=0)


def _crps_by_integration(y: float, q: np.ndarray, levels: np.ndarray) -> float:
    """int (F(x) - 1{x >= y})^2 dx with F linear between knots: quad per piece."""
    knots = np.unique(np.concatenate([q, [y]]))
    total = (q[0] - y) if y < q[0] else 0.0
    total += (y - q[-1]) if y > q[-1] else 0.0
    for a, b in itertools.pairwise(knots):
        if a < q[0] or b > q[-1]:
            continue

        def f(x: float) -> float:
            cdf = float(np.interp(x, q, levels))
            return (cdf - float(x >= y)) ** 2

        total += integrate.quad(f, a, b, epsabs=1e-14, epsrel=1e-13)[0]
    return total


def test_crps_quantiles_matches_integral_of_the_interpolated_cdf() -> None:
    rng = np.random.default_rng(1)
    levels = np.array(sl.HUB_QUANTILES)
    for _ in range(20):
        q = np.sort(rng.normal(size=23)) * rng.uniform(0.5, 5)
        y = float(rng.normal() * 4)
        got = scoring.crps_quantiles([y], q[None, :], levels)[0]
        assert got == pytest.approx(_crps_by_integration(y, q, levels), abs=1e-9)


def test_crps_quantiles_tends_to_the_normal_crps() -> None:
    levels = np.linspace(0.0005, 0.9995, 1999)
    q = stats.norm.ppf(levels)[None, :]
    got = scoring.crps_quantiles([0.7], q, levels)[0]
    assert got == pytest.approx(float(sr.crps_normal(0.7, 0.0, 1.0)), abs=2e-4)


def test_crps_samples_hand_worked_and_energy_form() -> None:
    # E|X - 0.3| = 2.7/3 = 0.9; E|X - X'| / 2 = (8/9)/2; CRPS = 0.9 - 4/9
    got = scoring.crps_samples([0.3], [[0.0, 1.0, 2.0]])[0]
    assert got == pytest.approx(0.9 - 4 / 9, abs=1e-12)
    rng = np.random.default_rng(2)
    x = rng.gamma(2.0, size=(50, 40))
    y = rng.gamma(2.0, size=50)
    energy = np.abs(x - y[:, None]).mean(1) - 0.5 * np.abs(x[:, :, None] - x[:, None, :]).mean(
        (1, 2)
    )
    np.testing.assert_allclose(scoring.crps_samples(y, x), energy, rtol=1e-12, atol=1e-12)


def test_pit_hand_worked() -> None:
    levels, q = [0.25, 0.75], [[0.0, 1.0]] * 3
    # y = 1/2: F = 1/4 + 1/2 * 1/2; y = 0: atom [0, 1/4] -> midpoint; y = 2: 1
    got = scoring.pit_quantiles([0.5, 0.0, 2.0], q, levels)
    np.testing.assert_allclose(got, [0.5, 0.125, 1.0], atol=1e-12, rtol=0)
    samples = [[1.0, 2.0, 2.0, 3.0]]
    # below: 1/4, at or below: 3/4 -> midpoint 1/2
    assert scoring.pit_samples([2.0], samples)[0] == pytest.approx(0.5, abs=1e-12)
    drawn = scoring.pit_samples([2.0] * 200, samples * 200, rng=0)
    assert drawn.min() >= 0.25
    assert drawn.max() <= 0.75


def test_pit_of_calibrated_forecasts_is_uniform() -> None:
    rng = np.random.default_rng(3)
    levels = np.array(sl.HUB_QUANTILES)
    q = np.broadcast_to(stats.norm.ppf(levels), (4000, 23))
    y = rng.normal(size=4000)
    pit = scoring.pit_quantiles(y, q, levels)
    # Kolmogorov-Smirnov against U(0, 1): p > 1e-3 fails with probability 1e-3.
    assert stats.kstest(pit, "uniform").pvalue > 1e-3


def test_point_scores_hand_worked() -> None:
    assert scoring.mae([1.0, 4.0], [2.0, 2.0]) == pytest.approx(1.5, abs=1e-12)
    assert scoring.mse([1.0, 4.0], [2.0, 2.0]) == pytest.approx(2.5, abs=1e-12)
    np.testing.assert_allclose(
        scoring.absolute_relative_error([1.0, 4.0], [2.0, 2.0]), [0.5, 1.0], atol=1e-12
    )
    # log(e) - log(1) = 1 and 0: sqrt(1/2)
    assert scoring.rmse_log([np.e, 1.0], [1.0, 1.0]) == pytest.approx(np.sqrt(0.5), abs=1e-12)


def test_coverage_and_central_interval() -> None:
    lower, upper = scoring.central_interval(Q, LEVELS, 0.5)
    assert (lower[0], upper[0]) == (3.0, 6.0)
    assert scoring.coverage([3.0, 7.0], [3.0, 3.0], [6.0, 6.0]) == 0.5
    with pytest.raises(InvalidOptionError, match=r"0\.025"):
        scoring.central_interval(Q, LEVELS, 0.95)


def test_relative_scores_two_and_three_models() -> None:
    rows = [
        ("a", 1, 2.0), ("a", 2, 4.0), ("a", 3, 6.0),
        ("b", 1, 1.0), ("b", 2, 1.0),
        ("base", 1, 4.0), ("base", 2, 4.0), ("base", 3, 4.0),
    ]  # fmt: skip
    scores = pd.DataFrame(rows, columns=["model", "key", "wis"])
    table = scoring.pairwise_relative_scores(scores, keys=["key"], baseline="base")
    # theta_a,b = 3/1 (keys 1-2), theta_a,base = 4/4, theta_b,base = 1/4
    theta_a = (3.0 * 1.0 * 1.0) ** (1 / 3)
    theta_b = ((1 / 3) * 1.0 * 0.25) ** (1 / 3)
    theta_base = (1.0 * 4.0 * 1.0) ** (1 / 3)
    assert table.loc["a", "relative"] == pytest.approx(theta_a / theta_base, abs=1e-12)
    assert table.loc["b", "relative"] == pytest.approx(theta_b / theta_base, abs=1e-12)
    assert table.loc["base", "relative"] == pytest.approx(1.0, abs=1e-12)
    pair = scores[scores.model != "b"]
    two = scoring.pairwise_relative_scores(pair, keys=["key"], baseline="base")
    assert two.loc["a", "relative"] == pytest.approx(
        scoring.relative_score([2.0, 4.0, 6.0], [4.0, 4.0, 4.0]), abs=1e-12
    )


def test_score_forecasts_table() -> None:
    levels = list(sl.HUB_QUANTILES)
    q = stats.norm.ppf(levels)
    table = pd.DataFrame([q, q + 1], columns=sl.scoring.table.quantile_columns(levels))
    table.insert(0, "truth", [0.0, 10.0])
    table.insert(0, "horizon", [1, 2])
    scores = scoring.score_forecasts(table)
    assert list(scores["inside95"]) == [1.0, 0.0]
    summary = scoring.summarise_scores(scores, ["horizon"])
    assert summary.loc[1, "wis"] == pytest.approx(
        scoring.weighted_interval_score([0.0], [q], levels)[0], abs=1e-12
    )


# --- bad input ------------------------------------------------------------------
def test_crossing_quantiles_raise_naming_the_row_and_levels() -> None:
    with pytest.raises(InvalidInputError, match=r"cross in row 1: the 0.25 quantile is 5"):
        scoring.weighted_interval_score([1.0, 1.0], [Q[0], [1, 5, 4, 6, 8]], LEVELS)


@pytest.mark.parametrize("levels", [(0.0, 0.5, 1.0), (-0.1, 0.5, 1.1), (0.5, 1.5, 2.0)])
def test_levels_outside_unit_interval_raise(levels: tuple[float, ...]) -> None:
    with pytest.raises(InvalidOptionError, match=r"outside \(0, 1\)"):
        scoring.pinball_loss([1.0], [[0.0, 1.0, 2.0]], levels)


def test_wis_needs_symmetric_levels() -> None:
    with pytest.raises(InvalidOptionError, match="mirror"):
        scoring.weighted_interval_score([1.0], [[0.0, 1.0, 2.0]], (0.1, 0.5, 0.8))


def test_misaligned_forecast_and_truth_raise() -> None:
    with pytest.raises(InvalidInputError, match=r"expected shape \(2, 5\)"):
        scoring.weighted_interval_score([1.0, 2.0], Q, LEVELS)
    with pytest.raises(InvalidInputError, match="predicted has 3 value"):
        scoring.mae([1.0, 2.0, 3.0], [1.0, 2.0])
    forecasts = pd.DataFrame({"location": ["DE", "FR"], "date": ["2021-01-02", "2021-01-09"]})
    truth = pd.DataFrame({"location": ["DE", "FR"], "date": ["2021-01-02", "2021-01-02"],
                          "value": [1.0, 2.0]})  # fmt: skip
    with pytest.raises(InvalidInputError, match=r"no observed value \(first \{'location': 'FR'"):
        scoring.attach_truth(forecasts, truth, keys=["location", "date"])


def test_empty_and_non_finite_input_raise() -> None:
    with pytest.raises(EmptyDataError):
        scoring.weighted_interval_score([], np.empty((0, 5)), LEVELS)
    with pytest.raises(InvalidInputError, match=r"truth: 1 value\(s\) are NaN"):
        scoring.weighted_interval_score([np.nan], Q, LEVELS)
    with pytest.raises(InvalidInputError, match="quantiles: 1 value"):
        scoring.crps_quantiles([1.0], [[1.0, np.inf, 3.0, 4.0, 5.0]], LEVELS)
    with pytest.raises(InvalidInputError, match="lower > upper"):
        scoring.interval_score([1.0], [3.0], [2.0], 0.5)
