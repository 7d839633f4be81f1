"""Parameter and FLOP counting (scalinglaws.neural.counting).

Reference: Hoffmann et al. 2022 ("Training Compute-Optimal Large Language Models"),
Table A9, the 50 model shapes and their reported sizes, bundled as
``scalinglaws/datasets/data/neural/chinchilla/table_a9_models.csv`` (extracted from
nanoGPT's ``scaling_laws.ipynb``). The convention that reproduces them (nanoGPT's
reading of the paper): biases on every linear, relative-position parameters, two
LayerNorms with scale and shift per layer, one tied 32,000 x d embedding, attention
width n_heads * kv_size.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import scalinglaws
from scalinglaws.errors import InvalidOptionError
from scalinglaws.neural.counting import (
    forward_flops_per_token,
    training_flops,
    training_flops_exact,
    transformer_params,
)

A9 = Path(scalinglaws.__file__).parent / "datasets/data/neural/chinchilla/table_a9_models.csv"


def _chinchilla(row: pd.Series) -> int:
    return transformer_params(
        n_layer=int(row.n_layers),
        d_model=int(row.d_model),
        d_ff=int(row.ffw_size),
        n_head=int(row.n_heads),
        kv_size=int(row.kv_size),
        vocab_size=32_000,
        context=2048,
        non_embedding=False,
        convention="chinchilla",
    )


def test_table_a9_sizes_are_reproduced() -> None:
    table = pd.read_csv(A9)
    assert len(table) == 50
    for row in table.itertuples():
        counted = _chinchilla(row)  # type: ignore[arg-type]
        # the paper reports N rounded to three significant figures (1M at 44M)
        assert abs(counted - row.params) / row.params < 0.007, (row.params, counted)
    big = table[table.params >= 1e9]
    errors = [abs(_chinchilla(r) - r.params) / r.params for r in big.itertuples()]  # type: ignore[arg-type]
    assert max(errors) < 5e-4


def test_table_a9_needs_attention_width_heads_times_kv() -> None:
    # 11.452B: d_model 4352 but 32 heads x 128 = 4096; using d_model^2 overcounts by ~2 %
    row = pd.read_csv(A9).query("params == 11452000000").iloc[0]
    wrong = transformer_params(
        n_layer=47, d_model=4352, d_ff=17408, vocab_size=32_000, context=2048,
        non_embedding=False, convention="chinchilla",
    )  # fmt: skip
    assert abs(_chinchilla(row) / row.params - 1) < 1e-3
    assert wrong / row.params - 1 > 0.015


def test_kaplan_count_is_12_l_d_squared() -> None:
    # Kaplan et al. 2020 eq. (2.1) with d_attn = d_model, d_ff = 4 d_model
    n = transformer_params(
        n_layer=12, d_model=768, vocab_size=50257, context=1024, convention="kaplan"
    )
    assert n == 12 * 12 * 768**2


def test_ours_counts_layernorm_weights_and_embeddings() -> None:
    kw = {"n_layer": 2, "d_model": 32, "vocab_size": 256, "context": 64}
    body = transformer_params(**kw)  # type: ignore[arg-type]
    assert body == 2 * (12 * 32 * 32 + 2 * 32) + 32
    assert transformer_params(**kw, non_embedding=False) == body + 256 * 32 + 64 * 32  # type: ignore[arg-type]
    untied = transformer_params(**kw, non_embedding=False, tied=False)  # type: ignore[arg-type]
    assert untied == body + 2 * 256 * 32 + 64 * 32


def test_kaplan_forward_flops_are_2n_plus_attention() -> None:
    # Kaplan et al. 2020 eq. (2.2): C_forward = 2N + 2 n_layer n_ctx d_attn (+ embeddings)
    kw = {"n_layer": 6, "d_model": 256, "d_ff": 1024, "context": 512, "vocab_size": 1000}
    n = transformer_params(
        n_layer=6, d_model=256, d_ff=1024, vocab_size=1000, context=512, convention="kaplan"
    )
    body = forward_flops_per_token(**kw, include_embedding=False)  # type: ignore[arg-type]
    assert body == 2 * n + 2 * 6 * 512 * 256
    full = forward_flops_per_token(**kw)  # type: ignore[arg-type]
    assert full - body == 4 * 256 + 2 * 256 * 1000


def test_chinchilla_appendix_f_against_6nd_for_table_a9() -> None:
    # App. F without embeddings and logits (how Table A4 was computed) is 2N plus the
    # attention-score terms n_layer·(4·s·a + 3·h·s); relative to 6ND the excess shrinks
    # with width: ~1.67x for the 44M model at s = 2048, ~1.07x for the 16B one.
    ratios = []
    for row in pd.read_csv(A9).itertuples():
        kw = {"n_layer": row.n_layers, "d_model": row.d_model, "d_ff": row.ffw_size,
              "n_head": row.n_heads, "kv_size": row.kv_size, "vocab_size": 32_000,
              "context": 2048}  # fmt: skip
        fwd = forward_flops_per_token(**kw, convention="chinchilla", include_embedding=False)  # type: ignore[arg-type]
        n = transformer_params(**kw, convention="kaplan")  # type: ignore[arg-type]
        a = row.n_heads * row.kv_size
        assert fwd == 2 * n + row.n_layers * (4 * 2048 * a + 3 * row.n_heads * 2048)
        ratios.append(training_flops_exact(fwd, 1e9) / training_flops(n, 1e9))
    assert 1.6 < ratios[0] < 1.7
    assert 1.05 < ratios[-1] < 1.1


def test_training_flops_and_errors() -> None:
    assert training_flops(1e6, 2e7) == 6 * 1e6 * 2e7
    with pytest.raises(InvalidOptionError, match="tokens"):
        training_flops(1e6, -1)
    with pytest.raises(InvalidOptionError, match="convention"):
        transformer_params(n_layer=1, d_model=8, vocab_size=2, context=2, convention="x")
    with pytest.raises(InvalidOptionError, match="n_head"):
        transformer_params(n_layer=1, d_model=8, vocab_size=2, context=2, kv_size=4)
    with pytest.raises(InvalidOptionError, match="d_model"):
        transformer_params(n_layer=1, d_model=0, vocab_size=2, context=2)
