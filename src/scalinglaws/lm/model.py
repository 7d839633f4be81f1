"""A pre-LayerNorm decoder-only GPT (Radford et al. 2019; layout after nanoGPT).

    x = wte[idx] + wpe[0..T)                               # (B, T, C)
    for each block:
        x = x + Wo · Attn(LN1(x))                          # causal self-attention
        x = x + W2 · GELU(W1 · LN2(x))                     # MLP, width d_ff
    logits = LN_f(x) · wteᵀ                                 # tied output head, (B, T, V)

Attention per head (Vaswani et al. 2017, eq. 1), with the causal mask M (0 on and
below the diagonal, -inf above)::

    Attn(Q, K, V) = softmax(Q Kᵀ / sqrt(d_k) + M) V

computed by ``torch.nn.functional.scaled_dot_product_attention(is_causal=True)``,
which picks a fused kernel (flash / memory-efficient) on CPU and GPU. Linear layers
and LayerNorms have no bias (as in nanoGPT's ``bias=False`` and PaLM): fewer
parameters, slightly faster, no measurable loss cost at these sizes. Weights are
initialised N(0, 0.02²), residual output projections N(0, (0.02/sqrt(2·n_layer))²)
(GPT-2's scaled init).
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import nn

from scalinglaws.lm.config import GPTConfig

__all__ = ["GPT"]


class CausalSelfAttention(nn.Module):
    def __init__(self, cfg: GPTConfig) -> None:
        super().__init__()
        self.n_head = cfg.n_head
        self.dropout = cfg.dropout
        self.qkv = nn.Linear(cfg.d_model, 3 * cfg.d_model, bias=False)
        self.proj = nn.Linear(cfg.d_model, cfg.d_model, bias=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        b, t, c = x.shape  # (B, T, C)
        q, k, v = self.qkv(x).split(c, dim=2)  # 3 x (B, T, C)
        # (B, T, C) -> (B, nh, T, hs)
        q = q.view(b, t, self.n_head, c // self.n_head).transpose(1, 2)
        k = k.view(b, t, self.n_head, c // self.n_head).transpose(1, 2)
        v = v.view(b, t, self.n_head, c // self.n_head).transpose(1, 2)
        y = F.scaled_dot_product_attention(
            q, k, v, is_causal=True, dropout_p=self.dropout if self.training else 0.0
        )  # (B, nh, T, hs)
        y = y.transpose(1, 2).reshape(b, t, c)  # (B, T, C)
        return self.proj(y)  # type: ignore[no-any-return]


class MLP(nn.Module):
    def __init__(self, cfg: GPTConfig) -> None:
        super().__init__()
        self.fc = nn.Linear(cfg.d_model, cfg.ff_width, bias=False)
        self.proj = nn.Linear(cfg.ff_width, cfg.d_model, bias=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # (B, T, C) -> (B, T, d_ff) -> (B, T, C)
        return self.proj(F.gelu(self.fc(x), approximate="tanh"))  # type: ignore[no-any-return]


class Block(nn.Module):
    def __init__(self, cfg: GPTConfig) -> None:
        super().__init__()
        self.ln1 = nn.LayerNorm(cfg.d_model, bias=False)
        self.attn = CausalSelfAttention(cfg)
        self.ln2 = nn.LayerNorm(cfg.d_model, bias=False)
        self.mlp = MLP(cfg)
        self.dropout = cfg.dropout

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        a: torch.Tensor = self.attn(self.ln1(x))
        if self.dropout and self.training:
            a = F.dropout(a, self.dropout)
        x = x + a  # (B, T, C)
        m: torch.Tensor = self.mlp(self.ln2(x))
        if self.dropout and self.training:
            m = F.dropout(m, self.dropout)
        return x + m  # (B, T, C)


class GPT(nn.Module):
    """The language model; ``model(idx)`` maps token ids (B, T) to logits (B, T, V).

    Parameters
    ----------
    cfg : GPTConfig
        The shape of the model.
    """

    def __init__(self, cfg: GPTConfig) -> None:
        super().__init__()
        self.config = cfg
        self.wte = nn.Embedding(cfg.vocab_size, cfg.d_model)
        self.wpe = nn.Embedding(cfg.context, cfg.d_model)
        self.blocks = nn.ModuleList(Block(cfg) for _ in range(cfg.n_layer))
        self.ln_f = nn.LayerNorm(cfg.d_model, bias=False)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """GPT-2 initialisation (see the module docstring)."""
        residual_std = 0.02 / math.sqrt(2 * self.config.n_layer)
        for name, p in self.named_parameters():
            if p.dim() == 1:
                nn.init.ones_(p)  # LayerNorm scales
            elif name.endswith("proj.weight"):
                nn.init.normal_(p, mean=0.0, std=residual_std)
            else:
                nn.init.normal_(p, mean=0.0, std=0.02)

    def num_params(self, non_embedding: bool = True) -> int:
        """Parameter count; ``non_embedding=True`` leaves out wte and wpe (Kaplan's N).

        Equals ``config.non_embedding_params`` / ``config.total_params``
        (:func:`scalinglaws.neural.counting.transformer_params`).

        Parameters
        ----------
        non_embedding : bool, default True
            Leave out the token and position embeddings.

        Returns
        -------
        int
            The count.
        """
        total = sum(p.numel() for p in self.parameters())
        if non_embedding:
            total -= self.wte.weight.numel() + self.wpe.weight.numel()
        return int(total)

    def forward(self, idx: torch.Tensor) -> torch.Tensor:
        """Next-token logits of a batch of token sequences.

        Parameters
        ----------
        idx : torch.Tensor
            Token ids, shape (B, T) with T <= ``config.context``.

        Returns
        -------
        torch.Tensor
            Logits, shape (B, T, vocab_size).

        Raises
        ------
        ValueError
            T exceeds the model's context.
        """
        _, t = idx.shape  # (B, T)
        if t > self.config.context:
            raise ValueError(f"sequence length {t} exceeds the context {self.config.context}")
        pos = torch.arange(t, device=idx.device)  # (T,)
        x = self.wte(idx) + self.wpe(pos)  # (B, T, C)
        if self.config.dropout and self.training:
            x = F.dropout(x, self.config.dropout)
        for block in self.blocks:
            x = block(x)  # (B, T, C)
        x = self.ln_f(x)  # (B, T, C)
        logits: torch.Tensor = F.linear(x, self.wte.weight)  # (B, T, V), tied head
        return logits

    def loss(self, idx: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
        """Mean next-token cross-entropy (nats) of ``targets`` (B, T) given ``idx`` (B, T).

        Parameters
        ----------
        idx : torch.Tensor
            Input token ids, shape (B, T).
        targets : torch.Tensor
            The next token at each position, shape (B, T).

        Returns
        -------
        torch.Tensor
            A scalar, the mean loss in nats.
        """
        logits = self(idx)  # (B, T, V)
        return F.cross_entropy(logits.view(-1, logits.size(-1)), targets.reshape(-1))
