"""Traditional Chinese characters read as simplified ones.

The vocabulary, the catalogue's Chinese names and the glossary are written in
simplified characters; a question typed in traditional characters (冪律指數, 標準誤,
美國) would otherwise share no phrase with them. :func:`simplified` converts it first,
with the character and phrase tables of OpenCC (BYVoid, https://github.com/BYVoid/OpenCC,
``t2s``: TSCharacters and TSPhrases) through the pure-Python
``opencc-python-reimplemented``. The conversion maps characters one to one (a phrase
table entry keeps its length), so positions in the question keep their meaning.
"""

from __future__ import annotations

import re
from functools import cache

from opencc import OpenCC

__all__ = ["simplified"]

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@cache
def _converter() -> OpenCC:
    return OpenCC("t2s")


def simplified(text: str) -> str:
    """``text`` with traditional Chinese characters in simplified form (others kept).

    A text of the same length is returned unchanged in length; where a table entry
    would change the length (none does in OpenCC's ``t2s``), the text is converted
    character by character instead, so that positions still line up.
    """
    if not _CJK.search(text):
        return text
    converted: str = _converter().convert(text)
    if len(converted) == len(text):
        return converted
    return "".join(_converter().convert(ch) for ch in text)
