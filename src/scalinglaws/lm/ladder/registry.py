"""The run registry: one SQLite file (WAL) with a row per planned run and its eval points.

Tables:

* ``runs``: the run's spec and fingerprint, ``status`` (planned, running, done,
  failed), ``attempts``, the owner of the current attempt (host:pid and a claim
  token), timestamps, and once done the final loss, tokens, FLOPs, wall time and
  tokens/s with the full :class:`~scalinglaws.lm.TrainRun` as JSON.
* ``evals``: every held-out loss point (run, attempt, tokens, step, loss, tokens/s).
* ``meta``: the ladder config and the predictions made before the target was trained.

Guarantees: a run is claimed in one ``BEGIN IMMEDIATE`` transaction, so two
processes never train it at once; a ``done`` row is never claimed again, and only
the holder of the current claim can mark it done, so every planned run ends
exactly once. A ``running`` row whose owner process is gone (Ctrl-C, kill -9,
a lost node) is claimed again and its training continues from its checkpoint.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scalinglaws._owners import owner_alive, this_owner
from scalinglaws.errors import InvalidOptionError
from scalinglaws.lm.ladder.plan import RunSpec

__all__ = ["STATUSES", "Claim", "Registry", "owner_alive", "this_owner"]

STATUSES = ("planned", "running", "done", "failed")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    run_id TEXT PRIMARY KEY,
    role TEXT NOT NULL,
    size TEXT NOT NULL,
    budget TEXT NOT NULL,
    seed INTEGER NOT NULL,
    n_params INTEGER NOT NULL,
    tokens_planned INTEGER NOT NULL,
    fingerprint TEXT NOT NULL,
    spec TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'planned'
        CHECK (status IN ('planned', 'running', 'done', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    owner TEXT,
    token TEXT,
    heartbeat REAL,
    created REAL NOT NULL,
    started REAL,
    finished REAL,
    final_loss REAL,
    tokens INTEGER,
    flops REAL,
    exact_flops REAL,
    n_params_total INTEGER,
    wall_time REAL,
    tokens_per_s REAL,
    result TEXT,
    error TEXT
);
CREATE TABLE IF NOT EXISTS evals (
    run_id TEXT NOT NULL REFERENCES runs (run_id),
    attempt INTEGER NOT NULL,
    tokens INTEGER NOT NULL,
    step INTEGER NOT NULL,
    loss REAL NOT NULL,
    tokens_per_s REAL,
    time REAL NOT NULL,
    PRIMARY KEY (run_id, attempt, tokens)
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


@dataclass(frozen=True)
class Claim:
    """The right to train one run now: its attempt number and the token that proves it."""

    run_id: str
    attempt: int
    token: str
    owner: str
    resumed: bool  # the run was interrupted before: training continues from its checkpoint


class Registry:
    """The SQLite registry of a ladder.

    Every method opens its own short connection, so one registry object may be shared by threads and
    pickled to worker processes.

    Parameters
    ----------
    path : str or pathlib.Path
        The database file (created with its tables when missing).
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(_SCHEMA)

    def __repr__(self) -> str:
        """A one-line description: the database path."""
        return f"Registry({str(self.path)!r})"

    @contextlib.contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=60.0, isolation_level=None)
        try:
            db.row_factory = sqlite3.Row
            db.execute("PRAGMA synchronous=NORMAL")  # durable across process crashes in WAL
            db.execute("PRAGMA foreign_keys=ON")
            yield db
        finally:
            db.close()

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    # --- planning ---------------------------------------------------------------------
    def register(self, specs: Iterable[RunSpec]) -> int:
        """Add the planned runs that are not in the registry yet; return how many.

        Parameters
        ----------
        specs : iterable of RunSpec
            The planned runs.

        Returns
        -------
        int
            Runs added.

        Raises
        ------
        InvalidOptionError
            A run id is present with another fingerprint (the config changed since that
            run was registered).
        """
        added, now = 0, time.time()
        with self._transaction() as db:
            for spec in specs:
                row = db.execute(
                    "SELECT fingerprint, status FROM runs WHERE run_id = ?", (spec.run_id,)
                ).fetchone()
                if row is not None:
                    if row["fingerprint"] != spec.fingerprint:
                        raise InvalidOptionError(
                            f"registry {self.path}: run {spec.run_id!r} ({row['status']}) was "
                            "planned with other settings (model, tokens, [train] or corpus); "
                            "restore the config, or give a new registry path to start over."
                        )
                    continue
                db.execute(
                    "INSERT INTO runs (run_id, role, size, budget, seed, n_params, tokens_planned,"
                    " fingerprint, spec, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        spec.run_id,
                        spec.role,
                        spec.size,
                        spec.budget,
                        spec.seed,
                        spec.n_params,
                        spec.tokens,
                        spec.fingerprint,
                        json.dumps(spec.to_dict(), sort_keys=True),
                        now,
                    ),
                )
                added += 1
        return added

    # --- claiming and finishing -------------------------------------------------------
    def claim(
        self, run_id: str, *, owner: str | None = None, stale_after: float = 3600.0
    ) -> Claim | None:
        """Atomically claim `run_id` for training, or return None.

        Parameters
        ----------
        run_id : str
            The run.
        owner : str, optional
            Who claims it (host and process); this process when None.
        stale_after : float, default 3600.0
            Seconds without a heartbeat after which another owner's claim is abandoned.

        Returns
        -------
        Claim or None
            The claim (attempt number, token, whether it resumes), or None when the run is
            done or another live process is training it.
        """
        owner = owner or this_owner()
        with self._transaction() as db:
            row = db.execute(
                "SELECT status, owner, heartbeat, attempts FROM runs WHERE run_id = ?", (run_id,)
            ).fetchone()
            if row is None:
                raise KeyError(f"run {run_id!r} is not in registry {self.path}")
            status = row["status"]
            if status == "done":
                return None
            if status == "running" and owner_alive(
                row["owner"], row["heartbeat"], stale_after=stale_after
            ):
                return None
            token, now = uuid.uuid4().hex, time.time()
            db.execute(
                "UPDATE runs SET status = 'running', attempts = attempts + 1, owner = ?,"
                " token = ?, heartbeat = ?, started = COALESCE(started, ?), error = NULL"
                " WHERE run_id = ?",
                (owner, token, now, now, run_id),
            )
            return Claim(run_id, row["attempts"] + 1, token, owner, resumed=row["attempts"] > 0)

    def record_eval(self, claim: Claim, point: Any) -> None:
        """Store one eval point (an EvalPoint) of the claimed run and beat its heart.

        Parameters
        ----------
        claim : Claim
            The claim of the run.
        point : EvalPoint
            The evaluation.
        """
        now = time.time()
        with self._transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO evals VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    claim.run_id,
                    claim.attempt,
                    int(point.tokens),
                    int(point.step),
                    float(point.loss),
                    None if point.tokens_per_s is None else float(point.tokens_per_s),
                    now,
                ),
            )
            db.execute(
                "UPDATE runs SET heartbeat = ? WHERE run_id = ? AND token = ?",
                (now, claim.run_id, claim.token),
            )

    def finish(self, claim: Claim, result: dict[str, Any]) -> bool:
        """Mark the claimed run done with its result.

        Parameters
        ----------
        claim : Claim
            The claim of the run.
        result : dict
            Its ``TrainRun.to_dict()``.

        Returns
        -------
        bool
            False if the claim was lost (another process took the run over).
        """
        with self._transaction() as db:
            cursor = db.execute(
                "UPDATE runs SET status = 'done', finished = ?, heartbeat = ?, final_loss = ?,"
                " tokens = ?, flops = ?, exact_flops = ?, n_params_total = ?, wall_time = ?,"
                " tokens_per_s = ?, result = ?"
                " WHERE run_id = ? AND status = 'running' AND token = ?",
                (
                    time.time(),
                    time.time(),
                    float(result["final_loss"]),
                    int(result["tokens"]),
                    float(result["flops"]),
                    _maybe_float(result.get("exact_flops")),
                    result.get("n_params_total"),
                    _maybe_float(result.get("wall_time")),
                    _maybe_float(result.get("tokens_per_s")),
                    json.dumps(result, allow_nan=True, default=float),
                    claim.run_id,
                    claim.token,
                ),
            )
            return cursor.rowcount == 1

    def fail(self, claim: Claim, error: str) -> None:
        """Mark the claimed run failed with the error text (a resume retries it).

        Parameters
        ----------
        claim : Claim
            The claim of the run.
        error : str
            What went wrong.
        """
        with self._transaction() as db:
            db.execute(
                "UPDATE runs SET status = 'failed', error = ?, finished = ?"
                " WHERE run_id = ? AND status = 'running' AND token = ?",
                (error, time.time(), claim.run_id, claim.token),
            )

    def release(self, claim: Claim) -> None:
        """Hand an interrupted claim back (status planned); its checkpoint stays for resume.

        Parameters
        ----------
        claim : Claim
            The claim of the run.
        """
        with self._transaction() as db:
            db.execute(
                "UPDATE runs SET status = 'planned', owner = NULL, token = NULL"
                " WHERE run_id = ? AND status = 'running' AND token = ?",
                (claim.run_id, claim.token),
            )

    # --- reading ----------------------------------------------------------------------
    def runs(self, run_ids: Iterable[str] | None = None) -> list[dict[str, Any]]:
        """The rows of `run_ids` (all runs when None), in registration order.

        Parameters
        ----------
        run_ids : iterable of str, optional
            The runs; all when None.

        Returns
        -------
        list of dict
            Rows of the ``runs`` table.
        """
        with self._connect() as db:
            rows = [dict(r) for r in db.execute("SELECT * FROM runs ORDER BY rowid")]
        if run_ids is None:
            return rows
        wanted = set(run_ids)
        return [r for r in rows if r["run_id"] in wanted]

    def evals(self, run_id: str | None = None) -> list[dict[str, Any]]:
        """Eval points (of one run, or all), oldest first.

        Parameters
        ----------
        run_id : str, optional
            The run; all when None.

        Returns
        -------
        list of dict
            Rows of the ``evals`` table.
        """
        query, args = "SELECT * FROM evals", tuple[str, ...]()
        if run_id is not None:
            query, args = query + " WHERE run_id = ?", (run_id,)
        with self._connect() as db:
            return [dict(r) for r in db.execute(query + " ORDER BY time, tokens", args)]

    def latest_eval(self, run_id: str) -> dict[str, Any] | None:
        """The most recent evaluation of a run.

        Parameters
        ----------
        run_id : str
            The run's id.

        Returns
        -------
        dict or None
            The evaluation row (columns of the ``evals`` table), None before any.
        """
        with self._connect() as db:
            row = db.execute(
                "SELECT * FROM evals WHERE run_id = ? ORDER BY time DESC LIMIT 1", (run_id,)
            ).fetchone()
        return None if row is None else dict(row)

    def counts(self, run_ids: Iterable[str] | None = None) -> dict[str, int]:
        """How many of the runs are in each status.

        Parameters
        ----------
        run_ids : iterable of str, optional
            The runs; all when None.

        Returns
        -------
        dict of str to int
            A count for every status (planned, running, done, failed), zeros included.
        """
        out = dict.fromkeys(STATUSES, 0)
        for row in self.runs(run_ids):
            out[row["status"]] += 1
        return out

    def set_meta(self, key: str, value: Any) -> None:
        """Store a JSON value under ``key`` in the registry's metadata (replacing any).

        Parameters
        ----------
        key : str
            The name.
        value : Any
            A JSON-serialisable value.
        """
        with self._transaction() as db:
            db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, json.dumps(value)))

    def get_meta(self, key: str) -> Any:
        """Read the metadata value stored under ``key``.

        Parameters
        ----------
        key : str
            The name.

        Returns
        -------
        Any
            The value :meth:`set_meta` stored, None when there is none.
        """
        with self._connect() as db:
            row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else json.loads(row["value"])


def _maybe_float(value: Any) -> float | None:
    return None if value is None else float(value)
