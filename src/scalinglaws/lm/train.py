"""Train a :class:`~scalinglaws.lm.GPT` on a :class:`~scalinglaws.lm.Corpus` for a token budget.

AdamW (Loshchilov & Hutter 2019; decay on matrices only), linear warmup then cosine
decay matched to the budget (:mod:`scalinglaws.lm.schedule`), gradient clipping by
global norm, bf16 autocast on GPUs that support it, held-out loss every
``eval_interval_tokens``, and a checkpoint at every evaluation that resumes the run
bit-for-bit: the batch of step ``s`` is drawn from ``numpy.random.default_rng((seed, s))``,
so the data position is the step number and nothing else needs saving.

Counting: ``N`` is Kaplan et al. 2020's non-embedding parameter count and ``flops``
is ``6·N·D`` (D = tokens trained); ``exact_flops`` is 3x the exact forward count of
Kaplan et al. 2020 Table 1, embeddings, attention and logits included.
"""

from __future__ import annotations

import dataclasses
import math
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import torch

from scalinglaws.errors import InsufficientDataError, InvalidOptionError
from scalinglaws.lm.checkpoint import check_same_run, load_checkpoint, save_checkpoint
from scalinglaws.lm.config import GPTConfig, TrainConfig
from scalinglaws.lm.corpus import Corpus
from scalinglaws.lm.model import GPT
from scalinglaws.lm.schedule import lr_at
from scalinglaws.neural.counting import (
    forward_flops_per_token,
    training_flops,
    training_flops_exact,
)

__all__ = ["EvalPoint", "TrainRun", "estimate_memory_bytes", "train"]


@dataclass(frozen=True)
class EvalPoint:
    """One held-out evaluation: after ``tokens`` training tokens (``step`` steps)."""

    tokens: int
    step: int
    loss: float
    tokens_per_s: float


