"""Choose the value that answers a question, or say that the results do not hold it.

:func:`choose` scores every :class:`~scalinglaws.ask.values.Value` of the results
against a :class:`~scalinglaws.ask.understand.Query`:

* the **result** is the one the question names (its link score, :mod:`.names`);
  when it names none, every result is a candidate;
* the **value** within it matches the question's concepts and symbols: each concept
  the value carries adds its weight, each concept it lacks costs 1 (0.25 for the
  soft ones such as "tail" or "how many"), a symbol adds 1.5 and a wrong one costs
  0.5; published values need the question to ask for them ("published", "paper",
  an author's name), fitted ones are preferred otherwise;
* values evaluated at an input (a budget, a date, a hypothesised exponent) must be
  at an input the question names, or be the result's stored one when it names none.

It abstains ("not in these results") when the question asks for a quantity no
result computes, names a model no result was fitted with (Gompertz), names a dataset
or a series that was not fitted, names a year or a period the data do not cover,
restricts the data to a subsample, names something unknown (a word with a capital
nothing explains), asks for a quantity the named result does not hold, or names no result while
several hold the quantity.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from scalinglaws.ask._context import asked_about, remembered, told, within
from scalinglaws.ask._fact import step_of_key
from scalinglaws.ask._foreign import (
    asker_ends,
    borne_place,
    foreign_places,
    foreign_series,
    foreign_titles,
)
from scalinglaws.ask._measured import bears_all, other_measures
from scalinglaws.ask._places import places_in
from scalinglaws.ask._published import published_preference
from scalinglaws.ask._scope import period_outside, rate_in_time, subsample
from scalinglaws.ask._values_samples import hypotheses
from scalinglaws.ask.lexicon import lexicon, phrase_words
from scalinglaws.ask.names import Subject
from scalinglaws.ask.numbers import Number
from scalinglaws.ask.understand import LAST_STEP, Query
from scalinglaws.ask.values import Value

__all__ = ["NO_QUANTITY", "Choice", "choose"]

#: Why ask abstains when a question names nothing it can look up.
NO_QUANTITY = "the question names no quantity these results hold"

#: Cost of a concept of the question that a value does not carry (soft concepts: 0.25).
MISSING = 1.0
MISSING_SOFT = 0.25
#: Results whose link is within this of the best count as named too.
LINK_TIE = 0.75
#: Two values closer than this in score are a tie (the answer names the others).
TIE = 0.3
#: Cost of each concept defining a value (weight >= 1) that the question does not name.
UNASKED = 0.3
#: Bonus of a catalogue dataset named by an alias no result shares ("dinosaurs").
DISTINCT = 1.5
#: Link bonus of a result whose law or method the question names ("the logistic", "SMA").
LAW = 1.5


def _named_by_fit(subject: Subject, query: Query) -> float:
    """Link a result gets from the question naming its law, method or kind of fit."""
    bonus = LAW if subject.law in query.laws else 0.0
    bonus += LAW if subject.method in query.methods else 0.0
    return bonus + (0.5 if subject.kind in query.kinds else 0.0)


@dataclass(frozen=True)
class Choice:
    """The outcome of choosing a value for a question.

    The chosen value (or None), its score in [0, 1], the other results that match
    equally well, and, when abstaining, why and what the results do hold.
    """

    value: Value | None
    score: float
    others: tuple[str, ...] = ()
    abstain: str | None = None
    closest: tuple[str, ...] = ()


def _carries(value: Value, group: frozenset[str], text: str) -> float:
    """The weight with which ``value`` carries a phrase of the question (0 if not).

    Its largest concept weight, or 1 when the phrase names the value's published group
    ("lognormal ... free delta" for Leitão et al.'s lognormal_free_delta), in its own words or,
    in any language, through a concept whose English terms are words of the group
    (对数正态 is the concept alt:lognormal, whose term "lognormal" names it).
    """
    carried = [value.concepts[c] for c in group if c in value.concepts]
    if carried:
        return max(carried)
    if value.kind == "published" and value.group:
        named = set(phrase_words(value.group))
        phrase = set(phrase_words(text))
        if phrase and phrase <= named:
            return 1.0
        if any(terms <= named for c in group for terms in lexicon().english_terms(c)):
            return 1.0
    return 0.0


def _named_symbols(value: Value) -> set[str]:
    """The symbols that name a value: its own, and those of its inputs.

    "N_opt at C = 1e24": C names the budget a compute-optimal value is evaluated at.
    """
    return set(value.symbols) | set(value.at)


def _value_score(value: Value, query: Query, subject: Subject | None = None) -> float:
    soft = lexicon().soft | query.soft
    aside = _aside(value, query)
    score = 0.0
    for group, text in query.groups:
        carried = _carries(value, group, text)
        if carried:
            score += carried
        else:
            score -= MISSING_SOFT if group <= soft or (group, text) in aside else MISSING
    symbols = _named_symbols(value)
    for symbol in query.symbols:
        score += 1.5 if symbol in symbols else -0.5
    if not query.symbols & symbols:
        named = {c for concepts, _ in query.groups for c in concepts}
        score -= UNASKED * sum(w >= 1.0 and c not in named for c, w in value.concepts.items())
    if value.kind == "published":
        score += published_preference(value, query, subject)
    return score


def _asks_nothing_held(query: Query) -> bool:
    """The question asks for a thing only data sets without a result describe.

    It names only soft concepts ("how many", "model"), no symbol, and does not count the
    members of a data set ("in the data", 数据): what it asks for is the thing its word
    of an unfitted data set names ("How many layers does the 70B model have?": the
    model shapes of Chinchilla's table A9), not a quantity of the result its name links.
    """
    soft = lexicon().soft | query.soft
    return (
        bool(query.absent)
        and not query.symbols
        and all(g <= soft for g, _ in query.groups)
        and not {"sample", "data_size"} & query.concepts.keys()
    )


def _forecast_steps(values: Sequence[Value]) -> dict[tuple[str, str], tuple[int, int]]:
    """Each forecast value's step and its forecast's last step, by (source, key).

    A step named in its key ("forecast:h3"), or its day's place among the result's
    dated forecasts (the GGM's 6 February is its step 1).
    """
    dated: dict[str, list[Value]] = {}
    named: dict[tuple[str, str], int] = {}
    for v in values:
        step = step_of_key(v.fact)
        if step is not None:
            named[(v.source, v.key)] = step
        elif v.date is not None and v.fact == "extra:forecast":
            dated.setdefault(v.source, []).append(v)
    for source, days in dated.items():
        order = sorted({v.date for v in days if v.date is not None})
        named |= {(source, v.key): order.index(v.date) + 1 for v in days if v.date is not None}
    last: dict[str, int] = {}
    for (source, _), step in named.items():
        last[source] = max(last.get(source, 0), step)
    return {at: (step, last[at[0]]) for at, step in named.items()}


def _saved(value: Value, stored: set[str]) -> bool:
    """Whether ``value`` was saved with its result (not evaluated for the question)."""
    return value.key in stored or (value.fact is not None and "extra:" in value.fact)


def _inputs_ok(
    value: Value, query: Query, stored: bool, steps: Mapping[tuple[str, str], tuple[int, int]]
) -> bool:
    """Whether a value at an input may answer the question.

    A value at an input answers only a question naming that input (or naming none,
    for the input stored with the result).
    """
    at = value.at
    found = query.mentions
    if "C" in at:
        budgets = [n.value for n in found.numbers if n.unit == "flops" or n.value >= 1e15]
        return any(math.isclose(at["C"], b, rel_tol=1e-6) for b in budgets) or (
            not budgets and stored
        )
    if "b0" in at:
        wanted = hypotheses(query)
        return at["b0"] in wanted or (not wanted and stored)
    if "t" in at:
        return any(math.isclose(at["t"], y) for y in found.years)
    if "next" in at:  # the step after the data: the answer when no time is named
        return not (found.dates or found.years or found.days or query.steps)
    step, last = steps.get((value.source, value.key), (None, None))  # (_forecast_steps)
    wanted = {s for s in query.steps if s != LAST_STEP}
    if LAST_STEP in query.steps and last is not None:
        wanted.add(last)
    if query.steps and step is not None and step not in wanted:
        return False  # "the ensemble's h3", "its last day": that row, not another
    if value.date is not None and (found.dates or found.days):
        # a day without a year ("Feb 12th", 2月12日) is that day of the value's year
        return any(value.date == d for d in found.dates) or any(
            (value.date.month, value.date.day) == day for day in found.days
        )
    return True


def _uncovered(value: Value, query: Query) -> list[str]:
    """Concepts (and symbols) of the question that the value does not carry.

    Not those said away from the phrase asked for (:func:`_aside`).
    """
    soft = lexicon().soft | query.soft
    aside = _aside(value, query)
    missing = [
        "/".join(sorted(g))
        for g, text in query.groups
        if not g <= soft and not _carries(value, g, text) and (g, text) not in aside
    ]
    symbols = _named_symbols(value)
    if query.symbols and not (query.symbols & symbols) and symbols:
        missing += sorted(query.symbols)
    carried = any(_carries(value, g, text) for g, text in query.groups)
    if query.groups and not missing and not carried and not query.symbols & symbols:
        # only soft concepts, none of them carried ("is the growth linear?" of a GGM)
        missing = ["/".join(sorted(g)) for g, _ in query.groups]
    return missing


def _aside(value: Value, query: Query) -> frozenset[tuple[frozenset[str], str]]:
    """The question's phrases said away from what it asks, which ``value`` need not carry.

    When the question asks for a phrase ("What goodness-of-fit p-value ...", R²是多少,
    "give the t statistic"; :attr:`Query.head`) of a result it names, and ``value``
    carries that phrase, a quantity word written elsewhere (:attr:`Query.away`) sets the
    asker's scene ("Source? ... What goodness-of-fit p-value did the bootstrap give for
    the cities?", "what carrying capacity ... did they publish?"); one written beside the
    asked phrase qualifies it and stays asked. With no result named, every word may be
    what names the subject.
    """
    if not query.away or value.source not in query.phrased:
        return frozenset()
    if not any(_carries(value, g, text) for g, text in query.groups if g & query.head):
        return frozenset()
    return query.away


def _coverage(value: Value, query: Query, linked: bool) -> float:
    asked = len(query.groups) + len(query.symbols) + (1 if linked or query.unexplained else 0)
    got = sum(bool(_carries(value, g, text)) for g, text in query.groups)
    got += len(query.symbols & _named_symbols(value)) + (1 if linked else 0)
    return got / asked if asked else 0.0


def _years_outside(subject: Subject, value: Value, query: Query) -> list[int]:
    """Years the question names that the value cannot speak for.

    Years the question names that are not an input of the value, a publication year,
    a year of the data set's own name (unless the fit is said to use the data through
    it: :func:`_fitted_through`), or inside the years the result's data cover; not those
    of a story told before the asking sentence ("The power went out at my sister's
    wedding in 2003, ... What ... for the blackouts?" asks nothing of 2003:
    :func:`._context.story`), nor those the user remembers (:func:`._context.remembered`);
    and the years of full dates named for a tail or a relation, whose data have no dates.
    """
    outside = []
    stories = (*told(query.text), *remembered(query.text))
    years = [n for n in query.mentions.numbers if n.is_year and not within(n.start, stories)]
    for n, year in ((n, int(n.value)) for n in years):
        if math.isclose(value.at.get("t", math.nan), year):
            continue
        cited = f"{subject.meta.get('citation', '')} {value.group} {value.by or ''}"
        # the data set's own name says its years ("the US census, 1790-2000" of
        # us_census_1790_2000, fitted to 1790-1910; "US city populations, 2000 census")
        named = f"{subject.key} {subject.title}" if not _fitted_through(query.text, n) else ""
        if str(year) in cited or str(year) in named or not subject.years:
            continue
        if not any(low <= year <= high for low, high in subject.years):
            outside.append(year)
    if subject.kind in ("tail", "relation") and subject.years:
        # full dates bound a period of data that have no time axis ("flares from Jan.
        # 1st, 1995 to Dec. 31st, 2000", 2003年1月1日至2010年12月31日)
        ends = {date.year for date in query.mentions.dates}
        outside += sorted(
            y for y in ends if not any(low <= y <= high for low, high in subject.years)
        )
    return outside


#: Words that say a fit used the data through a year: "fitted to the full 1790-2000
#: census", "with the censuses up to 2000", 用1790到2000年全部数据拟合.
_THROUGH = re.compile(
    r"(?i:\b(?:up to|until|through|thru|full|all|entire|whole|fitted to|fit to|fitted with|"
    r"fitted on|refit)\b)|全部|所有|整个|拟合"
)


def _fitted_through(question: str, year: Number) -> bool:
    """Whether ``question`` says the fit used the data through ``year`` (:data:`_THROUGH`)."""
    before = question[max(0, year.start - 40) : year.start]
    after = question[year.end : year.end + 8]
    return bool(_THROUGH.search(before) or re.search(r"全部|所有", after))


def _outside_the_data(subject: Subject, value: Value, query: Query) -> str | None:
    """Why the years or the period the question names lie outside the data's, or None.

    Years the value cannot speak for (:func:`_years_outside`), or a period after, before
    or within the data's years that no fit covers (:func:`._scope.period_outside`).
    """
    spans = ", ".join(f"{lo}-{hi}" if lo != hi else f"{lo}" for lo, hi in subject.years)
    years = _years_outside(subject, value, query)
    if years:
        return f"{value.source} covers {spans}, not {', '.join(map(str, years))}"
    period = period_outside(query.asked, subject.years)
    return f"{value.source} covers {spans}, not {period}" if period else None


def _describe(values: Sequence[Value], limit: int = 4) -> tuple[str, ...]:
    seen = dict.fromkeys(f"{v.name} of {v.source}" for v in values)
    return tuple(list(seen)[:limit])


def _of_the_fit(query: Query, named: set[str], pool: Sequence[Value]) -> bool:
    """Whether a standard error or interval is asked of one named result's fit.

    With no quantity named, the question asks for its exponent's, when its fit has
    exactly one (a tail's alpha, a relation's b; not a neural law's alpha and beta).
    """
    return (
        not (query.concepts or query.symbols)
        and bool(query.flags & {"stderr", "interval"})
        and len(named) == 1
        and sum(
            v.kind == "fitted" and v.key.startswith("param:") and "exponent" in v.concepts
            for v in pool
        )
        == 1
    )


def choose(
    query: Query,
    subjects: Mapping[str, Subject],
    values: Sequence[Value],
    stored: set[str],
) -> Choice:
    """The value answering ``query`` among ``values``.

    The value answering ``query`` among ``values`` (keys ``stored`` were saved with
    their results, not evaluated for the question); see the module docstring.
    """
    results = [s for s in subjects.values() if s.label is not None]
    if query.not_computed:
        what = ", ".join(dict.fromkeys(query.not_computed))
        return Choice(
            None,
            0.0,
            abstain=f"no result here computes {what}",
            closest=tuple(s.label or "" for s in results[:4]),
        )
    missing_laws = sorted((query.laws & lexicon().model_laws) - {s.law or "" for s in results})
    if missing_laws:
        # "the Gompertz growth rate" of results without a Gompertz fit: not the logistic's r
        return Choice(
            None,
            0.0,
            abstain=f"no result here was fitted with the {', '.join(missing_laws)} law",
            closest=tuple(s.label or "" for s in results[:4]),
        )
    links = {s.key: query.link.get(s.key, 0.0) + _named_by_fit(s, query) for s in results}
    if "own" in query.flags:
        for s in results:
            links[s.key] += 1.0 if s.own else 0.0
    best_link = max(links.values(), default=0.0)
    outside = [
        (score + (DISTINCT if key in query.distinct else 0.0), key)
        for key, score in query.link.items()
        if key.startswith("catalogue:")
    ]
    top_outside = max(outside, default=(0.0, ""))
    # A dataset named by an alias of its own (no result shares it: "running speed",
    # "dinosaurs") is what the question is about unless a result is named clearly better.
    bar = best_link - LINK_TIE if top_outside[1] in query.distinct else best_link
    # A data set linked only through words of its title (测试 and 规模 of "4位数加法的测试交叉熵与
    # 训练集规模") does not outweigh a result named by a phrase of its own (停电规模).
    by_title_only = not {top_outside[1]} & (query.distinct | query.phrased) and any(
        links[k] >= best_link - LINK_TIE for k in query.phrased if k in links
    )
    if top_outside[0] >= 1.5 and top_outside[0] > bar and not by_title_only:
        title = subjects[top_outside[1]].title
        name = top_outside[1].removeprefix("catalogue:")
        return Choice(
            None,
            0.0,
            abstain=f"no result was fitted to {title} ({name})",
            closest=tuple(s.label or "" for s in results[:4]),
        )
    named = {k for k, v in links.items() if best_link > 0 and v >= best_link - LINK_TIE}
    steps = _forecast_steps(values)
    pool = [
        v
        for v in values
        if (not named or v.source in named) and _inputs_ok(v, query, _saved(v, stored), steps)
    ]
    named, pool = _widen(query, values, stored, steps, links, named, pool)
    if _of_the_fit(query, named, pool):
        # "the standard error of the flares fit": the uncertainty of its exponent
        return choose(replace(query, concepts={"exponent": 1.0}), subjects, values, stored)
    scored = sorted(
        (
            (_value_score(v, query, subjects.get(v.source)) + 0.2 * links.get(v.source, 0.0), i, v)
            for i, v in enumerate(pool)
        ),
        # equal scores: the value carrying what the question asks for ("what loss") first,
        # then one evaluated at a size the question names (not the stored example's)
        key=lambda t: (
            -round(t[0], 9),
            not query.head & t[2].concepts.keys(),
            "x" not in t[2].at,
            t[1],
        ),
    )
    if not scored or not (query.concepts or query.symbols):
        return Choice(
            None,
            0.0,
            abstain=NO_QUANTITY,
            closest=_describe([v for v in values if v.source in named] or values),
        )
    score, _, best = scored[0]
    subject = subjects[best.source]
    missing = _uncovered(best, query)
    if missing:
        holders = [v for v in values if not _uncovered(v, query)]
        where = f"{best.source}" if named else "these results"
        return Choice(
            None,
            0.0,
            abstain=f"{where} hold no {_words(missing)}",
            closest=_describe(holders or [best]),
        )
    if query.entities and (
        not named or best.source not in query.phrased or _asks_nothing_held(query)
    ):
        # Words naming something unknown ("in-links of web sites"), and the result is
        # linked only through words of its title or description: it is not that thing.
        return Choice(
            None,
            0.0,
            abstain=f"nothing in these results is called {' '.join(query.entities)}",
            closest=_describe([best]),
        )
    unfitted = query.unfitted.get(best.source)
    if unfitted:
        return Choice(
            None,
            0.0,
            abstain=f"{best.source} was fitted to "
            f"{', '.join(_fitted(subject))}, not to {', '.join(unfitted)}",
            closest=_describe([best]),
        )
    # another result the question names by itself ("City sizes and terrorist attack deaths
    # both ...; what is the one for the cities?") is compared with, not asked about
    compared = [subjects[k] for k in query.phrased if k != best.source and k in subjects]
    other = other_measures(query.asked, subject, compared)
    if other:
        # "outage durations" of the blackouts (customers affected): another quantity
        return Choice(
            None,
            0.0,
            abstain=f"{best.source} {_measured(subject)}, not {', '.join(other)}",
            closest=_describe([best]),
        )
    beyond = _outside_the_data(subject, best, query)
    if beyond:
        return Choice(None, 0.0, abstain=beyond, closest=_describe([best]))
    span = rate_in_time(query.asked) if subject.kind == "tail" else None
    if span:
        # "a magnitude 8 quake in the next 30 years": how often, which a size
        # distribution of past events does not hold
        return Choice(
            None,
            0.0,
            abstain=f"{best.source} is a distribution of sizes, not of how often they "
            f"occur ({span})",
            closest=_describe([best]),
        )
    part = subsample(query.asked, whole=lambda group: bears_all(subject, group))
    if part:
        return Choice(
            None,
            0.0,
            abstain=f"{best.source} was fitted to all its observations, not to {part}",
            closest=_describe([best]),
        )
    if "published" in query.flags and "fitted" not in query.flags and best.kind != "published":
        # Asked for the literature's value, and none of the named result's published
        # values is of this quantity: say so rather than pass our fit off as the answer.
        return Choice(
            None,
            0.0,
            abstain=f"no published value of the {best.name} of {best.source} is recorded"
            + (f" (our fit: {best.value:.4g})" if best.value is not None else ""),
            closest=_describe([best]),
        )
    foreign = foreign_series(query, subject, subjects)
    cut = asker_ends(query.text, subject)
    proper = [
        name
        for name in query.proper
        if asked_about(query.text, name)
        and not borne_place(name, subject)  # "CN" of China's
        and not (places_in(name) and query.text.find(name) < cut)  # the asker's Portugal
    ]
    if proper or foreign:
        names = ", ".join(dict.fromkeys([*proper, *foreign]))
        return Choice(
            None,
            0.0,
            abstain=f"nothing in these results is called {names}",
            closest=_describe([best]),
        )
    away = foreign_places(query, subject, cut) + foreign_titles(query, subject, subjects)
    if away:
        return Choice(
            None,
            0.0,
            abstain=f"{best.source} holds no data on {', '.join(away)}",
            closest=_describe([best]),
        )
    others = tuple(
        dict.fromkeys(
            v.source for s, _, v in scored[1:] if s >= score - TIE and v.source != best.source
        )
    )
    return Choice(best, _coverage(best, query, best_link > 0), others=others)


def _widen(
    query: Query,
    values: Sequence[Value],
    stored: set[str],
    steps: Mapping[tuple[str, str], tuple[int, int]],
    links: Mapping[str, float],
    named: set[str],
    pool: list[Value],
) -> tuple[set[str], list[Value]]:
    """The results to answer from, when the best-linked ones hold nothing asked for.

    A question may name two results ("the threshold population of US cities in the 2000
    census": the cities' tail and the census' growth by its words); when no value of the
    best-linked ones carries what the question asks for, the results it names by a
    phrase of their own (an alias, a label, a column) that do carry it answer instead.
    When no result is named by a phrase of its own, every result the question's words link
    to stands as well as the best-linked one ("人口 1000 千人以上城市的概率": 人口 and 城市
    are words of the metro areas' GDP and of the cities' tail; only the tail holds a
    probability).
    """
    if (
        not named
        or not (query.concepts or query.symbols)
        or any(not _uncovered(v, query) for v in pool)
    ):
        return named, pool
    linked = query.phrased or links.keys()
    others = {k for k in linked if links.get(k, 0.0) > 0 and k not in named}
    wider = [
        v for v in values if v.source in others and _inputs_ok(v, query, _saved(v, stored), steps)
    ]
    holders = {v.source for v in wider if not _uncovered(v, query)}
    if not holders:
        return named, pool
    return holders, [v for v in wider if v.source in holders]


def _measured(subject: Subject) -> str:
    """What a result's data set measures, and of what.

    Its fitted columns' names, or the catalogue's first words of each; a user's own
    file is about its own columns.
    """
    meta = subject.meta
    if not meta:
        return "is about its own columns"
    names = meta.get("column_names") or {}
    fitted = [str(names[c]["en"][0]) for c in (meta.get("y"), meta.get("x")) if c in names]
    first = [str((meta.get(k) or {}).get("en", [""])[0]) for k in ("measures", "population")]
    measures = " and ".join(fitted) if len(fitted) == 2 else first[0]
    return f"measures {measures} of {first[1]}" if first[1] else f"measures {measures}"


def _fitted(subject: Subject) -> list[str]:
    given = subject.meta.get("y")
    return [str(given)] if given else ["its columns"]


def _words(names: Sequence[str]) -> str:
    return ", ".join(name.replace("_", " ").replace("alt:", "") for name in names)
