"""Tokenizations of the Transformer forecaster and its synthetic training data (no torch)."""

from __future__ import annotations

import numpy as np
import pytest

from scalinglaws.errors import InvalidOptionError
from scalinglaws.forecasters.bins import LogIncrementBins, MeanScaleBins, tokenizer_from_dict
from scalinglaws.forecasters.synthetic import FAMILIES, synthetic_series
from scalinglaws.forecasters.transformer_data import make_windows


def _decode_all(bins: MeanScaleBins | LogIncrementBins, tokens: np.ndarray, state: np.ndarray):
    out = np.empty(tokens.shape)
    for step in range(tokens.shape[1]):
        out[:, step], state = bins.decode(tokens[:, step], state)
    return out


def test_mean_scale_round_trip_is_within_half_a_bin() -> None:
    rng = np.random.default_rng(0)
    values = rng.gamma(2.0, 50.0, size=(5, 40))
    values[:, 3] = 0.0
    bins = MeanScaleBins(n_bins=512, high=12.0)
    tokens, scale = bins.encode(values, 40)
    assert np.allclose(scale, values.mean(axis=1))
    assert np.all(tokens[:, 3] == 0)  # zero is a bin centre: zero counts are exact
    decoded = bins.centres[tokens] * scale[:, None]
    half = 0.5 * bins.high / (bins.n_bins - 1) * scale[:, None]
    assert np.all(np.abs(decoded - values) <= half + 1e-9)


def test_mean_scale_clips_and_uses_the_context_only() -> None:
    bins = MeanScaleBins(n_bins=101, high=10.0)
    values = np.array([[1.0, 1.0, 1.0, 1.0, 100.0]])
    tokens, scale = bins.encode(values, 4)  # scale from the first 4 values
    assert scale[0] == 1.0
    assert tokens[0, -1] == 100  # 100 x the scale is clipped at the top bin (10)


def test_log_increments_do_not_accumulate_rounding_error() -> None:
    """Error feedback: the decoded level stays within one bin of the truth along a
    slow trend whose steps are far below the bin width."""
    bins = LogIncrementBins(n_bins=65, width=1.0, offset=0.0)
    values = np.exp(np.linspace(0.0, 2.0, 400))[None, :]  # steps of 0.005, bins of 0.03125
    tokens, state = bins.encode(values, 400)
    assert tokens.shape == (1, 399)
    decoded = _decode_all(bins, tokens, np.stack([state[:, 0], values[:, 0]], axis=1))
    step = 2.0 * bins.width / (bins.n_bins - 1)
    assert np.max(np.abs(np.log(decoded[0]) - np.log(values[0, 1:]))) <= step
    assert state[0, 1] == pytest.approx(decoded[0, -1])  # the state is the last decoded value


def test_log_increments_handle_zeros_with_the_offset() -> None:
    bins = LogIncrementBins()
    values = np.array([[0.0, 3.0, 0.0, 0.0, 5.0, 2.0]])
    tokens, state = bins.encode(values, 6)
    assert state[0, 0] == pytest.approx(bins.offset * values.mean())
    decoded = _decode_all(bins, tokens, np.stack([state[:, 0], values[:, 0]], axis=1))
    assert np.all(decoded >= 0.0)
    assert np.all(np.isfinite(decoded))


def test_tokenizer_cards_round_trip_and_unknown_names_raise() -> None:
    for bins in (MeanScaleBins(n_bins=64), LogIncrementBins(width=2.0)):
        assert tokenizer_from_dict(bins.to_dict()) == bins
    with pytest.raises(InvalidOptionError, match="tokenizer name 'bytes'"):
        tokenizer_from_dict({"name": "bytes"})


def test_synthetic_series_are_reproducible_finite_and_varied() -> None:
    first = synthetic_series(300, seed=3)
    again = synthetic_series(10, seed=3, start=5)
    for a, b in zip(first[5:15], again, strict=True):
        assert np.array_equal(a.values, b.values)
        assert a.family == b.family
    assert not np.array_equal(first[0].values, synthetic_series(1, seed=4)[0].values)
    assert {s.family for s in first} == set(FAMILIES)
    assert {s.kind for s in first} == {"incidence", "cumulative", "level"}
    for series in first:
        assert np.all(np.isfinite(series.values))
        assert np.all(series.values >= 0)
    lengths = np.array([s.values.size for s in first])
    assert lengths.min() >= 8
    assert lengths.max() <= 640


def test_windows_have_one_length_and_tokens_in_the_vocabulary() -> None:
    series = [s.values for s in synthetic_series(200, seed=0)]
    rng = np.random.default_rng(0)
    for bins in (MeanScaleBins(), LogIncrementBins()):
        for _ in range(5):
            w = make_windows(series, bins, rng, batch_tokens=2048, max_tokens=128)
            assert w.inputs.shape == w.targets.shape
            assert 8 <= w.inputs.shape[1] <= 128
            assert np.array_equal(w.inputs[:, 1:], w.targets[:, :-1])  # shifted by one
            assert w.inputs.min() >= 0
            assert w.targets.max() < bins.vocab_size


def test_mean_scale_clips_an_explosion_after_a_tiny_context_without_overflow() -> None:
    bins = MeanScaleBins()
    values = np.array([[1e-300, 2e-300, 1e300]])
    tokens, _ = bins.encode(values, 2)  # warnings are errors in the tests
    assert tokens[0, -1] == bins.n_bins - 1


def test_windows_never_exceed_the_models_context() -> None:
    """The log-uniform window length rounds up to max_tokens + 1 about 4% of the time
    at max_tokens = 16; 300 draws would hit it (the model refuses a longer sequence)."""
    series = [s.values for s in synthetic_series(100, seed=1)]
    rng = np.random.default_rng(1)
    lengths = {
        make_windows(series, MeanScaleBins(), rng, batch_tokens=256, max_tokens=16).inputs.shape[1]
        for _ in range(300)
    }
    assert max(lengths) == 16
