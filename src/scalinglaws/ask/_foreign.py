"""Places and series a question names that the answering result is not about.

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

from scalinglaws.ask._measured import compared_names, population_named
from scalinglaws.ask.lexicon import has_cjk_char
from scalinglaws.ask.names import Subject
from scalinglaws.ask.understand import Query

__all__ = ["foreign_series"]


def foreign_series(query: Query, subject: Subject, subjects: Mapping[str, Subject]) -> list[str]:
    """Series of other results that the question names but this result lacks.

    Names of another result's unfitted series (a country of the COVID-19 reports)
    that the answering result does not bear under any of that series' names: "UK" in
    a question about US metro GDP names a place these results hold nothing about,
    while "American" (a name of the US series) does not, the data being of the US.
    """
    own = _own_text(subject)
    foreign = []
    for key, names in query.unfitted.items():
        other = subjects.get(key)
        if key == subject.key or other is None:
            continue
        for name in names:
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


def _flat_names(names: Any) -> list[str]:
    """A column's names from the catalogue (a name, a list, or {"en": [...], "zh": [...]})."""
    if isinstance(names, Mapping):
        return [n for part in names.values() for n in _flat_names(part)]
    if isinstance(names, list | tuple):
        return [str(n) for n in names]
    return [str(names)] if names else []


def _own_text(subject: Subject) -> str:
    """Everything a subject is called, in both languages, in lower case."""
    meta = subject.meta
    keys = ("title", "description", "units", "title_zh", "description_zh")
    texts = [str(meta.get(key, "")) for key in keys]
    texts += [str(a) for a in [*meta.get("aliases", ()), *meta.get("aliases_zh", ())]]
    return " ".join([*texts, *subject.phrases, subject.title]).lower()


def _bears(text: str, name: str) -> bool:
    name = name.lower()
    if has_cjk_char(name):
        return name in text
    return re.search(rf"(?<![a-z]){re.escape(name)}(?![a-z])", text) is not None
