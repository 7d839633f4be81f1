"""Settings of the web app: one frozen dataclass, passed to :func:`create_app`.

Nothing is read from module globals: the data folder, the limits, the token and
the worker counts are all fields here (``scalinglaws serve`` fills them from its
options; with several uvicorn workers they travel as JSON, :meth:`Settings.to_json`).
"""

from __future__ import annotations

import dataclasses
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scalinglaws.ask import DEFAULT_MODEL

__all__ = ["Settings", "default_data_dir"]

MB = 1024 * 1024


def default_data_dir() -> Path:
    """The user's data folder: ``$XDG_DATA_HOME/scalinglaws`` or ``~/.local/share/scalinglaws``."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "scalinglaws"


@dataclass(frozen=True)
class Settings:
    """How the app stores results, whom it answers and what it accepts.

    Attributes
    ----------
    data_dir : Path
        Where the SQLite database (results, jobs, uploads) and the
        session signing key live.
    max_upload_bytes : int
        Larger uploads and request bodies are refused with 413
        (default 50 MB).
    max_rows : int
        Files with more data lines are refused with 413 before parsing.
    max_jobs : int
        Background jobs running at once in each server process (each
        in its own process, or as a Ray task); more wait in the queue.
    job_workers : int
        Worker processes one job's bootstrap may use (1: in the
        job's own process, which keeps a small machine responsive).
    ask_model : str, optional
        The extractive QA model for questions (None: retrieval only).
    ask_retrieval : str
        "fused", "bm25" or "dense" (see :func:`scalinglaws.ask`).
    upload_ttl_s : float
        Uploaded files older than this are deleted from the database.
    token : str, optional
        The secret every request must carry (``Authorization: Bearer``, or
        a browser session opened with ``?token=``); None: no token (loopback
        only, see ``scalinglaws serve``). Never shown in ``repr``.
    allowed_hosts : tuple[str, ...]
        ``Host`` names answered besides loopback (the bound address,
        a reverse proxy's public name); ``"*"`` answers any host.
    protect : bool
        The Host, token, Origin and CSRF checks. False only to measure
        what they cost (``benchmarks/bench_web.py``); never serve with it.
    max_jobs_per_client : int
        Background jobs one client (IP address) may have
        queued or running; one more is refused with 429.
    max_queued_jobs : int
        Background jobs queued or running on the whole server.
    max_requests_per_client : int
        Requests one client may have in flight in one
        server process; one more is refused with 429.
    body_timeout_s : float
        The time a client has to send a request's body (408 after).
    job_timeout_s : float
        A background job running longer is stopped and marked failed.
    max_results : int
        Stored results kept; beyond it the least recently used go.
    max_result_bytes : int
        Total size of the stored results (JSON), same policy.
    max_upload_store_bytes : int
        Total size of the kept uploads; the oldest go first.
    ray_address : str, optional
        Run background jobs as Ray tasks: ``"local"`` (a Ray instance
        started by the server) or a cluster address; None: local processes.
    """

    data_dir: Path = field(default_factory=default_data_dir)
    max_upload_bytes: int = 50 * MB
    max_rows: int = 1_000_000
    max_jobs: int = 2
    job_workers: int = 1
    ask_model: str | None = DEFAULT_MODEL
    ask_retrieval: str = "fused"
    upload_ttl_s: float = 24 * 3600.0
    token: str | None = field(default=None, repr=False)
    allowed_hosts: tuple[str, ...] = ()
    protect: bool = True
    max_jobs_per_client: int = 4
    max_queued_jobs: int = 64
    max_requests_per_client: int = 64
    body_timeout_s: float = 120.0
    job_timeout_s: float = 6 * 3600.0
    max_results: int = 1000
    max_result_bytes: int = 512 * MB
    max_upload_store_bytes: int = 1024 * MB
    ray_address: str | None = None

    @property
    def database(self) -> Path:
        """The SQLite file holding results, jobs and uploads."""
        return Path(self.data_dir).expanduser() / "scalinglaws-web.sqlite3"

    def to_json(self) -> str:
        """The settings as JSON text (read back by :meth:`from_json`).

        Returns
        -------
        str
            A JSON object of every field (paths as text).
        """
        data: dict[str, Any] = dataclasses.asdict(self)
        data["data_dir"] = str(self.data_dir)
        return json.dumps(data)

    @classmethod
    def from_json(cls, text: str) -> Settings:
        """Settings written by :meth:`to_json`.

        Parameters
        ----------
        text : str
            The JSON text.

        Returns
        -------
        Settings
            The settings.
        """
        data = json.loads(text)
        data["data_dir"] = Path(data["data_dir"])
        data["allowed_hosts"] = tuple(data["allowed_hosts"])
        return cls(**data)
