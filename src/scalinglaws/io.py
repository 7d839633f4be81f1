"""Read user files into tables and into columns of numbers.

The format is sniffed from the content, never from the extension:

* **Parquet**: the file starts with the magic bytes ``PAR1`` (read with pyarrow, from
  the ``parquet`` extra).
* **Delimited text**: CSV, TSV, ``;``- or ``|``-separated, or columns separated
  by runs of spaces. The delimiter is the first of tab, comma, semicolon, pipe
  that splits every sampled line into the same number (> 1) of fields;
  failing that, runs of whitespace. The first row is a header when it holds
  labels rather than numbers.
* **One number per line**, whitespace-padded or not (e.g. Clauset's
  ``"   3.0769474e+00"``), with an optional one-line header.
* A ``value<TAB>count`` **histogram** (optionally headed, e.g.
  ``degree<TAB>frequency``) is read as two columns by :func:`read_table`;
  :func:`read_values` expands it into one value per observation.

Blank lines and ``#`` lines are skipped. Text may be UTF-8 (BOM or not),
UTF-16 with BOM, or Windows-1252/Latin-1. Missing entries (empty, ``NA``,
``N/A``, ``null``, ``None``, ``NaN``) become NaN in numeric columns, which
:func:`read_values` refuses. Every problem raises a :mod:`scalinglaws.errors`
exception naming the file, the column or line, the value seen and the fix.

Files the package writes go through :func:`write_atomic` (a temporary file in the
same folder renamed over the target), so an interrupted save loses nothing.
"""

from __future__ import annotations

import csv
import os
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from scalinglaws._atomic import write_atomic
from scalinglaws._optional import needs_extra
from scalinglaws._types import FloatArray
from scalinglaws._validate import as_float_vector
from scalinglaws.errors import (
    DataFormatError,
    EmptyDataError,
    InvalidInputError,
    InvalidOptionError,
)

__all__ = ["read_table", "read_values", "read_values_and_counts", "write_atomic"]

_PARQUET_MAGIC = b"PAR1"
_KNOWN_BINARY = {
    b"PK\x03\x04": "a ZIP archive (an .xlsx workbook?); save the sheet as CSV",
    b"\xd0\xcf\x11\xe0": "an old Office document (.xls?); save the sheet as CSV",
    b"\x1f\x8b": "gzip-compressed; decompress it first",
}
_DELIMITERS = ("\t", ",", ";", "|")
_DELIMITER_NAMES = {"\t": "tab", ",": "comma", ";": "semicolon", "|": "pipe", None: "whitespace"}
_SNIFF_LINES = 1000
# Control characters (other than tab and newlines) mean the file is not text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_NUMBER = re.compile(
    r"[+-]?(?:(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|inf|infinity|nan)",
    re.IGNORECASE,
)
_MISSING = frozenset({"", "na", "n/a", "nan", "-nan", "null", "none"})
# Header names that mark the second column of a value/count histogram.
_COUNT_NAMES = frozenset({"n", "num", "number"})
_COUNT_WORDS = ("count", "freq", "occurrence", "multiplicity", "weight")
# read_values refuses to expand a histogram into more values than this (8 bytes each).
_MAX_HISTOGRAM_VALUES = 100_000_000


@dataclass(frozen=True)
class _Table:
    frame: pd.DataFrame
    header: bool  # False when the column names were made up (no header row)
    where: str  # the path as the user gave it, for messages
    lines: list[int] | None = None  # file line number of each data row (text files)


def read_table(path: str | os.PathLike[str]) -> pd.DataFrame:
    """Read a CSV, TSV, Parquet or one-number-per-line file into a DataFrame.

    Numeric columns come back as int64 or float64 (missing entries as NaN);
    other columns keep their text as object dtype. Files without a header row
    get the column name ``"value"`` (one column) or ``"column_1"``,
    ``"column_2"``, ... (several).

    Parameters
    ----------
    path : str or os.PathLike
        The file; Parquet needs the ``parquet`` extra.

    Returns
    -------
    pandas.DataFrame
        The table.

    Raises
    ------
    DataFormatError
        The file is missing, empty, binary, or has rows with different numbers of fields.
    """
    return _read(path).frame


