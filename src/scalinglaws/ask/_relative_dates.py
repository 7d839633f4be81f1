"""Dates and years said relative to another.

"the day after 9 February 2020", "two weeks before 12 Feb 2020", "two decades after
1880", 2020年2月9日的后一天, 2月12日的前两天, 从1900年往前推二十年: :func:`absolute`
writes each as the date or year it names (``2020-02-10``, ``1900``), padded with spaces
to the phrase's length so that positions keep their meaning; the date then reads like
any other (:func:`scalinglaws.ask.numbers.mentions`), and one past a forecast's horizon
is said to be so. The day after 9 February is 10 February whatever the year (calendar
days, not business days); a week is seven days, a decade ten years.

A forecast's day said from the end of its data ("three days after the data end", "a
week after the last observation", "three days ahead", 数据结束后第三天, 最后一次观测后一周):
:func:`steps_after_data` writes it as the forecast step it is (``h3``, 第3天; the first
day after the data is step one), whatever the data's last date.
"""

from __future__ import annotations

import re

import pandas as pd

from scalinglaws.ask.numbers import (
    COUNT_WORDS,
    ORDINAL_WORDS,
    chinese_spelt,
    count_of,
    written_dates,
)

__all__ = ["absolute", "steps_after_data"]

_EN_COUNT = rf"(?P<n>\d{{1,3}}|{'|'.join(COUNT_WORDS)})"
_EN_DIRECTION = r"(?P<dir>after|before|later than|earlier than|from|past|prior to|following)"
#: Before a date: "the day after", "two days before", "a week after", "3 weeks prior to",
#: "48 hours after", "the day following", "the eve of" (the day before).
_EN_BEFORE_DATE = re.compile(
    rf"(?:(?:\bthe\s+(?P<day>day)|\b{_EN_COUNT}\s+(?P<unit>days?|weeks?|hours?))\s+"
    rf"{_EN_DIRECTION}|\bthe\s+(?P<eve>eve)\s+of)\s+(?:the\s+)?$",
    re.I,
)
#: After a date: 的后一天, 的前两天, 后一周, 之后三天, 的前一日, 的次日 (also after a date in
#: brackets: 元宵节（2020年2月8日）的前一天).
_ZH_AFTER_DATE = re.compile(
    r"^\s*[)）]?\s*的?\s*(?:(?P<dir>前|后|之前|之后|以前|以后)\s*"
    r"(?P<n>\d{1,3}|[一二两三四五六七八九十]{1,3})\s*(?:个)?(?P<unit>天|日|周|星期|礼拜)|(?P<next>次日|翌日|第二天))"
)
#: A year and a count of years or decades: "two decades after 1880", "20 years before
#: 1900", 从1900年往前推二十年, 1900年往后推十年.
_EN_YEARS = re.compile(
    rf"\b{_EN_COUNT}\s+(?P<unit>years?|decades?)\s+{_EN_DIRECTION}\s+(?P<year>1[5-9]\d\d|20\d\d)\b",
    re.I,
)
_ZH_YEARS = re.compile(
    r"(?:从|由)?(?P<year>1[5-9]\d\d|20\d\d)\s*年\s*(?:起)?\s*往?(?P<dir>前|后)推\s*"
    r"(?P<n>\d{1,3}|[一二两三四五六七八九十]{1,3})\s*(?P<unit>年)"
)
_BACKWARD = {"before", "earlier than", "prior to", "前", "之前", "以前"}
_WEEKS = ("week", "周", "星期", "礼拜")


def _sign(direction: str) -> int:
    return -1 if direction.lower() in _BACKWARD else 1


def _shifted(when: pd.Timestamp | tuple[int, int], days: int, chinese: bool) -> str:
    """``when`` moved by ``days``.

    A date (ISO, or 2020年2月10日 among Chinese words, where an ISO date would have no
    word boundary), or a day without a year.
    """
    if isinstance(when, pd.Timestamp):
        moved = when + pd.Timedelta(days=days)
        return f"{moved.year}年{moved.month}月{moved.day}日" if chinese else f"{moved:%Y-%m-%d}"
    month, day = when
    moved = pd.Timestamp(year=2000, month=month, day=day) + pd.Timedelta(days=days)  # a leap year
    return f"{moved.month}月{moved.day}日" if chinese else moved.strftime("%b %d")


