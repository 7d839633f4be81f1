"""Options listed in a question, one of them chosen: only the chosen one is asked.

"For the terrorism tail: (a) alpha (b) x_min (c) n_tail. I need (c).", "Leaf lifespan
fit: (1) b (2) R-squared (3) the p-value of the isometry test b = 1. Give me (3).",
叶寿命拟合：（甲）R²（乙）检验b=1的F统计量，我要乙。 A list of options names every
quantity in it; the words that choose one ("I need (c)", "give me (3)", 我要乙) say
which is asked. The other options and the choosing words are blanked, so the question
reads as if it named the chosen quantity alone; without a choice nothing changes.

Options that are numbers, offered as guesses before the exact value is asked ("(a) 0.5%
(b) 2% (c) 5%, or the exact figure?", "A. 150 B. 250 C. 300，还是都不对？"), are no inputs:
:func:`without_guesses` blanks them.
"""

from __future__ import annotations

import re

__all__ = ["chosen_option", "without_guesses"]

#: An option's mark: (a), (b), (1), (2), (甲), （乙） (full-width brackets too).
_MARK = re.compile(r"[(（]\s*([a-hA-H1-9]|[甲乙丙丁戊])\s*[)）]")
#: The words that choose an option: "I need (c)", "give me (3)", "I want (a)", 我要乙, 选（b）.
_CHOICE = re.compile(
    r"(?:\bI(?:'d| would)? (?:need|want|mean|(?:would )?like)|\bgive me|\bpick|\bjust|"
    r"我要|要的是|选|只要)\s*"
    r"(?:option\s+)?[(（]?\s*([a-hA-H1-9]|[甲乙丙丁戊])\s*[)）]?(?![\w])",
    re.I,
)
#: Where the last option's text ends: a sentence's end or a clause mark before the choice.
_END = re.compile(r"[.。;；!！?？,，]")


def chosen_option(question: str) -> str:
    """``question`` with every listed option but the chosen one blanked (see the module)."""
    choices = list(_CHOICE.finditer(question))
    if not choices:
        return question
    choice = choices[-1]
    marks = [m for m in _MARK.finditer(question) if m.end() <= choice.start()]
    if len(marks) < 2:
        return question
    picked = choice.group(1).lower()
    if picked not in {m.group(1).lower() for m in marks}:
        return question
    out = question
    for i, mark in enumerate(marks):
        last = i + 1 == len(marks)
        end = marks[i + 1].start() if not last else _option_end(question, mark.end(), choice)
        if mark.group(1).lower() == picked:
            out = _blank(out, mark.start(), mark.end())  # the mark itself names nothing
        else:
            out = _blank(out, mark.start(), end)
    return _blank(out, choice.start(), choice.end())


def _option_end(question: str, start: int, choice: re.Match[str]) -> int:
    """Where the last option's text ends: the first clause mark after it, or the choice."""
    end = _END.search(question, start, choice.start())
    return end.start() if end else choice.start()


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


#: One numeric option: its mark ("(a)", "A.", "A" before a number) and its number, with a
#: unit or a range ("3万到4万", "5e11", "0.5%", "150 g").
_GUESS = (
    r"(?:[(（]\s*[a-dA-D]\s*[)）]|(?<![A-Za-z0-9])[A-D](?:[.)．]|(?=\s+[\d.])))\s*"
    r"[~≈]?\s*\d[\d.,]*(?:\s*(?:%|e[-+]?\d+|[kKMBT]\b|万|千|亿|g\b|kg\b|人))?"
    r"(?:\s*(?:到|to|-|–)\s*\d[\d.,]*\s*(?:万|千|亿)?)?"
)
#: Two options or more in a row.
_GUESSES = re.compile(rf"{_GUESS}(?:\s*[,，;；]?\s*{_GUESS})+")


def without_guesses(question: str) -> str:
    """``question`` with numeric options offered as guesses blanked (see the module)."""
    return _GUESSES.sub(lambda m: " " * len(m.group(0)), question)
