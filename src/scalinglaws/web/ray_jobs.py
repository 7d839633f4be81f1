"""Background jobs as Ray tasks (``scalinglaws serve --ray ADDRESS`` or ``--ray local``).

Ray is optional (the ``ray`` extra: ``pip install 'scalinglaws[ray]'``) and imported only here. Each
job is one Ray task running :func:`~scalinglaws.web.jobs.run_job` and asking for
``Settings.job_workers`` CPUs; it reports its progress to one small actor per
server (:class:`ProgressBoard`), which the job's supervisor reads, and returns
the same final message a job process sends. Cancel and the time limit cancel
the task (``ray.cancel(force=True)``). The tasks never touch the SQLite store:
the supervisor in the server writes the job record and the result, exactly as
for local jobs. Every node needs scalinglaws installed (the same version).
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

from scalinglaws._optional import needs_extra
from scalinglaws.errors import InvalidOptionError
from scalinglaws.web.fitting import FitInputs
from scalinglaws.web.jobs import Execution, Message, run_job

__all__ = ["ProgressBoard", "RayBackend"]


class ProgressBoard:
    """The fraction done of every running job (a Ray actor, one per server)."""

    def __init__(self) -> None:
        self.progress: dict[str, float] = {}

    def set(self, ident: str, fraction: float) -> None:
        """Record job ``ident``'s progress."""
        self.progress[ident] = fraction

    def pop(self, ident: str) -> float:
        """Forget job ``ident``'s progress and return its last value."""
        return self.progress.pop(ident, 0.0)

    def get(self, ident: str) -> float:
        """Job ``ident``'s progress, 0 when unknown."""
        return self.progress.get(ident, 0.0)


def _task(ident: str, inputs: FitInputs, workers: int, board: Any) -> Message:
    """Body of the Ray task."""
    return run_job(inputs, workers, lambda fraction: board.set.remote(ident, fraction))


class _RayExecution:
    def __init__(self, ray: ModuleType, ref: Any, board: Any, ident: str) -> None:
        self.ray, self.ref, self.board, self.ident = ray, ref, board, ident
        self.reported = 0.0

    def poll(self, timeout: float) -> Message | None:
        ready, _ = self.ray.wait([self.ref], timeout=timeout)
        if ready:
            try:
                message: Message = self.ray.get(self.ref)
            except Exception:  # the task's worker died or the task was cancelled
                return ("died",)
            return message
        fraction = float(self.ray.get(self.board.get.remote(self.ident)))
        if fraction > self.reported:
            self.reported = fraction
            return ("progress", fraction)
        return None

    def stop(self) -> None:
        # Cancel only a task still running, and wait for the board's reply: a reply that
        # arrives for a task Ray already counts as finished (a finished task force-cancelled,
        # an actor call in flight when the actor is killed) trips a check in Ray 2.60's task
        # manager that ends the whole process with exit code 1.
        ready, _ = self.ray.wait([self.ref], timeout=0)
        if not ready:
            self.ray.cancel(self.ref, force=True)
        self.ray.get(self.board.pop.remote(self.ident))


class RayBackend:
    """Jobs as tasks on the Ray cluster at ``address`` (``"local"``: start one here).

    When Ray is already initialised in this process (a test, a notebook) that
    instance is used and left running on :meth:`close`.
    """

    def __init__(self, address: str) -> None:
        with needs_extra("ray", "`scalinglaws serve --ray`"):
            import ray
        self.ray: ModuleType = ray
        self.started_here = not ray.is_initialized()
        if self.started_here:
            try:
                ray.init(
                    address=None if address == "local" else address,
                    include_dashboard=False,
                    log_to_driver=False,
                )
            except (ConnectionError, RuntimeError, ValueError) as exc:
                raise InvalidOptionError(
                    f"--ray {address!r}: could not start or reach Ray ({exc}); give the "
                    "address of a running cluster (ray start --head prints it) or 'local'."
                ) from None
        self.board: Any = ray.remote(ProgressBoard).options(num_cpus=0).remote()
        self.task: Any = ray.remote(_task)

    def start(self, ident: str, inputs: FitInputs, workers: int) -> Execution:
        """Start fitting ``inputs`` as a Ray task."""
        ref = self.task.options(num_cpus=workers).remote(ident, inputs, workers, self.board)
        return _RayExecution(self.ray, ref, self.board, ident)

    def close(self) -> None:
        """Cancel the running tasks and drain the progress actor."""
        # Calls from one caller run in order: once this returns, none of ours is in flight.
        self.ray.get(self.board.get.remote(""))
        self.ray.kill(self.board)
        if self.started_here:
            self.ray.shutdown()
