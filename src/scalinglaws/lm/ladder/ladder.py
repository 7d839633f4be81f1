"""The :class:`Ladder`: plan, run (resumably), read back, fit, predict the target, check it.

lad = Ladder.from_toml("ladder.toml")       # registry: ladder.sqlite next to it
lad.run(executor="local", resume=True)      # or executor="ray"
lad.results()                               # DataFrame: N, D, C, loss, status, ...
fit = lad.fit(n_boot=200)                   # scalinglaws.fit_neural on the finished runs
lad.predict_targets(level=0.95)             # stored in the registry before the target trains
lad.run_target(); print(lad.report())       # every trained target vs its prediction

The target's methods (predict, store, train, report) are in :mod:`.targets`.
"""

from __future__ import annotations

import json
import math
import os
import time
from pathlib import Path
from typing import Any, cast

import pandas as pd

from scalinglaws._validate import check_choice, check_number
from scalinglaws.errors import DataFormatError, InsufficientDataError, InvalidOptionError
from scalinglaws.lm.ladder.config import LadderConfig
from scalinglaws.lm.ladder.executors import EXECUTORS, Job, Progress, catch_up, run_jobs
from scalinglaws.lm.ladder.plan import RunSpec, plan_ladder, plan_target
from scalinglaws.lm.ladder.registry import Registry
from scalinglaws.lm.ladder.targets import RunSummary, TargetRung
from scalinglaws.lm.schedule import completed_budgets
from scalinglaws.neural import IsoflopFit, NeuralFit, fit_neural, isoflop
from scalinglaws.neural.forms import FORMS, NeuralFormName

__all__ = ["DEMO_CONFIG", "QUICK_CONFIG", "Ladder", "RunSummary"]

DEMO_CONFIG = Path(__file__).with_name("demo.toml")
#: The tiny ladder of ``scalinglaws demo --quick`` (about half a minute on two cores).
QUICK_CONFIG = Path(__file__).with_name("quick.toml")


