"""all-MiniLM-L6-v2 as a plain torch encoder: loaded in a tenth of a second, not five.

The sentence embedder of :mod:`.retrieve` is a 6-layer BERT (Devlin et al., NAACL
2019) distilled as MiniLM (Wang et al., NeurIPS 2020) and tuned for sentence
similarity (Reimers & Gurevych, EMNLP 2019). Loading it through transformers'
``AutoModel`` imports transformers' model machinery (torch.distributed, generation),
about four seconds on two cores before a single sentence is encoded: most of the
first retrieval answer's latency. A BERT encoder layer is exactly torch's post-norm
:class:`torch.nn.TransformerEncoderLayer` (self-attention, residual, LayerNorm; a GELU
feed-forward, residual, LayerNorm), so the model is built from torch's own layers with
the weights of the package's ``model.safetensors`` (read by ``safetensors``) and its
``tokenizer.json`` (read by ``tokenizers``, the library transformers' fast tokenizer
wraps). ``tests/test_ask_minilm.py`` checks the embeddings against transformers'
``AutoModel`` on the same folder.

Shapes: ids and mask (B, T); hidden states (B, T, H) with H = hidden_size (384).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import torch
from safetensors.torch import load_file
from tokenizers import Tokenizer

__all__ = ["MiniLM", "load"]

#: Longest input in tokens (the rest of a longer sentence is cut off).
MAX_TOKENS = 256


class MiniLM(torch.nn.Module):
    """A MiniLM sentence encoder built from torch layers.

    BERT embeddings (word + position + token type, LayerNorm) and post-norm encoder
    layers, from a transformers ``BertModel`` state dict and its ``config.json``.
    """

    def __init__(self, config: dict[str, Any], weights: dict[str, torch.Tensor]) -> None:
        super().__init__()
        hidden, eps = int(config["hidden_size"]), float(config["layer_norm_eps"])
        if config.get("hidden_act") != "gelu":
            raise ValueError(f"hidden_act: expected 'gelu', got {config.get('hidden_act')!r}")
        emb = "embeddings."
        self.word = _embedding(weights[emb + "word_embeddings.weight"])
        self.position = _embedding(weights[emb + "position_embeddings.weight"])
        self.token_type = _embedding(weights[emb + "token_type_embeddings.weight"])
        self.norm = torch.nn.LayerNorm(hidden, eps=eps)
        _assign(self.norm, weights, emb + "LayerNorm.")
        self.layers = torch.nn.ModuleList(
            _layer(config, weights, f"encoder.layer.{i}.")
            for i in range(int(config["num_hidden_layers"]))
        )

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """Hidden states (B, T, H) of token ``ids`` (B, T); ``mask`` (B, T) is True on tokens."""
        positions = torch.arange(ids.shape[1], device=ids.device)  # (T,)
        x = self.word(ids) + self.position(positions)[None] + self.token_type(ids * 0)
        x = self.norm(x)  # (B, T, H)
        for layer in self.layers:
            x = layer(x, src_key_padding_mask=~mask)
        out: torch.Tensor = x
        return out


def _embedding(table: torch.Tensor) -> torch.nn.Embedding:
    """A frozen embedding holding ``table`` (rows, dim)."""
    embedding = torch.nn.Embedding(table.shape[0], table.shape[1])
    with torch.no_grad():
        embedding.weight.copy_(table)
    embedding.weight.requires_grad_(False)
    return embedding


def _assign(module: torch.nn.Module, weights: dict[str, torch.Tensor], prefix: str) -> None:
    """Copy ``prefix + weight`` and ``prefix + bias`` into ``module``."""
    with torch.no_grad():
        for name in ("weight", "bias"):
            target: torch.Tensor = getattr(module, name)
            target.copy_(weights[prefix + name])


def _layer(
    config: dict[str, Any], weights: dict[str, torch.Tensor], prefix: str
) -> torch.nn.TransformerEncoderLayer:
    """One BERT layer as torch's post-norm encoder layer.

    One BERT layer as torch's post-norm encoder layer (query, key and value stacked
    into the in-projection; the attention output and the feed-forward as they are).
    """
    layer = torch.nn.TransformerEncoderLayer(
        int(config["hidden_size"]),
        int(config["num_attention_heads"]),
        int(config["intermediate_size"]),
        dropout=0.0,
        activation="gelu",
        layer_norm_eps=float(config["layer_norm_eps"]),
        batch_first=True,
        norm_first=False,
    )
    attn = prefix + "attention.self."
    with torch.no_grad():
        for part in ("weight", "bias"):
            stacked = [weights[f"{attn}{name}.{part}"] for name in ("query", "key", "value")]
            getattr(layer.self_attn, f"in_proj_{part}").copy_(torch.cat(stacked))
    _assign(layer.self_attn.out_proj, weights, prefix + "attention.output.dense.")
    _assign(layer.norm1, weights, prefix + "attention.output.LayerNorm.")
    _assign(layer.linear1, weights, prefix + "intermediate.dense.")
    _assign(layer.linear2, weights, prefix + "output.dense.")
    _assign(layer.norm2, weights, prefix + "output.LayerNorm.")
    return layer


def load(folder: str | Path) -> tuple[Tokenizer, MiniLM]:
    """Load the tokenizer and encoder of a sentence-transformers BERT folder.

    The tokenizer (padding on, cut at :data:`MAX_TOKENS`) and the encoder (eval mode)
    of a sentence-transformers BERT folder (``config.json``, ``model.safetensors``,
    ``tokenizer.json``).
    """
    folder = Path(folder)
    config = json.loads((folder / "config.json").read_text("utf-8"))
    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tokenizer.enable_padding(pad_id=int(config.get("pad_token_id", 0)))
    tokenizer.enable_truncation(MAX_TOKENS)
    model = MiniLM(config, load_file(str(folder / "model.safetensors")))
    return tokenizer, model.eval()
