"""Uploaded files: size and row limits, content sniffing, no client path on disk.

The bytes are read with a running count (over ``max_upload_bytes``: 413), the
data lines are counted before any parsing (over ``max_rows``: 413), and the
format is sniffed from the content by :mod:`scalinglaws.io` (CSV, TSV,
Parquet, one number per line), never from the file name. To parse, the bytes
go to a temporary file whose name the server chooses; the client's file name
is only shown in messages (sanitised), and the temporary file is deleted at
once. Nothing is unpickled or evaluated.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pandas as pd

from scalinglaws._optional import needs_extra
from scalinglaws._types import FloatArray
from scalinglaws.errors import DataFormatError, EmptyDataError, ScalingLawError
from scalinglaws.io import read_table, read_values
from scalinglaws.web.errors import UploadTooLargeError

__all__ = ["Upload", "display_name", "from_bytes", "read_upload", "receive", "upload_values"]

_CHUNK = 1 << 20
_PARQUET_MAGIC = b"PAR1"
_UNSAFE = re.compile(r"[^\w.\- ()+,]")


class _Readable(Protocol):
    async def read(self, size: int = -1) -> bytes: ...


@dataclass(frozen=True)
class Upload:
    """An uploaded file held in memory: a display name, its bytes and their SHA-256."""

    name: str
    data: bytes
    sha256: str


def display_name(name: str | None) -> str:
    """The client's file name reduced to a short, harmless label (never used as a path)."""
    base = re.split(r"[\\/]", name or "")[-1]
    cleaned = _UNSAFE.sub("_", base).strip(" .")[:80]
    return cleaned or "upload"


def _mb(count: int) -> str:
    return f"{count / (1024 * 1024):.1f} MB"


def from_bytes(name: str | None, data: bytes, *, max_bytes: int, max_rows: int) -> Upload:
    """Check the limits and wrap the bytes (see :func:`receive` for the async reader)."""
    label = display_name(name)
    if len(data) > max_bytes:
        raise UploadTooLargeError(
            f"{label}: the file is larger than the upload limit of {_mb(max_bytes)}; "
            "fit a sample of it, or start the server with a larger --max-upload-mb."
        )
    if not data.strip():
        raise EmptyDataError(f"{label}: the file is empty; it needs at least one row of numbers.")
    rows = _count_rows(data)
    if rows > max_rows:
        raise UploadTooLargeError(
            f"{label}: the file has {rows:,} rows, more than this server's limit of "
            f"{max_rows:,}; fit a random sample of the rows, or raise max_rows."
        )
    return Upload(label, data, hashlib.sha256(data).hexdigest())


async def receive(file: _Readable, name: str | None, *, max_bytes: int, max_rows: int) -> Upload:
    """Read an upload in chunks, stopping as soon as it passes ``max_bytes`` (413)."""
    parts: list[bytes] = []
    size = 0
    while chunk := await file.read(_CHUNK):
        size += len(chunk)
        if size > max_bytes:
            raise UploadTooLargeError(
                f"{display_name(name)}: the file is larger than the upload limit of "
                f"{_mb(max_bytes)}; fit a sample of it, or start the server with a larger "
                "--max-upload-mb."
            )
        parts.append(chunk)
    return from_bytes(name, b"".join(parts), max_bytes=max_bytes, max_rows=max_rows)


def _count_rows(data: bytes) -> int:
    """Data rows: from the Parquet footer, else the number of lines."""
    if data.startswith(_PARQUET_MAGIC):
        with needs_extra("parquet", "reading Parquet files"):
            import pyarrow
            import pyarrow.parquet as pq

        try:
            return int(pq.ParquetFile(io.BytesIO(data)).metadata.num_rows)
        except (pyarrow.ArrowException, OSError, ValueError):
            return 0  # a broken footer: read_table reports it with the file's name
    return data.count(b"\n") + (0 if data.endswith(b"\n") else 1)


@contextlib.contextmanager
def _on_disk(upload: Upload) -> Iterator[Path]:
    """The bytes in a temporary file with a server-chosen name; messages name the upload."""
    handle, temp = tempfile.mkstemp(prefix="scalinglaws-upload-", suffix=".bin")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(upload.data)
        try:
            yield Path(temp)
        except ScalingLawError as exc:
            message = str(exc).replace(temp, upload.name)
            raise type(exc)(message) from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)


def read_upload(upload: Upload) -> pd.DataFrame:
    """The upload as a table (see :func:`scalinglaws.io.read_table`)."""
    with _on_disk(upload) as path:
        frame = read_table(path)
    if frame.shape[0] == 0:
        raise DataFormatError(
            f"{upload.name}: the table has a header but no data rows; add rows of numbers."
        )
    return frame


def upload_values(upload: Upload, column: str | None) -> FloatArray:
    """One column of numbers (or an expanded value/count histogram) for a tail fit."""
    with _on_disk(upload) as path:
        return read_values(path, column=column)
