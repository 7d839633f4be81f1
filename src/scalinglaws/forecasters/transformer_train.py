"""Train the forecaster's GPT on synthetic growth curves (CPU, seeded, reproducible).

The model is :class:`scalinglaws.lm.GPT` itself; only the data differ from a
text run (:mod:`scalinglaws.lm.train` draws windows of one token file, here each
window is a stretch of a synthetic series tokenized with its own scale:
:mod:`scalinglaws.forecasters.transformer_data`). The optimisation is the
ladder's: AdamW (decay on matrices only), the warmup + cosine schedule of
:func:`scalinglaws.lm.schedule.lr_at`, the peak learning rate of
:func:`scalinglaws.lm.schedule.scaling_rule` unless given, gradient clipping
at norm 1. The held-out loss (nats per token) is measured on fixed validation
windows of series never trained on.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import torch

from scalinglaws._types import FloatArray
from scalinglaws._validate import check_number
from scalinglaws.errors import InvalidOptionError
from scalinglaws.forecasters.bins import MeanScaleBins, Tokenizer, tokenizer_from_dict
from scalinglaws.forecasters.transformer_data import (
    CHUNK,
    SeriesStream,
    Windows,
    make_windows,
    validation_windows,
)
from scalinglaws.lm.config import GPTConfig
from scalinglaws.lm.model import GPT
from scalinglaws.lm.schedule import lr_at, scaling_rule

__all__ = [
    "STEPS_PER_CHUNK",
    "ForecasterRun",
    "ForecasterTraining",
    "evaluate",
    "train_forecaster",
    "trained_series",
]

#: Optimizer steps drawn from one chunk of the series stream before the next.
STEPS_PER_CHUNK = 8


@dataclass(frozen=True)
class ForecasterTraining:
    """A training run: model shape, data budget and optimisation settings.

    ``tokens`` is the data budget D (training tokens); ``max_tokens`` the
    model's context (the longest window); ``tokenizer`` a
    :mod:`~scalinglaws.forecasters.bins` ``to_dict()``.
    """

    n_layer: int = 4
    n_head: int = 4
    d_model: int = 64
    tokens: int = 2_000_000
    batch_tokens: int = 8192
    lr: float | None = None
    warmup_fraction: float = 0.05
    min_lr_ratio: float = 0.1
    weight_decay: float = 0.1
    grad_clip: float = 1.0
    max_tokens: int = 512
    max_length: int = 640
    tokenizer: dict[str, Any] = field(default_factory=lambda: MeanScaleBins().to_dict())
    seed: int = 0
    threads: int = 2
    val_batches: int = 16
    evals: int = 4
    real_fraction: float = 0.0

    def __post_init__(self) -> None:
        """Check the settings; raise InvalidOptionError naming the bad one."""
        for name in ("n_layer", "n_head", "d_model", "tokens", "batch_tokens", "threads"):
            check_number(getattr(self, name), name, low=1, integer=True)
        check_number(self.max_tokens, "max_tokens", low=16, integer=True)
        check_number(self.val_batches, "val_batches", low=1, integer=True)
        tokenizer_from_dict(self.tokenizer)
        check_number(self.real_fraction, "real_fraction", low=0.0, high=1.0)

    @property
    def total_steps(self) -> int:
        """Optimizer steps of the run: ceil(tokens / batch_tokens)."""
        return max(1, math.ceil(self.tokens / self.batch_tokens))

    def model_config(self) -> GPTConfig:
        """The GPT configuration the forecaster is trained with."""
        bins = tokenizer_from_dict(self.tokenizer)
        return GPTConfig(
            n_layer=self.n_layer,
            n_head=self.n_head,
            d_model=self.d_model,
            context=self.max_tokens,
            vocab_size=bins.vocab_size,
        )

    def to_dict(self) -> dict[str, Any]:
        """The settings as a JSON-ready mapping."""
        return asdict(self)


@dataclass(frozen=True)
class ForecasterRun:
    """A trained forecaster: the model, its tokenizer and how it was trained."""

    config: ForecasterTraining
    n_params: int  # non-embedding (Kaplan's N)
    tokens: int  # trained on (D)
    val_loss: float  # nats per token on the validation windows
    curve: list[tuple[int, float]]  # (tokens, validation loss) at each evaluation
    wall_time: float
    model: GPT = field(repr=False, compare=False)

    @property
    def tokenizer(self) -> Tokenizer:
        """The tokenizer of the trained forecaster (its bins)."""
        return tokenizer_from_dict(self.config.tokenizer)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe summary (the model is left out)."""
        return {
            "config": self.config.to_dict(),
            "n_params": self.n_params,
            "tokens": self.tokens,
            "val_loss": self.val_loss,
            "curve": [[int(a), float(b)] for a, b in self.curve],
            "wall_time": self.wall_time,
        }


def trained_series(config: ForecasterTraining) -> range:
    """Indices of the synthetic series (of the stream ``config.seed``) a run may train on."""
    chunks = (config.total_steps - 1) // STEPS_PER_CHUNK + 1
    return range(0, chunks * CHUNK)


def _tensors(windows: Windows) -> tuple[torch.Tensor, torch.Tensor]:
    return torch.from_numpy(windows.inputs), torch.from_numpy(windows.targets)


