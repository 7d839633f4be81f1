"""Questions about a part of the data no result was fitted to (a period, a subsample).

A result is fitted to all of its data over the years they cover. A question that
restricts it ("attacks after 2006", 2006年以后, "only the high-rainfall sites",
只用...的样本, "a subset of the species") asks about a fit these results do not hold,
though every word of it names the result:

* :func:`period_outside`: "after" (以后, 之后) a year at or past the last year the data
  cover, "since", "from" (以来, 起) a year past it, "before" (以前, 之前) a year at or
  before the first, or one decade ("the 1970s", 1970年代) of data that span more;
* :func:`rate_in_time`: a chance over a span of time ("in the next 30 years", 每年) of a
  size distribution, which holds how large events are, not how often they come;
* :func:`subsample`: "only", "just", "excluding", "subset", "subsample" (只用, 仅用, 只看,
  仅限, 子样本) restricting the observations to some of them, or a group named before
  "only"/"alone" at a clause's end ("for the birds only?").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

__all__ = ["period_outside", "rate_in_time", "subsample"]

_YEAR = r"(1[5-9]\d\d|20\d\d)"
#: "after 2006" (以后, 之后, 后) excludes the year named: data ending in 2006 hold none of it.
_AFTER = [
    re.compile(rf"\b(?:after|post)\s+{_YEAR}\b(?!\s*(?:to|-|–|until|through)\s*\d)", re.I),
    re.compile(rf"{_YEAR}\s*年?\s*(?:以后|之后|后)"),
]
#: "since 2000", "from 2000" (以来, 起) include it: the 2000 census is "city sizes from 2000".
_SINCE = [
    re.compile(rf"\b(?:since|from)\s+{_YEAR}\b(?!\s*(?:to|-|–|until|through)\s*\d)", re.I),
    re.compile(rf"{_YEAR}\s*年?\s*(?:以来|起)"),
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
        r"(?:fitted|fit|estimated) separately|on (?:its|their) own(?!\s+[A-Za-z]))\b",
        re.I,
    ),
    # "for the birds only", "of the coastal cities alone": the group named before "only"
    # (at the clause's end: "for now only the inflection year" restricts no observations)
    re.compile(
        r"\b(?:for|of|in|among|with)\s+(?P<group>(?:the\s+)?(?:[\w-]+\s+){0,2}?[\w-]+)"
        r"\s+(?:only|alone)(?=\s*(?:[?.!,;:]|$))",
        re.I,
    ),
    re.compile(
        r"(?:只用(?!到)|仅用(?!到)|只取|仅取|只看|仅看|只包括|仅包括|只考虑|仅考虑|仅限|子样本|单独拟合|分开拟合|单独估计)"
    ),
]


def period_outside(text: str, years: Sequence[tuple[int, int]]) -> str | None:
    """The period ``text`` restricts to when the data's ``years`` hold none of it.

    "after 2006" of data ending in 2006 ("after 2006"), "since 2007" of the same data,
    "before 1900" of data from 1910; None when the period overlaps the data ("since
    2000" of a 2000 census) or the question names none.
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
    for pattern in _SINCE:
        for match in pattern.finditer(text):
            if int(match.group(1)) > last:
                return f"since {match.group(1)}"
    for pattern in _BEFORE:
        for match in pattern.finditer(text):
            if int(match.group(1)) <= first:
                return f"before {match.group(1)}"
    return None


def subsample(text: str, whole: Callable[[str], bool] = lambda group: False) -> str | None:
    """The words restricting the observations to a subsample, or None.

    A group named before "only" ("for the birds only") is returned alone ("the birds"),
    and is no subsample when ``whole(group)`` says it names all the observations ("for
    the cities only" of the city sizes).
    """
    for pattern in _SUBSAMPLE:
        match = pattern.search(text)
        if match and "group" in pattern.groupindex:
            if not whole(match.group("group")):
                return match.group("group")
        elif match:
            return match.group(0).strip()
    return None


#: A span of time ahead or a rate per period: "in the next 30 years", "per year", 每年,
#: 未来30年.
_RATE = re.compile(
    r"\b(?:in|within|over|during)\s+the\s+(?:next|coming)\s+(?:\d+\s+|few\s+)?"
    r"(?:years?|decades?|months?|centur(?:y|ies))\b|\b(?:per|a|each|every)\s+(?:year|decade|century)\b|"
    r"每年|每十年|未来\s*\d*\s*(?:年|十年)",
    re.I,
)


def rate_in_time(text: str) -> str | None:
    """The span of time a question asks a chance over, or None (see the module)."""
    match = _RATE.search(text)
    return match.group(0) if match else None
