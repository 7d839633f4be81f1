"""Read a question: what it asks for, about which result, with which qualifiers.

:func:`understand` turns a question (English, Chinese or both mixed) into a
:class:`Query`:

1. numbers, dates and years are taken out first (:mod:`.numbers`);
2. the parameters' symbols (alpha, E, K, C0, ...) are found where they stand alone,
   with their case (``A`` and ``a`` are different parameters of a neural law);
3. phrases of the vocabulary and of the subjects' names are matched, Chinese ones
   as substrings and English ones word by word after spelling correction
   (:mod:`.lexicon`): each match is a concept ("exponent", "carrying_capacity"), a
   flag ("interval", "published"), a quantity no result holds, a law, method or kind
   of fit, or a name of a subject (:mod:`.names`);
4. the words left over count for a subject when they occur in its title,
   description or units (weighted by their rarity), and are otherwise unexplained.

Nothing here knows any particular question: the vocabulary and the catalogue's
names carry the language.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import Any

from scalinglaws.ask._context import (
    CLAUSE_END,
    already_had,
    asked_about,
    asking_start,
    basis,
    beside,
    clause_of,
    corrected,
    declined,
    negated,
    own_document,
    publication_years,
    quoted_back,
    reporting,
    requested,
    retold,
    retracted,
    retracted_values,
    said_before_asking,
    starts_sentence,
    stated,
    story,
    told,
    within,
    work_label,
)
from scalinglaws.ask._homophones import respell
from scalinglaws.ask._memo import IdentityMemo
from scalinglaws.ask._naming import GREEK_LETTERS, SYMBOL_LIKE, cited, names_something
from scalinglaws.ask._reading import P_VALUE, reread
from scalinglaws.ask._relative_dates import absolute, steps_after_data
from scalinglaws.ask._week_dates import week_dates
from scalinglaws.ask.lexicon import (
    PhraseTable,
    Spelling,
    Token,
    cjk_leftovers,
    correct,
    en_tokens,
    has_cjk_char,
    lexicon,
)
from scalinglaws.ask.names import Subject, people, word_weights
from scalinglaws.ask.numbers import ORDINAL_WORDS, Mentions, date_spans, mentions
from scalinglaws.ask.values import ascii_words

__all__ = ["LAST_STEP", "Query", "understand"]

#: Weight of a title, description or units word relative to its inverse document frequency.
WORD_WEIGHT = 0.4
#: A source that publishes, reports or gives the value (its verb after it, perhaps after
#: "of <the data>"): the publication asked, not the data's provenance.
_SOURCE_PUBLISHES = re.compile(
    r"(?:\s+of\s+(?:[^?？.,;:]|::){1,40}?)?(?:'s|’s)?\s+(?:publish(?:es|ed)?|report(?:s|ed)?|print(?:s|ed)?|"
    r"gives?|gave|lists?|listed|states?|stated)\b|"
    r"\s*(?:所|里|中)?(?:公布|发表|给出|报告|列出|刊登)",
    re.I,
)
#: "the published exponent b from the source", "b published by the MASS::mammals source":
#: the source of a value said to be published is its publisher, not where the data come from.
_BY_THE_SOURCE = re.compile(
    r"\bpublish\w*\b[^?？.;]*\b(?:from|by|in|according to)\s+(?:the|its|their)\s+"
    r"(?:[^\s?？]+\s+){0,2}$",
    re.I,
)
#: A yes-no question followed by one for the value itself ("Is p equal to 1? If not, what is
#: it?", 是不是等于1？如果不是，是多少？): the value is asked, not the test of it.
_THEN_WHAT = re.compile(
    r"\bif (?:not|no|it isn't|it is not)\b,?\s*(?:then\s+)?what(?:'s|\s+is|\s+was)\s+"
    r"(?:it|its value|the value|the actual value)\b|"
    r"(?:如果|若|要是)不是[，,]?\s*(?:那)?(?:它)?(?:是|为)多少",
    re.I,
)
#: The estimate itself, as a correction asks for it ("I mean the plain point estimate").
_POINT_ESTIMATE = re.compile(
    r"\b(?:point )?estimate\b|\bthe value itself\b|点估计|估计值|本身", re.I
)
#: A lower-case n in brackets: the conventional name of a sample's size.
_SAMPLE_SIZE_N = re.compile(r"[(（]\s*n\s*[)）]")
#: "you all", "y'all": the people asked, not "all" the data.
_YOU_ALL = re.compile(r"\b(?:you|y')\s*all\b", re.I)
_US = re.compile(r"\bU\.\s?S\.(?:\s?A\.)?")
#: "in plain words", "I mean": how to answer, not what about; "-like" of "Kleiber-like".
_MANNER = re.compile(
    r"\bin (?:plain|other|simple|a few|lay(?:man'?s)?) (?:words|terms)\b|\bI mean\b|"
    r"(?<=,)\s*in words(?=\s*,)|"  # "what verdict, in words, does ...": not Moby Dick's words
    r"\b[A-Za-z]+-like\b|"  # "a Kleiber-like relation" describes the relation asked about
    r"\b(?:final[- ]year|research|school|class|course|side|group|student) project\b|"
    r"先说结论|再讲过程|谢邀|一键三连(?:之前)?|"  # a Zhihu or bilibili answer's set phrases
    r"个起(?:始)?点(?:的)?(?:网格)?|"  # "4500个起点的网格": how a fit was started, not x_min
    r"(?:判断|填空|解答|选择)题|"  # an exercise's type: 判断题 asks for no verdict
    r"\bmaximum[- ]likelihood\b|"  # the estimator, not the largest value
    # "when tested against 1", "the p-value when you are testing": a conjunction, not the
    # inflection's "when"
    r"\bwhen(?=\s+(?:tested|testing|compared|comparing|fitted|fitting|checked|checking|"
    r"measured|regressed|using|used|you|we|I|they|one)\b)|"
    # "when the exponent was tested against 1": the same in the passive voice
    r"\bwhen(?=[^.?!]{0,60}\b(?:was|were|is|are|being)\s+(?:tested|compared|fitted|checked|"
    r"measured|regressed)\b)|"
    # a closing courtesy ("Cheers.", "Thanks!") says nothing about what is asked
    r"(?<=[.?!]\s)(?:cheers|thanks|thank you|many thanks)[.!]*\s*$|"
    # "what's missing is", "the one I'm missing is": asks for what follows, no forecast's miss
    r"\bwhat(?:'s|\s+is)\s+missing\b|\b(?:I|we)(?:'m|'re|\s+am|\s+are)\s+missing\b",
    re.I,
)
#: A log line's level pasted with the question ("[INFO] fit_neural: ...", "WARN ..."),
#: in capitals only: the "error" of "standard error" is a quantity.
_LOG_LEVEL = re.compile(r"\[?\b(?:INFO|WARN|WARNING|DEBUG|ERROR)\b\]?:?")
#: Where a value stands in a printed table: "the parameter table", "the coefficients
#: printout", 系数表, 预测表第二行, "mean 列", 那一行: its words name no quantity (系数 is
#: no prefactor here).
_TABLE_PLACE = re.compile(
    r"(?i:\b(?:parameters?|coefficients?)\s+(?:table|printout|summary|listing|output)s?\b)|"
    r"(?:系数|参数|预测|结果|汇总)表|第\s*[一二三四五六七八九十\d]{1,3}\s*[行列]|[那这]一?[行列]|"
    r"(?<![\u4e00-\u9fff])[行列](?![\u4e00-\u9fff])"
)
#: Points of a series named by how often they were taken: "16 daily points", "how many
#: daily data points", "weekly observations": the data's points. Read without "daily",
#: which alone names no result here and may name data these results lack ("S&P 500 daily
#: losses").
_TIMED_POINTS = re.compile(
    r"(?i:\b(?:daily|weekly|monthly|yearly|annual)\s+(?P<points>(?:data\s+)?points|observations)\b)"
)


def _as_data_points(match: re.Match[str]) -> str:
    """The words of :data:`_TIMED_POINTS` without how often: "data points", "observations"."""
    points = match.group("points")
    return "data points" if points.lower() == "points" else points


#: A homework's numbering ("hw q3:", "ex. 2b"): no content.
_NUMBERING = re.compile(r"^(?:q|ex|hw|no)\d{1,2}[a-z]?$")
#: The compute-optimal sizes by their symbols (Hoffmann et al. 2022: N_opt, D_opt; also
#: N*, Nopt), read as the words they stand for: the bare N or D would be the law's input.
_OPTIMAL_SYMBOL = re.compile(
    r"(?<![A-Za-z0-9])([NnDd])(?:_?opt(?:imal)?|\*)(?![A-Za-z0-9])|"
    r"\b(?:optimal|compute-optimal)\s+([ND])(?![A-Za-z0-9])"  # "optimal D at 1e21 FLOPs"
)
#: The user's symbol after an optimum named in Chinese (最优的训练token数D, 最优参数量N): the
#: quantity is named; the letter is not another symbol to find.
_OPTIMAL_NAMED = re.compile(
    r"(最优的?[^\s，。？?]{0,6}?(?:token数|词元数|参数量|参数数|数据量)\s*)([ND])(?![A-Za-z0-9])"
)
_OPTIMAL_WORDS = {"n": " compute-optimal model size ", "d": " compute-optimal training tokens "}
#: A neural law's input named by its letter as what an exponent is on: "the exponent on
#: D", "the power of N", "D's exponent", "N exponent", D 的指数, N的幂 (Hoffmann et al. 2022:
#: L = E + A/N^alpha + B/D^beta): the data or the model-size exponent, not a symbol to find.
_EXPONENT_ON_INPUT = re.compile(
    r"(?i:exponent|power|index)\s+(?:on|of|for|over|to|applied\s+to|attached\s+to)\s+(?:the\s+)?"
    r"(?P<on>[ND])(?![\w^])|"
    r"(?<![\w.])(?P<own>[ND])(?:'s|’s)?\s+(?i:exponent|power)\b|"
    r"(?<![\w.])(?P<zh>[ND])\s*(?:的|上的)?\s*(?:指数|幂次?|次方)"
)
_INPUT_CONCEPTS = {"N": "model_size", "D": "data_size"}
_GREEK = {"α": "alpha", "β": "beta"}
#: "±", "+/-", "+-": the uncertainty written beside a value (its standard error), in words.
_PLUS_MINUS = re.compile(r"±|\+\s?/\s?-|\+-")


@dataclass(frozen=True)
class Query:
    """What a question asks (see :func:`understand`)."""

    text: str
    concepts: dict[str, float] = field(default_factory=dict)
    groups: tuple[tuple[frozenset[str], str], ...] = ()  # each phrase's concepts, and the phrase
    soft: frozenset[str] = frozenset()  # concepts soft for this question (_reading.reread)
    head: frozenset[str] = frozenset()  # the concepts the question asks for ("what loss")
    # phrases said away from the asked one ("Source? ... What goodness-of-fit p-value ...")
    away: frozenset[tuple[frozenset[str], str]] = frozenset()
    symbols: frozenset[str] = frozenset()
    flags: frozenset[str] = frozenset()
    not_computed: tuple[str, ...] = ()
    laws: frozenset[str] = frozenset()
    methods: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()
    link: dict[str, float] = field(default_factory=dict)  # subject key -> score
    phrased: frozenset[str] = frozenset()  # subjects named by a phrase (alias, label, column)
    unfitted: dict[str, tuple[str, ...]] = field(default_factory=dict)  # key -> words
    mentions: Mentions = field(default_factory=lambda: mentions(""))
    words: frozenset[str] = frozenset()  # every word of the question (lower case)
    distinct: frozenset[str] = frozenset()  # catalogue subjects named by their own aliases
    unexplained: tuple[str, ...] = ()
    proper: tuple[str, ...] = ()  # unexplained words written with a capital
    entities: tuple[str, ...] = ()  # unexplained words that name something
    absent: tuple[str, ...] = ()  # words only catalogue data sets without a result hold
    matched: tuple[str, ...] = ()  # the phrases that were understood
    cited: frozenset[str] = frozenset()  # names written as a citation ("Hoffmann et al.")
    files: tuple[str, ...] = ()  # file names no result carries ("my_runs_final.csv")
    steps: frozenset[int] = frozenset()  # forecast steps named ("h3", "3 days ahead", 提前3天)

    @property
    def asked(self) -> str:
        """The question without the sentences that tell a story, blanked in place.

        Their places, years and measured words are not asked (:func:`._context.story`),
        nor those of a result declined, had or taken back ("不是城市，是恐怖袭击：", "I have
        the flares one, what's the other one?", 叶寿命，不对，是哺乳动物脑重), nor a
        publication's year ("published ... from 1920").
        """
        apart = [
            *declined(self.text),
            *already_had(self.text),
            *corrected(self.text),
            *publication_years(self.text),
        ]
        return _blanked(story(self.text), apart)

    @property
    def linked(self) -> list[tuple[str, float]]:
        """Subjects the question names, best first."""
        return sorted(((k, v) for k, v in self.link.items() if v > 0), key=lambda kv: -kv[1])


@dataclass(frozen=True)
class _SubjectContext:
    """What reading a question needs of its subjects, built once per set of subjects.

    The phrase table (the vocabulary's phrases and the subjects' names), the stems a
    spelling correction leaves alone, the content words it corrects into (never a
    function word: "wars" is not "was"), the known names (:func:`known_names`) and the
    words' weights (:func:`scalinglaws.ask.names.word_weights`).
    """

    table: PhraseTable
    known: frozenset[str]
    spelling: Spelling
    names: frozenset[str]
    weights: dict[str, float]
    written: Mapping[str, frozenset[str]]  # a data set with no result: its names as written


_CONTEXTS: IdentityMemo[_SubjectContext] = IdentityMemo()


def _subject_context(subjects: Sequence[Subject]) -> _SubjectContext:
    def build() -> _SubjectContext:
        lex = lexicon()
        table = _table(subjects)
        return _SubjectContext(
            table=table,
            known=frozenset(table.stems() | lex.function_en),
            spelling=Spelling.of(
                w for w in table.vocabulary if not lex.is_function(Token(w, w, 0, 0))
            ),
            names=known_names(tuple(subjects)),
            weights=word_weights(subjects),
            written={s.key: _written_names(s) for s in subjects if s.label is None},
        )

    return _CONTEXTS.get(tuple(id(s) for s in subjects), tuple(subjects), build)


def _table(subjects: Sequence[Subject]) -> PhraseTable:
    lex = lexicon()
    table = PhraseTable(
        en={k: dict(v) for k, v in lex.table.en.items()},
        zh={k: dict(v) for k, v in lex.table.zh.items()},
        vocabulary=set(lex.table.vocabulary),
    )
    for subject in subjects:
        for phrase, weight in subject.phrases.items():
            table.add(phrase, f"subject:{subject.key}", weight)
        for column, names in subject.unfitted.items():
            for phrase in names:
                table.add(phrase, f"unfitted:{subject.key}:{column}")
        for word in subject.words:
            table.vocabulary.add(word)
        for name, published_as in people(subject.meta).items():
            table.add(name, f"person:{published_as}")
    return table


#: A forecast step by its name ("h3": the forecast's third row).
_STEP_NAME = (
    r"(?i:\bstep\s+)?(?<![A-Za-z0-9_])[hH]([1-9]\d?)(?![A-Za-z0-9_])|"
    r"(?i:\bstep\s+)([1-9])(?![\d.])"  # "at step h4", "step 4"
)
#: A forecast's day by its place: "its second day", "the last forecast day", "the third
#: step", 第二天, 第七步, 最后一天.
_ORDINAL_DAY = (
    rf"(?i:\b(?P<en>{'|'.join(ORDINAL_WORDS)}|last|final)\s+(?:forecast(?:ed)?\s+)?(?:day|step)\b)|"
    r"第(?P<zh>[一二三四五六七八九十])(?:天|步)|(?P<last>最后一天|最后那天|最后一步)"
)
#: An exercise's item label, a ticket's number, a sample size stated or a reference's
#: address: no symbol, name or input ("Exam question 3(a):", "INC-4471 postmortem", "(2013,
#: n=381)", "[leitao2016]", "@hoffmann2022training", "arXiv:0706.1062", a DOI or a URL).
_BOOKKEEPING = re.compile(
    r"(?<=\d)\([a-z]\)|^\s*\([a-z]\)(?=\s)|"
    r"\b[A-Z]{2,6}-\d{3,6}\b|"  # a ticket's number (INC-4471, OPS-212; not GPT-4)
    # a spreadsheet's cell ("Comment on cell D4", "批注（单元格B3）", "批注E2", "A12格")
    r"(?i:\bcells?\s+)[A-Z]{1,2}\d{1,5}\b|(?:单元格|批注)\s*[A-Z]{1,2}\d{1,5}|[A-Z]{1,2}\d{1,5}(?=格)|"
    r"\bn\s*=\s*\d[\d,]*|"  # a sample size stated ("2013, n=381"): no input
    # a time of day and a weekday's date ("the 4:15 appointment on Tuesday the 9th",
    # 周五中午12点前): when the user is busy, no input
    r"(?<![\d:])\d{1,2}:\d{2}(?:\s*[AaPp]\.?[Mm]\.?)?(?![\d:])|"
    r"(?i:\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\s+the\s+\d{1,2}(?:st|nd|rd|th)\b)|"
    r"(?:上午|下午|中午|晚上|早上|凌晨|今晚|明早|明晚)\s*\d{1,2}\s*点(?:半|\d{1,2}分?)?|"
    r"\d{1,2}\s*点(?:半|\d{1,2}分?)?(?=\s*(?:之?前|以前|开会|见|的会))|"
    # a date's format said beside it ("12.02.2020 (day.month.year)", "(dd/mm/yyyy)")
    r"(?i:[(（]\s*(?:day|dd|month|mm|year|yyyy)(?:\s*[./-]\s*(?:day|dd|month|mm|year|yyyy)){2}\s*[)）])|"
    rf"{_STEP_NAME}|"  # a forecast step's name (forecast_steps)
    rf"{_ORDINAL_DAY}|"  # a forecast's day by its place
    # a citation key (author, year, first word; not a published group such as epoch2024_headline)
    r"(?:引用键\s*)?@?(?<![A-Za-z0-9_])[a-z]+(?:19|20)\d\d[a-z]*(?![A-Za-z0-9_])|"
    r"(?i:\barxiv:\s*\d{4}\.\d{4,5}(?:v\d+)?|\bdoi:\s*\S+|\b10\.\d{4,9}/\S+|https?://\S+)"
)


def _symbols(text: str, names: Sequence[str]) -> tuple[set[str], str]:
    """Symbols standing alone in ``text``; returns them and the text with them blanked.

    One-letter names match with their case and only where they read as a symbol:
    after a word that introduces a parameter ("exponent a", "coefficient B") or
    before a question mark, comma, "=" or the end ("what is E?"); "a" and "A" at a
    sentence start are articles.
    """
    found: set[str] = set()
    for greek, name in _GREEK.items():
        if greek in text:
            found.add(name)
            text = text.replace(greek, " " * len(greek))
    for name in sorted(names, key=len, reverse=True):
        if len(name) > 2 and name.isalpha():  # alpha, beta: any case
            pattern = re.compile(rf"(?<![A-Za-z0-9_]){name}(?![A-Za-z0-9_])", re.I)
        else:
            pattern = re.compile(rf"(?<![A-Za-z0-9_'’-]){re.escape(name)}(?![A-Za-z0-9_'’-])")
        for match in list(pattern.finditer(text)):
            if len(name) == 1 and not _reads_as_symbol(text, match.start(), match.end(), name):
                continue
            found.add(name.lower() if len(name) > 2 else name)
            text = text[: match.start()] + " " * (match.end() - match.start()) + text[match.end() :]
    return found, text


_INTRODUCED = re.compile(
    r"(exponent|prefactor|coefficient|parameter|constant|offset|rate|capacity|loss|term|"
    r"指数|系数|参数|常数)s?$",
    re.I,
)
_ENDS = re.compile(r"\s*($|[?？,，.。=:;()（）、—–]|--|[\u4e00-\u9fff])")
#: "se of B", "ci for E": an uncertainty asked of a one-letter name makes it a symbol.
_UNCERTAINTY_OF = re.compile(
    r"\b(se|ci|standard error|std error|error|interval|uncertainty)\s+(of|for|on)$", re.I
)
_THEN = re.compile(
    r"\s+(and|or|of|in|for|with|do|does|did|is|was|at|on|that|which|from|by|according|per|as|"
    r"published|fitted|estimated|reported|plausibly|lies|lie)\b|"
    # what is asked of it, right after: "census K stderr?", "GGM p std err", "B 95%区间"
    r"\s*(?i:(?:stderr|std\.?\s*err(?:or)?|standard error|s\.?e\.?|ci|se|95\s*%|"
    r"confidence|interval|uncertainty)(?![A-Za-z])|标准误|标准差|置信|区间)"
)
#: The end of a sentence, after which a capital "A" is an article ("... fit. A ...").
_SENTENCE_END = re.compile(r"[.!?:;。！？：；\"“”'‘’(（\[]$")
#: A word after a one-letter name that makes it a parameter's name ("the B coefficient").
_NAMES_IT = re.compile(
    r"\s+(exponent|prefactor|coefficient|parameter|constant|term|row|line|entry)s?\b", re.I
)  # "the B row" of a parameter table


#: A list as a noun, which stems as "listed" does: "ticking off a list", "my reading list".
_A_LIST = re.compile(r"\b(?:a|the|my|our|this|that|reading|shopping|to-do)\s+lists?$", re.I)
#: A publisher's name in the possessive right after a verb of quoting: "quote WHO's count".
_WHOSE = re.compile(r"\s+(?:[A-Z][\w.&-]*\s+){0,3}?[A-Z][\w.&-]*(?:'s|’s|')\s")
#: A law's name among a data set's aliases ("Zipf's law" of the word frequencies).
_LAW_NAMED = re.compile(r"(?i:\blaw)$|定律$|(?<![规法])律$")
#: A test named right before a "p": its p-value ("LR p", "LR test p", "LR 检验 p").
_TEST_BEFORE = re.compile(r"(?i:\blr|\blr\s+test|似然比|检验)$")


def _reads_as_symbol(text: str, start: int, end: int, name: str) -> bool:
    """Whether a one-letter name reads as a symbol.

    A one-letter name is a symbol after a word that introduces a parameter, or
    before punctuation, a Chinese character or a function word ("What E did ...");
    "a" and "A" only when introduced or before punctuation (else they are articles), and
    a capital "A" inside a sentence also before a function word ("the value of A did").
    """
    before, after = text[:start].rstrip(), text[end:]
    if name == "p" and _TEST_BEFORE.search(before):
        return False  # "the LR p", "LR 检验 p": the test's p-value
    if _INTRODUCED.search(before):
        return True
    if _UNCERTAINTY_OF.search(before) and (name != "a" or _ENDS.match(after) or _THEN.match(after)):
        return True  # "the standard error of a in ...", not "an interval for a talk"
    if name == "A" and before and not _SENTENCE_END.search(before) and _THEN.match(after):
        return True  # "What value of A did ...": a capital A inside a sentence is no article
    if name == "A" and before and not _SENTENCE_END.search(before) and _NAMES_IT.match(after):
        return True  # "the Chinchilla fit's A parameter"
    if name in ("a", "A"):
        return bool(before) and bool(_ENDS.match(after))
    if re.search(r"\bthe$", before, re.I) and re.match(r"\s+[A-Z][a-z]", after):
        return True  # "the r Pearl and Reed published": a symbol before whose it is
    return bool(_ENDS.match(after) or _THEN.match(after) or _NAMES_IT.match(after))


def understand(question: str, subjects: Sequence[Subject]) -> Query:
    """Read ``question`` against the vocabulary and the names of ``subjects``.

    Traditional Chinese characters (and full-width forms) are expected already normalized
    (:func:`scalinglaws.ask.ask` does it once, for this reading and the retrieval).
    """
    lex = lexicon()
    context = _subject_context(subjects)
    table = context.table
    question = steps_after_data(question)  # "three days after the data end": h3
    found = _inputs_named(question)
    text = _PLUS_MINUS.sub(lambda m: " plus-minus ", found.rest.replace("²", "2"))
    text = _MANNER.sub(lambda m: " " * len(m.group(0)), text)
    text = _LOG_LEVEL.sub(lambda m: " " * len(m.group(0)), text)
    text = _TABLE_PLACE.sub(lambda m: " " * len(m.group(0)), text)
    text = _TIMED_POINTS.sub(lambda m: _as_data_points(m).rjust(len(m.group(0))), text)
    text = _OPTIMAL_SYMBOL.sub(lambda m: _OPTIMAL_WORDS[(m.group(1) or m.group(2)).lower()], text)
    text = _OPTIMAL_NAMED.sub(lambda m: m.group(1) + " " * len(m.group(2)), text)
    inputs = [(m.start(g), m.group(g)) for m in _EXPONENT_ON_INPUT.finditer(text) for g in
              ("on", "own", "zh") if m.group(g)]  # fmt: skip
    for at, _ in inputs:
        text = text[:at] + " " + text[at + 1 :]
    zh_matches, rest = table.match_zh(text)
    respelt = respell(text, rest, table.zh, lex.function_zh)
    if respelt != text:  # a homophone typo (只数 for 指数): read the phrase meant
        text = respelt
        zh_matches, rest = table.match_zh(text)
    symbols, rest = _symbols(rest, lex.symbols)
    rest = _US.sub(lambda m: "US".ljust(len(m.group(0))), rest)
    rest = _YOU_ALL.sub(lambda m: "you".ljust(len(m.group(0))), rest)
    tokens = en_tokens(rest)
    tokens = correct(tokens, context.known, context.spelling, rest)
    en_matches, leftover = table.match_en(tokens, question)

    data_of = {s.key: s.dataset or s.key for s in subjects}
    named_people: set[str] = set()
    concepts: dict[str, float] = defaultdict(float)
    flags, laws, methods, kinds, absent = set(), set(), set(), set(), []
    link: dict[str, float] = defaultdict(float)
    unfitted: dict[str, list[str]] = defaultdict(list)
    matched = []
    groups: list[tuple[frozenset[str], str]] = []
    distinct: set[str] = set()
    phrased: set[str] = set()
    cue_at: dict[str, list[int]] = defaultdict(list)  # where each flag and concept was read
    stories = told(question)
    asks_from = asking_start(question)  # a later sentence that asks names what is asked
    set_apart = [*declined(question), *already_had(question)]
    apart: set[str] = set()  # results named where declined or had
    # a result taken back by a correction ("the leaflife, no, the metro GDP fit", 叶寿命，
    # 不对，是哺乳动物脑重), when another is named after it in its place: a result, a law or
    # the ensemble ("the GGM, no, the ensemble"); with nothing named after it, it still
    # names what is asked (叶寿命拟合的截距，不对，是指数b)
    corrections = corrected(question)
    taken_back: set[str] = set()
    renamed = False
    law_at: dict[str, list[int]] = defaultdict(list)
    outside: set[str] = set()  # and those named elsewhere ("not words. In the Moby Dick fit")
    asked_of: set[str] = set()  # results and data sets named outside the user's story
    for match in [*zh_matches, *en_matches]:
        matched.append(match.text)
        group = set()
        # A phrase naming results of several datasets (人口, "population": a column of
        # two) links them, but names none of them as an alias or label does.
        results = {
            data_of.get(t.removeprefix("subject:"))
            for t in table.tags_of(match)
            if t.startswith("subject:") and not t.startswith("subject:catalogue:")
        }
        for tag, weight in table.tags_of(match).items():
            kind, _, name = tag.partition(":")
            names = kind in ("subject", "law") or tag == "concept:ensemble"
            if names and not within(match.start, corrections):
                renamed = renamed or any(end <= match.start for _, end in corrections)
            if kind == "concept":
                if name == "source" and (
                    _SOURCE_PUBLISHES.match(question, match.end)
                    or _BY_THE_SOURCE.search(question, 0, match.start)
                ):
                    # "What slope did the source of MASS::mammals publish?": the publication
                    # the value is asked from, not where the data come from
                    flags.add("published")
                    cue_at["published"].append(match.start)
                    continue
                if name == "citation" and requested(question, match.start):
                    continue  # "If I were to cite the x_min", 假设我要引用: the user's act
                concepts[name] = max(concepts[name], 1.0)
                group.add(name)
                cue_at[name].append(match.start)
            elif kind == "flag":
                if name == "published" and _A_LIST.search(question, 0, match.end):
                    continue  # "ticking off a list": a list, not "listed" in a paper
                if name == "published" and (
                    own_document(question, match.start)
                    or (requested(question, match.start) and not _WHOSE.match(question, match.end))
                ):
                    # "for my report", "kindly report the R²", "suppose I quote the x_min":
                    # the user's own writing or request, not a publication ("suppose I
                    # quote WHO's count" still quotes WHO)
                    continue
                if name == "own" and within(match.start, work_label(question)):
                    continue  # "For my slide:": the user's work, not the user's data
                flags.add(name)
                cue_at[name].append(match.start)
            elif kind == "not_computed":
                if not within(match.start, stories):
                    absent.append(match.text)  # not "how much energy animals burn" of a story
            elif kind == "law":
                laws.add(name)
                law_at[name].append(match.start)
            elif kind == "method":
                methods.add(name)
            elif kind == "kind":
                kinds.add(name)
            elif kind == "subject":
                if name in context.written and not _written_as(match.text, context.written[name]):
                    continue  # "marine" stems as Marin's IsoFLOP runs do, but is not "Marin"
                if within(match.start, set_apart):
                    apart.add(name)  # "Not the GGM, the ensemble:", "I have the flares one"
                elif within(match.start, corrections):
                    taken_back.add(name)
                else:
                    outside.add(name)
                if not within(match.start, stories):
                    asked_of.add(name)
                if _LAW_NAMED.search(match.text):
                    # "Zipf's law" names the words and is the law of other data too ("Zipf's
                    # law for US cities"): a data set named beside it decides
                    weight *= 0.5
                link[name] += weight
                if asks_from and match.start >= asks_from:
                    # "Which is heavier-tailed, flares or words? Give me the flares alpha."
                    link[name] += _ASKED_AGAIN
                if len(results) == 1:
                    phrased.add(name)
            elif kind == "person":  # 皮尔 -> "pearl", a publisher's name
                named_people.add(ascii_words(name))
            elif kind == "unfitted":
                if _PROPER_NAME_GOES_ON.match(question, match.end):
                    continue  # "World Health Organization" names no "World" column
                key = name.rpartition(":")[0]
                unfitted[key].append(question[match.start : match.end])
        if group and frozenset(group) not in [g for g, _ in groups]:
            groups.append((frozenset(group), match.text))
        tags = table.tags_of(match)
        if any(t.startswith("subject:catalogue:") for t in tags) and not any(
            t.startswith("subject:") and not t.startswith("subject:catalogue:") for t in tags
        ):
            distinct.update(
                t.removeprefix("subject:") for t in tags if t.startswith("subject:catalogue:")
            )

    if renamed:  # "the GGM, no, the ensemble - median on 11 Feb?": not the GGM's
        laws -= {law for law, at in law_at.items() if all(within(a, corrections) for a in at)}
        for name in taken_back - outside:
            link.pop(name, None)
    if set(link) - apart or laws:  # "不是城市，是恐怖袭击：…", "Not the census, the GGM:"
        for name in apart - outside:
            link.pop(name, None)
    if any(not name.startswith("catalogue:") for name in asked_of):
        # a data set without a result named only in the user's story ("Lumberjack here, I
        # fell about thirty trees a week. What is ... for US blackout sizes?") is no topic
        for name in [n for n in link if n.startswith("catalogue:") and n not in asked_of]:
            link.pop(name)
            distinct.discard(name)
    # a source said only in a story ("our host said Clauset et al. published 2.4. What
    # alpha did they publish?") yields to one said where the question asks
    storied = {
        f for f in flags & {"published", "fitted"} if all(within(at, stories) for at in cue_at[f])
    }
    if flags - storied:
        flags -= storied
    unasked, unflagged, unnamed = _not_asked(question, found, cue_at, groups, symbols, renamed)
    if _THEN_WHAT.search(question):
        unasked |= {"hypothesis"}  # "Is p equal to 1? If not, what is it?": p itself
    if _SAMPLE_SIZE_N.search(question) and frozenset({"sample"}) not in [g for g, _ in groups]:
        # "how many distinct words (n) went into the fit?": n, the whole sample's size
        concepts["sample"] = 1.0
        groups.append((frozenset({"sample"}), "(n)"))
    groups = [(g, text) for g, text in groups if not g <= unasked]
    for concept in unasked:
        concepts.pop(concept, None)
    flags -= unflagged
    symbols -= unnamed
    annotations = [m.text for m in [*zh_matches, *en_matches] if _annotates(question, m)]
    if annotations and any(text not in annotations for _, text in groups):
        # "x_min (单位：千户)", "K (units: million)": the unit of the answer asked for, not
        # a question about the units
        groups = [(g, text) for g, text in groups if text not in annotations]
        kept = {c for g, _ in groups for c in g}
        concepts = defaultdict(float, {c: w for c, w in concepts.items() if c in kept})
    for _, letter in inputs:  # "the exponent on D": the data's exponent
        concept = _INPUT_CONCEPTS[letter]
        concepts[concept] = 1.0
        if frozenset({concept}) not in [g for g, _ in groups]:
            groups.append((frozenset({concept}), letter))
    groups, flags, soft = reread(question, groups, flags, symbols, found, _names_an_input(found))
    # a definition in brackets after what it defines ("n_tail (the observations at or
    # above x_min)", n_tail（x_min及以上的观测数）) describes it: its words need not be carried
    every = [*zh_matches, *en_matches]
    soft = soft | {
        c
        for g, text in groups
        if _glosses(question, [m.start for m in every if m.text == text], symbols)
        for c in g
    }
    concepts = defaultdict(float, {c: concepts.get(c, 1.0) for g, _ in groups for c in g})
    # soft words beside a budget ask for an optimum ("optimal tokens at 1e21 FLOPs"); a
    # span of years says which data were fitted ("fall within the tail, 1968 to 2006")
    only_soft = all(g <= lexicon().soft | soft for g, _ in groups)
    # the point is named where the question asks, not in a story before it ("... the 1980s
    # solar flares. ... How many flares are there in total?")
    asked = mentions(question[asking_start(question) :]) if groups else found
    only_soft = only_soft and not _names_a_budget(found) and _names_a_point(asked)
    if (not concepts or only_soft) and not symbols and _names_an_input(asked):
        # "What GDP does the fit give a metro area of 500,000 people?": a size with its
        # unit, a year or a date is where to evaluate the fit, though no word says so;
        # a soft word beside it asks nothing of its own (模型给出多少: "the model gives").
        concepts["prediction"] = 1.0
        groups.append((frozenset({"prediction"}), "an input the question names"))
    head = _head(question, tokens, [*zh_matches, *en_matches], table)
    away = _away(question, groups, head)
    left = _bag_of_words(tokens, leftover, rest, subjects, link, context)
    files = _unknown_files(question, subjects)
    words = frozenset(t.word for t in en_tokens(question)) | frozenset(matched) | named_people
    return Query(
        text=question,
        concepts=dict(concepts),
        groups=tuple(groups),
        soft=soft,
        head=head,
        away=away,
        symbols=frozenset(symbols),
        flags=frozenset(flags),
        not_computed=tuple(absent),
        laws=frozenset(laws),
        methods=frozenset(methods),
        kinds=frozenset(kinds),
        link=dict(link),
        phrased=frozenset(phrased),
        unfitted={k: tuple(v) for k, v in unfitted.items()},
        mentions=found,
        words=words,
        distinct=frozenset(distinct),
        unexplained=tuple(left.unexplained),
        proper=tuple(left.proper) + files,
        files=files,
        steps=forecast_steps(question),
        # not a word said only before the question proper (新年快乐！问个问题：…)
        entities=tuple(e for e in left.entities if asked_about(question, e)),
        absent=tuple(left.absent),
        matched=tuple(matched),
        cited=cited(question),
    )


_WH = frozenset({"what", "which", "whats"})
#: Verbs of a request whose object is the phrase asked for ("Give the p-value of ...",
#: "state the figure", "tell me the R-squared"), and the words between ("me", "the").
_REQUEST_VERBS = frozenset(
    {"give", "state", "report", "find", "tell", "quote", "provide", "compute", "calculate"}
    | {"list", "need", "want"}
)
_BEFORE_OBJECT = frozenset(
    {"me", "us", "the", "a", "an", "our", "its", "their", "your", "just", "only", "please"}
)
_ASKS_ZH = re.compile(
    r"^\s*(?:[A-Za-z_α-ω²]{1,6}\s*)?的?\s*(是多少|是什么|为多少|有多大|是哪|多少|是几|几何|是啥|多大|几多)"
)
#: A request in Chinese whose object is the phrase asked for (求其叶寿命, 请核对他们公布的增长率r).
_REQUEST_ZH = re.compile(r"(?:求|给出|核对|核实|报一下|请问)\s*(?:一下)?\s*(?:其|它的|他们的|该)?")


def _head(
    question: str, tokens: list[Token], matches: Sequence[Any], table: PhraseTable
) -> frozenset[str]:
    """The concepts of the phrase a question asks for (empty when none stands there).

    The phrase right after "what", "which" or "how many" ("What loss does the
    compute-optimal model reach?", "how many tokens"), after a request's verb ("give
    me the t statistic", 求其叶寿命), or right before 是多少 / 是什么 in Chinese, its
    symbol between or not (最优模型的损失是多少, 幂律指数α是多少).
    """
    starts = {m.end() for m in _REQUEST_ZH.finditer(question)}
    for i, token in enumerate(tokens[:-1]):
        if token.word in _WH:
            starts.add(tokens[i + 1].start)
            break
        if token.word == "how" and tokens[i + 1].word in ("many", "much") and i + 2 < len(tokens):
            starts.add(tokens[i + 2].start)  # "how many tokens"
            break
        if token.word in _REQUEST_VERBS:
            after = next((t for t in tokens[i + 1 :] if t.word not in _BEFORE_OBJECT), None)
            if after is not None:
                starts.add(after.start)
    head: set[str] = set()
    for match in matches:
        at_start = match.start in starts
        if at_start or _ASKS_ZH.match(question[match.end :]):
            head.update(
                tag.partition(":")[2] for tag in table.tags_of(match) if tag.startswith("concept:")
            )
    return frozenset(head)


def _away(
    question: str, groups: Sequence[tuple[frozenset[str], str]], head: frozenset[str]
) -> frozenset[tuple[frozenset[str], str]]:
    """The phrases said away from the phrase the question asks for (:func:`_head`).

    Not the asked phrase itself, nor one written beside it, which qualifies it
    (拟合优度p值, "the Poisson LR statistic": :func:`._context.beside`); "Source? ... What
    goodness-of-fit p-value ...": "source" is away. Empty when nothing is asked by name.
    """
    asked = [text for g, text in groups if g & head]
    if not asked:
        return frozenset()
    return frozenset(
        (g, text) for g, text in groups if not g & head and not beside(question, text, asked)
    )


#: What a result's name in the asking sentence adds to its link, when a sentence before
#: it names others too: enough to break a tie, less than any name's own weight.
_ASKED_AGAIN = 0.5


def _glosses(question: str, starts: Sequence[int], symbols: AbstractSet[str]) -> bool:
    """Whether a phrase found at ``starts`` stands only in brackets right after a symbol.

    "n_tail (the number of observations at or above x_min)": the bracket defines the
    symbol before it, so its quantity words (x_min, observations) describe that symbol.
    """
    found = False
    for start in starts:
        before = question[:start]
        opened = max(before.rfind("("), before.rfind("（"))
        if opened <= max(before.rfind(")"), before.rfind("）")):
            return False
        ahead = before[:opened].rstrip()
        if not any(re.search(rf"(?<![A-Za-z0-9_]){re.escape(s)}$", ahead) for s in symbols):
            return False  # not "Chinchilla (...)" for the symbol a
        found = True
    return found


def _annotates(question: str, match: Any) -> bool:
    """Whether a units phrase annotates the answer.

    In brackets, before a colon, or after "in (the)": "one thousand in the units of the
    data" says which units a number is in ("in what units" asks for them).
    """
    if set(lexicon().table.tags_of(match)) != {"concept:units"}:
        return False
    before = question[: match.start]
    if re.search(r"\bin(?:\s+the|\s+its|\s+their|\s+data)?\s*$", before, re.I):
        return True
    opened = max(before.rfind("("), before.rfind("（"))
    closed = max(before.rfind(")"), before.rfind("）"))
    return opened > closed or question[match.end :].lstrip().startswith((":", "："))


#: A forecast step by its name or its lead time: "h3", "3 days ahead", 提前3天, 第3天.
_STEP = re.compile(
    rf"{_STEP_NAME}|\b([1-9])\s*days?\s+ahead\b|"
    r"提前\s*([1-9])\s*天|第\s*([1-9]\d?)\s*(?:天|步)",
    re.I,
)
_ORDINAL_STEP = re.compile(_ORDINAL_DAY, re.I)
#: The step that stands for a forecast's last day, whichever its horizon.
LAST_STEP = -1


def forecast_steps(question: str) -> frozenset[int]:
    """The forecast steps a question names.

    "the ensemble's h3", "7 days ahead", 提前5天, "its second day", "the last forecast
    day", 第二天. A forecast's steps are its rows h1, h2, ... (the first day after the
    data is h1); a question naming one asks for that row rather than the first; its last
    day is :data:`LAST_STEP`.
    """
    steps = {int(next(g for g in m.groups() if g)) for m in _STEP.finditer(question)}
    for match in _ORDINAL_STEP.finditer(question):
        word = (match.group("en") or "").lower()
        if match.group("last") or word in ("last", "final"):
            steps.add(LAST_STEP)
        elif word:
            steps.add(ORDINAL_WORDS.index(word) + 1)
        else:
            steps.add("一二三四五六七八九十".index(match.group("zh")) + 1)
    return frozenset(steps)


def _names_an_input(found: Mentions) -> bool:
    """The question names a date, a year or a number with a unit word."""
    return bool(found.dates or found.days or found.years or any(n.unit for n in found.numbers))


#: A year naming which data ("the 2000 census", 2000年普查): no point to evaluate a fit at.
_CENSUS_YEAR = re.compile(r"\s*年?\s*(?:census|人口普查|普查)", re.I)


def _names_a_point(found: Mentions) -> bool:
    """The question names a point to evaluate a fit at: a date, a year or a size with its unit.

    A year on its own: not a span's end (1968 to 2006) nor a census's (the 2000 census).
    """
    sizes = [n for n in found.numbers if n.unit and not n.is_year]
    censuses = {
        int(n.value) for n in found.numbers if n.is_year and _CENSUS_YEAR.match(found.rest, n.end)
    }
    years = set(found.lone_years) - censuses
    return bool(found.dates or found.days or years or sizes)


def known_names(subjects: tuple[Subject, ...]) -> frozenset[str]:
    """Words that name something known without linking to a result.

    Words of the subjects' citations and sources (authors, journals) and of the
    names of their published groups ("gaussian_free_delta"): a question naming them
    names nothing unknown, though they link to no result.
    """
    keys = ("citation", "source", "original_source")
    texts = [str(s.meta.get(key, "")) for s in subjects for key in keys]
    texts += [name.replace("_", " ") for s in subjects for name in _group_names(s.meta)]
    return frozenset(ascii_words(t.word) for text in texts for t in en_tokens(text))


def _group_names(meta: Mapping[str, Any]) -> list[str]:
    """The keys of the nested groups of ``meta["published"]`` (not of its values)."""
    names, todo = [], [meta.get("published")]
    while todo:
        node = todo.pop()
        if isinstance(node, Mapping):
            for key, value in node.items():
                if isinstance(value, Mapping):
                    names.append(str(key))
                    todo.append(value)
    return names


#: Words after which an unknown word names a thing ("the sizes of forest fires").
_PREPOSITIONS = frozenset({"of", "for", "in", "on", "about", "from", "at", "among", "across"})
_ARTICLES = frozenset({"the", "a", "an", "all", "each", "every", "some", "my", "our", "your"})


@dataclass
class _Leftovers:
    unexplained: list[str] = field(default_factory=list)
    proper: list[str] = field(default_factory=list)
    entities: list[str] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)


def _written_names(subject: Subject) -> frozenset[str]:
    """A subject's names in lower case, hyphens and runs of spaces as one space."""
    return frozenset(_plain_phrase(phrase) for phrase in subject.phrases)


def _plain_phrase(text: str) -> str:
    return re.sub(r"[-\s]+", " ", text.lower()).strip()


def _written_as(text: str, names: AbstractSet[str]) -> bool:
    """Whether ``text`` (a phrase matched by its stems) is written as one of ``names``.

    Up to a plural's "s", hyphens and spaces: "ladders" is Marin's "scaling ladder",
    "OpenAthena" its "Open-Athena", "marine" is not its "Marin". Chinese text is matched
    as written already.
    """
    if has_cjk_char(text):
        return True
    asked = _plain_phrase(text)
    plurals = {asked.removesuffix("s"), asked.removesuffix("es"), asked + "s", asked + "es"}
    joined = {name.replace(" ", "") for name in names}
    return bool(({asked} | plurals) & names or asked.replace(" ", "") in joined)


def _unfitted_only(owners: Sequence[Subject]) -> bool:
    """Whether a word belongs only to catalogue datasets no result was fitted to.

    Such a word ("ladder" of Marin's scaling-ladder runs, 阶梯) names something these
    results do not hold, though too weakly to link the question to that dataset.
    """
    return bool(owners) and all(s.label is None for s in owners)


def _not_asked(
    question: str,
    found: Mentions,
    cue_at: Mapping[str, list[int]],
    groups: Sequence[tuple[frozenset[str], str]],
    symbols: set[str],
    renamed: bool = False,
) -> tuple[set[str], set[str], set[str]]:
    """The concepts, flags and symbols a question reads but does not ask for.

    * a quantity declined ("the t statistic, not the p") or named as the basis ("going by
      the initial growth rate"), when another is asked (:mod:`scalinglaws.ask._context`);
    * an optimum read only from "should" without a compute budget ("what rate should a
      70 kg animal have?": the fit's value there; only a neural law has an optimum);
    * the published value and a citation named only in a context sentence before the
      asking one ("The authors claim ... . Which interval do you get?"), only in a
      label (本报告测算口径：…, 批改学生报告：…) or only where declined ("the refit, not the
      paper's");
    * a quantity quoted back with its approximate value ("Chinchilla拟合的A约478，那B是多少？",
      :func:`._context.stated`) or its value ("The GGM's r is 1.864. What is its p?",
      :func:`._context.quoted_back`), when another is asked;
    * a quantity named only in a story told before the asking sentence ("... which got my
      daughter asking how much energy animals burn. ... what metabolic rate ...?",
      :func:`._context.story`), when another quantity is asked;
    * "actually", "the actual value", 实际值 as an intensifier ("what alpha did your fit
      actually find?", "... is 0.66. What did the fit actually give?"), whenever anything
      else is asked, be it only in a claim before it.
    """
    concepts = {c for g, _ in groups for c in g}
    intensified = {
        c for c in concepts
        if cue_at.get(c) and all(_INTENSIFIER.match(question, at) for at in cue_at[c])
    }  # fmt: skip
    concepts -= intensified
    # "以人数（persons）为单位的β", "美国停电，单位千户。拟合的x_min？": the unit a value is
    # said in, or the data's, told before the asking sentence, when another is asked
    asking = asking_start(question)
    in_units = {
        c
        for c in concepts & {"units"}
        if cue_at.get(c)
        and all(
            _IN_UNITS.search(question, 0, at)
            or _NUMBER_IN_UNITS.search(question, 0, at)
            or _UNIT_TOLD.match(question, at)
            or at < asking
            for at in cue_at[c]
        )
    }
    concepts -= in_units
    bases = basis(question)
    if cue_at.get("probability") and not all(within(at, bases) for at in cue_at["probability"]):
        # "how likely is an exponent of 1.12, going by the test's p-value?": the chance
        # asked is the p-value named as its basis
        bases = [(a, b) for a, b in bases if not P_VALUE.search(question, a, b)]
    aside = [*negated(question), *bases, *told(question), *stated(question)]
    quoted = quoted_back(question)
    if quoted and _asks_beside(question, cue_at, concepts, symbols, [*aside, *quoted]):
        aside += quoted  # "The GGM's r is 1.864. What is its p?"
    unasked = {c for c in concepts if cue_at.get(c) and all(within(at, aside) for at in cue_at[c])}
    # a correction takes back the quantity, not the alternative it is tested against
    # ("幂律对比指数分布的p值——我是说似然比统计量": the ratio against the exponential) nor
    # the forecast it is of (集成预测2月7日的中位数，哦不，是它的标准误: the ensemble's),
    # unless another result is named in its place ("the ensemble, sorry, the US census fit")
    retracts = retracted(question)
    kept = [span for span in aside if span not in retracts]
    of_what = set() if renamed else _OF_WHAT
    unasked -= {
        c for c in unasked
        if (c.startswith("alt:") or c in of_what) and not all(within(at, kept) for at in cue_at[c])
    }  # fmt: skip
    unnamed = _only_in(question, aside, symbols) if aside else set()
    if unasked == concepts and not symbols - unnamed and not _names_a_point(found):
        # nothing left to ask, unless an input is named: "... how metabolism scales with
        # size. With the metabolism.csv fit, what metabolic rate for an animal of 40 kg?"
        # asks for the prediction there; nor a symbol taken back with nothing after it
        # ("恐怖袭击数据alpha的点估计——我是说标准误": alpha's standard error)
        unasked, unnamed = set(), set()
    if not concepts - unasked and not symbols - unnamed:
        unnamed = set()
    declined = _only_in(question, negated(question), symbols)
    if symbols - declined:  # "Chinchilla fit: not A, I want B.", told before "What value?"
        unnamed |= declined
    held = _said_in(question, already_had(question), symbols)
    if symbols - held:  # "alpha and beta; I've got alpha, so what's the other one's ...?"
        unnamed |= held
    if concepts or symbols:
        unasked |= intensified | in_units  # "what did the fit actually give?" after a claim
    else:
        concepts |= intensified | in_units
    if _should_only(question, cue_at.get("optimal", [])) and not _names_a_budget(found):
        unasked.add("optimal")
    cues = cue_at.get("published", [])
    # said only in a label or a declined stretch ("the refit, not the paper's")
    labelled = bool(cues) and all(
        within(at, [*told(question), *negated(question), *reporting(question)]) for at in cues
    )
    unflagged = {"published"} if said_before_asking(question, cues) or labelled else set()
    # "Standard error of the flares alpha — sorry, I mean the point estimate": taken back
    # for the estimate (not "the stderr of K -- no wait, of r --": r's standard error)
    if retracts and _POINT_ESTIMATE.search(question, max(end for _, end in retracts)):
        unflagged |= {
            flag for flag in ("stderr", "interval")
            if cue_at.get(flag) and all(within(at, retracts) for at in cue_at[flag])
        }  # fmt: skip
    if _cited_aside(question, cue_at, concepts - unasked, symbols - unnamed):
        unasked.add("citation")
    if _compares_nothing(question, cue_at.get("compare", []), concepts):
        unasked.add("compare")
    return unasked, unflagged, unnamed


#: The words before a unit said for a value: 以…为单位, 按…为单位 (为 right before 单位).
_IN_UNITS = re.compile(r"为\s*$")
#: A unit said, not asked: 单位千户, 单位：年, 单位为千人 (not 单位是什么, 什么单位, 单位？).
_UNIT_TOLD = re.compile(
    r"单位\s*[：:为是]?\s*(?!是?什么|是啥|呢|吗)[\u4e00-\u9fffA-Za-z/%²³]{1,4}(?![\u4e00-\u9fff]*[吗？?])"
)
#: A number right before the unit word it is said in, with a word or two of what is
#: counted between: "a quake of 10 thousand intensity units or more", "5 units".
_NUMBER_IN_UNITS = re.compile(
    r"\d[\d.,]*\s*(?i:thousand|million|billion|k)?\s+(?:[A-Za-z-]+\s+){0,2}$|"
    # "at least five, in the data's units of thousands": the units a number is said in
    r"(?i:\bin\s+(?:the\s+)?(?:data'?s|its|their|these|those|native|original|its\s+own)\s+$)"
)


#: A description of the data in brackets before the question's colon, a list of its
#: traits (a comma inside; not "step h5 (10 February 2020):"), whose numbers are no
#: inputs ("smatr leaflife (67 species, lifespan in years vs LMA in g/m2): ...",
#: 叶寿命数据（67种植物，寿命单位年）：…); its words still name the data.
_DATE_PART = re.compile(
    r"\d|(?i:\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b\.?)"
)
_DESCRIBED = re.compile(
    r"[(（][^()（）?？:：]{1,100}[,，;；][^()（）?？:：]{1,100}[)）](?=\s*[:：])"
)


#: Concepts that say what a quantity is of, not which quantity: kept when a correction
#: takes the quantity back.
_OF_WHAT = frozenset({"ensemble"})


def _spaces(match: re.Match[str]) -> str:
    return " " * len(match.group(0))


def _inputs_named(question: str) -> Mentions:
    """The dates and numbers ``question`` names as inputs (:func:`.numbers.mentions`).

    Not its bookkeeping (a ticket's number, a cell, a citation key, a publication's year);
    dates said relative to another as the date they name
    (:func:`._relative_dates.absolute`); without a date or number taken back for another
    ("on 10 February — I mean 11 February"), a date of a value quoted back when another
    is named ("…2月8日的中位数是37525，那2月10日的…"), and a number of the user's story
    when the question names another of its kind ("I count four hundred ewes. ... a value
    of 5 or more?").
    """
    numbered = absolute(week_dates(_BOOKKEEPING.sub(lambda m: " " * len(m.group(0)), question)))
    numbered = _blanked(numbered, publication_years(numbered))
    numbered = _DESCRIBED.sub(lambda m: _DATE_PART.sub(_spaces, m.group(0)), numbered)
    numbered = _blanked(numbered, retracted_values(question))
    dates = date_spans(numbered)
    quoting = quoted_back(question)
    quoted = [(start, end) for start, end in dates if within(start, quoting)]
    if quoted and len(quoted) < len(dates):
        numbered = _blanked(numbered, quoted)
    found = mentions(numbered)
    retold_at = retold(question)
    units = {n.unit for n in found.numbers if not within(n.start, retold_at)}
    users = [
        (n.start, n.end) for n in found.numbers if within(n.start, retold_at) and n.unit in units
    ]
    return mentions(_blanked(numbered, users)) if users else found


def _blanked(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """``text`` with the ``spans`` written as spaces (positions keep their meaning)."""
    for start, end in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def _asks_beside(
    question: str,
    cue_at: Mapping[str, list[int]],
    concepts: set[str],
    symbols: set[str],
    aside: list[tuple[int, int]],
) -> bool:
    """Whether a quantity or a symbol is named outside the ``aside`` stretches."""
    named = any(not within(at, aside) for c in concepts for at in cue_at.get(c, []))
    return named or bool(symbols - _only_in(question, aside, symbols))


#: "actually find", "actually publish", 实际检验, "the actual value", 实际值: an intensifier, not
#: the actual value ("what did WHO actually report", 实际报告 ask for the value observed).
_INTENSIFIER = re.compile(
    r"actually\b(?!\s+(?:report|observ|record|reach|count|confirm)\w*)|"
    r"actual(?=\s+(?:value|figure|number|estimate|fitted|published)\b)|"
    r"实际(?=检验|拟合|估计|算出|得到|给出|值|数值|发表|判定|结论|结果|样本)|"  # 实际检验的p值
    r"实际(?=是|为|等于|多少)|"  # 听说…有500个事件，n_tail实际是多少
    r"实际(?:上|的(?!确诊|观测|病例|报告|人数|数据|数))",  # 我以为…，实际的p值: the fit's own
    re.I,
)


def _cited_aside(
    question: str, cue_at: Mapping[str, list[int]], concepts: set[str], symbols: set[str]
) -> bool:
    """Whether "cite" (引用, 出处) is said in a clause of its own, apart from what is asked.

    "Line 212 of the submission cites Clauset et al. ... . What x_min ...?",
    "课件里要引用：太阳耀斑的 p 值是多少", "……是多少？我要在幻灯片上注明出处": the user cites;
    the question asks for the other quantity (a concept or a symbol, when "cite" is the
    verb of a reported clause: "The authors cite Hoffmann et al.; what is the published
    beta there?").
    """
    places = cue_at.get("citation", [])
    if places and all(within(at, reporting(question)) for at in places):
        return bool(concepts - {"citation"} or symbols)  # "The authors cite ...; what beta?"
    others = [at for c in concepts - {"citation"} for at in cue_at.get(c, [])]
    if not places or not (others or symbols):
        return False
    if said_before_asking(question, places):
        return True
    # the verb, not the noun: "citations to scientific papers" names Clauset's data set
    verbs = [at for at in places
             if question[at:].lower().startswith(("cite", "citing", "引用", "出处"))]  # fmt: skip
    cited = {clause_of(question, at) for at in verbs}
    return len(verbs) == len(places) and cited.isdisjoint(clause_of(question, at) for at in others)


def _compares_nothing(question: str, places: list[int], concepts: set[str]) -> bool:
    """Whether "compare" (比较, 对比) is only the user's own comparison.

    A likelihood-ratio comparison names an alternative (the lognormal, 指数分布) or the
    likelihood ratio; "Our release compares with the census logistic: what carrying
    capacity ...?" or "Quick comparison for the deck: ..." asks for no such test.
    """
    if not places or any(c.startswith("alt:") or c in ("lr", "ks") for c in concepts):
        return False
    return len(concepts) > 1 and all(
        question[at : at + 6].lower().startswith(("compar", "比较", "对比")) for at in places
    )


#: A publication's part ("Table 3", "Fig. 2"): a place in a source, not a name.
_PART_OF_A_SOURCE = re.compile(r"(?:table|tab|figure|fig|eq|equation|appendix|section)$", re.I)
#: What numbers a part of a source: "Table A9", "Fig. 3".
_NUMBERED = re.compile(r"\.?\s*[A-Z]?\d")
#: A capitalized word after a name: the name is part of a longer proper name.
_PROPER_NAME_GOES_ON = re.compile(r"[ ]+[A-Z][a-z]+")
#: A file name ("my_runs_2025.csv", followers.txt).
_FILE = re.compile(
    r"(?<![A-Za-z0-9_.-])[A-Za-z0-9_.-]+\.(?:csv|tsv|txt|json|parquet|xlsx?|feather|npz|npy)"
    r"(?![A-Za-z0-9_])",  # not \b: Chinese may follow at once (my_runs.csv拟合的)
    re.I,
)


def _unknown_files(question: str, subjects: Sequence[Subject]) -> tuple[str, ...]:
    """File names the question names that are no result's label (a file not fitted)."""
    labels = {str(s.label).lower() for s in subjects if s.label}
    return tuple(m.group(0) for m in _FILE.finditer(question) if m.group(0).lower() not in labels)


def _should_only(question: str, places: list[int]) -> bool:
    """Whether the optimum was read only from "should" ("how big should the model be")."""
    return bool(places) and all(question[at : at + 6].lower() == "should" for at in places)


def _names_a_budget(found: Mentions) -> bool:
    """The question names a compute budget, a model size or a token count."""
    return any(n.unit in ("flops", "params", "tokens") for n in found.numbers)


def _only_in(text: str, spans: list[tuple[int, int]], names: set[str]) -> set[str]:
    """The ``names`` written as symbols only inside ``spans`` of ``text``."""
    return {
        name
        for name, places in _symbol_places(text, names).items()
        if places and all(within(at, spans) for at in places)
    }


def _said_in(text: str, spans: list[tuple[int, int]], names: set[str]) -> set[str]:
    """The ``names`` written as symbols inside ``spans`` of ``text`` (anywhere else too)."""
    return {
        name
        for name, places in _symbol_places(text, names).items()
        if any(within(at, spans) for at in places)
    }


def _symbol_places(text: str, names: set[str]) -> dict[str, list[int]]:
    """Where each of ``names`` is written as a symbol in ``text`` (beta also as β)."""
    letters = {name: letter for letter, name in _GREEK.items()}
    out = {}
    for name in names:
        written = "|".join(re.escape(n) for n in (name, letters.get(name)) if n)
        pattern = re.compile(rf"(?<![A-Za-z0-9_])(?:{written})(?![A-Za-z0-9_])")
        out[name] = [m.start() for m in pattern.finditer(text)]
    return out


def _bag_of_words(
    tokens: list[Token],
    leftover: list[Token],
    rest: str,
    subjects: Sequence[Subject],
    link: dict[str, float],
    context: _SubjectContext,
) -> _Leftovers:
    """Credit subjects for leftover words, and find the words nothing explains.

    Credit subjects for the leftover words of their titles and descriptions, and
    sort out the words nothing explains: those written with a capital (or holding a
    digit) and those following a preposition name something (``entities``), as do
    words only datasets without a result are described by.
    """
    lex = lexicon()
    weights, known = context.weights, context.names
    out = _Leftovers()
    unknown_at: set[int] = set()
    for token in leftover:
        if lex.is_function(token) or token.word.isdigit() or _NUMBERING.match(token.word):
            continue
        if SYMBOL_LIKE.match(token.word) and _INTRODUCED.search(rest[: token.start].rstrip()):
            continue  # "the prefactor Y0": the user's symbol for the quantity named
        owners = [s for s in subjects if token.stem in s.words]
        for subject in owners:
            link[subject.key] += WORD_WEIGHT * weights.get(token.stem, 0.0)
        # a verb opening a clause ("Analysing the ensemble forecast: ...") names no data
        written = rest[token.start : token.end]  # as written, not as spelling corrected it
        opens = written.lower().endswith("ing") and starts_sentence(rest, token.start)
        # "Clauset et al.'s published table" is the paper's, not a data set of tables
        # ("Chinchilla Table A9" is one: a part numbered)
        unnumbered_part = bool(_PART_OF_A_SOURCE.match(written)) and not _NUMBERED.match(
            rest, token.end
        )
        if _unfitted_only(owners) and not opens and not unnumbered_part:
            out.entities.append(rest[token.start : token.end])
            out.absent.append(rest[token.start : token.end])
        if owners or ascii_words(GREEK_LETTERS.get(token.word, token.word)) in known:
            continue
        out.unexplained.append(token.word)
        unknown_at.add(token.start)
        original = rest[token.start : token.end]
        named = names_something(
            original, at_start=starts_sentence(rest, token.start), after=rest[token.end :]
        )
        # not "my MPH assignment" (the user's own) nor "Table 3" (a part of a paper)
        if named and not own_document(rest, token.start) and not _PART_OF_A_SOURCE.match(original):
            out.proper.append(original)
    for i, token in enumerate(tokens):
        if token.start not in unknown_at:
            continue
        j = i - 1
        while j >= 0 and (tokens[j].start in unknown_at or tokens[j].word in _ARTICLES):
            j -= 1
        original = rest[token.start : token.end]
        # the preposition's object lies in its own clause ("from 3/4? Just ..." is not)
        after_preposition = (
            j >= 0
            and tokens[j].word in _PREPOSITIONS
            and not CLAUSE_END.search(rest[tokens[j].end : token.start])
        )
        if after_preposition or original in out.proper:
            out.entities.append(original)
    for run in cjk_leftovers(rest, lex.function_zh):
        covered = [False] * len(run)
        for i in range(len(run) - 1):
            gram = run[i : i + 2]
            owners = [s for s in subjects if gram in s.bigrams]
            for subject in owners:
                link[subject.key] += WORD_WEIGHT * weights.get(gram, 0.0)
            if owners:
                covered[i] = covered[i + 1] = True
            if _unfitted_only(owners):
                out.entities.append(gram)
                out.absent.append(gram)
        segment = ""
        for char, seen in zip([*run, ""], [*covered, True], strict=True):
            if not seen:
                segment += char
                continue
            if len(segment) >= 2:
                out.unexplained.append(segment)
                out.entities.append(segment)
            segment = ""
    return out
