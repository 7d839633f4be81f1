"""Numbers, dates and years in a question, with the unit words beside them.

A question may name an input to evaluate the results at: a compute budget ("at 1e24
FLOPs", "算力为1e24"), a model ("a 70B-parameter model trained on 1.4 trillion
tokens", "700亿参数、1.4万亿词元"), a size ("a metro area of 1 million people",
"一百万人口"), a hypothesis ("Kleiber's 3/4"), a year or a date ("12 February 2020",
"2020年2月12日"). :func:`mentions` finds them:

* numbers in decimal or scientific notation, with thousands separators (commas or
  spaces: "1,000", "2 000 000"), in the continental style too (a decimal comma, "2,5",
  "0,25", "450,0"; thousands grouped by dots, "5.000.000.000", and "10.000" or, in a
  question with a decimal comma, "1.500"), ``10^24``
  (also ``10的24次方``, "10 to the 24th power"),
  fractions ``3/4``, and the multipliers k / thousand, lakh (1e5), M / mil / million,
  crore (1e7), B / bil / billion, T / trillion, 千 (1e3), 万 (1e4), 百万 (1e6), 亿 or 个亿
  (1e8), 万亿 (1e12);
* numbers in words with a scale word: "one million", "a thousand", "seventy-billion";
* 十的二十二次方, 一点五 and 二月七号 in Chinese numerals (read in digits first);
* Chinese numerals such as 一百万 or 两千 (a run of numeral characters holding a
  unit character 十, 百, 千, 万 or 亿, so that 一致 "agree" is not read as a number);
* dates in ISO form, "12 February 2020", "the 12th of February 2020", "Feb 12th, 2020"
  and 2020年2月12日 (parsed by pandas), and years: whole numbers from 1500 to 2100
  written without a multiplier;
* days without a year ("Feb 12th", "the 9th of February", 2月10日) as (month, day):
  the results' own dates say which year they fall in.

Each number carries the unit word that follows it (``params``, ``tokens``, ``flops``,
``persons``, ``customers``, ``kg``, ``t``, ...) when there is one (a unit's
denominator, "/m²" of "g/m²", is taken out with it); percentages are left out (they name a
confidence level, not an input).
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import re
from dataclasses import dataclass

import pandas as pd

__all__ = [
    "ORDINAL_WORDS",
    "Mentions",
    "Number",
    "chinese_numeral",
    "chinese_spelt",
    "date_spans",
    "everyday_numerals",
    "last_value",
    "mentions",
    "respelt_number_words",
    "written_dates",
]

_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec"
_DATES = [
    re.compile(r"(?<![\d-])\d{4}-\d{1,2}-\d{1,2}(?![\d-])"),  # also among Chinese words
    re.compile(
        rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})[a-z]*\.?,?\s+\d{{4}}\b", re.I
    ),
    re.compile(rf"\b(?:{_MONTHS})[a-z]*\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b", re.I),
    re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*[日号]"),
    re.compile(r"(?<![\d.])\d{4}[/.]\d{1,2}[/.]\d{1,2}(?![\d.])"),  # 2020/2/9, 2020.02.09
    re.compile(r"(?<![\d/])\d{1,2}/\d{1,2}/\d{4}(?!\d)"),  # 9/2/2020 or 2/9/2020: _slashed
    re.compile(r"(?<![\d.])\d{1,2}\.\d{1,2}\.\d{4}(?![\d.])"),  # 12.02.2020: day first
    # "6 Feb '20": a year in two digits after an apostrophe (this century's)
    re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})[a-z]*\.?,?\s+['’]\d{{2}}\b", re.I),
    re.compile(r"(?<![\d.])20\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?![\d.])"),  # 20200208
]
#: Day before month in a slashed date, when both could be either: said so ("dates written
#: day first", dd/mm/yyyy).
_DAY_FIRST = re.compile(r"\bday[- ]first\b|\bdd/mm\b|日/月", re.I)


def _date_of(text: str, question: str) -> pd.Timestamp | None:
    """The date a match of :data:`_DATES` writes, or None when it is no date (31/31/2020)."""
    if re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", text):
        try:
            return _slashed(text, question)
        except ValueError:
            return None
    dotted = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text)
    compact = re.fullmatch(r"(\d{4})(\d{2})(\d{2})", text)
    try:
        if dotted:  # the European order, day.month.year
            return pd.Timestamp(year=int(dotted[3]), month=int(dotted[2]), day=int(dotted[1]))
        if compact:
            return pd.Timestamp(year=int(compact[1]), month=int(compact[2]), day=int(compact[3]))
    except ValueError:
        return None
    text = re.sub(r"['’](\d{2})\b", r"20\1", text)  # "6 Feb '20"
    text = re.sub(r"[年月]", "-", text).rstrip("日号").replace("/", "-")
    text = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text.replace(" ", " "))
    text = re.sub(r"\s+of\s+", " ", text, flags=re.I)  # "the 11th of February"
    # a month by its first three letters, whatever follows ("Febuary", "Janurary")
    text = re.sub(rf"\b({_MONTHS})[a-z]*\.?", r"\1", text, flags=re.I)
    for written in (text.replace(" ", ""), text):
        try:
            return pd.Timestamp(pd.to_datetime(written))
        except (ValueError, TypeError):
            continue
    return None


def _slashed(text: str, question: str) -> pd.Timestamp:
    """The date a/b/yyyy: month first (US order), day first when a > 12 or said so.

    Both readings are possible when a, b <= 12; only a day-first cue (:data:`_DAY_FIRST`)
    makes 10/2/2020 the 10th of February.
    """
    a, b, year = (int(part) for part in text.split("/"))
    day_first = a > 12 or (b <= 12 and bool(_DAY_FIRST.search(question)))
    day, month = (a, b) if day_first else (b, a)
    return pd.Timestamp(year=year, month=month, day=day)


_MONTH_NAMES = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_MONTH_NUMBER = {
    name: i + 1
    for i, name in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    )
}
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
#: Days named without a year: "12 Feb", "the 9th of February", "Feb 12th", 2月10日.
_DAYS = [
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH_NAMES}(?![A-Za-z])", re.I),
    re.compile(rf"\b{_MONTH_NAMES}\s+{_DAY}\b", re.I),
    re.compile(r"(?<![\d年])(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*[日号]"),
]
_MULTIPLIERS = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "mil": 1e6,
    "mio": 1e6,
    "million": 1e6,
    "b": 1e9,
    "bn": 1e9,
    "bil": 1e9,
    "billion": 1e9,
    "t": 1e12,
    "trillion": 1e12,
    "lakh": 1e5,  # South Asian: 15 lakh = 1.5 million
    "lakhs": 1e5,
    "crore": 1e7,  # 2 crore = 20 million
    "crores": 1e7,
    "千": 1e3,
    "万": 1e4,
    "百万": 1e6,
    "千万": 1e7,
    "亿": 1e8,
    "个亿": 1e8,
    "万亿": 1e12,
}
_NUMBER = re.compile(
    r"(?<![A-Za-z0-9_./])(?<![A-Za-z]-)(?P<num>"
    # continental style: thousands grouped by dots ("5.000.000.000"), a decimal comma
    # ("2,5", "1,15", "0,25"; "1,500" is English thousands)
    r"\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?(?![\d.])|\d+,\d{1,2}(?![\d,])|0,\d+(?![\d,])|"
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|"
    # grouped by spaces (SI style, "1 000", "2 000 000"; also thin and no-break spaces)
    r"\d{1,3}(?:[ \u00a0\u2009\u202f]\d{3})+(?![\d,]|\.\d)|"
    r"\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)"
    r"(?:\s*(?:\^|\*\*)\s*(?P<pow>\d+)|的(?P<zh_pow>\d+)次(?:方|幂))?"
    r"(?P<frac>/\d+(?:\.\d+)?)?"
    r"(?:\s*(?P<mult>万亿|百万|千万|个亿|亿|万|千|"
    r"(?:thousand|million|billion|trillion|lakhs?|crores?|mn|bn|mil|mio|bil|[kKMBT])"
    r"(?![A-Za-z]))|-(?P<hyphen>thousand|million|billion|trillion)(?![A-Za-z]))?"
    r"(?P<pct>\s*%)?"
)
#: A decimal comma: "2,5", "450,0", "0,25" (not "1,500": English thousands).
_DECIMAL_COMMA = re.compile(r"(?<![\d,.])(?:\d+,\d{1,2}|0,\d+)(?![\d,])")
#: One group of thousands after a dot: "10.000" (thousands when its digits are zeros, or
#: in a question that writes a decimal comma), "1.500".
_DOT_GROUP = re.compile(r"\d{1,3}\.(?P<group>\d{3})")


def _digits(text: str, continental: bool) -> str:
    """A number's text as Python reads it: "2,5" -> "2.5", "5.000.000" -> "5000000".

    ``continental``: the question writes a decimal comma elsewhere, so that "1.500" is
    1500; "10.000" is 10000 in any question (no one writes 10 with three zeros).
    """
    if text.count(".") >= 2 or _DECIMAL_COMMA.fullmatch(text):
        return text.replace(".", "").replace(",", ".")
    group = _DOT_GROUP.fullmatch(text)
    if group and (continental or group.group("group") == "000"):
        return text.replace(".", "")
    return re.sub(r"[,\s\u00a0\u2009\u202f]", "", text)


#: The numerals of banking and cheques (大写数字): 壹 贰 叁 ... 拾 佰 仟 as 一 二 三 ... 十 百 千.
_FINANCIAL = str.maketrans("壹贰叁肆伍陆柒捌玖拾佰仟", "一二三四五六七八九十百千")
_FINANCIAL_RUN = re.compile(r"[壹贰叁肆伍陆柒捌玖拾佰仟零〇万亿]+")


def everyday_numerals(text: str) -> str:
    """``text`` with financial numerals written as everyday ones (贰佰万 -> 二百万).

    Only a run holding a digit (壹 to 玖): 拾 alone is "pick up" (拾荒者), not ten.
    """

    def everyday(match: re.Match[str]) -> str:
        run = match.group(0)
        return run.translate(_FINANCIAL) if re.search("[壹贰叁肆伍陆柒捌玖]", run) else run

    return _FINANCIAL_RUN.sub(everyday, text)


_DIGITS = dict(
    zip(
        "零〇一二两三四五六七八九",
        (0.0, 0.0, 1.0, 2.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0),
        strict=True,
    )
)
_CN_RUN = re.compile(r"[零〇一二两三四五六七八九十百千万亿]+")
#: A Chinese measure word before a counted unit: "1.4e11个token", "3万个参数", "5千名用户".
_MEASURE = r"^[\s-]*(?:个|位|名)?\s*"
_UNITS = [
    # a unit word ends where its letters do: "token时" (a Chinese character is a word
    # character to \b, so a plain \b would not end it)
    ("params", re.compile(rf"{_MEASURE}(?:parameters?|params?(?![A-Za-z])|参数)", re.I)),
    ("tokens", re.compile(rf"{_MEASURE}(?:tokens?(?![A-Za-z])|词元|令牌)", re.I)),
    ("flops", re.compile(rf"{_MEASURE}(?:flops?(?![A-Za-z])|flop/s|次浮点)", re.I)),
    ("persons", re.compile(rf"{_MEASURE}(?:people|persons?|inhabitants|residents|人口|人)", re.I)),
    ("customers", re.compile(rf"{_MEASURE}(?:customers?|households?|用户|户)", re.I)),
    ("kg", re.compile(r"^[\s-]*(?:kg\b|kilograms?|kilos?\b|公斤|千克)", re.I)),
    ("t", re.compile(r"^[\s-]*(?:tonnes?\b|tons?\b|metric tons?\b|吨)", re.I)),
    ("g", re.compile(r"^[\s-]*(?:g\b|grams?|克)", re.I)),
    ("lb", re.compile(r"^[\s-]*(?:lbs?\b|pounds?\b|磅)", re.I)),
    ("jin", re.compile(r"^[\s-]*(?:市斤|斤)")),
    ("year", re.compile(r"^\s*年")),
]


_SMALL = {
    word: float(i)
    for i, word in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
        ]
    )
}
_TENS = {
    word: 10.0 * (i + 2)
    for i, word in enumerate(
        ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
    )
}
_SCALES = {
    "dozen": 12.0,
    "hundred": 1e2,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
}
_DIGIT_WORDS = "zero|one|two|three|four|five|six|seven|eight|nine"
#: A fraction of a scale word: "half a million", "a quarter of a million", "two thirds of a
#: billion".
_OF_A_SCALE = {"half": 0.5, "quarter": 0.25, "quarters": 0.75, "third": 1 / 3, "thirds": 2 / 3}
_WORD_NUMBER = re.compile(
    r"\b(?:(?P<frac>half|(?:a\s+|one\s+)?quarter|three\s+quarters|(?:a\s+|one\s+)?third|"
    r"two\s+thirds)(?:\s+of)?\s+(?=an?\s))?"
    rf"(?:(?P<hundreds>an?|{'|'.join(_SMALL)})[\s-]+hundred(?:\s+and)?\s+)?"
    rf"(?P<base>an?|{'|'.join(_TENS)}|{'|'.join(_SMALL)})"
    rf"(?:[\s-](?P<unit>{'|'.join(w for w in _SMALL if w != 'zero')}))?"
    rf"(?:\s+point\s+(?P<decimals>(?:{_DIGIT_WORDS})(?:\s+(?:{_DIGIT_WORDS}))*))?"
    rf"(?P<scales>(?:[\s-]+(?:{'|'.join(_SCALES)}))+)\b",
    re.I,
)
#: The tens and units after "hundred" with no scale after them: "(one hundred) and fifty".
_AFTER_HUNDRED = re.compile(
    rf"\s+(?:and\s+)?(?P<base>{'|'.join(_TENS)}|{'|'.join(_SMALL)})"
    rf"(?:[\s-](?P<unit>{'|'.join(w for w in _SMALL if w != 'zero')}))?\b"
    rf"(?![\s-]+(?:{'|'.join(_SCALES)})\b)",
    re.I,
)
#: A threshold after a number: "thirty or more", "50 and up".
_OR_MORE = re.compile(
    r"(?:\s+[A-Za-z]+)?"  # what is counted between: "fifty times or more", "seven followers ..."
    r"\s+(?:or\s+(?:more|above|larger|greater|higher|bigger|over)|and\s+(?:up|above|over))\b",
    re.I,
)
#: A bound before a number in words: "at least five", "more than twenty".
_AT_LEAST = re.compile(
    r"\b(?:at\s+least|no\s+(?:fewer|less)\s+than|more\s+than|upwards\s+of|exceeding)\s+$", re.I
)
_TEENS = "|".join(w for w in _SMALL if _SMALL[w] >= 10)


def _after(name: str) -> str:
    """The years past a hundred or a thousand, as said: "and ninety", "twenty-one", "five"."""
    return (
        rf"\s+(?:and\s+)?(?:(?P<{name}_tens>{'|'.join(_TENS)})(?:[\s-](?P<{name}_unit>"
        rf"{_DIGIT_WORDS}))?|(?P<{name}_teen>{_TEENS})|(?P<{name}_digit>{_DIGIT_WORDS}))"
    )


#: A year said in words, as read aloud: "twenty twenty", "nineteen ninety-five", "nineteen
#: oh five", "eighteen hundred", "eighteen hundred and ninety", "two thousand twenty" (not
#: "two thousand" alone: a number).
_SPELT_YEAR = re.compile(
    r"\b(?:(?P<century>eighteen|nineteen|twenty)[\s-]+(?:hundred(?:" + _after("h") + r")?|"
    rf"(?:oh|o)[\s-]+(?P<oh>{_DIGIT_WORDS})|(?P<tens>{'|'.join(_TENS)})(?:[\s-](?P<unit>"
    rf"{_DIGIT_WORDS}))?|(?P<teen>{_TEENS}))|(?P<millennium>two\s+thousand)" + _after("t") + r")\b"
    r"(?![\s-]+(?:hundred|thousand|million|billion)\b)",  # "two thousand and five hundred"
    re.I,
)
#: The ordinal words, first to nineteenth, in order ("the third day" is day 3).
ORDINAL_WORDS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
                 "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth",
                 "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth")  # fmt: skip
_ORDINALS = {word: float(i + 1) for i, word in enumerate(ORDINAL_WORDS)}
_TENTHS = {"twentieth": 20.0, "thirtieth": 30.0}
_ORDINAL = re.compile(
    rf"\b(?:(?P<tens>twenty|thirty)[\s-])?(?P<ord>{'|'.join([*_ORDINALS, *_TENTHS])})\b", re.I
)
#: A small number in words before a unit word ("five kilograms"), and fractions in words
#: ("three-quarter power", "two thirds", "a half").
_BARE_WORD = re.compile(
    rf"\b(?P<base>{'|'.join(_TENS)}|{'|'.join(_SMALL)})"
    rf"(?:[\s-](?P<unit>{'|'.join(w for w in _SMALL if w != 'zero')}))?\b",
    re.I,
)
_FRACTION_WORD = re.compile(
    r"\b(?P<num>a|one|two|three)[\s-](?P<den>half|halves|third|thirds|quarter|quarters|"
    r"fourth|fourths)\b",
    re.I,
)
_DENOMINATORS = {"half": 2.0, "third": 3.0, "quarter": 4.0, "fourth": 4.0}
#: Half of one unit before its unit word: "half a kilogram".
_HALF_A = re.compile(r"\bhalf\s+an?\b", re.I)
#: "ten to the twenty-first (power)", "10 to the 24th": a power of ten in words.
_TEN_TO_THE = re.compile(
    r"\b(?:ten|10)\s+to\s+the\s+(?P<power>\d+|(?:twenty|thirty)[\s-][a-z]+|[a-z]+)"
    r"(?:st|nd|rd|th)?"
    r"(?:\s+power)?\b",
    re.I,
)

#: What follows a unit word and belongs to it: "/m²" of "g/m²", "^2" of "km^2".
_UNIT_TAIL = re.compile(r"^\s*(?:/\s*[A-Za-z]+[²³23]?|\^\s*\d|[²³])")


@dataclass(frozen=True)
class Number:
    """A number of a question: its value, its text, where it stands, its unit word."""

    value: float
    text: str
    start: int
    end: int
    unit: str | None = None
    fraction: bool = False
    counted: bool = False  # before what it counts: 2000个事件, "1711 events"

    @property
    def is_year(self) -> bool:
        """A whole number from 1500 to 2100, written plainly or before 年.

        No multiplier, no decimals; a Chinese numeral before 年 is one (两千年, 两千零五年);
        not a count ("尾部有2000个事件", "a tail of 1711 events").
        """
        plain = self.text.isdigit() or (self.unit == "year" and self.value.is_integer())
        return plain and 1500 <= self.value <= 2100 and not self.counted


@dataclass(frozen=True)
class Mentions:
    """The numbers and dates of a question; ``rest`` is the question with them blanked."""

    numbers: tuple[Number, ...]
    dates: tuple[pd.Timestamp, ...]
    rest: str
    days: tuple[tuple[int, int], ...] = ()  # (month, day) named without a year

    @property
    def years(self) -> tuple[int, ...]:
        """The four-digit years among the numbers mentioned."""
        return tuple(int(n.value) for n in self.numbers if n.is_year)

    @property
    def lone_years(self) -> tuple[int, ...]:
        """The years named on their own, not as the ends of a span.

        "Fitted to the census of 1790-1910, the population in 1920": 1920 (a span's
        ends say which data were fitted).
        """
        years = [n for n in self.numbers if n.is_year]
        ends: set[int] = set()
        for first, second in itertools.pairwise(years):
            if _SPAN_GAP.fullmatch(self.rest[first.end : second.start]):
                ends |= {first.start, second.start}
        return tuple(int(n.value) for n in years if n.start not in ends)

    @property
    def point_years(self) -> tuple[int, ...]:
        """The years named on their own, or every year when each is an end of a span.

        See :attr:`lone_years`.
        """
        return self.lone_years or self.years


#: What stands between the two ends of a span of years: 1790-1910, 1790 to 1910, 1790到1910,
#: 1984年至2002年.
_SPAN_GAP = re.compile(r"\s*年?\s*(?:-|–|—|~|to|until|through|thru|and|到|至)\s*", re.I)


def chinese_numeral(text: str) -> float | None:
    """The value of a Chinese numeral such as 一百万 (1e6), 两千 (2000) or 十二 (12).

    Returns None for a run without a unit character (一, 两个). 十, 百 and 千 multiply
    the digit before them (one when there is none: 十二 = 12); 万 multiplies the
    section before it, 亿 everything before it (一万亿 = 1e12); a 千 right after 千 or
    百 multiplies everything before it (两千千 = 2e6, two thousand thousand).
    """
    if not any(unit in text for unit in "十百千万亿") or len(text) < 2:
        return None
    if not (text[0] in _DIGITS or text[0] == "十"):
        return None  # 万亿 alone is a multiplier of the number before it
    total, section, digit = 0.0, 0.0, 0.0
    for i, char in enumerate(text):
        if char in _DIGITS:
            digit = _DIGITS[char]
        elif char == "千" and digit == 0.0 and i > 0 and text[i - 1] in "千百":
            # 两千千(人): "two thousand thousand", a count written in the data's thousands
            total, section = (total + section) * 1000.0, 0.0
        elif char in "十百千":
            section += (digit or 1.0) * {"十": 10.0, "百": 100.0, "千": 1000.0}[char]
            digit = 0.0
        elif char == "万":
            total += (section + digit) * 1e4
            section = digit = 0.0
        else:  # 亿 multiplies everything before it
            total = (total + section + digit) * 1e8
            section = digit = 0.0
    return total + section + digit


def ordinal_words_as_digits(text: str) -> str:
    """``text`` with ordinal words written as digits, for dates.

    "the tenth of February" -> "the 10th of February"; the text may change length.
    """

    def digits(match: re.Match[str]) -> str:
        word = match.group("ord").lower()
        value = _ORDINALS.get(word, _TENTHS.get(word, 0.0))
        if match.group("tens"):
            value += _TENS[match.group("tens").lower()]
        return f"{int(value)}th"

    return _ORDINAL.sub(digits, text)


def _power_of_ten(text: str) -> float | None:
    """The power in "ten to the twenty-first": 21 (digits or words, cardinal or ordinal)."""
    word = re.sub(r"\s+", "-", text.lower().strip("-"))
    if word.isdigit():
        return float(word)
    tens, _, unit = word.partition("-")
    if unit:
        return _TENS.get(tens, 0.0) + _ORDINALS.get(unit, _SMALL.get(unit, 0.0))
    return _ORDINALS.get(word, _TENTHS.get(word, _TENS.get(word, _SMALL.get(word))))


def _word_value(match: re.Match[str]) -> float:
    """The whole number of a match's words ("seventy two" 72, "two hundred and fifty" 250)."""
    base = match.group("base").lower()
    value = 1.0 if base in ("a", "an") else _TENS.get(base, _SMALL.get(base, 0.0))
    if match.group("unit"):
        value += _SMALL[match.group("unit").lower()]
    hundreds = (match.groupdict().get("hundreds") or "").lower()
    if hundreds:
        value += 100.0 * (1.0 if hundreds in ("a", "an") else _SMALL[hundreds])
    return value


