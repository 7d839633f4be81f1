"""Whether a question asks for a published value rather than our fit.

:func:`published_preference` scores a published value (from the catalogue) for a
question: a bonus when the question asks for the literature's value ("published",
"paper", an author's name, a citation, two words of the value's published group, the
table or figure the catalogue's ``published_source`` names), a cost when it does not
(our fit is the answer otherwise, and when the finding verb's subject is our fit: "what
does the refit find?"), and a cost when the question states the published
number itself while claiming the fit as ours ("Clauset et al. report alpha = 2.4; what
does the refit give?").
"""

from __future__ import annotations

import functools
import re

from scalinglaws.ask._context import remembered, story, within
from scalinglaws.ask._naming import cited
from scalinglaws.ask.names import Subject
from scalinglaws.ask.understand import Query
from scalinglaws.ask.values import Value, ascii_words, author_overlap

__all__ = ["GROUP_NAMED", "PUBLISHED", "published_preference"]

#: Published values: bonus when the question asks for them, cost when it does not.
PUBLISHED = 1.5
#: Words of a published group's name ("pearl_reed_1920") that name it in a question.
GROUP_NAMED = 2


def published_preference(value: Value, query: Query, subject: Subject | None) -> float:
    """The score a published ``value`` gains (or loses) for ``query`` (see the module)."""
    own = _subject_words(subject)
    words, citations = _asked_words(query)
    authors, _ = author_overlap(value, sorted(w for w in words if w.lower() not in own))
    # a name cited as a publication ("Hoffmann et al.") names its publisher all the same
    authors = max(authors, author_overlap(value, sorted(citations))[0])
    _, group_words = author_overlap(value, sorted(words))
    # Naming the group by two of its own words asks for it, even where they also
    # name the data set ("Pearl & Reed" of pearl_reed_1920, "Epoch ... headline"),
    # unless the question claims the value as ours ("the Pearl-Reed logistic refit").
    by_group = group_words >= GROUP_NAMED and "fitted" not in query.flags
    if _REPRODUCING.search(query.text) and "published" not in query.flags:
        # "Reproducing Leitao et al.: what ... does our fit get?": the authors are whose
        # result the user reproduces; the value asked is the reproduction's
        authors = 0
    wanted = "published" in query.flags or authors > 0 or by_group
    wanted = wanted or _names_its_table(value, query, subject)
    if _found_by_us(query) and authors == 0 and not by_group:
        # "What E does the Chinchilla refit find?": the finding is the refit's own
        wanted = False
    if (
        wanted
        and "published" not in query.flags
        and query.flags & {"interval", "stderr"}
        and value.interval is None
        and value.stderr is None
    ):
        # "Huber delta=1e-3 ... What is beta and its 95% CI?": a name in passing does not
        # ask for a published value that has no interval, when the interval is asked
        wanted = False
    if _quotes_it(value, query) and "fitted" in query.flags:
        # "Clauset et al. report alpha = 2.4; what does the refit give?": the question
        # states the published number itself, and asks for ours
        wanted = False
    # A published group named after a method the question names (smatr's "ma" for
    # "the major axis (MA) slope"): its words are too short to count as names.
    methods = len(set(value.group.replace("_", " ").split()) & query.methods)
    quoted = _quoted_group_words(value, query) + 2 * _group_written_whole(value, query)
    bonus = 0.75 * (authors + group_words + methods + quoted + _numbers_named(value, query))
    return (PUBLISHED + bonus if wanted else -PUBLISHED) - 0.1 * value.rank


#: A reference given to compare with, not asked for: "(cf. Clauset et al. 2009)", "(see
#: Hoffmann et al. 2022)", （参见Clauset等，2009）.
_FOR_COMPARISON = re.compile(
    r"[(（]\s*(?:cf\.?|c\.f\.|see|compare|参见|参考|对照)(?![A-Za-z])[^)）]*[)）]", re.I
)


#: Authors and a year that say where data come from: "the Clauset 2009 blackout data",
#: "Clauset 2009 的《白鲸记》词频数据" name the data set, not a published value.
_DATA_SOURCE = re.compile(
    r"[A-Z][a-z]+(?:\s+(?:et\s+al\.?|&\s*[A-Z][a-z]+))?\s*,?\s*[(（]?\d{4}[)）]?\s*"
    r"(?:['’]s|的)?\s*(?:[^\s,，。?？:：]{1,20}\s*){0,3}?(?:data(?:\s*set)?|数据)"
)


#: A pronoun for the authors of a story in the words that ask ("What alpha do they give?").
_THEIRS = re.compile(r"\b(?:they|their|them|he|she|his|her)\b|他们|她们|作者", re.I)


