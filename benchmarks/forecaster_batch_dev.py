"""Would batching the calibration's past origins speed the calibrated Transformer up?

    flock /tmp/scalinglaws-heavy.lock .venv/bin/python benchmarks/forecaster_batch_dev.py

A calibrated forecast (``transformer(..., calibrate=True)``) re-runs the model from 26
past origins, one after another (:func:`scalinglaws.forecasters.transformer_calibrated.
past_forecasts`). This script runs B contexts of one length through the model as one
batch (:func:`sample_paths_batch`: the contexts' pass with batch B, then every step for
all B x P paths at once) and, to keep each origin's seeded stream, draws each origin's
tokens with its own ``torch.Generator`` (one ``torch.multinomial`` per origin and step, as
the loop does). It prints, for the European hub's case (8 tokens of context, 4 steps)
and the long one (484 tokens, 28 steps), 26 origins of 200 paths each: the seconds of
the loop (:func:`~scalinglaws.forecasters.transformer_sample.sample_paths` per origin)
and of the batch, and whether the sampled tokens are identical.

Not used by the package: it measured whether batching was worth building (it was not:
docs/benchmarks.md, "The Transformer calibrated by its own past errors").
"""

from __future__ import annotations

import argparse
import math
import time
from typing import cast

import numpy as np
import torch
import torch.nn.functional as F

from scalinglaws.forecasters.transformer import load_transformer
from scalinglaws.forecasters.transformer_sample import _heads, _merge, sample_paths
from scalinglaws.lm.model import GPT, Block


@torch.no_grad()
def sample_paths_batch(
    model: GPT,
    contexts: torch.Tensor,
    steps: int,
    n_paths: int,
    generators: list[torch.Generator],
) -> torch.Tensor:
    """``sample_paths`` for B contexts (B, T) of one length at once: (B, n_paths, steps)."""
    cfg = model.config
    n_head, c = cfg.n_head, cfg.d_model
    b, t = contexts.shape
    model.eval()
    blocks = [cast(Block, block) for block in model.blocks]
    x = model.wte(contexts) + model.wpe(torch.arange(t))  # (B, T, C)
    shared = []
    for block in blocks:
        q, k, v = block.attn.qkv(block.ln1(x)).split(c, dim=2)
        q, k, v = _heads(q, n_head), _heads(k, n_head), _heads(v, n_head)  # (B, nh, T, hs)
        y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        x = x + block.attn.proj(_merge(y))
        x = x + block.mlp(block.ln2(x))
        shared.append((k, v))
    logits = F.linear(model.ln_f(x[:, -1]), model.wte.weight)  # (B, V)
    hs = c // n_head
    scale = 1.0 / math.sqrt(hs)
    groups, rows = b * n_head, b * n_paths  # attention in the layout (B nh, P, ...)
    keys = [
        ((k.transpose(2, 3) * scale).reshape(groups, hs, t), v.reshape(groups, t, hs))
        for k, v in shared
    ]
    own_k = [torch.empty(groups, n_paths, steps, hs) for _ in blocks]
    own_v = [torch.empty(groups, n_paths, steps, hs) for _ in blocks]
    out = torch.empty(b, n_paths, steps, dtype=torch.long)
    logits = logits[:, None, :].expand(b, n_paths, -1)

    def per_group(z: torch.Tensor) -> torch.Tensor:  # (B P, C) -> (B nh, P, hs)
        return z.view(b, n_paths, n_head, hs).transpose(1, 2).reshape(groups, n_paths, hs)

    for s in range(steps):
        probs = torch.softmax(logits.float(), dim=-1)
        for i, generator in enumerate(generators):  # each origin's own stream
            out[i, :, s] = torch.multinomial(probs[i], 1, generator=generator)[:, 0]
        if s == steps - 1:
            break
        x = model.wte(out[:, :, s].reshape(rows)) + model.wpe.weight[t + s]  # (B P, C)
        for layer, block in enumerate(blocks):
            q, k, v = block.attn.qkv(block.ln1(x)).split(c, dim=1)
            q = per_group(q)
            own_k[layer][:, :, s], own_v[layer][:, :, s] = per_group(k), per_group(v)
            ck, cv = keys[layer]
            pk, pv = own_k[layer][:, :, : s + 1], own_v[layer][:, :, : s + 1]
            own = (pk @ q[..., None])[..., 0] * scale
            weights = torch.softmax(torch.cat([torch.bmm(q, ck), own], dim=-1), dim=-1)
            y = torch.bmm(weights[..., :t], cv) + (weights[..., None, t:] @ pv)[..., 0, :]
            x = x + block.attn.proj(y.view(b, n_head, n_paths, hs).transpose(1, 2).reshape(rows, c))
            x = x + block.mlp(block.ln2(x))
        logits = F.linear(model.ln_f(x), model.wte.weight).view(b, n_paths, -1)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--origins", type=int, default=26)
    parser.add_argument("--paths", type=int, default=200)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    model = load_transformer().model
    for length, steps in ((8, 4), (484, 28)):
        rng = np.random.default_rng(length)
        contexts = torch.from_numpy(rng.integers(100, 300, size=(args.origins, length)))
        seeds = [int(s) for s in rng.integers(2**62, size=args.origins)]
        start = time.perf_counter()
        loop = [
            sample_paths(model, row, steps, args.paths, torch.Generator().manual_seed(seed))
            for row, seed in zip(contexts, seeds, strict=True)
        ]
        middle = time.perf_counter()
        generators = [torch.Generator().manual_seed(seed) for seed in seeds]
        batch = sample_paths_batch(model, contexts, steps, args.paths, generators)
        end = time.perf_counter()
        same = sum(bool(torch.equal(a, b)) for a, b in zip(loop, batch, strict=True))
        print(
            f"context {length}, {steps} steps, {args.origins} origins x {args.paths} paths, "
            f"{args.threads} thread(s): loop {middle - start:.3f} s, batch {end - middle:.3f} s; "
            f"identical tokens at {same} of {args.origins} origins",
            flush=True,
        )


if __name__ == "__main__":
    main()
