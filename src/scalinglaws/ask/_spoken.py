"""Symbols said aloud, as voice dictation writes them: "alfa", "are squared", 阿尔法.

A question dictated to a phone arrives with its symbols spelt as spoken: "blackouts alfa
estimate", "metro gdp versus population are squared", "standard error of bee",
白鲸记 艾克斯敏 是多少, my_runs点csv 贝塔. :func:`unspoken` writes them as the symbols
they are (alpha, R2, b, x_min, .csv, α, β), so the question reads as typed. Only words that
name nothing else here are read so: "bee" and "kay" after "of" or before "estimate"
(not "bee" the insect), 点csv right after a file's name ("my runs dot csv" is left to the
file names, which read it whole).
"""

from __future__ import annotations

import re

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
]
_LETTER = {"bee": "b", "kay": "K"}


def _letter(match: re.Match[str]) -> str:
    word = match.group(1) or match.group(2)
    return match.group(0).replace(word, _LETTER[word.lower()])


def unspoken(question: str) -> str:
    """``question`` with symbols said aloud written as symbols (see the module)."""
    for pattern, written in _SPOKEN:
        question = pattern.sub(written if written is not None else _letter, question)
    return question
