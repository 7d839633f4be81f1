"""A question that asks two things: when the results hold only the first, answer it.

"What carrying capacity K does the US census logistic fit give, and what would it be
for Argentina?", "What's the x_min of the Moby Dick word tail, and what would it be
for Shakespeare's sonnets?", 美国人口普查逻辑斯蒂拟合的拐点年份是多少？阿根廷的拐点又是哪一年？
Read whole, such a question names something no result holds (Argentina, Shakespeare),
and ask abstains. A user who asks two things wants the one the results hold, and to
be told the other is not there: :func:`first_ask` cuts the question before its
follow-up ("and what/how/is ...", "and also ...", a second sentence that goes on with
"and", "what about", 又, 呢, 以及), and :func:`scalinglaws.ask.ask` answers the first part
when the whole abstains and the first part alone does not, saying the rest is not in
these results.
"""

from __future__ import annotations

import re

from scalinglaws.ask._context import asks

__all__ = ["first_ask"]

#: Where an English follow-up starts: "..., and what would it be for ...", "..., and also
#: the R² for birds", "...? And for ...?", "...? What about ...?".
_EN_FOLLOW_UP = re.compile(
    r",\s*and\s+(?:also\s+)?(?=(?:what|how|which|who|when|where|is|are|does|do|did|would|"
    r"will|could|can|the same|what about)\b)|"
    r",\s*(?:and\s+also|plus|as well as)\b|"
    r"\s+and\s+(?=(?:what|how|which|would|could)\b)|"
    r"(?<=[?])\s+(?=(?:and|also|what about|how about|plus|same for|the same for)\b)",
    re.I,
)
#: A Chinese follow-up: the last clause, after ？ or ，, that goes on with 又, 呢 or
#: starts with 以及/还有/另外 (…是多少？阿根廷的拐点又是哪一年？).
_ZH_FOLLOW_UP = re.compile(
    r"[？?，,]\s*(?=(?:以及|还有|另外|那么?)?[^？?，,。]*?(?:又|呢|以及|还有)[^？?，,。]*[？?]?\s*$)"
)


def first_ask(question: str) -> str | None:
    """The question's first ask, without its follow-up; None when it asks one thing."""
    text = question.rstrip()
    for pattern, mark in ((_EN_FOLLOW_UP, "?"), (_ZH_FOLLOW_UP, "？")):
        for match in pattern.finditer(text):
            first, rest = text[: match.start()].rstrip(" ,，?？"), text[match.end() :]
            adds = re.search(r"also|plus|as well", match.group(), re.I)  # "and also the R²"
            if first and asks(first) and (asks(rest) or adds):
                return first + mark
    return None
