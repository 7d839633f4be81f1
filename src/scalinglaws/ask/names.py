"""What each result is called: the names a question can use to point at it.

A result fitted to a bundled dataset is named by that dataset's catalogue metadata
(:func:`scalinglaws.load_dataset` ``.meta``): its title in English and Chinese, its
aliases in both languages ("Moby Dick", 白鲸记, "city sizes"), its description and
units, and what its fitted columns are called. Any result is also named by itself:
its label (a dataset or file name), the columns it was fitted to, its law, method
and kind of fit. Catalogue datasets that no result was fitted to are named the same
way, so that a question about one of them is recognised as outside the results.

Names come in two strengths: *phrases* (aliases, labels, column names; matched as
whole phrases and weighted ``ALIAS_WEIGHT``) and *words* (of titles, descriptions
and units; each matched word counts by its inverse document frequency over all
subjects, Sparck Jones 1972, so that "population" weighs less than "Melville").
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scalinglaws.ask.lexicon import en_tokens, has_cjk_char, lexicon
from scalinglaws.datasets import dataset_meta as catalogue_meta
from scalinglaws.datasets import list_datasets
from scalinglaws.errors import ScalingLawError

__all__ = ["ALIAS_WEIGHT", "Subject", "dataset_meta", "people", "subjects", "word_weights"]

#: Weight of a matched alias or label; a phrase of several words adds 0.5 a word (to 3).
ALIAS_WEIGHT = 2.0
#: Weight of a matched column name of the fitted columns.
COLUMN_WEIGHT = 1.5
#: Weight of a result's label written whole, above any alias (at most 3.0).
LABEL_WEIGHT = 3.5
_YEAR_SPAN = re.compile(r"(1[5-9]\d\d|20\d\d)(?:\s*(?:-|–|to|至|到)\s*(1[5-9]\d\d|20\d\d))?")
_UNIT_SUFFIX = {"usd", "eur", "kg", "g", "w", "km", "m", "s", "ft", "in", "yr", "chn"}


@dataclass(frozen=True)
class Subject:
    """One thing a question may be about: a result (``label``) or a catalogue dataset.

    ``phrases`` maps phrases (English or Chinese) to weights; ``words`` are the stems
    of the title, description and units; ``bigrams`` the Chinese character pairs of
    the Chinese title and description; ``unfitted`` maps columns of the dataset that
    the result was not fitted to, to their names; ``years`` are the spans of years
    the data (or the fit) covers; ``own`` marks results of the user's own files.
    """

    key: str
    label: str | None
    dataset: str | None
    title: str
    kind: str | None = None
    law: str | None = None
    method: str | None = None
    phrases: Mapping[str, float] = field(default_factory=dict)
    words: frozenset[str] = frozenset()
    bigrams: frozenset[str] = frozenset()
    unfitted: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    years: tuple[tuple[int, int], ...] = ()
    own: bool = False
    meta: Mapping[str, Any] = field(default_factory=dict, repr=False)


@functools.cache
def _cached_meta(name: str) -> dict[str, Any] | None:
    try:
        return catalogue_meta(name)
    except ScalingLawError:
        return None


def dataset_meta(name: Any) -> dict[str, Any] | None:
    """A bundled dataset's meta, or None for a name that is not bundled.

    A bundled dataset's meta (read once per process), or None for a name that is
    not bundled (results may come from another version of the package).
    """
    return _cached_meta(name) if isinstance(name, str) else None


def _alias_weight(phrase: str) -> float:
    size = len(phrase) / 2 if has_cjk_char(phrase) else len(phrase.split())
    return ALIAS_WEIGHT + 0.5 * min(max(size - 1, 0), 2)


def _words(texts: Iterable[str]) -> frozenset[str]:
    lex = lexicon()
    concept_stems = lex.table.stems()
    return frozenset(
        token.stem
        for text in texts
        for token in en_tokens(text)
        if not lex.is_function(token)
        and token.stem not in concept_stems
        and len(token.stem) > 1
        and not token.stem.isdigit()
    )


def _bigrams(texts: Iterable[str]) -> frozenset[str]:
    grams: set[str] = set()
    for text in texts:
        for run in re.findall(r"[\u3400-\u4dbf\u4e00-\u9fff]+", text):
            grams.update(run[i : i + 2] for i in range(len(run) - 1))
    return frozenset(grams)


def _years(texts: Iterable[str]) -> tuple[tuple[int, int], ...]:
    spans = []
    for text in texts:
        for match in _YEAR_SPAN.finditer(text):
            low = int(match.group(1))
            high = int(match.group(2)) if match.group(2) else low
            spans.append((min(low, high), max(low, high)))
    return tuple(dict.fromkeys(spans))


def _column_phrases(column: str) -> list[str]:
    """A column's name as phrases.

    ``metabolic_rate_W`` -> "metabolic rate w", "metabolic rate" (a trailing unit dropped).
    """
    words = [token.word for token in en_tokens(column)]
    phrases = [" ".join(words)] if words else []
    if len(words) > 1 and words[-1] in _UNIT_SUFFIX:
        phrases.append(" ".join(words[:-1]))
    if len(words) > 2 and words[-2:] == ["in", "million"]:
        phrases.append(" ".join(words[:-2]))
    return [p for p in phrases if p]


def _fitted_columns(
    result: Any, provenance: Mapping[str, Any], meta: Mapping[str, Any]
) -> list[str]:
    columns: list[str] = []
    given = provenance.get("columns")
    if isinstance(given, Mapping):
        columns += [str(value).split(" (")[0] for value in given.values()]
    for attr in ("x_names", "y_name"):
        value = getattr(result, attr, None)
        columns += [value] if isinstance(value, str) else list(value or ())
    for key in ("x", "y", "t"):
        value = meta.get(key)
        if not given and value is not None:
            columns += [value] if isinstance(value, str) else list(value)
    return [c for c in dict.fromkeys(columns) if c and c not in ("x", "y", "t")]


def _label_phrases(label: str) -> list[str]:
    name = label.split(" (")[0]
    stem = Path(name.split("/")[-1]).stem if "/" in name or "." in name else name
    return list(dict.fromkeys([name, stem, stem.replace("_", " ")]))


#: Provenance keys that hold no name of the result.
_PLUMBING = {"dataset", "file", "sha256", "columns", "command", "created", "package_version"}


def _provenance_phrases(provenance: Mapping[str, Any]) -> list[str]:
    """Names a result's provenance gives it.

    The file's stem and folder, and short values recorded beside it (``ladder="quick"`` -> "ladder",
    "quick ladder").
    """
    phrases = []
    file = provenance.get("file")
    if isinstance(file, str) and file:
        path = Path(file)
        phrases += [path.stem, path.parent.name]
    for key, value in provenance.items():
        if key in _PLUMBING or not isinstance(value, str) or len(value) > 40 or "/" in value:
            continue
        phrases += [key.replace("_", " "), f"{value} {key}", f"{key} {value}"]
    return [p for p in phrases if p]


def _result_subject(label: str, result: Any, provenance: Mapping[str, Any]) -> Subject:
    meta = dataset_meta(provenance.get("dataset")) or {}
    phrases: dict[str, float] = {}
    for phrase in [*_label_phrases(label), *_provenance_phrases(provenance)]:
        phrases[phrase] = ALIAS_WEIGHT + 0.5
    # the label written whole (its data set's key, its file's name: "metabolism.csv")
    # names this one result more surely than any alias or column name ("按metabolism.csv
    # 的拟合，体重60公斤的身体代谢率": not the mammals' body, 体重 and 身体)
    phrases[_label_phrases(label)[0]] = LABEL_WEIGHT
    for alias in [*meta.get("aliases", ()), *meta.get("aliases_zh", ()), *people(meta)]:
        phrases[alias] = max(phrases.get(alias, 0.0), _alias_weight(alias))
    fitted = _fitted_columns(result, provenance, meta)
    names = {str(k): v for k, v in (meta.get("column_names") or {}).items()}
    vocabulary = lexicon().table
    for column in fitted:
        for phrase in [*_column_phrases(column), *_names_of(names.get(column))]:
            if not vocabulary.has(phrase):  # a column called "loss" names no result
                phrases.setdefault(phrase, COLUMN_WEIGHT)
    unfitted = {
        column: tuple(_names_of(value)) for column, value in names.items() if column not in fitted
    }
    texts = [
        meta.get("title", ""),
        meta.get("description", ""),
        str(meta.get("units", "")),
        str(meta.get("source", "")),
    ]
    years = _years([meta.get("title", ""), meta.get("description", "")])
    span = _fitted_years(result)
    if span is not None:
        years = (span,)
    return Subject(
        key=label,
        label=label,
        dataset=provenance.get("dataset") if meta else None,
        title=str(meta.get("title") or label),
        kind=result.kind,
        law=getattr(result, "law", None) or getattr(result, "form", None),
        method=getattr(result, "method", None),
        phrases=phrases,
        words=_words([*texts, *fitted]),
        bigrams=_bigrams([meta.get("title_zh", ""), meta.get("description_zh", "")]),
        unfitted=unfitted,
        years=years,
        own=not meta,
        meta=meta,
    )


def people(meta: Mapping[str, Any]) -> dict[str, str]:
    """The other names of a dataset's publishers.

    The catalogue's ``people_zh`` and ``publication_names``: each maps to the name it is
    published under (皮尔 -> Pearl, "Chinchilla paper" -> Hoffmann); it names the dataset
    and, in a question, the publisher of its published values.
    """
    names = {**(meta.get("people_zh") or {}), **(meta.get("publication_names") or {})}
    return {str(k): str(v) for k, v in names.items()}


def _names_of(value: Any) -> list[str]:
    if isinstance(value, Mapping):
        return [str(name) for language in ("en", "zh") for name in value.get(language, ())]
    return []


def _fitted_years(result: Any) -> tuple[int, int] | None:
    """The span of years a growth fit covers (its first and last observation)."""
    if getattr(result, "kind", None) != "growth":
        return None
    try:
        first, last = result.t[0], result.t[-1]
        if result.axis.is_date:
            first, last = result.as_dates([first, last])
            return first.year, last.year
        return math.floor(first), math.ceil(last)
    except (AttributeError, IndexError, TypeError, ValueError):
        return None


def _catalog_subject(name: str) -> Subject | None:
    meta = dataset_meta(name)
    if meta is None:
        return None
    names = [*meta["aliases"], *meta["aliases_zh"], *people(meta)]
    phrases = {alias: _alias_weight(alias) for alias in names}
    for value in (meta.get("column_names") or {}).values():
        for phrase in _names_of(value):
            phrases.setdefault(phrase, COLUMN_WEIGHT)
    return Subject(
        key=f"catalogue:{name}",
        label=None,
        dataset=name,
        title=str(meta["title"]),
        kind=str(meta.get("kind")),
        phrases=phrases,
        words=_words(
            [
                meta["title"],
                meta["description"],
                str(meta.get("units", "")),
                str(meta.get("source", "")),
            ]
        ),
        bigrams=_bigrams([meta["title_zh"], meta["description_zh"]]),
        years=_years([meta["title"], meta["description"]]),
        meta=meta,
    )


def subjects(entries: Sequence[tuple[str, Any, Mapping[str, Any]]]) -> list[Subject]:
    """The subjects the entries and the catalogue name.

    The subjects of ``(label, result, provenance)`` entries, then every catalogue
    dataset none of them was fitted to.
    """
    found = [_result_subject(label, result, prov) for label, result, prov in entries]
    fitted = {subject.dataset for subject in found}
    for name in list_datasets()["name"]:
        if name not in fitted:
            subject = _catalog_subject(str(name))
            if subject is not None:
                found.append(subject)
    return found


def word_weights(all_subjects: Sequence[Subject]) -> dict[str, float]:
    """Inverse document frequency, log(1 + N / df), of every title/description word."""
    counts = Counter(word for subject in all_subjects for word in subject.words)
    counts.update(gram for subject in all_subjects for gram in subject.bigrams)
    n = len(all_subjects)
    return {word: math.log(1.0 + n / df) for word, df in counts.items()}
