"""The GPT model and its configuration (scalinglaws.lm)."""

from __future__ import annotations

import itertools
import math

import pytest
import torch

from scalinglaws.errors import InvalidOptionError
from scalinglaws.lm import GPT, PRESETS, GPTConfig, TrainConfig
from scalinglaws.lm.schedule import lr_at, scaling_rule

TINY = GPTConfig(n_layer=2, n_head=2, d_model=16, context=16, vocab_size=64)


@pytest.fixture(autouse=True)
def _one_thread() -> None:
    torch.set_num_threads(1)


def test_forward_shape_and_causality() -> None:
    torch.manual_seed(0)
    model = GPT(TINY).eval()
    idx = torch.randint(0, 64, (3, 16))
    logits = model(idx)
    assert logits.shape == (3, 16, 64)
    changed = idx.clone()
    changed[:, 10:] = (changed[:, 10:] + 1) % 64
    with torch.no_grad():
        a, b = model(idx), model(changed)
    assert torch.equal(a[:, :10], b[:, :10])  # the future does not leak backwards
    assert not torch.allclose(a[:, 10:], b[:, 10:])


def test_attention_is_softmax_qk_over_sqrt_dk_v() -> None:
    torch.manual_seed(1)
    model = GPT(TINY).eval()
    attn = model.blocks[0].attn
    x = torch.randn(2, 16, 16)
    q, k, v = attn.qkv(x).split(16, dim=2)
    q, k, v = (z.view(2, 16, 2, 8).transpose(1, 2) for z in (q, k, v))
    scores = q @ k.transpose(-2, -1) / math.sqrt(8)  # (B, nh, T, T)
    mask = torch.triu(torch.ones(16, 16, dtype=torch.bool), diagonal=1)
    y = torch.softmax(scores.masked_fill(mask, float("-inf")), dim=-1) @ v
    expected = attn.proj(y.transpose(1, 2).reshape(2, 16, 16))
    with torch.no_grad():
        torch.testing.assert_close(attn(x), expected, atol=1e-5, rtol=1e-5)


def test_tied_head_and_param_counts_match_counting() -> None:
    model = GPT(TINY)
    assert model.num_params() == TINY.non_embedding_params
    assert model.num_params(non_embedding=False) == TINY.total_params
    assert not any(p is model.wte.weight for n, p in model.named_parameters() if "head" in n)
    for name in ("s1", "s3"):
        cfg = GPTConfig.preset(name)
        assert GPT(cfg).num_params() == cfg.non_embedding_params


def test_presets_span_20k_to_20m_and_grow() -> None:
    sizes = [GPTConfig.preset(name).non_embedding_params for name in PRESETS]
    assert sizes == sorted(sizes)
    assert 20_000 <= sizes[0] < 30_000
    assert 15_000_000 < sizes[-1] <= 20_000_000
    for name, (n_layer, n_head, d_model) in PRESETS.items():
        cfg = GPTConfig.preset(name)
        assert (cfg.n_layer, cfg.n_head, cfg.d_model, cfg.d_ff) == (
            n_layer,
            n_head,
            d_model,
            4 * d_model,
        )


def test_config_toml_and_dict_round_trip(tmp_path) -> None:  # type: ignore[no-untyped-def]
    cfg = GPTConfig.preset("s2", context=128)
    assert GPTConfig.from_toml(cfg.to_toml()) == cfg
    path = tmp_path / "model.toml"
    path.write_text(cfg.to_toml())
    assert GPTConfig.from_toml(path) == cfg
    assert GPTConfig.from_toml(str(path)) == cfg
    assert GPTConfig.from_dict(cfg.to_dict()) == cfg
    tc = TrainConfig(tokens=1000, lr=1e-3, threads=1)
    assert TrainConfig.from_toml(tc.to_toml()) == tc


def test_unknown_config_key_lists_valid_keys() -> None:
    with pytest.raises(InvalidOptionError, match=r"'n_heads'.*valid keys are: n_layer, n_head"):
        GPTConfig.from_dict({"n_layer": 2, "n_heads": 2, "d_model": 16})
    with pytest.raises(InvalidOptionError, match="learning_rate"):
        TrainConfig.from_toml("tokens = 10\nlearning_rate = 0.1\n")
    with pytest.raises(InvalidOptionError, match="s1, s2"):
        GPTConfig.preset("huge")


def test_bad_config_values() -> None:
    with pytest.raises(InvalidOptionError, match="divisible"):
        GPTConfig(n_layer=1, n_head=3, d_model=16)
    with pytest.raises(InvalidOptionError, match="uint16"):
        GPTConfig(n_layer=1, n_head=1, d_model=16, vocab_size=70_000)
    with pytest.raises(InvalidOptionError, match="n_layer"):
        GPTConfig(n_layer=0, n_head=1, d_model=16)
    with pytest.raises(InvalidOptionError, match="precision"):
        TrainConfig(tokens=10, precision="fp8")
    with pytest.raises(InvalidOptionError, match="neither TOML"):
        GPTConfig.from_toml("missing.toml")


def test_scaling_rule_and_schedule() -> None:
    lr_small, b_small = scaling_rule(25_000, context=256)
    lr_big, b_big = scaling_rule(18_000_000, context=256)
    assert lr_small > lr_big
    assert b_small <= b_big
    tc = TrainConfig(tokens=10_000).resolved(TINY)
    assert tc.lr == scaling_rule(TINY.non_embedding_params, context=16)[0]
    assert TrainConfig(tokens=10, lr=0.5, batch_size=3).resolved(TINY).lr == 0.5
    lrs = [lr_at(s, total_steps=100, peak=1.0, warmup_steps=10, min_ratio=0.1) for s in range(100)]
    assert lrs[9] == pytest.approx(1.0)
    assert lrs[0] == pytest.approx(0.1)
    assert lrs[-1] == pytest.approx(0.1, abs=1e-3)
    assert all(a >= b for a, b in itertools.pairwise(lrs[10:]))
