"""A question written as a letter or an e-mail: its subject line, greeting and closing.

"Subject: blackout exponent / Dear team, / what alpha did the power-law fit give for US
blackout sizes? / Kind regards, / Mei Lin, tea master"; 主题：环境容纳量 / 您好， / … / 此致，
/ 小林（茶艺师）. The subject line sums up what the body asks, in fewer words and with
words of its own ("odds of a big California quake", "forecast vs reality"); the greeting
("Dear team", "Kia ora") and the closing ("Peace, / Asha (yoga teacher)") are the
writer's. Read as the question's, a greeting's capitalised word names a result no one has
("Dear") and a signature's names or roles name what is not asked. A letter is told by
its layout: a subject line first, or a greeting line of its own; then the subject line,
the greeting lines and the short lines of the closing after the body's last blank line
(no number and no question mark in them) are blanked, keeping positions. A question on
one line, or lines that are no letter, are returned as given.
"""

from __future__ import annotations

import re

__all__ = ["GREETING_WORDS", "without_envelope"]

#: A subject line's field name (Subject:, Re:, Fwd:, 主题：, 标题：).
_SUBJECT = re.compile(
    r"\s*(?i:subject|subj|re|fwd?|topic)\s*:|\s*(?:邮件)?(?:主题|标题|事由|转发|回复)\s*[:：]"
)
#: A greeting line: a greeting word and at most a few words more (who is greeted), then
#: a comma or an exclamation mark, or nothing, at the line's end.
#: The greeting words of English shared by a letter's greeting and a name the tool is
#: addressed by (:data:`scalinglaws.ask._label._VOCATIVE`).
GREETING_WORDS = r"hi|hello|hey|greetings|good\s+(?:morning|afternoon|evening|day)"
_GREETING = re.compile(
    rf"\s*(?:(?i:{GREETING_WORDS}|dear|g'?day|"
    r"howdy|namaste|kia ora|aloha|hola|bonjour|salut|ciao|hallo|guten tag|to whom it may "
    r"concern)\b[^\n,，!！?？.。\d]{0,30}|(?:您好|你好|大家好|各位好|老师好|各位老师好|[^\n，,!！?？。]{1,8}"
    r"(?:您好|你好)))\s*[,，!！:：]?\s*"
)
#: A greeting opening the line that asks: "Dear team, for the MSA scaling, ...", 各位好，….
_GREETING_LEAD = re.compile(
    rf"\s*(?:(?i:{GREETING_WORDS}|dear)\b"
    r"[^\n,，!！?？.。:：\d]{0,30}|您好|你好|大家好|各位好|老师好|各位老师好)\s*[,，!！]\s*"
)
#: The longest line of a closing or a signature, in words (Latin) or characters (CJK).
_SHORT_WORDS = 6
_SHORT_CHARS = 16


def without_envelope(question: str) -> str:
    """``question`` with a letter's subject line, greeting and closing blanked."""
    if "\n" not in question.strip():
        return question
    lines = _lines(question)
    body = [(a, b) for a, b in lines if question[a:b].strip()]
    if len(body) < 2:
        return question
    blank: list[tuple[int, int]] = []
    first = body[0]
    if _SUBJECT.match(question, first[0], first[1]):
        blank.append(first)
        body = body[1:]
    greeted = [line for line in body[:1] if _GREETING.fullmatch(question, *line)]
    lead = _GREETING_LEAD.match(question, *body[0]) if body and not greeted else None
    if not blank and not greeted and not lead:
        return question  # no subject line and no greeting: no letter
    blank += greeted
    body = body[len(greeted) :]
    if lead:  # the greeting opens the line that asks
        blank.append((body[0][0], lead.end()))
    blank += _closing(question, lines, body)
    out = question
    for a, b in blank:
        out = out[:a] + " " * (b - a) + out[b:]
    return out if out.strip() else question


def _lines(text: str) -> list[tuple[int, int]]:
    """Where each line of ``text`` starts and ends (without its line break)."""
    out, start = [], 0
    for match in re.finditer(r"\n", text):
        out.append((start, match.start()))
        start = match.end()
    out.append((start, len(text)))
    return out


def _closing(
    question: str, lines: list[tuple[int, int]], body: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """The closing's lines: those after the body's last blank line.

    Only when all are short and hold no number and no question mark ("Thanks, / Ilse
    (mushroom forager)"; 谢谢！/ 阿兰（采蘑菇的人）).
    """
    if len(body) < 2:
        return []
    empty = [i for i, (a, b) in enumerate(lines) if not question[a:b].strip()]
    if not empty:
        return []
    tail = [line for line in lines[empty[-1] + 1 :] if question[line[0] : line[1]].strip()]
    if not tail or len(tail) > 3 or len(tail) >= len(body):
        return []
    for a, b in tail:
        text = question[a:b]
        if re.search(r"[\d?？]", text) or not _short(text):
            return []
    return tail


def _short(text: str) -> bool:
    cjk = len(re.findall(r"[\u4e00-\u9fff]", text))
    return len(text.split()) <= _SHORT_WORDS and cjk <= _SHORT_CHARS
