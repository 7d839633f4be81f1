"""Per-case results on disk, written atomically, so an interrupted bench resumes.

Each (suite, method, case) has one CSV file under ``OUT/cache/SUITE/METHOD/``;
a case whose file exists is not run again. Files are written with
:func:`scalinglaws.io.write_atomic` (a temporary name in the same folder renamed
into place), so a killed run leaves either the whole file or none.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from scalinglaws.io import write_atomic

__all__ = ["case_path", "read_case", "write_case"]


def case_path(out: Path, suite: str, method: str, key: str) -> Path:
    """The cache file of one case (the key made safe as a file name)."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", key).strip("_") or "case"
    return out / "cache" / suite / method / f"{safe}.csv"


def read_case(path: Path) -> pd.DataFrame | None:
    """The cached scores, or None when the case has not been run."""
    return pd.read_csv(path) if path.exists() else None


def write_case(path: Path, scores: pd.DataFrame) -> None:
    """Cache one case's scores."""
    write_atomic(path, scores.to_csv(index=False))
