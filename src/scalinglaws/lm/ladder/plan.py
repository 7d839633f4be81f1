"""Expand a ladder config into the list of runs it plans, each with a stable id.

A run id names the rung (``s1-20x-seed0``, ``target:s5-20x-seed0``); its
fingerprint hashes everything that changes the result (model, tokens, training
settings, corpus, seed), so a registry written for another config is detected
instead of silently reused.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from scalinglaws.lm.ladder.config import Budget, LadderConfig, SizeSpec

__all__ = ["RunSpec", "plan_ladder", "plan_target"]


@dataclass(frozen=True)
class RunSpec:
    """One planned training run: what to train, on how many tokens, with which seed."""

    run_id: str
    role: str  # "ladder" or "target"
    size: str
    budget: str
    seed: int
    n_params: int
    tokens: int
    model: dict[str, Any]  # GPTConfig.to_dict()
    train: dict[str, Any]  # TrainConfig.to_dict()
    corpus: dict[str, Any]
    device: str

    @property
    def fingerprint(self) -> str:
        """A short hash of everything that determines the run's result."""
        payload = {
            "model": self.model,
            "train": self.train,
            "corpus": self.corpus,
            "seed": self.seed,
            "tokens": self.tokens,
        }
        text = json.dumps(payload, sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    @property
    def flops(self) -> float:
        """Planned training FLOPs, C = 6 N D (N non-embedding)."""
        return 6.0 * self.n_params * self.tokens

    def to_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "role": self.role,
            "size": self.size,
            "budget": self.budget,
            "seed": self.seed,
            "n_params": self.n_params,
            "tokens": self.tokens,
            "model": self.model,
            "train": self.train,
            "corpus": self.corpus,
            "device": self.device,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RunSpec:
        return cls(**data)


def _spec(config: LadderConfig, size: SizeSpec, budget: Budget, seed: int, role: str) -> RunSpec:
    tokens = budget.tokens(size.n_params)
    prefix = "target:" if role == "target" else ""
    return RunSpec(
        run_id=f"{prefix}{size.name}-{budget.label}-seed{seed}",
        role=role,
        size=size.name,
        budget=budget.label,
        seed=seed,
        n_params=size.n_params,
        tokens=tokens,
        model=size.model.to_dict(),
        train=config.train_config(tokens).resolved(size.model).to_dict(),
        corpus=config.corpus.to_dict(),
        device=config.device,
    )


def plan_ladder(config: LadderConfig) -> list[RunSpec]:
    """Every ladder run, smallest compute first (sizes x budgets x seeds)."""
    runs = [
        _spec(config, size, budget, seed, "ladder")
        for size in config.sizes
        for budget in config.budgets
        for seed in config.seeds
    ]
    return sorted(runs, key=lambda r: (r.flops, r.run_id))


def plan_target(config: LadderConfig) -> list[RunSpec]:
    """The target rung's runs (one per target seed); empty without a [target] table."""
    target = config.target
    if target is None:
        return []
    return [_spec(config, target.size, target.budget, seed, "target") for seed in target.seeds]
