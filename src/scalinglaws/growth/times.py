"""Times of a growth series: numbers, or dates turned into days since the first date.

Dates may be numpy ``datetime64`` values, pandas Timestamps (a Series, an
Index, a list), ``datetime.date``/``datetime`` objects or ISO 8601 strings
(``"2020-01-31"``, ``"2020-01-31T12:00"``). They become float days since the
first date, the *origin*, which the fit remembers so that forecasts come back
as dates. Time-zone-aware dates are converted to UTC first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from scalinglaws._types import FloatArray
from scalinglaws._validate import as_float_vector
from scalinglaws.errors import EmptyDataError, InvalidInputError, InvalidOptionError

__all__ = ["TimeAxis", "column_label", "parse_times", "within"]

_SECONDS_PER_DAY = 86400.0
_DATE_TYPES = (str, dt.date, np.datetime64)
_FIX = "write dates as ISO 8601 (YYYY-MM-DD, e.g. 2020-01-31) or pass times as numbers"


@dataclass(frozen=True)
class TimeAxis:
    """How user times map to the float times of a fit.

    ``origin`` is None for numeric times; for dates it is the first date, and a
    time t means ``origin + t days``.
    """

    origin: pd.Timestamp | None = None

    @property
    def is_date(self) -> bool:
        """Whether the times are calendar dates."""
        return self.origin is not None

    @property
    def unit(self) -> str:
        """The unit of the time axis ("days" for dates)."""
        return "day" if self.is_date else "unit of t"

    def to_user(self, t: Any) -> Any:
        """Float times -> Timestamps (date axes) or the floats themselves."""
        values = np.asarray(t, dtype=np.float64)
        if self.origin is None:
            return values
        try:
            return pd.DatetimeIndex(self.origin + pd.to_timedelta(values, unit="D"))
        except (OverflowError, ValueError) as exc:  # pandas' OutOfBounds* are ValueErrors
            raise InvalidInputError(
                f"times up to {float(np.max(values)):.6g} days after {self.origin.date()} lie "
                "beyond the dates pandas can represent (years 1677-2262); use a shorter "
                "horizon, or fit with numeric times."
            ) from exc

    def label(self, t: float) -> str:
        """One time as text: an ISO date (with the time of day if any) or a number."""
        if self.origin is None or not np.isfinite(t):
            return f"{t:.6g}"
        try:
            stamp = (self.origin + pd.to_timedelta(float(t), unit="D")).round("min")
        except (OverflowError, ValueError):  # beyond pandas' dates: say it in days
            return f"{t:.6g} days after {self.origin.date().isoformat()}"
        if stamp == stamp.normalize():
            return stamp.date().isoformat()
        return stamp.strftime("%Y-%m-%d %H:%M")

    def from_user(self, values: Any, name: str) -> FloatArray:
        """User times (dates on a date axis, numbers otherwise) -> float times of this axis."""
        values = np.atleast_1d(np.asarray(values, dtype=object) if _is_list(values) else values)
        t, origin = parse_times(values, name, origin=self.origin)
        if (origin is None) != (self.origin is None):
            want = "dates" if self.is_date else "numbers"
            raise InvalidInputError(
                f"{name}: the series' times are {want}, so pass {want} here too "
                f"(got {_show(np.asarray(values, dtype=object).ravel()[0])})."
            )
        return t

    def to_dict(self) -> str | None:
        """The axis as JSON: the origin date in ISO 8601, or None for numeric times."""
        return None if self.origin is None else self.origin.isoformat()

    @classmethod
    def from_dict(cls, value: str | None) -> TimeAxis:
        """Read an axis written by :meth:`to_dict`."""
        return cls(None if value is None else pd.Timestamp(value))


def column_label(values: Any, default: str) -> str:
    """``default`` plus the column name when ``values`` is a named pandas Series."""
    name = getattr(values, "name", None)
    if isinstance(values, pd.Series) and name is not None:
        return f"{default} (column {str(name)!r})"
    return default


def parse_times(
    values: Any, name: str, *, origin: pd.Timestamp | None = None
) -> tuple[FloatArray, pd.Timestamp | None]:
    """Return (float times, origin): numbers pass through; dates become days since origin.

    ``origin=None`` takes the first date as the origin. Raises
    :class:`InvalidInputError` naming ``name``, the position and the value for
    dates that do not parse, missing entries, and a mix of numbers and dates.
    """
    if isinstance(values, (pd.Series, pd.Index)) and pd.api.types.is_datetime64_any_dtype(
        values.dtype
    ):
        return _from_dates(pd.DatetimeIndex(values), name, origin)
    if isinstance(values, (str, bytes)):
        raise InvalidInputError(
            f"{name}: expected a sequence of times, got the single string {values[:40]!r}; "
            "pass a list or column of dates or numbers."
        )
    raw = np.asarray(values, dtype=object) if _is_list(values) else np.asarray(values)
    if raw.ndim == 0:
        raise InvalidInputError(f"{name}: expected a sequence of times, got {_show(raw.item())}.")
    if raw.ndim == 1 and raw.size == 0:
        raise EmptyDataError(f"{name}: no times were given; pass one time per observation.")
    if raw.dtype.kind == "M":
        return _from_dates(pd.DatetimeIndex(raw.ravel()), name, origin)
    if raw.dtype.kind != "O" or raw.ndim != 1:
        return as_float_vector(raw, name), None
    cells = list(raw)
    dated = [isinstance(cell, _DATE_TYPES) and not _numeric_text(cell) for cell in cells]
    if not any(dated):
        return as_float_vector(np.array([_number(c) for c in cells], dtype=object), name), None
    if not all(dated):
        position = dated.index(False)
        raise InvalidInputError(
            f"{name}: value {_show(cells[position])} at position {position} is not a date, "
            f"but other values are (e.g. {_show(cells[dated.index(True)])}); {_FIX}."
        )
    stamps = []
    for position, cell in enumerate(cells):
        try:
            stamp = pd.Timestamp(cell) if not isinstance(cell, str) else _iso(cell)
        except (ValueError, TypeError, OverflowError):
            stamp = None
        if stamp is None or pd.isna(stamp):
            raise InvalidInputError(
                f"{name}: value {_show(cell)} at position {position} is not a date; {_FIX}."
            )
        stamps.append(stamp.tz_convert("UTC").tz_localize(None) if stamp.tzinfo else stamp)
    return _from_dates(pd.DatetimeIndex(stamps), name, origin)


def within(values: Any, start: object, end: object, name: str) -> npt.NDArray[np.bool_]:
    """Rows of the times ``values`` with start <= t <= end (either bound may be None).

    Bounds are numbers or dates like the times (text such as ``"1910"`` or
    ``"2020-01-20"`` is accepted, as from a command line).
    """
    t, origin = parse_times(values, name)
    axis = TimeAxis(origin)
    keep = np.ones(t.size, dtype=bool)
    for bound, label in ((start, "start"), (end, "end")):
        if bound is not None:
            at = axis.from_user([bound], label)[0]
            keep &= (t >= at) if label == "start" else (t <= at)
    if not keep.any():
        raise InvalidOptionError(
            f"start={start!r}, end={end!r} keep no rows of {name}, whose times run from "
            f"{axis.label(float(t.min()))} to {axis.label(float(t.max()))}; widen the window."
        )
    return keep


def _from_dates(
    index: pd.DatetimeIndex, name: str, origin: pd.Timestamp | None
) -> tuple[FloatArray, pd.Timestamp]:
    if index.tz is not None:
        index = index.tz_convert("UTC").tz_localize(None)
    missing = np.flatnonzero(pd.isna(index))
    if missing.size:
        raise InvalidInputError(
            f"{name}: {missing.size} date(s) are missing (first at position {missing[0]}); "
            "drop those rows or fill in the dates."
        )
    start = index[0] if origin is None else origin
    days = np.asarray((index - start).total_seconds(), dtype=np.float64) / _SECONDS_PER_DAY
    return days, pd.Timestamp(start)


def _iso(text: str) -> pd.Timestamp | None:
    stripped = text.strip()
    if not stripped or not stripped[:4].isdigit():
        return None
    try:
        return pd.Timestamp(pd.to_datetime(stripped, format="ISO8601"))
    except (ValueError, TypeError, OverflowError):
        return None


def _numeric_text(cell: object) -> bool:
    if not isinstance(cell, str):
        return False
    try:
        float(cell)
    except ValueError:
        return False
    return True


def _number(cell: object) -> object:
    return float(cell) if isinstance(cell, str) else cell


def _is_list(values: Any) -> bool:
    return isinstance(values, (list, tuple))


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