def read_values(path: str | os.PathLike[str], column: str | None = None) -> FloatArray:
    """Return one column of a file as a finite float64 array, for a tail fit.

    A value/count histogram is expanded (see :func:`read_values_and_counts`, which
    keeps it as counts).

    With ``column=None`` the file must hold exactly one numeric column, or be
    a ``value, count`` histogram (two numeric columns, distinct values,
    non-negative whole counts; a header, if any, must call the second column
    something like ``count`` or ``frequency``), which is expanded with
    :func:`numpy.repeat` so each observation appears once.

    Parameters
    ----------
    path : str or os.PathLike
        A file :func:`read_table` reads.
    column : str, optional
        The column to read; None picks the only numeric one.

    Returns
    -------
    numpy.ndarray
        The values, float64, one per observation.

    Raises
    ------
    DataFormatError
        The file is not a readable table (see :func:`read_table`).
    InvalidOptionError
        ``column`` is not in the file, or it is ``None`` and several columns hold numbers.
    InvalidInputError
        The column holds non-numbers, NaN or infinities.
    EmptyDataError
        There are no data rows.
    """
    values, counts = read_values_and_counts(path, column)
    if counts is None:
        return values
    total = float(counts.sum())
    if total > _MAX_HISTOGRAM_VALUES:
        raise InvalidInputError(
            f"{os.fspath(path)}: the histogram's counts add up to {total:.0f} observations, "
            f"more than the {_MAX_HISTOGRAM_VALUES:,} read_values can expand; use "
            "read_values_and_counts (fit_tail(values, counts=...)) instead."
        )
    return np.repeat(values, counts)


def read_values_and_counts(
    path: str | os.PathLike[str], column: str | None = None
) -> tuple[FloatArray, npt.NDArray[np.int64] | None]:
    """One column of numbers, or a ``value, count`` histogram kept as (values, counts).

    Reads like :func:`read_values`; a histogram comes back as its values and whole
    counts (for ``fit_tail(values, counts=...)``, which never expands them), any other
    column as ``(values, None)``.

    Parameters
    ----------
    path : str or os.PathLike
        A file :func:`read_table` reads.
    column : str, optional
        The column to read; None picks the only numeric one (or the histogram).

    Returns
    -------
    values : numpy.ndarray
        float64 values (distinct, for a histogram).
    counts : numpy.ndarray of int64 or None
        The whole counts of a histogram, None otherwise.

    Raises
    ------
    DataFormatError, InvalidOptionError, InvalidInputError, EmptyDataError
        As :func:`read_values`.
    """
    table = _read(path)
    frame, where = table.frame, table.where
    names = [str(c) for c in frame.columns]
    if column is not None:
        if not isinstance(column, str) or column not in names:
            raise InvalidOptionError(
                f"{where}: column={column!r} is not in the file; "
                f"available columns: {_listing(names)}."
            )
        return _column_values(table, column), None
    if len(names) == 1:
        return _column_values(table, names[0]), None
    if len(frame) == 0:
        raise EmptyDataError(
            f"{where}: the table has columns {_listing(names)} but no data rows; "
            "add rows of numbers below the header."
        )
    kinds = {name: _kind(frame[name]) for name in names}
    candidates = [name for name in names if kinds[name] != "text"]
    if len(candidates) == 1:
        return _column_values(table, candidates[0]), None
    if not candidates:
        raise InvalidInputError(
            f"{where}: no column holds numbers (columns: {_listing(names)}); "
            "pass a file with a numeric column."
        )
    if len(names) == 2 and all(kinds[n] == "numeric" for n in names):
        histogram = _histogram(table, names)
        if histogram is not None:
            return histogram
    raise InvalidOptionError(
        f"{where}: several columns hold numbers ({_listing(candidates)}); pass column=NAME "
        "to choose one. (A value/count histogram needs distinct values, non-negative whole "
        "counts and, if there is a header, a second column called e.g. 'count' or 'frequency'.)"
    )


# --------------------------------------------------------------------------- reading


