"""Days named by their week of the year and weekday (ISO 8601 week dates).

"the Monday of ISO week 7, 2020", "Friday of week 6 in 2020", "week 7 of 2020, Tuesday",
"2020-W07-1", 2020年第7周的周三, 2020年第6周周日: :func:`week_dates` writes each as the
date it names (``2020-02-10``), padded with spaces to the phrase's length so that
positions keep their meaning; the date then reads like any other
(:func:`scalinglaws.ask.numbers.mentions`).

Weeks are ISO 8601's: they start on Monday, and week 1 is the week holding the year's
first Thursday (:meth:`datetime.date.fromisocalendar`). A week number without a year or a
weekday names no one day and is left as written.
"""

from __future__ import annotations

import datetime as dt
import re

from scalinglaws.ask.numbers import count_of

__all__ = ["week_dates"]

_WEEKDAYS = {
    "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "sun": 7,
    "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "日": 7, "天": 7,
}  # fmt: skip
_EN_DAY = r"(?P<day>mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?"
_EN_WEEK = r"(?:iso\s+)?week\s+(?:no\.?\s*|number\s+|#\s*)?(?P<week>\d{1,2})"
_EN_YEAR = r"(?P<year>\d{4})"
_PATTERNS = (
    # "the Monday of ISO week 7, 2020", "Friday of week 6 in 2020"
    re.compile(
        rf"\b(?:the\s+)?{_EN_DAY}\s+(?:of|in)\s+(?:the\s+)?{_EN_WEEK}(?:\s*(?:of|in|,)?\s*{_EN_YEAR})",
        re.I,
    ),
    # "week 7 of 2020, Tuesday", "week 7 2020's Monday", "the Sunday of 2020's week 6"
    re.compile(rf"\b{_EN_WEEK}\s*(?:of|in|,)?\s*{_EN_YEAR}(?:'s|,)?\s+(?:the\s+)?{_EN_DAY}", re.I),
    re.compile(rf"\b(?:the\s+)?{_EN_DAY}\s+of\s+{_EN_YEAR}'s\s+{_EN_WEEK}", re.I),
    # ISO's own form: 2020-W07-1, 2020W071
    re.compile(r"\b(?P<year>\d{4})-?W(?P<week>\d{2})-?(?P<day>[1-7])\b"),
    # 2020年第7周的周三, 2020年第6周周日, 2020年第七周星期五
    re.compile(
        r"(?P<year>\d{4})\s*年\s*(?:的)?\s*第\s*(?P<week>\d{1,2}|[一二三四五六七八九十]{1,3})\s*周"
        r"\s*(?:的)?\s*(?:周|星期|礼拜)(?P<day>[一二三四五六日天])"
    ),
)


def week_dates(text: str) -> str:
    """``text`` with each day named by its ISO week and weekday written as its date."""
    for pattern in _PATTERNS:
        text = pattern.sub(_as_date, text)
    return text


def _as_date(match: re.Match[str]) -> str:
    day = match.group("day").lower()
    weekday = int(day) if day.isdigit() else _WEEKDAYS[day]
    week = count_of(match.group("week")) or 0
    try:
        date = dt.date.fromisocalendar(int(match.group("year")), week, weekday)
    except ValueError:  # week 0 or 54: no such day
        return match.group(0)
    return date.isoformat().ljust(len(match.group(0)))
