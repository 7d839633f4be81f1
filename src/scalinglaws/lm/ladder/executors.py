"""Executors: who trains the claimed runs of a ladder.

* ``"local"`` with ``workers=1``: one run at a time, in this process (the default).
* ``"local"`` with ``workers=k``: a pool of `k` spawned processes, each training one
  run with ``cpus // k`` threads (``OMP_WAIT_POLICY=PASSIVE`` so idle OpenMP threads
  do not spin on the cores the other workers need).
* ``"ray"``: every run is a Ray task asking for its CPUs (and a GPU when the device
  is CUDA); tasks hand their eval points and result back to this process, which
  writes them to the same registry, so the registry never leaves the driver's disk.

Every executor claims a run in the registry before training it and gives the claim
back when interrupted; the checkpoint stays, so the next ``resume`` continues it.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import ctypes
import dataclasses
import functools
import multiprocessing
import os
import signal
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scalinglaws.errors import DataFormatError, InvalidOptionError
from scalinglaws.lm.ladder.plan import RunSpec
from scalinglaws.lm.ladder.registry import Claim, Registry

if TYPE_CHECKING:
    from scalinglaws.lm import Corpus, EvalPoint

__all__ = [
    "EXECUTORS",
    "POLL_S",
    "Job",
    "LadderStatus",
    "RunningRun",
    "catch_up",
    "execute",
    "finish_checkpoint",
    "run_jobs",
]

EXECUTORS = ("local", "ray")
POLL_S = 0.5  # seconds between looks at the running jobs (local and Ray executors)


@dataclass(frozen=True)
class Job:
    """A claimed run and where to keep its checkpoint."""

    spec: RunSpec
    claim: Claim
    checkpoint: Path
    threads: int | None = None  # used when the run's [train] threads is not set


@dataclass(frozen=True)
class RunningRun:
    """The latest eval of a run in flight.

    Attributes
    ----------
    run_id : str
        The run.
    tokens : int
        Tokens trained so far.
    tokens_planned : int
        The run's budget.
    loss : float or None
        The latest held-out loss (None before the first eval).
    tokens_per_s : float or None
        Its throughput.
    """

    run_id: str
    tokens: int
    tokens_planned: int
    loss: float | None
    tokens_per_s: float | None


@dataclass(frozen=True)
class LadderStatus:
    """A progress snapshot: runs done, failed, in flight (with their latest loss).

    Attributes
    ----------
    total : int
        Runs planned.
    done : int
        Runs finished.
    failed : int
        Runs that failed.
    running : tuple of RunningRun
        The runs in flight.
    tokens_per_s : float or None
        Throughput of the runs in flight, else of the last finished run.
    """

    total: int
    done: int
    failed: int
    running: tuple[RunningRun, ...]
    tokens_per_s: float | None  # of the runs in flight, else of the last finished run


Progress = Callable[[LadderStatus], None]


def snapshot(registry: Registry, run_ids: Sequence[str]) -> LadderStatus:
    """Read the registry's view of `run_ids` now."""
    rows = registry.runs(run_ids)
    running = []
    for row in rows:
        if row["status"] != "running":
            continue
        last = registry.latest_eval(row["run_id"])
        running.append(
            RunningRun(
                run_id=row["run_id"],
                tokens=0 if last is None else int(last["tokens"]),
                tokens_planned=int(row["tokens_planned"]),
                loss=None if last is None else float(last["loss"]),
                tokens_per_s=None if last is None else last["tokens_per_s"],
            )
        )
    speeds = [r.tokens_per_s for r in running if r.tokens_per_s]
    finished = [r for r in rows if r["status"] == "done" and r["tokens_per_s"]]
    speed = sum(speeds) if speeds else None
    if speed is None and finished:
        speed = float(max(finished, key=lambda r: r["finished"])["tokens_per_s"])
    return LadderStatus(
        total=len(rows),
        done=sum(r["status"] == "done" for r in rows),
        failed=sum(r["status"] == "failed" for r in rows),
        running=tuple(running),
        tokens_per_s=speed,
    )


# --- training one run (in whichever process the executor chose) ------------------------


@functools.lru_cache(maxsize=4)
def _corpus(items: tuple[tuple[str, Any], ...]) -> Corpus:
    from scalinglaws.lm import load_corpus

    return load_corpus(**dict(items))


def execute(
    job: Job,
    *,
    registry: Registry | None,
    on_eval: Callable[[EvalPoint], None] | None = None,
) -> dict[str, Any]:
    """Train the job's run (continuing from its checkpoint if one exists).

    With a `registry`, every eval point is written to it as it arrives and the
    result marks the run done; without one (Ray), the caller writes them.
    Returns ``TrainRun.to_dict()``.
    """
    from scalinglaws.lm import GPTConfig, TrainConfig, train

    spec = job.spec
    model = GPTConfig.from_dict(spec.model)
    train_config = TrainConfig.from_dict(spec.train)
    if train_config.threads is None and job.threads is not None:
        train_config = dataclasses.replace(train_config, threads=job.threads)
    data = _corpus(tuple(sorted(spec.corpus.items())))
    job.checkpoint.parent.mkdir(parents=True, exist_ok=True)

    def record(point: EvalPoint) -> None:
        if registry is not None:
            registry.record_eval(job.claim, point)
        if on_eval is not None:
            on_eval(point)

    run = train(
        model,
        train_config,
        data=data,
        seed=spec.seed,
        device=spec.device,
        checkpoint=job.checkpoint,
        on_eval=record,
    )
    result = run.to_dict()
    if registry is not None and not registry.finish(job.claim, result):
        raise RuntimeError(f"run {spec.run_id} finished but its claim was taken over")
    return result


