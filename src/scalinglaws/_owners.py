"""Which process owns a piece of work, and whether it is still alive.

Shared by the ladder's run registry and the web app's job store: both write
``host:pid`` next to work a process has claimed, and hand the work on (or mark
it failed) once that process is gone.
"""

from __future__ import annotations

import contextlib
import os
import socket
import time
from pathlib import Path

__all__ = ["owner_alive", "this_owner"]


def this_owner() -> str:
    """``host:pid`` of the calling process."""
    return f"{socket.gethostname()}:{os.getpid()}"


def owner_alive(owner: str | None, heartbeat: float | None, *, stale_after: float) -> bool:
    """Whether the process that claimed a piece of work may still be doing it.

    On this host: the process exists and is not a zombie. On another host (a Ray
    worker node): its last heartbeat is younger than `stale_after` seconds.
    """
    if not owner or ":" not in owner:
        return False
    host, _, pid_text = owner.rpartition(":")
    if host != socket.gethostname():
        return heartbeat is not None and time.time() - heartbeat < stale_after
    pid = int(pid_text)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    stat = Path(f"/proc/{pid}/stat")
    with contextlib.suppress(OSError, IndexError):
        return stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"
    return True
