"""Train the Transformer forecaster shipped in the package, from a seed, on CPU.

    # the shipped weights (about 30 min on 2 shared cores; see the card):
    OMP_WAIT_POLICY=PASSIVE .venv/bin/python scripts/train_forecaster.py
    # its scaling law: 3 sizes x 4 budgets, L(N, D) fitted, the size chosen (about 30 min):
    OMP_WAIT_POLICY=PASSIVE .venv/bin/python scripts/train_forecaster.py --sweep --minutes 30

``--sweep`` writes ``forecasters/weights/scaling.json``: every run (N, D, loss,
tokens/s; written after each run, and an interrupted sweep resumes from it), the
fitted law (``NeuralFit.to_dict()``), every candidate's tokens/s measured side by
side, each candidate size with the tokens it can train in ``--minutes``, its
predicted loss under each form of :data:`FORMS` and its regret, and the chosen
size (minimax regret: the forms fit the runs about equally well and disagree far
from them); the default run trains :data:`FINAL` (the size the sweep chose and
the tokens it trains in 30 min) and writes ``transformer.pt``
and ``transformer.json`` (with the validation scores and the 95% coverage on 200
seeded logistic epidemics) into ``--out``.

Everything is a function of the seed and the data folder: synthetic series,
batches, initialisation, and, with ``--real-fraction`` > 0 (the shipped run: 0.15),
which batches come from real series before 2020, read from ``--data``
(:mod:`scalinglaws.forecasters.transformer_real`; no network is used): by default
CDC ILINet's weekly counts, the shipped run's only real source. Its sources are free
of third-party rights (ours; US public domain), so the shipped weights carry the
package's licence. ``--real ilinet,measles`` adds the pre-vaccine measles cities
(GPL-3 data the shared README allows for training, never for shipping; measured on
dev and not shipped: docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import sys
import time
from collections.abc import Mapping
from pathlib import Path

import pandas as pd
import torch

from scalinglaws.forecasters.bins import TOKENIZERS
from scalinglaws.forecasters.transformer_eval import logistic_coverage, validation_scores
from scalinglaws.forecasters.transformer_io import SHIPPED, Loaded, save_forecaster
from scalinglaws.forecasters.transformer_law import REPORTED_FORM
from scalinglaws.forecasters.transformer_real import CUTOFF_YEAR, ILINET, MEASLES, real_pools
from scalinglaws.forecasters.transformer_scaling import (
    CANDIDATES,
    choose_size,
    fit_sweep,
    measure_throughput,
    run_sweep,
    shaped,
)
from scalinglaws.forecasters.transformer_train import ForecasterTraining, train_forecaster
from scalinglaws.io import write_atomic

#: The settings every run shares (only the shape and the budget vary).
BASE = ForecasterTraining(seed=0, threads=2)
#: The shipped run: the size the sweep chose for 30 minutes of training (minimax
#: regret across FORMS; ``weights/scaling.json``), the tokens it trains in that time
#: on the sweep's machine, and the tokenization chosen by benchmarks/forecaster_dev.py
#: (see docs/benchmarks.md).
FINAL = {
    "size": "f3",
    "tokens": 60_000_000,
    "tokenizer": "mean-scale",
    "real_fraction": 0.15,
    "real": "ilinet",
}
#: How the card names each real source.
SOURCE_NOTES = {
    "ilinet": (ILINET, f"CDC ILINet ili_total, weeks before {CUTOFF_YEAR}"),
    "measles": (MEASLES, "pre-vaccine measles cases, 40 UK and 40 US cities, biweekly"),
}
#: Forms of L(N, D) fitted to the sweep; the first is the reported law, and the
#: size is chosen by minimax regret across all of them (see ``choose_size``).
FORMS = (REPORTED_FORM, "kaplan")
#: The longest horizon the shipped model forecasts (its windows reach 512 tokens).
MAX_HORIZON = 64


def _log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def sweep(out: Path, minutes: float) -> None:
    path = out / "scaling.json"
    done, recorded = None, {}
    if path.exists():  # resume: keep the runs an interrupted sweep already recorded
        recorded = json.loads(path.read_text(encoding="utf-8"))
        done = pd.DataFrame(recorded["runs"])
        _log(f"resuming from {path}: {len(done)} runs kept")
    out.mkdir(parents=True, exist_ok=True)

    def save(table: pd.DataFrame, **more: object) -> None:
        """The runs so far (and whatever else is known), written atomically."""
        record = {"runs": table.to_dict(orient="list"), "settings": BASE.to_dict(), **more}
        write_atomic(path, json.dumps(record, indent=1) + "\n")

    table = run_sweep(BASE, progress=_log, done=done, record=save)
    fits = {form: fit_sweep(table, form) for form in FORMS}
    fit = fits[FORMS[0]]
    if "throughput" in recorded and set(recorded["throughput"]["size"]) == set(CANDIDATES):
        speeds = pd.DataFrame(recorded["throughput"])  # measured by the interrupted run
    else:
        _log("throughput of every candidate, side by side")
        speeds = measure_throughput(BASE)
        save(table, throughput=speeds.to_dict(orient="list"))
    choice = choose_size(
        fit, speeds, seconds=60.0 * minutes, base=BASE, others=list(fits.values())[1:]
    )
    for form, law in fits.items():
        _log(f"{form}: {law.params}")
    _log(f"tokens/s:\n{speeds.to_string()}")
    _log(f"candidates after {minutes:g} min:\n{choice.to_string()}")
    save(
        table,
        fits={form: law.to_dict() for form, law in fits.items()},
        throughput=speeds.to_dict(orient="list"),
        minutes=minutes,
        candidates=choice.to_dict(orient="list"),
        chosen=str(choice["size"].iloc[0]),
        machine=_machine(),
    )
    _log(f"wrote {path}")


def final(
    out: Path,
    size: str,
    tokens: int,
    tokenizer: str,
    real_fraction: float,
    data: Path,
    sources: list[str],
) -> None:
    base = dataclasses.replace(
        BASE, tokenizer=TOKENIZERS[tokenizer]().to_dict(), real_fraction=real_fraction
    )
    config = shaped(base, size, tokens)
    pools = real_pools(data, sources) if real_fraction > 0 else {}
    counts = ", ".join(
        f"{name}: {len(runs)} runs, {sum(r.size for r in runs.values()):,} steps"
        for name, runs in pools.items()
    )
    _log(
        f"training {size} {dataclasses.astuple(config)[:3]} on {tokens:,} tokens ({tokenizer}); "
        f"{real_fraction:.0%} of batches from real series before {CUTOFF_YEAR} ({counts})"
    )
    run = train_forecaster(
        config,
        progress=lambda s, n, v: _log(f"step {s}/{n}: val {v:.4f}"),
        real={name: list(runs.values()) for name, runs in pools.items()},
    )
    loaded = Loaded(run.model, run.tokenizer, MAX_HORIZON, {})
    _log("validation forecasts")
    scores = validation_scores(loaded, n_series=300, horizon=16)
    hits, total = logistic_coverage(loaded, n_series=200, seed=0)
    info = {
        "training": {**run.to_dict(), "size": size},
        "data": _data_card(config, pools),
        "validation": {
            "series": int(scores["series"].nunique()),
            "rel_wis_vs_naive": float(scores["wis"].mean() / scores["naive_wis"].mean()),
            "cov50": float(scores["in50"].mean()),
            "cov95": float(scores["in95"].mean()),
            "logistic_cov95": hits / total,
        },
        "machine": _machine(),
        "command": " ".join([Path(sys.argv[0]).name, *sys.argv[1:]]),
    }
    card = save_forecaster(run.model, run.tokenizer, out, max_horizon=MAX_HORIZON, info=info)
    _log(f"wrote {card}: {json.dumps(info['validation'])}; trained in {run.wall_time:.0f} s")


def _data_card(
    config: ForecasterTraining, pools: Mapping[str, Mapping[str, object]]
) -> dict[str, object]:
    """What the run was trained on, for the card."""
    card: dict[str, object] = {
        "sources": ["synthetic"],
        "generator": "scalinglaws.forecasters.synthetic",
        "seed": config.seed,
        "note": "Validation series are the synthetic indices from "
        "transformer_data.VALIDATION_START on.",
    }
    if pools:
        card["sources"] = ["synthetic", *(SOURCE_NOTES[name][1] for name in pools)]
        card["real_files"] = [str(SOURCE_NOTES[name][0]) for name in pools]
        card["real_runs"] = sorted(run for runs in pools.values() for run in runs)
        card["real_fraction"] = config.real_fraction
        card["real_shares"] = "each real batch draws its source in equal share"
    return card


def _machine() -> dict[str, object]:
    return {
        "torch": torch.__version__,
        "python": platform.python_version(),
        "cpu": platform.processor() or platform.machine(),
        "threads": BASE.threads,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sweep", action="store_true", help="run the scaling-law sweep")
    parser.add_argument("--out", type=Path, default=SHIPPED, help="folder for the files")
    parser.add_argument("--minutes", type=float, default=40.0, help="training time to plan for")
    parser.add_argument("--size", default=FINAL["size"], help="override the shipped size")
    parser.add_argument("--tokens", type=int, default=FINAL["tokens"], help="override D")
    parser.add_argument("--tokenizer", choices=list(TOKENIZERS), default=FINAL["tokenizer"])
    parser.add_argument(
        "--real-fraction",
        type=float,
        default=FINAL["real_fraction"],
        help="share of batches drawn from real series before 2020 (0: synthetic only)",
    )
    parser.add_argument(
        "--real",
        default=FINAL["real"],
        help="comma-separated real sources, each drawn in equal share: ilinet, measles",
    )
    parser.add_argument(
        "--data", type=Path, default=Path("../shared/data"), help="the shared data folder"
    )
    args = parser.parse_args()
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    torch.set_num_threads(BASE.threads)
    if args.sweep:
        sweep(args.out, args.minutes)
    else:
        final(
            args.out,
            str(args.size),
            int(args.tokens),
            str(args.tokenizer),
            float(args.real_fraction),
            args.data,
            str(args.real).split(","),
        )


if __name__ == "__main__":
    main()
