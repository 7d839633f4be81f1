"""Questions about a part of the data no result was fitted to (a period, a subsample).

A result is fitted to all of its data over the years they cover. A question that
restricts it ("attacks after 2006", 2006年以后, "only the high-rainfall sites",
只用...的样本, "a subset of the species") asks about a fit these results do not hold,
though every word of it names the result:

* :func:`period_outside`: "after", "since", "from ... on" (以后, 之后, 以来) a year at or
  past the last year the data cover, "before" (以前, 之前) a year at or before the
  first, or one decade ("the 1970s", 1970年代) of data that span more;
* :func:`subsample`: "only", "just", "excluding", "subset", "subsample" (只用, 仅用, 只看,
  仅限, 子样本) restricting the observations to some of them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["period_outside", "subsample"]

_YEAR = r"(1[5-9]\d\d|20\d\d)"
_AFTER = [
    re.compile(
        rf"\b(?:after|since|from|post)\s+{_YEAR}\b(?!\s*(?:to|-|–|until|through)\s*\d)", re.I
    ),
    re.compile(rf"{_YEAR}\s*年?\s*(?:以后|之后|以来|后|起)"),
]
#: A decade: "the 1970s", 1970年代.
_DECADE = [re.compile(r"\b(1[5-9]\d0|20\d0)'?s\b"), re.compile(r"(1[5-9]\d0|20\d0)\s*年代")]
_BEFORE = [
    re.compile(rf"\b(?:before|prior to|pre)\s+{_YEAR}\b", re.I),
    re.compile(rf"{_YEAR}\s*年?\s*(?:以前|之前|前)"),
]
_SUBSAMPLE = [
    re.compile(
        r"\b(?:only|just|solely)\s+(?:using\s+|use\s+|for\s+|the\s+|those\s+|from\s+)*"
        r"(?:[\w-]+\s+){0,3}?(?:sites?|species|subsets?|samples?|subsamples?|countries|states|"
        r"cities|regions|stations|plots|locations|groups)\b",
        re.I,
    ),
    re.compile(
        r"\b(?:sub-?samples?|subsets? of|excluding|leaving out|except for|"
        r"(?:fitted|fit|estimated) separately|on (?:its|their) own)\b",
        re.I,
    ),
    re.compile(
        r"(?:只用(?!到)|仅用(?!到)|只取|仅取|只看|仅看|只包括|仅包括|只考虑|仅考虑|仅限|子样本|单独拟合|分开拟合|单独估计)"
    ),
]


def period_outside(text: str, years: Sequence[tuple[int, int]]) -> str | None:
    """The period ``text`` restricts to when the data's ``years`` hold none of it.

    "after 2006" of data ending in 2006 ("after 2006"), "before 1900" of data from 1910;
    None when the period overlaps the data or the question names none.
    """
    if not years:
        return None
    first, last = min(lo for lo, _ in years), max(hi for _, hi in years)
    for pattern in _DECADE:
        for match in pattern.finditer(text):
            start = int(match.group(1))
            if first < start or last > start + 9:  # the data span more than that decade
                return f"the {start}s alone"
    for pattern in _AFTER:
        for match in pattern.finditer(text):
            if int(match.group(1)) >= last:
                return f"after {match.group(1)}"
    for pattern in _BEFORE:
        for match in pattern.finditer(text):
            if int(match.group(1)) <= first:
                return f"before {match.group(1)}"
    return None


def subsample(text: str) -> str | None:
    """The words restricting the observations to a subsample, or None."""
    for pattern in _SUBSAMPLE:
        match = pattern.search(text)
        if match:
            return match.group(0).strip()
    return None
