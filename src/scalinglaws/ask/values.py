"""The numbers a set of results holds, each with what it is: the answers ``ask`` can give.

A :class:`Value` is one number (or verdict) of one result: a fitted parameter, a
test's p-value, a derived quantity (a doubling time, a compute-optimal allocation,
a forecast on a date, a prediction), or a published value from the catalogue. It
says which concepts of the vocabulary describe it (``concepts``: "exponent",
"carrying_capacity", ...; ``symbols``: "alpha", "K"), how it must be presented
(``kind``: ``"fitted"``, ``"published"`` or ``"derived"``), its unit and interval,
and which verbalised fact supports it (``fact``, a key of :mod:`.verbalize`).

Values are read from a result's public API only: ``params``, ``stderr``,
``conf_int()``, ``n``, the tests it stores, its documented methods (``predict``,
``derived``, ``compute_optimal``, ``test_exponent``, ``frontier``) and its
``warnings``. Nothing is refitted. Values that need an input (a compute budget, a
date, a size, a hypothesised exponent) are made for the inputs a question names
(:func:`values_for`).

Published values come from the dataset's ``meta["published"]``: the ``pub`` group
and named groups (``hoffmann2022``) are published; ``pub_mem`` values are published
but quoted from memory (said so); ``check`` values are our own recomputations and are
never offered as published.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from scalinglaws.ask import _params, _values_curves, _values_samples
from scalinglaws.ask._params import own_params
from scalinglaws.ask._units import NEURAL_UNITS, in_data_units
from scalinglaws.ask._value import (
    KINDS,
    Value,
    _finite,
    conf_table,
    interval_of,
    units_by_column,
)
from scalinglaws.ask.lexicon import en_tokens, lexicon
from scalinglaws.ask.names import dataset_meta
from scalinglaws.ask.verbalize import publisher, words
from scalinglaws.errors import ScalingLawError

__all__ = [
    "KINDS",
    "Value",
    "conf_table",
    "info_values",
    "interval_of",
    "published_values",
    "result_values",
    "units_by_column",
    "values_for",
]


def result_values(
    label: str, result: Any, provenance: Mapping[str, Any], extras: Mapping[str, Any]
) -> list[Value]:
    """Every value ``result`` holds without further input (see :func:`values_for`)."""
    meta = dataset_meta(provenance.get("dataset")) or {}
    table = {
        "tail": _values_samples.tail,
        "relation": _values_samples.relation,
        "growth": _values_curves.growth,
        "forecast": _values_curves.forecast,
        "neural": _values_curves.neural,
        "isoflop": _values_curves.frontier,
        "envelope": _values_curves.frontier,
    }.get(result.kind, _params.generic)
    found = table(label, result, meta, extras)
    if meta:
        found += published_values(label, result, meta, found)
    return found


def values_for(
    label: str,
    result: Any,
    extras: Mapping[str, Any],
    query: Any,
    meta: Mapping[str, Any] | None = None,
) -> list[Value]:
    """Values evaluated at the inputs ``query`` names (budgets, sizes, dates, b0).

    A size with a unit word is first put in the units of the data (``meta``'s, the
    catalogue entry of the result's dataset, or the column's name for a user's file;
    :mod:`._units`): "a one-tonne mammal" is 1,000 of a body mass recorded in kg. A
    number of parameters, tokens or FLOPs is no input of a tail or a relation.
    """
    if result.kind in ("relation", "tail"):
        names = getattr(result, "x_names", None) or [(meta or {}).get("x")]
        column = names[0] if isinstance(names[0], str) else None
        # a user's file has no catalogue entry: its column's name may carry the unit
        units = meta or {"units": column or ""}
        numbers = tuple(
            replace(n, value=in_data_units(n, units, column if meta else None))
            for n in query.mentions.numbers
            if n.unit not in NEURAL_UNITS  # a budget or a model size is no size of these
        )
        query = replace(query, mentions=replace(query.mentions, numbers=numbers))
    maker = {
        "relation": _values_samples.relation_at,
        "growth": _values_curves.growth_at,
        "neural": _values_curves.neural_at,
        "tail": _values_samples.tail_at,
    }.get(result.kind)
    if maker is None:
        return []
    try:
        return maker(label, result, extras, query)
    except (ScalingLawError, ValueError, KeyError, IndexError, TypeError):
        return []


# --- published values -------------------------------------------------------------------
#: What a published key means when it is not a parameter name of the result.
PUBLISHED_KEYS: dict[str, tuple[dict[str, float], frozenset[str], str]] = {
    "slope": ({"exponent": 1.0}, frozenset({"b"}), "slope"),
    "sma_b": ({"exponent": 1.0}, frozenset({"b"}), "SMA slope"),
    "beta": ({"exponent": 1.0}, frozenset({"beta", "b"}), "exponent beta"),
    "z_typical": ({"exponent": 1.0}, frozenset({"z"}), "typical exponent z"),
    "ln_a": ({"prefactor": 1.0}, frozenset({"a"}), "log prefactor ln a"),
    "elevation": ({"prefactor": 1.0}, frozenset({"a"}), "elevation (log10 prefactor)"),
    "n": ({"count": 1.0, "sample": 1.0}, frozenset({"n", "n_obs"}), "number of observations n"),
    "n_tail": ({"count": 1.0, "tail": 1.0}, frozenset({"n_tail"}), "number in the tail n_tail"),
    "xmin": ({"xmin": 1.5, "tail": 0.5}, frozenset(), "x_min"),
    "p": ({"gof": 1.5, "pvalue": 0.5}, frozenset({"p"}), "goodness-of-fit p"),
    "r2": ({"r_squared": 2.0}, frozenset(), "R-squared"),
    "mean": ({"mean": 1.5}, frozenset(), "mean <x>"),
    "sd": ({"spread": 1.5}, frozenset(), "standard deviation sigma"),
    "xmax": ({"largest": 1.5}, frozenset(), "largest value x_max"),
    "inflection": ({"inflection": 1.5}, frozenset({"tm"}), "inflection year"),
    "support": ({"verdict": 1.5}, frozenset(), "support for the power law"),
    "log_likelihood": ({}, frozenset(), "log-likelihood"),
    "ks_distance": ({"ks": 1.5}, frozenset(), "Kolmogorov-Smirnov distance"),
}
_ALTERNATIVES = (
    "poisson",
    "lognormal",
    "exponential",
    "stretched_exponential",
    "truncated_power_law",
)
_UNCERTAINTY = ("_err", "_sd", "_se")
_BARE = ("err", "se", "sd_err")


def ascii_words(text: str) -> str:
    """Lower-case words without accents: ``Leitão`` -> ``leitao``."""
    flat = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in flat if not unicodedata.combining(ch)).lower()


def published_values(
    label: str, result: Any, meta: Mapping[str, Any], ours: Sequence[Value] = ()
) -> list[Value]:
    """The published values of the dataset ``result`` was fitted to (not ``check``).

    A published key that names one of our values (a parameter, or a derived value
    named by one symbol: Epoch's headline ``a`` is the frontier exponent a of the
    neural fit, ``ours``) is described by that value's concepts and symbols.
    """
    published = meta.get("published") or {}
    own = {v.key.removeprefix("param:"): v for v in own_params(label, result, meta)}
    for value in ours:
        if len(value.symbols) == 1 and not value.at and value.kind != "published":
            own.setdefault(next(iter(value.symbols)), value)
    out: list[Value] = []

    def walk(group: Mapping[str, Any], path: tuple[str, ...], rank: int) -> None:
        top = path[0] if path else ""
        if top == "check":
            return  # our recomputation, never a published value
        scalars = {k: v for k, v in group.items() if not isinstance(v, Mapping)}
        by = _publisher(path, meta)
        note = "quoted from memory, not checked against the paper" if top == "pub_mem" else None
        for key, value in scalars.items():
            made = _published_one(label, key, value, scalars, path, own, by, note, rank)
            if made is not None:
                out.append(made)
        for key, value in group.items():
            if isinstance(value, Mapping):
                if not path and key in _ALTERNATIVES:
                    out.extend(_published_tests(label, key, value, by))
                else:
                    walk(value, (*path, key), rank + (0 if "headline" in key else 1))

    walk(published, (), 0)
    return out


def _publisher(path: tuple[str, ...], meta: Mapping[str, Any]) -> str:
    return publisher(path, meta)


def _published_one(
    label: str,
    key: str,
    value: Any,
    scalars: Mapping[str, Any],
    path: tuple[str, ...],
    own: Mapping[str, Value],
    by: str,
    note: str | None,
    rank: int,
) -> Value | None:
    if key.endswith(_UNCERTAINTY) and key.rsplit("_", 1)[0] in scalars:
        return None  # the uncertainty of another key, shown with it
    if key.endswith("_ci") and key[:-3] in scalars:
        return None
    if key in _BARE:
        return None  # the uncertainty of the group's one value
    base = own.get(key)
    if base is not None:
        concepts, symbols, name = dict(base.concepts), base.symbols, base.name
    elif key in PUBLISHED_KEYS:
        concepts, symbols, name = PUBLISHED_KEYS[key]
    else:
        concepts, symbols, name = {}, frozenset(), words(key)
    interval = None
    number = _finite(value) if not isinstance(value, (bool, str, list)) else None
    if isinstance(value, list) and len(value) == 2:
        interval = (float(value[0]), float(value[1]))
    elif isinstance(scalars.get(f"{key}_ci"), list):
        low, high = scalars[f"{key}_ci"]
        interval = (float(low), float(high))
    stderr = next((_finite(scalars[key + s]) for s in _UNCERTAINTY if key + s in scalars), None)
    numeric = [k for k, v in scalars.items() if isinstance(v, (int, float)) and k not in _BARE]
    if stderr is None and numeric == [key]:  # {beta = 1.113, err = 0.024}
        stderr = next((_finite(scalars[b]) for b in _BARE if b in scalars), None)
    verdict = value if isinstance(value, str) else None
    if number is None and interval is None and verdict is None:
        return None
    return Value(
        source=label,
        key="published:" + ".".join((*path, key)),
        name=name,
        value=number,
        kind="published",
        concepts=concepts,
        symbols=frozenset(symbols),
        unit=base.unit if base is not None else None,
        interval=interval,
        stderr=stderr,
        verdict=verdict,
        fact="published:" + ".".join(path or ("main",)),
        group=" ".join(words(p) for p in path),
        by=by,
        note=note,
        rank=rank,
    )


def _published_tests(
    label: str, alternative: str, entry: Mapping[str, Any], by: str
) -> list[Value]:
    """A published likelihood-ratio test: its p-value and its LR."""
    name = alternative.replace("_", " ")
    p_value = Value(
        source=label,
        key=f"published:{alternative}",
        name=f"p-value of the likelihood-ratio test against the {name}",
        value=_finite(entry.get("p")),
        kind="published",
        concepts={"compare": 1.0, "contrast": 0.5, f"alt:{alternative}": 2.0, "pvalue": 0.5},
        verdict=f"LR = {entry.get('LR')}, p = {entry.get('p')}",
        fact=f"published:{alternative}",
        by=by,
    )
    ratio = replace(
        p_value,
        key=f"published:lr:{alternative}",
        name=f"likelihood ratio of the power law against the {name}",
        value=_finite(entry.get("LR")),
        concepts={
            "lr": 1.5,
            "statistic": 1.0,
            "compare": 0.5,
            "contrast": 0.5,
            f"alt:{alternative}": 2.0,
        },
    )
    return [p_value, ratio]


@functools.lru_cache(maxsize=1024)
def _name_words(text: str) -> frozenset[str]:
    """The words of a publisher's or group's name that can name it (not vocabulary words)."""
    lex = lexicon()
    generic = lex.table.stems() | {"package", "dataset", "data", "pub", "mem", "et", "al"}
    return frozenset(
        {
            ascii_words(token.word)
            for token in en_tokens(text)
            if len(token.word) > 2
            and not lex.is_function(token)
            and token.stem not in generic
            and not token.word.isdigit()  # a year names no author (pearl_reed_1920 and "1920")
        }
    )


def primary(value: Value) -> str | None:
    """The concept that names a value best (its largest weight)."""
    return max(value.concepts, key=lambda c: value.concepts[c]) if value.concepts else None


def author_overlap(value: Value, question_words: Sequence[str]) -> tuple[int, int]:
    """How many words of the question name the value's publisher, and its group."""
    asked = {ascii_words(w) for w in question_words}
    return len(_name_words(value.by or "") & asked), len(_name_words(value.group) & asked)


#: Facts that answer questions about the data rather than a number: fact key -> concept.
INFO = {"citation": "citation", "dataset": "source", "units": "units", "model": "method"}


def info_values(label: str, result: Any, facts: Mapping[str, str]) -> list[Value]:
    """What a result says about itself.

    What a result says about itself (citation, source, units, method, warnings),
    answered with its sentence (``verdict``).
    """
    out = [
        Value(label, f"info:{key}", concept, None, "", {concept: 2.0}, verdict=facts[key], fact=key)
        for key, concept in INFO.items()
        if key in facts
    ]
    flagged = tuple(getattr(result, "warnings", ()) or ())
    text = "; ".join(flagged) if flagged else "the fit raised no warnings"
    out.append(
        Value(
            label,
            "info:warnings",
            "warnings",
            None,
            "",
            {"caveat": 2.0},
            verdict=f"{label}: {text}",
        )
    )
    return out
