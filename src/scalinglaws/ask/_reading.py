"""A second reading of a question's phrases: what a phrase means beside its neighbours.

:func:`reread` takes the concept groups and flags that
:func:`scalinglaws.ask.understand.understand` matched and applies rules that depend on
what stands around a phrase, not on the phrase alone:

* **compared with a number**: "compare" (比较, "compared") names a likelihood-ratio
  comparison of two distributions, but set against a number the question names
  ("与 1 比较", "compared with Kleiber's 3/4") it is a test that the exponent equals
  that number (the hypothesis), unless an alternative distribution is named;
* **the spread of a parameter**: "standard deviation" (标准差) of a quantity the
  question names (x_min, alpha, by a word or a symbol) is that estimate's standard
  error (Clauset et al. 2009 print bootstrap standard deviations beside each
  estimate), not the spread of the data;
* **a prediction with no input**: "expect", "predict" (预测) without a size, a year,
  a date or a budget to evaluate at do not ask for a prediction at an input: they
  describe a quantity of the law itself ("the level the logistic expects the US to
  level off at", its carrying capacity), so they help choose but need not be carried;
* **a fitted value of a parameter**: "fitted value" with no input, beside a parameter or
  a symbol the question names ("the chinchilla E fitted value"), is that estimate as our
  fit gave it, not the curve's value at an input;
* **a word that introduces a symbol**: in "exponent p", "rate r", the word describes
  the symbol the question names; the symbol decides, so the word need not be carried
  ("exponent p" of a GGM is its deceleration parameter p);
* **how many at a year**: "how many" with a year and nothing else asked ("How many
  people does the logistic put in the US in 1900?") asks for the curve's value there,
  not for the number of observations;
* **an error of an estimate**: "error" (误差) of a quantity the question names (指数的误差)
  is its standard error, unless it is a prediction's or a target's miss;
* **compared with the literature**: "for comparison with the literature" asks for the
  published value, not a likelihood-ratio comparison;
* **the formula of a parameter**: "the coefficient a in the brain-mass formula" (公式)
  names where the parameter lives, not a question about the method;
* **a law named in passing**: "Kleiber" or "isometry" beside another quantity asked (an
  exponent, a symbol, its standard error), with no test word and no number to test
  against ("Teaching Kleiber's law from metabolism.csv: what exponent b came out?"),
  names the law the user has in mind, not a test of it;
* **an exponent set equal to a number**: "b = 2/3" beside a p-value or a test statistic
  ("what p-value does a test of b = 2/3 give?") names the test that the exponent equals
  it, though no test word says so;
* **a verdict's categories**: "good, moderate or with cut-off" beside "verdict" names
  categories of the verdict, not the truncated power law;
* **what the data are measured in**: "measured in" followed by a word naming a measured
  quantity ("severity, measured in deaths per attack": a data set's ``measures``,
  :mod:`._measured`) says what the data are, not which unit is asked for.

The rules know no particular question: they read positions and the vocabulary's concepts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from scalinglaws.ask._context import asking_start
from scalinglaws.ask._measured import names_a_measure
from scalinglaws.ask.numbers import Mentions, date_spans

__all__ = ["P_VALUE", "reread"]

Group = tuple[frozenset[str], str]

#: Concepts of a prediction whose "error" is its miss, not an estimate's standard error.
_ABOUT_A_TARGET = frozenset({"target", "prediction", "actual", "forecast"})
#: "comparison with the (academic) literature / published values / the paper".
_LITERATURE = re.compile(
    r"\s*(?:with|to|against)\s+(?:the\s+)?(?:academic\s+|published\s+)?"
    r"(?:literature|papers?|published|values? published)",
    re.I,
)

#: A p-value named as such (not "significant figures").
P_VALUE = re.compile(r"(?i:\bp[- ]?values?\b)|[pP]\s*值")
#: Words (stems as the vocabulary's terms) that name a hypothesised exponent by themselves.
_NAMED_HYPOTHESES = re.compile(r"kleiber|isometr|克莱伯|等距|等速", re.I)
#: Proportionality, which fixes the exponent at one ("tested against proportionality",
#: "against one").
_PROPORTIONAL = re.compile(r"proportional|linear|\bagainst (?:one|unity)\b|线性|成正比", re.I)


def names_a_hypothesis(text: str, found: Mentions) -> bool:
    """The question names an exponent to test against.

    A small number without a unit word or a fraction (1, 0.75, 3/4), or a law that fixes one
    (Kleiber's 3/4, isometry, proportionality).
    """
    return _small_numbers(found) or bool(
        _NAMED_HYPOTHESES.search(text) or _PROPORTIONAL.search(text)
    )


def _small_numbers(found: Mentions) -> bool:
    """Whether the question names a small number without a unit word, or a fraction."""
    return any(
        (n.fraction or abs(n.value) <= 5) and n.unit is None and not n.is_year
        for n in found.numbers
    )


def _introduces_symbol(question: str, text: str, symbols: Sequence[str]) -> bool:
    """Whether the phrase ``text`` stands right before a symbol the question names."""
    for symbol in symbols:
        gap = r"\s*" if re.search(r"[\u4e00-\u9fff]$", text) else r"\s+"  # 指数p
        pattern = rf"{re.escape(text)}{gap}{re.escape(symbol)}(?![A-Za-z0-9_])"
        if re.search(pattern, question, re.I if len(symbol) > 2 else 0):
            return True
    return False


def _measures_follow(question: str, text: str) -> bool:
    """Whether a word naming a measured quantity follows the phrase ``text``."""
    at = question.lower().find(text.lower())
    return at >= 0 and names_a_measure(question[at + len(text) :])


def _dated(question: str, found: Mentions) -> bool:
    """Whether the asking sentence names a year or a date ("how many people in 1900").

    Not a year of the story told before it ("... the 2000 census city populations. How
    many cities are in the tail?").
    """
    asking = asking_start(question)
    return any(n.is_year and n.start >= asking for n in found.numbers) or any(
        start >= asking for start, _ in date_spans(question)
    )


def reread(
    question: str,
    groups: Sequence[Group],
    flags: set[str],
    symbols: set[str],
    found: Mentions,
    names_an_input: bool,
) -> tuple[list[Group], set[str], frozenset[str]]:
    """The groups, the flags and the concepts that are soft for this question.

    See the module docstring for the rules.
    """
    concepts = {c for g, _ in groups for c in g}
    out: list[Group] = []
    soft: set[str] = set()
    # quantities a result estimates (not an alternative distribution: "sigma of the
    # log-normal alternative" is that distribution's own parameter; nor "data", 停电数据的
    # 标准差 being the data's spread)
    not_estimates = {"spread", "count", "sample", "tail", "pvalue", "contrast", "compare"}
    not_estimates.add("data_size")
    parameters = {c for c in concepts - not_estimates if not c.startswith("alt:")}
    for group, text in groups:
        alternative = any(c.startswith("alt:") for c in concepts)
        if group == {"compare"} and not alternative and names_a_hypothesis(question, found):
            group = frozenset({"hypothesis"})
        if group == {"count"} and _dated(question, found) and len(groups) == 1:
            # "how many people in 1900", "how many cases on 8 February": the curve's value
            group = frozenset({"prediction"})
        if group == {"method"} and (parameters - {"method"} or symbols):
            continue  # "the coefficient a in the brain-mass formula": where a lives
        if group == {"probability"} and P_VALUE.search(question):
            continue  # "what's the chance it is a power law, going by the gof p-value": the p
        if group == {"alt:truncated_power_law"} and "verdict" in concepts:
            continue  # "good, moderate or with cut-off": a verdict's category
        if group == {"alt:truncated_power_law"} and "xmin" in concepts and "cut" in text.lower():
            continue  # "at what x_min was the tail cut off": where it starts
        if group == {"exponent"} and "verdict" in concepts and "power" in text.lower():
            continue  # "which verdict was given to the power law": the law judged
        if group == {"units"} and _measures_follow(question, text):
            continue
        if group == {"spread"} and (parameters or symbols):
            flags.add("stderr")
            continue
        if (
            group == {"error"}
            and (parameters - {"error"} or symbols)
            and not _ABOUT_A_TARGET & concepts
        ):
            flags.add("stderr")  # 指数的误差: the estimate's error, not a prediction's
            continue
        if (
            group == {"hypothesis"}
            and _NAMED_HYPOTHESES.search(text)
            and not {"pvalue", "statistic", "compare"} & concepts
            and (parameters - {"hypothesis"} or symbols or "stderr" in flags)
            and not _small_numbers(found)
        ):
            continue  # "Teaching Kleiber's law ...: what exponent b?": the law's name, no test
        if group == {"compare"} and _LITERATURE.match(question[question.find(text) + len(text) :]):
            flags.add("published")  # "for comparison with the literature": the published value
            continue
        if (
            group == {"prediction"}
            and text.lower().startswith("fitted value")
            and not names_an_input
            and (parameters - {"prediction"} or symbols)
        ):
            flags.add("fitted")  # "chinchilla E fitted value": the estimate, not a prediction
            continue
        if group == {"prediction"} and not names_an_input and len(groups) > 1:
            soft.update(group)
        if symbols and _introduces_symbol(question, text, sorted(symbols)):
            soft.update(group)
        out.append((group, text))
    tested = EQUATED.search(question)
    if tested and concepts & {"pvalue", "statistic"} and "hypothesis" not in concepts:
        # "what p-value does a test of b = 2/3 give?": the test that the exponent is 2/3
        out.append((frozenset({"hypothesis"}), tested.group()))
    return out, flags, frozenset(soft)


#: An exponent set equal to a small number or a fraction ("b = 2/3", "alpha=2", 指数等于0.75,
#: "the test that the exponent is 0.667").
EQUATED = re.compile(
    r"(?<![A-Za-z0-9_])(?:b|alpha|beta|α|β|exponent|slope|指数|斜率)\s*"
    r"(?:==?|等于|(?i:\bis|\bequals|\bbeing))\s*"
    r"[0-5](?:\.\d+)?(?:\s*/\s*\d+)?(?![\d.])"
)
