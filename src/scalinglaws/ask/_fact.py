"""The record of one sentence about a result (:class:`Fact`) and the helpers that word it.

Below :mod:`scalinglaws.ask.verbalize` (the dispatch on ``result.kind``) and the
sentences of each kind (:mod:`._sentences`, :mod:`._forecast`), which all use it.
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from scalinglaws.errors import FitWarning

__all__ = ["Fact", "cautious", "fmt", "step_key", "step_of_key", "words"]

T = TypeVar("T")


@dataclass(frozen=True)
class Fact:
    """One sentence about one result.

    ``topic`` is indexed by BM25 with the text, like the title field of a document,
    so that a question naming the data ("US population") reaches every fact of that result.

    Attributes
    ----------
    key : str
        The fact's name within its result (``"param:b"``, ``"gof"``,
        ``"published:epoch2024_headline"``, ...).
    text : str
        The sentence.
    source : str
        The label of the result.
    kind : str
        The sort of fact (parameter, verdict, derived, prediction, model,
        provenance, published).
    topic : str, default ""
        What the whole result is about (its label, what was fitted, the dataset's title).
    """

    key: str
    text: str
    source: str
    kind: str
    topic: str = ""

    @property
    def id(self) -> str:
        """``source#key``: unique within one set of results."""
        return f"{self.source}#{self.key}"


def fmt(value: Any) -> str:
    """A number to four significant digits (integers exactly, up to a million).

    >>> fmt(1.1134), fmt(19447), fmt(2.792e9), fmt(1e23), fmt(0.00032)
    ('1.113', '19447', '2.792e9', '1e23', '0.00032')
    """
    if value is None:
        return "undefined"
    number = float(value)
    if not math.isfinite(number):
        return "infinite" if math.isinf(number) else "undefined"
    if number.is_integer() and abs(number) < 1e6:
        return str(int(number))
    return re.sub(r"e\+?(-?)0*(\d)", r"e\1\2", f"{number:.4g}")  # 2.8e+09 -> 2.8e9


def words(name: str) -> str:
    """A column or group name as words.

    ``gdp_in_million_USD`` -> ``gdp in million USD``, ``epoch2024_headline`` -> ``epoch 2024
    headline``.
    """
    spaced = re.sub(r"(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])", " ", name.replace("_", " "))
    return " ".join(spaced.split())


def cautious(call: Callable[[], T]) -> tuple[T, str]:
    """Call ``call()`` and return its fit cautions as text.

    ``call()`` with the fit's own cautions (``FitWarning``: an extrapolation, a
    fragile optimum) caught and returned as text for the answer; other warnings pass on.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", FitWarning)
        out = call()
    for w in caught:
        if not issubclass(w.category, FitWarning):
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    return out, "; ".join(str(w.message) for w in caught if issubclass(w.category, FitWarning))


def step_key(step: int) -> str:
    """The key of the fact about a forecast's step ``step`` (1 is the first day after the data)."""
    return f"forecast:h{step}"


def step_of_key(key: str | None) -> int | None:
    """The forecast step a fact's key names (:func:`step_key`), or None for any other key."""
    match = re.fullmatch(r"forecast:h(\d+)", key or "")
    return int(match.group(1)) if match else None
