"""Backtest protocols and the hubs' naive baseline, on small generated series."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import scalinglaws as sl
from scalinglaws.backtest import (
    extrapolation_split,
    holdout_largest,
    holdout_top,
    rolling_origin,
    score_backtest,
)
from scalinglaws.errors import EmptyDataError, InsufficientDataError, InvalidInputError
from scalinglaws.forecasters import naive
from scalinglaws.quantiles import quantile_columns


def test_naive_h1_is_last_value_plus_symmetrised_change_quantiles() -> None:
    y = np.array([10.0, 12.0, 11.0, 15.0])  # changes 2, -1, 4 -> symmetric set of six
    table = naive(np.arange(4.0), y, 3, (0.25, 0.5, 0.75), n_samples=100_001)
    symmetric = np.array([2.0, -1.0, 4.0, -2.0, 1.0, -4.0])
    expected = 15.0 + np.quantile(symmetric, [0.25, 0.5, 0.75])
    np.testing.assert_allclose(table.loc[0, ["q0.25", "q0.5", "q0.75"]], expected, atol=1e-3)
    assert list(table["t"]) == [4.0, 5.0, 6.0]
    assert (table["median"] == 15.0).all()  # flat line at every horizon
    spread = table["q0.75"] - table["q0.25"]
    assert spread.is_monotonic_increasing  # the random walk widens


def test_naive_is_floored_at_zero_and_reproducible() -> None:
    y = np.array([50.0, 5.0, 40.0, 2.0])
    first = naive(np.arange(4.0), y, 4, rng=7)
    assert (first[quantile_columns(sl.HUB_QUANTILES)] >= 0).all().all()
    pd.testing.assert_frame_equal(first, naive(np.arange(4.0), y, 4, rng=7))
    with pytest.raises(InsufficientDataError, match="at least 2"):
        naive([0.0], [1.0], 2)


def _series(n: int = 40, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return np.arange(float(n)), 100 + np.cumsum(rng.normal(0, 5, n))


def test_rolling_origin_scores_step_h_as_step_h() -> None:
    t, y = _series()
    table = rolling_origin(t, y, naive, horizon=4, min_train=10)
    assert set(table["horizon"]) == {1, 2, 3, 4}
    # Row (origin, h) holds the value observed h steps after the origin.
    for row in table.sample(10, random_state=0).itertuples():
        assert row.truth == y[int(row.origin) + int(row.horizon)]
    # Origins near the end keep only the steps that were observed.
    last = table[table["origin"] == t[-2]]
    assert list(last["horizon"]) == [1]
    scores, summary = score_backtest(table)
    assert list(summary.index) == [1, 2, 3, 4, "all"]
    assert summary.loc["all", "n"] == len(table)
    assert summary.loc[1, "wis"] == pytest.approx(scores.loc[scores.horizon == 1, "wis"].mean())
    assert summary.loc[4, "wis"] > summary.loc[1, "wis"]  # a random walk is harder further out


def test_rolling_origin_window_and_seeding() -> None:
    t, y = _series()
    seen: list[int] = []

    def spy(tt: np.ndarray, yy: np.ndarray, horizon: int, quantiles: tuple[float, ...], *,
            rng: np.random.Generator) -> pd.DataFrame:  # fmt: skip
        seen.append(tt.size)
        return naive(tt, yy, horizon, quantiles, rng=rng)

    first = rolling_origin(t, y, spy, horizon=2, window=8, min_train=5, rng=3)
    assert max(seen) == 8
    assert min(seen) == 5
    again = rolling_origin(t, y, spy, horizon=2, window=8, min_train=5, rng=3)
    pd.testing.assert_frame_equal(first, again)


def test_rolling_origin_records_failures_and_rejects_bad_input() -> None:
    t, y = _series(12)

    def fussy(
        tt: np.ndarray, yy: np.ndarray, horizon: int, quantiles: tuple[float, ...]
    ) -> pd.DataFrame:
        if tt.size < 6:
            raise InsufficientDataError("too short")
        return naive(tt, yy, horizon, quantiles)

    table = rolling_origin(t, y, fussy, horizon=1, min_train=3)
    assert len(table.attrs["failures"]) == 3
    assert table["origin"].min() == 5
    with pytest.raises(InvalidInputError, match="t has 12"):
        rolling_origin(t, y[:5], naive, horizon=1)
    with pytest.raises(EmptyDataError, match="no origin"):
        rolling_origin(t[:3], y[:3], naive, horizon=1, min_train=3)
    with pytest.raises(InvalidInputError, match="origins: position 11"):
        rolling_origin(t, y, naive, horizon=1, origins=[11])


def _power_law_fit_predict(train: pd.DataFrame, test: pd.DataFrame) -> np.ndarray:
    slope, intercept = np.polyfit(np.log(train["x"]), np.log(train["y"]), 1)
    return np.asarray(np.exp(intercept + slope * np.log(test["x"])))


def test_holdout_protocols_on_an_exact_power_law() -> None:
    x = np.logspace(0, 4, 9)
    data = pd.DataFrame({"x": x, "y": 3 * x**-0.5, "N": x, "L": 3 * x**-0.5})
    split = extrapolation_split(data, _power_law_fit_predict, x="x", target="y", cutoff=1000)
    assert split.scores["n_test"] == 2
    assert split.scores["rmse_log"] < 1e-12
    top = holdout_top(data, _power_law_fit_predict, x="x", target="y", fraction=0.25)
    assert list(top.table["x"]) == [x[-2], x[-1]]  # top quarter of the log range
    largest = holdout_largest(data.rename(columns={"x": "unused"}).assign(x=x), lambda a, b:
                              _power_law_fit_predict(a, b), size="N", target="L")  # fmt: skip
    assert largest.scores["n_test"] == 1
    assert largest.scores["mean_are"] < 1e-12
    with pytest.raises(InsufficientDataError, match="rows on both sides"):
        extrapolation_split(data, _power_law_fit_predict, x="x", target="y", cutoff=1e9)


def test_holdout_scores_quantile_forecasts() -> None:
    from scipy import stats

    levels = np.array(sl.HUB_QUANTILES)
    x = np.arange(1.0, 21.0)
    data = pd.DataFrame({"x": x, "y": 2.0 * x})

    def fit_predict(train: pd.DataFrame, test: pd.DataFrame) -> pd.DataFrame:
        centre = 2.0 * test["x"].to_numpy()
        q = centre[:, None] + stats.norm.ppf(levels)[None, :]
        table = pd.DataFrame(q, columns=quantile_columns(levels))
        return table.assign(mean=centre, median=centre)

    result = holdout_top(data, fit_predict, x="x", target="y", fraction=0.1)
    assert result.scores["cov95"] == 1.0
    assert result.scores["mae"] == 0.0  # the medians are the truths
    assert result.scores["wis"] == pytest.approx(
        float(sl.scoring.weighted_interval_score([0.0], [stats.norm.ppf(levels)], levels)[0]),
        abs=1e-12,
    )
