"""Symbols said aloud, as voice dictation writes them: "alfa", "are squared", 阿尔法.

A question dictated to a phone arrives with its symbols spelt as spoken: "blackouts alfa
estimate", "metro gdp versus population are squared", "standard error of bee",
白鲸记 艾克斯敏 是多少, my_runs点csv 贝塔, 百分之九十五. :func:`unspoken` writes them as the symbols
they are (alpha, R2, b, x_min, .csv, α, β, 95%), so the question reads as typed. Only words that
name nothing else here are read so: "bee" and "kay" after "of" or before "estimate"
(not "bee" the insect), 点csv right after a file's name ("my runs dot csv" is left to the
file names, which read it whole).
"""

from __future__ import annotations

import re

from scalinglaws.ask.numbers import count_of

__all__ = ["unspoken"]

_SPOKEN = [
    (re.compile(r"(?<![A-Za-z])alfa(?![A-Za-z])", re.I), "alpha"),
    (re.compile(r"(?<![A-Za-z])(?:are|our|r) squared(?![A-Za-z])", re.I), "R2"),
    (re.compile(r"(?<![A-Za-z])ex[- ]?min(?![A-Za-z])", re.I), "x_min"),
    (re.compile(r"(?<=\w)点(csv|txt|tsv|json)\b", re.I), r".\1"),
    (re.compile(r"\b(?:of|for) (bee|kay)\b|\b(bee|kay)(?= estimate\b)", re.I), None),
    (re.compile(r"阿尔法"), "α"),
    (re.compile(r"贝塔"), "β"),
    (re.compile(r"艾克斯敏|艾克斯min|x敏"), "x_min"),
    (re.compile(r"(?<![A-Za-z])R方"), "R2"),
    # a percentage said in words: 百分之九十五 -> 95%
    (re.compile(r"百分之([零〇一二两三四五六七八九十]{1,4})"), lambda m: _percent(m.group(1))),
]
_LETTER = {"bee": "b", "kay": "K"}


def _percent(numeral: str) -> str:
    value = count_of(numeral)  # 九十五, or a digit alone (百分之五)
    return f"{value}%" if value is not None else f"百分之{numeral}"


def _letter(match: re.Match[str]) -> str:
    word = match.group(1) or match.group(2)
    return match.group(0).replace(word, _LETTER[word.lower()])


def unspoken(question: str) -> str:
    """``question`` with symbols said aloud written as symbols (see the module)."""
    for pattern, written in _SPOKEN:
        question = pattern.sub(written if written is not None else _letter, question)
    return question