def _spelt_numbers(text: str) -> list[tuple[float, int, int, bool]]:
    """Numbers in words without a scale word, as (value, start, end, is a fraction).

    Powers of ten, fractions, and small numbers (and "half a") before a unit word or
    "or more" ("a value of thirty or more").
    """
    out: list[tuple[float, int, int, bool]] = []
    for match in _TEN_TO_THE.finditer(text):
        power = _power_of_ten(match.group("power"))
        if power is not None:
            out.append((10.0**power, match.start(), match.end(), False))
    for match in _FRACTION_WORD.finditer(text):
        num = match.group("num").lower()
        value = 1.0 if num in ("a", "one") else _SMALL[num]
        den = _DENOMINATORS[match.group("den").lower().removesuffix("s").replace("halve", "half")]
        out.append((value / den, match.start(), match.end(), True))
    for match in _HALF_A.finditer(text):  # "half a kilogram"
        if _unit_after(text, match.end()) is not None:
            out.append((0.5, match.start(), match.end(), False))
    taken = [(s, e) for _, s, e, _ in out]
    for match in _BARE_WORD.finditer(text):
        sized = _unit_after(text, match.end()) is not None or (
            (
                _OR_MORE.match(text, match.end()) is not None
                or _AT_LEAST.search(text, 0, match.start()) is not None
            )
            and match.group("base").lower() not in ("zero", "one")  # "one or more of the fits"
        )
        if any(s <= match.start() < e for s, e in taken) or not sized:
            continue
        out.append((_word_value(match), match.start(), match.end(), False))
    return out


