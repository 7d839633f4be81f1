"""Background jobs: long fits run outside the server, with progress, cancel and a time limit.

Each job runs :func:`run_job` elsewhere: in a fresh ``spawn`` process
(:class:`ProcessBackend`, the default) or as a Ray task
(:class:`~scalinglaws.web.ray_jobs.RayBackend`, ``scalinglaws serve --ray``). A
supervisor thread (at most ``Settings.max_jobs`` at once, the rest queue) relays
its progress to the store and saves the result, so the job records, progress and
cancel are the same on either backend. The CPU work never runs in the server's
process, so a slow bootstrap cannot hold the GIL or the event loop away from
other requests.

Cancelling marks the job in the store; its supervisor notices (from its own
event, or from the store when another uvicorn worker took the request) and
stops the process or cancels the Ray task. A job running past
``Settings.job_timeout_s`` is stopped and marked failed; a job process that
dies reports the job as failed.
"""

from __future__ import annotations

import multiprocessing
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.connection import Connection
from multiprocessing.context import SpawnProcess
from typing import Any, Protocol

from scalinglaws.bundle import BundleEntry
from scalinglaws.errors import ScalingLawError, ScalingLawWarning
from scalinglaws.web.errors import JobTimeoutError, error_body
from scalinglaws.web.fitting import FitInputs, run_fit
from scalinglaws.web.store import JobRecord, Store

__all__ = ["Backend", "Execution", "JobRunner", "ProcessBackend", "run_job"]

_POLL_S = 0.1
_STORE_POLL_S = 0.5
_PROGRESS_EVERY_S = 0.2

#: What a job reports: ("progress", fraction), then ("done", entry dict) or
#: ("error", error name, message); ("died",) when it vanished without a word.
Message = tuple[Any, ...]


def run_job(inputs: FitInputs, workers: int, report: Callable[[float], None]) -> Message:
    """Fit (wherever the job runs); ``report`` gets the fraction done, at most every 0.2 s."""
    total = inputs.options.replicates()
    done = 0
    last = 0.0

    def progress(count: int) -> None:
        nonlocal done, last
        done += count
        now = time.monotonic()
        if now - last >= _PROGRESS_EVERY_S or done >= total:
            report(min(done / total, 1.0))
            last = now

    try:
        entry = run_fit(inputs, workers=workers, progress=progress if total else None)
        return ("done", entry.to_dict())
    except (ScalingLawError, ScalingLawWarning) as exc:
        body = error_body(exc)
        return ("error", body["error"], body["message"])
    except Exception as exc:  # a bug: report it on the job rather than lose it
        return ("error", "InternalError", f"{type(exc).__name__}: {exc}")


class Execution(Protocol):
    """One job running on a backend."""

    def poll(self, timeout: float) -> Message | None:
        """The job's next message, or None when none came within ``timeout`` seconds."""

    def stop(self) -> None:
        """Stop the job now (terminate its process, cancel its task)."""


class Backend(Protocol):
    """Where jobs run."""

    def start(self, ident: str, inputs: FitInputs, workers: int) -> Execution:
        """Start fitting ``inputs`` as job ``ident``."""

    def close(self) -> None:
        """Stop every running job and release the backend."""


def _child(conn: Connection, inputs: FitInputs, workers: int) -> None:
    """The job process: progress messages through ``conn``, then the final one."""
    try:
        conn.send(run_job(inputs, workers, lambda fraction: conn.send(("progress", fraction))))
    finally:
        conn.close()


class _ProcessExecution:
    def __init__(self, process: SpawnProcess, receiver: Connection) -> None:
        self.process, self.receiver = process, receiver

    def poll(self, timeout: float) -> Message | None:
        if self.receiver.poll(timeout):
            try:
                message: Message = self.receiver.recv()
            except EOFError:
                return ("died",)
            return message
        if not self.process.is_alive() and not self.receiver.poll(0):
            return ("died",)
        return None

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.terminate()
        self.process.join(timeout=10)
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.receiver.close()


class ProcessBackend:
    """Each job in a fresh ``spawn`` process on this machine."""

    def __init__(self) -> None:
        self._context = multiprocessing.get_context("spawn")

    def start(self, ident: str, inputs: FitInputs, workers: int) -> Execution:
        """Start fitting ``inputs`` in a child process."""
        receiver, sender = self._context.Pipe(duplex=False)
        process = self._context.Process(target=_child, args=(sender, inputs, workers), daemon=True)
        process.start()
        sender.close()
        return _ProcessExecution(process, receiver)

    def close(self) -> None:
        """Stop the running child processes."""
        return None


