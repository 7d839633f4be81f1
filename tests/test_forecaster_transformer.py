"""The Transformer forecaster on a tiny model trained here: training, saving and loading,
cached sampling, quantiles, and the errors of bad input."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from scalinglaws.errors import (
    DataFormatError,
    InsufficientDataError,
    InvalidInputError,
    InvalidOptionError,
)
from scalinglaws.forecasters.bins import MeanScaleBins
from scalinglaws.forecasters.synthetic import synthetic_series
from scalinglaws.forecasters.transformer import transformer
from scalinglaws.forecasters.transformer_data import VALIDATION_START, SeriesStream
from scalinglaws.forecasters.transformer_eval import (
    EVALUATION_START,
    logistic_series,
    validation_scores,
)
from scalinglaws.forecasters.transformer_io import Loaded, load_forecaster, save_forecaster
from scalinglaws.forecasters.transformer_sample import sample_paths
from scalinglaws.forecasters.transformer_train import (
    ForecasterRun,
    ForecasterTraining,
    train_forecaster,
    trained_series,
)
from scalinglaws.quantiles import quantile_columns

TINY = ForecasterTraining(
    n_layer=1,
    n_head=2,
    d_model=16,
    tokens=60_000,
    batch_tokens=2048,
    max_tokens=64,
    tokenizer=MeanScaleBins(n_bins=64, high=8.0).to_dict(),
    threads=1,
    val_batches=2,
    evals=3,
)
HORIZON = 8


@pytest.fixture(scope="module")
def run() -> ForecasterRun:
    return train_forecaster(TINY)


@pytest.fixture(scope="module")
def saved(run: ForecasterRun, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("tiny")
    save_forecaster(run.model, run.tokenizer, folder, max_horizon=HORIZON, info={"note": "tiny"})
    return folder


def test_training_lowers_the_validation_loss_and_is_reproducible(run: ForecasterRun) -> None:
    losses = [loss for _, loss in run.curve]
    assert len(losses) == 3
    assert losses[-1] < losses[0] < np.log(64) + 0.5  # ln V at initialisation
    assert run.tokens >= TINY.tokens
    assert run.n_params == run.model.num_params()
    again = train_forecaster(TINY.__class__(**{**TINY.to_dict(), "tokens": 4096}))
    once = train_forecaster(TINY.__class__(**{**TINY.to_dict(), "tokens": 4096}))
    assert again.val_loss == once.val_loss  # a function of the config alone


def test_cached_sampling_draws_from_the_full_models_distribution(
    run: ForecasterRun, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = run.model
    context = torch.randint(0, 64, (40,), generator=torch.Generator().manual_seed(0))
    recorded: list[torch.Tensor] = []
    original = torch.multinomial

    def record(probs: torch.Tensor, n: int, generator: torch.Generator) -> torch.Tensor:
        recorded.append(probs.clone())
        return original(probs, n, generator=generator)

    monkeypatch.setattr(torch, "multinomial", record)
    paths = sample_paths(model, context, 6, 3, torch.Generator().manual_seed(1))
    monkeypatch.undo()
    for p in range(3):
        with torch.no_grad():
            full = torch.softmax(model(torch.cat([context, paths[p]])[None, :])[0], dim=-1)
        for s in range(6):
            assert torch.allclose(full[39 + s], recorded[s][p], atol=1e-5)


def test_saved_weights_load_with_their_hash_and_fp16_values(
    run: ForecasterRun, saved: Path
) -> None:
    loaded = load_forecaster(saved)
    assert loaded.max_horizon == HORIZON
    assert loaded.card["note"] == "tiny"
    for name, tensor in run.model.state_dict().items():
        assert torch.equal(loaded.model.state_dict()[name], tensor.half().float())
    assert (saved / "transformer.pt").stat().st_size < 200_000
    for name in ("transformer.pt", "transformer.json"):
        assert (saved / name).stat().st_mode & 0o777 == 0o644  # readable once installed


def test_damaged_weights_are_refused(saved: Path, tmp_path: Path) -> None:
    for name in ("transformer.pt", "transformer.json"):
        (tmp_path / name).write_bytes((saved / name).read_bytes())
    data = bytearray((tmp_path / "transformer.pt").read_bytes())
    data[-10] ^= 0xFF
    (tmp_path / "transformer.pt").write_bytes(bytes(data))
    with pytest.raises(DataFormatError, match=r"sha256 .* expects"):
        load_forecaster(tmp_path)
    with pytest.raises(DataFormatError, match="does not exist"):
        load_forecaster(tmp_path / "nowhere")


def test_forecast_table_quantiles_and_reproducibility(saved: Path) -> None:
    rng = np.random.default_rng(0)
    y = rng.poisson(np.linspace(20, 60, 30)).astype(float)
    t = np.arange(30.0) * 7.0
    table = transformer(t, y, 5, n_paths=100, rng=3, weights=saved)
    assert list(table.columns) == ["t", "mean", "median", *quantile_columns()]
    assert np.allclose(table["t"], 203.0 + 7.0 * np.arange(1, 6))
    q = table[quantile_columns()].to_numpy()
    assert np.all(np.diff(q, axis=1) >= 0)
    assert np.all(q >= 0)
    assert np.allclose(table["median"], table["q0.5"])
    assert table.equals(transformer(t, y, 5, n_paths=100, rng=3, weights=saved))
    assert not table.equals(transformer(t, y, 5, n_paths=100, rng=4, weights=saved))


@pytest.mark.parametrize(
    ("y", "horizon", "error", "message"),
    [
        ([1.0, 2.0], 3, InsufficientDataError, "too short a context"),
        ([4.0] * 10, 3, InvalidInputError, "constant series"),
        ([1.0, 2.0, -1.0, 3.0], 3, InvalidInputError, "value -1.0 at position 2 is negative"),
        ([1.0, np.nan, 2.0, 3.0], 3, InvalidInputError, "NaN or infinite"),
        ([1.0, np.inf, 2.0, 3.0], 3, InvalidInputError, "NaN or infinite"),
        ([1.0, 2.0, 3.0, 5.0], HORIZON + 1, InvalidOptionError, "beyond the 8 steps"),
        ([1.0, 2.0, 3.0, 5.0], 0, InvalidOptionError, "horizon=0"),
    ],
)
def test_bad_input_is_named(
    saved: Path, y: list[float], horizon: int, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        transformer(np.arange(float(len(y))), y, horizon, weights=saved)


def test_no_validation_or_evaluation_series_is_trained_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """Held-out discipline (issue 13): the chunks a run reads lie inside ``trained_series``,
    which ends before the validation and evaluation series, and none of those series'
    values occur among the trained ones."""
    read: list[int] = []
    chunk = SeriesStream.chunk

    def recording(self: SeriesStream, index: int) -> list[np.ndarray]:
        read.append(index)
        return chunk(self, index)

    monkeypatch.setattr(SeriesStream, "chunk", recording)
    config = ForecasterTraining(**{**TINY.to_dict(), "tokens": 40 * TINY.batch_tokens})
    train_forecaster(config)
    allowed = trained_series(config)
    assert sorted(set(read)) == [0, 1, 2, 3, 4]  # 40 steps, 8 per chunk
    assert allowed == range(0, 5 * 1024)
    assert allowed.stop <= VALIDATION_START < EVALUATION_START
    trained = {s.values.tobytes() for s in synthetic_series(1024, seed=TINY.seed)}
    held_out = synthetic_series(200, seed=TINY.seed, start=VALIDATION_START)
    held_out += synthetic_series(200, seed=TINY.seed, start=EVALUATION_START)
    assert not trained & {s.values.tobytes() for s in held_out}


def test_validation_scores_and_logistic_series_are_seeded(run: ForecasterRun) -> None:
    loaded = Loaded(run.model, run.tokenizer, HORIZON, {})
    scores = validation_scores(loaded, n_series=12, horizon=4, n_paths=50)
    assert set(scores["h"]) == {1, 2, 3, 4}
    assert (scores.groupby("series").size() == 4).all()
    assert (scores["wis"] >= 0).all()
    assert (scores["naive_wis"] >= 0).all()
    assert scores.equals(validation_scores(loaded, n_series=12, horizon=4, n_paths=50))
    pairs = logistic_series(6, seed=2, horizon=5)
    again = logistic_series(6, seed=2, horizon=5)
    for (context, future), (c2, f2) in zip(pairs, again, strict=True):
        assert np.array_equal(context, c2)
        assert np.array_equal(future, f2)
        assert 20 <= context.size <= 80
        assert future.size == 5
    for context, future in pairs[1::2]:  # running totals never fall
        assert np.all(np.diff(np.concatenate([context, future])) >= 0)
