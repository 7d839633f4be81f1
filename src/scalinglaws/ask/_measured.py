"""What a data set measures, and of what: a question about another population or quantity.

The catalogue gives each data set a ``population`` (what its observations are:
terrorist attacks, 62 mammal species, US metropolitan areas) and what it ``measures``
of each (deaths per attack; brain and body mass; GDP and population), in English and
Chinese, written from its source's description. vocabulary.toml's ``[measured]`` adds
words that name populations and quantities of data in general and of no bundled data
set (injuries, duration, birds). Together they are the words that name a population or
a measured quantity.

A question that names such a word which the answering result's data set does not
bear (in those two fields, its title, description, units, aliases or column names)
asks about another population or quantity than the one measured: "the exponent of
outage durations" of the blackouts (customers affected per outage), "the brain mass of
reptiles" of the 62 mammals, 恐怖袭击受伤人数 of deaths per attack. The result's own
numbers are not the answer; ask says so and names the result.

* A word is borne also when another name of the same catalogue column is (体重 and
  "body mass" name the mammals' body column): a user's file whose column is
  ``body_mass_kg`` bears 体重.
* A result of a user's own file has no catalogue entry, so nothing says what its
  observations are: only quantity words count against it ("animals" does not).
* Words of the question vocabulary (concepts such as loss, tokens or compute; flags;
  laws) are left to it: they name quantities the results compute, which the values
  say they carry or not.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Iterable, Mapping
from importlib import resources
from typing import Any

from scalinglaws.ask.lexicon import PhraseTable, en_tokens, has_cjk_char, lexicon
from scalinglaws.ask.names import Subject, dataset_meta
from scalinglaws.datasets import list_datasets

__all__ = [
    "bears_all",
    "compared_names",
    "measured_words",
    "names_a_measure",
    "other_measures",
    "population_named",
]

#: The tags of the question vocabulary whose words this check leaves alone.
_VOCABULARY_TAGS = ("concept:", "flag:", "law:", "method:", "kind:")
_FIELDS = ("population", "measures")


def measured_words(meta: Mapping[str, Any], fields: Iterable[str] = _FIELDS) -> list[str]:
    """A data set's words for its population and what it measures (both languages)."""
    words: list[str] = []
    for key in fields:
        field = meta.get(key) or {}
        if isinstance(field, Mapping):
            words += [str(w) for language in ("en", "zh") for w in field.get(language, ())]
    return words


def _catalogue() -> list[Mapping[str, Any]]:
    return [dataset_meta(str(name)) or {} for name in list_datasets()["name"]]


@functools.cache
def _known() -> PhraseTable:
    """Every word naming a population or a measured quantity, tagged with which.

    The catalogue's fields of every bundled data set and vocabulary.toml's
    ``[measured]``, less the words of the question vocabulary.
    """
    raw = tomllib.loads(
        resources.files("scalinglaws.ask").joinpath("vocabulary.toml").read_text("utf-8")
    )
    vocabulary = lexicon().table
    table = PhraseTable()
    for meta in [raw["measured"], *_catalogue()]:
        for key in _FIELDS:
            for word in measured_words(meta, (key,)):
                if not _in_vocabulary(vocabulary, word):
                    table.add(word, key)
    return table


@functools.cache
def _synonyms() -> dict[str, tuple[str, ...]]:
    """Each name of a catalogue column (lower case), mapped to all names of that column."""
    found: dict[str, tuple[str, ...]] = {}
    for meta in _catalogue():
        for names in (meta.get("column_names") or {}).values():
            group = tuple(str(n) for lang in ("en", "zh") for n in names.get(lang, ()))
            for name in group:
                found[name.lower()] = found.get(name.lower(), ()) + group
    return found


def _in_vocabulary(vocabulary: PhraseTable, word: str) -> bool:
    if has_cjk_char(word):
        tags: Iterable[str] = vocabulary.zh.get(word.lower(), {})
    else:
        tags = vocabulary.en.get(tuple(t.stem for t in en_tokens(word)), {})
    return any(tag.startswith(_VOCABULARY_TAGS) for tag in tags)


def _own(subject: Subject) -> tuple[str, tuple[str, ...]]:
    """Everything a result's data set is called, as lower-case text and as English stems."""
    meta = subject.meta
    texts = [str(meta.get(key, "")) for key in ("title", "description", "units")]
    texts += [str(meta.get(key, "")) for key in ("title_zh", "description_zh")]
    texts += [str(a) for a in [*meta.get("aliases", ()), *meta.get("aliases_zh", ())]]
    texts += [*measured_words(meta), *subject.phrases, subject.title]
    for names in subject.unfitted.values():
        texts += list(names)
    text = " | ".join(texts)
    return text.lower(), tuple(t.stem for t in en_tokens(text))


def _squeezed(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.lower())


