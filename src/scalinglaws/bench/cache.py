"""Per-case results on disk, written atomically, so an interrupted bench resumes.

Each (suite, method, case) has one CSV file under ``OUT/cache/SUITE/METHOD/``;
a case whose file exists is not run again. Files are written to a temporary
name in the same folder and renamed into place (``os.replace`` is atomic), so
a killed run leaves either the whole file or none.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import pandas as pd

__all__ = ["case_path", "read_case", "write_atomic", "write_case"]


def case_path(out: Path, suite: str, method: str, key: str) -> Path:
    """The cache file of one case (the key made safe as a file name)."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", key).strip("_") or "case"
    return out / "cache" / suite / method / f"{safe}.csv"


def read_case(path: Path) -> pd.DataFrame | None:
    """The cached scores, or None when the case has not been run."""
    return pd.read_csv(path) if path.exists() else None


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and an atomic rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.chmod(temporary, 0o644)  # mkstemp makes it private; outputs are ordinary files
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_case(path: Path, scores: pd.DataFrame) -> None:
    """Cache one case's scores."""
    write_atomic(path, scores.to_csv(index=False))
