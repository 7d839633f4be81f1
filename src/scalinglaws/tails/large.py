"""Tails of data too large for memory: a Parquet column aggregated out of core.

A tail fit needs only the distinct values and their counts. For a Parquet column
DuckDB computes them with a streaming GROUP BY under a memory limit (spilling to
disk beyond it), so 10^9 integer rows become a histogram of a few thousand rows,
which :func:`fit_tail` then fits exactly (``benchmarks/bench_tails_scale.py``
measured DuckDB against Polars' streaming engine on the same file; see
docs/tails.md). Continuous columns with more distinct values than `max_distinct`
go through the binned route: logarithmic bins with `resolution` bins per decade
(relative bin width 10^(1/resolution) - 1, 2.3% at the default 100), fitted by
:func:`fit_tail_binned` (Virkar & Clauset 2014).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np

from scalinglaws._optional import needs_extra
from scalinglaws._types import FloatArray
from scalinglaws._validate import check_number
from scalinglaws.errors import DataFormatError, InvalidInputError, InvalidOptionError
from scalinglaws.io import read_values_and_counts
from scalinglaws.tails.binned_fit import BinnedTailFit, fit_tail_binned
from scalinglaws.tails.fit import fit_tail
from scalinglaws.tails.inputs import IntArray
from scalinglaws.tails.result import TailFit

__all__ = ["count_parquet", "fit_tail_file", "log_bin_parquet"]

#: Default logarithmic bins per decade for continuous columns (2.3% wide).
RESOLUTION = 100
#: Continuous columns with more distinct values than this are binned.
MAX_DISTINCT = 10_000_000
_MEMORY_LIMIT = "1GB"


def _connect(threads: int | None) -> Any:
    with needs_extra("parquet", "fitting a Parquet file out of core"):
        import duckdb
    connection = duckdb.connect()
    connection.execute(f"SET memory_limit = '{_MEMORY_LIMIT}'")
    connection.execute("SET preserve_insertion_order = false")
    connection.execute("SET enable_progress_bar = false")  # it would write to stdout
    if threads is not None:
        connection.execute(f"SET threads = {int(threads)}")
    return connection


def _source(path: Path, column: str | None, connection: Any) -> tuple[str, str, str]:
    """(FROM clause, quoted column, its DuckDB type), checking the column exists."""
    source = f"read_parquet('{str(path).replace(chr(39), chr(39) * 2)}')"
    try:
        schema = connection.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()
    except Exception as exc:  # duckdb raises its own exception classes
        raise DataFormatError(f"{path}: cannot be read as Parquet ({exc}).") from None
    types = {str(row[0]): str(row[1]) for row in schema}
    if column is None:
        if len(types) != 1:
            raise InvalidOptionError(
                f"{path}: has columns {', '.join(map(repr, types))}; pass column=NAME."
            )
        column = next(iter(types))
    if column not in types:
        raise InvalidOptionError(
            f"{path}: column={column!r} is not in the file; available: "
            f"{', '.join(map(repr, types))}."
        )
    quoted = '"' + column.replace('"', '""') + '"'
    return source, quoted, types[column]


def _check_column(
    connection: Any, source: str, quoted: str, path: Path, name: str
) -> tuple[int, int]:
    """(rows, non-positive rows); raises on NULL, NaN or infinite entries."""
    nulls, bad, rows, nonpositive = connection.execute(
        f"SELECT count(*) FILTER (WHERE {quoted} IS NULL), "
        f"count(*) FILTER (WHERE NOT isfinite({quoted}::DOUBLE)), count(*), "
        f"count(*) FILTER (WHERE {quoted} <= 0) FROM {source}"
    ).fetchone()
    if nulls or bad:
        raise InvalidInputError(
            f"{path}: column {name!r} holds {nulls} missing and {bad} NaN or infinite "
            "entries; drop or impute them first."
        )
    return int(rows), int(nonpositive)


def count_parquet(
    path: str | os.PathLike[str], column: str | None = None, *, threads: int | None = None
) -> tuple[FloatArray, IntArray]:
    """Distinct values and counts of a Parquet column, out of core.

    In one pass (DuckDB's streaming GROUP BY); missing, NaN or infinite entries raise.
    """
    file = Path(path)
    connection = _connect(threads)
    source, quoted, _ = _source(file, column, connection)
    result = connection.execute(
        f"SELECT v::DOUBLE AS v, c FROM (SELECT {quoted} AS v, count(*) AS c "
        f"FROM {source} GROUP BY {quoted}) ORDER BY v"
    ).fetchnumpy()
    raw = result["v"]
    missing = np.zeros(len(raw), dtype=bool)
    if isinstance(raw, np.ma.MaskedArray):
        missing |= np.asarray(raw.mask, dtype=bool)
        raw = raw.filled(np.nan)
    values = np.asarray(raw, dtype=np.float64)
    counts = np.asarray(result["c"], dtype=np.int64)
    bad = missing | ~np.isfinite(values)
    if bad.any():
        raise InvalidInputError(
            f"{file}: column {column or quoted!r} holds {int(counts[missing].sum())} missing "
            f"and {int(counts[bad & ~missing].sum())} NaN or infinite entries; drop or "
            "impute them first."
        )
    return values, counts


def log_bin_parquet(
    path: str | os.PathLike[str],
    column: str | None = None,
    *,
    resolution: int = RESOLUTION,
    threads: int | None = None,
    drop_nonpositive: bool = False,
) -> tuple[FloatArray, IntArray]:
    """Logarithmic-bin edges and counts of the positive values of a Parquet column.

    Bin j holds 10^(j / resolution) <= x < 10^((j + 1) / resolution); the edges span
    the occupied bins (empty ones between included), the last edge is finite. Zero or
    negative values raise unless `drop_nonpositive`.
    """
    r = int(check_number(resolution, "resolution", low=1, integer=True))
    file = Path(path)
    connection = _connect(threads)
    source, quoted, _ = _source(file, column, connection)
    _, nonpositive = _check_column(connection, source, quoted, file, column or quoted)
    if nonpositive and not drop_nonpositive:
        raise InvalidInputError(
            f"{file}: column {column or quoted!r} holds {nonpositive} zero or negative "
            "values; pass drop_nonpositive=True to leave them out."
        )
    result = connection.execute(
        f"SELECT floor(log10({quoted}::DOUBLE) * {r})::BIGINT AS b, count(*) AS c "
        f"FROM {source} WHERE {quoted} > 0 GROUP BY b ORDER BY b"
    ).fetchnumpy()
    index = np.asarray(result["b"], dtype=np.int64)
    counts = np.zeros(int(index[-1] - index[0]) + 1, dtype=np.int64)
    counts[index - index[0]] = result["c"]
    edges = 10.0 ** (np.arange(index[0], index[-1] + 2) / r)
    return edges, counts


def fit_tail_file(
    path: str | os.PathLike[str],
    column: str | None = None,
    *,
    discrete: bool | None = None,
    resolution: int = RESOLUTION,
    max_distinct: int = MAX_DISTINCT,
    threads: int | None = None,
    drop_nonpositive: bool = False,
    **options: Any,
) -> TailFit | BinnedTailFit:
    """Fit the tail of a column of a file; Parquet columns are aggregated out of core.

    Parameters
    ----------
    path : str or os.PathLike
        The file (CSV, TSV, Parquet, one number per line).
    column : str, optional
        The column; optional when the file has one.
    discrete : bool, optional
        As for :func:`fit_tail`; None infers it (integer columns are discrete).
    resolution : int, default 100
        Logarithmic bins per decade for continuous columns too large to count.
    max_distinct : int, default 10_000_000
        Continuous columns with more distinct values than this are binned (DuckDB's
        approximate distinct count decides).
    threads : int, optional
        DuckDB threads (default: all cores).
    drop_nonpositive : bool, default False
        Passed to :func:`fit_tail` (or :func:`fit_tail_binned` for the binned route).
    **options
        Further keywords of :func:`fit_tail` (or :func:`fit_tail_binned`).

    Returns
    -------
    TailFit or BinnedTailFit
        The exact fit of the counted column, or the binned fit.
    """
    file = Path(path)
    try:
        with open(file, "rb") as stream:
            parquet = stream.read(4) == b"PAR1"
    except OSError:  # missing or unreadable: the table reader says why
        parquet = False
    if not parquet:
        values, counts = read_values_and_counts(file, column)
        return fit_tail(
            values, counts, discrete=discrete, drop_nonpositive=drop_nonpositive, **options
        )
    connection = _connect(threads)
    source, quoted, kind = _source(file, column, connection)
    integer = "INT" in kind.upper()
    if not integer and discrete is not True:
        distinct = connection.execute(f"SELECT approx_count_distinct({quoted}) FROM {source}")
        if int(distinct.fetchone()[0]) > max_distinct:
            edges, counts = log_bin_parquet(
                file,
                column,
                resolution=resolution,
                threads=threads,
                drop_nonpositive=drop_nonpositive,
            )
            return fit_tail_binned(edges, counts, **options)
    values, counts = count_parquet(file, column, threads=threads)
    return fit_tail(values, counts, discrete=discrete, drop_nonpositive=drop_nonpositive, **options)