@dataclass(frozen=True)
class TrainRun:
    """The outcome of :func:`train`. ``model`` (the trained module) is not serialised."""

    config: GPTConfig
    train_config: TrainConfig
    seed: int
    final_loss: float
    tokens: int
    flops: float
    exact_flops: float
    n_params: int
    n_params_total: int
    curve: pd.DataFrame
    wall_time: float
    tokens_per_s: float
    device: str = "cpu"
    model: GPT | None = field(default=None, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe dict (the model is left out)."""
        return {
            "config": self.config.to_dict(),
            "train_config": self.train_config.to_dict(),
            "seed": self.seed,
            "final_loss": self.final_loss,
            "tokens": self.tokens,
            "flops": self.flops,
            "exact_flops": self.exact_flops,
            "n_params": self.n_params,
            "n_params_total": self.n_params_total,
            "curve": {
                "tokens": [int(v) for v in self.curve["tokens"]],
                "loss": [float(v) for v in self.curve["loss"]],
            },
            "wall_time": self.wall_time,
            "tokens_per_s": self.tokens_per_s,
            "device": self.device,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TrainRun:
        values = dict(data)
        values["config"] = GPTConfig.from_dict(values["config"])
        values["train_config"] = TrainConfig.from_dict(values["train_config"])
        values["curve"] = pd.DataFrame(values["curve"], columns=["tokens", "loss"])
        return cls(**values)


def _physical_memory_bytes(device: torch.device) -> int:
    if device.type == "cuda":
        return int(torch.cuda.get_device_properties(device).total_memory)
    try:
        return int(os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE"))
    except (ValueError, OSError, AttributeError):  # pragma: no cover - non-POSIX
        return 1 << 62


def estimate_memory_bytes(config: GPTConfig, batch_size: int) -> int:
    """Rough peak training memory in fp32 with AdamW.

    Parameters, gradients and two Adam moments: ``16·P`` bytes. Activations, after
    Korthikanti et al. 2022 (eq. 2, doubled for fp32): per layer ``s·b·(68·d + 10·h·s)``
    bytes; logits and their gradient ``3·4·s·b·V``.
    """
    p = config.total_params
    s, b, d = config.context, batch_size, config.d_model
    activations = config.n_layer * s * b * (68 * d + 10 * config.n_head * s)
    return int(16 * p + activations + 12 * s * b * config.vocab_size)


def _check_inputs(config: GPTConfig, tc: TrainConfig, data: Corpus, device: torch.device) -> None:
    need = config.context + 1
    for part, tokens in (("training", data.train), ("validation", data.val)):
        if len(tokens) < need:
            raise InsufficientDataError(
                f"data: the {part} split of corpus {data.name!r} has {len(tokens)} tokens, "
                f"fewer than one context of {config.context} (+1 target); use more text, "
                "a smaller val_fraction or a shorter context."
            )
    if data.vocab_size > config.vocab_size:
        raise InvalidOptionError(
            f"config.vocab_size={config.vocab_size} is smaller than the corpus vocabulary "
            f"({data.vocab_size}, tokenizer {data.tokenizer_name!r}); "
            f"set GPTConfig(vocab_size={data.vocab_size})."
        )
    assert tc.batch_size is not None  # resolved by the caller
    needed = estimate_memory_bytes(config, tc.batch_size)
    available = _physical_memory_bytes(device)
    if needed > 0.8 * available:
        raise InvalidOptionError(
            f"config: a model with {config.total_params:,} parameters at batch_size="
            f"{tc.batch_size} needs about {needed / 2**30:.1f} GiB to train, but {device} "
            f"has {available / 2**30:.1f} GiB; choose a smaller preset or batch_size."
        )


def _batch(
    tokens: np.ndarray[Any, Any], seed: int, step: int, batch: int, context: int
) -> tuple[torch.Tensor, torch.Tensor]:
    """Inputs and targets (B, T) of step ``step``: random windows, a function of (seed, step)."""
    rng = np.random.default_rng((seed, step))
    starts = rng.integers(0, len(tokens) - context, size=batch)
    windows = np.stack([np.asarray(tokens[i : i + context + 1], dtype=np.int64) for i in starts])
    xy = torch.from_numpy(windows)  # (B, T + 1)
    return xy[:, :-1], xy[:, 1:]


@torch.no_grad()
def _evaluate(
    model: GPT, val: np.ndarray[Any, Any], tc: TrainConfig, device: torch.device, amp: Any
) -> float:
    """Mean loss over the first ``eval_tokens`` held-out tokens, in disjoint windows."""
    t = model.config.context
    n_windows = max(1, min(tc.eval_tokens // t, (len(val) - 1) // t))
    data = np.asarray(val[: n_windows * t + 1], dtype=np.int64)
    x = torch.from_numpy(data[:-1].reshape(n_windows, t))
    y = torch.from_numpy(data[1:].reshape(n_windows, t))
    model.eval()
    total = 0.0
    step = tc.batch_size or 1
    for i in range(0, n_windows, step):
        xb, yb = x[i : i + step].to(device), y[i : i + step].to(device)
        with amp():
            loss = model.loss(xb, yb)
        total += float(loss) * len(xb)
    model.train()
    return total / n_windows


@contextmanager
def _threads(n: int) -> Iterator[None]:
    before = torch.get_num_threads()
    torch.set_num_threads(n)
    try:
        yield
    finally:
        torch.set_num_threads(before)


def train(
    config: GPTConfig,
    train_config: TrainConfig,
    *,
    data: Corpus,
    seed: int = 0,
    device: str = "cpu",
    checkpoint: str | Path | None = None,
    on_eval: Callable[[EvalPoint], None] | None = None,
) -> TrainRun:
    """Train from scratch, or resume exactly from ``checkpoint`` if that file exists.

    ``on_eval`` is called after every evaluation, once the checkpoint is on disk (so
    an exception raised from it interrupts the run at a resumable point).
    """
    tc = train_config.resolved(config)
    assert tc.batch_size is not None
    assert tc.lr is not None
    dev = torch.device(device)
    _check_inputs(config, tc, data, dev)
    threads = tc.threads or os.cpu_count() or 1
    with _threads(threads), torch.random.fork_rng(devices=[dev] if dev.type == "cuda" else []):
        return _train(config, tc, data, seed, dev, checkpoint, on_eval)


def _train(
    config: GPTConfig,
    tc: TrainConfig,
    data: Corpus,
    seed: int,
    dev: torch.device,
    checkpoint: str | Path | None,
    on_eval: Callable[[EvalPoint], None] | None,
) -> TrainRun:
    assert tc.batch_size is not None
    assert tc.lr is not None
    torch.manual_seed(seed)
    model = GPT(config).to(dev)
    decay = [p for p in model.parameters() if p.dim() >= 2]
    no_decay = [p for p in model.parameters() if p.dim() < 2]
    optimizer = torch.optim.AdamW(
        [
            {"params": decay, "weight_decay": tc.weight_decay},
            {"params": no_decay, "weight_decay": 0.0},
        ],
        lr=tc.lr,
        betas=(tc.beta1, tc.beta2),
        foreach=dev.type != "cpu",
    )
    use_bf16 = tc.precision == "bf16" or (
        tc.precision == "auto" and dev.type == "cuda" and torch.cuda.is_bf16_supported()
    )

    def amp() -> Any:
        if use_bf16:
            return torch.autocast(device_type=dev.type, dtype=torch.bfloat16)
        return nullcontext()

    per_step = tc.batch_size * config.context
    total_steps = max(1, math.ceil(tc.tokens / per_step))
    warmup = max(1, round(tc.warmup_fraction * total_steps)) if tc.warmup_fraction else 0
    interval = tc.eval_interval_tokens or max(per_step, tc.tokens // 10)
    eval_every = max(1, round(interval / per_step))

    path = Path(checkpoint) if checkpoint is not None else None
    step, curve, wall = 0, [], 0.0
    # threads may differ between the interrupted and the resumed run (other machine)
    run_tc = {k: v for k, v in tc.to_dict().items() if k != "threads"}
    identity = {"config": config.to_dict(), "train_config": run_tc, "seed": seed}
    if path is not None and path.exists():
        state = load_checkpoint(path)
        check_same_run(state, identity, path)
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        torch.set_rng_state(state["torch_rng"])
        step, wall = int(state["step"]), float(state["wall_time"])
        curve = [EvalPoint(int(a), int(b), float(c), float(d)) for a, b, c, d in state["curve"]]

    model.train()
    last_time, last_tokens = time.perf_counter(), step * per_step
    while step < total_steps:
        lr = lr_at(
            step,
            total_steps=total_steps,
            peak=tc.lr,
            warmup_steps=warmup,
            min_ratio=tc.min_lr_ratio,
        )
        for group in optimizer.param_groups:
            group["lr"] = lr
        x, y = _batch(data.train, seed, step, tc.batch_size, config.context)
        x, y = x.to(dev, non_blocking=True), y.to(dev, non_blocking=True)
        with amp():
            loss = model.loss(x, y)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()  # type: ignore[no-untyped-call]
        if tc.grad_clip > 0:
            torch.nn.utils.clip_grad_norm_(model.parameters(), tc.grad_clip)
        optimizer.step()
        step += 1
        if step % eval_every == 0 or step == total_steps:
            if dev.type == "cuda":
                torch.cuda.synchronize(dev)
            now = time.perf_counter()
            wall += now - last_time
            tokens = step * per_step
            rate = (tokens - last_tokens) / max(now - last_time, 1e-9)
            point = EvalPoint(tokens, step, _evaluate(model, data.val, tc, dev, amp), rate)
            curve.append(point)
            if path is not None:
                save_checkpoint(
                    path,
                    {
                        **identity,
                        "step": step,
                        "tokens": tokens,
                        "model": model.state_dict(),
                        "optimizer": optimizer.state_dict(),
                        "torch_rng": torch.get_rng_state(),
                        "curve": [dataclasses.astuple(p) for p in curve],
                        "wall_time": wall,
                    },
                )
            if on_eval is not None:
                on_eval(point)
            last_time, last_tokens = time.perf_counter(), tokens

    tokens = total_steps * per_step
    n = config.non_embedding_params
    forward = forward_flops_per_token(
        n_layer=config.n_layer,
        d_model=config.d_model,
        d_ff=config.ff_width,
        context=config.context,
        vocab_size=config.vocab_size,
    )
    return TrainRun(
        config=config,
        train_config=tc,
        seed=seed,
        final_loss=curve[-1].loss,
        tokens=tokens,
        flops=training_flops(n, tokens),
        exact_flops=training_flops_exact(forward, tokens),
        n_params=n,
        n_params_total=config.total_params,
        curve=pd.DataFrame({"tokens": [p.tokens for p in curve], "loss": [p.loss for p in curve]}),
        wall_time=wall,
        tokens_per_s=tokens / wall if wall > 0 else float("nan"),
        device=str(dev),
        model=model,
    )
