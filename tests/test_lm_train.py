"""Training, evaluation, checkpoints and generation (scalinglaws.lm.train)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import torch

from scalinglaws.errors import DataFormatError, InsufficientDataError, InvalidOptionError
from scalinglaws.lm import (
    Corpus,
    EvalPoint,
    GPTConfig,
    TrainConfig,
    TrainRun,
    generate,
    train,
)
from scalinglaws.lm.corpus import read_bundled

CFG = GPTConfig(n_layer=1, n_head=2, d_model=32, context=32, vocab_size=256)
TC = TrainConfig(
    tokens=8 * 32 * 24,  # 24 steps of 8 sequences
    batch_size=8,
    lr=1e-2,
    eval_interval_tokens=8 * 32 * 8,
    eval_tokens=2048,
    threads=1,
)


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return Corpus.from_text(read_bundled("shakespeare")[:40_000])


@pytest.fixture(scope="module")
def run(corpus: Corpus) -> TrainRun:
    return train(CFG, TC, data=corpus, seed=0)


class Stop(Exception):
    pass


def test_loss_falls_and_run_is_reported(run: TrainRun) -> None:
    losses = list(run.curve["loss"])
    assert len(losses) == 3
    assert losses[-1] < losses[0] < 5.6  # ln(256) = 5.55 at initialisation
    assert run.final_loss == losses[-1]
    assert list(run.curve["tokens"]) == [2048, 4096, 6144]
    assert run.tokens == 6144
    assert run.n_params == CFG.non_embedding_params
    assert run.flops == 6 * run.n_params * run.tokens
    assert run.exact_flops > run.flops
    assert run.tokens_per_s > 0
    assert run.train_config.lr == 1e-2


def test_same_seed_same_run_and_json_round_trip(corpus: Corpus, run: TrainRun) -> None:
    again = train(CFG, TC, data=corpus, seed=0)
    assert again.final_loss == run.final_loss
    data = json.loads(json.dumps(run.to_dict()))
    back = TrainRun.from_dict(data)
    assert back.final_loss == run.final_loss
    assert back.config == run.config
    assert list(back.curve["loss"]) == list(run.curve["loss"])


def test_resume_from_checkpoint_is_exact(corpus: Corpus, run: TrainRun, tmp_path: Path) -> None:
    ckpt = tmp_path / "run.pt"
    seen: list[EvalPoint] = []

    def interrupt(point: EvalPoint) -> None:
        seen.append(point)
        raise Stop

    with pytest.raises(Stop):
        train(CFG, TC, data=corpus, seed=0, checkpoint=ckpt, on_eval=interrupt)
    assert ckpt.exists()
    assert seen[0].step == 8
    assert not list(tmp_path.glob("*.tmp"))  # atomic write left nothing behind
    resumed = train(CFG, TC, data=corpus, seed=0, checkpoint=ckpt)
    assert resumed.final_loss == run.final_loss  # bit-identical
    assert list(resumed.curve["loss"]) == list(run.curve["loss"])
    assert resumed.model is not None
    assert run.model is not None
    for a, b in zip(resumed.model.parameters(), run.model.parameters(), strict=True):
        assert torch.equal(a, b)


def test_checkpoint_of_another_run_is_refused(corpus: Corpus, tmp_path: Path) -> None:
    ckpt = tmp_path / "run.pt"
    short = TrainConfig(tokens=8 * 32 * 2, batch_size=8, lr=1e-2, eval_tokens=256, threads=1)
    train(CFG, short, data=corpus, seed=0, checkpoint=ckpt)
    with pytest.raises(InvalidOptionError, match="seed"):
        train(CFG, short, data=corpus, seed=1, checkpoint=ckpt)


def test_corrupt_checkpoint(corpus: Corpus, tmp_path: Path) -> None:
    ckpt = tmp_path / "bad.pt"
    ckpt.write_bytes(b"not a checkpoint at all")
    with pytest.raises(DataFormatError, match="corrupt"):
        train(CFG, TC, data=corpus, seed=0, checkpoint=ckpt)
    torch.save({"model": {}}, ckpt)
    with pytest.raises(DataFormatError, match="lacks"):
        train(CFG, TC, data=corpus, seed=0, checkpoint=ckpt)


class Payload:
    """An arbitrary class: only a full unpickler could rebuild it."""


def test_checkpoint_is_loaded_with_weights_only(corpus: Corpus, tmp_path: Path) -> None:
    ckpt = tmp_path / "evil.pt"
    torch.save({"format": 1, "model": Payload()}, ckpt)
    with pytest.raises(DataFormatError, match="corrupt"):
        train(CFG, TC, data=corpus, seed=0, checkpoint=ckpt)


def test_corpus_shorter_than_one_context() -> None:
    tiny = Corpus.from_text("To be, or not to be: that is the question." * 2)
    with pytest.raises(InsufficientDataError, match="fewer than one context of 32"):
        train(CFG, TC, data=tiny, seed=0)


def test_model_too_large_for_memory(corpus: Corpus) -> None:
    huge = GPTConfig(n_layer=200, n_head=64, d_model=16384, context=32)
    with pytest.raises(InvalidOptionError, match="GiB"):
        train(huge, TC, data=corpus, seed=0)


def test_vocab_mismatch(corpus: Corpus) -> None:
    small = GPTConfig(n_layer=1, n_head=2, d_model=32, context=32, vocab_size=100)
    with pytest.raises(InvalidOptionError, match="vocab_size=256"):
        train(small, TC, data=corpus, seed=0)


def test_generate(corpus: Corpus, run: TrainRun) -> None:
    assert run.model is not None
    text = generate(run.model, corpus, "ROMEO:", max_new_tokens=20, seed=3)
    assert text.startswith("ROMEO:")
    assert len(text.encode()) >= 20
    same = generate(run.model, corpus, "ROMEO:", max_new_tokens=20, seed=3)
    assert same == text
    greedy = generate(run.model, corpus.tokenizer, "", max_new_tokens=5, temperature=0, top_k=3)
    assert isinstance(greedy, str)
    with pytest.raises(InvalidOptionError, match="temperature"):
        generate(run.model, corpus, "x", max_new_tokens=1, temperature=-1)


WSD = TrainConfig(
    tokens=8 * 32 * 40,  # 40 steps of 8 sequences
    batch_size=8,
    lr=1e-2,
    warmup_fraction=0.1,  # 4 steps
    min_lr_ratio=0.0,
    schedule="wsd",
    cooldown_fraction=0.25,
    branches=(8 * 32 * 16, 8 * 32 * 24),  # budgets of 16 and 24 steps
    eval_interval_tokens=8 * 32 * 8,
    eval_tokens=2048,
    threads=1,
)


def test_wsd_schedule_holds_the_peak_then_cools_down_by_one_minus_sqrt() -> None:
    from scalinglaws.lm.schedule import lr_wsd

    lrs = [
        lr_wsd(s, total_steps=40, peak=1.0, warmup_steps=4, cooldown=10, min_ratio=0.0)
        for s in range(40)
    ]
    assert lrs[:4] == pytest.approx([0.25, 0.5, 0.75, 1.0])
    assert lrs[4:30] == [1.0] * 26
    assert lrs[30:] == pytest.approx([1 - (k / 10) ** 0.5 for k in range(10)])


def test_wsd_branch_is_the_run_trained_to_that_budget(corpus: Corpus) -> None:
    """A cooldown branched from the stable phase at step 12 ends where a WSD run of 16
    steps (same warmup) ends, bit for bit; and branching leaves the main run unchanged."""
    run = train(CFG, WSD, data=corpus, seed=0)
    budgets = run.budgets
    assert list(budgets["tokens"]) == [8 * 32 * 16, 8 * 32 * 24, 8 * 32 * 40]
    assert budgets["loss"].iloc[-1] == run.final_loss
    assert run.trained_tokens == 8 * 32 * (40 + 4 + 6)  # cooldowns of 16 and 24 steps
    short = TrainConfig(**{**WSD.to_dict(), "tokens": 8 * 32 * 16, "branches": ()})
    short = TrainConfig(**{**short.to_dict(), "warmup_fraction": 4 / 16})
    alone = train(CFG, short, data=corpus, seed=0)
    assert alone.final_loss == budgets["loss"].iloc[0]
    plain = TrainConfig(**{**WSD.to_dict(), "branches": ()})
    assert train(CFG, plain, data=corpus, seed=0).final_loss == run.final_loss
    back = TrainRun.from_dict(json.loads(json.dumps(run.to_dict())))
    assert back.budgets.equals(budgets)


def _stop_after(count: int) -> Callable[[EvalPoint], None]:
    """An on_eval callback that interrupts training at the `count`-th evaluation."""
    seen: list[EvalPoint] = []

    def interrupt(point: EvalPoint) -> None:
        seen.append(point)
        if len(seen) == count:
            raise Stop

    return interrupt


def test_wsd_resume_inside_and_after_a_branch_is_exact(corpus: Corpus, tmp_path: Path) -> None:
    full = train(CFG, WSD, data=corpus, seed=0)
    for stop_at in (1, 2, 3):  # interrupt at the 1st, 2nd, 3rd evaluation
        ckpt = tmp_path / f"run{stop_at}.pt"
        with pytest.raises(Stop):
            train(CFG, WSD, data=corpus, seed=0, checkpoint=ckpt, on_eval=_stop_after(stop_at))
        resumed = train(CFG, WSD, data=corpus, seed=0, checkpoint=ckpt)
        assert resumed.budgets.equals(full.budgets)
        assert resumed.curve.equals(full.curve)


def test_wsd_options_are_checked() -> None:
    with pytest.raises(InvalidOptionError, match="schedule='wsd'"):
        TrainConfig(tokens=1000, branches=(500,))
    with pytest.raises(InvalidOptionError, match="below tokens=1000"):
        TrainConfig(tokens=1000, schedule="wsd", branches=(1000,))
    with pytest.raises(InvalidOptionError, match="schedule"):
        TrainConfig(tokens=1000, schedule="linear")
    early = TrainConfig(**{**WSD.to_dict(), "branches": (8 * 32 * 3,)})
    with pytest.raises(InvalidOptionError, match="cannot branch"):
        train(CFG, early, data=Corpus.from_text(read_bundled("shakespeare")[:40_000]), seed=0)
    assert TrainConfig.from_toml(WSD.to_toml()) == WSD


def test_failed_compile_warns_and_trains_eagerly(
    corpus: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where Inductor cannot build its kernels (no C++ compiler, say) the compiled loss
    raises on its first call; the run warns once per module (main run and each WSD
    branch) and continues eagerly, the same run bit for bit. Compiling for real takes
    a minute here, too slow for the suite, so the failure is made by replacing
    torch.compile with a function whose first call raises as Inductor's errors do."""
    calls: list[str] = []

    def failing_compile(fn: Callable[..., torch.Tensor]) -> Callable[..., torch.Tensor]:
        def compiled(*args: torch.Tensor) -> torch.Tensor:
            calls.append("called")
            raise RuntimeError("InvalidCxxCompiler: No working C++ compiler found")

        return compiled

    monkeypatch.setattr(torch, "compile", failing_compile)
    with pytest.warns(RuntimeWarning, match="torch.compile failed .*InvalidCxxCompiler") as seen:
        run = train(CFG, WSD, data=corpus, seed=0, compile=True)
    assert len(seen) == 3  # main run + two branches, each once
    assert len(calls) == 3
    eager = train(CFG, WSD, data=corpus, seed=0)
    assert run.curve.equals(eager.curve)
