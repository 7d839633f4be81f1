"""The Transformer calibrated by its own past errors: the median is kept, bands widen
with the past errors' size and never narrow, no past forecast reads a point after its
origin, seeded random walks are covered, and ``sl.forecast`` offers it."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from typer.testing import CliRunner

import scalinglaws as sl
from scalinglaws import calibration
from scalinglaws.cli import app
from scalinglaws.errors import InvalidOptionError
from scalinglaws.forecasters import transformer
from scalinglaws.forecasters.transformer import MIN_CONTEXT, forecast_paths, load_transformer
from scalinglaws.forecasters.transformer_calibrated import (
    PastForecast,
    calibrated_quantiles,
    past_forecasts,
    past_log_errors,
)
from scalinglaws.quantiles import HUB_QUANTILES, quantile_columns


def walk(seed: int, n: int = 36, sigma: float = 0.3) -> np.ndarray:
    """Weekly counts on a geometric random walk from 1000 (log steps N(0, sigma^2))."""
    steps = np.random.default_rng(seed).normal(0.0, sigma, n)
    return np.round(1000.0 * np.exp(np.cumsum(steps)))


def test_larger_past_errors_widen_the_bands_more() -> None:
    """Past medians that missed by a factor e^(d sqrt(h)) h steps ahead: the widened log offset
    of each quantile is max(own, t_n(tau) s sqrt(h)) with s = d (the errors' scale
    over h^beta, beta = 1/2, is d / sqrt(h) pooled), so d = 0.5 widens more than 0.1."""
    values = np.linspace(100.0, 200.0, 30)
    c = calibration.log_offset(values)
    levels = np.asarray(HUB_QUANTILES)
    median = np.full(4, 200.0)
    own = np.tile(median[:, None], (1, levels.size)) * np.exp(0.01 * (levels - 0.5))
    widths = {}
    for d in (0.1, 0.5):
        past = []
        for p in range(22, 28):
            truth = values[p + 1 : p + 1 + min(4, 29 - p)]
            h = np.arange(1.0, truth.size + 1)
            past.append(PastForecast(p, np.exp(np.log(truth + c) + d * np.sqrt(h)) - c))
        h, e = past_log_errors(values, past)
        assert np.allclose(np.abs(e), d * np.sqrt(h))
        widened, notes = calibrated_quantiles(values, median, own, levels, past, cumulative=False)
        assert notes == ()
        assert np.allclose(widened[:, levels == 0.5], 200.0)  # the median is kept
        upper = np.log(widened[:, -1] + c) - np.log(median + c)  # the 0.99 quantile
        expected = stats.t.ppf(0.99, df=e.size) * d * np.sqrt(np.arange(1.0, 5.0))
        assert np.allclose(upper, expected)
        assert np.all(np.diff(widened, axis=1) >= 0)
        widths[d] = upper
    assert np.all(widths[0.5] > 3 * widths[0.1])


def test_too_few_past_errors_leave_the_bands_and_say_so() -> None:
    values = np.linspace(1.0, 5.0, 5)
    own = np.array([[4.0, 5.0, 6.0]])
    widened, notes = calibrated_quantiles(
        values, np.array([5.0]), own, np.array([0.25, 0.5, 0.75]), [], cumulative=False
    )
    assert np.array_equal(widened, own)
    assert "not calibrated" in notes[0]


def test_no_past_forecast_reads_a_point_after_its_origin() -> None:
    """Changing every point after a past origin p leaves the forecast from p as it was
    (each origin draws its own seeded stream), for each of the past origins."""
    values = walk(3, n=30)
    loaded = load_transformer()

    def run(series: np.ndarray) -> dict[int, np.ndarray]:
        found = past_forecasts(
            series, 4, context=8, cumulative=False, n_paths=50,
            rng=np.random.default_rng(7), origins=6, min_context=MIN_CONTEXT,
            forecast=functools.partial(forecast_paths, loaded=loaded),
        )  # fmt: skip
        return {f.position: f.median for f in found}

    before = run(values)
    assert sorted(before) == list(range(values.size - 7, values.size - 1))
    for p, median in before.items():
        assert median.size == min(4, values.size - 1 - p)  # checked only on observed points
        changed = values.copy()
        changed[p + 1 :] *= 3.0
        assert np.array_equal(run(changed)[p], median)


def test_calibration_keeps_the_forecast_and_covers_random_walks() -> None:
    """95% intervals from 8 weeks of context on 60 seeded geometric random walks
    (log steps sd 0.3), one step each (h = 1..4 in turn), so the hits are binomial.
    Calibrated from 6 past origins (fewer than the default, to keep the test fast), a
    pooled run measured 0.93 (uncalibrated 0.87); a true 0.93 gives 55.8 hits (sd 2.0),
    so at least 50 (3 sd below) fails only a calibration that broke. Calibration keeps
    the median and the paths' mean and never narrows a band."""
    hits = {False: 0, True: 0}
    wider = 0
    for seed in range(60):
        y = walk(seed)
        step = seed % 4
        t = np.arange(float(y.size - 4))
        plain = transformer(t, y[:-4], step + 1, context=8, calibrate=False, rng=seed, n_paths=100)
        tables = {False: plain, True: transformer(
            t, y[:-4], step + 1, context=8, calibrate=6, rng=seed, n_paths=100
        )}  # fmt: skip
        cal = tables[True]
        assert cal[["t", "mean", "median"]].equals(plain[["t", "mean", "median"]])
        low, high = quantile_columns([0.025, 0.975])
        tol = 1e-9 * y.max()  # widening runs through log(q + c) and back
        assert np.all(cal[low] <= plain[low] + tol)
        assert np.all(cal[high] >= plain[high] - tol)
        wider += int(np.any(cal[high] > plain[high] + tol))
        truth = y[-4 + step]
        for key, table in tables.items():
            hits[key] += int(table[low].iloc[step] <= truth <= table[high].iloc[step])
    assert hits[True] >= 50
    assert wider >= 30  # the walks' past errors exceed the model's own band often


