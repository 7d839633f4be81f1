"""What a question says before it asks: context sentences and the user's own documents.

A reviewer writes "The authors claim the interval excludes one. Which interval do you
get?"; a writer "For my report on the methods section: what is the standard error
...?". The words of the first sentence (or of "my report") set the scene; they do not
ask for the literature's value, and a citation a context sentence mentions ("Line
212 of the submission cites Clauset et al. ...") is not what is asked for:

* :func:`asking_start`: where the asking sentence starts, the last one that asks (a
  sentence ends at a full stop, question or exclamation mark, not inside a number or an
  abbreviation such as "et al.", or at a Chinese comma before a request: …，敬请提供…);
* :func:`story`: the question without the sentences before the asking one that tell
  the user's story or report a claim ("I work in Japan.", "A viral post says ...") and
  without its labels ("Copy-edit check:", 【行业深度】); :func:`told`: those stretches;
  :func:`asked_about`: whether a name is said outside them (and outside a declined
  stretch);
* :func:`asks`: whether a stretch asks something (a question mark, an interrogative word,
  a request);
* :func:`said_before_asking`: whether every place a cue was found lies before it;
* :func:`clause_of`: which clause (sentences, also split at colons and semicolons) holds
  a place ("课件里要引用：…" cites in one clause and asks in the next);
* :func:`own_document`: whether a word is preceded by "my"/"our" (我的, 我们的) or is
  文献综述, so that "my report" or "our paper" is the user's own writing, not a
  publication, and
  :func:`requested`: whether it is a request's verb ("kindly report", "please quote");
* :func:`negated`: the stretches a question declines ("the t statistic, not the p";
  "rather than the exponent"; 不是指数), whose quantities are not asked for;
* :func:`retracted`: the stretches its asker takes back ("the intercept, no wait, the
  standard error", 截距，不对，是指数), which :func:`negated` declines too, and
  :func:`retracted_values` the dates and numbers replaced ("on 10 February — I mean 11
  February");
* :func:`basis`: the stretches that say what an answer is to be computed from ("how
  long to double, going by the initial growth rate"), not what is asked, and
  :func:`publication_years` the years a value was published ("published ... from 1920");
* :func:`within`: whether a position lies inside one of such stretches;
* :func:`beside`: whether a phrase is written beside another, in the same noun phrase
  ("the Poisson LR statistic", 拟合优度p值), not elsewhere in the question;
* :func:`stated`: the stretches that state a value back ("A约478", "K of about 197") or
  write a formula out ("brain = a·body^b"), whose quantities are not what is asked.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from scalinglaws.ask.lexicon import has_cjk_char
from scalinglaws.ask.numbers import last_value

__all__ = [
    "CLAUSE_END",
    "SMALL_TALK_TURN",
    "already_had",
    "as_a_word",
    "asked_about",
    "asking_start",
    "asks",
    "basis",
    "beside",
    "clause_of",
    "corrected",
    "declined",
    "negated",
    "own_document",
    "paraphrased",
    "publication_years",
    "quoted_back",
    "remembered",
    "requested",
    "retold",
    "retracted",
    "retracted_values",
    "said_before_asking",
    "sentences",
    "starts_sentence",
    "stated",
    "story",
    "told",
    "within",
    "work_label",
]

#: A sentence's end: ". ", "? ", "! " (then a capital, a digit, a quote or CJK text),
#: 。？！ anywhere, or a Chinese comma before a request (…，敬请提供…, …，请给出…).
_END = re.compile(
    r"(?<=[.?!])\s+(?=[\"'“‘(\[A-Z0-9\u4e00-\u9fff])|(?<=[。？！])|"
    r"(?<=[.?!])(?=[\u4e00-\u9fff])|"  # NFKC writes ？ as ?: "是多少?我要…"
    r"(?<=[，,])\s*(?=(?:敬请|烦请|麻烦|请|能否|可否)?(?:提供|给出|告诉|列出|给我|核实|核对|核查|确认))"
)
#: A dash before a question word, which ends a comparison stated before the question
#: (:data:`_COMPARISON`): "metro GDP should scale more steeply than mammal brains do -
#: what's the metro fit's R²?".
_DASH_ASKS = re.compile(r"\s(?:-|--|—|–)\s*(?=(?i:what|which|how|give|tell)\b)")
#: A comparison of two results stated, not asked: "heavier than", "scales more steeply
#: than", 比叶寿命的小吧, 比集成预测高吧 (a tag, 吧, asks nothing).
_COMPARISON = re.compile(
    r"(?i:\b(?:heavier|steeper|higher|lower|bigger|larger|smaller|greater|hotter|faster|"
    r"slower|longer|shorter|more\s+steeply|less\s+steeply)\s+(?:[\w'’]+\s+){0,4}?than\b)|"
    r"(?<![然对])比[^，,。？?！!]{1,12}?(?:更|还)?(?:高|低|大|小|陡|重|多|少|快|慢|保守|激进)"
    r"(?:的|些|一些|不少|很多)?吧"
)
#: Where a clause ends for what it names: a sentence's end, a colon or a semicolon
#: ("课件里要引用：太阳耀斑的 p 值" cites in its first clause and asks in its second).
_CLAUSE = re.compile(rf"{_END.pattern}|(?<=[:：;；])")
#: A mark that ends a sentence or a clause, not a comma.
CLAUSE_END = re.compile(r"[.?!;:。？！；：]")
#: Abbreviations whose full stop ends no sentence.
_ABBREVIATIONS = frozenset({"al", "e.g", "i.e", "fig", "eq", "vs", "etc", "cf", "approx", "no"})
#: "my report", "our flare paper" (up to two words between, not an article: "in my view the
#: paper" names the literature), 我的报告.
_OWN = re.compile(
    r"(?:\b(?:my|our)\s+(?:(?!(?:the|a|an|this|that)\b)[\w-]+\s+){0,2}|(?:我的|我们的|本人的)|"
    r"我(?:们)?(?:要|在|正在)?(?:写|做|交|准备))$",  # 我写报告要用…: the user's report
    re.I,
)
#: A kind of writing that is the user's own by its name: 文献综述 (a literature review).
_OWN_WORK = re.compile(r"文献综述")


def asking_start(question: str) -> int:
    """Where the asking sentence of ``question`` starts (0 for a single sentence).

    The last sentence that asks (a question mark, an interrogative word or a request),
    else the last sentence: "…是多少？麻烦您了。" asks in its first; so does "…是多少？
    劳您告诉我那个数。", whose request points back to the number asked before.
    """
    spans = sentences(question)
    asking = [(a, b) for a, b in spans if asks(question[a:b])]
    if len(asking) > 1 and _BACK.search(question[slice(*asking[-1])]):
        asking.pop()  # "…是多少？劳您告诉我那个数。": the number asked before
    if not asking:
        return spans[-1][0]
    at = spans.index(asking[-1])
    if _BARE_ASK.fullmatch(question, *spans[at]):
        # "smatr published an MA elevation for leaflife. What is it?", "…是不是大于0.05？
        # 具体是多少？", "... was 64,000 cases. Doubt it. What was it?": the sentence before
        # says what "it" is (past a short doubt)
        while at > 0 and (
            _BARE_ASK.fullmatch(question, *spans[at]) or _DOUBT.fullmatch(question, *spans[at])
        ):
            at -= 1
    return spans[at][0]


@functools.lru_cache(maxsize=256)
def story(question: str) -> str:
    """``question`` with the sentences before the asking one that tell a story blanked.

    A sentence about the user ("I work for an insurer in Japan.", "The power went out
    at my sister's wedding in 2003, which is how I ...") or a claim reported ("A viral
    chart claims metro areas are not more productive per head.") sets the scene: its
    places, years and measured words are not what is asked. A sentence that states the
    data ("Table row: India, city populations 2011.") or asks a question of its own
    (…书上给的指数是多少？劳您告诉我…) is kept. Blanked with spaces, so
    positions keep their meaning.
    """
    out = question
    for a, b in told(question):
        out = out[:a] + " " * (b - a) + out[b:]
    return out


@functools.lru_cache(maxsize=256)
def told(question: str) -> tuple[tuple[int, int], ...]:
    """The stretches of ``question`` that tell a story or label it (see :func:`story`).

    A label: a 【header】 or the user's work named before a colon ("Copy-edit check:"),
    everything before the question proper (:data:`_TURN`: "- data: ...  Question: ..."),
    or a line quoted from an earlier message ("> Need it for Thursday.").
    """
    start = asking_start(question)
    before = [(a, b) for a, b in sentences(question) if b <= start]
    scene = _scene(question)
    labels = [(m.start(), m.end()) for m in (*_HEADER.finditer(question), _LABEL.match(question))
              if m]  # fmt: skip
    turn = _TURN.search(question)
    if turn:
        labels.append((0, turn.end()))
    quoted = [(m.start(), m.end()) for m in _QUOTED_LINE.finditer(question)]
    # "1）我读过Clauset 2009；2）…是多少？": a list's item that tells, before one that asks
    items = [
        (c.start(), c.end())
        for c in _CLAUSE_BEFORE_SEMICOLON.finditer(question)
        if _LIST_ITEM.match(c.group()) and _TELLS.search(c.group()) and not asks(c.group())
        and asks(question[c.end() :])
    ]  # fmt: skip
    # "Which is bigger, alpha or beta? Give me beta.": the comparison before the request
    compared = [(a, b) for a, b in before if _WHICH_BIGGER.search(question[a:b])]
    known = [(m.start(), m.end()) for m in _COMMON_KNOWLEDGE.finditer(question)]
    known += [(m.start(), m.end()) for m in _ALREADY_HAVE.finditer(question)]
    claims = [m.span("claim") for m in _SAID_IN_QUOTES.finditer(question)]
    return (*scene, *labels, *quoted, *items, *compared, *known, *claims, *paraphrased(question))


#: A claim quoted after who says it: 推特上说“Chinchilla 最优是每个参数 20 个 token”,
#: 'Headline: "Double the city, more than double the GDP"', 'a blog post says "..."'.
#: What the claim names is told, not asked.
_SAID_IN_QUOTES = re.compile(
    r"(?:说|称|写道|写着|声称|(?i:\b(?:says?|said|claims?|claimed|reads?|wrote|writes|"
    r"headline|tweeted|posted)))\s*(?:是|was|is)?\s*[:：,，]?\s*"
    r"(?P<claim>[“\"「『][^”\"」』\n]{3,200}[”\"」』])"
)


#: "I have", "I've got", "we already know", "I've read": what the user has, to begin with.
_I_HAVE = r"(?i:\b(?:I|we)\s*(?:'ve|\s+have)?\s+(?:already\s+)?(?:have|got|know|read|seen)\b)"
#: A clause of what the user already has ("I've got alpha already", "I know b", "A我已经
#: 知道了", "城市的p值我已经有了"), read where the question asks for "the other one" (另一个).
_HAVE_CLAUSE = re.compile(
    rf"{_I_HAVE}(?:[^;,.?!—]|\.(?=\S))*|"
    r"[^，,；;。？?：:]*我(?:已经|也)?(?:知道|有|拿到)了?[^，,；;。？?：:]*"
)
_THE_OTHER = re.compile(r"\bthe other(?:\s+one)?\b|另一个|另外一个", re.I)


def already_had(question: str) -> list[tuple[int, int]]:
    """The clauses naming what the user has, where the question asks for the other one.

    "alpha and beta; I've got alpha already, so what's the other one's 95% interval?":
    alpha is had, beta asked; "白鲸记的尾部样本数我知道，另一个的n_tail是多少？": the other
    result's.
    """
    if not _THE_OTHER.search(question):
        return []
    return [(m.start(), m.end()) for m in _HAVE_CLAUSE.finditer(question) if m.group().strip()]


def retold(question: str) -> tuple[tuple[int, int], ...]:
    """The story sentences before the asking one and the paraphrases (see :func:`told`).

    Not the labels: "Planning a 1e22 FLOPs run: ..." names its budget in a label. A number
    said here is the user's, not an input, where the rest of the question names another
    of its kind ("Shepherd here, I count four hundred ewes. ... a value of 5 or more?").
    """
    return (*_scene(question), *paraphrased(question))


def _scene(question: str) -> list[tuple[int, int]]:
    """The sentences before the asking one that tell the user's story or a claim."""
    start = asking_start(question)
    return [
        (a, b)
        for a, b in sentences(question)
        if b <= start and _TELLS.search(question[a:b]) and not re.search("[?？]", question[a:b])
    ]


#: A paraphrase before the question proper: "Where does the prefactor plausibly lie, in
#: other words, what is its 95% interval?", "…有多不确定，换句话说，…的标准误是多少？".
_PARAPHRASE = re.compile(
    r"(?:^|(?<=[.?!。？！]))[^.?!。？！]+?(?:[,，]\s*(?i:in other words|that is to say|put "
    r"differently|to put it another way)\s*[,，]|[，,]\s*(?:换句话说|换言之|也就是说)\s*[，,]?)"
)


def paraphrased(question: str) -> list[tuple[int, int]]:
    """The stretches said once more, in other words, by what follows them.

    See :data:`_PARAPHRASE`; only where what follows asks.
    """
    return [
        (m.start(), m.end()) for m in _PARAPHRASE.finditer(question) if asks(question[m.end() :])
    ]


#: What the user already has, before what is missing ("I've got the GGM's r; what's
#: missing is the standard error of p", "I know the frontier exponent a; what I lack is
#: b", 我已经有了广义增长模型的r，还缺p的标准误, 广义增长模型的r我有了，还缺…): the scene,
#: not what is asked.
_ALREADY_HAVE = re.compile(
    rf"{_I_HAVE}(?:[^;.?!]|\.(?=\S))*[;,—]\s*(?=(?i:what(?:'s|\s+is)?\s+missing|"
    r"what\s+(?:I|we)\s*(?:'m|'re|\s+am|\s+are)?\s+(?:missing|lack|don't have|do not have|need)|"
    r"the\s+one\s+(?:I|we)\s*(?:'m|'re|\s+am|\s+are)\s+missing|"
    r"(?:I|we)\s*(?:'m|'re|\s+am|\s+are)\s+missing|(?:I|we)\s+lack))|"
    r"(?:我(?:已经|手上|手里)?(?:有了?|知道了?|拿到了?|看过了?)[^，,；;。？?]*|"
    r"(?:^|(?<=[。？！?!；;：:]))[^，,；;。？?！!]*我(?:已经|手上|手里)?(?:有了|知道了|拿到了|看过了))"
    r"[，,；;]\s*(?=(?:现在|但|可是)?(?:还|就)?(?:缺|差|少|不知道|没有))"
)


#: A clause of what everyone knows, to its first comma or semicolon (众所周知人口增长会饱和，
#: "As everyone knows, cities grow,"): the scene, not what is asked.
_COMMON_KNOWLEDGE = re.compile(
    r"(?:众所周知|大家都知道|谁都知道)[^，,；;。？?]*[，,；;]|"
    r"(?i:\b(?:as (?:everyone|everybody|we all) knows?|everyone knows|it is well known that)\b)"
    r"[^,;.?]*[,;]"
)


#: A question that compares two values ("Which is bigger, ...?", 哪个大？), or a
#: comparison stated (:data:`_COMPARISON`), before the sentence that asks for one of them.
_WHICH_BIGGER = re.compile(
    r"(?i:\bwhich (?:one )?(?:is|was|'s) (?:bigger|larger|greater|higher|smaller|lower|steeper)\b)|"
    r"哪个(?:更)?(?:大|小|高|低)|谁(?:更)?(?:大|小)|" + _COMPARISON.pattern
)


#: The number that opens an item of a list: "1)", "(2)", 3）, "4.".
_LIST_ITEM = re.compile(r"\s*[(（]?\d{1,2}[)）.]")


#: A clause of what the user remembers or believes, to its first comma, semicolon or
#: dash (after a hedge's own comma): 我印象中美国人口的拐点在1914年，, "I read that the
#: exponent is 0.72 in my data;", "If I'm not mistaken, Pearl and Reed put it around 1914 —".
_REMEMBERED = re.compile(
    r"(?:如果|要是)?我没记错的话[，,]?[^，,；;。？?]*[，,；;]|"
    r"(?:我?印象(?:中|里)|我(?:记得|以为|一直以为|听说))[^，,；;。？?]*[，,；;]|"
    r"(?i:\bif I(?:'m| am) not mistaken|\bif I remember (?:right|rightly|correctly)|"
    r"\bI\s+(?:read|recall|remember|thought|believed?|heard)\b)[,]?[^,;.?—]*(?:[,;—]|\s--)"
)


def remembered(question: str) -> tuple[tuple[int, int], ...]:
    """The clauses of ``question`` that say what the user remembers or believes.

    Their numbers and years are the user's, not what is asked (我印象中…拐点在1914年，你们
    算出来的拐点年份是哪一年？ asks no year): only the stretches, not their words, are set
    apart (the words may still name what is asked).
    """
    return tuple((m.start(), m.end()) for m in _REMEMBERED.finditer(question))


@functools.lru_cache(maxsize=256)
def reporting(question: str) -> tuple[tuple[int, int], ...]:
    """The clauses before a semicolon that report what someone wrote, when the rest asks.

    "The authors report a GGM forecast for 11 February; what is its 95% interval?",
    作者引用了Epoch的主结果；请问其发表的B是多少？: the clause says what the question is
    about (its names and quantity words still count), and asks for no published value
    and no citation; "published" (发表) after it still does.
    """
    return tuple(
        (clause.start(), clause.end())
        for clause in _CLAUSE_BEFORE_SEMICOLON.finditer(question)
        if _REPORTING.search(clause.group())
        and not asks(_REPORTING.sub(" ", clause.group()))  # its "report" reports
        and asks(question[clause.end() :])
    )


#: A line quoted from an earlier message ("> Can you send the city-size exponent?"): what
#: was said before, not what is asked now.
_QUOTED_LINE = re.compile(r"^[ \t]*[>＞].*$", re.M)


#: Where the question proper starts after what came before it: a marker ("Question:", "Q:",
#: 问题：, 问：, 求：, 问个问题：, 追问：) after a list of facts or a greeting, or a turn back
#: from an aside ("What's the capital of Australia? OK, more to the point: ...", "Sorry, off
#: track.", 言归正传) or from small talk ("It's 29°C here. Anyway, ...", "P.S.", 反正，附言：).
#: What comes before sets the scene: its names still say which result
#: is meant, its quantity words and symbols ("model: L = E + A/N^alpha") are not asked.
#: A turn to the question after small talk or a remark, opening a sentence: "... 15 minutes.
#: Anyway, ...", "Thanks for the demo. P.S. ...", "At any rate,", 反正，, 总之，, 附言：, 另：.
SMALL_TALK_TURN = re.compile(
    r"(?:^|(?<=[.!?。！？…]))\s*(?:(?:anyway|anyhow|at any rate|back to business|but anyway|"
    r"p\.\s?s\.?|ps)\s*[,:：—–-]?|(?:反正|总之|话说回来|附言|另|PS)\s*[，,：:])\s*",
    re.I,
)
_TURN = re.compile(
    r"(?:^|(?<=[\s。.!！?？;；,，]))"
    r"(?:(?:my |the )?question|q|问题|问|求|问个问题|提问|追问)\s*[:：]|"
    r"\b(?:more to the point|(?:sorry,?\s+)?off track|back to the (?:point|question))\b[.:,!]?|"
    rf"言归正传|说正事|回到正题|(?<=[.!?。！？…]){SMALL_TALK_TURN.pattern}",
    re.I,
)


#: A label of the user's work before a colon ("MPH stats review:", "Copy-edit check:",
#: "For the energy-security briefing:", 批改学生报告：, 转发这条微博的都来看看：): it tells
#: what the question is for, not what is asked.
_LABEL = re.compile(
    # an analogy first ("Like a pitcher's ERA over a season:", "Comparable to a doubling time
    # of CO2:"): its names are the comparison's, not the question's
    r"^\s*(?:think of it\s+)?(?:like|just like|comparable to|similar to|as with|analogous to)"
    r"\b[^:：?？]{0,80}[:：]|"
    r"^\s*[^:：?？.。]{0,40}?(?:\b(?:review|check|checking|briefing|memo|assignment|homework|"
    r"draft|slides?|exam|quiz|deck|annex|query to author|fact[- ]check|notes?|ticket|"
    r"postmortem|documentation|desk|question|caption|matchup|audit|finding|working[- ]papers?|"
    r"page|article|blog|newsletter|lecture|talk|poster|chapter|video|episode|podcast|"
    r"workpapers?|dialogue|script|report|reviewer|referee|oral|reading)\b|核查|核对|批改|稿件|例会|要用|审稿|"
    r"口试|备考|复习|"
    r"审查意见|方法部分|群友|"
    r"课件|作业|微博|转发|口径|简报|备忘)[^:：?？.。]{0,30}[:：]|"
    # what the user does, told before the colon ("Ferry captain here, I log wave heights
    # but today it's earthquakes:"): their own work's measures, not the data's
    r"^\s*[^:：?？.。]{0,60}?\b(?:I|we)\s+(?!am\b|want\b|need\b|asked?\b|wonder\b)[a-z]+\b"
    r"[^:：?？.。]{0,60}[:：]",
    re.I,
)


def work_label(question: str) -> tuple[tuple[int, int], ...]:
    """Where the label of the user's work before a colon stands ("For my slide:"), if any."""
    match = _LABEL.match(question)
    return ((match.start(), match.end()),) if match else ()


#: A header in black lenticular brackets (【行业深度】, 【求助】): a label that tells no question.
_HEADER = re.compile(r"【[^】]{1,20}】")


def asked_about(question: str, name: str) -> bool:
    """Whether ``name`` is asked about: said outside a story and a declined stretch.

    Not only in a sentence before the asking one that tells a story ("I work for an
    insurer in Japan. What ...?", "... a meeting with the yarn shop on Friday. What
    ...?": :func:`story`) nor only where the question declines it ("the US, not Japan")
    or has it ("I have the flares one; what's the other one?").
    A stretch taken back ("墨西哥地震的x_min——不对，是alpha") takes back its quantity, not
    the place or data it names.
    """
    apart = [*declined(question), *_stretches(_ILLUSTRATION, question), *already_had(question)]
    return any(
        not within(m.start(), apart) for m in re.finditer(as_a_word(name), story(question), re.I)
    )


#: An example in brackets beside a number, to picture it ("a metro of 2,000,000 people
#: (roughly Kansas City)", 200万人（大约相当于成都）): no data are named by it.
_ILLUSTRATION = re.compile(
    r"[(（]\s*(?:roughly|about|around|approximately|approx\.?|like|e\.g\.|eg|say|i\.e\.|"
    r"such as|similar to|the size of|大约|大概|约|比如|例如|相当于|差不多)[^)）]{0,40}[)）]",
    re.I,
)


def within(position: int, stretches: Iterable[tuple[int, int]]) -> bool:
    """Whether ``position`` lies inside one of ``stretches`` (start inclusive, end not)."""
    return any(start <= position < end for start, end in stretches)


#: What may stand between two phrases of one noun phrase: a few characters, no
#: punctuation that ends a clause or a list item.
_BESIDE_GAP = 12
_BREAK = re.compile(r"[,，。;；:：?？!！、()（）]|\.(?:\s|$)")


def beside(question: str, phrase: str, others: Iterable[str]) -> bool:
    """Whether ``phrase`` is written beside one of ``others`` in ``question``.

    Beside: overlapping, or apart by at most a few characters (:data:`_BESIDE_GAP`)
    with no punctuation between: "goodness-of-fit" beside "p-value", 泊松分布 beside
    似然比统计量 (…的…), "against the Poisson" beside "LR statistic"; not "Source?" before
    "What goodness-of-fit p-value ...".
    """
    spans = _found(question, phrase)
    for other in others:
        for start, end in spans:
            for other_start, other_end in _found(question, other):
                if start < other_end and other_start < end:
                    return True
                gap = question[end:other_start] if end <= other_start else question[other_end:start]
                if len(gap.strip()) <= _BESIDE_GAP and not _BREAK.search(gap):
                    return True
    return False


def _found(question: str, phrase: str) -> list[tuple[int, int]]:
    """Where ``phrase`` is written in ``question`` (case-insensitive)."""
    pattern = re.escape(phrase.strip())
    if not pattern:
        return []
    return [(m.start(), m.end()) for m in re.finditer(pattern, question, re.I)]


def as_a_word(name: str) -> str:
    """A pattern of ``name`` as a word (Chinese: anywhere)."""
    if has_cjk_char(name):
        return re.escape(name)
    return rf"(?<![A-Za-z]){re.escape(name)}(?![A-Za-z])"


def sentences(question: str) -> list[tuple[int, int]]:
    """Where each sentence of ``question`` starts and ends (see :data:`_END`).

    A comparison stated before a dash and a question word is a sentence of its own
    (:data:`_DASH_ASKS`).
    """
    text = question.rstrip(" \t\n")
    starts = [0]
    for match in _END.finditer(text.rstrip(".?!。？！")):
        before = text[: match.start()].rstrip()
        word = re.search(r"([\w.]+)[.?!]$", before)
        if word and before.endswith(".") and word.group(1).lower() in _ABBREVIATIONS:
            continue
        starts.append(match.end())
    for match in _DASH_ASKS.finditer(text):
        start = max(s for s in starts if s <= match.start())
        if _COMPARISON.search(text, start, match.start()):
            starts.append(match.end())
    starts = sorted(set(starts))
    return list(zip(starts, [*starts[1:], len(text)], strict=True))


#: A sentence that tells the user's story or reports a claim: a first-person word or a
#: verb of saying.
_TELLS = re.compile(
    r"\b(?:I|I'm|I've|I'd|us)\b|(?i:\b(?:my|me|we|we're|our|says?|said|claims?|claimed|argues|"
    r"argued|posts?|posted|tweets?|tweeted|rumou?rs?|heard|believes?)\b)|我|听说|据说|声称|号称|"
    r"(?i:\bhere\s*[.!]\s*$)|"  # "Flood-frequency analyst here."
    r"(?i:\bhere\s*[,—–-]\s*\w+ing\b)"  # "Saddler here, stitching a girth strap."
)


#: A clause before a semicolon ("The authors report a GGM forecast for 11 February;
#: what is its 95% interval?", 作者报告了美国人口的逻辑斯蒂模型；请问…).
_CLAUSE_BEFORE_SEMICOLON = re.compile(r"(?:^|(?<=[。!！?？;；]))[^。!！?？;；]+[;；]")  # "et al."
#: A verb that reports what someone wrote (see :func:`reporting`).
_REPORTING = re.compile(r"\b(?:reports?|reported|cites?|cited)\b|报告了|引用了", re.I)


#: A request's words pointing back to what was asked before it: 那个数, "that number".
_BACK = re.compile(r"那个数|这个数|那个值|这个值|该数|该值|\bthat (?:number|value|figure)\b", re.I)
#: A sentence that asks for "it" and names nothing: "What is it?", "What was it really?",
#: "What does the fit say?", "What exactly?", 具体是多少？, 到底多少？, 那是多少呢？
_BARE_ASK = re.compile(
    r"\s*(?i:(?:and|so|then)\s+)?(?i:what|how much)(?:(?i:\s+(?:is|was|does|did|would|'s))?"
    r"(?i:\s+(?:it|that|this|the fit|the model|the result|the number))?"
    r"(?i:\s+(?:really|actually|exactly|then|say|give|show))*)\s*[?.!]*\s*|"
    r"\s*(?:那|那么)?(?:它|这个|那个)?(?:具体|到底|究竟|实际上?)?(?:是|有|等于)?多少(?:呢|啊|呀)?[？?。！!]*\s*"
)
#: A short sentence doubting a claim before such a sentence: "Doubt it.", "I doubt it.",
#: "Sounds off to me.", "Not sure.", 我不信。, 我觉得不对。
_DOUBT = re.compile(
    r"\s*(?i:(?:I\s+)?doubt\s+(?:it|that)|(?:that\s+)?sounds?\s+(?:off|wrong)(?:\s+to\s+me)?|"
    r"not\s+sure(?:\s+about\s+that)?|I\s+don'?t\s+(?:buy|believe)\s+(?:it|that))[.!;]*\s*|"
    r"\s*我?(?:不信|不太信|觉得不对|觉得不太对|表示怀疑)[。！!，,]*\s*"
)
#: What makes a sentence ask: a question mark, an interrogative word or a request.
_ASKS = re.compile(
    r"[?？]|\b(?:what|which|how|who|when|where|give|tell|list|show|report|print)\b|"
    r"多少|什么|吗|哪|几|请问|提供|给出|给我(?!看)|告诉|列出",
    re.I,
)


#: "who" after a noun relates a clause to it ("Wedding planner who likes round numbers:"):
#: it asks nothing. After a conjunction, a preposition or a verb of asking it still asks
#: ("and who published it?", "tell me who").
_RELATIVE_WHO = re.compile(
    r"\b(?!(?:and|or|but|so|asks?|asked|ask|know|tell|me|us|wonder|wonders|see|of|to|for|by|"
    r"with|from|about|on|in)\b)[A-Za-z]+\s+who\b",
    re.I,
)


def _asking(text: str) -> re.Match[str] | None:
    """The first word or mark of ``text`` that asks (see :func:`asks`), if any."""
    relative = {m.end() - 3 for m in _RELATIVE_WHO.finditer(text)}
    return next((m for m in _ASKS.finditer(text) if m.start() not in relative), None)


def asks(text: str) -> bool:
    """Whether ``text`` asks something: a question mark, an interrogative word or a request."""
    return _asking(text) is not None


def first_asking_word(text: str) -> int:
    """Where ``text`` first asks (see :func:`asks`); its length when it never does."""
    match = _asking(text)
    return match.start() if match else len(text)


def clause_of(question: str, position: int) -> int:
    """The number of the clause of ``question`` that holds ``position`` (0 for the first)."""
    return sum(1 for m in _CLAUSE.finditer(question) if 0 < m.end() <= position)


def said_before_asking(question: str, positions: Iterable[int]) -> bool:
    """Whether every one of ``positions`` lies in a sentence before the asking one."""
    start = asking_start(question)
    places = list(positions)
    return start > 0 and bool(places) and all(p < start for p in places)


_REQUEST = re.compile(
    r"\b(?:kindly|please|pls|can you|could you|would you|you to|I need you to)\s+$|"
    # the user's own intent: "I intend to quote it", "we plan to cite", "I'll report"
    r"\b(?:I|we)(?:'ll| will| shall| intend to| plan to| want to| need to| am going to|"
    r" are going to| hope to| would like to|'d like to)\s+$|"
    # the user's act, supposed: "If I were to cite ...", "Suppose I quote ...", 假如我引用
    r"\b(?:if (?:I|we) (?:were|was) to|suppose (?:I|we)|were (?:I|we) to|if (?:I|we))\s+$|"
    r"(?:假设|假如|如果)(?:我们?)?\s*$|"
    # where the user puts the value: "to print on a poster", "to paste into my report",
    # 写进报告表格, 放进报告
    r"\bto\s+$|\bto\s+(?:paste|put|copy|type)\s+(?:it\s+)?(?:in|into)\s+(?:my|our|the|a)\s+"
    r"(?:\w+\s+)?$|(?:写进|放进|填进|贴进|放到|写到|填到|贴到|写入|放入)\s*$|"
    # 如果要报告…, 请报告…: "to report", not a report; 请作者给出 (a reviewer to the authors)
    r"(?:要|需要|得|请|请你|麻烦|帮我)\s*$",
    re.I,
)


def requested(question: str, position: int) -> bool:
    """Whether the word at ``position`` is requested or the user's own intent.

    "kindly report", 如果要报告, 请作者; "I intend to quote it"; "If I were to cite it",
    假如我引用.
    """
    if _IMPERATIVE.match(question, position) and starts_sentence(question, position):
        return True  # "Report the standard error of ...": the user's request
    if _FIND.match(question, position) and _ORDERED.search(question, 0, position):
        return True  # "Let α be the tail exponent. Find α.", "given the fit, find the LR"
    if _WANTED_DONE.search(question[:position]) and _PARTICIPLE.match(question, position):
        return True  # "Reviewer 2 wants the test of b = 0.75 reported": a request
    return bool(_REQUEST.search(question[:position]))


#: Someone wants or needs a thing done to what follows ("wants the test ... reported").
_WANTED_DONE = re.compile(
    r"\b(?:wants?|needs?|asks? for|asked for|would like)\s+(?:[^.?!;:]|\.\d){1,60}$", re.I
)
#: A past participle of a verb of writing: what the wanted thing should be.
_PARTICIPLE = re.compile(r"(?:reported|quoted|cited|stated|printed)\b", re.I)


#: A request's verb in its bare form, opening a sentence ("Report the ...", "Quote the ...",
#: "print the alpha of ...", a command to a program).
_IMPERATIVE = re.compile(r"(?:report|quote|cite|state|print)\s", re.I)
#: "find" told to the reader, as an exercise does ("Let α be .... Find α.", "Given the
#: cities fit, find the LR"), not a finding of a paper ("what did Clauset et al. find?").
_FIND = re.compile(r"find\b", re.I)
_ORDERED = re.compile(r"(?:^|[.?!;:,，。？！；：]|\b(?:and|then|please|pls|now|so))\s*$", re.I)


def starts_sentence(text: str, start: int) -> bool:
    """Whether a sentence or clause starts at ``start``.

    At the text's start, or after a full stop, question or exclamation mark, colon,
    semicolon or opening bracket ("... beta? Just give me ...": "Just" names nothing);
    symbols (emoji) before it end no words ("📈 Love this plot!").
    """
    before = _SYMBOLS_AT_END.sub("", text[:start]).rstrip()
    return not before or before[-1] in ".?!;:([{\"'“‘-—。？！；："


#: Pictographs and other symbols (emoji) at the end of a text: they end no words.
_SYMBOLS_AT_END = re.compile(r"[\u2190-\u2bff\U0001f000-\U0001faff\ufe0f\u200d\s]+$")


def own_document(question: str, position: int) -> bool:
    """Whether the word at ``position`` names the user's own writing.

    It follows "my"/"our" (我的: "my report"; 我写, 我做: "I am writing a report") or is a
    literature review's own name
    (文献综述: the user reviews the literature, the word 文献 asks for no publication).
    """
    return bool(_OWN.search(question[:position]) or _OWN_WORK.match(question, position))


#: "not the p", "rather than the exponent", "instead of alpha", 而不是指数: up to the next
#: punctuation or three words (not 是不是, "whether": 指数是不是和1有显著差异).
_NEGATED = re.compile(
    r"\b(?:not|rather than|instead of)\s+(?:the\s+|a\s+|its\s+|their\s+)?"
    r"[^\s,.;:?!]+(?:\s+[^\s,.;:?!]+){0,2}|"
    r"(?:而不是|(?<!是)不是|不要|而非)\s*[^，。；：？！,.;:?!\s](?:\s?[^，。；：？！,.;:?!\s]){0,9}",
    re.I,
)


def declined(question: str) -> list[tuple[int, int]]:
    """The stretches a negation declines ("not the GGM", 不是城市), not those taken back."""
    return _stretches(_NEGATED, question)


def negated(question: str) -> list[tuple[int, int]]:
    """The stretches a negation declines (see the module) or the asker takes back.

    See :func:`retracted` for the second.
    """
    return [*_stretches(_NEGATED, question), *retracted(question)]


#: A correction of what was just said: "the intercept, no wait, the standard error",
#: "the x_min, sorry, I meant the count", "The xmin -- sorry, the alpha -- of ...", "the
#: SE of alpha — I mean the estimate", 截距，不对，是指数, 拐点，哦不，是增长率r,
#: x_min——不对，是alpha——, p值——我是说似然比统计量.
_CORRECTION = re.compile(
    r"(?:[,，]|\s--|\s?[—–])\s*(?:no,?\s+wait|wait,?\s+no|sorry,?\s+I\s+mean[t]?|I\s+mean[t]?|"
    r"sorry|no|correction|scratch that|make that)\s*[,:，：]|"
    # after a dash, "I mean" needs no comma: "the SE of alpha — sorry, I mean the estimate"
    r"\s?(?:[—–]|--)\s*(?:sorry,?\s+)?I\s+mean[t]?\s|"
    r"(?:[,，]|——|—|…+|\.{2,})\s*(?:不对|哦不|说错了|更正一下|错了)\s*[,，]?|"
    r"(?:——|—)\s*(?:我是说|我的意思是|我指的是|应该是)|"
    # opening its own sentence: "... of b = 1? No wait — of b = 0.75.", "…？不对，是2月11日。"
    r"(?:(?<=[.?!])\s+|(?<=[。？！]))(?:no,?\s+wait|wait,?\s+no|correction|scratch\s+that|"
    r"(?:sorry,?\s+)?I\s+mean[t]?)\s*(?:[,:—–]|--)|"
    r"(?<=[。？！?])\s*(?:不对|说错了|更正一下)\s*[,，：:—]",
    re.I,
)
#: What a correction puts in place of a value: a date, a day or a number, after "of b =" or
#: "on" at most ("— I mean 11 February", "——不对，我是说2月11日", "No wait — of b = 0.75");
#: not a confidence level ("— I mean 95%").
_VALUE_NEXT = re.compile(
    r"\s*(?:我是说|我指的是|应该是|是)?\s*(?:(?:at|on|of|for|in)\s+)?(?:[A-Za-z_]\w*\s*=\s*)?"
    r"(?:\d+(?:[.,]\d+)*(?:e[-+]?\d+)?(?![\d%]|\s%)|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d)",
    re.I,
)


def retracted(question: str) -> list[tuple[int, int]]:
    """The stretches its asker takes back, from the clause's start to the correction.

    "Give me the intercept, no wait, the standard error of b": "Give me the intercept"
    asks nothing; its quantities are declined like a negation's. A result named there
    still names it (叶寿命拟合的截距，不对，是指数b: the leaf-lifespan fit's exponent).
    A correction that opens its own sentence takes back the sentence before it; one
    that puts a value in place of another takes back only that value
    (:func:`retracted_values`).
    """
    return [(start, end) for start, end, _ in _retractions(question)]


def retracted_values(question: str) -> list[tuple[int, int]]:
    """The dates and numbers taken back for another.

    "What's the ensemble's standard error on 10 February 2020 — I mean 11 February": the
    10th; the standard error is still asked.
    """
    return [(start, end) for start, end, value in _retractions(question) if value]


#: Dropping what was just asked, in a sentence of its own right after it: "What's the
#: x_min? Never mind x_min, I know it — what's its n_tail?", "... the R²? Forget R², what's
#: its standard error on b?", "And the n? Actually drop the R^2 — just its n.", "Skip the
#: 10 — just the 50.", "Forget that, give me its growth rate r.", 算了 x_min 不用了，…,
#: x_min 先不管，…, r 不要了，…, 算了，它的样本量 n？ (``what`` names what is dropped).
_DISMISSAL = re.compile(
    r"(?<=[?？])\s*(?:(?:and|eh|oh|ok|okay|actually|hmm|well)\b[,;]?\s*)*"
    r"(?:never\s*mind|forget(?:\s+about)?|drop|skip|scratch|ignore)\s+"
    r"(?:the\s+|its\s+)?(?P<what>[^\s,;:—–.?]+)"
    r"(?:\s*,\s*I(?:'ll|'ve|\s+will|\s+know|\s+have)\b[^,;:—–.?]*)?\s*(?:[,;:—–.]|--)|"
    r"(?<=[?？])\s*(?:算了\s*[，,]?\s*)?"
    r"(?P<what_zh>[A-Za-z_][\w²^]*|[\u4e00-\u9fff]{1,4})?\s*"
    r"(?:就?不用了|不要了|先不管|先不问|不问了|算了)\s*[，,]?",
    re.I,
)


def _dismissed(question: str) -> list[tuple[int, int, bool]]:
    """The stretches a dismissal drops: itself, and what it names where it was asked.

    What it names ("never mind x_min", "skip the 10", r 不要了) is taken back wherever
    it was said before (a number as a value replaced by another); "never mind that",
    算了 take back the clause asked just before.
    """
    out = []
    for match in _DISMISSAL.finditer(question):
        what = match.group("what") or match.group("what_zh")
        out.append((match.start(), match.end(), False))
        before = question[: match.start()]
        said = []
        if what and what.lower() not in {"that", "it", "this"}:
            number = re.fullmatch(r"\d[\d.,]*", what) is not None
            flags = 0 if len(what) == 1 else re.I  # "Drop E", not every "e"
            said = [
                (m.start(), m.end(), number)
                for m in re.finditer(rf"(?<![\w.,]){re.escape(what)}(?![\w]|[.,]\d)", before, flags)
            ]
        if not said:  # the clause that asked it, up to its question mark
            breaks = [0, *(m.end() for m in CLAUSE_END.finditer(question, 0, match.start() - 1))]
            said = [(breaks[-1], match.start(), False)]
        out += said
    return out


#: The end of a sentence or clause, not the dot of a file name nor the colons of an R name
#: ("the metabolism.csv, sorry, the MASS::mammals fit").
_CLAUSE_ENDS = re.compile(r"[.:](?![\w:])|[?!;。？！；：]")


def corrected(question: str) -> list[tuple[int, int]]:
    """The stretches a correction takes back for what follows it.

    "the leaflife, no, the metro GDP fit", 叶寿命，不对，是哺乳动物脑重; not a value replaced
    by another (:func:`retracted_values`) nor what a dismissal drops.
    """
    return [(start, end) for start, end, value in _corrections(question) if not value]


def _retractions(question: str) -> list[tuple[int, int, bool]]:
    """Each taken-back stretch and whether it is a value replaced by another."""
    return _dismissed(question) + _corrections(question)


def _corrections(question: str) -> list[tuple[int, int, bool]]:
    """Each stretch a correction takes back and whether it is a value replaced by another."""
    out = []
    for match in _CORRECTION.finditer(question):
        # it begins after the last end of a sentence or clause before it (not a comma)
        breaks = [0, *(m.end() for m in _CLAUSE_ENDS.finditer(question, 0, match.start()))]
        if not question[breaks[-1] : match.start()].strip() and len(breaks) > 1:
            breaks.pop()  # opening its own sentence: the sentence before
        start = breaks[-1]
        value = last_value(question[start : match.start()])
        if value is not None and _VALUE_NEXT.match(question, match.end()):
            out.append((start + value[0], start + value[1], True))
        elif question[start : match.start()].strip():
            out.append((start, match.start(), False))
    return out


#: "going by the initial growth rate", "based on the fitted r": up to the next punctuation.
_BASIS = re.compile(
    r"\b(?:going by|based on|judging (?:by|from)|derived from|computed from|calculated from|"
    r"inferred from)\s+[^,.;:?!]+",
    re.I,
)


#: A quantity quoted back with an approximate value: "A约478", "x_min约52.46", "an alpha of
#: about 2.4" (the user states it; what is asked is another quantity).
_STATED = re.compile(
    r"(?:[A-Za-z_][A-Za-z0-9_]*|[\u4e00-\u9fff]{1,4})\s*"
    r"(?:约为|大约|约|≈|~|of about|about|approximately|roughly)\s*[-+]?\d[\d.,]*(?:e[-+]?\d+)?",
    re.I,
)


#: A formula written out ("brain = a·body^b", "D_opt ∝ C^b", "L = E + A/N^alpha"): its
#: symbols are the law's, not what is asked unless named again outside it.
_FORMULA = re.compile(
    r"[A-Za-z_]\w*\s*(?:=|∝|~)\s*[^，,。；;？?：:\s]*\^\{?[A-Za-z][^，,。；;？?：:\s]*"
)  # a letter as the power: not "C = 10^21"


def stated(question: str) -> list[tuple[int, int]]:
    """The stretches of ``question`` that state a quantity's approximate value or a formula."""
    return _stretches(_STATED, question) + _stretches(_FORMULA, question)


#: A value stated: "is 1.864", "= 1.953", "是1.817", "为37525" (not "is it 2.5?", which asks).
_STATES_VALUE = re.compile(
    r"(?:\b(?:is|was|are|were|equals|comes out at)\b|=|是|为|等于)\s*"
    r"(?:about|around|roughly|approximately|约|大约)?\s*[-+]?\d",
    re.I,
)
#: A clause stating a value before 那 (那么, 则) asks on: "Chinchilla拟合的E是1.817，那A是多少？".
_CLAUSE_THEN = re.compile(r"(?:^|(?<=[。？！?!；;，,]))[^。？！?!；;，,]+[，,]\s*(?=那么?|则)")


def quoted_back(question: str) -> list[tuple[int, int]]:
    """The sentences and clauses that quote a value of the results before asking another.

    "The GGM's r is 1.864. What is its p?", "Blackouts alpha is 2.273. How many blackouts
    are in the fitted tail?", 人口普查拟合的拐点年份是1914.7，那承载力K的95%区间是多少？: a
    sentence before the asking one, with no question of its own, or a clause before 那,
    that states "<quantity> is <number>". Its quantities are not what is asked when
    another is (not in "…的预测是70175，那2月21日呢？": the same quantity on another day),
    and its date yields to one the question asks (集成预测2月8日的中位数是37525，那2月10日
    的标准误是多少？).
    """
    start = asking_start(question)
    out = [
        (a, b)
        for a, b in sentences(question)
        if b <= start
        and _STATES_VALUE.search(question, a, b)
        and not re.search("[?？]", question[a:b])
    ]
    out += [
        (m.start(), m.end())
        for m in _CLAUSE_THEN.finditer(question)
        if _STATES_VALUE.search(m.group())
    ]
    return out


#: A publication's year: "Pearl and Reed's published K from 1920", "published in 2016",
#: "Pearl & Reed's published r (1920)", 1920 年给出的 K, 2016年发表的.
_PUBLISHED_IN = (
    re.compile(
        r"\bpublish(?:ed|es)?\b[^?？.;]{0,40}?(?:\b(?:from|in)\s+|\(\s*)"
        r"(?P<year>(?:1[6-9]|20)\d\d)\b",
        re.I,
    ),
    re.compile(r"(?P<year>(?:1[6-9]|20)\d\d)\s*年\s*(?:发表|给出|公布|刊出|的论文)"),
)


def publication_years(question: str) -> list[tuple[int, int]]:
    """Where ``question`` names the year a value was published: no input, no period."""
    return [m.span("year") for pattern in _PUBLISHED_IN for m in pattern.finditer(question)]


def basis(question: str) -> list[tuple[int, int]]:
    """The stretches of ``question`` that name what the answer is computed from."""
    return _stretches(_BASIS, question)


def _stretches(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in pattern.finditer(text)]