def _asked_words(query: Query) -> tuple[frozenset[str], frozenset[str]]:
    """The words and citations that ask (see :func:`_words_asking`), once per question."""
    return _words_asking(
        query.text, query.words, query.cited, "published" in query.flags, "fitted" in query.flags
    )


@functools.lru_cache(maxsize=256)
def _words_asking(
    text: str, words: frozenset[str], citations: frozenset[str], published: bool, fitted: bool
) -> tuple[frozenset[str], frozenset[str]]:
    """The question's words and citations, less those of a reference given to compare.

    "What alpha did you fit for ... (cf. Clauset, Shalizi & Newman 2009)?" names the
    authors for comparison: they ask for no published value unless "published" is said;
    nor do authors named only in a story told before a question about our fit ("I've
    been reading Clauset, Shalizi and Newman ... In your fit of the quakes, ...") or one
    that asks nothing of them ("I read Clauset 2009. What p-value for ...?").
    """
    if published:
        return words, citations
    outside = _DATA_SOURCE.sub(" ", _FOR_COMPARISON.sub(" ", text))
    if fitted or not _THEIRS.search(story(text)):
        # "I've been reading Clauset ... In your fit of ...": ours; so is "1) I read Clauset
        # 2009. 2) What p-value for the cities ...?", which asks nothing of "them"
        outside = story(outside)
    if outside == text:
        return words, citations
    whole, kept = ascii_words(text), ascii_words(outside)
    aside = {w for w in words if re.search(_as_name(ascii_words(w)), whole)}
    aside -= {w for w in aside if re.search(_as_name(ascii_words(w)), kept)}
    return (  # a word the question does not write (头条 read as "headline") stays
        words - aside,
        frozenset(name for name in citations if name in cited(outside)),
    )


def _as_name(word: str) -> str:
    """A pattern of ``word`` standing alone among Latin letters (Chinese may touch it)."""
    return rf"(?<![a-z]){re.escape(word)}(?![a-z])"


def _subject_words(subject: Subject | None) -> set[str]:
    """The words naming a subject (its aliases, title, source): not an author's name."""
    if subject is None:
        return set()

    words = {ascii_words(w) for w in subject.words}
    for phrase in subject.phrases:
        words.update(ascii_words(w) for w in phrase.replace("-", " ").split())
    return words


#: The user reproducing a publication, as the question opens: "Reproducing Leitao et al.:",
#: "I'm replicating ...", 复现…的结果：, 我在复现… (not "Epoch AI复现中", a third party's).
_REPRODUCING = re.compile(
    r"^\s*(?:(?:I'm|I am|we're|we are)\s+)?(?:reproduc|replicat)\w*|"
    r"^\s*(?:我们?(?:正在|在)?)?(?:复现|重现)",
    re.I,
)

#: Words a question puts in quotes or brackets ('persons', "free delta", 人均（persons）):
#: names, meant as written. An apostrophe inside a word ("Leitão et al.'s") opens none.
_QUOTED = re.compile(r"(?:(?<![\w.])'|[\"‘“「『(（])([^'\"’”」』)）]{2,40})['\"’”」』)）]")


def _group_written_whole(value: Value, query: Query) -> bool:
    """Whether the question writes the value's group by its key ("gaussian_delta_half").

    Its words alone ("gaussian", "delta") are shared with other groups (gaussian_free_delta)
    or are vocabulary words; the key written whole names one group.
    """
    path = value.key.removeprefix("published:").split(".")[:-1]
    text = query.text.lower()
    return any("_" in part and part.lower() in text for part in path)


def _quoted_group_words(value: Value, query: Query) -> int:
    """How many words the question quotes are words of the value's published group.

    A quoted word names something exactly, even a word that is otherwise no name
    ("the 'persons' model" of Leitão et al.'s persons group), as does a word in brackets
    (按人口（persons）模型) or before "model", "specification" or the group's symbol
    ("their persons model", "Leitão et al.'s persons beta", 公布的persons模型), or after
    "in" or "by" ("the beta Leitão et al. published for the US metros in persons").
    """
    quoted = {
        w.lower() for m in _QUOTED.finditer(query.text) for w in re.findall(r"\w+", m.group(1))
    }
    quoted |= {m.group(1).lower() for m in _BEFORE_MODEL.finditer(query.text)}
    quoted |= {m.group(1).lower() for m in _IN_GROUP.finditer(query.text)}
    return len(quoted & set(value.group.lower().split()) - {"pub"})


#: A word naming a model or a specification by what it is of: "their persons model".
_BEFORE_MODEL = re.compile(
    r"(?<![A-Za-z])([A-Za-z]{3,})"
    r"(?:\s+(?:model|specification|variant|version|beta|β)(?![A-Za-z])|\s*(?:模型|设定|版本|口径))",
    re.I,
)  # also "their persons beta", 公布的persons模型, 按persons口径