#: Number words misspelt as often typed: "hundrd", "thousnd", "milion", "biliion", "fourty".
_MISSPELT_NUMBER_WORDS = re.compile(
    r"\b(?:(?P<hundred>hundr[ae]?d|hunderd|hundered)|(?P<thousand>thou?sand|thousnd|thousan|"
    r"tousand)|(?P<million>mil{1,3}ion|millon)|(?P<billion>bill?ion|biliion|billon)|"
    r"(?P<forty>fourty))(?P<s>s?)\b",
    re.I,
)


def respelt_number_words(text: str) -> str:
    """``text`` with misspelt number words spelt right ("two thousnd" -> "two thousand").

    A letter or two longer where one was left out: it runs before positions are read.
    """
    return _MISSPELT_NUMBER_WORDS.sub(
        lambda m: next(k for k, v in m.groupdict().items() if v and k != "s") + m.group("s"),
        text,
    )


def _word_numbers(text: str) -> list[tuple[float, int, int]]:
    """Numbers written in words with a scale word, as (value, start, end).

    "one million", "a thousand", "seventy-billion", "two hundred thousand", "one hundred
    and fifty" (the tens after a last "hundred" are added); a number word alone ("one of
    the fits") is not one.
    """
    out = []
    for match in _WORD_NUMBER.finditer(text):
        value = _word_value(match)
        if match.group("decimals"):  # "one point four trillion"
            digits = "".join(str(int(_SMALL[w.lower()])) for w in match.group("decimals").split())
            value += float(f"0.{digits}")
        for scale in re.findall(r"[A-Za-z]+", match.group("scales")):
            value *= _SCALES[scale.lower()]
        if match.group("frac"):  # "half a million", "a quarter of a million"
            value *= _OF_A_SCALE[match.group("frac").split()[-1].lower()]
        end = match.end()
        tens = _AFTER_HUNDRED.match(text, end) if match.group("scales").lower().endswith(
            "hundred"
        ) else None  # fmt: skip
        if tens is not None:  # "one hundred and fifty"
            value += _word_value(tens)
            end = tens.end()
        out.append((value, match.start(), end))
    return _compounded(out, text)


