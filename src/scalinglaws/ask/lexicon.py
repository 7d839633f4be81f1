"""The words of questions: the vocabulary, tokens, and a longest-match phrase matcher.

:data:`vocabulary.toml <scalinglaws.ask>` (beside this module) lists the concepts a
question can name (an exponent, x_min, a carrying capacity, ...), the flags that
qualify an answer (an interval, the published value), the quantities no result
holds, the parameters' symbols and the names of laws, methods and kinds of fit, each
in English and Chinese. :class:`PhraseTable` matches such phrases in a question:

* English phrases are sequences of stemmed words (:func:`scalinglaws.ask.preprocess.stem`),
  matched left to right, longest first (maximal munch), so "carrying capacity" wins
  over "capacity" and "city sizes" over "size";
* Chinese phrases are substrings, matched longest first over the whole question
  (the segmentation-free matching of Nie et al. 2000; see :mod:`.preprocess`).

A token a phrase matched is consumed: it cannot match another phrase. Misspelt
English words are corrected to the closest known word first (:func:`correct`,
difflib's Ratcliff-Obershelp similarity; Ratcliff & Metzener, Dr. Dobb's Journal, 1988).
"""

from __future__ import annotations

import difflib
import functools
import re
import tomllib
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from importlib import resources

from scalinglaws.ask.preprocess import has_cjk, stem

__all__ = [
    "Lexicon",
    "Match",
    "PhraseTable",
    "Token",
    "correct",
    "en_tokens",
    "lexicon",
    "phrase_words",
]

_WORD = re.compile(r"[A-Za-z\u00c0-\u024f\u0370-\u03ff][A-Za-z0-9\u00c0-\u024f\u0370-\u03ff]*|\d+")
#: The "s" of a possessive ("the tail's lower cutoff").
_POSSESSIVE_S = re.compile(r"(?<=['’])s\b")
_CJK_CHAR = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
#: Where a Latin letter or digit meets a Chinese character (a space may stand there).
_LATIN_CJK = re.compile(
    r"(?<=[A-Za-z0-9])(?=[\u3400-\u4dbf\u4e00-\u9fff])|(?<=[\u3400-\u4dbf\u4e00-\u9fff])(?=[A-Za-z0-9])"
)


#: Punctuation no phrase runs across (:meth:`PhraseTable.match_en`).
_CLAUSE_BREAK = re.compile(r"[:;?!：；？！\n—–]|\s-\s")


@dataclass(frozen=True)
class Token:
    """One English word of a question: its stem, the word, and where it stands."""

    stem: str
    word: str
    start: int
    end: int


def en_tokens(text: str) -> list[Token]:
    """The words of ``text`` (letters and digits; ``_``, ``-`` and punctuation split them).

    >>> [t.stem for t in en_tokens("x_min of the cities' tails")]
    ['x', 'min', 'of', 'the', 'city', 'tail']
    """
    return [
        Token("'s", "'s", m.start(), m.end())  # no half of a compound: not "s lower" -> "slower"
        if _POSSESSIVE_S.match(text, m.start())
        else Token(stem(m.group(0)), m.group(0).lower(), m.start(), m.end())
        for m in _WORD.finditer(text)
    ]


def phrase_words(phrase: str) -> tuple[str, ...]:
    """The stems an English phrase is matched by."""
    return tuple(token.stem for token in en_tokens(phrase))


@dataclass(frozen=True)
class Match:
    """A phrase found in a question.

    Its tags (e.g. ``"concept:exponent"``), its text, its weight and the characters it covers.
    """

    tags: tuple[str, ...]
    text: str
    start: int
    end: int
    weight: float = 1.0


#: A character inside a Latin word or a file name ("followers.txt"), before a phrase.
_IN_A_WORD = re.compile(r"[A-Za-z0-9_.]")
#: A proper name of several capitalised words or a number: "Open-Athena", "Moby Dick", "Llama 3".
_PROPER_NAME = re.compile(r"[A-Z][A-Za-z]*(?:[\s-]+[A-Z0-9][A-Za-z0-9]*)+")


