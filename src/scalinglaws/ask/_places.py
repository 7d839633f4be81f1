"""The places a text names: countries, territories, world regions and US states.

A question about "Canada's census in 1930", "the Japanese earthquake catalogue" or
欧洲的停电 names a place; a result is about the places its own title and description
name (the US census, California's quakes). places.toml lists each place's English and
Chinese names and the regions that hold it (written by scripts/make_places.py from the
Unicode CLDR), so that "US earthquakes" is about California's quakes (the US holds
California) while "Japanese" or "Alaska" is not.

* :func:`places_in`: the places a text names, each with the words that named it, the
  longest name winning where names overlap (印度尼西亚 is Indonesia, not India);
* :func:`holds`: whether a place is, or holds, another (the US holds California).
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from scalinglaws.ask.lexicon import has_cjk_char

__all__ = ["Named", "holds", "places_in"]

PLACES_FILE = Path(__file__).with_name("places.toml")
#: Names that are ordinary words when written in lower case ("let us", "turkey",
#: "polish"): matched only with their capital.
_CAPITAL_ONLY = frozenset(
    {"us", "cn", "turkey", "chad", "china", "jordan", "guinea", "georgia", "polish", "niger"}
    | {"wales"}
)
#: Chinese names that occur inside ordinary words (其中非洲 holds 中非): never matched alone.
_ZH_INSIDE_WORDS = frozenset({"中非"})


@dataclass(frozen=True)
class Named:
    """A place a text names: its code in places.toml, the words used and where."""

    code: str
    words: str
    start: int


@dataclass(frozen=True)
class _Gazetteer:
    english: re.Pattern[str]
    chinese: tuple[tuple[str, str], ...]  # (name, code), longest first
    code_of: dict[str, str]  # English name in lower case -> code
    within: dict[str, frozenset[str]]  # code -> every region holding it


@functools.cache
def _gazetteer() -> _Gazetteer:
    places = tomllib.loads(PLACES_FILE.read_text("utf-8"))["place"]
    code_of: dict[str, str] = {}
    chinese: list[tuple[str, str]] = []
    for code, place in places.items():
        for name in place["en"]:
            code_of.setdefault(name.lower(), code)
        chinese += [(n, code) for n in place["zh"] if n not in _ZH_INSIDE_WORDS]
    names = sorted(code_of, key=len, reverse=True)
    english = re.compile(
        r"(?<![A-Za-z])(?:" + "|".join(re.escape(n) for n in names) + r")(?![A-Za-z])", re.I
    )
    within = {code: _ancestors(code, places) for code in places}
    chinese.sort(key=lambda nc: len(nc[0]), reverse=True)
    return _Gazetteer(english, tuple(chinese), code_of, within)


def _ancestors(code: str, places: dict[str, dict[str, list[str]]]) -> frozenset[str]:
    seen: set[str] = set()
    todo = list(places[code]["within"])
    while todo:
        region = todo.pop()
        if region not in seen and region in places:
            seen.add(region)
            todo += places[region]["within"]
    return frozenset(seen)


#: A Chinese city, province or county named with its administrative suffix (武汉市,
#: 湖北省, 寿光县; its last two characters before the suffix, so that 请问一下武汉市 names
#: 武汉市): a place below the countries places.toml lists. Not the suffix inside
#: ordinary words: 城市, 都市, 股市, 上市, 超市 (the name's last character), 市场, 省份, 市区,
#: 市民 (the character after), nor a stretch holding a function word (按美国都市区).
_ZH_ADMIN = re.compile(r"([\u4e00-\u9fff]{2})(市|省|县)(?![场值民区内长委政级辖份会])")
_ZH_NOT_A_NAME = re.compile(
    r"[城都股上超夜门黑闹街集的在和与对按中里是为从把被个些这那全各每本该某用到]"
)


def places_in(text: str) -> list[Named]:
    """The places ``text`` names, in order; where names overlap the longest wins.

    An English name is matched as a word, in any case except the names that are
    ordinary words in lower case (``_CAPITAL_ONLY``: "us", "turkey"), which need their
    capital (``US``, ``Turkey``); a Chinese name anywhere.
    """
    gazetteer = _gazetteer()
    found: list[Named] = []
    for match in gazetteer.english.finditer(text):
        words = match.group(0)
        if words.lower() in _CAPITAL_ONLY and not words[0].isupper():
            continue
        found.append(Named(gazetteer.code_of[words.lower()], words, match.start()))
    if has_cjk_char(text):
        for name, code in gazetteer.chinese:
            at = text.find(name)
            while at >= 0:
                found.append(Named(code, name, at))
                at = text.find(name, at + 1)
        for match in _ZH_ADMIN.finditer(text):
            if not _ZH_NOT_A_NAME.search(match.group(1)):
                found.append(Named(f"zh-admin:{match.group(0)}", match.group(0), match.start()))
    kept: list[Named] = []
    taken: set[int] = set()
    for named in sorted(found, key=lambda n: -len(n.words)):
        span = set(range(named.start, named.start + len(named.words)))
        if not span & taken:
            kept.append(named)
            taken |= span
    return sorted(kept, key=lambda n: n.start)


def holds(region: str, place: str) -> bool:
    """Whether ``region`` is ``place`` or holds it (the US holds California; Asia, Japan)."""
    return region == place or region in _gazetteer().within.get(place, frozenset())