def _bears(own: tuple[str, tuple[str, ...]], word: str) -> bool:
    """Whether the data set's names hold ``word``, or each of its space-separated parts.

    "Chinchilla 模型" is borne by a data set called Chinchilla and about 语言模型.
    """
    parts = word.split()
    if len(parts) > 1 and all(_bears(own, part) for part in parts):
        return True
    text, stems = own
    if has_cjk_char(word):
        return word.lower() in text
    if re.search(r"\d", word) and _squeezed(word) in _squeezed(text):
        return True  # "covid19" is the data's COVID-19
    wanted = tuple(t.stem for t in en_tokens(word))
    size = len(wanted)
    return any(stems[i : i + size] == wanted for i in range(len(stems) - size + 1))


def bears_all(subject: Subject, text: str) -> bool:
    """Whether every content word of ``text`` is one of ``subject``'s names.

    "The cities" of the city sizes are; "the birds" of a file of mammals are not.
    """
    own = _own(subject)
    words = [t.word for t in en_tokens(text) if not lexicon().is_function(t)]
    return bool(words) and all(_bears(own, word) for word in words)


def other_measures(question: str, subject: Subject, compared: Iterable[Subject] = ()) -> list[str]:
    """Words of ``question`` naming a population or quantity ``subject`` does not bear.

    See the module docstring; empty when the question names none. A word that a
    ``compared`` result bears (another result the question names by itself: "of the
    solar flares and the earthquakes, ...") names that result, not another quantity.
    """
    matches = _measure_words(question)
    own = _own(subject)
    theirs = [_own(s) for s in compared if _population_named(s, matches)]
    other = []
    for match in matches:
        if not subject.meta and set(match.tags) == {"population"}:
            continue
        names = _synonyms().get(match.text.lower(), (match.text,))
        if not any(_bears(own, name) for name in (match.text, *names)) and not any(
            _bears(named, name) for named in theirs for name in (match.text, *names)
        ):
            other.append(match.text)
    return list(dict.fromkeys(other))


#: A role's noun right after a measured word: "wildfire analyst", 山火分析员, 犯罪学家.
_ROLE_AFTER = re.compile(
    r"\s*(?i:(?:analyst|researcher|scientist|expert|specialist|fighter|manager|officer|"
    r"consultant|modell?er|watcher|reporter|journalist)s?\b)|"
    r"(?:分析|研究|监测|管理|调查|统计)?(?:员|师|家|者)"
)


@functools.lru_cache(maxsize=64)
def _measure_words(question: str) -> tuple[Any, ...]:
    """The words of ``question`` naming a population or a measured quantity.

    Matched once per question: the checks of every result read them.
    """
    question = _LIKE.sub("", question)  # "Kleiber-like" is no "likes" of a data set
    found, _ = _known().match_en(en_tokens(question))
    found_zh, _ = _known().match_zh(question)
    # the words of a role ("wildfire analyst", 山火分析员) say who asks, not what is measured
    return tuple(m for m in (*found, *found_zh) if not _ROLE_AFTER.match(question, m.end))


def population_named(question: str, subject: Subject) -> bool:
    """Whether ``question`` names what ``subject``'s observations are ("terrorist attacks")."""
    return _population_named(subject, _measure_words(question))


def compared_names(question: str, name: str, subjects: Iterable[Subject]) -> bool:
    """Whether ``name`` is borne by a result whose observations the question names.

    "City sizes and terrorist attack deaths both ...": "deaths" are the terrorist
    attacks' (named by their population), not the COVID-19 reports' deaths series.
    """
    return any(population_named(question, s) and _bears(_own(s), name) for s in subjects if s.label)


def _population_named(subject: Subject, matches: Iterable[Any]) -> bool:
    """Whether one of ``matches`` names what ``subject``'s observations are.

    Its population ("earthquakes", "terrorist attacks"), not only a quantity it
    measures (寿命, lifespan, of the leaves).
    """
    words = measured_words(subject.meta, ("population",))
    own = (" | ".join(words).lower(), tuple(t.stem for t in en_tokens(" | ".join(words))))
    return any("population" in m.tags and _bears(own, m.text) for m in matches)


#: "Kleiber-like", a wish ("I'd like"), "like the ..." and "likely" are no "likes" of posts.
_LIKE = re.compile(
    r"(?<=[A-Za-z])-like\b|\b(?:I'd|I|we'd|we|would)\s+like\b|\b(?:un)?likely\b|"
    # "like the R squared" (such as), "scale like 3/4" (as): no "likes"
    r"\blike(?=\s+(?:the|a|an|this|that|these|those|\d)\b)",
    re.I,
)
_ARTICLE = re.compile(r"^\s*(?:the|a|an|of|in|as)\s+", re.I)


def names_a_measure(text: str) -> bool:
    """Whether ``text`` begins with a word naming a measured quantity.

    "measured in deaths per attack" says what the data are, not which unit is asked for.
    """
    text = _ARTICLE.sub("", text)
    tokens = en_tokens(text)[:4]
    found, _ = _known().match_en(tokens)
    if found and found[0].start == tokens[0].start and "measures" in found[0].tags:
        return True
    found_zh, _ = _known().match_zh(text[:8])
    return any(m.start == 0 and "measures" in m.tags for m in found_zh)
