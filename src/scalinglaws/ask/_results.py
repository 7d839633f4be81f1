"""The results of one question, in the forms ``ask`` needs: labels, facts, names, values.

``results`` may be a result, a list of results or bundle entries, a mapping
``{label: result}`` or the path of a results bundle; every result gets a unique label
(the given one, else its dataset or file name, else "<kind> fit i"). Preparing takes
far longer than answering (every result is verbalised, its intervals computed, its
dataset's metadata read), and the web app and a notebook ask many questions of the
same results, so a preparation is remembered: a bundle file's while the file is
unchanged, the last few in-memory results' by the identity of the result objects
(results and bundle entries are frozen, so the same objects hold the same state).
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scalinglaws.ask._memo import IdentityMemo
from scalinglaws.ask.names import Subject, subjects
from scalinglaws.ask.values import Value, info_values, result_values
from scalinglaws.ask.verbalize import Fact
from scalinglaws.ask.verbalize import verbalize as verbalize_result
from scalinglaws.bundle import BundleEntry, load_bundle, per_result
from scalinglaws.errors import EmptyDataError, InvalidInputError
from scalinglaws.results import FitResult

__all__ = ["Prepared", "ResultsLike", "prepare"]

ResultsLike = Any  # a FitResult, a BundleEntry, a sequence or mapping of them, or a path
Provenance = Mapping[str, Any] | Sequence[Mapping[str, Any]] | None


@dataclass(frozen=True, eq=False)
class Prepared:
    """Results prepared for questions.

    The labelled results (``entries``: label, result, provenance, extras), their
    verbalised ``facts``, the ``subjects`` they (and the catalogue) name, their ``values``.
    """

    entries: tuple[tuple[str, FitResult, dict[str, Any], dict[str, Any]], ...]
    facts: tuple[Fact, ...]
    subjects: dict[str, Subject]
    values: tuple[Value, ...]


def prepare(
    results: ResultsLike,
    provenance: Provenance,
) -> Prepared:
    if isinstance(results, (str, os.PathLike)) and provenance is None:
        path = Path(results)
        try:
            stat = path.stat()
        except OSError:
            stat = None
        if stat is not None:
            return _prepare_file(str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    key = _identity(results, provenance)
    if key is None:
        return _prepare_now(results, provenance)
    return _PREPARED.get(key, results, lambda: _prepare_now(results, provenance))


#: The last in-memory results prepared, by :func:`_identity`.
_PREPARED: IdentityMemo[Prepared] = IdentityMemo()


def _identity(results: ResultsLike, provenance: Provenance) -> tuple[Any, ...] | None:
    """A key naming these very result objects (with their labels) and this provenance.

    None for anything but a result, a bundle entry, or a list, tuple or mapping of them
    (a generator is read once, so it is prepared each time). The provenance a caller
    passes is a plain, mutable mapping: it enters the key by its contents.
    """
    items: list[tuple[Any, Any]]
    if isinstance(results, (FitResult, BundleEntry)):
        items = [(None, results)]
    elif isinstance(results, Mapping):
        items = list(results.items())
    elif isinstance(results, (list, tuple)):
        items = [(None, item) for item in results]
    else:
        return None
    if not all(isinstance(item, (FitResult, BundleEntry)) for _, item in items):
        return None
    return (tuple((label, id(item)) for label, item in items), repr(provenance))


@functools.lru_cache(maxsize=4)
def _prepare_file(path: str, mtime_ns: int, size: int) -> Prepared:
    """Prepare a bundle file, remembered while the file is unchanged.

    A bundle file's preparation, remembered while the file is unchanged (the CLI
    asks once, the web app and a notebook ask many times).
    """
    return _prepare_now(path, None)


def _prepare_now(
    results: ResultsLike,
    provenance: Provenance,
) -> Prepared:
    raw = _entries(results, provenance)
    if not raw:
        raise EmptyDataError("results: no results to ask about; pass fit results or a bundle.")
    labels = _labels(raw)
    entries = tuple(
        (label, result, prov, extras)
        for label, (_, (result, prov, extras)) in zip(labels, raw, strict=True)
    )
    facts: list[Fact] = []
    values: list[Value] = []
    for label, result, prov, extras in entries:
        own = verbalize_result(result, label, provenance=prov, extras=extras)
        facts += own
        values += result_values(label, result, prov, extras)
        values += info_values(label, result, {fact.key: fact.text for fact in own})
    named = subjects([(label, result, prov) for label, result, prov, _ in entries])
    return Prepared(entries, tuple(facts), {s.key: s for s in named}, tuple(values))


Entry = tuple[FitResult, dict[str, Any], dict[str, Any]]


def _entries(
    results: ResultsLike,
    provenance: Provenance,
) -> list[tuple[str | None, Entry]]:
    """(explicit label or None, (result, provenance, extras)) for every result."""
    if isinstance(results, (str, os.PathLike)):
        entries: list[Any] = list(load_bundle(Path(results)).entries)
        labelled: list[tuple[str | None, Any]] = [(None, e) for e in entries]
    elif isinstance(results, Mapping):
        labelled = [(str(label), item) for label, item in results.items()]
    elif isinstance(results, (FitResult, BundleEntry)):
        labelled = [(None, results)]
    elif isinstance(results, Iterable):
        labelled = [(None, item) for item in results]
    else:
        raise InvalidInputError(
            f"results: expected fit results, a mapping of them or a bundle path, "
            f"got {type(results).__name__}."
        )
    extra = per_result(provenance, len(labelled), "provenance", what="ask", error=InvalidInputError)
    out: list[tuple[str | None, Entry]] = []
    for (label, item), prov in zip(labelled, extra, strict=True):
        if isinstance(item, BundleEntry):
            out.append((label, (item.result, {**item.provenance, **prov}, dict(item.extras))))
        elif isinstance(item, FitResult):
            out.append((label, (item, dict(prov), {})))
        else:
            raise InvalidInputError(
                f"results: {type(item).__name__} is not a fit result; pass FitResult "
                "objects, bundle entries or the path of a results bundle."
            )
    return out


def _labels(entries: list[tuple[str | None, Entry]]) -> list[str]:
    """Unique labels: the given one, else the dataset or file name, else "<kind> fit i"."""
    labels: list[str] = []
    for number, (label, (result, prov, _)) in enumerate(entries, start=1):
        if label is None:
            if isinstance(prov.get("dataset"), str):
                label = str(prov["dataset"])
            elif isinstance(prov.get("file"), str):
                label = Path(str(prov["file"])).name
            else:
                label = f"{result.kind} fit {number}"
        base, copy = label, 2
        while label in labels:
            label, copy = f"{base} ({copy})", copy + 1
        labels.append(label)
    return labels
