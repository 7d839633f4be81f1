"""A sign-off after the question: thanks, greetings, a signature or a deadline are no part of it.

"What is the alpha of the word frequencies? Thanks in advance, Maria.", "... Cheers from
Toronto.", "... Thanks - Dr. Okafor, Lagos", …是多少？先谢谢了，祝周末愉快！ The names
and places of a sign-off are the asker's (Maria, Toronto, Lagos): read as the question's,
they name a result the question does not ask about, or nothing at all. A sentence after
the asking one that opens with thanks or a greeting, and the name lines that follow it,
are blanked (positions keep their meaning); a sentence after it that says more ("Thanks!
For the Brazilian ones.") is kept, and a sign-off before the question asks is no
sign-off. So is a sentence after it that says when or what for the answer is needed
("Need it by Monday.", "It's for a grant report due Friday.", 写报告要用。, 周五前要交。):
a weekday is no name, and "report" there is the user's, not a published source. Thanks
said in a clause of the asking sentence, before or after what it asks ("Thanks heaps
before I start, what's ..., bless you.", 先谢谢您了，…是多少，辛苦了。), are blanked too.
"""

from __future__ import annotations

import re

from scalinglaws.ask._context import asking_start, asks, sentences
from scalinglaws.ask._roles import ROLE_ZH, is_role

__all__ = ["without_sign_off"]

#: A sentence that opens a sign-off (an "Also," or "PS" may come first, or the number of
#: a list's last item: "2) What p-value ...? 3) Cheers.").
_SIGN_OFF = re.compile(
    r"\s*(?:[(（]?\d{1,2}[)）.]\s*)?(?i:(?:also|and|oh|ps|p\.s\.)[,.:]?\s*)?"
    r"(?:(?i:thanks|thank you|thx|cheers|many thanks|much appreciated|appreciated|happy|"
    r"have a|hope|best|all the best|regards|kind regards|warm regards|sincerely|yours|"
    r"greetings|bye|see you)\b|[-–—]+\s*[A-Z]|谢谢|多谢|先谢|感谢|辛苦|祝|此致|顺祝|——)"
)
#: A sentence saying when, for what or in what form the answer is needed: a deadline,
#: "need it", 要用, "One word, please.", 只要数字。
_NEEDED = re.compile(
    r"(?i:\b(?:by|before|due|until|till)\s+(?:(?:this|next)\s+)?(?:mon|tues|wednes|thurs|fri|"
    r"satur|sun)day\b|\b(?:by|before|due)\s+(?:tomorrow|tonight|noon|the end of|end of|eod|"
    r"next week)\b|\bdeadline\b|\basap\b|\bneed(?:s|ed)? (?:it|this|that|them)\b|"
    r"\bwants? (?:it|this|that|them)\b)|"
    r"要用|要交|急用|截止|(?:周|星期|礼拜)[一二三四五六日天](?:之?前|以前)|"
    # how the answer is to be written: "One word, please.", "Numbers only.", 一句话回答。
    r"(?i:\b(?:in )?one (?:word|line)\b|\bnumbers? only\b|\bjust the (?:number|value|figure)\b|"
    r"\bround (?:it|them) (?:however|as|any way) you like\b|\bscientific notation is fine\b|"
    r"\b(?:reply|answer) in (?:english|chinese)\b)|"
    r"一句话回答|只要数字|只要数值|用英文回答|用中文回答|简短回答|直接给数"
)
#: A signature's line: a few capitalised words, initials and commas ("Okafor, Lagos"), or
#: a Chinese name and its closing (李华 敬上).
_NAME_LINE = re.compile(
    r"\s*[-–—]*\s*[A-Z][\w.'’-]*(?:[\s,]+[A-Z][\w.'’-]*){0,5}[\s.!]*|"
    r"\s*[\u4e00-\u9fff]{2,4}(?:\s*(?:敬上|谨上|拜上))?[\s。.!！]*"  # 李华 敬上
)


#: Who asks, said after the question: "... — distiller asking.", "...? — a piano tuner",
#: "……？蒸馏师问。", "……？（调音师问）", "……？——拖网渔民".
_ASKER_AFTER = re.compile(
    r"\s*[-–—]+\s*(?P<en>[A-Za-z][A-Za-z' -]{1,40}?)\s*[.!]?\s*$|"
    r"(?<=[?？。.!！])\s*(?:[-–—]+\s*)?[（(]?(?P<zh>[\u4e00-\u9fff]{1,10}?)(?:问|想知道|提问|请教)?[）)]?"
    r"\s*[。.!！]?\s*$"
)


def without_asker_after(question: str) -> str:
    """``question`` without the asker's role said after it (:data:`_ASKER_AFTER`)."""
    match = _ASKER_AFTER.search(question)
    if match is None:
        return question
    if match.group("en") is not None:
        words = re.sub(r"\s+(?:asking|here|again|wondering|writing)$", "", match.group("en"))
        if not is_role(words.strip()):
            return question
    elif not (ROLE_ZH.search(match.group("zh")) or re.search(r"问|想知道", match.group(0))):
        return question
    return question[: match.start()] + " " * (match.end() - match.start())


