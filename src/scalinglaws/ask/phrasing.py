"""The words of an answer: the number first, then what it is and where it comes from.

A fitted value leads with itself and names the published value only as such
("1.953 (95% confidence interval 1.928 to 1.977) - power-law exponent alpha of
clauset2009/words, our fit; published: 1.95 ± 0.02 (Clauset, Shalizi & Newman
(2009))"); a published value leads with the word "published" and names who
published it; a derived value says what it was derived from. An abstention starts
"Not in these results:" and lists the closest values the results do hold.
"""

from __future__ import annotations

from collections.abc import Sequence

from scalinglaws.ask.values import Value
from scalinglaws.ask.verbalize import fmt

__all__ = ["abstain_text", "answer_text", "number_text"]


def number_text(value: float | None, *, published: bool = False) -> str:
    """A number as an answer prints it.

    Four significant digits; a published value as it was published (up to seven).
    """
    if value is None:
        return "undefined"
    if published:
        return f"{value:.7g}"
    return fmt(value)


def _interval(value: Value) -> str:
    if value.interval is None:
        return ""
    low, high = value.interval
    published = value.kind == "published"
    what = "95% interval" if value.kind != "fitted" else "95% confidence interval"
    low_text = number_text(low, published=published)
    high_text = number_text(high, published=published)
    return f"{what} {low_text} to {high_text}"


def answer_text(
    value: Value,
    *,
    interval: bool = False,
    stderr: bool = False,
    published: Value | None = None,
    others: Sequence[str] = (),
) -> str:
    """The answer's text for ``value`` (see the module docstring).

    ``interval`` and ``stderr`` lead with the interval or the standard error (when the
    question asked for them); ``published`` is the published counterpart of a fitted
    value; ``others`` are other results that match the question as well.
    """
    unit = f" {value.unit}" if value.unit and value.value is not None else ""
    is_published = value.kind == "published"
    number = number_text(value.value, published=is_published) + unit
    if value.value is None and value.verdict:
        number = value.verdict
    span = _interval(value)
    if stderr and value.stderr is not None:
        error = number_text(value.stderr, published=is_published)
        lead = f"{error} (standard error; estimate {number})"
    elif interval and span:
        lead = f"{span} (estimate {number})"
    else:
        lead = number + (f" ({span})" if span else "")
        if value.stderr is not None and is_published and not span:
            lead = f"{number} ± {number_text(value.stderr, published=True)}"
    if value.value is None and not value.verdict and span and not (stderr and value.stderr):
        lead = span  # a published interval with no estimate beside it (a bootstrap's)
    if is_published:
        text = f"Published: {lead} - the {value.name} of {value.source} as published by {value.by}"
    elif value.kind == "derived":
        text = f"{lead} - the {value.name}, derived from the fit of {value.source}"
    elif value.kind == "fitted":
        text = f"{lead} - the {value.name} of {value.source}, our fit"
    else:
        return value.verdict or lead
    if value.verdict and value.value is not None:
        text += f": {value.verdict}"
    if value.note:
        text += f" ({value.note})"
    if published is not None and published.value is not None and value.kind != "published":
        text += f"; published: {_published_short(published)}"
    text += "."
    if others:
        text += f" Also matching: {', '.join(others)}."
    return text


def _published_short(value: Value) -> str:
    number = number_text(value.value, published=True)
    if value.stderr is not None:
        number += f" ± {number_text(value.stderr, published=True)}"
    return f"{number} ({value.by})"


def abstain_text(reason: str, closest: Sequence[str]) -> str:
    """The sentence "Not in these results: <reason>." and what the results do hold."""
    text = f"Not in these results: {reason}."
    if closest:
        text += f" Closest available: {'; '.join(closest)}."
    return text