def _compounded(numbers: list[tuple[float, int, int]], text: str) -> list[tuple[float, int, int]]:
    """Numbers in words said one after another, read as one.

    "one million five hundred thousand" is 1,500,000: a smaller number right after a
    larger one, "and" between or not.
    """
    out: list[tuple[float, int, int]] = []
    for value, start, end in numbers:
        if (
            out
            and out[-1][0] > value
            and re.fullmatch(r"[\s,]*(?:and\s+)?", text[out[-1][2] : start])
        ):
            out[-1] = (out[-1][0] + value, out[-1][1], end)
        else:
            out.append((value, start, end))
    return out


def _unit_after(text: str, end: int) -> str | None:
    tail = text[end : end + 24]
    for name, pattern in _UNITS:
        if pattern.match(tail):
            return name
    return None


#: A neural law's symbols for its inputs (Hoffmann et al. 2022): N parameters, D tokens,
#: C compute. "N=1e8" gives the number N's unit, as "1e8 parameters" would.
_SYMBOL_UNITS = {"N": "params", "D": "tokens", "C": "flops"}
_SYMBOL_BEFORE = re.compile(r"(?<![A-Za-z0-9_])([NDC])\s*[=≈]\s*$")


#: A Chinese quantity named before its number (参数量100亿, 人口250万, 算力预算为3e23),
#: and an English population before its size ("a population of 2.5 million").
_UNIT_BEFORE = [
    ("params", re.compile(r"(?:参数量|参数规模|参数个数|参数数量|模型规模|模型大小)\s*$")),
    ("tokens", re.compile(r"(?:训练数据|数据量|训练词元|词元数|token数|tokens?)\s*$", re.I)),
    ("flops", re.compile(r"(?:算力预算|算力|计算预算|计算量|预算)\s*$")),
    (
        "persons",
        re.compile(r"(?:人口|居民|常住人口)\s*$|\bpopulation\s+of\s+(?:at least\s+)?$", re.I),
    ),
]
#: Words between the quantity and its number: 参数量为100亿, 人口超过一百万.
_LINK_BEFORE = re.compile(
    r"(?:为|是|约|达|有|共|=|:|：|约为|大约|超过|超出|多于|大于|高于|达到|至少|不少于|不低于)\s*$"
)


