"""Traditional Chinese characters read as simplified ones, full-width forms as ASCII.

The vocabulary, the catalogue's Chinese names and the glossary are written in
simplified characters; a question typed in traditional characters (冪律指數, 標準誤,
美國) would otherwise share no phrase with them. :func:`simplified` converts it first,
with the character and phrase tables of OpenCC (BYVoid, https://github.com/BYVoid/OpenCC,
``t2s``: TSCharacters and TSPhrases) through the pure-Python
``opencc-python-reimplemented``. The conversion maps characters one to one (a phrase
table entry keeps its length), so positions in the question keep their meaning. Where
Taiwan's phrases differ from the mainland's (資料 for 数据, 程式 for 程序), OpenCC's
``tw2sp`` tables give the mainland phrase when that keeps the length.

:func:`normalized` first applies Unicode's compatibility normalization (NFKC), which
reads full-width digits, letters and punctuation (０．５, ｘｍｉｎ, ＧＧＭ, ％) as their
ASCII forms.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from opencc import OpenCC

from scalinglaws.ask._latex import plain
from scalinglaws.ask.numbers import everyday_numerals, respelt_number_words

__all__ = ["normalized", "simplified"]

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@cache
def _converter(config: str = "t2s") -> OpenCC:
    return OpenCC(config)


#: Hyphens that NFKC keeps (a non-breaking hyphen in "2020‑02‑07", a minus sign) as "-".
_HYPHENS = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2212": "-"})
#: Simplified characters that OpenCC's ``tw2sp`` tables rewrite (么 as 幺).
_KEPT = frozenset("么")
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
_POWER = re.compile(r"10([⁻]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)")


#: R squared written as a power: "R^2", "R²", "r ^ 2".
_R_SQUARED = re.compile(r"(?<![A-Za-z])([Rr])\s*(?:\^\s*2|²)(?![\d.])")


def normalized(text: str) -> str:
    r"""``text`` in NFKC form, with traditional characters simplified (see the module).

    A power of ten in superscripts (10²³) is written 10^23 first: NFKC would make it 1023;
    inline TeX ("$D_{\mathrm{opt}}$") is written as plain text (:mod:`._latex`); R^2 and
    R² are R2 (its "2" is no number of the question).
    """
    text = plain(text).translate(_HYPHENS)
    text = _POWER.sub(lambda m: "10^" + m.group(1).translate(_SUPERSCRIPTS), text)
    text = _R_SQUARED.sub("R2", text)
    text = simplified(unicodedata.normalize("NFKC", text))
    return everyday_numerals(respelt_number_words(text))


def simplified(text: str) -> str:
    """``text`` with traditional Chinese characters in simplified form (others kept).

    A text of the same length is returned unchanged in length; where a table entry
    would change the length (none does in OpenCC's ``t2s``), the text is converted
    character by character instead, so that positions still line up.
    """
    if not _CJK.search(text):
        return text
    mainland: str = _converter("tw2sp").convert(text)
    if len(mainland) == len(text):
        # tw2sp writes the simplified 么 (什么, 怎么) as 幺: keep it as written
        return "".join(o if o in _KEPT else m for o, m in zip(text, mainland, strict=True))
    converted: str = _converter().convert(text)
    if len(converted) == len(text):
        return converted
    return "".join(_converter().convert(ch) for ch in text)
