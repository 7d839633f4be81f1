"""Background jobs: long fits run in their own process, with progress and cancellation.

Each job is one fresh ``spawn`` process running :func:`~scalinglaws.web.fitting.run_fit`;
a supervisor thread (at most ``Settings.max_jobs`` at once, the rest queue)
relays its progress messages to the store and saves the result. The CPU work
never runs in the server's process, so a slow bootstrap cannot hold the GIL or
the event loop away from other requests. Cancelling marks the job and
terminates its process; a job process that dies reports the job as failed.
"""

from __future__ import annotations

import multiprocessing
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.connection import Connection
from typing import Any

from scalinglaws.bundle import BundleEntry
from scalinglaws.errors import ScalingLawError, ScalingLawWarning
from scalinglaws.web.errors import error_body
from scalinglaws.web.fitting import FitInputs, run_fit
from scalinglaws.web.store import JobRecord, Store

__all__ = ["JobRunner"]

_POLL_S = 0.1
_PROGRESS_EVERY_S = 0.2


def _child(conn: Connection, inputs: FitInputs, workers: int) -> None:
    """The job process: fit; send ("progress", f) messages, then ("done", ...) or ("error", ...)."""
    total = inputs.options.replicates()
    done = 0
    last = 0.0

    def progress(count: int) -> None:
        nonlocal done, last
        done += count
        now = time.monotonic()
        if now - last >= _PROGRESS_EVERY_S or done >= total:
            conn.send(("progress", min(done / total, 1.0)))
            last = now

    try:
        entry = run_fit(inputs, workers=workers, progress=progress if total else None)
        conn.send(("done", entry.to_dict()))
    except (ScalingLawError, ScalingLawWarning) as exc:
        body = error_body(exc)
        conn.send(("error", body["error"], body["message"]))
    except Exception as exc:  # a bug: report it on the job rather than lose it
        conn.send(("error", "InternalError", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


class JobRunner:
    """Runs fits in background processes and keeps their state in ``store``."""

    def __init__(self, store: Store, *, max_jobs: int = 2, workers: int = 1) -> None:
        self._store = store
        self._workers = workers
        self._pool = ThreadPoolExecutor(max_workers=max_jobs, thread_name_prefix="scalinglaws-job")
        self._cancel: dict[str, threading.Event] = {}
        self._lock = threading.Lock()
        self._context = multiprocessing.get_context("spawn")
        self._closed = False

    def submit(self, inputs: FitInputs) -> str:
        """Queue a fit; return the job id at once."""
        ident = self._store.add_job(inputs.kind, inputs.label)
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
        """Cancel every job and wait for the supervisors to stop their processes."""
        self._closed = True
        with self._lock:
            events = list(self._cancel.values())
        for event in events:
            event.set()
        self._pool.shutdown(wait=True, cancel_futures=True)

    def _supervise(self, ident: str, inputs: FitInputs, event: threading.Event) -> None:
        try:
            if event.is_set() or self._closed:
                self._store.finish_job(ident, "cancelled", message="cancelled before it started")
                return
            self._store.update_job(ident, status="running")
            outcome = self._watch(ident, inputs, event)
            self._record(ident, inputs, outcome, event)
        except Exception as exc:  # never let a job vanish silently
            self._store.finish_job(
                ident, "failed", error="InternalError", message=f"{type(exc).__name__}: {exc}"
            )
        finally:
            with self._lock:
                self._cancel.pop(ident, None)

    def _watch(self, ident: str, inputs: FitInputs, event: threading.Event) -> Any:
        """Run the job process to its end; return its last message (None if it died)."""
        receiver, sender = self._context.Pipe(duplex=False)
        process = self._context.Process(
            target=_child, args=(sender, inputs, self._workers), daemon=True
        )
        process.start()
        sender.close()
        try:
            while not event.is_set():
                if receiver.poll(_POLL_S):
                    try:
                        message = receiver.recv()
                    except EOFError:
                        return None
                    if message[0] != "progress":
                        return message
                    self._store.update_job(ident, progress=float(message[1]))
                elif not process.is_alive() and not receiver.poll(0):
                    return None
            return ("cancelled",)
        finally:
            if event.is_set() and process.is_alive():
                process.terminate()
            process.join(timeout=10)
            if process.is_alive():
                process.kill()
                process.join()
            receiver.close()

    def _record(self, ident: str, inputs: FitInputs, outcome: Any, event: threading.Event) -> None:
        kind = outcome[0] if outcome is not None else None
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
        elif kind == "cancelled" or event.is_set():
            self._store.finish_job(ident, "cancelled", message="cancelled by the user")
        else:
            self._store.finish_job(
                ident,
                "failed",
                error="InternalError",
                message="the job process stopped unexpectedly (out of memory?); try fewer "
                "bootstrap replicates.",
            )
