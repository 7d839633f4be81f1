"""Places and series a question names that the answering result is not about.

A question may name a place no result is about ("Canada" of the US census:
:func:`foreign_places`, with the places of ``_places``) or a work by its title
(《红楼梦》 of Moby Dick's words: :func:`foreign_titles`).

A result may be one series of a data set of several (China's cases among the COVID-19
reports' countries). A question naming another series of such a data set (Italy), or
the series such a result was fitted to (China) while another result answers ("Chinese
cities" of the US cities' tail), asks about something these results do not hold, unless
the answering result bears that name itself ("American" of the US metro areas).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from scalinglaws.ask._context import as_a_word, asked_about, first_asking_word
from scalinglaws.ask._measured import compared_names, population_named
from scalinglaws.ask._places import holds, places_in
from scalinglaws.ask.names import Subject
from scalinglaws.ask.understand import Query

__all__ = ["asker_ends", "borne_place", "foreign_places", "foreign_series", "foreign_titles"]


def foreign_series(query: Query, subject: Subject, subjects: Mapping[str, Subject]) -> list[str]:
    """Series of other results that the question names but this result lacks.

    Names of another result's unfitted series (a country of the COVID-19 reports)
    that the answering result does not bear under any of that series' names: "UK" in
    a question about US metro GDP names a place these results hold nothing about,
    while "American" (a name of the US series) does not, the data being of the US. A
    name said only in a context sentence ("I work in Japan.") or declined ("not Japan")
    asks nothing.
    """
    own = _own_text(subject)
    foreign = []
    for key, names in query.unfitted.items():
        other = subjects.get(key)
        if key == subject.key or other is None:
            continue
        for name in (n for n in names if asked_about(query.text, n)):
            synonyms = next(
                (s for s in other.unfitted.values() if name in s or name.lower() in s), (name,)
            )
            if not any(_bears(own, synonym) for synonym in synonyms) and not compared_names(
                query.text, name, [s for s in subjects.values() if s.key != key]
            ):
                foreign.append(name)
    return foreign + _foreign_fitted(query, subject, subjects)


def _foreign_fitted(query: Query, subject: Subject, subjects: Mapping[str, Subject]) -> list[str]:
    """Names of a fitted series of another result that the question names.

    Where that result is one series of several ("China" of the COVID-19 reports, whose
    other columns are other countries) and the answering result does not bear the
    name: "Chinese cities" asks about cities of a place the US cities' tail is not about.
    """
    own = _own_text(subject)
    asked = query.text.lower()
    foreign = []
    for other in subjects.values():
        if other.key == subject.key or other.label is None or not other.unfitted:
            continue
        if other.dataset is not None and other.dataset == subject.dataset:
            continue
        if population_named(query.text, other):
            continue  # "city sizes and terrorist attack deaths both ...": a comparison
        columns = other.meta.get("column_names") or {}
        for column, names in columns.items():
            if column in other.unfitted:
                continue
            synonyms = _flat_names(names)
            said = [n for n in synonyms if _bears(asked, n)]
            if said and not any(_bears(own, n) for n in synonyms):
                foreign.append(said[0])
    return list(dict.fromkeys(foreign))


def foreign_places(query: Query, subject: Subject, asker_end: int = 0) -> list[str]:
    """Places the asking sentence names that the result is not about.

    A result is about the places its titles, descriptions and aliases name; a place
    named in the question is borne when it is one of them or holds one ("US" of
    California's quakes), and foreign otherwise ("Canada" of the US census, "Japanese"
    of California's quakes, 欧洲 of the US blackouts; any place of a result that names
    none, such as Moby Dick's words). A story told before the asking sentence ("I teach
    in Canada.": a story), declined places ("not Japan") and the asker's own place before
    ``asker_end`` (where :func:`asker_ends` puts the end of the words about the asker)
    name nothing asked.
    """
    named = [n for n in places_in(query.text) if asked_about(query.text, n.words)]
    if not named:
        return []
    own = _places_of(subject)
    return list(
        dict.fromkeys(n.words for n in named if not _borne(n.code, own) and n.start >= asker_end)
    )


def asker_ends(question: str, subject: Subject) -> int:
    """Where the words about the asker end: at a place the result is about.

    "I study Brazilian cities but need the American benchmark: ... the US metro ...?",
    我是研究美国数据的巴西城市经济学家：…: a place named before the result's own place
    (Brazil before "American"; the last such place before the question starts asking)
    says where the asker is, not what is asked; one after the asking word is asked ("What
    is the GDP exponent of Portuguese metros, compared with the US ones?"). 0 when the
    question names none of the result's places.
    """
    own = _places_of(subject)
    borne = [n.start for n in places_in(question) if _borne(n.code, own)]
    if not borne:
        return 0
    asking = first_asking_word(question)
    return max((at for at in borne if at < asking), default=min(borne[0], asking))


def borne_place(name: str, subject: Subject) -> bool:
    """Whether ``name`` is a place the result is about ("CN" of China's cases)."""
    named = places_in(name)
    own = _places_of(subject)
    return bool(named) and all(_borne(n.code, own) for n in named)


def _places_of(subject: Subject) -> set[str]:
    """The places a result is about: those its titles, descriptions and aliases name."""
    return {n.code for n in places_in(_called(subject))}


def _borne(place: str, own: set[str]) -> bool:
    """Whether ``place`` is one of a result's places or holds one ("US" of California)."""
    return any(holds(place, p) for p in own)


#: A title between Chinese title marks: 《红楼梦》, 《战争与和平》.
_TITLE = re.compile(r"《([^》]{1,40})》")


#: A text named in English beside its words: "the word frequencies of Melville's Typee",
#: "Ulysses words", "word counts in War and Peace" (capitalised words, an author's
#: possessive allowed before them).
_TITLE_WORDS = r"[A-Z][\w'’-]+(?:\s+(?:(?:and|of|the)\s+)*[A-Z][\w'’-]+)*"
_TEXT_OF_WORDS = re.compile(
    r"\b(?:words?|word[- ]frequenc(?:y|ies)|word counts?|vocabulary)\s+(?:of|in|from)\s+"
    rf"(?:the\s+)?(?:[A-Z][a-z]+['’]s\s+)?(?P<after>{_TITLE_WORDS})|"
    rf"(?:^|(?<=[\s(]))(?:[A-Z][a-z]+['’]s\s+)?(?P<before>{_TITLE_WORDS})(?:['’]s)?\s+"
    r"(?:words?|word[- ]frequenc(?:y|ies)|word counts?)\b"
)
#: Capitalised words that name no text ("The words", "English word frequencies").
_NO_TEXT = frozenset(
    {"the", "these", "those", "this", "that", "what", "which", "our", "my", "your", "their",
     "all", "english", "chinese", "common", "unique", "distinct", "us", "fitted", "how", "in",
     "of", "for", "give", "is", "are", "and", "a"}
)  # fmt: skip


def foreign_titles(
    query: Query, subject: Subject, subjects: Mapping[str, Subject] | None = None
) -> list[str]:
    """Works named by their title (《红楼梦》, "Melville's Typee") that the result is not about.

    《白鲸记》 is the words' own title; a journal a value was published in (发表在《…》上,
    the result's citation) and a title in a story or declined ask nothing. In English a
    title is told by the words it is said of (:data:`_TEXT_OF_WORDS`), and is none when
    one of its words names this result or another of ``subjects`` ("flares or Moby Dick
    words? Give me the flares alpha.").
    """
    own = f"{_own_text(subject)} {subject.meta.get('citation', '')}".lower()
    found = [
        f"《{m.group(1)}》"
        for m in _TITLE.finditer(query.text)
        if m.group(1).lower() not in own
        and not _VENUE.search(query.text[: m.start()])
        and asked_about(query.text, m.group(1))
    ]
    for match in _TEXT_OF_WORDS.finditer(query.text):
        title = match.group("after") or match.group("before")
        words = [w for w in re.split(r"[^A-Za-z]+", title.lower()) if w]
        if len(title) <= 3 or words[0] in _NO_TEXT:
            continue  # "MD words", "The words"
        # one word of the result's own names makes it the result's text ("Surely the Moby
        # Dick words", "Moby-Dick's word frequencies")
        texts = [own, *(_own_text(other) for other in (subjects or {}).values())]
        ours = any(_bears(text, w) for text in texts for w in words if w not in _NO_TEXT)
        if not ours and asked_about(query.text, title):
            found.append(title)
    return found


#: Words before a journal's title: 发表在《…》, 刊于《…》, 载于《…》.
_VENUE = re.compile(r"(?:发表在|发表于|刊登在|刊于|载于|登在|见于)\s*$")


def _flat_names(names: Any) -> list[str]:
    """A column's names from the catalogue (a name, a list, or {"en": [...], "zh": [...]})."""
    if isinstance(names, Mapping):
        return [n for part in names.values() for n in _flat_names(part)]
    if isinstance(names, list | tuple):
        return [str(n) for n in names]
    return [str(names)] if names else []


def _own_text(subject: Subject) -> str:
    """Everything a subject is called, in both languages, in lower case."""
    return _called(subject).lower()


def _called(subject: Subject) -> str:
    """Everything a subject is called, in both languages: titles, descriptions, aliases."""
    meta = subject.meta
    keys = ("title", "description", "units", "title_zh", "description_zh")
    texts = [str(meta.get(key, "")) for key in keys]
    texts += [str(a) for a in [*meta.get("aliases", ()), *meta.get("aliases_zh", ())]]
    return " ".join([*texts, *subject.phrases, subject.title])


def _bears(text: str, name: str) -> bool:
    return re.search(as_a_word(name.lower()), text) is not None
