"""``scalinglaws bench``: the harness on bundled or generated data (no ../shared needed).

The europe-hub test scores the hub's own EuroCOVIDhub-baseline and -ensemble
files (a bundled slice, tests/reference/hub_slice/README.md) and checks every
WIS against the hubs' definition computed independently: the JHU daily counts
summed here to epiweeks ending Saturday, and WIS as the mean over the 23
levels of twice the pinball loss (scoringrules.crps_quantile).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import scoringrules as sr
from typer.testing import CliRunner

from scalinglaws import HUB_QUANTILES
from scalinglaws.bench import run_suite
from scalinglaws.bench.cache import case_path
from scalinglaws.cli import app
from scalinglaws.errors import DataFormatError, InvalidOptionError
from scalinglaws.quantiles import quantile_columns

SLICE = Path(__file__).parent / "reference" / "hub_slice"


@pytest.fixture
def hub_data(tmp_path: Path) -> Path:
    folder = tmp_path / "data" / "growth-series"
    folder.mkdir(parents=True)
    shutil.copy(SLICE / "truth_de.csv", folder / "covid19hub_europe_2020_24_truth_jhu_ecdc.csv")
    shutil.copy(
        SLICE / "forecasts_de.csv",
        folder / "covid19hub_europe_2021_24_baseline_ensemble_quantiles_wide.csv",
    )
    shutil.copy(SLICE / "anchors.csv", folder / "hub_anchor_scores_europe.csv")
    return tmp_path / "data"


def test_europe_hub_scores_the_hub_files_by_the_hub_definition(
    hub_data: Path, tmp_path: Path
) -> None:
    methods = ["hub-baseline", "hub-ensemble", "naive"]
    result = run_suite("europe-hub", out=tmp_path / "out", data=hub_data, methods=methods)
    scores = result.scores
    hub = scores[scores["method"] == "hub-baseline"]
    assert len(hub) > 20
    # Independent truth: JHU daily summed to weeks ending Saturday.
    daily = pd.read_csv(SLICE / "truth_de.csv", parse_dates=["date"])
    forecasts = pd.read_csv(SLICE / "forecasts_de.csv", parse_dates=["target_end_date"])
    rows = forecasts[forecasts["model"] == "EuroCOVIDhub-baseline"]
    checked = 0
    for row in hub.itertuples():
        match = rows[(rows["target"] == row.target) & (rows["horizon"] == row.horizon)
                     & (rows["forecast_date"] == str(row.forecast_date)[:10])]  # fmt: skip
        end = match["target_end_date"].iloc[0]
        week = daily[(daily["target"] == row.target) & (daily["date"] > end - pd.Timedelta(days=7))
                     & (daily["date"] <= end)]  # fmt: skip
        assert len(week) == 7
        truth = float(week["value"].sum())
        assert row.truth == truth
        q = match[quantile_columns()].to_numpy(dtype=float)
        expected = float(sr.crps_quantile(np.array([truth]), q, np.array(HUB_QUANTILES))[0])
        assert row.wis == pytest.approx(expected, rel=1e-12)
        checked += 1
    assert checked == len(hub)
    summary = result.summary
    pooled = summary[(summary["horizon"] == "all") & (summary["method"] == "hub-baseline")]
    assert (pooled["rel_wis_hub-baseline"] == 1.0).all()
    ours = summary[(summary["horizon"] == "all") & (summary["method"] == "hub-ensemble")]
    for target, row in ours.set_index("target").iterrows():
        part = scores[scores["target"] == target]
        ratio = (part.loc[part["method"] == "hub-ensemble", "wis"].mean()
                 / part.loc[part["method"] == "hub-baseline", "wis"].mean())  # fmt: skip
        assert row["pair_wis_hub-baseline"] == pytest.approx(ratio, rel=1e-12)
    for name in ("scores", "summary", "reference"):
        assert (tmp_path / "out" / f"europe-hub-{name}.csv").exists()
    html = (tmp_path / "out" / "europe-hub-report.html").read_text(encoding="utf-8")
    assert "Calibration" in html
    assert "PIT histogram" in html


def test_bench_resumes_from_its_cache(hub_data: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = run_suite("europe-hub", out=out, data=hub_data, methods=["naive"])
    assert first.ran == 2  # Germany: cases and deaths
    again = run_suite("europe-hub", out=out, data=hub_data, methods=["naive"])
    assert (again.ran, again.cached) == (0, 2)
    pd.testing.assert_frame_equal(first.scores, again.scores)
    case_path(out, "europe-hub", "naive", "DE-inc death").unlink()  # as if killed mid-way
    resumed = run_suite("europe-hub", out=out, data=hub_data, methods=["naive"])
    assert (resumed.ran, resumed.cached) == (1, 1)
    pd.testing.assert_frame_equal(first.scores, resumed.scores)


def _curves(folder: Path) -> Path:
    rows = []
    for model, (e, a, alpha) in {"m1": (1.0, 5.0, 0.3), "m2": (2.0, 3.0, 0.5)}.items():
        x = np.logspace(3, 7, 15)
        loss = e + a * x**-alpha
        for xi, li in zip(x, loss, strict=True):
            rows.append(("LM", "val_loss", model, xi, li, int(xi <= 1e6)))
        rows.append(("LM", "val_loss", model, x[0], loss[0], 1))  # an exact duplicate
    path = folder / "neural" / "learning_curves_google2022"
    path.mkdir(parents=True)
    columns = ["Domain", "Task", "Model", "Seen Examples", "Loss", "Training"]
    pd.DataFrame(rows, columns=columns).to_csv(path / "benchmark.lang.csv", index=False)
    return folder


def test_learning_curves_on_exact_curves_through_the_cli(tmp_path: Path) -> None:
    data = _curves(tmp_path / "data")
    out = tmp_path / "out"
    outcome = CliRunner().invoke(
        app, ["bench", "learning-curves", "--data", str(data), "--out", str(out)]
    )
    assert outcome.exit_code == 0, outcome.output
    assert "0.0116" in outcome.output  # the published M4 figure beside ours
    summary = pd.read_csv(out / "learning-curves-summary.csv")
    assert summary.loc[summary["domain"] == "all", "mean_rmse_log"].iloc[0] < 1e-6


def _outbreak(folder: Path) -> Path:
    rng = np.random.default_rng(0)
    days = np.arange(84)
    curve = 2000 / (1 + np.exp(-0.12 * (days - 45)))
    counts = rng.poisson(np.diff(np.concatenate([[0.0], curve])))
    table = pd.DataFrame({"dataset": "sim", "series": "sim", "date": "", "t": days,
                          "value": counts.astype(float), "measure": "cases", "freq": "daily",
                          "cumulative": 0})  # fmt: skip
    path = folder / "growth-series"
    path.mkdir(parents=True)
    table.to_csv(path / "outbreaks_r_package_incidence.csv", index=False)
    return folder


def test_outbreaks_suite_runs_a_growth_law_and_the_baseline(tmp_path: Path) -> None:
    data = _outbreak(tmp_path / "data")
    result = run_suite("outbreaks", out=tmp_path / "out", data=data, methods=["naive", "logistic"])
    summary = result.summary.set_index(["method", "horizon"])
    assert summary.loc[("naive", "all"), "rel_wis_naive"] == 1.0
    assert set(result.scores["horizon"]) == {1, 2, 3, 4}
    assert summary.loc[("logistic", "all"), "n"] > 0


def test_bad_suite_method_and_data_raise(tmp_path: Path) -> None:
    with pytest.raises(InvalidOptionError, match="choose one of: europe-hub, learning-curves"):
        run_suite("nope", out=tmp_path)
    with pytest.raises(InvalidOptionError, match="'magic' is not a method"):
        run_suite("outbreaks", out=tmp_path, data=tmp_path, methods=["magic"])
    with pytest.raises(DataFormatError, match="lacks growth-series/outbreaks"):
        run_suite("outbreaks", out=tmp_path, data=tmp_path)
    outcome = CliRunner().invoke(app, ["bench", "us-cities", "--data", str(tmp_path)])
    assert outcome.exit_code == 1
    assert "pass --data DIR" in outcome.output


def test_a_whole_history_forecaster_ignores_the_window_at_the_same_origins() -> None:
    """A suite's fitting window is for laws; a forecaster registered with
    ``whole_history=True`` (the Transformer) sees every point up to each origin."""
    from scalinglaws.bench.registry import (
        FORECASTERS,
        WHOLE_HISTORY,
        SeriesSettings,
        register_forecaster,
    )
    from scalinglaws.bench.suites._series import rolling_scores
    from scalinglaws.forecasters import naive

    seen: dict[str, list[int]] = {"windowed": [], "whole": []}

    def spy(name: str) -> Callable[[SeriesSettings], Callable[..., pd.DataFrame]]:
        def make(settings: SeriesSettings) -> Callable[..., pd.DataFrame]:
            def forecaster(
                t: np.ndarray, y: np.ndarray, horizon: int, quantiles: Any, *, rng: Any
            ) -> pd.DataFrame:
                seen[name].append(len(y))
                return naive(t, y, horizon, quantiles, rng=rng)

            return forecaster

        return make

    settings = SeriesSettings(horizon=2, window=4, min_train=4)
    t = np.arange(12.0)
    y = 10.0 + np.arange(12.0)
    try:
        register_forecaster("spy-windowed", spy("windowed"))
        register_forecaster("spy-whole", spy("whole"), whole_history=True)
        assert "spy-whole" in WHOLE_HISTORY
        assert "spy-windowed" not in WHOLE_HISTORY
        a = rolling_scores(t, y, "spy-windowed", settings, {"case": "x"})
        b = rolling_scores(t, y, "spy-whole", settings, {"case": "x"})
    finally:
        for name in ("spy-windowed", "spy-whole"):
            FORECASTERS.pop(name, None)
            WHOLE_HISTORY.discard(name)
    assert seen["windowed"] == [4] * 8
    assert seen["whole"] == list(range(4, 12))
    assert list(a["origin"]) == list(b["origin"])


def test_the_transformer_starts_after_the_last_correction() -> None:
    """A negative week (a reporting correction) ends the history the Transformer reads."""
    from scalinglaws.bench.methods import since_last_negative

    t = np.arange(8.0)
    y = np.array([3.0, 5.0, -2.0, 4.0, 6.0, -1.0, 7.0, 9.0])
    kept_t, kept_y = since_last_negative(t, y)
    assert list(kept_t) == [6.0, 7.0]
    assert list(kept_y) == [7.0, 9.0]
    clean = np.array([1.0, 2.0, 3.0])
    assert since_last_negative(t[:3], clean)[1] is clean
