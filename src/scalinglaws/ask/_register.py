"""How a question is written, not what it asks: headline tags and capitals.

"URGENT — generalized growth model, r, 95% interval?", "【头条】美国城市人口的幂律指数 α？",
"BLACKOUTS ALPHA: STANDARD ERROR?", "Q3) ...", 第2题：…. A tag in front of a question says
how soon or how loud or where it stands in a list, not what: read as words, "URGENT" names something
no result holds and 头条 is Epoch's headline table. Capitals shouted across a question
hide which words are names: "STANDARD" reads as a proper name. :func:`without_tags`
blanks a leading tag (and a trailing "URGENT."); :func:`unshouted` writes a shouted
question's words in lower case, keeping acronyms (GGM, WHO, GDP) and one-letter symbols
(K, E, A) as written; and a question someone else asked, quoted and passed on ('My
apprentice asked me: "what is the K of the census logistic?" Can you answer?',
徒弟问我：“……？”你能回答吗？) is the quoted one (:func:`passed_on`). All keep positions.
"""

from __future__ import annotations

import re

__all__ = ["passed_on", "unshouted", "without_tags"]

#: A tag before the question: 【头条】, 【急】, [URGENT], "URGENT:", "BREAKING —", "FYI:", or
#: an item's number in a list of questions: "Q3)", "Q10.", "(2)", "4)", "#5", "Question 7:",
#: 第15题：, 问题3：.
_TAG = re.compile(
    r"^\s*(?:【[^】\n]{1,8}】|\[[A-Za-z !]{1,16}\]|"
    r"(?:(?i:q|question|item|no\.?|#)\s*\d{1,3}|\(\d{1,2}\)|\d{1,2}\))\s*[).:：、-]?\s+|"
    r"(?:第\s*\d{1,3}\s*题|问题\s*\d{1,3})\s*[：:.、)）]?\s*|"
    r"(?:URGENT|BREAKING(?: NEWS)?|HEADLINE|FYI|PSA|ASAP|QUICK(?: QUESTION)?|IMPORTANT)"
    r"(?:\s*[:!—–-]+|\s*$|\s+(?=[A-Za-z]))\s*)",
)
#: A tag after the question, its own sentence: "... fit? URGENT.", "（急）".
_TAG_AFTER = re.compile(r"(?<=[?？.。!！])\s*(?:(?i:urgent|asap)[.!]*|[（(]急[）)])\s*$")
#: Words kept in capitals: acronyms a question may use for what it asks or names.
_ACRONYMS = frozenset(
    {"GGM", "GLM", "GRM", "WHO", "GDP", "MSA", "SMA", "OLS", "LR", "KS", "SARS", "COVID",
     "CI", "SE", "SD", "FLOPS", "US", "UK", "USA", "ILI", "BIC", "AIC", "MLE", "CDF", "PDF",
     "MA", "SIR", "SEIR", "LMA", "CSV", "TXT", "API", "LLM", "GPT", "NLL", "WIS", "MD", "NB",
     "GPU", "GPUS", "CPU", "TPU", "CTO", "CEO", "PHD", "MSC", "NASA", "CDC", "ECDC", "JHU"}
)  # fmt: skip
#: A word in capitals of three letters or more (not a symbol such as K or E).
_SHOUTED = re.compile(r"(?<![A-Za-z0-9_])[A-Z]{3,}(?![A-Za-z0-9_])")


def without_tags(question: str) -> str:
    """``question`` with a headline tag before it, or an "URGENT." after it, blanked."""
    question = _TAG.sub(lambda m: " " * len(m.group(0)), question, count=1)
    return _TAG_AFTER.sub(lambda m: " " * len(m.group(0)), question)


def unshouted(question: str) -> str:
    """``question`` in lower case where it shouts.

    Where two or more words, and half of its words or more, are in capitals and no
    acronym ("BLACKOUTS ALPHA: STANDARD ERROR?" -> "blackouts alpha: standard error?").
    """
    shouted = [m for m in _SHOUTED.finditer(question) if m.group(0) not in _ACRONYMS]
    words = re.findall(r"(?<![A-Za-z])[A-Za-z]{3,}(?![A-Za-z])", question)
    if len(shouted) < 2 or 2 * len(shouted) < len(words):
        return question  # a few acronyms among ordinary words ("创业公司CTO：…多少块GPU？")
    out = question
    for match in shouted:
        out = out[: match.start()] + match.group(0).lower() + out[match.end() :]
    return out


#: A question in quotation marks, with its question mark inside them.
_QUOTED_QUESTION = re.compile(r"[\"“「『]([^\"”」』]{4,300}?[?？])\s*[\"”」』]")
#: What a passed-on question ends with: "Can you answer (her)?", 你能回答吗？
_CAN_YOU_ANSWER = re.compile(
    r"\s*(?i:(?:can|could|would) you (?:answer|help)(?: (?:it|that|this|her|him|them))?"
    r"(?: for (?:me|her|him|them))?\s*[?.!]?|any idea\s*[?.!]?)\s*$|"
    r"\s*(?:你|您)?(?:能|可以)?(?:帮我|替我)?(?:回答|解答|答)(?:一下)?(?:吗|么)?\s*[？?。.!！]?\s*$"
)


def passed_on(question: str) -> str:
    """The quoted question of a question passed on, else ``question`` (see the module)."""
    match = _QUOTED_QUESTION.search(question)
    if match is None or not _CAN_YOU_ANSWER.fullmatch(question, match.end()):
        return question
    start, end = match.span(1)
    return " " * start + question[start:end] + " " * (len(question) - end)
