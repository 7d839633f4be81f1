"""Which words of a question name something, and what.

* :func:`cited`: names written as a citation ("Hoffmann et al.", "Clauset 2009", an
  author list "Clauset, Shalizi & Newman"): they name a publisher;
* :func:`names_something`: an unknown word that names a thing the results may not hold
  (a capital, a digit, an acronym, a Greek letter's name, a law named after someone);
* :data:`SYMBOL_LIKE`: a parameter's own symbol written after the name of its quantity
  ("the prefactor Y0"), which names that quantity rather than something unknown.
"""

from __future__ import annotations

import re

from scalinglaws.ask.values import ascii_words

__all__ = ["GREEK_LETTERS", "GREEK_NAMES", "SYMBOL_LIKE", "cited", "names_something"]


#: A name cited as a publication: "Hoffmann et al.", "Hoffmann et al.'s", "Clauset 2009".
_CITED = re.compile(r"([A-Za-z\u00c0-\u024f]{3,})\s+(?:et\.?\s+al\b|\(?(?:19|20)\d\d\b)")


#: Names written as an author list: "Clauset, Shalizi & Newman", "Pearl and Reed".
_AUTHORS = re.compile(
    r"\b([A-Z][a-z\u00c0-\u024f]{2,}(?:\s*,\s*[A-Z][a-z\u00c0-\u024f]{2,})*)"
    r"\s*(?:&|\band\b)\s*([A-Z][a-z\u00c0-\u024f]{2,})"
)


def cited(question: str) -> frozenset[str]:
    """Names the question writes as a citation.

    "Hoffmann et al.", "Clauset 2009", or an author list ("Clauset, Shalizi & Newman").
    They name a publisher, even where they also name the data set (Hoffmann's runs are
    Epoch's data).
    """
    names = [m.group(1) for m in _CITED.finditer(question)]
    for m in _AUTHORS.finditer(question):
        names += [*re.split(r"\s*,\s*", m.group(1)), m.group(2)]
    return frozenset(ascii_words(name) for name in names)


#: Names of Greek letters: an unknown one names a parameter ("the cut-off's lambda", μ);
#: the ones a result uses (alpha, beta) are its symbols and never reach here.
GREEK_NAMES_EN = [
    "gamma",
    "delta",
    "epsilon",
    "zeta",
    "eta",
    "theta",
    "iota",
    "kappa",
    "lambda",
    "mu",
    "nu",
    "xi",
    "rho",
    "sigma",
    "tau",
    "upsilon",
    "phi",
    "chi",
    "psi",
    "omega",
]
GREEK_NAMES = frozenset([*GREEK_NAMES_EN, *"γδεζηθικλμνξρστυφχψω"])
#: Greek letters written as letters, by name ("δ" of "free δ" is the "delta" of a group).
GREEK_LETTERS = dict(zip("γδεζηθικλμνξρστυφχψω", GREEK_NAMES_EN, strict=True))
#: A law, rule, principle or test named after someone (or two) follows its name ("Heaps'
#: law", Zipf定律, "Breusch-Pagan test").
_LAW_AFTER = re.compile(
    r"(?:[-–][A-Z][a-z]+)?(?:'s|’s|'|’)?\s*(?:law|rule|principle|test|statistic|定律|法则)"
    r"(?![A-Za-z])",
    re.I,
)
#: A parameter's own name ("Y0", "y_0", "k1"): a letter with a digit, named right after
#: the word for what it is ("the prefactor Y0"), is the user's symbol for that quantity.
SYMBOL_LIKE = re.compile(r"^[A-Za-z]_?\d$")


def names_something(word: str, *, at_start: bool, after: str = "") -> bool:
    """Whether an unknown word reads as a name.

    An unknown word reads as a name when it is written with a capital (but for the
    first word of a question, unless a law is named after it: "Heaps' law"), holds a
    digit, is an acronym of three letters or more ("GPT", anywhere; two-letter ones
    such as LR, SE or CI are the field's shorthand) or a Greek letter's name (a
    parameter: "lambda", μ).
    """
    acronym = len(word) >= 3 and word.isupper()
    capital = word[:1].isupper() and (not at_start or bool(_LAW_AFTER.match(after)))
    greek = word.lower() in GREEK_NAMES
    return capital or acronym or greek or any(c.isdigit() for c in word)