#: A clause of thanks or courtesy opening the asking sentence: "Thanks heaps before I start,",
#: "Many thanks up front,", "dear,", 先谢谢您了，, 麻烦您了，, 劳驾先谢过，, 提前道谢，.
_COURTESY_BEFORE = re.compile(
    r"\s*(?:(?i:(?:many\s+|with\s+)?thanks|thank\s+you|much\s+obliged|kind\s+regards|cheers|"
    r"dear|mate|friend|buddy|pal|please)\b[^,，.。?？:：;；]{0,40}|"
    r"(?:劳驾|麻烦|打扰|不好意思|先|提前|预先)?[^，,。？?：:]{0,3}(?:谢谢|多谢|感谢|谢过|道谢|道声谢)"
    r"[^，,。？?：:]{0,4}|麻烦(?:您|你)了|打扰了|劳驾)\s*[,，]"
)
#: A clause of thanks or praise closing the question: ", bless you.", ", you're a star",
#: ", many thanks", ", cheers", ，辛苦了。, ，您真好。, ，劳驾了。, ，感激不尽, ，谢了.
_COURTESY_AFTER = re.compile(
    r"[,，]\s*(?:(?i:bless\s+you|you(?:'re|’re|\s+are)\s+(?:a\s+|an\s+)?[\w-]+|"
    r"(?:many\s+)?thanks(?:\s+\w+)?|thank\s+you|cheers|much\s+appreciated|ta)|"
    r"辛苦(?:您|你)?了|(?:您|你)真好|劳驾了|谢谢(?:您|你)?了?|谢了|多谢|感激不尽|万分感谢|"
    r"麻烦(?:您|你)?了|拜托了)\s*[.!。！]*\s*$"
)

#: A tag asking whether the answer is known, closing the question: "，知道吗？", "，你清楚吗？",
#: "，晓得不？", "，您了解吗？" (its 知道 names nothing; English tags read as function words).
_KNOWN_TAG = re.compile(
    r"[,，]\s*(?:你|您)?(?:知道|清楚|晓得|了解)(?:吗|么|嘛|不|不知道)?\s*[?？]*\s*$"
)


#: A reason given after what is asked: ", because the terrorism one came out large.",
#: "，因为要和地震的比。" Its names and numbers are another result's, not the one asked.
_BECAUSE = re.compile(r"[,，]?\s*(?:\bbecause\b|因为|由于)[^?？]*[.。!！]?\s*$", re.I)


def without_reason(question: str) -> str:
    """``question`` with a reason after what it asks blanked (:data:`_BECAUSE`)."""
    match = _BECAUSE.search(question)
    if match is None or len(question[: match.start()].strip()) < 8:
        return question  # a reason is given after something asked, not alone
    return question[: match.start()] + " " * (match.end() - match.start())


def without_courtesy(question: str) -> str:
    """``question`` with clauses of thanks before and after what it asks blanked.

    And a closing tag asking whether the answer is known (:data:`_KNOWN_TAG`).

    "Thanks heaps before I start, what's the GGM growth rate r, bless you." asks for r:
    "start" and "star" are no optimizer starts; 先谢谢您了 and 辛苦了 name nothing.
    """
    out = question
    at = 0
    while (match := _COURTESY_BEFORE.match(out, at)) and asks(out[match.end() :]):
        out = out[: match.start()] + " " * (match.end() - match.start()) + out[match.end() :]
        at = match.end()
    after = _COURTESY_AFTER.search(out)
    if after and asks(out[: after.start()]):
        out = out[: after.start()] + " " * (after.end() - after.start()) + out[after.end() :]
    tag = _KNOWN_TAG.search(out)
    if tag and len(out[: tag.start()].strip()) >= 4:  # the tag asks what comes before it
        out = out[: tag.start()] + "？" + " " * (tag.end() - tag.start() - 1) + out[tag.end() :]
    return out


def without_sign_off(question: str) -> str:
    """``question`` with a sign-off after its asking sentence blanked (see the module)."""
    question = without_reason(without_asker_after(_without_deadline(question)))
    question = without_courtesy(question)
    start = asking_start(question)
    after = [(a, b) for a, b in sentences(question) if a > start]
    out = question
    signing = False
    for a, b in after:
        if re.search("[?？]", question[a:b]):
            return question  # it asks again: no letter has ended
        signing = bool(_SIGN_OFF.match(question, a)) or (
            signing and bool(_NAME_LINE.fullmatch(question, a, b))
        )
        if signing:
            out = out[:a] + " " * (b - a) + out[b:]
    return out


def _without_deadline(question: str) -> str:
    """``question`` with the sentences that say when the answer is needed blanked.

    Each sentence after a question mark that says when or for what the answer is needed:
    "...? It's for a grant report due Friday.": its "report" does not make it the asking
    sentence.
    """
    out = question
    asked = False
    for a, b in sentences(question):
        marked = bool(re.search("[?？]", question[a:b]))
        if asked and not marked and _NEEDED.search(question, a, b):
            out = out[:a] + " " * (b - a) + out[b:]
        asked = asked or marked
    return out
