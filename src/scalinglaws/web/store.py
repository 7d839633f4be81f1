"""The app's memory: one SQLite file (WAL mode) with results, jobs and uploads.

* ``results``: one bundle entry per fit (``BundleEntry.to_dict()`` as JSON text),
  so a finished result survives a restart of the server;
* ``jobs``: background fits with their status, progress, the client that asked
  (for quotas) and the server process that runs them (``host:pid``); jobs left
  queued or running by a process that is gone are marked failed on the next start;
* ``uploads``: the bytes of uploaded files between the upload page and the fit
  (deleted after ``Settings.upload_ttl_s``). The client's file name is kept for
  display only; nothing here is ever a path on disk.

**Bounded storage.** Results are evicted least recently used first (every read
counts as a use) once there are more than ``max_results`` of them or their JSON
takes more than ``max_result_bytes``; the newest result is always kept. Finished
job records beyond ``max_results`` go oldest first; a queued or running job's
record is never evicted. Uploads beyond ``max_upload_bytes`` in total go oldest first.

**Several writers.** One writer path: every write of a process goes through the
store's one long-lived connection, one transaction at a time (a lock queues the
event loop's threads and the job supervisors), and takes the database's write
lock up front (``BEGIN IMMEDIATE``), waiting up to 30 s for it (``busy_timeout``),
so several uvicorn worker processes queue at SQLite's one writer lock instead of
failing. WAL lets readers (each read opens its own short connection) go on
meanwhile; ``synchronous=NORMAL`` in WAL mode never corrupts the file on a crash
(the last transactions before a power cut may be lost) and saves an fsync per
write. The job quota is checked and the job inserted in one such transaction, so
no two workers can both take the last place.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import uuid
import weakref
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scalinglaws._owners import owner_alive, this_owner
from scalinglaws.bundle import FORMAT, BundleEntry, package_version, utc_now
from scalinglaws.errors import DataFormatError
from scalinglaws.web.errors import QuotaExceededError, UnknownJobError, UnknownResultError

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
#: Columns added after the first release (added to an older database on open).
_ADDED = {
    "results": (("accessed", "REAL NOT NULL DEFAULT 0"), ("size", "INTEGER NOT NULL DEFAULT 0")),
    "jobs": (("client", "TEXT"), ("owner", "TEXT")),
    "uploads": (("size", "INTEGER NOT NULL DEFAULT 0"),),
}
_INDEXES = """
CREATE INDEX IF NOT EXISTS results_accessed ON results (accessed);
CREATE INDEX IF NOT EXISTS jobs_active ON jobs (status, client);
"""
_ACTIVE = "('queued', 'running')"
_JOB_COLUMNS = "id, created, kind, label, status, progress, result_id, error, message"

#: Job states; the last three are final.
STATUSES = ("queued", "running", "done", "failed", "cancelled")


def new_id() -> str:
    """A fresh random identifier (32 hex digits): unguessable, safe in a URL."""
    return uuid.uuid4().hex


@dataclass(frozen=True)
class ResultRecord:
    """A stored result: id, creation time, kind, label and its bundle entry."""

    id: str
    created: str
    kind: str
    label: str
    entry: dict[str, Any]  # BundleEntry.to_dict()

    def bundle_entry(self) -> BundleEntry:
        """The stored entry as a :class:`~scalinglaws.bundle.BundleEntry`."""
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
    """A stored job: its status, progress and, when done, its result or error."""

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
        """Whether the job is done, failed or cancelled."""
        return self.status in ("done", "failed", "cancelled")


@dataclass(frozen=True)
class StoredUpload:
    """A stored upload: id, file name, SHA-256 and the bytes."""

    id: str
    name: str
    sha256: str
    data: bytes


class Store:
    """Results, jobs and uploads in the SQLite file ``path`` (created if missing).

    Parameters
    ----------
    path : Path
        The database file.
    max_results, max_result_bytes : int
        Bounds of the stored results (and of the finished job records: ``max_results``).
    max_upload_bytes : int
        Bound of the total size of kept uploads.
    """

    def __init__(
        self,
        path: Path,
        *,
        max_results: int = 1000,
        max_result_bytes: int = 512 * 1024 * 1024,
        max_upload_bytes: int = 1024 * 1024 * 1024,
    ) -> None:
        self.path = Path(path)
        self.max_results = max_results
        self.max_result_bytes = max_result_bytes
        self.max_upload_bytes = max_upload_bytes
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._writer = self._open()
        self._write_lock = threading.Lock()
        weakref.finalize(self, self._writer.close)  # closed with the store, if not before
        with closing(self._open()) as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(_SCHEMA)
            db.execute("BEGIN IMMEDIATE")  # one process at a time adds the missing columns
            for table, columns in _ADDED.items():
                have = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
                for name, declaration in columns:
                    if name not in have:
                        db.execute(f"ALTER TABLE {table} ADD COLUMN {name} {declaration}")
            db.execute("UPDATE results SET size = length(entry) WHERE size = 0")
            db.execute("COMMIT")
            db.executescript(_INDEXES)

    def close(self) -> None:
        """Close the write connection (reads need none)."""
        with self._write_lock:
            self._writer.close()

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30.0, isolation_level=None, check_same_thread=False)
        db.execute("PRAGMA busy_timeout=30000")
        db.execute("PRAGMA synchronous=NORMAL")  # WAL: no corruption on a crash, fewer fsyncs
        return db

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        with closing(self._open()) as db:
            yield db

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction holding SQLite's write lock from its first statement."""
        with self._write_lock:
            db = self._writer
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    # ----------------------------------------------------------------- results

    def add_result(self, entry: BundleEntry, label: str) -> str:
        """Store a result entry under a new id and return the id."""
        ident = new_id()
        text = json.dumps(entry.to_dict(), allow_nan=False, ensure_ascii=False)
        with self._write() as db:
            db.execute(
                "INSERT INTO results (id, created, kind, label, entry, accessed, size) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (ident, utc_now(), entry.result.kind, label, text, time.time(), len(text)),
            )
            self._evict_results(db, ident)
        return ident

    def _evict_results(self, db: sqlite3.Connection, keep: str) -> None:
        """Least recently used results beyond the count or byte bound (never ``keep``)."""
        db.execute(
            "DELETE FROM results WHERE id != ? AND id IN (SELECT id FROM ("
            "  SELECT id, ROW_NUMBER() OVER w AS n, SUM(size) OVER w AS total FROM results"
            "  WINDOW w AS (ORDER BY accessed DESC, rowid DESC)"
            ") WHERE n > ? OR total > ?)",
            (keep, self.max_results, self.max_result_bytes),
        )

    def result(self, ident: str) -> ResultRecord:
        """The stored result ``ident``; UnknownResultError when there is none."""
        with self._write() as db:
            row = db.execute(
                "UPDATE results SET accessed = ? WHERE id = ? "
                "RETURNING id, created, kind, label, entry",
                (time.time(), ident),
            ).fetchone()
        if row is None:
            raise UnknownResultError(
                f"result id={ident!r} is not stored on this server (results not used for a "
                f"while are removed once more than {self.max_results:,} are stored)."
            )
        return ResultRecord(row[0], row[1], row[2], row[3], json.loads(row[4]))

    def recent_results(self, limit: int = 50) -> list[ResultRecord]:
        """The most recent results, newest first."""
        with self._read() as db:
            rows = db.execute(
                "SELECT id, created, kind, label FROM results ORDER BY rowid DESC LIMIT ?",
                (limit,),
            ).fetchall()
        return [ResultRecord(r[0], r[1], r[2], r[3], {}) for r in rows]

    # -------------------------------------------------------------------- jobs

    def add_job(
        self,
        kind: str,
        label: str,
        *,
        client: str | None = None,
        per_client: int | None = None,
        total: int | None = None,
    ) -> str:
        """Queue a job record.

        429 when ``client`` already has ``per_client`` jobs queued or running, or the server
        ``total`` (checked in the same transaction).
        """
        ident = new_id()
        with self._write() as db:
            if per_client is not None:
                (mine,) = db.execute(
                    f"SELECT COUNT(*) FROM jobs WHERE status IN {_ACTIVE} AND client IS ?",
                    (client,),
                ).fetchone()
                if mine >= per_client:
                    raise QuotaExceededError(
                        f"you have {mine} background jobs queued or running, the limit per "
                        f"client; wait for one to finish, or cancel one, then submit again."
                    )
            if total is not None:
                (everyone,) = db.execute(
                    f"SELECT COUNT(*) FROM jobs WHERE status IN {_ACTIVE}"
                ).fetchone()
                if everyone >= total:
                    raise QuotaExceededError(
                        f"the server's job queue is full ({everyone} background jobs queued "
                        "or running); try again in a few minutes."
                    )
            db.execute(
                "INSERT INTO jobs (id, created, kind, label, status, progress, client, owner) "
                "VALUES (?, ?, ?, ?, 'queued', 0.0, ?, ?)",
                (ident, utc_now(), kind, label, client, this_owner()),
            )
            db.execute(
                f"DELETE FROM jobs WHERE status NOT IN {_ACTIVE} AND id IN ("
                f"  SELECT id FROM jobs WHERE status NOT IN {_ACTIVE}"
                "   ORDER BY rowid DESC LIMIT -1 OFFSET ?)",
                (self.max_results,),
            )
        return ident

    def job(self, ident: str) -> JobRecord:
        """The job ``ident``; UnknownJobError when there is none."""
        with self._read() as db:
            row = db.execute(f"SELECT {_JOB_COLUMNS} FROM jobs WHERE id = ?", (ident,)).fetchone()
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
        with self._write() as db:
            db.execute(f"UPDATE jobs SET {assignments} WHERE id = ?", (*fields.values(), ident))

    def finish_job(self, ident: str, status: str, **fields: Any) -> bool:
        """Move a job that is not yet finished to a final state; False if it already was."""
        with self._write() as db:
            cursor = db.execute(
                "UPDATE jobs SET status = ?, error = ?, message = ?, result_id = ?, "
                "progress = CASE WHEN ? = 'done' THEN 1.0 ELSE progress END "
                f"WHERE id = ? AND status IN {_ACTIVE}",
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
        """Mark jobs left queued or running by a server process that is gone as failed."""
        with self._read() as db:
            rows = db.execute(f"SELECT id, owner FROM jobs WHERE status IN {_ACTIVE}").fetchall()
        lost = [ident for ident, owner in rows if not owner_alive(owner, None, stale_after=0)]
        for ident in lost:
            self.finish_job(
                ident,
                "failed",
                error="ScalingLawError",
                message="the server stopped before this job finished; submit the fit again.",
            )
        return len(lost)

    # ----------------------------------------------------------------- uploads

    def add_upload(self, name: str, sha256: str, data: bytes, ttl_s: float) -> str:
        """Store an upload for ``ttl_s`` seconds and return its id."""
        ident = new_id()
        now = time.time()
        with self._write() as db:
            db.execute("DELETE FROM uploads WHERE created < ?", (now - ttl_s,))
            db.execute(
                "INSERT INTO uploads (id, created, name, sha256, data, size) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (ident, now, name, sha256, data, len(data)),
            )
            db.execute(
                "DELETE FROM uploads WHERE id != ? AND id IN (SELECT id FROM ("
                "  SELECT id, SUM(size) OVER (ORDER BY created DESC, rowid DESC) AS total"
                "  FROM uploads) WHERE total > ?)",
                (ident, self.max_upload_bytes),
            )
        return ident

    def upload(self, ident: str) -> StoredUpload:
        """The stored upload ``ident``; an error when it is unknown or expired."""
        with self._read() as db:
            row = db.execute(
                "SELECT id, name, sha256, data FROM uploads WHERE id = ?", (ident,)
            ).fetchone()
        if row is None:
            raise DataFormatError(
                f"upload id={ident!r} is not on this server (uploads are kept for a day); "
                "upload the file again."
            )
        return StoredUpload(row[0], row[1], row[2], bytes(row[3]))