def catch_up(job: Job, registry: Registry) -> int:
    """Write the eval points the job's checkpoint holds but no attempt recorded.

    ``train`` saves the checkpoint with a new eval point and then hands the point
    on; a process killed between the two leaves a point on disk that the registry
    never saw, and the resumed run starts after it. Called when a run is claimed,
    before it resumes, this records such points under the new attempt, so the
    registry's evals and the finished run's curve hold the same points.
    Returns the number of points written.
    """
    if not job.checkpoint.exists():
        return 0
    from scalinglaws.lm import EvalPoint, GPTConfig
    from scalinglaws.lm.checkpoint import load_checkpoint

    try:
        state = load_checkpoint(job.checkpoint, mmap=True)
    except DataFormatError:
        return 0  # training reports the damaged file as this run's failure
    if (
        state["seed"] != job.spec.seed
        or state["config"] != GPTConfig.from_dict(job.spec.model).to_dict()
    ):
        return 0  # another run's file: training refuses it, naming the difference
    seen = {int(e["tokens"]) for e in registry.evals(job.spec.run_id)}
    missing = [p for p in map(EvalPoint.from_row, state["curve"]) if int(p.tokens) not in seen]
    for point in missing:
        registry.record_eval(job.claim, point)
    return len(missing)


def finish_checkpoint(job: Job, keep: bool) -> None:
    """Delete a finished job's checkpoint unless it is to be kept."""
    if not keep:
        job.checkpoint.unlink(missing_ok=True)


def run_jobs(
    claim_next: Callable[[], Job | None],
    registry: Registry,
    run_ids: Sequence[str],
    *,
    executor: str,
    workers: int,
    progress: Progress | None = None,
    keep_checkpoints: bool = False,
    ray_address: str | None = None,
) -> list[str]:
    """Train jobs from `claim_next` until it returns None; return the ids that failed."""
    if executor == "ray":
        from scalinglaws.lm.ladder._ray import run_ray

        return run_ray(
            claim_next,
            registry,
            run_ids,
            workers=workers,
            progress=progress,
            keep_checkpoints=keep_checkpoints,
            address=ray_address,
        )
    if executor != "local":
        raise InvalidOptionError(
            f"executor={executor!r} is not valid; choose one of: {', '.join(EXECUTORS)}."
        )
    if workers == 1:
        return _run_sequential(claim_next, registry, run_ids, progress, keep_checkpoints)
    return _run_pool(claim_next, registry, run_ids, workers, progress, keep_checkpoints)


def _run_sequential(
    claim_next: Callable[[], Job | None],
    registry: Registry,
    run_ids: Sequence[str],
    progress: Progress | None,
    keep: bool,
) -> list[str]:
    failed: list[str] = []

    def tick(_: object = None) -> None:
        if progress is not None:
            progress(snapshot(registry, run_ids))

    tick()
    while (job := claim_next()) is not None:
        tick()
        try:
            execute(job, registry=registry, on_eval=tick)
        except (KeyboardInterrupt, SystemExit):
            registry.release(job.claim)
            raise
        except Exception:
            registry.fail(job.claim, traceback.format_exc(limit=8))
            failed.append(job.spec.run_id)
        else:
            finish_checkpoint(job, keep)
        tick()
    return failed


# --- the process pool --------------------------------------------------------------------


def _die_with_parent(parent: int) -> None:
    """Pool initializer: exit when the ladder process dies (even by kill -9)."""
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:
        os._exit(1)


def _pool_task(job: Job, registry: Registry, parent: int) -> dict[str, Any]:
    def orphan_check(_: object) -> None:
        if os.getppid() != parent:  # the ladder died: stop; the checkpoint is on disk
            os._exit(1)

    return execute(job, registry=registry, on_eval=orphan_check)


@contextlib.contextmanager
def _passive_omp() -> Iterator[None]:
    """Spawned workers inherit OMP_WAIT_POLICY=PASSIVE unless the user set it."""
    old = os.environ.get("OMP_WAIT_POLICY")
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("OMP_WAIT_POLICY", None)


def _run_pool(
    claim_next: Callable[[], Job | None],
    registry: Registry,
    run_ids: Sequence[str],
    workers: int,
    progress: Progress | None,
    keep: bool,
) -> list[str]:
    failed: list[str] = []
    inflight: dict[cf.Future[dict[str, Any]], Job] = {}
    context = multiprocessing.get_context("spawn")
    parent = os.getpid()
    with (
        _passive_omp(),
        cf.ProcessPoolExecutor(
            workers, mp_context=context, initializer=_die_with_parent, initargs=(parent,)
        ) as pool,
    ):
        try:
            exhausted = False
            while True:
                while not exhausted and len(inflight) < workers:
                    job = claim_next()
                    if job is None:
                        exhausted = True
                        break
                    inflight[pool.submit(_pool_task, job, registry, parent)] = job
                if not inflight:
                    break
                finished, _ = cf.wait(inflight, timeout=POLL_S, return_when=cf.FIRST_COMPLETED)
                for future in finished:
                    job = inflight.pop(future)
                    error = future.exception()
                    if error is None:
                        finish_checkpoint(job, keep)
                    else:
                        text = "".join(traceback.format_exception(error, limit=8))
                        registry.fail(job.claim, text)
                        failed.append(job.spec.run_id)
                if progress is not None:
                    progress(snapshot(registry, run_ids))
        except BaseException:
            for future, job in inflight.items():
                future.cancel()
                registry.release(job.claim)
            for process in list(getattr(pool, "_processes", {}).values()):
                with contextlib.suppress(OSError):
                    process.kill()
            raise
    return failed