def absolute(text: str) -> str:
    """``text`` with each date or year said relative to another written as the one it names.

    Padded to the phrase's length (see the module).
    """
    out = text
    spelt = chinese_spelt(text)  # 二〇二〇年二月五日 as 2020年2月5日, the same length
    for start, end, when in sorted(written_dates(spelt), key=lambda d: d[0], reverse=True):
        before = _EN_BEFORE_DATE.search(text, 0, start)
        after = _ZH_AFTER_DATE.match(text[end:])
        if before:
            n = 1 if before.group("day") or before.group("eve") else count_of(before.group("n"))
            unit = before.group("unit") or "day"
            direction = "before" if before.group("eve") else before.group("dir")
            span = (before.start(), end)
        elif after:
            n = 1 if after.group("next") else count_of(after.group("n"))
            unit, direction = after.group("unit") or "天", after.group("dir") or "后"
            span = (start, end + after.end())
        else:
            continue
        if n is None:
            continue
        if unit.lower().startswith("hour"):
            if n % 24:
                continue  # "36 hours after": no whole day
            n, unit = n // 24, "day"
        days = n * (7 if unit.lower().startswith(_WEEKS) else 1) * _sign(direction)
        written = _shifted(when, days, chinese=bool(after))
        out = out[: span[0]] + written.ljust(span[1] - span[0]) + out[span[1] :]
    for pattern, chinese in ((_EN_YEARS, False), (_ZH_YEARS, True)):
        for match in pattern.finditer(out):
            n = count_of(match.group("n"))
            if n is None:
                continue
            years = n * (10 if match.group("unit").lower().startswith("decade") else 1)
            year = int(match.group("year")) + years * _sign(match.group("dir"))
            written = f"{year}年" if chinese else str(year)
            out = (
                out[: match.start()]
                + written.ljust(match.end() - match.start())
                + out[match.end() :]
            )
    return out


#: The end of a result's data: "the data end", "the end of the data", "the last
#: observation", "the series ends", "the last data point".
_EN_DATA_END = (
    r"(?:the\s+)?(?:data(?:'s)?\s+(?:end(?:s|ed)?|stops?|stopped)|end\s+of\s+(?:the\s+)?"
    r"(?:data|series|observations)|series\s+ends?|last\s+(?:observation|observed\s+day|"
    r"data\s+point|day\s+of\s+(?:the\s+)?data|data\s+day))"
)
#: "three days after the data end", "a week after the last observation", "the sixth day
#: after the data end", "the day after the data ends", "two weeks past the end of the data".
_EN_AFTER_DATA = re.compile(
    rf"(?:(?:the\s+)?(?P<ord>{'|'.join(ORDINAL_WORDS)})\s+day|(?P<day>the\s+day)|"
    rf"{_EN_COUNT}\s+(?P<unit>days?|weeks?))\s+(?:after|past|beyond|following|from)\s+"
    rf"{_EN_DATA_END}\b",
    re.I,
)
#: A lead time in words: "three days ahead", "a week ahead" (in digits, "3 days ahead", it
#: is read as a step already).
_EN_AHEAD = re.compile(rf"\b{_EN_COUNT}\s+(?P<unit>days?|weeks?)\s+ahead\b", re.I)
_ZH_NUMERAL = r"\d{1,2}|[一二两三四五六七八九十]{1,3}"
#: 数据结束后第三天, 数据结束后一周, 最后一次观测后第六天, 在数据截止之后3天.
_ZH_AFTER_DATA = re.compile(
    r"(?:(?:数据|序列|观测)(?:结束|截止|终止|结尾)|最后一次观测|最后一个观测(?:值|点|日)?|最后观测日)"
    r"\s*(?:之后|以后|后)\s*的?\s*"
    rf"(?:第\s*(?P<nth>{_ZH_NUMERAL})\s*[天日步]|(?P<n>{_ZH_NUMERAL})\s*(?:个)?(?P<unit>天|日|周|星期|礼拜))"
)


def steps_after_data(text: str) -> str:
    """``text`` with each forecast day said from the data's end written as its step.

    "three days after the data end" -> ``h3``, 数据结束后第三天 -> ``第3天``, padded to the
    phrase's length (see the module).
    """

    def english(match: re.Match[str]) -> str:
        said = match.groupdict()
        if said.get("ord"):
            days: int | None = ORDINAL_WORDS.index(said["ord"].lower()) + 1
        elif said.get("day"):
            days = 1
        else:
            days = count_of(match.group("n"))
            if days is not None and match.group("unit").lower().startswith("week"):
                days *= 7
        return match.group(0) if days is None else f"h{days}".ljust(len(match.group(0)))

    def chinese(match: re.Match[str]) -> str:
        days = count_of(match.group("nth") or match.group("n"))
        if days is not None and match.group("unit") in _WEEKS:
            days *= 7
        return match.group(0) if days is None else f"第{days}天".ljust(len(match.group(0)))

    text = _EN_AHEAD.sub(english, _EN_AFTER_DATA.sub(english, text))
    return _ZH_AFTER_DATA.sub(chinese, text)
