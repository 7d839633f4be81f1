"""Questions in plain language about fit results: the right number, from the right result.

>>> import scalinglaws as sl
>>> cities = sl.load_dataset("urban/usa_msa_gdp_2013").data
>>> fit = sl.fit_relation(cities["population"], cities["gdp_in_million_USD"])
>>> a = sl.ask("How does urban GDP scale with population?", fit,
...            provenance={"dataset": "urban/usa_msa_gdp_2013"})
>>> round(a.value, 3), a.kind
(1.113, 'fitted')
>>> print(a.text)  # doctest: +NORMALIZE_WHITESPACE
1.113 (95% confidence interval 1.088 to 1.138) - the scaling exponent b of
urban/usa_msa_gdp_2013, our fit; published: 1.113 ± 0.024
(Leitão, Miotto, Gerlach & Altmann (2016)).

A results bundle's path (:func:`scalinglaws.bundle.save_results`) works in place of
``fit`` and brings its provenance with it.

1. :mod:`.values` lists the numbers the results hold (parameters, tests, derived
   quantities, forecasts, published values), each with what it is;
2. :mod:`.understand` reads the question against a bilingual vocabulary
   (:mod:`.lexicon`, vocabulary.toml) and the names of the results (:mod:`.names`:
   the catalogue's titles and aliases in English and Chinese, and the results' own
   columns, laws and labels);
3. :mod:`.structured` picks the value, or abstains ("not in these results") when
   the results do not hold the answer; :mod:`.phrasing` writes the answer, leading
   with the number and naming a published value only as such;
4. questions about no quantity fall back on retrieval (:mod:`.retrieve`: BM25 and
   MiniLM embeddings fused by reciprocal rank over :mod:`.verbalize`'s sentences)
   and, when a SQuAD-style model is available, an extractive reader (:mod:`.reader`).

Nothing is downloaded unless ``allow_download=True``: ``HF_HUB_OFFLINE=1`` is
set before transformers is imported and models load with ``local_files_only``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from scalinglaws._validate import check_choice
from scalinglaws.ask import reader
from scalinglaws.ask._code import read_code
from scalinglaws.ask._file_typos import files_named_as_data, respelt_files, without_folders
from scalinglaws.ask._follow_up import first_ask
from scalinglaws.ask._label import without_label
from scalinglaws.ask._letter import without_envelope
from scalinglaws.ask._options import chosen_option, without_guesses
from scalinglaws.ask._register import (
    after_small_talk,
    passed_on,
    unshouted,
    without_hedges,
    without_tags,
    without_titles,
)
from scalinglaws.ask._results import Prepared, ResultsLike, prepare
from scalinglaws.ask._script import normalized
from scalinglaws.ask._sign_off import without_sign_off
from scalinglaws.ask._spoken import unspoken
from scalinglaws.ask.names import dataset_meta
from scalinglaws.ask.phrasing import abstain_text, answer_text
from scalinglaws.ask.reader import DEFAULT_MODEL
from scalinglaws.ask.retrieve import METHODS, Hit, Retrieval, build_index, rank
from scalinglaws.ask.structured import NO_QUANTITY, Choice, choose
from scalinglaws.ask.understand import Query, understand
from scalinglaws.ask.values import Value, primary, values_for
from scalinglaws.ask.verbalize import Fact
from scalinglaws.errors import InvalidInputError

__all__ = ["DEFAULT_MODEL", "Answer", "Fact", "ask", "collect_facts"]

#: A question naming no quantity is answered from retrieval only when both rankings
#: (BM25 and MiniLM) put the fused best sentence among their first AGREE.
AGREE = 2


@dataclass(frozen=True)
class Answer:
    """The answer to a question about results.

    ``text`` leads with the answer (the number, or "Not in these results: ...");
    ``kind`` says how it was obtained: ``"fitted"`` (estimated by the fit),
    ``"published"`` (from the literature, via the catalogue) or ``"derived"``
    (computed from the fit: a prediction, a forecast, a compute-optimal allocation,
    a test).

    Attributes
    ----------
    text : str
        The answer in words, leading with the number.
    score : float
        In [0, 1]: the share of the question's terms the answer accounts for
        (structured answers), the reader's span probability, or the fused retrieval score.
    source : str
        The label of the result the supporting fact comes from.
    sentence : str
        The supporting fact.
    method : str
        ``"structured"``, ``"reader"``, ``"retrieval"`` or ``"abstained"``.
    note : str, optional
        What was missing, if anything.
    hits : tuple of Hit
        Retrieved facts (retrieval and reader answers).
    value : float, optional
        The number itself (None for a verdict, a sentence or an abstention).
    unit : str, optional
        Its unit.
    interval : tuple of float, optional
        Its 95% interval, when there is one.
    kind : str, optional
        ``"fitted"``, ``"published"`` or ``"derived"``.
    result : str, optional
        The label of the result that answers.
    abstained : bool, default False
        True when the results do not hold the answer.
    """

    text: str
    score: float
    source: str
    sentence: str
    method: str
    note: str | None = None
    hits: tuple[Hit, ...] = field(default=(), repr=False)
    value: float | None = None
    unit: str | None = None
    interval: tuple[float, float] | None = None
    kind: str | None = None
    result: str | None = None
    abstained: bool = False

    def __str__(self) -> str:
        """The answer as a few lines: the text, its source and score, the sentence and note."""
        lines = [self.text]
        if not self.abstained:
            lines.append(f"  source: {self.source} (score {self.score:.2f}, {self.method})")
        if self.sentence and self.text != self.sentence:
            lines.append(f"  from: {self.sentence}")
        if self.note:
            lines.append(f"  note: {self.note}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """The answer as a JSON-ready mapping.

        Returns
        -------
        dict
            Every field (``text``, ``score``, ``source``, ``sentence``, ``method``,
            ``note``, ``value``, ``unit``, ``interval`` as a list or None, ``kind``,
            ``result``, ``abstained``).
        """
        return {
            "text": self.text,
            "score": self.score,
            "source": self.source,
            "sentence": self.sentence,
            "method": self.method,
            "note": self.note,
            "value": self.value,
            "unit": self.unit,
            "interval": list(self.interval) if self.interval is not None else None,
            "kind": self.kind,
            "result": self.result,
            "abstained": self.abstained,
        }


def collect_facts(
    results: ResultsLike,
    *,
    provenance: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None = None,
) -> list[Fact]:
    """Every fact of every result (see :func:`ask` for what ``results`` may be).

    Parameters
    ----------
    results : FitResult, list, mapping or path
        As :func:`ask`'s ``results``.
    provenance : mapping or sequence of mappings, optional
        As :func:`ask`'s ``provenance``.

    Returns
    -------
    list of Fact
        The sentences retrieval searches, one per fact.
    """
    return list(prepare(results, provenance).facts)


def ask(
    question: str,
    results: ResultsLike,
    *,
    provenance: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None = None,
    model: str | os.PathLike[str] | None = DEFAULT_MODEL,
    allow_download: bool = False,
    retrieval: Retrieval = "fused",
    top_k: int = 3,
) -> Answer:
    """Answer ``question`` (English or Chinese) from ``results``.

    Parameters
    ----------
    question
        The question in plain language.
    results
        A result, a list of results (FitResult or bundle entries), a mapping
        ``{label: result}``, or the path of a results bundle
        (:func:`scalinglaws.bundle.save_results`), whose provenance is used.
    provenance
        For results passed as objects, one provenance record for all or one per
        result, as in :func:`~scalinglaws.bundle.save_results`;
        ``{"dataset": "urban/usa_msa_gdp_2013"}`` names the result after that
        dataset and brings its aliases and published values.
    model
        The extractive QA model for questions that name no quantity (a name in the
        local Hugging Face cache, or a folder); None answers them from retrieval.
    allow_download
        Let transformers download ``model`` when it is not cached.
    retrieval
        "fused" (BM25 + dense, the default), "bm25" or "dense", for those questions.
    top_k
        How many retrieved sentences the reader reads.

    Returns
    -------
    Answer
        ``value``, ``unit``, ``interval``, ``kind`` and ``result`` of the answer, or
        ``abstained=True`` and a text starting "Not in these results:".

    Raises
    ------
    InvalidInputError
        An empty question, results that are not fit results, provenance that does
        not match them.
    EmptyDataError
        No results.
    """
    if not isinstance(question, str) or not question.strip():
        raise InvalidInputError(f"question: expected a non-empty question, got {question!r}.")
    check_choice(retrieval, "retrieval", METHODS)
    if not isinstance(top_k, int) or top_k < 1:
        raise InvalidInputError(f"top_k: expected a positive integer, got {top_k!r}.")
    prepared = prepare(results, provenance)
    labels = [s.label for s in prepared.subjects.values() if s.label]
    question = respelt_files(without_folders(unspoken(normalized(question))), labels)
    question = without_titles(without_hedges(without_tags(question)))
    question = passed_on(after_small_talk(unshouted(question)))
    question = without_sign_off(without_envelope(chosen_option(read_code(question))))
    question = without_guesses(question)
    answer = _answer(question, prepared, model, allow_download, retrieval, top_k)
    first = first_ask(question) if answer.abstained else None
    if first is not None:
        # two things asked, the results hold the first only: answer it, say the rest is not
        part = _answer(first, prepared, model, allow_download, retrieval, top_k)
        if not part.abstained and part.value is not None:
            rest = answer.text.split(" Closest available:")[0].removesuffix(".")
            note = f"{rest} (the rest of the question)."
            return replace(part, text=f"{part.text} {note}", note=note)
    return answer


def _answer(
    question: str,
    prepared: Prepared,
    model: str | os.PathLike[str] | None,
    allow_download: bool,
    retrieval: Retrieval,
    top_k: int,
) -> Answer:
    """The answer to one question, read whole (see :func:`ask`)."""
    question = files_named_as_data(question, list(prepared.subjects.values()))
    question = without_label(question, list(prepared.subjects.values()))
    query = understand(question, list(prepared.subjects.values()))
    values = list(prepared.values)
    for label, result, provenance, extras in prepared.entries:
        values += values_for(label, result, extras, query, dataset_meta(provenance.get("dataset")))
    stored = {v.key for v in prepared.values}
    choice = choose(query, prepared.subjects, values, stored)
    if choice.value is not None:
        return _structured(choice, query, prepared, values)
    if choice.abstain == NO_QUANTITY and not query.not_computed and not query.files:
        # a file no result carries ("my_runs_final.csv: E?"): no other result's sentence
        # answers it
        fallback = _fallback(question, query, prepared, model, allow_download, retrieval, top_k)
        if fallback is not None:
            return fallback
    return Answer(
        text=abstain_text(choice.abstain or NO_QUANTITY, choice.closest),
        score=0.0,
        source="",
        sentence="",
        method="abstained",
        abstained=True,
    )


def _structured(choice: Choice, query: Query, prepared: Prepared, values: list[Value]) -> Answer:
    value = choice.value
    assert value is not None
    facts = {fact.id: fact.text for fact in prepared.facts}
    sentence = facts.get(f"{value.source}#{value.fact}", "") if value.fact else ""
    counterpart = None
    if value.kind == "fitted" and value.key.startswith("param:"):
        same = [
            v
            for v in values
            if v.source == value.source
            and v.kind == "published"
            and v.value is not None
            and primary(v) == primary(value)
            and (v.symbols & value.symbols or not v.symbols)
        ]
        counterpart = min(same, key=lambda v: v.rank, default=None)
    stderr = "stderr" in query.flags and value.stderr is not None
    text = answer_text(
        value,
        interval="interval" in query.flags,
        stderr=stderr,
        published=counterpart,
        others=choice.others,
    )
    number = value.stderr if stderr else value.value
    return Answer(
        text=text,
        score=round(choice.score, 4),
        source=value.source,
        sentence=sentence or text,
        method="structured",
        note=f"also matching: {', '.join(choice.others)}" if choice.others else None,
        value=number,
        unit=value.unit,
        interval=value.interval,
        kind=value.kind or None,
        result=value.source,
    )


def _fallback(
    question: str,
    query: Query,
    prepared: Prepared,
    model: str | os.PathLike[str] | None,
    allow_download: bool,
    retrieval: str,
    top_k: int,
) -> Answer | None:
    """A question that names no quantity.

    The facts of the result(s) it names, ranked by retrieval; answered only when both rankers put
    the fused best sentence among their first ``AGREE``.
    """
    labels = [label for label, _, _, _ in prepared.entries]
    named = [key for key, _ in query.linked if key in labels]
    if not named and len(labels) > 1:
        return None
    keep = set(named or labels)
    facts = [fact for fact in prepared.facts if fact.source in keep]
    if not facts:
        return None
    index = build_index(facts, dense=retrieval != "bm25")
    hits = rank(index, question, method=retrieval)
    best = hits[0]
    agree = all(r is None or r <= AGREE for r in (best.bm25_rank, best.dense_rank))
    if not agree:
        return None
    notes = [index.note] if index.note else []
    if model is not None:
        try:
            qa = reader.load_reader(str(model), allow_download=allow_download)
            top = hits[:top_k]
            span = qa.read(question, [hit.fact.text for hit in top])
            if span.text.strip():
                return Answer(
                    text=span.text.strip(),
                    score=span.score,
                    source=top[span.context].fact.source,
                    sentence=top[span.context].fact.text,
                    method="reader",
                    note="; ".join(notes) or None,
                    hits=tuple(top),
                    result=top[span.context].fact.source,
                )
            notes.append("the reader found no answer span; answered with the best sentence")
        except reader.ReaderUnavailable as exc:
            notes.append(f"{exc}; answered with the best retrieved sentence")
        except (RuntimeError, ValueError, IndexError) as exc:
            notes.append(f"the reader failed ({exc}); answered with the best retrieved sentence")
    return Answer(
        text=best.fact.text,
        score=best.score,
        source=best.fact.source,
        sentence=best.fact.text,
        method="retrieval",
        note="; ".join(notes) or None,
        hits=tuple(hits[:5]),
        result=best.fact.source,
    )
