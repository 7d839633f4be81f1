"""The words of a tail fit: its verdict sentences, written once for every renderer.

The CLI, the report, the web page and ``ask`` read these (Clauset, Shalizi &
Newman 2009: goodness of fit, sec. 4.1; likelihood-ratio tests, sec. 5).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scalinglaws._words import _join, _p, _sentence, fmt

if TYPE_CHECKING:
    from scalinglaws.tails.compare import Comparison
    from scalinglaws.tails.result import TailFit

__all__ = ["tail_sentence"]

_ARTICLE = {
    "lognormal": "a lognormal",
    "exponential": "an exponential",
    "stretched_exponential": "a stretched exponential",
    "truncated_power_law": "a truncated power law",
    "poisson": "a Poisson",
}


def _name(alternative: str) -> str:
    return _ARTICLE.get(alternative, "a " + alternative.replace("_", " "))


def tail_sentence(fit: TailFit) -> str | None:
    """Goodness of fit and comparisons in one sentence, e.g. "A power law is plausible
    (p = 0.49) but a lognormal fits equally well (p = 0.66).". None when neither ran."""
    gof, tests = fit.gof_result, fit.comparisons
    if gof is None and not tests:
        return None
    if gof is None:
        head = "the goodness of fit was not tested"
    elif gof.plausible:
        head = f"a power law is plausible ({_p(gof.p_value)})"
    else:
        head = f"the power law is ruled out ({_p(gof.p_value)})"
    equal = [c for c in tests if c.preferred is None]
    alt = [c for c in tests if c.preferred == c.alternative]
    power = [c for c in tests if c.preferred == "power_law"]
    doubts: list[str] = []
    if len(equal) == 1:
        doubts.append(f"{_name(equal[0].alternative)} fits equally well ({_p(equal[0].p_value)})")
    elif equal:
        doubts.append(_join([_with_p(c) for c in equal]) + " fit equally well")
    if alt:
        verb = "fits" if len(alt) == 1 else "fit"
        doubts.append(_join([_with_lr(c) for c in alt]) + f" {verb} better")
    text = head
    if doubts:
        text += (" but " if gof is not None and gof.plausible else "; ") + _join(doubts)
    if power:
        text += "; the power law fits better than " + _join([_with_lr(c) for c in power])
    return _sentence(text)


def _with_p(c: Comparison) -> str:
    return f"{_name(c.alternative)} ({_p(c.p_value)})"


def _with_lr(c: Comparison) -> str:
    return f"{_name(c.alternative)} (LR = {fmt(c.statistic, '.3g')}, {_p(c.p_value)})"


def _tail_verdicts(fit: TailFit) -> list[str]:
    out = [
        f"Above x_min = {fmt(fit.xmin)} ({fit.n_tail} of {fit.n} points) the tail follows "
        f"P(X ≥ x) ∝ x^-{fmt(fit.alpha - 1, '.3f')}, i.e. α = {fmt(fit.alpha, '.3f')} "
        f"± {fmt(fit.alpha_stderr, '.2g')}."
    ]
    sentence = tail_sentence(fit)
    if sentence is None:
        out.append(
            "Neither the goodness of fit nor any alternative was tested; "
            "rerun with --gof 1000 --compare lognormal,exponential for a verdict."
        )
    else:
        out.append(sentence)
    if fit.support is not None:
        out.append(f"Support for the power law (Clauset et al. 2009): {fit.support}.")
    return out
