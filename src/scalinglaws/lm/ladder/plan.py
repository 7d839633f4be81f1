"""Expand a ladder config into the list of runs it plans, each with a stable id.

A run id names the rung (``s1-20x-seed0``, ``target:s5-20x-seed0``); its
fingerprint hashes everything that changes the result (model, tokens, training
settings, corpus, seed), so a registry written for another config is detected
instead of silently reused.

With the cosine schedule every (size, budget, seed) is one run. With WSD
(``[train] schedule = "wsd"``) every (size, seed) is one run trained to the largest
budget, whose smaller budgets are cooldowns branched from its stable phase
(:attr:`RunSpec.budgets` lists them all); its id names the largest budget.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from dataclasses import dataclass
from typing import Any

from scalinglaws.errors import InvalidOptionError
from scalinglaws.lm.config import run_identity
from scalinglaws.lm.ladder.config import Budget, LadderConfig, SizeSpec

__all__ = ["RunSpec", "plan_ladder", "plan_target"]


@dataclass(frozen=True)
class RunSpec:
    """One planned training run: what to train, on how many tokens, with which seed.

    Attributes
    ----------
    run_id : str
        The run's id.
    role : {"ladder", "target"}
        Which rung it belongs to.
    size : str
        The size's name.
    budget : str
        The budget's label (``"20x"`` or a token count).
    seed : int
        The seed.
    n_params : int
        Non-embedding parameters N.
    tokens : int
        Training tokens D.
    model : dict
        ``GPTConfig.to_dict()``.
    train : dict
        ``TrainConfig.to_dict()``.
    corpus : dict
        The corpus settings.
    device : str
        The torch device.
    branch_budgets : tuple of str
        WSD: labels of the branches' budgets, ascending.
    """

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
    branch_budgets: tuple[str, ...] = ()  # WSD: labels of the branches' budgets, ascending

    @property
    def budgets(self) -> list[tuple[str, int]]:
        """(label, tokens) of every budget the run reports: its branches, then itself."""
        branches = [int(t) for t in self.train.get("branches", ())]
        return [*zip(self.branch_budgets, branches, strict=True), (self.budget, self.tokens)]

    @property
    def fingerprint(self) -> str:
        """A short hash of everything that determines the run's result."""
        payload = {
            "model": self.model,
            "train": run_identity(self.train),
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
        """The run spec as a JSON-ready mapping.

        Returns
        -------
        dict
            Every field, by name (configs as their own mappings).
        """
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
            "branch_budgets": list(self.branch_budgets),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RunSpec:
        """Read a run spec written by :meth:`to_dict`.

        Parameters
        ----------
        data : dict
            The mapping :meth:`to_dict` wrote.

        Returns
        -------
        RunSpec
            The run spec.
        """
        values = dict(data)
        values["branch_budgets"] = tuple(values.get("branch_budgets", ()))
        return cls(**values)


def _spec(
    config: LadderConfig,
    size: SizeSpec,
    budgets: list[Budget],
    seed: int,
    role: str,
) -> RunSpec:
    """The run of `size` and `seed` with its cooldown branches.

    It trains to the last of `budgets` (ascending in tokens) and branches a cooldown at each
    of the others.
    """
    *branches, budget = budgets
    tokens = budget.tokens(size.n_params)
    prefix = "target:" if role == "target" else ""
    branch_tokens = [b.tokens(size.n_params) for b in branches]
    return RunSpec(
        run_id=f"{prefix}{size.name}-{budget.label}-seed{seed}",
        role=role,
        size=size.name,
        budget=budget.label,
        seed=seed,
        n_params=size.n_params,
        tokens=tokens,
        model=size.model.to_dict(),
        train=config.train_config(tokens, branch_tokens).resolved(size.model).to_dict(),
        corpus=config.corpus.to_dict(),
        device=config.device,
        branch_budgets=tuple(b.label for b in branches),
    )


def _ascending(config: LadderConfig, size: SizeSpec) -> list[Budget]:
    """The ladder's budgets for `size`, fewest tokens first.

    Two with the same tokens cannot be branches of one run.
    """
    budgets = sorted(config.budgets, key=lambda b: b.tokens(size.n_params))
    for a, b in itertools.pairwise(budgets):
        if a.tokens(size.n_params) == b.tokens(size.n_params):
            raise InvalidOptionError(
                f"budgets {a.label!r} and {b.label!r} both give {a.tokens(size.n_params):,} "
                f"tokens for size {size.name!r}; with schedule 'wsd' the budgets of a run "
                "must differ."
            )
    return budgets


def plan_ladder(config: LadderConfig) -> list[RunSpec]:
    """Every ladder run, smallest compute first.

    Sizes x budgets x seeds, or with WSD sizes x seeds, each run branching its smaller budgets.
    """
    if config.wsd:
        runs = [
            _spec(config, size, _ascending(config, size), seed, "ladder")
            for size in config.sizes
            for seed in config.seeds
        ]
    else:
        runs = [
            _spec(config, size, [budget], seed, "ladder")
            for size in config.sizes
            for budget in config.budgets
            for seed in config.seeds
        ]
    return sorted(runs, key=lambda r: (r.flops, r.run_id))


def plan_target(config: LadderConfig) -> list[RunSpec]:
    """The target's runs (every target size x every target seed); none without a [target] table."""
    target = config.target
    if target is None:
        return []
    return [
        _spec(config, size, [target.budget], seed, "target")
        for size in target.sizes
        for seed in target.seeds
    ]
