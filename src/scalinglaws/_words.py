"""Numbers and sentences in words, shared by every family's words and the report.

The one formatting of a number (:func:`fmt`) and of a p-value (:func:`_p`) that
verdict sentences use, so a tail, a relation and a forecast say "p < 0.01" alike.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

__all__ = ["fmt"]


def fmt(value: Any, spec: str = ".4g") -> str:
    """A number as fixed text: "—" for None/NaN, no negative zero."""
    if value is None:
        return "—"
    number = float(value)
    if not math.isfinite(number):
        return "—" if math.isnan(number) else ("∞" if number > 0 else "-∞")
    if spec == ".4g" and 1e4 <= abs(number) < 1e9:  # 152,100 rather than 1.521e+05
        number = float(format(number, ".4g"))
        spec = ",.0f"
    text = format(number, spec)
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def _p(value: float) -> str:
    return f"p = {fmt(value, '.2f')}" if value >= 0.005 else "p < 0.01"


def _join(parts: Sequence[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")
