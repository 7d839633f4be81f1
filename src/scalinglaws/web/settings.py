"""Settings of the web app: one frozen dataclass, passed to :func:`create_app`.

Nothing is read from module globals: the data folder, the limits and the worker
counts are all fields here (``scalinglaws serve`` fills them from its options).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from scalinglaws.ask import DEFAULT_MODEL

__all__ = ["Settings", "default_data_dir"]

MB = 1024 * 1024


def default_data_dir() -> Path:
    """The user's data folder: ``$XDG_DATA_HOME/scalinglaws`` or ``~/.local/share/scalinglaws``."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "scalinglaws"


@dataclass(frozen=True)
class Settings:
    """How the app stores results and what it accepts.

    Attributes:
        data_dir: where the SQLite database (results, jobs, uploads) lives.
        max_upload_bytes: larger uploads are refused with 413 (default 50 MB).
        max_rows: files with more data lines are refused with 413 before parsing.
        max_jobs: background jobs running at once (each in its own process);
            more wait in the queue.
        job_workers: worker processes one job's bootstrap may use (1: in the
            job's own process, which keeps a small machine responsive).
        ask_model: the extractive QA model for questions (None: retrieval only).
        ask_retrieval: "fused", "bm25" or "dense" (see :func:`scalinglaws.ask`).
        upload_ttl_s: uploaded files older than this are deleted from the database.
    """

    data_dir: Path = field(default_factory=default_data_dir)
    max_upload_bytes: int = 50 * MB
    max_rows: int = 1_000_000
    max_jobs: int = 2
    job_workers: int = 1
    ask_model: str | None = DEFAULT_MODEL
    ask_retrieval: str = "fused"
    upload_ttl_s: float = 24 * 3600.0

    @property
    def database(self) -> Path:
        """The SQLite file holding results, jobs and uploads."""
        return Path(self.data_dir).expanduser() / "scalinglaws-web.sqlite3"
