"""Chinese typos by sound: a character replaced by one read the same way.

Typing Chinese with a pinyin input method, a wrong candidate of the same syllable is
the commonest typo (只数 for 指数, 拟和 for 拟合, 幂率 for 幂律). :func:`respell` puts
back a vocabulary phrase where the question holds a run of the same length that
differs from it in exactly one character, and that character and the phrase's share a
Mandarin reading (tones ignored; every reading of a polyphonic character counts). The
readings are those of pypinyin's character table (``pinyin_dict``, from the Unihan
database's kMandarin/kHanyuPinyin fields and the Xinhua dictionary; MIT licence).

Only characters that no phrase of the table explains are respelt, and only into a
phrase of at least two characters, so a known word is never changed into another.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from functools import cache

__all__ = ["readings", "respell"]

_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_ONLY_CJK = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+$")


@cache
def _table() -> dict[int, str]:
    from pypinyin.pinyin_dict import pinyin_dict  # imported lazily: 0.2 s

    table: dict[int, str] = pinyin_dict
    return table


@cache
def readings(char: str) -> frozenset[str]:
    """The Mandarin readings of ``char`` without tones (``率`` -> lv, shuai, lve)."""
    found = _table().get(ord(char), "")
    out = set()
    for reading in found.split(","):
        flat = unicodedata.normalize("NFKD", reading)
        plain = "".join(ch for ch in flat if not unicodedata.combining(ch))
        out.add(plain.replace("u\u0308", "v").replace("ü", "v"))
    return frozenset(r for r in out if r)


def _index(phrases: Iterable[str]) -> dict[str, list[tuple[int, str]]]:
    """Each phrase under each of its one-character wildcards (指数 -> ?数, 指?)."""
    index: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for phrase in phrases:
        if 2 <= len(phrase) <= 6 and _ONLY_CJK.match(phrase):
            for i in range(len(phrase)):
                index[phrase[:i] + "?" + phrase[i + 1 :]].append((i, phrase))
    return index


def respell(
    text: str, unexplained: str, phrases: Iterable[str], function_words: Iterable[str] = ()
) -> str:
    """``text`` with each homophone typo of a phrase of ``phrases`` put right.

    ``unexplained`` is ``text`` with the phrases already found blanked out (same length):
    a window is respelt only where its changed character is still there, i.e. no phrase
    explains it, and where no unexplained character other than a function word stands
    right beside it (代谢率 is a word of its own, not 代 + a typo of 斜率). Same length out
    as in.
    """
    for word in sorted(function_words, key=len, reverse=True):
        unexplained = unexplained.replace(word, " " * len(word))
    runs = list(_CJK_RUN.finditer(unexplained))
    if not runs:
        return text
    index = _index(phrases)
    chars = list(text)
    for run in runs:
        for size in range(min(6, len(text) - run.start()), 1, -1):
            for start in range(max(0, run.start() - size + 1), run.end()):
                window = "".join(chars[start : start + size])
                if len(window) < size or not _ONLY_CJK.match(window):
                    continue
                for i in range(size):
                    at = start + i
                    if not run.start() <= at < run.end() or unexplained[at] != text[at]:
                        continue
                    key = window[:i] + "?" + window[i + 1 :]
                    hits = {
                        phrase
                        for j, phrase in index.get(key, ())
                        if j == i and readings(phrase[i]) & readings(window[i])
                    }
                    after = start + size
                    beside = unexplained[max(start - 1, 0) : start] + unexplained[after : after + 1]
                    if len(hits) == 1 and not _CJK_RUN.search(beside):
                        chars[at] = next(iter(hits))[i]
                        window = "".join(chars[start : start + size])
    return "".join(chars)