@dataclass
class PhraseTable:
    """Phrases with their tags, matched longest first (see the module docstring)."""

    en: dict[tuple[str, ...], dict[str, float]] = field(default_factory=dict)
    zh: dict[str, dict[str, float]] = field(default_factory=dict)
    vocabulary: set[str] = field(default_factory=set)  # English words, unstemmed

    def add(self, phrase: str, tag: str, weight: float = 1.0) -> None:
        """Add ``phrase`` (English or Chinese) with ``tag``; the largest weight of a tag wins.

        A proper name of several words is also added written as one ("Open-Athena" as
        "OpenAthena", "Llama 3" as "Llama3"), as users type it.
        """
        phrase = phrase.strip()
        if not phrase:
            return
        if _PROPER_NAME.fullmatch(phrase):
            self._add(re.sub(r"[\s-]+", "", phrase), tag, weight)
        self._add(phrase, tag, weight)

    def _add(self, phrase: str, tag: str, weight: float) -> None:
        if has_cjk(phrase):
            slot = self.zh.setdefault(phrase.lower(), {})
            spaced = _LATIN_CJK.sub(" ", phrase).lower()
            if spaced != phrase.lower():  # "t值" is also written "t 值"
                self.zh.setdefault(spaced, {})[tag] = max(weight, slot.get(tag, 0.0))
        else:
            tokens = en_tokens(phrase)
            if not tokens:
                return
            self.vocabulary.update(token.word for token in tokens)
            slot = self.en.setdefault(tuple(token.stem for token in tokens), {})
        slot[tag] = max(weight, slot.get(tag, 0.0))

    def has(self, phrase: str) -> bool:
        """True when ``phrase`` is one of the table's phrases."""
        if has_cjk(phrase):
            return phrase.lower() in self.zh
        return phrase_words(phrase) in self.en

    def stems(self) -> set[str]:
        """Every English stem of the table."""
        return {word for phrase in self.en for word in phrase}

    def match_zh(self, text: str) -> tuple[list[Match], str]:
        """Chinese phrases in ``text`` (longest first).

        Returns the matches and the text with each match blanked out (same length, so positions stay
        valid).
        """
        found: list[Match] = []
        lowered = text.lower()
        for phrase in sorted(self.zh, key=len, reverse=True):
            start = lowered.find(phrase)
            while start >= 0:
                end = start + len(phrase)
                latin = phrase[0].isascii() and phrase[0].isalnum()
                if latin and start > 0 and _IN_A_WORD.match(lowered, start - 1):
                    # "t 值" is no t value in "followers.txt 值": a Latin phrase starts a word
                    start = lowered.find(phrase, start + 1)
                    continue
                tags = self.zh[phrase]
                found.append(Match(tuple(tags), phrase, start, end, max(tags.values())))
                lowered = lowered[:start] + "\0" * len(phrase) + lowered[end:]
                text = text[:start] + " " * len(phrase) + text[end:]
                start = lowered.find(phrase)
        return sorted(found, key=lambda m: m.start), text

    def match_en(self, tokens: list[Token], source: str = "") -> tuple[list[Match], list[Token]]:
        """English phrases over ``tokens`` (maximal munch).

        Given the ``source`` text the tokens were read from, a phrase does not run across a colon,
        semicolon, question or exclamation mark, a dash or a line's end ("the metro GDP fit -
        test b = 1" holds no "fit test").
        Returns the matches and the tokens no phrase covered.
        """
        longest = max((len(phrase) for phrase in self.en), default=0)
        found: list[Match] = []
        rest: list[Token] = []
        i = 0
        while i < len(tokens):
            for size in range(min(longest, len(tokens) - i), 0, -1):
                key = tuple(token.stem for token in tokens[i : i + size])
                tags = self.en.get(key)
                if tags is not None and size > 1 and source:
                    inside = source[tokens[i].end : tokens[i + size - 1].start]
                    tags = None if _CLAUSE_BREAK.search(inside) else tags
                if tags is not None:
                    text = " ".join(token.word for token in tokens[i : i + size])
                    start, end = tokens[i].start, tokens[i + size - 1].end
                    found.append(Match(tuple(tags), text, start, end, max(tags.values())))
                    i += size
                    break
            else:
                rest.append(tokens[i])
                i += 1
        return found, rest

    def tags_of(self, match: Match) -> dict[str, float]:
        """The tags (with weights) of a match made by this table."""
        if has_cjk(match.text) or match.text in self.zh:
            return dict(self.zh.get(match.text, {}))
        return dict(self.en.get(phrase_words(match.text), {}))


@dataclass(frozen=True)
class Spelling:
    """The words a misspelt word may become: as a set, and grouped by first letter."""

    words: frozenset[str]
    by_initial: Mapping[str, tuple[str, ...]]

    @classmethod
    def of(cls, words: Iterable[str]) -> Spelling:
        ordered = sorted(set(words))
        groups: dict[str, list[str]] = {}
        for word in ordered:
            groups.setdefault(word[:1], []).append(word)
        return cls(frozenset(ordered), {k: tuple(v) for k, v in groups.items()})