def _read(path: str | os.PathLike[str]) -> _Table:
    if not isinstance(path, (str, os.PathLike)):
        raise InvalidOptionError(f"path={path!r} is not a file path; pass a str or pathlib.Path.")
    where = os.fspath(path)
    file = Path(where)
    if not file.exists():
        raise DataFormatError(f"{where}: no such file; check the path and the working directory.")
    if file.is_dir():
        raise DataFormatError(f"{where}: is a directory, not a file; pass the data file inside it.")
    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise DataFormatError(f"{where}: cannot be read ({exc}); check permissions.") from None
    if not raw.strip():
        raise DataFormatError(f"{where}: the file is empty; it needs at least one row of numbers.")
    if raw.startswith(_PARQUET_MAGIC):
        return _Table(_read_parquet(file, where), header=True, where=where)
    for magic, what in _KNOWN_BINARY.items():
        if raw.startswith(magic):
            raise DataFormatError(f"{where}: is {what}.")
    return _parse_text(_decode(raw, where), where)


def _read_parquet(file: Path, where: str) -> pd.DataFrame:
    with needs_extra("parquet", "reading Parquet files"):
        import pyarrow  # pandas reads the file; pyarrow's exception class is caught here

    try:
        frame = pd.read_parquet(file, engine="pyarrow")
    except (pyarrow.ArrowException, OSError, ValueError, TypeError) as exc:
        raise DataFormatError(
            f"{where}: starts like a Parquet file but cannot be read ({exc}); "
            "re-export it or save it as CSV."
        ) from None
    if frame.shape[1] == 0:
        raise DataFormatError(
            f"{where}: the Parquet file has no columns; it needs a column of numbers."
        )
    frame.columns = pd.Index(_unique_names([str(c) for c in frame.columns]))
    return frame


def _decode(raw: bytes, where: str) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings: tuple[str, ...] = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "cp1252", "latin-1")
    for encoding in encodings:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        bad = _CONTROL.search(text)
        if bad is None:
            return text
        raise DataFormatError(
            f"{where}: is not a text table (control character {ord(bad.group()):#04x} "
            f"at character {bad.start()}); pass a CSV, TSV, Parquet or one-number-per-line file."
        )
    raise DataFormatError(
        f"{where}: is not a text table (the bytes are not valid {encodings[0]}); "
        "pass a CSV, TSV, Parquet or one-number-per-line file."
    )


def _parse_text(text: str, where: str) -> _Table:
    # Strip spaces only: a tab may separate an empty first or last field.
    stripped = [
        line.strip(" ") for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    ]
    kept = [i for i, line in enumerate(stripped) if line and line[0] != "#" and not line.isspace()]
    if not kept:
        raise DataFormatError(
            f"{where}: holds only blank lines and # comments; it needs rows of numbers."
        )
    lines = [stripped[i] for i in kept] if len(kept) < len(stripped) else stripped
    numbers = [i + 1 for i in kept]  # file line number of each kept line
    delimiter = _sniff(lines[:_SNIFF_LINES], where, numbers)
    if delimiter == "" and not any(line[0] == '"' for line in lines):
        by_column = [lines]
    else:  # a single column with quotes is split on commas (it has none) to unquote it
        split_on = "," if delimiter == "" else delimiter
        by_column, widths = _columns(lines, split_on, where)
        if not by_column:
            raise _ragged(where, widths, numbers, split_on)
    rows = [list(row) for row in zip(*(c[: _SNIFF_LINES + 1] for c in by_column), strict=True)]
    header = _has_header(rows)
    names = rows[0] if header else [""] * len(rows[0])
    columns: list[tuple[str, npt.NDArray[Any]]] = []
    for name, cells in zip(names, by_column, strict=True):
        body = cells[1:] if header else cells
        if not name and body and all(cell.lower() in _MISSING for cell in body):
            continue  # an unnamed, all-empty column (e.g. from a trailing delimiter)
        columns.append((name, _convert(body)))
    if not columns:
        raise DataFormatError(f"{where}: every field is empty; it needs rows of numbers.")
    if not header:
        made_up = (
            ["value"] if len(columns) == 1 else [f"column_{k + 1}" for k in range(len(columns))]
        )
        columns = [(label, array) for label, (_, array) in zip(made_up, columns, strict=True)]
    labels = _unique_names([name for name, _ in columns])
    frame = pd.DataFrame(dict(zip(labels, (array for _, array in columns), strict=True)))
    return _Table(frame, header=header, where=where, lines=numbers[1:] if header else numbers)


