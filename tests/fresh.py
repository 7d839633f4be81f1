"""Run a snippet in a fresh interpreter: what a module imports shows only in a new process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def fresh_python(code: str, *, strict: bool = True, cwd: Path | None = None) -> str:
    """The standard output of ``python -c code`` in a new process, which must succeed.

    ``strict`` runs it with ``-W error``, so a warning fails it too.
    """
    flags = ["-W", "error"] if strict else []
    done = subprocess.run(
        [sys.executable, *flags, "-c", code],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout
