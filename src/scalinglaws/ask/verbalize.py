"""Results in words: every result becomes a list of short factual sentences (:class:`Fact`).

Retrieval and the reader work on text, so each result is verbalised into one
sentence per fact: every parameter with its 95% interval, the verdicts of the
tests it carries (in words), derived quantities (doubling time, compute-optimal
allocation, ...), a prediction, and, when its provenance names a bundled
dataset, that dataset's source, citation and published values. Each sentence
names the result it comes from, so that a question about "GDP" finds the
relation fitted to GDP; numbers are written to four significant digits.

The sentences of each kind of fit are written in :mod:`._sentences`; this
module holds the :class:`Fact` record, the dispatch on ``result.kind`` and the
provenance sentences.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from scalinglaws.ask import _forecast, _sentences
from scalinglaws.ask._fact import Fact, cautious, fmt, words
from scalinglaws.datasets import dataset_meta, load_dataset
from scalinglaws.errors import ScalingLawError
from scalinglaws.results import FitResult

__all__ = [
    "Fact",
    "cautious",
    "dataset_facts",
    "fmt",
    "provenance_facts",
    "publisher",
    "verbalize",
    "words",
]


Verbaliser = Callable[[Any, str], list[Fact]]


def verbalize(
    result: FitResult,
    label: str,
    *,
    provenance: Mapping[str, Any] | None = None,
    extras: Mapping[str, Any] | None = None,
) -> list[Fact]:
    """All facts about one result, labelled ``label``.

    ``provenance`` is a bundle provenance record (:func:`scalinglaws.bundle.file_provenance`):
    ``dataset`` (a bundled dataset's name, whose meta is verbalised too), ``file``,
    ``columns``, ``command``. ``extras`` are outcomes stored beside the result in a
    bundle; those with a ``verdict`` text become sentences.
    """
    table: dict[str, Verbaliser] = {
        "forecast": _forecast.forecast,
        "tail": _sentences.tail,
        "relation": _sentences.relation,
        "growth": _sentences.growth,
        "neural": _sentences.neural,
        "isoflop": _sentences.isoflop,
    }
    facts = table.get(result.kind, _sentences.generic)(result, label)
    facts += provenance_facts(provenance or {}, label)
    facts += _extras_facts(extras or {}, label)
    topic = " ".join([label, _sentences.subject(result), _dataset_title(provenance or {})])
    return [replace(fact, topic=" ".join(topic.split())) for fact in facts]


def _dataset_title(provenance: Mapping[str, Any]) -> str:
    name = provenance.get("dataset")
    if not isinstance(name, str):
        return ""
    try:
        return str(load_dataset(name).meta["title"])
    except ScalingLawError:
        return ""


def provenance_facts(provenance: Mapping[str, Any], label: str) -> list[Fact]:
    """Sentences about where the input came from (dataset, file, columns, command)."""
    facts: list[Fact] = []
    name = provenance.get("dataset")
    if isinstance(name, str):
        facts += dataset_facts(name, label)
    file = provenance.get("file")
    if isinstance(file, str):
        digest = provenance.get("sha256")
        tail = f" (SHA-256 {digest})" if isinstance(digest, str) else ""
        text = f"The input data of {label} were read from the file {file}{tail}."
        facts.append(Fact("input:file", text, label, "provenance"))
    columns = provenance.get("columns")
    if isinstance(columns, Mapping) and columns:
        listed = ", ".join(f"{role} = {col}" for role, col in columns.items())
        text = f"The columns used for {label} are {listed}."
        facts.append(Fact("input:columns", text, label, "provenance"))
    command = provenance.get("command")
    if isinstance(command, str):
        text = f"The command that produced {label} is: {command}"
        facts.append(Fact("input:command", text, label, "provenance"))
    return facts


def dataset_facts(name: str, label: str) -> list[Fact]:
    """Title, source, citation, units and published values of a bundled dataset.

    A name that is not bundled gives one sentence saying so (results may come
    from another version of the package).
    """
    try:
        meta = dataset_meta(name)
    except ScalingLawError:
        text = f"{label} was fitted to the dataset {name}, which this version does not bundle."
        return [Fact("dataset", text, label, "provenance")]
    sentences = {
        "dataset": f"The data of {label} are {meta['title']}; they come from "
        f"{meta['source']} (the bundled dataset {name}).",
        "citation": f"The data of {label} should be cited as: {meta['citation']}",
        "units": f"The units of the data of {label} are {meta['units']}.",
    }
    facts = [Fact(key, text, label, "provenance") for key, text in sentences.items()]
    published = meta.get("published") or {}
    if published:
        text = f"The reference values for {label} come from {meta['published_source']}"
        facts.append(Fact("published:source", text, label, "provenance"))
        facts += _published(published, label, (), meta)
    return facts


def publisher(path: tuple[str, ...], meta: Mapping[str, Any]) -> str:
    """Who published a group of reference values.

    a top-level group names its source (``hoffmann2022`` -> "hoffmann 2022"), as does a group quoted
    from memory (``pub_mem.pearl_reed_1920``); the groups of ``pub`` are variants of the dataset
    source's own fits (``pub.lognormal_free_delta``), published by that source.
    """
    if path and path[0] not in ("pub", "pub_mem", "check"):
        return words(path[0])
    if len(path) > 1 and path[0] == "pub_mem":
        return words(path[1])
    return str(meta.get("source") or "the literature")


def _group_source(path: tuple[str, ...], meta: Mapping[str, Any]) -> tuple[str, str]:
    """How a group of the catalogue's reference values is described, and the fact kind.

    ``check`` values are scalinglaws' own recomputation from the bundled file, not a
    literature value; ``pub_mem`` values are published but quoted from memory; the
    rest (``pub``, named groups such as ``hoffmann2022``, Clauset et al.'s tables)
    are published, by the dataset's source or the named group.
    """
    top = path[0] if path else ""
    if top == "check":
        return (
            "computed by scalinglaws from the bundled file (our check, not a published value)",
            "check",
        )
    by = publisher(path, meta)
    if top == "pub_mem":
        return (
            f"published ({by}), quoted from memory and not checked against the paper",
            "published",
        )
    return f"published ({by})", "published"


def _published(
    values: Mapping[str, Any], label: str, path: tuple[str, ...], meta: Mapping[str, Any]
) -> list[Fact]:
    """One sentence per group of reference numbers (nested groups recurse)."""
    scalars = []
    facts: list[Fact] = []
    for key, value in values.items():
        if isinstance(value, Mapping):
            facts += _published(value, label, (*path, str(key)), meta)
        elif isinstance(value, list):
            scalars.append(f"{key} = " + " to ".join(fmt(v) for v in value))
        elif isinstance(value, bool) or not isinstance(value, (int, float)):
            scalars.append(f"{key} = {value}")
        else:
            scalars.append(f"{key} = {value:.7g}")
    if scalars:
        group = f" ({words(' '.join(path))})" if path else ""
        how, kind = _group_source(path, meta)
        text = f"The values for {label}{group}, {how}, are " + ", ".join(scalars) + "."
        facts.insert(0, Fact("published:" + ".".join(path or ("main",)), text, label, kind))
    return facts


def _extras_facts(extras: Mapping[str, Any], label: str) -> list[Fact]:
    """Sentences for outcomes saved beside a result by the fit commands.

    Anything with a ``verdict`` (exponent test, law comparison), a compute-optimal table and a
    forecast.
    """
    facts = []
    for key, value in extras.items():
        if isinstance(value, Mapping) and isinstance(value.get("verdict"), str):
            text = f"In {label}, the {words(str(key))} finds: {value['verdict']}."
            facts.append(Fact(f"extra:{key}", text, label, "verdict"))
    for row in _records(extras.get("compute_optimal")):
        if {"C", "N_opt", "D_opt"} <= row.keys():
            text = (
                f"In {label}, at the requested compute budget C = {fmt(row['C'])} FLOPs the "
                f"compute-optimal model has N_opt = {fmt(row['N_opt'])} parameters trained on "
                f"D_opt = {fmt(row['D_opt'])} tokens, with predicted loss {fmt(row.get('loss'))}."
            )
            facts.append(Fact(f"extra:optimal:{fmt(row['C'])}", text, label, "derived"))
    forecast = extras.get("forecast")
    last = _records(forecast.get("records") if isinstance(forecast, Mapping) else None)[-1:]
    if last and {"t", "mean", "lower", "upper"} <= last[0].keys():
        row, level = last[0], forecast.get("level", 0.95) if isinstance(forecast, Mapping) else 0.95
        text = (
            f"In {label}, the forecast for {row['t']} is {fmt(row['mean'])} "
            f"({fmt(100 * float(level))}% interval {fmt(row['lower'])} to {fmt(row['upper'])})."
        )
        facts.append(Fact("extra:forecast", text, label, "prediction"))
    return facts


def _records(value: Any) -> list[Mapping[str, Any]]:
    if not isinstance(value, list):
        return []
    return [row for row in value if isinstance(row, Mapping)]