def _unit_of(text: str, start: int, end: int) -> str | None:
    """The unit of the number at ``start:end``.

    The unit word after it, the input symbol it is assigned to ("D = 5e9"), or the
    quantity named right before it (参数量100亿, "a population of 2.5 million").
    """
    unit = _unit_after(text, end)
    if unit is None:
        before = _SYMBOL_BEFORE.search(text[max(0, start - 8) : start])
        if before:
            unit = _SYMBOL_UNITS[before.group(1)]
    if unit is None:
        head = text[max(0, start - 28) : start]
        link = _LINK_BEFORE.search(head)  # 参数量为100亿: the quantity before 为
        head = head[: link.start()] if link else head
        unit = next((name for name, p in _UNIT_BEFORE if p.search(head)), None)
    return unit


#: The months that are no ordinary word before an ordinal ("may first" is none).
_MONTHS_BUT_MAY = _MONTHS.replace("may|", "")
_ORDINAL_WORD = rf"(?:(?:twenty|thirty)[\s-])?(?:{'|'.join([*_ORDINALS, *_TENTHS])})"
#: "the tenth of February", "february eighth": a day as an ordinal word ("may first" is
#: no day).
_ORDINAL_DATE = re.compile(
    rf"\b(?:the\s+)?{_ORDINAL_WORD}\s+of\s+(?:{_MONTHS})[a-z]*|"
    rf"\b(?:{_MONTHS_BUT_MAY})[a-z]*\s+(?:the\s+)?{_ORDINAL_WORD}\b",
    re.I,
)


