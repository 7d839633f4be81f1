"""A label before the question: words before a colon that set the scene and ask nothing.

"Drop-rate curve design: in the followers.txt fit, how uncertain is alpha?", "For a
chapter on Progressive-Era demography: what growth rate r did the logistic ... give?",
关于城市规模经济效应的测算：按美国都市区GDP拟合，… Such a label says what the answer is for;
its names ("Progressive"), its quantity words ("drop-rate") and its measured words
(城市规模) are not what is asked, when the words after the colon ask for a quantity of a
result they name by a phrase of its own; or, when the label matches no phrase of the
vocabulary or the results at all (医院管理者：, "For the hospital board:"), when the words
after it link a result or hold a date, a step or a budget to anchor the answer
(集成预测h6的标准误) or name a growth law; a person's role (数据记者：,
小城镇规划师查文献：, also before a comma: 读流行病学硕士，) names no result whatever phrases
it holds (数据, 文献).
(:data:`._context._LABEL` is the narrower label read without the results: the user's
work named before a colon, "Copy-edit check:".)

It stays part of the question when it could restrict or name what is asked: when it
asks something itself, declines one source for another (不是拟合值，是Clauset等人发表的：),
names a place or a number ("Canada:", "2010 census:"), or names
every result the words after the colon name ("Power law vs exponential for cities: what
is the LR?"; not "Pitching our city-analytics startup: what GDP does the metro law
predict ...?"); and a sentence that tells a story ("Headers I was given:
...") is left to :func:`._context.story`, which reads it whole.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from scalinglaws.ask._context import asks, negated, told, within
from scalinglaws.ask._letter import GREETING_WORDS
from scalinglaws.ask._places import places_in
from scalinglaws.ask._roles import ROLE_ZH, is_role
from scalinglaws.ask.names import Subject
from scalinglaws.ask.understand import Query, understand

__all__ = ["without_label"]

#: A label that ends with its asker's verb ("On air now, a listener from Ohio asks:",
#: 一位俄亥俄州的听众问：): who asks and from where, never what is asked.
_ASKER = re.compile(
    r"(?i:\b(?:asks?|asked|wants? to know|wonders?|writes?(?: in)?|wrote(?: in)?)\s*$)|"
    r"(?:问|想知道|提问|来信说)\s*$"
)
#: A topic's tag in brackets, then a role and a colon: "[metabolism.csv] Parking warden:".
_TOPIC_TAG = re.compile(
    r"^\s*([\[【(（][^\]】)）\n]{1,30}[\]】)）])\s*([^:：?？\[【(（]{1,40}?)\s*[:：](?!:)"
)
#: A role right before its verb of asking, with no colon: 引航员想知道…, 空管员问….
_ROLE_ASKS = re.compile(r"^\s*([\u4e00-\u9fff]{2,8}?)(?=想知道|想问|问[^题])")
#: Words of a role's label that say what it asks about: "asking about the Moby Dick words".
_TOPIC = re.compile(
    r"\b(?:about|regarding|concerning|re|on the|with (?:the|my|our))\b|"
    r"\b(?:here|again)\s*[,—–-]\s*(?:the|my|our)\b",  # "Court stenographer here, the quake tail"
    re.I,
)
#: The tool addressed by a name before the question: "Hey there, Fitbot,", "Good evening,
#: Mr. Calculator.", "Oi, Oracle!", 嘿，大脑袋，. The name says who is asked, not what.
_VOCATIVE = re.compile(
    rf"^\s*(?:(?i:{GREETING_WORDS}|yo|oi|ok|okay|psst)"
    r"(?:\s+there)?\s*[,!]?\s+(?P<title>(?:Mr|Mrs|Ms|Dr|Mister|Professor|Prof)\.?\s+)?"
    r"(?P<name>[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?)\s*[,!:.]+\s*|"
    r"(?:嘿|喂|哈喽|嗨|你好)\s*[，,！!]\s*(?P<zh>[\u4e00-\u9fff]{1,5})\s*[，,！!：:]\s*)"
)
#: Words before the question's first Chinese comma (a role's clause: 读流行病学硕士，).
_ROLE_CLAUSE = re.compile(r"^\s*([^:：?？.。!！，,]{1,30}?)[，,]")
#: Words before the question's first colon, with no sentence end among them (not the
#: colons of an R name, "MASS::mammals", nor of a time of day, "the 12:45 lunch").
_LABEL = re.compile(
    r"^\s*((?:[^:：?？.。!！]|(?<=\d)[:：](?=\d))+?)(?:(?<!\d)[:：](?!:)|[:：](?![:\d]))"
)


def without_label(question: str, subjects: Sequence[Subject]) -> str:
    """``question`` with a scene-setting label blanked (see the module), else as given.

    Blanked with spaces, so that positions keep their meaning.
    """
    results = [s for s in subjects if s.label is not None]
    question = _unaddressed(question, results)
    asker = _ROLE_ASKS.match(question)
    if asker and ROLE_ZH.search(asker.group(1)):
        # 引航员想知道 GGM 的…: who asks, said with the verb and no colon
        question = " " * asker.end(1) + question[asker.end(1) :]
    tagged = _TOPIC_TAG.match(question)
    if tagged and is_role(tagged.group(2)):
        # "[metabolism.csv] Parking warden: ...": the tag names the topic, the role who asks
        start, end = tagged.span(2)
        question = question[:start] + " " * (end - start) + question[end:]
    match = _LABEL.match(question)
    if match is None:
        # a role before a Chinese comma says who asks too: 读流行病学硕士，想知道…
        match = _ROLE_CLAUSE.match(question)
        if match is None or not is_role(match.group(1)):
            return question
    label, rest = match.group(1), question[match.end() :]
    if _ASKER.search(label) and not asks(label):
        after = understand(rest, results)
        if after.concepts or after.symbols:
            return " " * match.end() + rest  # "A listener from Ohio asks:": who, from where
    # a role's scene may hold numbers of its own ("Chauffeur, before the 12:45 lunch: ... at
    # 1e21 FLOPs?"), unless they are the question's only inputs ("Zoo keeper with a 3 kg
    # red panda: how many grams of brain ...?")
    numbered = re.search(r"\d", label) and not (is_role(label) and re.search(r"\d", rest))
    if asks(label) or places_in(label) or numbered or not rest.strip():
        return question
    if within(match.start(1), told(question)):
        return question  # a story's sentence ("Headers I was given: ...") is read whole
    before, after = understand(label, results), understand(rest, results)
    if negated(label) and "published" in before.flags:
        return question  # 不是拟合值，是Clauset等人发表的：… chooses the source asked for
    if not (after.concepts or after.symbols):
        return question
    # a role (数据记者, 小城镇规划师查文献, "Figure skater", "Park keeper here, raking
    # leaves") says who asks, whatever words it holds, unless an English role's label
    # goes on to say what it asks about ("Conductor asking about the Moby Dick words:
    # what p-value ...?")
    bare = len(label.split()) <= 3
    role = (
        bool(ROLE_ZH.search(label))
        or (is_role(label) and (not before.link or bare or not _TOPIC.search(label)))
    ) and before.flags <= after.flags
    unanchored = not (after.link or after.laws or _anchored(rest, after))
    if not after.phrased and (  # a label that names nothing, before an anchored question;
        (not role and (before.link or before.matched or before.symbols))
        # a role (who asks) names nothing unless it names a result ("Engraver here, one
        # for a Chinchilla plate: the fitted beta?"); 木匠：Pearl 和 Reed 发表的 r？ is read
        or (unanchored and (not role or before.link))
    ):  # fmt: skip
        return question
    if after.phrased and not after.phrased - before.phrased:
        return question  # the label names what the words after it name, or more
    return " " * match.end() + rest


def _anchored(rest: str, after: Query) -> bool:
    """Whether the words after a label hold a number, a date or a step to anchor the answer.

    In digits or in Chinese numerals (二〇二〇年二月八日), or a forecast's step in words
    ("three days after the data end").
    """
    return bool(
        re.search(r"\d", rest) or after.mentions.dates or after.mentions.numbers or after.steps
    )


def _unaddressed(question: str, results: Sequence[Subject]) -> str:
    """``question`` with the name it addresses the tool by blanked (:data:`_VOCATIVE`).

    Not a name of the results ("Hi, Chinchilla: E?"), nor, untitled, one that names a
    quantity ("Hey, Alpha, ...").
    """
    match = _VOCATIVE.match(question)
    if match is None or not question[match.end() :].strip():
        return question
    name = understand(match.group("name") or match.group("zh"), results)
    if name.link or (not match.group("title") and (name.concepts or name.symbols)):
        return question
    return " " * match.end() + question[match.end() :]
