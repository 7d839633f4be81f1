"""The weights shipped in the package: they load offline with their hash, forecast
held-out synthetic series with calibrated 95% intervals, and the bench offers them."""

from __future__ import annotations

import numpy as np

from scalinglaws.bench.registry import FORECASTERS, SeriesSettings
from scalinglaws.forecasters.synthetic import synthetic_series
from scalinglaws.forecasters.transformer import load_transformer, sample_forecast, transformer
from scalinglaws.forecasters.transformer_data import VALIDATION_START
from scalinglaws.forecasters.transformer_eval import EVALUATION_START, logistic_hits
from scalinglaws.forecasters.transformer_io import SHIPPED, file_sha256
from scalinglaws.forecasters.transformer_real import CUTOFF_YEAR, ILINET
from scalinglaws.forecasters.transformer_train import ForecasterTraining, trained_series
from scalinglaws.quantiles import quantile_columns


def test_shipped_weights_are_small_hashed_and_trained_on_no_evaluation_series() -> None:
    """Trained on synthetic series below the held-out indices and on ILINet's weeks
    before 2020 only (transformer_real: no evaluation suite's series or time spans)."""
    loaded = load_transformer()
    weights = SHIPPED / "transformer.pt"
    assert weights.stat().st_size < 10 * 2**20  # issue 13: <= 10 MB
    assert file_sha256(weights) == loaded.card["sha256"]
    data = loaded.card["data"]
    assert data["sources"] == ["synthetic", f"CDC ILINet ili_total, weeks before {CUTOFF_YEAR}"]
    assert data["real_file"] == str(ILINET)
    assert all(run.split("|")[0] in ("US", "State") for run in data["real_runs"])
    assert data["real_fraction"] == loaded.card["training"]["config"]["real_fraction"] > 0
    assert loaded.max_horizon >= 28
    config = ForecasterTraining(**loaded.card["training"]["config"])
    assert trained_series(config).stop <= VALIDATION_START  # no held-out series trained on
    assert loaded.model.num_params(non_embedding=True) == loaded.card["training"]["n_params"]


def test_shipped_weights_cover_held_out_synthetic_series() -> None:
    """95% intervals on 40 held-out synthetic series (one step each, so independent
    hits). The shipped model hits 35 of these 40 (measured); its card's 95% coverage
    over h = 1-16 is 0.879 (more steps ahead, so a lower bound for one step), which
    gives 35.2 hits on average (binomial sd 2.1): at least 32 fails a model whose
    bands lost about a tenth of their coverage. Seeded: the same 40 forecasts each run.
    """
    loaded = load_transformer()
    rng = np.random.default_rng(0)
    hits = total = 0
    for index, series in enumerate(synthetic_series(80, seed=0, start=EVALUATION_START + 5_000)):
        values = series.values
        if values.size < 20 or np.all(values[:-8] == values[0]):
            continue
        step = index % 8
        draws = sample_forecast(values[:-8], step + 1, n_paths=200, rng=rng, loaded=loaded)
        low, high = np.quantile(draws[:, step], [0.025, 0.975])
        hits += int(low <= values[-8 + step] <= high)
        total += 1
        if total == 40:
            break
    assert total == 40
    assert hits >= 32


def test_shipped_weights_cover_seeded_logistic_epidemics() -> None:
    """Issue 13's check, smaller: 95% intervals on 60 seeded logistic epidemics (half
    incidence, half running totals through their increments; one step each, so the hits
    are binomial). The shipped model (trained with ILINet's weeks) covers 0.91 and 0.955
    of 200 series (seeds 0 and 1: its card and a run of ``logistic_hits``; the
    synthetic-only model 0.94 and 0.985), and 56 of these 60 (27 of the 30 running
    totals); a true 0.93 gives 55.8 hits (sd 2.0), so at least 51 (0.85, the issue's lower
    bound, 2.4 sd below) fails a model or a context that broke. Seed 2 was used for no
    choice."""
    hits = logistic_hits(load_transformer(), n_series=60, seed=2)
    assert hits.sum() >= 51
    assert hits[1::2].sum() >= 24  # running totals alone: 30 series, 28.2 expected, sd 1.3


def test_bench_offers_the_shipped_transformer() -> None:
    forecaster = FORECASTERS["transformer"](SeriesSettings(horizon=4))
    rng = np.random.default_rng(0)
    y = rng.poisson(50 * np.exp(0.1 * np.arange(20))).astype(float)
    table = forecaster(np.arange(20.0), y, 4, (0.025, 0.5, 0.975), rng=0)
    assert list(table.columns) == ["t", "mean", "median", *quantile_columns((0.025, 0.5, 0.975))]
    assert np.all(table["q0.025"] <= table["q0.975"])
    again = transformer(np.arange(20.0), y, 4, (0.025, 0.5, 0.975), rng=0)
    assert table.equals(again)