def correct(
    tokens: list[Token], known: AbstractSet[str], spelling: Spelling, text: str = ""
) -> list[Token]:
    """Tokens with misspelt words replaced by the closest word of ``spelling``.

    A compound written in two words is joined first (:func:`_joined`; ``text`` is what
    the tokens were read from, for their case). A word is
    left alone when its stem is ``known``, when it is shorter than four
    letters or holds a digit; otherwise it becomes the most similar vocabulary word with
    the same first letter with two neighbouring letters swapped ("qauke"), or whose
    similarity ratio is at least 0.85 (words of four or five letters) or 0.8; else, when
    it is an abbreviation that cuts one vocabulary word short, that word
    (:func:`_completed`). A capitalised word right after another capitalised in
    mid-sentence goes on a name ("Don Quixote") and is left alone, as is the second word of
    a hyphenated compound whose first is unknown ("hedge-fund" is no "found").
    """
    out: list[Token] = []
    for token in _joined(tokens, spelling.words, text):
        word = token.word
        if token.stem in known or len(word) < 4 or any(ch.isdigit() for ch in word):
            out.append(token)
            continue
        if out and _in_a_name(out[-1], token, text):
            out.append(token)  # "Don Quixote" is a name, not a misspelt "quote"
            continue
        if out and out[-1].stem not in known and text[out[-1].end : token.start] == "-":
            out.append(token)  # "hedge-fund": a compound of words, not a misspelt "found"
            continue
        cutoff = 0.85 if len(word) <= 5 else 0.81
        # a typo keeps the first letter ("exponant"): "call" is not "all", "organization"
        # not "normalization"
        same_start = spelling.by_initial.get(word[:1], ())
        close = _swapped(word, spelling.words) or difflib.get_close_matches(
            word, same_start, n=1, cutoff=cutoff
        )
        if not close and text[token.end : token.end + 1] == ".":
            close = _completed(word, same_start)  # "Chinch." for Chinchilla
        out.append(Token(stem(close[0]), close[0], token.start, token.end) if close else token)
    return out


def _swapped(word: str, words: AbstractSet[str]) -> list[str]:
    """The vocabulary word ``word`` is with two neighbouring letters swapped ("qauke")."""
    lowered = word.lower()
    for i in range(1, len(lowered) - 1):  # not the first letter, which a typo keeps
        swapped = lowered[:i] + lowered[i + 1] + lowered[i] + lowered[i + 2 :]
        for form in (swapped, swapped + "s"):  # "qauke": the vocabulary's "quakes"
            if swapped != lowered and form in words:
                return [form]
    return []


def _in_a_name(before: Token, token: Token, text: str) -> bool:
    """Whether ``token`` goes on a name ("of Don Quixote").

    Capitalised, one space after a word capitalised in mid-sentence (not "In Clausen et
    al.'s paper", whose "In" opens the sentence).
    """
    prefix = text[: before.start].rstrip()
    opens = not prefix or prefix[-1] in _SENTENCE_ENDS
    return (
        text[token.start : token.start + 1].isupper()
        and text[before.start : before.start + 1].isupper()
        and text[before.end : token.start] == " "
        and not opens
    )


#: Marks after which a word opens a sentence or a label (not brackets or quotes, as
#: ``_context.starts_sentence`` has them: "the novel “Don Quixote”" is a name).
_SENTENCE_ENDS = frozenset(".?!:;。？！：；\n")


def _completed(word: str, words: Iterable[str]) -> list[str]:
    """The one vocabulary word that an abbreviation cuts short ("Chinch.": Chinchilla).

    As a one-element list; empty when none or several do.

    Only a word written with an abbreviation's period: a whole word is often the start of
    another ("Prove it" is no "provenance"). It keeps at least four letters and loses at
    least two; words that agree past the cut (terrorism, terrorist) count as one.
    """
    if len(word) < 4:
        return []
    longer = sorted(w for w in words if w.startswith(word) and len(w) >= len(word) + 2)
    if not longer or len({w[: len(word) + 2] for w in longer}) > 1:
        return []
    return [min(longer, key=len)]