class JobRunner:
    """Runs fits in the background on ``backend`` and keeps their state in ``store``."""

    def __init__(
        self,
        store: Store,
        *,
        max_jobs: int = 2,
        workers: int = 1,
        timeout_s: float = 6 * 3600.0,
        backend: Backend | None = None,
    ) -> None:
        self._store = store
        self._workers = workers
        self._timeout_s = timeout_s
        self._backend: Backend = backend or ProcessBackend()
        self._pool = ThreadPoolExecutor(max_workers=max_jobs, thread_name_prefix="scalinglaws-job")
        self._cancel: dict[str, threading.Event] = {}
        self._lock = threading.Lock()
        self._closed = False

    def submit(
        self,
        inputs: FitInputs,
        *,
        client: str | None = None,
        per_client: int | None = None,
        total: int | None = None,
    ) -> str:
        """Queue a fit; return the job id at once (429 over the quotas, see Store.add_job)."""
        ident = self._store.add_job(
            inputs.kind, inputs.label, client=client, per_client=per_client, total=total
        )
        event = threading.Event()
        with self._lock:
            self._cancel[ident] = event
        self._pool.submit(self._supervise, ident, inputs, event)
        return ident

    def cancel(self, ident: str) -> JobRecord:
        """Cancel a queued or running job (a finished job is left as it is)."""
        job = self._store.job(ident)
        if not job.finished:
            self._store.finish_job(ident, "cancelled", message="cancelled by the user")
            with self._lock:
                event = self._cancel.get(ident)
            if event is not None:
                event.set()
        return self._store.job(ident)

    def shutdown(self) -> None:
        """Cancel every job and wait for the supervisors to stop them."""
        self._closed = True
        with self._lock:
            events = list(self._cancel.values())
        for event in events:
            event.set()
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._backend.close()

    def _supervise(self, ident: str, inputs: FitInputs, event: threading.Event) -> None:
        try:
            if event.is_set() or self._closed or self._store.job(ident).finished:
                self._store.finish_job(ident, "cancelled", message="cancelled before it started")
                return
            self._store.update_job(ident, status="running")
            outcome = self._watch(ident, inputs, event)
            self._record(ident, inputs, outcome)
        except Exception as exc:  # never let a job vanish silently
            self._store.finish_job(
                ident, "failed", error="InternalError", message=f"{type(exc).__name__}: {exc}"
            )
        finally:
            with self._lock:
                self._cancel.pop(ident, None)

    def _watch(self, ident: str, inputs: FitInputs, event: threading.Event) -> Message:
        """Run the job to its end; return its last message, ("cancelled",) or ("timeout",)."""
        execution = self._backend.start(ident, inputs, self._workers)
        start = checked = time.monotonic()
        outcome: Message | None = None
        try:
            while outcome is None:
                now = time.monotonic()
                if now - checked >= _STORE_POLL_S:
                    checked = now
                    if self._store.job(ident).status == "cancelled":  # by another worker
                        event.set()
                if event.is_set():
                    outcome = ("cancelled",)
                elif now - start > self._timeout_s:
                    outcome = ("timeout",)
                else:
                    message = execution.poll(_POLL_S)
                    if message is not None and message[0] == "progress":
                        self._store.update_job(ident, progress=float(message[1]))
                    else:
                        outcome = message
            return outcome
        finally:
            execution.stop()

    def _record(self, ident: str, inputs: FitInputs, outcome: Message) -> None:
        kind = outcome[0]
        if kind == "done":
            entry = BundleEntry.from_dict(outcome[1], where=f"job {ident}")
            result_id = self._store.add_result(entry, inputs.label)
            self._store.finish_job(ident, "done", result_id=result_id)
        elif kind == "error":
            self._store.finish_job(ident, "failed", error=outcome[1], message=outcome[2])
        elif self._closed:
            self._store.finish_job(
                ident,
                "failed",
                error="ScalingLawError",
                message="the server stopped before this job finished; submit the fit again.",
            )
        elif kind == "cancelled":
            self._store.finish_job(ident, "cancelled", message="cancelled by the user")
        elif kind == "timeout":
            self._store.finish_job(
                ident,
                "failed",
                error=JobTimeoutError.__name__,
                message=f"the job ran longer than this server's limit of {self._timeout_s:g} s "
                "and was stopped; ask for fewer bootstrap replicates.",
            )
        else:
            self._store.finish_job(
                ident,
                "failed",
                error="InternalError",
                message="the job process stopped unexpectedly (out of memory?); try fewer "
                "bootstrap replicates.",
            )
