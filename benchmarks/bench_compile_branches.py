"""Does ``train(compile=True)`` compile again for every WSD cooldown branch?

Run from the repository root (about 1 minute on 2 shared cores):

    OMP_WAIT_POLICY=PASSIVE .venv/bin/python benchmarks/bench_compile_branches.py

Each branch trains a deep copy of the model under its own ``torch.compile`` wrapper of
the copy's ``loss``. Dynamo caches compiled graphs per code object (``GPT.loss``'s) and
guards on the parameters' shapes, dtypes and devices, not on which module holds them, so
a branch's first call should reuse the main run's graph. This script trains a tiny WSD
run with three branches, compiled, and prints the number of graphs Dynamo compiled, the
seconds Dynamo spent compiling, and the losses against an eager run (equal to float
rounding: the same math in another order). Inductor's on-disk caches are off, so the
compile is cold every time.
"""

from __future__ import annotations

import os
import time

os.environ.setdefault("TORCHINDUCTOR_FORCE_DISABLE_CACHES", "1")  # a cold compile each time

import torch
from torch._dynamo.utils import counters

from scalinglaws.lm import Corpus, GPTConfig, TrainConfig, train
from scalinglaws.lm.corpus import read_bundled

CONFIG = GPTConfig(n_layer=1, n_head=2, d_model=16, context=32)
WSD = TrainConfig(
    tokens=8 * 32 * 40,  # 40 steps of 8 sequences
    batch_size=8,
    lr=1e-2,
    warmup_fraction=0.1,
    min_lr_ratio=0.0,
    schedule="wsd",
    cooldown_fraction=0.25,
    branches=(8 * 32 * 16, 8 * 32 * 24, 8 * 32 * 32),  # three cooldown branches
    eval_interval_tokens=8 * 32 * 8,
    eval_tokens=2048,
    threads=1,
)


def main() -> None:
    corpus = Corpus.from_text(read_bundled("shakespeare")[:40_000])
    began = time.perf_counter()
    compiled = train(CONFIG, WSD, data=corpus, seed=0, compile=True)
    seconds = time.perf_counter() - began
    graphs = counters["stats"]["unique_graphs"]
    eager = train(CONFIG, WSD, data=corpus, seed=0)
    print(f"torch {torch.__version__}: compiled run {seconds:.1f} s (compile included), ", end="")
    print(f"eager run {eager.wall_time:.1f} s")
    print(f"graphs compiled by Dynamo: {graphs} (main run + {len(WSD.branches)} branches)")
    gap = (compiled.budgets["loss"] - eager.budgets["loss"]).abs().max()
    print("budget losses, compiled:", [round(v, 5) for v in compiled.budgets["loss"]])
    print("budget losses, eager:   ", [round(v, 5) for v in eager.budgets["loss"]])
    print(f"largest difference: {gap:.2e}")


if __name__ == "__main__":
    main()
