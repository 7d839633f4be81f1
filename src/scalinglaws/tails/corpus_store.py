"""The resumable results table of a corpus fit: a Parquet file plus checkpoint parts.

While a corpus is being fitted, finished rows are written every few rows as small
Parquet parts in ``<out>.parts/`` (each written to a temporary name and renamed, so
a part is either whole or absent). When the corpus is done, the parts and any earlier
table are merged into ``<out>`` (also atomically) and the parts removed. A run that
was killed (even by SIGKILL) and started again reads the table and the parts, and
fits only the data sets that have no row yet.
"""

from __future__ import annotations

import os
import shutil
import time
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from scalinglaws._optional import check_extra
from scalinglaws.errors import DataFormatError
from scalinglaws.io import write_atomic

__all__ = ["ResultsStore"]


class ResultsStore:
    """Rows by data-set name, checkpointed to disk when `out` is given."""

    def __init__(self, out: str | os.PathLike[str] | None, *, every: int = 25) -> None:
        self.out = None if out is None else Path(out)
        self.parts = None if self.out is None else self.out.with_name(self.out.name + ".parts")
        self.every = max(1, int(every))
        self.rows: dict[str, dict[str, Any]] = {}
        self._pending: list[dict[str, Any]] = []
        self._last_flush = time.monotonic()
        if self.out is not None and self.parts is not None:
            check_extra("parquet", "fit_tails(out=...)")  # fail before any fit, not after
            self.out.parent.mkdir(parents=True, exist_ok=True)
            self._load(self.out, self.parts)

    def _load(self, out: Path, parts: Path) -> None:
        files = [out] if out.exists() else []
        if parts.is_dir():
            files += sorted(parts.glob("part-*.parquet"))
        for file in files:
            try:
                frame = pd.read_parquet(file)
            except (OSError, ValueError) as exc:
                raise DataFormatError(
                    f"{file}: an earlier results table that cannot be read ({exc}); "
                    "move it away to start afresh."
                ) from None
            for row in frame.to_dict("records"):
                self.rows[str(row["name"])] = {str(key): value for key, value in row.items()}

    def add(self, row: dict[str, Any]) -> None:
        """Keep a finished row; checkpoint every `every` rows or 10 seconds."""
        self.rows[str(row["name"])] = row
        self._pending.append(row)
        if len(self._pending) >= self.every or time.monotonic() - self._last_flush > 10:
            self.flush()

    def flush(self) -> None:
        """Write the rows not yet on disk as one part."""
        self._last_flush = time.monotonic()
        if self.parts is None or not self._pending:
            self._pending.clear()
            return
        self.parts.mkdir(exist_ok=True)
        name = f"part-{time.time_ns():020d}-{uuid.uuid4().hex[:8]}.parquet"
        _write_table(pd.DataFrame(self._pending), self.parts / name)
        self._pending.clear()

    def table(self, order: Iterable[str]) -> pd.DataFrame:
        """Every row, in `order` (names without a row are left out)."""
        rows = [self.rows[name] for name in order if name in self.rows]
        return pd.DataFrame(rows)

    def finish(self, order: Iterable[str]) -> pd.DataFrame:
        """Write the whole table to `out` (atomically), drop the parts, return it."""
        frame = self.table(order)
        self._pending.clear()
        if self.out is not None and self.parts is not None:
            _write_table(frame, self.out)
            shutil.rmtree(self.parts, ignore_errors=True)
        return frame


def _write_table(frame: pd.DataFrame, target: Path) -> None:
    """Parquet, atomically and flushed to the disk: a part is whole or absent."""
    write_atomic(target, lambda temp: frame.to_parquet(temp, index=False), fsync=True)
