"""The app's memory: one SQLite file (WAL mode) with results, jobs and uploads.

* ``results``: one bundle entry per fit (``BundleEntry.to_dict()`` as JSON text),
  so a finished result survives a restart of the server;
* ``jobs``: background fits with their status and progress; jobs that were
  queued or running when the server stopped are marked failed on the next start;
* ``uploads``: the bytes of uploaded files between the upload page and the fit
  (deleted after ``Settings.upload_ttl_s``). The client's file name is kept for
  display only; nothing here is ever a path on disk.

Every call opens its own short connection, so the store is safe to use from the
event loop, worker threads and job supervisors at once.
"""

from __future__ import annotations

import json
import sqlite3
import time
import uuid
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scalinglaws.bundle import FORMAT, BundleEntry, package_version, utc_now
from scalinglaws.errors import DataFormatError
from scalinglaws.web.errors import UnknownJobError, UnknownResultError

__all__ = ["JobRecord", "ResultRecord", "Store", "StoredUpload", "new_id"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS results (
    id TEXT PRIMARY KEY, created TEXT NOT NULL, kind TEXT NOT NULL,
    label TEXT NOT NULL, entry TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY, created TEXT NOT NULL, kind TEXT NOT NULL, label TEXT NOT NULL,
    status TEXT NOT NULL, progress REAL NOT NULL, result_id TEXT,
    error TEXT, message TEXT);
CREATE TABLE IF NOT EXISTS uploads (
    id TEXT PRIMARY KEY, created REAL NOT NULL, name TEXT NOT NULL,
    sha256 TEXT NOT NULL, data BLOB NOT NULL);
"""

#: Job states; the last three are final.
STATUSES = ("queued", "running", "done", "failed", "cancelled")


def new_id() -> str:
    """A fresh random identifier (32 hex digits): unguessable, safe in a URL."""
    return uuid.uuid4().hex


@dataclass(frozen=True)
class ResultRecord:
    id: str
    created: str
    kind: str
    label: str
    entry: dict[str, Any]  # BundleEntry.to_dict()

    def bundle_entry(self) -> BundleEntry:
        return BundleEntry.from_dict(self.entry, where=f"result {self.id}")

    def bundle(self) -> dict[str, Any]:
        """The result as a one-entry results bundle (see :mod:`scalinglaws.bundle`)."""
        return {
            "format": FORMAT,
            "package_version": package_version(),
            "created": self.created,
            "results": [self.entry],
        }


@dataclass(frozen=True)
class JobRecord:
    id: str
    created: str
    kind: str
    label: str
    status: str
    progress: float
    result_id: str | None
    error: str | None
    message: str | None

    @property
    def finished(self) -> bool:
        return self.status in ("done", "failed", "cancelled")


@dataclass(frozen=True)
class StoredUpload:
    id: str
    name: str
    sha256: str
    data: bytes


class Store:
    """Results, jobs and uploads in the SQLite file ``path`` (created if missing)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(_SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        with closing(sqlite3.connect(self.path, timeout=30.0)) as db:
            db.execute("PRAGMA busy_timeout=30000")
            with db:  # one transaction: commit on success, roll back on error
                yield db

    # ----------------------------------------------------------------- results

    def add_result(self, entry: BundleEntry, label: str) -> str:
        ident = new_id()
        text = json.dumps(entry.to_dict(), allow_nan=False, ensure_ascii=False)
        with self._connect() as db:
            db.execute(
                "INSERT INTO results VALUES (?, ?, ?, ?, ?)",
                (ident, utc_now(), entry.result.kind, label, text),
            )
        return ident

    def result(self, ident: str) -> ResultRecord:
        with self._connect() as db:
            row = db.execute(
                "SELECT id, created, kind, label, entry FROM results WHERE id = ?", (ident,)
            ).fetchone()
        if row is None:
            raise UnknownResultError(f"result id={ident!r} is not stored on this server.")
        return ResultRecord(row[0], row[1], row[2], row[3], json.loads(row[4]))

    def recent_results(self, limit: int = 50) -> list[ResultRecord]:
        with self._connect() as db:
            rows = db.execute(
                "SELECT id, created, kind, label FROM results ORDER BY rowid DESC LIMIT ?",
                (limit,),
            ).fetchall()
        return [ResultRecord(r[0], r[1], r[2], r[3], {}) for r in rows]

    # -------------------------------------------------------------------- jobs

    def add_job(self, kind: str, label: str) -> str:
        ident = new_id()
        with self._connect() as db:
            db.execute(
                "INSERT INTO jobs VALUES (?, ?, ?, ?, 'queued', 0.0, NULL, NULL, NULL)",
                (ident, utc_now(), kind, label),
            )
        return ident

    def job(self, ident: str) -> JobRecord:
        with self._connect() as db:
            row = db.execute(
                "SELECT id, created, kind, label, status, progress, result_id, error, message "
                "FROM jobs WHERE id = ?",
                (ident,),
            ).fetchone()
        if row is None:
            raise UnknownJobError(f"job id={ident!r} is not known to this server.")
        return JobRecord(*row)

    def update_job(self, ident: str, **fields: Any) -> None:
        """Set some of: status, progress, result_id, error, message."""
        allowed = {"status", "progress", "result_id", "error", "message"}
        unknown = set(fields) - allowed
        if unknown:
            raise TypeError(f"update_job: unknown fields {sorted(unknown)}")
        assignments = ", ".join(f"{name} = ?" for name in fields)
        with self._connect() as db:
            db.execute(f"UPDATE jobs SET {assignments} WHERE id = ?", (*fields.values(), ident))

    def finish_job(self, ident: str, status: str, **fields: Any) -> bool:
        """Move a job that is not yet finished to a final state; False if it already was."""
        with self._connect() as db:
            cursor = db.execute(
                "UPDATE jobs SET status = ?, error = ?, message = ?, result_id = ?, "
                "progress = CASE WHEN ? = 'done' THEN 1.0 ELSE progress END "
                "WHERE id = ? AND status IN ('queued', 'running')",
                (
                    status,
                    fields.get("error"),
                    fields.get("message"),
                    fields.get("result_id"),
                    status,
                    ident,
                ),
            )
            return cursor.rowcount == 1

    def fail_interrupted_jobs(self) -> int:
        """Mark jobs left queued or running by a previous server as failed."""
        with self._connect() as db:
            cursor = db.execute(
                "UPDATE jobs SET status = 'failed', error = 'ScalingLawError', "
                "message = 'the server stopped before this job finished; submit the fit again.' "
                "WHERE status IN ('queued', 'running')"
            )
            return cursor.rowcount

    # ----------------------------------------------------------------- uploads

    def add_upload(self, name: str, sha256: str, data: bytes, ttl_s: float) -> str:
        ident = new_id()
        now = time.time()
        with self._connect() as db:
            db.execute("DELETE FROM uploads WHERE created < ?", (now - ttl_s,))
            db.execute(
                "INSERT INTO uploads VALUES (?, ?, ?, ?, ?)", (ident, now, name, sha256, data)
            )
        return ident

    def upload(self, ident: str) -> StoredUpload:
        with self._connect() as db:
            row = db.execute(
                "SELECT id, name, sha256, data FROM uploads WHERE id = ?", (ident,)
            ).fetchone()
        if row is None:
            raise DataFormatError(
                f"upload id={ident!r} is not on this server (uploads are kept for a day); "
                "upload the file again."
            )
        return StoredUpload(row[0], row[1], row[2], bytes(row[3]))
