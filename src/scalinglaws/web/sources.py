"""The data behind a fit: an uploaded file or a bundled dataset, as a table of columns.

A :class:`Source` knows its columns (which hold numbers), sensible default
columns for each kind of analysis, and hands out one column as numbers with a
message naming the column and the choices when it cannot.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from scalinglaws._types import FloatArray
from scalinglaws.datasets import Dataset, load_dataset
from scalinglaws.errors import InvalidInputError, InvalidOptionError
from scalinglaws.web.uploads import Upload, read_upload, upload_values

__all__ = ["ColumnInfo", "Source", "from_dataset", "from_upload"]

#: Column names that usually hold each role of a neural fit (compared case-insensitively).
_NEURAL_NAMES = {
    "n": ("n", "params", "parameters", "model size", "n_params", "model_size", "num_params"),
    "d": ("d", "tokens", "train_tokens", "training tokens", "n_tokens", "data"),
    "c": ("c", "flops", "training flop", "compute", "training_flops"),
    "loss": ("loss", "l", "final_loss", "eval_loss", "test_loss", "test_cross_entropy"),
}
_TIME_NAMES = ("t", "time", "date", "year", "day", "days", "week")


@dataclass(frozen=True)
class ColumnInfo:
    """A column of an uploaded table: its name, whether it is numeric, an example value."""

    name: str
    numeric: bool
    example: str


@dataclass(frozen=True)
class Source:
    """A table to fit, with where it came from (``upload`` or ``dataset``)."""

    label: str
    frame: pd.DataFrame
    upload: Upload | None = None
    dataset: Dataset | None = None

    @property
    def provenance(self) -> dict[str, Any]:
        """Where the data came from, as a result's provenance."""
        if self.dataset is not None:
            return {"dataset": self.dataset.name}
        assert self.upload is not None  # a Source is built from one or the other
        return {"file": self.upload.name, "sha256": self.upload.sha256}

    @property
    def names(self) -> list[str]:
        """The column names."""
        return [str(c) for c in self.frame.columns]

    def columns(self) -> list[ColumnInfo]:
        """Every column with whether it holds numbers and its first value."""
        out = []
        for name in self.names:
            series = self.frame[name]
            first = series.iloc[0] if len(series) else ""
            out.append(ColumnInfo(name, _is_numeric(series), str(first)[:40]))
        return out

    def numeric_names(self) -> list[str]:
        """The names of the numeric columns."""
        return [info.name for info in self.columns() if info.numeric]

    def defaults(self, kind: str) -> dict[str, Any]:
        """The columns a fit of this kind uses when the request names none."""
        meta = self.dataset.meta if self.dataset is not None else {}
        numeric = self.numeric_names()
        if kind == "tail":
            return {"column": numeric[0] if len(numeric) == 1 else None}
        if kind == "relation":
            x = meta.get("x") or (numeric[0] if numeric else None)
            y = meta.get("y") or next((n for n in numeric if n != x), None)
            return {"x": x, "y": y}
        if kind in ("growth", "forecast"):
            first = self.names[0] if self.names else None
            t = meta.get("t") or _first_named(self.names, _TIME_NAMES) or first
            y = meta.get("y") or next((n for n in numeric if n != t), None)
            return {"t": t, "y": y}
        found = {role: _first_named(numeric, names) for role, names in _NEURAL_NAMES.items()}
        if found["d"] is not None:
            found["c"] = None
        return found

    def column(self, name: str, role: str) -> pd.Series:
        """The column ``name`` (for the option ``role``), or a message listing the columns."""
        if not isinstance(name, str) or name not in self.names:
            raise InvalidOptionError(
                f"{self.label}: {role}={name!r} is not a column; "
                f"available columns: {', '.join(map(repr, self.names))}."
            )
        return self.frame[name].reset_index(drop=True)

    def numbers(self, name: str, role: str) -> pd.Series:
        """The column ``name`` as float64 numbers (missing entries as NaN)."""
        series = self.column(name, role)
        if not _is_numeric(series):
            text = series[pd.to_numeric(series, errors="coerce").isna() & series.notna()]
            example = str(text.iloc[0])[:40] if len(text) else "?"
            choices = ", ".join(map(repr, self.numeric_names())) or "none"
            raise InvalidInputError(
                f"{self.label}: column {name!r} ({role}) holds text, e.g. {example!r}; "
                f"choose a column of numbers: {choices}."
            )
        return pd.Series(series.to_numpy(dtype=np.float64), name=name)

    def floats(self, name: str, role: str) -> FloatArray:
        """The column ``name`` as a float64 array (see :meth:`numbers`)."""
        return np.asarray(self.numbers(name, role), dtype=np.float64)

    def tail_values(self, column: str | None) -> FloatArray:
        """One column of numbers for a tail fit (a value/count histogram is expanded)."""
        if self.upload is not None:
            return upload_values(self.upload, column)
        if self.dataset is not None and isinstance(self.dataset.data, np.ndarray):
            if column not in (None, "value"):
                raise InvalidOptionError(
                    f"{self.label}: column={column!r} is not a column; this sample has one "
                    "column, 'value'."
                )
            return self.dataset.data
        if column is None:
            numeric = self.numeric_names()
            if len(numeric) != 1:
                raise InvalidOptionError(
                    f"{self.label}: pass the column of values to fit; "
                    f"numeric columns: {', '.join(map(repr, numeric))}."
                )
            column = numeric[0]
        return self.floats(column, "column")


def _is_numeric(series: pd.Series) -> bool:
    return bool(pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series))


def _first_named(names: list[str], wanted: tuple[str, ...]) -> str | None:
    lowered = {name.lower().strip(): name for name in names}
    return next((lowered[w] for w in wanted if w in lowered), None)


def from_dataset(name: str) -> Source:
    """A bundled dataset (see :func:`scalinglaws.list_datasets`)."""
    dataset = load_dataset(name)
    data = dataset.data
    frame = data if isinstance(data, pd.DataFrame) else pd.DataFrame({"value": data})
    return Source(label=name, frame=frame, dataset=dataset)


def from_upload(upload: Upload) -> Source:
    """An uploaded file, parsed in memory (format sniffed from the content)."""
    return Source(label=upload.name, frame=read_upload(upload), upload=upload)
