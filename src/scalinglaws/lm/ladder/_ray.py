"""The Ray executor: one Ray task per run, results written back to the registry here.

Ray is an optional extra (``pip install 'scalinglaws[ray]'``) and is imported only
when this executor is chosen. Each task asks for the CPUs its run trains with
(``[train] threads``, default 1) and one GPU when the ladder's device is CUDA.
Tasks stream their eval points through a :class:`ray.util.queue.Queue` and return
the finished run; this process writes both to the SQLite registry, so worker nodes
never touch the registry file. Checkpoints are written where the task runs: put
the ladder's checkpoint folder on storage every node sees to resume across nodes.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Sequence
from typing import Any

from scalinglaws._optional import needs_extra
from scalinglaws.lm.ladder.executors import (
    POLL_S,
    Job,
    Progress,
    execute,
    finish_checkpoint,
    snapshot,
)
from scalinglaws.lm.ladder.registry import Registry

__all__ = ["run_ray"]


class _Point:
    """An eval point as it crosses the queue (EvalPoint's fields, no torch needed)."""

    def __init__(self, tokens: int, step: int, loss: float, tokens_per_s: float | None) -> None:
        self.tokens, self.step, self.loss, self.tokens_per_s = tokens, step, loss, tokens_per_s


def _task(job: Job, queue: Any) -> dict[str, Any]:
    """Body of the Ray task: train, pushing (run_id, attempt, point) onto `queue`."""

    def push(point: Any) -> None:
        queue.put((job.claim.token, point.tokens, point.step, point.loss, point.tokens_per_s))

    return execute(job, registry=None, on_eval=push)


def _drain(queue: Any, registry: Registry, claims: dict[str, Job]) -> None:
    while not queue.empty():
        token, tokens, step, loss, speed = queue.get_nowait()
        job = claims.get(token)
        if job is not None:
            registry.record_eval(job.claim, _Point(tokens, step, loss, speed))


def run_ray(
    claim_next: Callable[[], Job | None],
    registry: Registry,
    run_ids: Sequence[str],
    *,
    workers: int,
    progress: Progress | None,
    keep_checkpoints: bool,
    address: str | None,
) -> list[str]:
    """Train claimed runs as Ray tasks, at most `workers` in flight; return failed ids."""
    with needs_extra("ray", "executor='ray'"):
        import ray
        from ray.util.queue import Queue

    started_here = not ray.is_initialized()
    if started_here:
        ray.init(address=address, include_dashboard=False, log_to_driver=False)
    failed: list[str] = []
    inflight: dict[Any, Job] = {}
    by_token: dict[str, Job] = {}
    queue: Any = Queue()  # ray types its actor handle loosely; ray.kill takes it as is
    try:
        remote_task = ray.remote(_task)
        exhausted = False
        while True:
            while not exhausted and len(inflight) < workers:
                job = claim_next()
                if job is None:
                    exhausted = True
                    break
                cpus = int(job.spec.train.get("threads") or job.threads or 1)
                gpus = 1 if job.spec.device.startswith("cuda") else 0
                ref = remote_task.options(num_cpus=cpus, num_gpus=gpus).remote(job, queue)
                inflight[ref], by_token[job.claim.token] = job, job
            if not inflight:
                break
            ready, _ = ray.wait(list(inflight), num_returns=1, timeout=POLL_S)
            _drain(queue, registry, by_token)
            for ref in ready:
                job = inflight.pop(ref)
                try:
                    result = ray.get(ref)
                except Exception:
                    registry.fail(job.claim, traceback.format_exc(limit=8))
                    failed.append(job.spec.run_id)
                    continue
                if registry.finish(job.claim, result):
                    finish_checkpoint(job, keep_checkpoints)
            if progress is not None:
                progress(snapshot(registry, run_ids))
    except BaseException:
        for ref, job in inflight.items():
            ray.cancel(ref, force=True)
            registry.release(job.claim)
        raise
    finally:
        ray.kill(queue.actor)
        if started_here:
            ray.shutdown()
    return failed
