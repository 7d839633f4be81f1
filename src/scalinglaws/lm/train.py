"""Train a :class:`~scalinglaws.lm.GPT` on a :class:`~scalinglaws.lm.Corpus` for a token budget.

AdamW (Loshchilov & Hutter 2019; decay on matrices only), linear warmup then cosine
decay matched to the budget, or warmup-stable-decay with cooldowns branched from the
stable phase (:mod:`scalinglaws.lm.schedule`), gradient clipping by global norm, bf16
autocast on GPUs that support it, held-out loss every ``eval_interval_tokens`` and at
the end of every cooldown branch, and a checkpoint at every evaluation that resumes
the run bit-for-bit: the batch of step ``s`` is drawn from
``numpy.random.default_rng((seed, s))``, so the data position is the step number and
nothing else needs saving.

A WSD branch for a budget of ``S_k`` steps copies the model and optimizer at step
``S_k - c_k`` of the stable phase, trains the copy through its ``c_k`` cooldown steps
on the batches the main run would see at those steps, evaluates it, and drops it;
the main run's random state is restored afterwards, so adding branches does not
change the main run.

Counting: ``N`` is Kaplan et al. 2020's non-embedding parameter count and ``flops``
is ``6·N·D`` (D = tokens trained); ``exact_flops`` is 3x the exact forward count of
Kaplan et al. 2020 Table 1, embeddings, attention and logits included.
"""

from __future__ import annotations

import copy
import dataclasses
import math
import os
import time
import warnings
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
from scalinglaws.lm.config import GPTConfig, TrainConfig, run_identity
from scalinglaws.lm.corpus import Corpus
from scalinglaws.lm.model import GPT
from scalinglaws.lm.schedule import completed_budgets, cooldown_steps, lr_at, lr_wsd
from scalinglaws.neural.counting import (
    forward_flops_per_token,
    training_flops,
    training_flops_exact,
)

__all__ = ["EvalPoint", "TrainRun", "estimate_memory_bytes", "train"]


@dataclass(frozen=True)
class EvalPoint:
    """One held-out evaluation: after ``tokens`` training tokens (``step`` steps).

    ``branch`` marks the end of a WSD cooldown branched from the stable phase: the
    loss of a run trained on ``tokens`` tokens with its own cooldown.

    Attributes
    ----------
    tokens : int
        Training tokens seen.
    step : int
        Optimizer steps taken.
    loss : float
        The held-out loss, nats per token.
    tokens_per_s : float
        Training throughput so far.
    branch : bool, default False
        Whether this is the end of a WSD cooldown branch.
    """

    tokens: int
    step: int
    loss: float
    tokens_per_s: float
    branch: bool = False

    @classmethod
    def from_row(cls, row: Any) -> EvalPoint:
        """From ``[tokens, step, loss, tokens_per_s(, branch)]`` (a checkpoint's curve).

        Parameters
        ----------
        row : sequence
            The values, ``branch`` optional.

        Returns
        -------
        EvalPoint
            The evaluation.
        """
        branch = bool(row[4]) if len(row) > 4 else False
        return cls(int(row[0]), int(row[1]), float(row[2]), float(row[3]), branch)