class Ladder(TargetRung):
    """A ladder of training runs with its SQLite registry and checkpoint folder.

    The registry defaults to ``<config stem>.sqlite`` next to the config (or in
    `out_dir`), checkpoints to ``<config stem>.checkpoints/`` beside it; the config's
    ``registry`` / ``checkpoints`` keys override both.

    Parameters
    ----------
    config : LadderConfig
        The ladder.
    out_dir : str or pathlib.Path, optional
        Where the registry and checkpoints go instead of beside the config.
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
        """Read a ladder config; `out_dir` (optional) holds the registry and checkpoints.

        Parameters
        ----------
        path : str or pathlib.Path
            The ladder's ``.toml`` file.
        out_dir : str or pathlib.Path, optional
            Where the registry and checkpoints go instead of beside the config.

        Returns
        -------
        Ladder
            The ladder.

        Raises
        ------
        InvalidOptionError
            As :meth:`LadderConfig.from_toml`.
        """
        return cls(LadderConfig.from_toml(path), out_dir=out_dir)

    @classmethod
    def demo(cls, out_dir: str | Path) -> Ladder:
        """The bundled demo ladder, writing its registry and checkpoints under `out_dir`.

        Parameters
        ----------
        out_dir : str or pathlib.Path
            The output folder.

        Returns
        -------
        Ladder
            The ladder of :data:`DEMO_CONFIG`.
        """
        return cls.from_toml(DEMO_CONFIG, out_dir=out_dir)

    @classmethod
    def quick(cls, out_dir: str | Path) -> Ladder:
        """The bundled quick ladder (tiny sizes, one seed), writing under `out_dir`.

        Parameters
        ----------
        out_dir : str or pathlib.Path
            The output folder.

        Returns
        -------
        Ladder
            The ladder of :data:`QUICK_CONFIG`.
        """
        return cls.from_toml(QUICK_CONFIG, out_dir=out_dir)

    def __repr__(self) -> str:
        """A one-line description: config name, run count and registry path."""
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
        """The ladder's runs (sizes x budgets x seeds), smallest compute first.

        Returns
        -------
        list of RunSpec
            One spec per run (WSD: one per size and seed, its budgets as branches).
        """
        return plan_ladder(self.config)

    def target_plan(self) -> list[RunSpec]:
        """The target rung's runs (empty without a [target] table).

        Returns
        -------
        list of RunSpec
            Every target size x every target seed.
        """
        return plan_target(self.config)

    def checkpoint(self, run_id: str) -> Path:
        """The checkpoint path of a run.

        Parameters
        ----------
        run_id : str
            The run's id (``:`` is replaced by ``_`` in the file name).

        Returns
        -------
        pathlib.Path
            ``<checkpoint_dir>/<run_id>.pt``.
        """
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

        Parameters
        ----------
        executor : {"local", "ray"}, default "local"
            ``"local"`` (this machine) or ``"ray"`` (a Ray cluster; needs
            ``pip install 'scalinglaws[ray]'``).
        resume : bool, default False
            Continue a ladder whose registry already has started runs: done runs are
            skipped, interrupted ones continue from their checkpoint. Without it, a
            registry with started runs raises instead.
        workers : int, default 1
            Runs trained at once (local: processes; ray: tasks in flight).
        progress : callable, optional
            Called with a :class:`LadderStatus` as runs start, evaluate, end.
        keep_checkpoints : bool, default False
            Keep each finished run's checkpoint (else it is deleted when the run is done).
        ray_address : str, optional
            The Ray cluster to join (``ray.init(address=...)``); a local one when None.
        stale_after : float, default 3600.0
            Seconds without a heartbeat after which a run claimed on another host counts
            as abandoned.

        Returns
        -------
        RunSummary
            Runs planned, done, failed and trained elsewhere, and the seconds taken.

        Raises
        ------
        InvalidOptionError
            An unknown executor, a bad worker count, or started runs without `resume`.
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
                job = Job(spec, claim, self.checkpoint(spec.run_id), threads)
                catch_up(job, registry)  # points a killed attempt saved but never recorded
                return job
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
        """One row per planned run and budget.

        A WSD run has a row for each of its budgets (its cooldown branches and its own end), all
        with the run's id, status and timings.

        Parameters
        ----------
        include_target : bool, default True
            Include the target rung's runs.

        Returns
        -------
        pandas.DataFrame
            N (non-embedding), D, C = 6ND, loss, status and timings per row.

        Raises
        ------
        DataFormatError
            A finished run's stored record cannot be read.
        """
        specs = self.plan() + (self.target_plan() if include_target else [])
        self.registry.register(specs)
        rows = {r["run_id"]: r for r in self.registry.runs(s.run_id for s in specs)}
        records = []
        for spec in specs:
            row = rows[spec.run_id]
            done = row["status"] == "done"
            reached = _reached(row) if done else []
            if done and len(reached) != len(spec.budgets):
                raise DataFormatError(
                    f"registry {self.registry_path}: run {spec.run_id!r} reports "
                    f"{len(reached)} budget(s), its plan has {len(spec.budgets)}; "
                    "the registry was written by another version; give a new registry path."
                )
            for i, (label, tokens) in enumerate(spec.budgets):
                d, loss = reached[i] if done else (tokens, math.nan)
                share = d / row["tokens"] if done and row["tokens"] else math.nan
                records.append(
                    {
                        "run_id": spec.run_id,
                        "role": spec.role,
                        "size": spec.size,
                        "budget": label,
                        "seed": spec.seed,
                        "N": float(spec.n_params),
                        "D": float(d),
                        "loss": loss,
                        "status": row["status"],
                        "attempts": row["attempts"],
                        "wall_time": _float(row["wall_time"]),
                        "tokens_per_s": _float(row["tokens_per_s"]),
                        "exact_flops": _float(row["exact_flops"]) * share,
                    }
                )
        out = pd.DataFrame.from_records(records)
        out.insert(7, "C", 6.0 * out["N"] * out["D"])  # after D
        return out.sort_values(["role", "C", "run_id"]).reset_index(drop=True)

    def curves(self) -> pd.DataFrame:
        """Every eval point in the registry.

        Returns
        -------
        pandas.DataFrame
            Columns ``run_id, attempt, tokens, step, loss, tokens_per_s``.
        """
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
        """:func:`scalinglaws.fit_neural` on the finished ladder runs (not the target).

        Parameters
        ----------
        form : str, default "chinchilla"
            The law (see :func:`scalinglaws.fit_neural`).
        n_boot : int, default 0
            Bootstrap replicates over runs.
        rng : int, default 0
            The bootstrap's seed.
        workers : int, optional
            Worker processes for the bootstrap; None uses every core.
        **options
            Further keywords of :func:`scalinglaws.fit_neural`.

        Returns
        -------
        NeuralFit
            The law fitted to each run's final loss (WSD runs: one row per budget).

        Raises
        ------
        InsufficientDataError
            No finished run, or fewer distinct (N, D) rungs than the form has
            parameters plus one: seeds repeat a rung, they do not identify the law
            (two sizes x two budgets cannot pin down Chinchilla's five parameters).
        """
        done = self._finished()
        if done.empty:
            raise InsufficientDataError(
                f"ladder {self.config.name!r} has no finished runs yet; run it first."
            )
        rungs = len(done.groupby(["N", "D"]))
        needed = len(FORMS[check_choice(form, "form", FORMS)].param_names) + 1
        if rungs < needed:
            raise InsufficientDataError(
                f"ladder {self.config.name!r}: form={form!r} has {needed - 1} parameters and "
                f"needs at least {needed} distinct (N, D) rungs, the finished runs have "
                f"{rungs}; add sizes or budgets, or predict along the target's budget "
                "(predict_targets(protocol='budget'))."
            )
        return fit_neural(
            done["N"],
            done["D"],
            done["loss"],
            form=cast(NeuralFormName, form),
            n_boot=n_boot,
            rng=rng,
            workers=workers,
            **options,
        )

    def isoflop(self, **options: Any) -> IsoflopFit | None:
        """Chinchilla approach 2 on the finished runs, or None.

        Parameters
        ----------
        **options
            Keywords of :func:`scalinglaws.isoflop`.

        Returns
        -------
        IsoflopFit or None
            None when the grid has no iso-FLOP profiles (each budget needs three sizes).
        """
        done = self._finished()
        try:
            return isoflop(done["N"], done["D"], done["loss"], **options)
        except InsufficientDataError:
            return None


def _float(value: Any) -> float:
    return math.nan if value is None else float(value)


def _reached(row: dict[str, Any]) -> list[tuple[int, float]]:
    """(tokens, loss) of every budget a finished run reached, from its stored result."""
    curve = json.loads(row["result"])["curve"]
    return completed_budgets(curve["tokens"], curve["loss"], curve.get("branch"))


def _threads_per_run(executor: str, workers: int) -> int | None:
    """Threads of a run whose [train] threads is unset: the CPUs shared among workers."""
    if executor == "ray":
        return 1
    if workers == 1:
        return None
    return max(1, (os.cpu_count() or 1) // workers)
