"""Questions in plain language about fit results: retrieve the facts, then read the answer.

>>> a = sl.ask("What is the scaling exponent of GDP?", results=[r, t, n])  # doctest: +SKIP
>>> a.text, a.score, a.source, a.sentence                                 # doctest: +SKIP

1. :mod:`.verbalize` turns every result into short factual sentences;
2. :mod:`.retrieve` ranks them for the question by BM25 and MiniLM embeddings,
   fused by reciprocal rank (:mod:`.preprocess` handles English and Chinese);
3. :mod:`.reader` extracts the answer span from the best sentences with an
   extractive QA model. When no reader model is available offline the answer is
   the best sentence itself (``method="retrieval"``) and ``note`` says why.

Nothing is downloaded unless ``allow_download=True``: ``HF_HUB_OFFLINE=1`` is
set before transformers is imported and models load with ``local_files_only``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scalinglaws._validate import check_choice
from scalinglaws.ask.reader import DEFAULT_MODEL
from scalinglaws.ask.retrieve import METHODS, Hit
from scalinglaws.ask.verbalize import Fact
from scalinglaws.ask.verbalize import verbalize as verbalize_result
from scalinglaws.bundle import per_result
from scalinglaws.errors import EmptyDataError, InvalidInputError
from scalinglaws.results import FitResult

__all__ = ["DEFAULT_MODEL", "Answer", "Fact", "ask", "collect_facts"]

ResultsLike = Any  # a FitResult, a BundleEntry, a sequence or mapping of them, or a path


@dataclass(frozen=True)
class Answer:
    """The answer to a question about results.

    ``text`` is the answer (a span of ``sentence`` when a reader model answered,
    the whole sentence otherwise); ``score`` in [0, 1] is the reader's span
    probability, or the fused retrieval score when no reader ran; ``source`` is
    the label of the result the supporting ``sentence`` comes from; ``method``
    is ``"reader"`` or ``"retrieval"``; ``note`` says what was missing, if
    anything; ``hits`` are the retrieved facts, best first.
    """

    text: str
    score: float
    source: str
    sentence: str
    method: str
    note: str | None = None
    hits: tuple[Hit, ...] = field(default=(), repr=False)

    def __str__(self) -> str:
        lines = [self.text, f"  source: {self.source} (score {self.score:.2f}, {self.method})"]
        if self.text != self.sentence:
            lines.append(f"  from: {self.sentence}")
        if self.note:
            lines.append(f"  note: {self.note}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "score": self.score,
            "source": self.source,
            "sentence": self.sentence,
            "method": self.method,
            "note": self.note,
        }


def collect_facts(
    results: ResultsLike,
    *,
    provenance: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None = None,
) -> list[Fact]:
    """Every fact of every result (see :func:`ask` for what ``results`` may be)."""
    entries = _entries(results, provenance)
    if not entries:
        raise EmptyDataError("results: no results to ask about; pass fit results or a bundle.")
    labels = _labels(entries)
    facts: list[Fact] = []
    for label, (_, (result, prov, extras)) in zip(labels, entries, strict=True):
        facts += verbalize_result(result, label, provenance=prov, extras=extras)
    return facts


def ask(
    question: str,
    results: ResultsLike,
    *,
    provenance: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None = None,
    model: str | os.PathLike[str] | None = DEFAULT_MODEL,
    allow_download: bool = False,
    retrieval: str = "fused",
    top_k: int = 3,
) -> Answer:
    """Answer ``question`` (English or Chinese) from ``results``.

    Args:
        question: the question in plain language.
        results: a result, a list of results (FitResult or bundle entries), a
            mapping ``{label: result}``, or the path of a results bundle
            (:func:`scalinglaws.bundle.save_results`), whose provenance is used.
        provenance: for results passed as objects, one provenance record for
            all or one per result, as in :func:`~scalinglaws.bundle.save_results`;
            ``{"dataset": "urban/usa_msa_gdp_2013"}`` adds that dataset's source
            and published values to the facts and names the result after it.
        model: the extractive QA model (a name in the local Hugging Face cache, or
            a folder); None answers from retrieval alone.
        allow_download: let transformers download ``model`` when it is not cached.
        retrieval: "fused" (BM25 + dense, the default), "bm25" or "dense".
        top_k: how many retrieved sentences the reader reads.
    """
    from scalinglaws.ask import reader
    from scalinglaws.ask.retrieve import build_index, rank

    if not isinstance(question, str) or not question.strip():
        raise InvalidInputError(f"question: expected a non-empty question, got {question!r}.")
    check_choice(retrieval, "retrieval", METHODS)
    if not isinstance(top_k, int) or top_k < 1:
        raise InvalidInputError(f"top_k: expected a positive integer, got {top_k!r}.")
    facts = collect_facts(results, provenance=provenance)
    index = build_index(facts, dense=retrieval != "bm25")
    hits = rank(index, question, method=retrieval)
    best = hits[0]
    notes = [index.note] if index.note else []
    if model is None:
        return _from_retrieval(best, hits, notes)
    try:
        qa = reader.load_reader(str(model), allow_download=allow_download)
    except reader.ReaderUnavailable as exc:
        notes.append(f"{exc}; answered with the best retrieved sentence")
        return _from_retrieval(best, hits, notes)
    top = hits[:top_k]
    try:
        span = qa.read(question, [hit.fact.text for hit in top])
    except (RuntimeError, ValueError, IndexError) as exc:  # e.g. a question longer than the window
        notes.append(f"the reader failed ({exc}); answered with the best retrieved sentence")
        return _from_retrieval(best, hits, notes)
    if not span.text.strip():
        notes.append("the reader found no answer span; answered with the best retrieved sentence")
        return _from_retrieval(best, hits, notes)
    return Answer(
        text=span.text.strip(),
        score=span.score,
        source=top[span.context].fact.source,
        sentence=top[span.context].fact.text,
        method="reader",
        note="; ".join(notes) or None,
        hits=tuple(hits[:top_k]),
    )


def _from_retrieval(best: Hit, hits: list[Hit], notes: list[str]) -> Answer:
    return Answer(
        text=best.fact.text,
        score=best.score,
        source=best.fact.source,
        sentence=best.fact.text,
        method="retrieval",
        note="; ".join(notes) or None,
        hits=tuple(hits[:5]),
    )


Entry = tuple[FitResult, dict[str, Any], dict[str, Any]]


def _entries(
    results: ResultsLike,
    provenance: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None,
) -> list[tuple[str | None, Entry]]:
    """(explicit label or None, (result, provenance, extras)) for every result."""
    from scalinglaws.bundle import BundleEntry, load_bundle

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