@dataclass(frozen=True)
class TrainRun:
    """The outcome of :func:`train`. ``model`` (the trained module) is not serialised.

    Counting: ``n_params`` is Kaplan et al. 2020's non-embedding count N and ``flops``
    is 6 N D; ``exact_flops`` is 3x the exact forward count of Kaplan et al. 2020
    Table 1, embeddings, attention and logits included.

    Attributes
    ----------
    config : GPTConfig
        The model's shape.
    train_config : TrainConfig
        The resolved training settings.
    seed : int
        The run's seed.
    final_loss : float
        The held-out loss at the end of the main run, nats per token.
    tokens : int
        Tokens of the main run, D.
    flops : float
        6 N D.
    exact_flops : float
        3x the exact forward FLOPs per token, times D.
    n_params : int
        Non-embedding parameters N.
    n_params_total : int
        All parameters.
    curve : pandas.DataFrame
        Every evaluation (columns tokens, loss, branch).
    wall_time : float
        Seconds of training.
    tokens_per_s : float
        ``trained_tokens / wall_time``.
    device : str, default "cpu"
        Where it trained.
    trained_tokens : int, default 0
        Every optimizer step's tokens, WSD branches included.
    model : GPT, optional
        The trained module (not serialised).

    References
    ----------
    .. [1] Kaplan, J. et al. (2020). Scaling laws for neural language models.
       arXiv:2001.08361, Table 1.
    """

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
    trained_tokens: int = 0
    model: GPT | None = field(default=None, repr=False, compare=False)

    @property
    def budgets(self) -> pd.DataFrame:
        """The loss at the end of every completed schedule.

        Each WSD cooldown branch, then the main run (columns tokens, loss). A cosine run has one
        row.
        """
        rows = completed_budgets(
            list(self.curve["tokens"]), list(self.curve["loss"]), list(_branch_column(self.curve))
        )
        return pd.DataFrame(rows, columns=["tokens", "loss"])

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe dict (the model is left out).

        Returns
        -------
        dict
            Every field but ``model``; configs as mappings, the curve as column lists.
        """
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
                "branch": [bool(v) for v in _branch_column(self.curve)],
            },
            "wall_time": self.wall_time,
            "tokens_per_s": self.tokens_per_s,
            "device": self.device,
            "trained_tokens": self.trained_tokens,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TrainRun:
        """Read a run record written by :meth:`to_dict`.

        Parameters
        ----------
        data : dict
            The mapping :meth:`to_dict` wrote.

        Returns
        -------
        TrainRun
            The run, its configs and evaluation points rebuilt.
        """
        values = dict(data)
        values["config"] = GPTConfig.from_dict(values["config"])
        values["train_config"] = TrainConfig.from_dict(values["train_config"])
        curve = dict(values["curve"])
        curve.setdefault("branch", [False] * len(curve["tokens"]))
        values["curve"] = pd.DataFrame(curve, columns=["tokens", "loss", "branch"])
        return cls(**values)


def _branch_column(curve: pd.DataFrame) -> np.ndarray[Any, Any]:
    if "branch" in curve:
        return curve["branch"].to_numpy(dtype=bool)
    return np.zeros(len(curve), dtype=bool)


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


class _Loss:
    """``model.loss``, under ``torch.compile`` when asked, compiled at the first call.

    A compile that fails there (Inductor builds its kernels on that call) warns and
    falls back to eager. Each WSD branch wraps its model copy's ``loss`` anew, but
    Dynamo caches graphs by code object (``GPT.loss``) and guards on the parameters'
    shapes, not on the module, so a branch reuses the main run's graph: one graph for
    a run and its three branches (``benchmarks/bench_compile_branches.py``).
    """

    def __init__(self, model: GPT, compiled: bool) -> None:
        self.model = model
        self.fn: Callable[[torch.Tensor, torch.Tensor], torch.Tensor] = model.loss
        self.first = compiled

    def __call__(self, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        if not self.first:
            return self.fn(x, y)
        self.first = False
        try:
            self.fn = torch.compile(self.model.loss)
            return self.fn(x, y)
        except Exception as exc:  # torch._dynamo / Inductor errors share no base class
            warnings.warn(
                f"torch.compile failed ({type(exc).__name__}: {str(exc)[:200]}); "
                "training eagerly (compile=False).",
                RuntimeWarning,
                stacklevel=3,
            )
            self.fn = self.model.loss
            return self.fn(x, y)


def train(
    config: GPTConfig,
    train_config: TrainConfig,
    *,
    data: Corpus,
    seed: int = 0,
    device: str = "cpu",
    checkpoint: str | Path | None = None,
    on_eval: Callable[[EvalPoint], None] | None = None,
    compile: bool = False,
) -> TrainRun:
    """Train from scratch, or resume exactly from ``checkpoint`` if that file exists.

    ``compile=True`` runs the training loss under ``torch.compile`` (Inductor): worth
    it on a GPU or for long CPU runs (compiling took 14-18 s for our bench model on
    2 CPU cores; ``docs/benchmarks.md`` has the figures and the command); evaluation
    stays eager. Where compiling fails (no C++ compiler, an unsupported op) the run goes on eagerly
    after a ``RuntimeWarning``. Same math, so the run's identity (and a checkpoint's)
    does not depend on it, but the losses agree with an eager run only to float
    rounding, not bit for bit.

    Parameters
    ----------
    config : GPTConfig
        The model's shape.
    train_config : TrainConfig
        How long and how to train (``lr``/``batch_size`` resolved here when None).
    data : Corpus
        The tokens to train and evaluate on.
    seed : int, default 0
        Seeds the initialisation and the batches.
    device : str, default "cpu"
        A torch device.
    checkpoint : str or pathlib.Path, optional
        A file written atomically after each evaluation; an existing one is resumed.
    on_eval : callable, optional
        Called with each :class:`EvalPoint` once the checkpoint is on disk (so an
        exception raised from it interrupts the run at a resumable point).
    compile : bool, default False
        Run the training loss under ``torch.compile`` (see above).

    Returns
    -------
    TrainRun
        The run's outcome, the trained model attached.
    """
    tc = train_config.resolved(config)
    assert tc.batch_size is not None
    assert tc.lr is not None
    dev = torch.device(device)
    _check_inputs(config, tc, data, dev)
    threads = tc.threads or os.cpu_count() or 1
    with _threads(threads), torch.random.fork_rng(devices=[dev] if dev.type == "cuda" else []):
        return _train(config, tc, data, seed, dev, checkpoint, on_eval, compile)


@dataclass(frozen=True)
class _Steps:
    """The step plan of a run.

    Its length, warmup, and the learning rate of every step of the main run and of each WSD cooldown
    branch (which ends at a step in ``ends``).
    """

    tc: TrainConfig
    total: int
    warmup: int
    ends: tuple[int, ...]  # the last step (exclusive) of each branch, ascending

    @classmethod
    def of(cls, tc: TrainConfig, per_step: int) -> _Steps:
        total = max(1, math.ceil(tc.tokens / per_step))
        warmup = max(1, round(tc.warmup_fraction * total)) if tc.warmup_fraction else 0
        ends = tuple(sorted({math.ceil(b / per_step) for b in tc.branches}))
        plan = cls(tc, total, warmup, ends)
        for end in ends:
            if end >= total or plan.start(end) < warmup:
                raise InvalidOptionError(
                    f"branches: the budget of {end * per_step:,} tokens ({end} steps) cannot "
                    f"branch from the stable phase of this run ({warmup} warmup steps, "
                    f"{total} in all); choose budgets between "
                    f"{math.ceil(warmup / (1 - tc.cooldown_fraction)) * per_step:,} tokens "
                    "and the run's own budget, or a smaller warmup_fraction."
                )
        return plan

    def cooldown(self, end: int) -> int:
        return cooldown_steps(end, self.tc.cooldown_fraction)

    def start(self, end: int) -> int:
        """The stable-phase step a branch ending at `end` starts from."""
        return end - self.cooldown(end)

    def lr(self, step: int, end: int | None = None) -> float:
        """Learning rate at `step` of the main run (``end=None``) or of a branch ending at `end`."""
        tc = self.tc
        assert tc.lr is not None
        if tc.schedule == "cosine":
            return lr_at(
                step,
                total_steps=self.total,
                peak=tc.lr,
                warmup_steps=self.warmup,
                min_ratio=tc.min_lr_ratio,
            )
        last = self.total if end is None else end
        return lr_wsd(
            step,
            total_steps=last,
            peak=tc.lr,
            warmup_steps=self.warmup,
            cooldown=self.cooldown(last),
            min_ratio=tc.min_lr_ratio,
        )

    @property
    def branch_steps(self) -> int:
        """Optimizer steps all branches add to the run."""
        return sum(self.cooldown(end) for end in self.ends)


def _optimizer(model: GPT, tc: TrainConfig, dev: torch.device) -> torch.optim.Optimizer:
    decay = [p for p in model.parameters() if p.dim() >= 2]
    no_decay = [p for p in model.parameters() if p.dim() < 2]
    return torch.optim.AdamW(
        [
            {"params": decay, "weight_decay": tc.weight_decay},
            {"params": no_decay, "weight_decay": 0.0},
        ],
        lr=tc.lr or 0.0,
        betas=(tc.beta1, tc.beta2),
        foreach=dev.type != "cpu",
    )


def _train(
    config: GPTConfig,
    tc: TrainConfig,
    data: Corpus,
    seed: int,
    dev: torch.device,
    checkpoint: str | Path | None,
    on_eval: Callable[[EvalPoint], None] | None,
    compile: bool,
) -> TrainRun:
    assert tc.batch_size is not None
    torch.manual_seed(seed)
    model = GPT(config).to(dev)
    optimizer = _optimizer(model, tc, dev)
    use_bf16 = tc.precision == "bf16" or (
        tc.precision == "auto" and dev.type == "cuda" and torch.cuda.is_bf16_supported()
    )

    def amp() -> Any:
        if use_bf16:
            return torch.autocast(device_type=dev.type, dtype=torch.bfloat16)
        return nullcontext()

    per_step = tc.batch_size * config.context
    plan = _Steps.of(tc, per_step)
    interval = tc.eval_interval_tokens or max(per_step, tc.tokens // 10)
    eval_every = max(1, round(interval / per_step))

    def train_step(loss_of: _Loss, opt: torch.optim.Optimizer, step: int, lr: float) -> None:
        assert tc.batch_size is not None
        net = loss_of.model
        for group in opt.param_groups:
            group["lr"] = lr
        x, y = _batch(data.train, seed, step, tc.batch_size, config.context)
        x, y = x.to(dev, non_blocking=True), y.to(dev, non_blocking=True)
        with amp():
            loss = loss_of(x, y)
        opt.zero_grad(set_to_none=True)
        loss.backward()  # type: ignore[no-untyped-call]
        if tc.grad_clip > 0:
            torch.nn.utils.clip_grad_norm_(net.parameters(), tc.grad_clip)
        opt.step()

    def branch(end: int) -> tuple[EvalPoint, float]:
        """Cool a copy of the run down from the stable phase to `end`; the run is untouched."""
        start = plan.start(end)
        with torch.random.fork_rng(devices=[dev] if dev.type == "cuda" else []):
            twin, twin_opt = copy.deepcopy((model, optimizer))
            began = time.perf_counter()
            twin_loss = _Loss(twin, compile)
            for s in range(start, end):
                train_step(twin_loss, twin_opt, s, plan.lr(s, end))
            if dev.type == "cuda":
                torch.cuda.synchronize(dev)
            seconds = time.perf_counter() - began
            loss = _evaluate(twin, data.val, tc, dev, amp)
        rate = (end - start) * per_step / max(seconds, 1e-9)
        return EvalPoint(end * per_step, end, loss, rate, branch=True), seconds

    path = Path(checkpoint) if checkpoint is not None else None
    step, curve, wall = 0, list[EvalPoint](), 0.0
    # threads may differ between the interrupted and the resumed run (other machine)
    run_tc = run_identity({k: v for k, v in tc.to_dict().items() if k != "threads"})
    identity = {"config": config.to_dict(), "train_config": run_tc, "seed": seed}
    if path is not None and path.exists():
        state = load_checkpoint(path)
        check_same_run(state, identity, path)
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        torch.set_rng_state(state["torch_rng"])
        step, wall = int(state["step"]), float(state["wall_time"])
        curve = [EvalPoint.from_row(row) for row in state["curve"]]

    def record(point: EvalPoint) -> None:
        curve.append(point)
        if path is not None:
            save_checkpoint(
                path,
                {
                    **identity,
                    "step": step,
                    "tokens": step * per_step,
                    "model": model.state_dict(),
                    "optimizer": optimizer.state_dict(),
                    "torch_rng": torch.get_rng_state(),
                    "curve": [dataclasses.astuple(p) for p in curve],
                    "wall_time": wall,
                },
            )
        if on_eval is not None:
            on_eval(point)

    main_loss = _Loss(model, compile)
    starts = {plan.start(end): end for end in plan.ends}
    model.train()
    last_time, last_tokens = time.perf_counter(), step * per_step
    while step < plan.total:
        end = starts.get(step)
        if end is not None and not any(p.branch and p.step == end for p in curve):
            wall += time.perf_counter() - last_time
            point, seconds = branch(end)
            wall += seconds
            record(point)
            last_time, last_tokens = time.perf_counter(), step * per_step
        train_step(main_loss, optimizer, step, plan.lr(step))
        step += 1
        if (step % eval_every == 0 and step not in plan.ends) or step == plan.total:
            if dev.type == "cuda":
                torch.cuda.synchronize(dev)
            now = time.perf_counter()
            wall += now - last_time
            tokens = step * per_step
            rate = (tokens - last_tokens) / max(now - last_time, 1e-9)
            record(EvalPoint(tokens, step, _evaluate(model, data.val, tc, dev, amp), rate))
            last_time, last_tokens = time.perf_counter(), tokens

    tokens = plan.total * per_step
    trained = tokens + plan.branch_steps * per_step
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
        curve=pd.DataFrame(
            {
                "tokens": [p.tokens for p in curve],
                "loss": [p.loss for p in curve],
                "branch": [p.branch for p in curve],
            }
        ),
        wall_time=wall,
        tokens_per_s=trained / wall if wall > 0 else float("nan"),
        device=str(dev),
        trained_tokens=trained,
        model=model,
    )
