"""Sample many continuations of one context from a :class:`scalinglaws.lm.GPT`, fast.

Plain sampling runs the whole model over the whole sequence for every new
token (``scalinglaws.lm.generate``). Forecasting draws P paths (200) of S steps
(up to 64) after one shared context of up to 512 tokens, so here:

1. the context runs once (batch 1), keeping every layer's keys and values;
2. each step runs only the P new tokens; each attends to the shared context's
   keys (broadcast, never copied P times) and to the keys of its own path so
   far (a preallocated cache), with one softmax over both::

       a = softmax([q Kc^T, q Kp^T] / sqrt(d_k)),   out = a_c Vc + a_p Vp

This is the same function as ``GPT.forward`` (tested equal to 1e-5), with the
weights of the model's own modules; only the order of the work differs.
Tokens are drawn from softmax(logits) (temperature 1, no top-k) with a
seeded ``torch.Generator``.
"""

from __future__ import annotations

import math
from typing import cast

import torch
import torch.nn.functional as F

from scalinglaws.lm.model import GPT, Block

__all__ = ["sample_paths"]


def _heads(x: torch.Tensor, n_head: int) -> torch.Tensor:
    b, t, c = x.shape  # (B, T, C) -> (B, nh, T, hs)
    return x.view(b, t, n_head, c // n_head).transpose(1, 2)


def _merge(x: torch.Tensor) -> torch.Tensor:
    b, nh, t, hs = x.shape  # (B, nh, T, hs) -> (B, T, C)
    return x.transpose(1, 2).reshape(b, t, nh * hs)


@torch.no_grad()
def sample_paths(
    model: GPT, context: torch.Tensor, steps: int, n_paths: int, generator: torch.Generator
) -> torch.Tensor:
    """``n_paths`` sampled continuations (P, steps) of the token ids ``context`` (T,).

    ``T + steps`` must not exceed the model's context.
    """
    cfg = model.config
    n_head, c = cfg.n_head, cfg.d_model
    total = context.numel() + steps
    if total > cfg.context:
        raise ValueError(f"context {context.numel()} + {steps} steps exceeds {cfg.context}")
    model.eval()
    blocks = [cast(Block, block) for block in model.blocks]
    # 1. the shared context, once
    x = model.wte(context[None, :]) + model.wpe(torch.arange(context.numel()))  # (1, T, C)
    shared: list[tuple[torch.Tensor, torch.Tensor]] = []
    for block in blocks:
        q, k, v = block.attn.qkv(block.ln1(x)).split(c, dim=2)
        q, k, v = _heads(q, n_head), _heads(k, n_head), _heads(v, n_head)  # (1, nh, T, hs)
        y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        x = x + block.attn.proj(_merge(y))
        x = x + block.mlp(block.ln2(x))
        shared.append((k, v))
    logits = F.linear(model.ln_f(x[:, -1]), model.wte.weight)  # (1, V)
    # 2. the paths, one step at a time; attention in the layout (nh, P, ...)
    hs = c // n_head
    scale = 1.0 / math.sqrt(hs)
    keys = [(k[0].transpose(1, 2) * scale, v[0]) for k, v in shared]  # (nh, hs, T), (nh, T, hs)
    own_k = [torch.empty(n_head, n_paths, steps, hs) for _ in blocks]
    own_v = [torch.empty(n_head, n_paths, steps, hs) for _ in blocks]
    out = torch.empty(n_paths, steps, dtype=torch.long)
    logits = logits.expand(n_paths, -1)
    split = context.numel()
    for s in range(steps):
        token = torch.multinomial(torch.softmax(logits.float(), dim=-1), 1, generator=generator)
        out[:, s] = token[:, 0]
        if s == steps - 1:
            break
        x = model.wte(token[:, 0]) + model.wpe.weight[split + s]  # (P, C)
        for layer, block in enumerate(blocks):
            q, k, v = block.attn.qkv(block.ln1(x)).split(c, dim=1)  # 3 x (P, C)
            q = q.view(n_paths, n_head, hs).transpose(0, 1)  # (nh, P, hs)
            own_k[layer][:, :, s] = k.view(n_paths, n_head, hs).transpose(0, 1)
            own_v[layer][:, :, s] = v.view(n_paths, n_head, hs).transpose(0, 1)
            ck, cv = keys[layer]
            pk, pv = own_k[layer][:, :, : s + 1], own_v[layer][:, :, : s + 1]  # (nh, P, s+1, hs)
            own = (pk @ q[..., None])[..., 0] * scale  # (nh, P, s+1)
            weights = torch.softmax(torch.cat([torch.bmm(q, ck), own], dim=-1), dim=-1)
            y = torch.bmm(weights[..., :split], cv)  # (nh, P, hs)
            y = y + (weights[..., None, split:] @ pv)[..., 0, :]
            x = x + block.attn.proj(y.transpose(0, 1).reshape(n_paths, c))
            x = x + block.mlp(block.ln2(x))
        logits = F.linear(model.ln_f(x), model.wte.weight)  # (P, V)
    return out
