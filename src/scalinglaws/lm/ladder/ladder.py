"""The :class:`Ladder`: plan, run (resumably), read back, fit, predict the target, check it.

lad = Ladder.from_toml("ladder.toml")       # registry: ladder.sqlite next to it
lad.run(executor="local", resume=True)      # or executor="ray"
lad.results()                               # DataFrame: N, D, C, loss, status, ...
fit = lad.fit(n_boot=200)                   # scalinglaws.fit_neural on the finished runs
lad.predict_target(level=0.95)              # stored in the registry before the target trains
lad.run_target(); print(lad.report())       # trained target vs prediction
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from scalinglaws._validate import check_choice, check_level, check_number
from scalinglaws.errors import InsufficientDataError, InvalidOptionError
from scalinglaws.lm.ladder.config import LadderConfig
from scalinglaws.lm.ladder.executors import EXECUTORS, Job, Progress, run_jobs
from scalinglaws.lm.ladder.outcome import TargetPrediction, TargetReport, seed_spread
from scalinglaws.lm.ladder.plan import RunSpec, plan_ladder, plan_target
from scalinglaws.lm.ladder.registry import Registry
from scalinglaws.neural import IsoflopFit, NeuralFit, fit_neural, isoflop
from scalinglaws.predictive import central_interval, central_levels

__all__ = ["DEMO_CONFIG", "QUICK_CONFIG", "Ladder", "RunSummary"]

DEMO_CONFIG = Path(__file__).with_name("demo.toml")
#: The tiny ladder of ``scalinglaws demo --quick`` (about half a minute on two cores).
QUICK_CONFIG = Path(__file__).with_name("quick.toml")
_PREDICTION_KEY = "target_prediction"


@dataclass(frozen=True)
class RunSummary:
    """What one call of :meth:`Ladder.run` did."""

    planned: int
    done: int
    failed: tuple[str, ...]
    elsewhere: tuple[str, ...]  # runs another live process is training
    seconds: float

    @property
    def complete(self) -> bool:
        return self.done == self.planned


class Ladder:
    """A ladder of training runs with its SQLite registry and checkpoint folder.

    The registry defaults to ``<config stem>.sqlite`` next to the config (or in
    `out_dir`), checkpoints to ``<config stem>.checkpoints/`` beside it; the config's
    ``registry`` / ``checkpoints`` keys override both.
    """

    def __init__(self, config: LadderConfig, *, out_dir: str | Path | None = None) -> None:
        self.config = config
        stem = config.source.stem if config.source is not None else config.name
        base = Path(out_dir) if out_dir is not None else None
        if base is None:
            base = config.source.parent if config.source is not None else Path.cwd()
        registry = config.registry if out_dir is None else None
        self.registry_path = registry or base / f"{stem}.sqlite"
        checkpoints = config.checkpoints if out_dir is None else None
        self.checkpoint_dir = checkpoints or base / f"{stem}.checkpoints"
        self._registry: Registry | None = None

    @classmethod
    def from_toml(cls, path: str | Path, *, out_dir: str | Path | None = None) -> Ladder:
        """Read a ladder config; `out_dir` (optional) holds the registry and checkpoints."""
        return cls(LadderConfig.from_toml(path), out_dir=out_dir)

    @classmethod
    def demo(cls, out_dir: str | Path) -> Ladder:
        """The bundled demo ladder, writing its registry and checkpoints under `out_dir`."""
        return cls.from_toml(DEMO_CONFIG, out_dir=out_dir)

    @classmethod
    def quick(cls, out_dir: str | Path) -> Ladder:
        """The bundled quick ladder (tiny sizes, one seed), writing under `out_dir`."""
        return cls.from_toml(QUICK_CONFIG, out_dir=out_dir)

    def __repr__(self) -> str:
        runs = len(self.plan())
        return f"Ladder({self.config.name!r}, runs={runs}, registry={self.registry_path})"

    @property
    def registry(self) -> Registry:
        """The run registry (the SQLite file is created on first use)."""
        if self._registry is None:
            self._registry = Registry(self.registry_path)
            self._registry.set_meta("config", self.config.to_dict())
        return self._registry

    def plan(self) -> list[RunSpec]:
        """The ladder's runs (sizes x budgets x seeds), smallest compute first."""
        return plan_ladder(self.config)

    def target_plan(self) -> list[RunSpec]:
        """The target rung's runs (empty without a [target] table)."""
        return plan_target(self.config)

    def checkpoint(self, run_id: str) -> Path:
        return self.checkpoint_dir / (run_id.replace(":", "_") + ".pt")

    # --- running ----------------------------------------------------------------------
    def run(
        self,
        executor: str = "local",
        *,
        resume: bool = False,
        workers: int = 1,
        progress: Progress | None = None,
        keep_checkpoints: bool = False,
        ray_address: str | None = None,
        stale_after: float = 3600.0,
    ) -> RunSummary:
        """Train every planned ladder run that is not done yet.

        Args:
            executor: ``"local"`` (this machine) or ``"ray"`` (a Ray cluster; needs
                ``pip install 'scalinglaws[ray]'``).
            resume: continue a ladder whose registry already has started runs: done
                runs are skipped, interrupted ones continue from their checkpoint.
                Without it, a registry with started runs raises instead.
            workers: runs trained at once (local: processes; ray: tasks in flight).
            progress: called with a :class:`LadderStatus` as runs start, evaluate, end.
            stale_after: seconds without a heartbeat after which a run claimed on
                another host counts as abandoned.
        """
        return self._run(
            self.plan(),
            executor,
            resume,
            workers,
            progress,
            keep_checkpoints,
            ray_address,
            stale_after,
        )

    def run_target(
        self,
        executor: str = "local",
        *,
        workers: int = 1,
        progress: Progress | None = None,
        keep_checkpoints: bool = False,
        ray_address: str | None = None,
        prediction: TargetPrediction | None = None,
    ) -> RunSummary:
        """Train the target rung, after storing the prediction it will be judged against.

        The prediction is made now (:meth:`predict_target`) unless one is stored or given.
        """
        specs = self.target_plan()
        if not specs:
            raise InvalidOptionError(
                f"ladder {self.config.name!r} has no [target] table; add one with size and budget."
            )
        if self.stored_prediction() is None:
            self.record_prediction(prediction or self.predict_target())
        return self._run(
            specs, executor, True, workers, progress, keep_checkpoints, ray_address, 3600.0
        )

    def _run(
        self,
        specs: list[RunSpec],
        executor: str,
        resume: bool,
        workers: int,
        progress: Progress | None,
        keep_checkpoints: bool,
        ray_address: str | None,
        stale_after: float,
    ) -> RunSummary:
        check_choice(executor, "executor", EXECUTORS)
        workers = int(check_number(workers, "workers", low=1, integer=True))
        start = time.time()
        registry = self.registry
        registry.register(specs)
        ids = [s.run_id for s in specs]
        rows = {r["run_id"]: r for r in registry.runs(ids)}
        started = [i for i in ids if rows[i]["attempts"] > 0]
        if started and not resume:
            raise InvalidOptionError(
                f"registry {self.registry_path} already holds {len(started)} started run(s) "
                f"of this ladder (e.g. {started[0]!r}); pass resume=True (--resume) to skip "
                "finished runs and continue interrupted ones, or delete the registry to start over."
            )
        threads = _threads_per_run(executor, workers)
        queue = [s for s in specs if rows[s.run_id]["status"] != "done"]
        elsewhere: list[str] = []

        def claim_next() -> Job | None:
            while queue:
                spec = queue.pop(0)
                claim = registry.claim(spec.run_id, stale_after=stale_after)
                if claim is None:
                    if registry.runs([spec.run_id])[0]["status"] != "done":
                        elsewhere.append(spec.run_id)
                    continue
                return Job(spec, claim, self.checkpoint(spec.run_id), threads)
            return None

        failed = run_jobs(
            claim_next,
            registry,
            ids,
            executor=executor,
            workers=workers,
            progress=progress,
            keep_checkpoints=keep_checkpoints,
            ray_address=ray_address,
        )
        counts = registry.counts(ids)
        return RunSummary(
            planned=len(ids),
            done=counts["done"],
            failed=tuple(failed),
            elsewhere=tuple(elsewhere),
            seconds=time.time() - start,
        )

    # --- reading ----------------------------------------------------------------------
    def results(self, *, include_target: bool = True) -> pd.DataFrame:
        """One row per planned run: N (non-embedding), D, C = 6ND, loss, status, timings."""
        specs = self.plan() + (self.target_plan() if include_target else [])
        self.registry.register(specs)
        rows = self.registry.runs(s.run_id for s in specs)
        table = pd.DataFrame(rows)
        done = table["status"] == "done"
        out = pd.DataFrame(
            {
                "run_id": table["run_id"],
                "role": table["role"],
                "size": table["size"],
                "budget": table["budget"],
                "seed": table["seed"],
                "N": table["n_params"].astype(float),
                "D": np.where(done, table["tokens"], table["tokens_planned"]).astype(float),
                "loss": table["final_loss"].astype(float),
                "status": table["status"],
                "attempts": table["attempts"],
                "wall_time": table["wall_time"].astype(float),
                "tokens_per_s": table["tokens_per_s"].astype(float),
                "exact_flops": table["exact_flops"].astype(float),
            }
        )
        out.insert(7, "C", 6.0 * out["N"] * out["D"])  # after D
        return out.sort_values(["role", "C", "run_id"]).reset_index(drop=True)

    def curves(self) -> pd.DataFrame:
        """Every eval point in the registry: run_id, attempt, tokens, step, loss, tokens_per_s."""
        columns = ["run_id", "attempt", "tokens", "step", "loss", "tokens_per_s", "time"]
        return pd.DataFrame(self.registry.evals(), columns=columns)

    def _finished(self) -> pd.DataFrame:
        table = self.results(include_target=False)
        return table[table["status"] == "done"]

    # --- fitting and predicting ---------------------------------------------------------
    def fit(
        self,
        form: str = "chinchilla",
        *,
        n_boot: int = 0,
        rng: int = 0,
        workers: int | None = None,
        **options: Any,
    ) -> NeuralFit:
        """:func:`scalinglaws.fit_neural` on the finished ladder runs (not the target)."""
        done = self._finished()
        if done.empty:
            raise InsufficientDataError(
                f"ladder {self.config.name!r} has no finished runs yet; run it first."
            )
        return fit_neural(
            done["N"],
            done["D"],
            done["loss"],
            form=form,
            n_boot=n_boot,
            rng=rng,
            workers=workers,
            **options,
        )

    def isoflop(self, **options: Any) -> IsoflopFit | None:
        """Chinchilla approach 2 on the finished runs, or None when the grid has no
        iso-FLOP profiles (each budget needs three sizes)."""
        done = self._finished()
        try:
            return isoflop(done["N"], done["D"], done["loss"], **options)
        except InsufficientDataError:
            return None

    def predict_target(
        self,
        level: float | None = 0.95,
        *,
        fit: NeuralFit | None = None,
        n_boot: int = 200,
        rng: int = 0,
    ) -> TargetPrediction:
        """The fitted law's loss for the target rung, with a bootstrap interval at `level`."""
        target = self.config.target
        if target is None:
            raise InvalidOptionError(
                f"ladder {self.config.name!r} has no [target] table; add one with size and budget."
            )
        if level is not None:
            level = check_level(level)
        if fit is None:
            fit = self.fit(n_boot=n_boot if level is not None else 0, rng=rng)
        n, d = float(target.size.n_params), float(target.tokens)
        lower = upper = None
        loss = float(np.asarray(fit.predict(n, d)).ravel()[0])
        if level is not None and fit.boot is not None:
            # The fitted law's band at the target (the replicates' curves), widened to
            # contain the point prediction, as every bootstrap interval is
            # (scalinglaws.uncertainty.bootstrap_interval).
            band = fit.predict_quantiles(
                n, d, quantiles=central_levels(level), interval="confidence"
            )
            low, high = (float(v[0]) for v in central_interval(band, level))
            lower, upper = min(low, loss), max(high, loss)
        else:
            level = None
        return TargetPrediction(
            N=n,
            D=d,
            loss=loss,
            lower=lower,
            upper=upper,
            level=level,
            form=fit.form,
            params={k: float(v) for k, v in fit.params.items()},
            n_runs=fit.n_runs,
            made_at=time.time(),
        )

    def _prediction_key(self) -> str:
        """The meta key of the current target's prediction: a changed target (another
        size, budget or seeds) is a new prediction, never judged against an old one."""
        return f"{_PREDICTION_KEY}:" + ",".join(spec.run_id for spec in self.target_plan())

    def record_prediction(self, prediction: TargetPrediction) -> None:
        """Store the prediction the target will be judged against (before training it)."""
        self.registry.set_meta(self._prediction_key(), prediction.to_dict())

    def stored_prediction(self) -> TargetPrediction | None:
        data = self.registry.get_meta(self._prediction_key())
        return None if data is None else TargetPrediction.from_dict(data)

    def report(self) -> TargetReport:
        """The stored prediction against the trained target (mean loss over its seeds)."""
        prediction = self.stored_prediction()
        if prediction is None:
            raise InvalidOptionError("no target prediction is stored yet; call run_target() first.")
        table = self.results()
        current = {spec.run_id for spec in self.target_plan()}
        target = table[table["run_id"].isin(current) & (table["status"] == "done")]
        if target.empty:
            raise InsufficientDataError("the target rung has not finished; call run_target().")
        losses = tuple(float(x) for x in target["loss"])
        return TargetReport(
            prediction=prediction,
            actual=float(np.mean(losses)),
            actual_seeds=losses,
            ladder_seed_spread=seed_spread(table[table["role"] == "ladder"]),
        )


def _threads_per_run(executor: str, workers: int) -> int | None:
    """Threads of a run whose [train] threads is unset: the CPUs shared among workers."""
    if executor == "ray":
        return 1
    if workers == 1:
        return None
    return max(1, (os.cpu_count() or 1) // workers)