def _spelt_years(question: str) -> str:
    """Years said in words ("february eighth twenty twenty") in digits, padded in place."""

    def year(match: re.Match[str]) -> str:
        words = {k: (v or "").lower() for k, v in match.groupdict().items()}
        rest = _SMALL.get(words["oh"] or words["teen"], 0.0) + _TENS.get(words["tens"], 0.0)
        rest += _SMALL.get(words["unit"], 0.0)
        for past in ("h", "t"):  # "eighteen hundred and ninety", "two thousand twenty-one"
            rest += _TENS.get(words[f"{past}_tens"], 0.0)
            rest += sum(_SMALL.get(words[f"{past}_{k}"], 0.0) for k in ("unit", "teen", "digit"))
        # "two thousand" is century twenty
        century = (
            20.0 if words["millennium"] else _SMALL.get(words["century"]) or _TENS[words["century"]]
        )
        return f"{int(century * 100 + rest)}".ljust(len(match.group(0)))

    return _SPELT_YEAR.sub(year, question)


def _ordinal_dates(question: str) -> str:
    """The ordinal day of a date in digits, padded to keep the length ("the 10th of")."""

    def digits(match: re.Match[str]) -> str:
        text = ordinal_words_as_digits(match.group(0))
        return text + " " * (len(match.group(0)) - len(text))

    return _ORDINAL_DATE.sub(digits, question)


#: "5.88×10^23", "6 x 10^9", "3 times 10^23", 3乘以10的23次方: scientific notation written out.
_TIMES_TEN = re.compile(
    r"(\d+(?:\.\d+)?)\s*(?:[×xX*·]|times|乘以|乘)\s*10\s*(?:\^\s*([-+]?\d+)|的(\d+)次[方幂])"
)


def _scientific(question: str) -> str:
    """A number times a power of ten as one number (5.88e23), padded to keep the length."""

    def written(match: re.Match[str]) -> str:
        text = f"{match.group(1)}e{match.group(2) or match.group(3)}"
        return text + " " * (len(match.group(0)) - len(text))

    return _TIMES_TEN.sub(written, question)


def _si_flops(question: str) -> str:
    """FLOPs with an SI prefix as FLOPs ("1,000 zettaFLOPs" -> "1e24 FLOPs"), padded.

    Left as written when the FLOPs would not fit in the phrase's length.
    """

    def prefixed(match: re.Match[str]) -> str:
        value = float(match.group("number").replace(",", ""))
        flops = value * _SI_PREFIXES[match.group("prefix").lower()]
        text = f"{flops:g}".replace("e+", "e") + " FLOPs"
        return text.ljust(len(match.group(0))) if len(text) <= len(match.group(0)) else match[0]

    return _SI_FLOPS.sub(prefixed, question)