def _sniff(lines: list[str], where: str, numbers: list[int]) -> str | None:
    """Return the delimiter, None for runs of whitespace, or "" for a single column."""
    split_by: dict[str, list[int]] = {}
    for delimiter in _DELIMITERS:
        widths = [len(row) for row in _split(lines, delimiter, where)]
        split_by[delimiter] = widths
        if len(set(widths)) == 1 and widths[0] > 1:
            return delimiter
    tokens = [len(line.split()) for line in lines]
    if len(set(tokens)) == 1 and tokens[0] > 1:
        return None
    if all(max(widths) == 1 for widths in split_by.values()) and max(tokens[1:], default=1) == 1:
        return ""
    # Ragged: blame the delimiter that splits the most lines.
    best = max(_DELIMITERS, key=lambda d: sum(w > 1 for w in split_by[d]))
    if sum(w > 1 for w in split_by[best]) == 0:
        raise _ragged(where, tokens, numbers, None)
    raise _ragged(where, split_by[best], numbers, best)


def _columns(
    lines: list[str], delimiter: str | None, where: str
) -> tuple[list[list[str]], list[int]]:
    """Split every line; return the cells column by column (empty if ragged) and the widths."""
    if delimiter is not None and not any('"' in line for line in lines):
        # No quoting, so plain splitting is exact; done on the whole block for speed.
        widths = [line.count(delimiter) + 1 for line in lines]
        if len(set(widths)) != 1:
            return [], widths
        flat = delimiter.join(lines).split(delimiter)
        return [list(map(str.strip, flat[j :: widths[0]])) for j in range(widths[0])], widths
    rows = _split(lines, delimiter, where)
    widths = [len(row) for row in rows]
    if len(rows) != len(lines) or len(set(widths)) != 1:
        return [], widths
    return [list(cells) for cells in zip(*rows, strict=True)], widths


def _split(lines: list[str], delimiter: str | None, where: str) -> list[list[str]]:
    if delimiter is None:
        return [line.split() for line in lines]
    try:
        reader = csv.reader(lines, delimiter=delimiter, skipinitialspace=True)
        return [[cell.strip() for cell in row] for row in reader]
    except csv.Error as exc:
        raise DataFormatError(
            f"{where}: cannot be split into fields ({exc}); check quoting and line length."
        ) from None


def _ragged(
    where: str, widths: list[int], numbers: list[int], delimiter: str | None
) -> DataFormatError:
    common = Counter(widths).most_common(1)[0][0]
    first = next((i for i, w in enumerate(widths) if w != common), len(widths) - 1)
    line = numbers[min(first, len(numbers) - 1)]
    return DataFormatError(
        f"{where}: rows have different numbers of fields "
        f"({_DELIMITER_NAMES[delimiter]}-separated): line {line} has {widths[first]} but most "
        f"rows have {common}; give every row the same number of fields, or quote fields that "
        "contain the delimiter."
    )


def _is_number(cell: str) -> bool:
    return _NUMBER.fullmatch(cell) is not None


def _is_label(cell: str) -> bool:
    """True for text that can only be a column name (not a number, not missing)."""
    if cell.lower() in _MISSING or _is_number(cell):
        return False
    return not all(_is_number(token) for token in cell.split())


def _has_header(rows: list[list[str]]) -> bool:
    labels = [_is_label(cell) for cell in rows[0]]
    if not any(labels):
        return False
    if all(labels):
        return True
    sample = rows[1 : 1 + _SNIFF_LINES]
    return any(
        is_label and sample and all(_is_number(row[j]) for row in sample)
        for j, is_label in enumerate(labels)
    )


def _convert(cells: list[str]) -> npt.NDArray[Any]:
    """Cells of one column -> int64, float64 (missing as NaN) or object (the text)."""
    block = "\n".join(cells)
    # On ASCII without underscores, int() and float() accept exactly _NUMBER's notation,
    # so numpy's (C-speed) conversion can be tried first.
    if block.isascii() and "_" not in block:
        for dtype in (np.int64, np.float64):
            try:
                return np.array(cells, dtype=dtype)
            except (OverflowError, ValueError):
                pass
    missing = [cell.lower() in _MISSING for cell in cells]
    if all(m or _is_number(cell) for m, cell in zip(missing, cells, strict=True)):
        return np.array(
            [np.nan if m else float(cell) for m, cell in zip(missing, cells, strict=True)],
            dtype=np.float64,
        )
    return np.array(cells, dtype=object)


