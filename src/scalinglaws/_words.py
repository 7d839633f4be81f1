"""Numbers and sentences in words, shared by every family's words and the report.

The one formatting of a number (:func:`fmt`) and of a p-value (:func:`fmt_p`) that
verdict sentences use, so a tail, a relation and a forecast say "p < 0.01" alike;
:func:`join_and` and :func:`as_sentence` put such phrases together.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

__all__ = ["as_sentence", "fmt", "fmt_p", "join_and"]


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


def fmt_p(value: float) -> str:
    """A p-value as a verdict writes it: "p = 0.12", or "p < 0.01" below 0.005."""
    return f"p = {fmt(value, '.2f')}" if value >= 0.005 else "p < 0.01"


def join_and(parts: Sequence[str]) -> str:
    """Phrases as a list in words: "a", "a and b", "a, b and c"."""
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def as_sentence(text: str) -> str:
    """``text`` with a capital first letter and a closing full stop."""
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")