#: SI prefixes of a compute budget ("zettaFLOPs": 10^21 FLOPs).
_SI_PREFIXES = {"giga": 1e9, "tera": 1e12, "peta": 1e15, "exa": 1e18, "zetta": 1e21, "yotta": 1e24}
_SI_FLOPS = re.compile(
    r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?(?:e[-+]?\d+)?)\s*-?"
    r"(?P<prefix>giga|tera|peta|exa|zetta|yotta)-?\s*flop(?:s|/s)?\b",
    re.I,
)


_CN_DIGITS = "零〇一二两三四五六七八九十"
_CN_SPELT = [
    # 十的二十二次方, 三乘以十的二十二次方: a power of ten in Chinese numerals
    re.compile(
        rf"(?:([{_CN_DIGITS}]+)\s*(?:乘以|乘|×|x|\*)\s*)?(?:十|10)的([{_CN_DIGITS}]+)次[方幂]"
    ),
    # 一点五 (1.5): a decimal in Chinese numerals
    re.compile(rf"([{_CN_DIGITS}]+)点([零〇一二三四五六七八九]+)"),
    # 二月七号: a day in Chinese numerals
    re.compile(rf"([{_CN_DIGITS}]{{1,3}})月([{_CN_DIGITS}]{{1,3}})([日号])"),
    # 二〇二〇年, 一九九五年: a year written digit by digit
    re.compile(r"([零〇一二三四五六七八九]{4})(?=年)"),
]


def _cn_integer(text: str) -> int:
    """A whole number in Chinese numerals below 100 (七, 十, 二十二) or digit by digit."""
    if "十" in text:
        tens, _, units = text.partition("十")
        return int(_DIGITS.get(tens, 1.0) if tens else 1) * 10 + int(_DIGITS.get(units, 0.0))
    return int("".join(str(int(_DIGITS[c])) for c in text))


def chinese_spelt(question: str) -> str:
    """Chinese numerals that name a power of ten, a decimal, a day or a year, in digits.

    Each is padded to its own length (十的二十二次方 -> 1e22 and spaces), so positions in
    the question keep their meaning.
    """
    power, decimal, day, year = _CN_SPELT

    def padded(text: str, match: re.Match[str]) -> str:
        return text.ljust(len(match.group(0)))

    question = power.sub(
        lambda m: padded(
            f"{_cn_integer(m.group(1)) if m.group(1) else 1}e{_cn_integer(m.group(2))}", m
        ),
        question,
    )
    question = decimal.sub(
        lambda m: padded(
            f"{_cn_integer(m.group(1))}." + "".join(str(int(_DIGITS[c])) for c in m.group(2)), m
        ),
        question,
    )
    question = year.sub(lambda m: str(_cn_integer(m.group(1))), question)
    return day.sub(
        lambda m: padded(f"{_cn_integer(m.group(1))}月{_cn_integer(m.group(2))}{m.group(3)}", m),
        question,
    )


#: What a number counts, right after it: a Chinese classifier (2000个事件, 500起) or a
#: plural noun of things counted ("1711 events"), so that it is no year.
_COUNTED = re.compile(
    r"\s*(?:个|次|起|件|例|位|户|只|头|条|场|篇|名|座)|"
    r"\s+(?i:events|attacks|observations|data points|points|species|values|samples|words|"
    r"flares|quakes|earthquakes|blackouts|cities|runs|models)\b"
)


#: A threshold before a lone Chinese digit (不小于五, 至少三) or after it (五以上).
_CN_AT_LEAST = re.compile(r"(?:不小于|不少于|不低于|大于等于|大于|至少|超过|高于|≥|>=)\s*$")
_CN_OR_MORE = re.compile(r"\s*(?:或以上|及以上|以上|或更多|或更大)")


def _lone_digit(text: str, match: re.Match[str]) -> bool:
    """Whether a single Chinese digit (二 to 九, 两) is a number.

    Before a unit word (体重八公斤) or with a threshold (不小于五, 五以上); never 一 (一个, "a").
    """
    digit = match.group(0)
    if len(digit) != 1 or digit not in "二两三四五六七八九":
        return False
    return (
        _unit_of(text, match.start(), match.end()) is not None
        or bool(_CN_AT_LEAST.search(text, 0, match.start()))
        or bool(_CN_OR_MORE.match(text, match.end()))
    )