def _unique_names(names: list[str]) -> list[str]:
    seen: Counter[str] = Counter()
    unique: list[str] = []
    for position, name in enumerate(names, 1):
        base = name or f"column_{position}"
        label = base if not seen[base] else f"{base}.{seen[base]}"
        seen[base] += 1
        unique.append(label)
    return unique


# --------------------------------------------------------------------------- columns


def _kind(series: pd.Series[Any]) -> str:
    """'numeric', 'text' (no numbers at all) or 'mixed' (numbers and non-numbers)."""
    if pd.api.types.is_bool_dtype(series.dtype):
        return "text"
    if pd.api.types.is_numeric_dtype(series.dtype):
        return "numeric"
    present = [cell for cell in _cells(series) if cell.lower() not in _MISSING]
    numbers = sum(map(_is_number, present))
    return "text" if numbers == 0 else "numeric" if numbers == len(present) else "mixed"


def _cells(series: pd.Series[Any]) -> list[str]:
    """The entries of a non-numeric column as stripped text ("" for None/NaN/NA)."""
    return [
        "" if v is None or v is pd.NA or (isinstance(v, float) and v != v) else str(v).strip()
        for v in series.to_numpy(dtype=object)
    ]


def _column_values(table: _Table, column: str) -> FloatArray:
    series = table.frame[column]
    name = f"{table.where}: column {column!r}"
    if pd.api.types.is_bool_dtype(series.dtype):
        raise InvalidInputError(f"{name}: holds true/false values; choose a numeric column.")
    if pd.api.types.is_numeric_dtype(series.dtype):
        values = series.to_numpy(dtype=np.float64, na_value=np.nan)
    else:
        cells = _cells(series)
        missing = [cell.lower() in _MISSING for cell in cells]
        for row, (cell, absent) in enumerate(zip(cells, missing, strict=True)):
            if not absent and not _is_number(cell):
                raise InvalidInputError(
                    f"{name}: {_row(table, row)} holds {cell[:40]!r}, which is not a number; "
                    "remove non-numeric rows or choose a numeric column."
                )
        values = np.array(
            [np.nan if absent else float(c) for c, absent in zip(cells, missing, strict=True)],
            dtype=np.float64,
        )
    bad = ~np.isfinite(values)
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise InvalidInputError(
            f"{name}: {int(bad.sum())} value(s) are missing, NaN or infinite (first: "
            f"{_row(table, row)}, {float(values[row])}); drop or impute them first."
        )
    return as_float_vector(values, name=name)


def _row(table: _Table, row: int) -> str:
    if table.lines is None:
        return f"data row {row + 1}"
    return f"data row {row + 1} (line {table.lines[row]} of the file)"


def _histogram(table: _Table, names: list[str]) -> tuple[FloatArray, npt.NDArray[np.int64]] | None:
    """A value/count histogram as (values, counts), or None when it is not one."""
    frame, where = table.frame, table.where
    value_name, count_name = names
    label = count_name.strip().lower()
    if table.header and not (label in _COUNT_NAMES or any(w in label for w in _COUNT_WORDS)):
        return None
    counts = frame[count_name].to_numpy(dtype=np.float64, na_value=np.nan)
    raw_values = frame[value_name].to_numpy(dtype=np.float64, na_value=np.nan)
    whole = np.isfinite(counts) & (counts >= 0) & (counts == np.round(counts))
    if not whole.all():
        return None
    finite = raw_values[np.isfinite(raw_values)]
    if np.unique(finite).size != finite.size:
        return None
    values = _column_values(table, value_name)
    total = float(counts.sum())
    if total == 0:
        raise EmptyDataError(
            f"{where}: a value/count histogram whose counts (column {count_name!r}) are all "
            "zero; there are no observations to fit."
        )
    return values, counts.astype(np.int64)


def _listing(names: list[str]) -> str:
    return ", ".join(repr(name) for name in names)