@torch.no_grad()
def evaluate(model: GPT, batches: list[Windows]) -> float:
    """Mean next-token cross-entropy (nats) over every target of ``batches``."""
    was_training = model.training
    model.eval()
    total, count = 0.0, 0
    for windows in batches:
        x, y = _tensors(windows)
        total += float(model.loss(x, y)) * y.numel()
        count += y.numel()
    model.train(was_training)
    return total / count


def train_forecaster(
    config: ForecasterTraining,
    *,
    progress: Callable[[int, int, float], None] | None = None,
    real: Sequence[FloatArray] | Mapping[str, Sequence[FloatArray]] = (),
) -> ForecasterRun:
    """Train a GPT forecaster from scratch (see the module docstring).

    Parameters
    ----------
    config : ForecasterTraining
        Shape, budget and settings; with ``real``, the run is a function of the two.
    progress : callable, optional
        ``progress(step, total_steps, validation_loss)`` after each evaluation.
    real : sequence of arrays, or a mapping of source name -> arrays, optional
        Real series (:mod:`~scalinglaws.forecasters.transformer_real`): a batch is drawn
        from them instead of the synthetic stream with probability
        ``config.real_fraction`` (decided per step by its own generator, so the
        synthetic batches are those of a run without them). Given by source, a real
        batch first draws its source, each in equal share (a third generator of the
        step), then its windows from that source's series. Validation stays synthetic.

    Returns
    -------
    ForecasterRun
    """
    before = torch.get_num_threads()
    torch.set_num_threads(config.threads)
    try:
        with torch.random.fork_rng(devices=[]):
            return _train(config, progress, _pools(real))
    finally:
        torch.set_num_threads(before)


def _pools(
    real: Sequence[FloatArray] | Mapping[str, Sequence[FloatArray]],
) -> list[list[FloatArray]]:
    """The real series as pools to draw a batch from: one per source, or one in all."""
    groups = list(real.values()) if isinstance(real, Mapping) else [real]
    pools = [[np.asarray(r, dtype=np.float64) for r in group] for group in groups]
    return [pool for pool in pools if pool]


def _source(seed: int, step: int, n_sources: int) -> int:
    """Which source a real batch of ``step`` draws from.

    With one source, always it: a run on one pool is the run made before sources were
    told apart (the same batches, the same weights).
    """
    if n_sources == 1:
        return 0
    return int(np.random.default_rng((seed, step, 2)).integers(n_sources))


def _train(
    config: ForecasterTraining,
    progress: Callable[[int, int, float], None] | None,
    real: list[list[FloatArray]],
) -> ForecasterRun:
    if config.real_fraction > 0 and not real:
        raise InvalidOptionError(
            f"real_fraction={config.real_fraction} but no real series were given: pass real="
            "transformer_real.ilinet_series(data) or set real_fraction=0"
        )
    torch.manual_seed(config.seed)
    tokenizer = tokenizer_from_dict(config.tokenizer)
    gpt_config = config.model_config()
    model = GPT(gpt_config)
    n_params = model.num_params(non_embedding=True)
    peak = config.lr if config.lr is not None else scaling_rule(n_params, context=256)[0]
    decay = [p for p in model.parameters() if p.dim() >= 2]
    no_decay = [p for p in model.parameters() if p.dim() < 2]
    optimizer = torch.optim.AdamW(
        [
            {"params": decay, "weight_decay": config.weight_decay},
            {"params": no_decay, "weight_decay": 0.0},
        ],
        lr=peak,
        betas=(0.9, 0.95),
        foreach=False,
    )
    val = validation_windows(
        tokenizer,
        seed=config.seed,
        n_batches=config.val_batches,
        batch_tokens=config.batch_tokens,
        max_tokens=config.max_tokens,
        max_length=config.max_length,
    )
    stream = SeriesStream(config.seed, max_length=config.max_length)
    total_steps = config.total_steps
    warmup = max(1, round(config.warmup_fraction * total_steps))
    eval_every = max(1, total_steps // config.evals)
    curve: list[tuple[int, float]] = []
    trained, start = 0, time.perf_counter()
    model.train()
    for step in range(total_steps):
        lr = lr_at(
            step,
            total_steps=total_steps,
            peak=peak,
            warmup_steps=warmup,
            min_ratio=config.min_lr_ratio,
        )
        for group in optimizer.param_groups:
            group["lr"] = lr
        rng = np.random.default_rng((config.seed, step))
        series = stream.chunk(step // STEPS_PER_CHUNK)
        if real and np.random.default_rng((config.seed, step, 1)).random() < config.real_fraction:
            series = real[_source(config.seed, step, len(real))]
        windows = make_windows(
            series,
            tokenizer,
            rng,
            batch_tokens=config.batch_tokens,
            max_tokens=config.max_tokens,
        )
        x, y = _tensors(windows)
        loss = model.loss(x, y)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()  # type: ignore[no-untyped-call]
        torch.nn.utils.clip_grad_norm_(model.parameters(), config.grad_clip)
        optimizer.step()
        trained += y.numel()
        if (step + 1) % eval_every == 0 or step + 1 == total_steps:
            curve.append((trained, evaluate(model, val)))
            if progress is not None:
                progress(step + 1, total_steps, curve[-1][1])
    model.eval()
    return ForecasterRun(
        config=config,
        n_params=n_params,
        tokens=trained,
        val_loss=curve[-1][1],
        curve=curve,
        wall_time=time.perf_counter() - start,
        model=model,
    )