def _joined(tokens: list[Token], content: AbstractSet[str], text: str = "") -> list[Token]:
    """Tokens with a compound written in two words joined ("earth quake", "black outs").

    Two neighbouring words, one space apart, become one when together they are a
    ``content`` word of the vocabulary (never a function word: "in to" stays apart),
    unless the first is an acronym in ``text`` ("US pop" is the US population, not R's
    data set "uspop").
    """
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        first = tokens[i]
        if i + 1 < len(tokens) and tokens[i + 1].start - first.end == 1:
            second = tokens[i + 1]
            word = first.word + second.word
            written = text[first.start : first.end]
            acronym = len(written) > 1 and written.isupper()
            if word in content and word.isalpha() and not acronym:
                out.append(Token(stem(word), word, first.start, second.end))
                i += 2
                continue
        out.append(first)
        i += 1
    return out


@dataclass(frozen=True)
class Lexicon:
    """The vocabulary of questions (see the module docstring and vocabulary.toml)."""

    table: PhraseTable
    soft: frozenset[str]  # concepts an answer need not carry
    symbols: tuple[str, ...]
    function_en: frozenset[str]  # stems
    function_zh: tuple[str, ...]  # longest first
    concepts: tuple[str, ...]
    terms_en: Mapping[str, tuple[frozenset[str], ...]] = field(default_factory=dict)
    model_laws: frozenset[str] = frozenset()  # laws that are models by name (Gompertz)

    def is_function(self, token: Token) -> bool:
        """Whether ``token`` is a function word (an article, preposition or auxiliary)."""
        return token.stem in self.function_en or token.word in self.function_en

    def english_terms(self, concept: str) -> tuple[frozenset[str], ...]:
        """The English terms of ``concept``, each as the set of its stems."""
        return self.terms_en.get(concept, ())


def _add_all(table: PhraseTable, terms: Mapping[str, Iterable[str]], tag: str) -> None:
    for language in ("en", "zh"):
        for term in terms.get(language, ()):
            table.add(term, tag)


def _as_models(terms: Mapping[str, Iterable[str]]) -> dict[str, list[str]]:
    """A law's names followed by "model" (模型).

    "The logistic model" names the law, not a model size (按逻辑斯蒂模型，1920年美国人口;
    按 logistic 模型，1800 年).
    """
    english = [t for t in terms.get("en", ()) if not t.endswith("model")]
    return {
        "en": [f"{t} model" for t in english],
        # a Chinese question may write the law's English name before 模型 ("logistic 模型")
        "zh": [f"{t}模型" for t in terms.get("zh", ()) if not t.endswith("模型")]
        + [f"{t}{gap}模型" for t in english for gap in ("", " ")],
    }


@functools.cache
def lexicon() -> Lexicon:
    """The vocabulary, read once from vocabulary.toml."""
    raw = tomllib.loads(
        resources.files("scalinglaws.ask").joinpath("vocabulary.toml").read_text("utf-8")
    )
    table = PhraseTable()
    soft = set()
    for name, terms in raw["concepts"].items():
        _add_all(table, terms, f"concept:{name}")
        if terms.get("soft"):
            soft.add(name)
    for name, terms in raw["flags"].items():
        _add_all(table, terms, f"flag:{name}")
    _add_all(table, raw["not_computed"], "not_computed")
    for group in ("laws", "methods", "kinds"):
        for name, terms in raw[group].items():
            _add_all(table, terms, f"{group[:-1]}:{name}")
    for name, terms in raw["laws"].items():
        _add_all(table, _as_models(terms), f"law:{name}")
    function_en = frozenset(stem(word) for word in raw["function_words"]["en"])
    function_zh = tuple(sorted(raw["function_words"]["zh"], key=len, reverse=True))
    return Lexicon(
        table=table,
        soft=frozenset(soft),
        symbols=tuple(raw["symbols"]["names"]),
        function_en=function_en | frozenset(raw["function_words"]["en"]),
        function_zh=function_zh,
        concepts=tuple(raw["concepts"]),
        terms_en={
            name: tuple(frozenset(phrase_words(term)) for term in terms.get("en", ()))
            for name, terms in raw["concepts"].items()
        },
        model_laws=frozenset(name for name, terms in raw["laws"].items() if terms.get("model")),
    )


def cjk_leftovers(text: str, function_words: tuple[str, ...]) -> list[str]:
    """Runs of Chinese characters left in ``text`` once ``function_words`` are removed."""
    for word in function_words:
        text = text.replace(word, " ")
    return [run for run in re.findall(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+", text)]


def has_cjk_char(text: str) -> bool:
    return _CJK_CHAR.search(text) is not None