def mentions(question: str) -> Mentions:
    """The dates and numbers of ``question`` (see the module docstring)."""
    question = chinese_spelt(question)
    rest = _ordinal_dates(_si_flops(_scientific(_spelt_years(question))))
    dates: list[pd.Timestamp] = []
    for pattern in _DATES:
        for match in pattern.finditer(rest):
            date = _date_of(match.group(0), question)
            if date is not None:
                dates.append(date)
                rest = rest[: match.start()] + " " * len(match.group(0)) + rest[match.end() :]
    days: list[tuple[int, int]] = []
    for pattern in _DAYS:
        for match in pattern.finditer(rest):
            month_text = match.group("month").lower()
            month = int(month_text) if month_text.isdigit() else _MONTH_NUMBER[month_text[:3]]
            day = int(match.group("day"))
            if 1 <= month <= 12 and 1 <= day <= 31:
                days.append((month, day))
                span = match.end() - match.start()
                rest = rest[: match.start()] + " " * span + rest[match.end() :]
    numbers: list[Number] = []
    for match in _CN_RUN.finditer(rest):
        if match.start() > 0 and rest[match.start() - 1] in "0123456789.":
            continue  # 1.4万亿: the multiplier of an Arabic number
        value = chinese_numeral(match.group(0))
        if value is None and _lone_digit(rest, match):
            value = _DIGITS[match.group(0)]  # 体重八公斤, 不小于五
        if value is not None:
            numbers.append(
                Number(
                    value,
                    match.group(0),
                    match.start(),
                    match.end(),
                    _unit_of(rest, match.start(), match.end()),
                )
            )
    for value, start, end in _word_numbers(rest):
        text = rest[start:end]
        numbers.append(Number(value, text, start, end, _unit_of(rest, start, end)))
        rest = rest[:start] + " " * (end - start) + rest[end:]
    for value, start, end, fraction in _spelt_numbers(rest):
        text = rest[start:end]
        numbers.append(Number(value, text, start, end, _unit_of(rest, start, end), fraction))
        rest = rest[:start] + " " * (end - start) + rest[end:]
    continental = bool(_DECIMAL_COMMA.search(rest))
    for match in _NUMBER.finditer(rest):
        if match.group("pct"):
            continue  # "95%": a confidence level, left for the words
        value = float(_digits(match.group("num"), continental))
        power = match.group("pow") or match.group("zh_pow")  # 10的22次方: 10 to the 22nd
        if power:
            value = value ** float(power)
        fraction = bool(match.group("frac"))
        if fraction:
            denominator = float(match.group("frac")[1:])
            if denominator == 0:
                continue
            value /= denominator
        mult = match.group("mult") or match.group("hyphen")  # "a 1-billion-parameter model"
        if mult:
            value *= _MULTIPLIERS[mult if len(mult) > 1 and not mult.isascii() else mult.lower()]
        text = match.group(0).strip()
        numbers.append(
            Number(
                value,
                text,
                match.start(),
                match.end(),
                _unit_of(rest, match.start(), match.end()),
                fraction,
                counted=bool(_COUNTED.match(rest, match.end())),
            )
        )
    for number in numbers:
        rest = rest[: number.start] + " " * (number.end - number.start) + rest[number.end :]
        if number.unit is not None:  # "200 g/m²": the unit's denominator is no word
            unit = re.match(r"^[\s-]*[^\s/^²³]+", rest[number.end :])
            at = number.end + (unit.end() if unit else 0)
            tail = _UNIT_TAIL.match(rest[at:])
            if tail:
                rest = rest[:at] + " " * tail.end() + rest[at + tail.end() :]
    numbers.sort(key=lambda n: n.start)
    return Mentions(tuple(_unrestated(numbers, question)), tuple(dates), rest, tuple(days))


#: A number restated in brackets right after another: "1,000 thousand (one million)
#: people", "1e6（一百万）人".
_RESTATED_OPEN = re.compile(r"\s*[(（]\s*(?:i\.?e\.?,?|that is,?|=|即|也就是)?\s*$", re.I)
_RESTATED_CLOSE = re.compile(r"\s*[)）]")


def _unrestated(numbers: list[Number], question: str) -> list[Number]:
    """``numbers`` without those that restate the one before them in brackets.

    "a city of 1,000 thousand (one million) people" names one size: the first number
    keeps it, with the unit after the bracket ("people").
    """
    out: list[Number] = []
    for number in numbers:
        if out and math.isclose(out[-1].value, number.value, rel_tol=1e-9):
            first = out[-1]
            close = _RESTATED_CLOSE.match(question, number.end)
            if close and _RESTATED_OPEN.fullmatch(question, first.end, number.start):
                unit = first.unit or number.unit or _unit_after(question, close.end())
                out[-1] = dataclasses.replace(first, unit=unit)
                continue
        out.append(number)
    return out


def written_dates(text: str) -> list[tuple[int, int, pd.Timestamp | tuple[int, int]]]:
    """Each date ("12 February 2020") or day without a year that ``text`` writes.

    With where it is written; a day without a year (2月10日) as (month, day).
    """
    out: list[tuple[int, int, pd.Timestamp | tuple[int, int]]] = []
    for pattern in _DATES:
        for match in pattern.finditer(text):
            date = _date_of(match.group(0), text)
            if date is not None:
                out.append((match.start(), match.end(), date))
    for pattern in _DAYS:
        for match in pattern.finditer(text):
            if any(start <= match.start() < end for start, end, _ in out):
                continue  # the day of a date already read
            month_text = match.group("month").lower()
            month = int(month_text) if month_text.isdigit() else _MONTH_NUMBER[month_text[:3]]
            out.append((match.start(), match.end(), (month, int(match.group("day")))))
    return out


def date_spans(text: str) -> list[tuple[int, int]]:
    """Where ``text`` writes a date or a day ("12 February 2020", 2月10日).

    As :func:`written_dates` reads them: no impossible date, a date's day once.
    """
    return [(start, end) for start, end, _ in written_dates(text)]


#: Counts in words: "a", "two", "twenty" (a week after, two days before, 二十年).
COUNT_WORDS = {"a": 1, "an": 1} | {word: int(n) for word, n in {**_SMALL, **_TENS}.items()}


def count_of(text: str) -> int | None:
    """A whole count written in digits, words or Chinese numerals, or None.

    English words of :data:`COUNT_WORDS` ("a", "two", "twenty"); a Chinese digit alone
    (两) or a numeral (二十).
    """
    if text.isdigit():
        return int(text)
    if text.lower() in COUNT_WORDS:
        return COUNT_WORDS[text.lower()]
    if len(text) == 1 and text in _DIGITS:  # 两: a digit with no unit character
        return int(_DIGITS[text])
    value = chinese_numeral(text)
    return int(value) if value is not None else None


def last_value(text: str) -> tuple[int, int] | None:
    """Where the last date, day or number of ``text`` is written, or None.

    The one a correction replaces ("the ensemble on 10 February 2020 — I mean 11
    February": the date, not the day 2020 alone; a percentage is a level, no value).
    """
    numbers = [(m.start(), m.end()) for m in _NUMBER.finditer(text) if not m.group("pct")]
    spans = [*date_spans(text), *numbers]
    if not spans:
        return None
    return max(spans, key=lambda span: (span[1], -span[0]))