def test_sl_forecast_calibrates_the_transformer_on_the_whole_series() -> None:
    y = walk(11, n=40)
    t = np.arange(float(y.size))
    plain = sl.forecast(t, y, 4, method="transformer", window=8, calibrate=False)
    cal = sl.forecast(t, y, 4, method="transformer", window=8)  # with a window: calibrated
    assert np.allclose(cal.median, plain.median, rtol=1e-12)
    assert np.all(cal.quantile_at([0.975]) >= plain.quantile_at([0.975]) * (1 - 1e-12))
    assert np.any(cal.quantile_at([0.975]) > plain.quantile_at([0.975]) * (1 + 1e-6))
    direct = transformer(t, y, 4, context=8, calibrate=True, rng=0)
    assert np.allclose(cal.quantile_at([0.975])[:, 0], direct["q0.975"])
    whole = sl.forecast(t, y, 4, method="transformer")  # no window: as before, uncalibrated
    assert whole.table.equals(sl.forecast(t, y, 4, method="transformer", calibrate=False).table)
    with pytest.raises(InvalidOptionError, match="calibrate apply to method='ensemble' only"):
        sl.forecast(t, y, 4, method="naive", calibrate=True)


def test_cli_calibrates_the_transformer_when_asked(tmp_path: Path) -> None:
    y = walk(5, n=40)
    path = tmp_path / "walk.csv"
    pd.DataFrame({"week": np.arange(y.size), "cases": y}).to_csv(path, index=False)
    args = ["forecast", str(path), "--t", "week", "--y", "cases", "--horizon", "4"]
    args += ["--method", "transformer", "--window", "8", "--json"]
    runs = {}
    for flag in ("--no-calibrate", "--calibrate"):
        result = CliRunner().invoke(app, [*args, flag])
        assert result.exit_code == 0, result.output
        runs[flag] = np.asarray(json.loads(result.stdout)["quantiles"])
    plain, cal = runs["--no-calibrate"], runs["--calibrate"]
    assert np.all(cal[:, -1] >= plain[:, -1] * (1 - 1e-12))
    assert np.any(cal[:, -1] > plain[:, -1] * (1 + 1e-6))


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"calibrate": 1}, "calibrate=1: pass False"),
        ({"calibrate": 2.5}, "calibrate=2.5 must be a whole number"),
        ({"context": 2}, "context=2 is below the allowed minimum 3"),
    ],
)
def test_bad_calibration_options_are_named(options: dict[str, object], message: str) -> None:
    y = walk(0, n=20)
    with pytest.raises(InvalidOptionError, match=message):
        transformer(np.arange(20.0), y, 2, **options)  # type: ignore[arg-type]


def test_a_suite_with_a_window_reads_it_as_context_and_calibrates() -> None:
    """The bench's ``transformer`` on a windowed suite (the European hub's 8 weeks)."""
    from scalinglaws.bench.registry import FORECASTERS, SeriesSettings

    y = walk(2, n=40)
    t = np.arange(float(y.size))
    windowed = FORECASTERS["transformer"](SeriesSettings(horizon=4, window=8))
    table = windowed(t, y, 4, HUB_QUANTILES, rng=0)
    assert table.equals(transformer(t, y, 4, HUB_QUANTILES, rng=0, context=8, calibrate=True))
    whole = FORECASTERS["transformer"](SeriesSettings(horizon=4))
    assert whole(t, y, 4, HUB_QUANTILES, rng=0).equals(transformer(t, y, 4, rng=0))


def test_the_ensembles_transformer_member_is_not_calibrated_twice(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The ensemble calibrates itself; its Transformer member must not re-run itself from
    past origins too (with a window and calibrate=True, as the default ensemble is asked)."""
    from scalinglaws.forecasters import transformer_calibrated

    calls: list[int] = []

    def spy(*args: object, **kwargs: object) -> list[PastForecast]:
        calls.append(1)
        return past_forecasts(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(transformer_calibrated, "past_forecasts", spy)
    y = walk(3, n=40)
    t = np.arange(float(y.size))
    fc = sl.forecast(t, y, 4, window=8, calibrate=True, rng=0)
    assert [m.name for m in fc.members] == ["naive", "transformer"]
    assert all(m.ok for m in fc.members)
    assert calls == []
    sl.forecast(t, y, 4, method="transformer", window=8, rng=0)  # the spy does see a call
    assert calls == [1]
