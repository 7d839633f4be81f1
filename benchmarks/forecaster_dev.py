"""Development measurements of the Transformer forecaster (issue 13): which tokenization.

    flock /tmp/scalinglaws-heavy.lock .venv/bin/python benchmarks/forecaster_dev.py \\
        --tokens 3000000 --layers 4 --heads 4 --width 64

Trains the same GPT on the same synthetic stream with each tokenization of
:mod:`scalinglaws.forecasters.bins`, then forecasts held-out synthetic series
(:func:`~scalinglaws.forecasters.transformer_eval.validation_scores`) and prints
the mean scaled WIS relative to the hubs' naive baseline, by horizon and by
family, and the 50%/95% coverage. Results go to ``benchmarks/out/`` (gitignored).
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

import torch

from scalinglaws.forecasters.bins import LogIncrementBins, MeanScaleBins
from scalinglaws.forecasters.transformer_eval import validation_scores
from scalinglaws.forecasters.transformer_io import Loaded
from scalinglaws.forecasters.transformer_train import ForecasterTraining, train_forecaster

OUT = Path(__file__).parent / "out"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tokens", type=int, default=3_000_000)
    parser.add_argument("--layers", type=int, default=4)
    parser.add_argument("--heads", type=int, default=4)
    parser.add_argument("--width", type=int, default=64)
    parser.add_argument("--series", type=int, default=300)
    parser.add_argument("--horizon", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    torch.set_num_threads(args.threads)
    OUT.mkdir(exist_ok=True)
    report = {}
    for bins in (MeanScaleBins(), LogIncrementBins()):
        config = ForecasterTraining(
            n_layer=args.layers,
            n_head=args.heads,
            d_model=args.width,
            tokens=args.tokens,
            tokenizer=bins.to_dict(),
            threads=args.threads,
        )
        run = train_forecaster(
            config, progress=lambda s, n, v: print(f"  step {s}/{n} val {v:.3f}")
        )
        loaded = Loaded(run.model, bins, 64, {})
        start = time.perf_counter()
        scores = validation_scores(loaded, n_series=args.series, horizon=args.horizon)
        elapsed = time.perf_counter() - start
        by_h = scores.groupby("h")[["wis", "naive_wis"]].mean()
        by_family = scores.groupby("family")[["wis", "naive_wis"]].mean()
        summary = {
            "val_loss": run.val_loss,
            "train_s": run.wall_time,
            "eval_s": elapsed,
            "rel_wis": float(scores["wis"].mean() / scores["naive_wis"].mean()),
            "cov50": float(scores["in50"].mean()),
            "cov95": float(scores["in95"].mean()),
            "naive_cov95": float(scores["naive_in95"].mean()),
            "rel_wis_by_h": (by_h["wis"] / by_h["naive_wis"]).round(3).to_dict(),
            "rel_wis_by_family": (by_family["wis"] / by_family["naive_wis"]).round(3).to_dict(),
        }
        report[bins.name] = summary
        print(bins.name, json.dumps(summary, indent=1))
    name = f"tokenizers-{args.layers}x{args.width}-{args.tokens}.json"
    (OUT / name).write_text(json.dumps({"args": vars(args), **report}, indent=1))


if __name__ == "__main__":
    main()