#: A value said in what a group measures: "the beta ... in persons", "by persons".
_IN_GROUP = re.compile(r"\b(?:in|by|per)\s+([A-Za-z]{3,})\b", re.I)


#: An adverb between a subject and its verb: "did your fit actually find".
_ADVERB = r"(?:\s+(?:actually|really|ultimately|eventually|then|itself))?"
#: A verb of finding or reporting whose subject is our fit: "the refit finds", "we found".
_FOUND_BY_US = re.compile(
    rf"\b(?:re-?fit(?:ted)?|our fit|your fit|we|you|you all|y'all|you guys){_ADVERB}\s+"
    r"(?:finds?|found|reports?|reported|gets?|got)\b",
    re.I,
)


#: "... was found to hold in the fit to those outages", "what did the fit find", "did the
#: logistic fit of the US census find": ours (not "what does smatr's unit test give": the
#: package's published number; nor "the fit to what the authors found").
_FOUND_IN_OUR_FIT = re.compile(
    r"\bfound\b[^.?;]*?\bin (?:the|our|this|your) fit\b|"
    r"\b(?<!unit )(?:fit|test)(?:\s+(?:of|to|for)\s+(?:(?!authors|paper|they|published)"
    rf"[^.?;,]){{1,40}}?)?{_ADVERB}\s+(?:finds?|found|gives?|gave)\b|"
    r"\bfit\s+itself\s+(?:reports?|reported)\b",
    re.I,
)


#: "what interval does the metro GDP fit report for b?", "reported by the fit": ours,
#: unless a publication is named ("what elevation does the published major axis (MA) fit
#: report?"); "report" alone is a published cue of the vocabulary.
_FIT_REPORTS = re.compile(
    rf"\bfit{_ADVERB}\s+reports?\b|\breported\s+by\s+(?:the|our|this|your)\s+(?:re)?fit\b", re.I
)
_PUBLICATION = re.compile(
    r"\bpublish|\bpaper\b|\bliterature\b|\bjournal\b|发表|公布|文献|论文", re.I
)


def _found_by_us(query: Query) -> bool:
    """Whether the question asks for our value by its verb of finding.

    Our fit is the verb's subject ("the refit finds"), or the finding is in our fit.
    """
    text = query.text
    reports = bool(_FIT_REPORTS.search(text)) and not _PUBLICATION.search(text)
    return bool(_FOUND_BY_US.search(text) or _FOUND_IN_OUR_FIT.search(text) or reports)


#: "Table 3", "Fig. 4", 表3, 图4: a table or figure of a publication.
_TABLE = re.compile(r"\b(table|tab\.|figure|fig\.?)\s*(\d+)|([表图])\s*(\d+)", re.I)


def _names_its_table(value: Value, query: Query, subject: Subject | None) -> bool:
    """The question names a table or figure that the value's published source cites.

    "What n_tail does Table 3 print?" asks for the value of Clauset et al.'s Table 3,
    which the catalogue's ``published_source`` names.
    """
    if subject is None:
        return False
    cited = str(subject.meta.get("published_source", "")).lower()
    for m in _TABLE.finditer(query.text):
        word = (
            "table"
            if (m.group(1) or m.group(3) or "").lower() in ("table", "tab.", "表")
            else "fig"
        )
        number = m.group(2) or m.group(4)
        if re.search(rf"{word}\w*\.?\s*{number}\b", cited):
            return True
    return False


def _quotes_it(value: Value, query: Query) -> bool:
    """The question itself states the published number (to the digits it writes).

    Not as what the user remembers ("如果我没记错的话，…E大约是1.82，…").
    """
    if value.value is None:
        return False
    memory = remembered(query.text)  # "I remember E as about 1.82, ...": no quote
    for number in query.mentions.numbers:
        if within(number.start, memory):
            continue
        digits = len(number.text.split(".")[1]) if "." in number.text else 0
        if not number.is_year and round(value.value, digits) == number.value:
            return True
    return False


#: Number words of published groups' names ("gaussian_delta_half": delta = 1/2).
_NUMBER_WORDS = {"half": 0.5, "quarter": 0.25}


def _numbers_named(value: Value, query: Query) -> int:
    """How many numbers of a published group's name the question names (not years).

    "delta fixed at 1/2" names Leitão et al.'s gaussian_delta_half, "delta = 2"
    lognormal_delta_2.
    """
    named = set()
    for word in value.group.split():
        number = _NUMBER_WORDS.get(word)
        if number is None and word.isdigit():
            number = float(word)
        if number is not None:
            named.add(number)
    asked = {n.value for n in query.mentions.numbers if not n.is_year}
    return len(named & asked)
