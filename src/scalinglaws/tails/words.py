"""The words of a tail fit: its verdict sentences, written once for every renderer.

The CLI, the report, the web page and ``ask`` read these (Clauset, Shalizi &
Newman 2009: goodness of fit, sec. 4.1; likelihood-ratio tests, sec. 5).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from scalinglaws._words import as_sentence, fmt, fmt_p, join_and
from scalinglaws.results import SummaryRow

if TYPE_CHECKING:
    from scalinglaws.tails.binned_fit import BinnedTailFit
    from scalinglaws.tails.compare import TailComparison
    from scalinglaws.tails.result import TailFit

__all__ = ["TailWords", "summary_rows", "tail_sentence", "verdicts"]

#: The summaries' titles, by ``result.kind``.
TITLES = {
    "tail": "Power-law tail ({}), Clauset, Shalizi & Newman 2009",
    "tail_binned": "Power-law tail (binned data), Virkar & Clauset 2014",
}


def summary_rows(fit: TailFit | BinnedTailFit) -> tuple[SummaryRow, ...]:
    """The rows of a tail fit's summary: sizes, x_min, alpha, goodness of fit, tests, support.

    Parameters
    ----------
    fit : TailFit or BinnedTailFit
        The fit.

    Returns
    -------
    tuple of SummaryRow
        The rows, each with its note and, for the tests, the verdict in words.
    """
    binned = fit.kind == "tail_binned"
    rows = [SummaryRow("n", f"{fit.n}", note=f"{fit.counts.size} bins" if binned else "")]
    dropped = getattr(fit, "n_dropped", 0)
    if dropped:
        rows.append(
            SummaryRow("dropped", f"{dropped} non-positive values", note="drop_nonpositive=True")
        )
    how = "fixed" if fit.xmin_fixed else "KS scan"
    rows.append(SummaryRow("b_min" if binned else "x_min", f"{fit.xmin:.6g}", note=how))
    spread = f"± {fit.alpha_stderr:.4f}" if math.isfinite(fit.alpha_stderr) else ""
    rows.append(SummaryRow("alpha", f"{fit.alpha:.4f}", spread))
    rows.append(SummaryRow("n_tail", f"{fit.n_tail}"))
    rows.append(SummaryRow("KS distance", f"{fit.ks_distance:.4g}"))
    xmax = getattr(fit, "xmax", math.inf)
    if math.isfinite(xmax):
        rows.append(SummaryRow("x_max", f"{xmax:.6g}"))
    gof = fit.gof_result
    if gof is not None:
        rows.append(
            SummaryRow("GoF p", f"{gof.p_value:.3f}", "", f"{gof.n_boot} replicates", gof.verdict())
        )
    for c in fit.comparisons:
        value = f"LR = {c.statistic:.3f}, p = {c.p_value:.3f}"
        rows.append(SummaryRow(f"vs {c.alternative}", value, verdict=c.verdict()))
    if fit.support is not None:
        rows.append(SummaryRow("support", fit.support))
    if fit.boot is not None and not binned:
        table = fit.boot.conf_int(0.95)
        spans = ", ".join(
            f"{name} [{table.loc[name, 'lower']:.4g}, {table.loc[name, 'upper']:.4g}]"
            for name in ("alpha", "xmin")
        )
        rows.append(SummaryRow("bootstrap 95%", spans, note=f"{fit.boot.n_ok} replicates"))
    return tuple(rows)


_ARTICLE = {
    "lognormal": "a lognormal",
    "exponential": "an exponential",
    "stretched_exponential": "a stretched exponential",
    "truncated_power_law": "a truncated power law",
    "poisson": "a Poisson",
}


def _name(alternative: str) -> str:
    return _ARTICLE.get(alternative, "a " + alternative.replace("_", " "))


def tail_sentence(fit: TailFit | BinnedTailFit) -> str | None:
    """Goodness of fit and comparisons in one sentence.

    For example "A power law is plausible (p = 0.49) but a lognormal fits equally well
    (p = 0.66).". None when neither ran.
    """
    gof, tests = fit.gof_result, fit.comparisons
    if gof is None and not tests:
        return None
    if gof is None:
        head = "the goodness of fit was not tested"
    else:
        head = f"{gof.outcome} ({fmt_p(gof.p_value)})"
    equal = [c for c in tests if c.preferred is None]
    alt = [c for c in tests if c.preferred == c.alternative]
    power = [c for c in tests if c.preferred == "power_law"]
    doubts: list[str] = []
    if len(equal) == 1:
        only = equal[0]
        doubts.append(f"{_name(only.alternative)} fits equally well ({fmt_p(only.p_value)})")
    elif equal:
        doubts.append(join_and([_with_p(c) for c in equal]) + " fit equally well")
    if alt:
        verb = "fits" if len(alt) == 1 else "fit"
        doubts.append(join_and([_with_lr(c) for c in alt]) + f" {verb} better")
    text = head
    if doubts:
        text += (" but " if gof is not None and gof.plausible else "; ") + join_and(doubts)
    if power:
        text += "; the power law fits better than " + join_and([_with_lr(c) for c in power])
    return as_sentence(text)


def _with_p(c: TailComparison) -> str:
    return f"{_name(c.alternative)} ({fmt_p(c.p_value)})"


def _with_lr(c: TailComparison) -> str:
    return f"{_name(c.alternative)} (LR = {fmt(c.statistic, '.3g')}, {fmt_p(c.p_value)})"


def verdicts(fit: TailFit | BinnedTailFit) -> list[str]:
    """The fit's conclusions as sentences: the law above x_min, then the tests, then the support.

    Parameters
    ----------
    fit : TailFit or BinnedTailFit
        The fit.

    Returns
    -------
    list of str
        The sentences.
    """
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


class TailWords:
    """The words of a tail fit as methods, for :class:`TailFit` and :class:`BinnedTailFit`."""

    def summary_rows(self) -> tuple[SummaryRow, ...]:
        """The summary's rows: sizes, x_min, alpha, goodness of fit, tests, support, intervals.

        Returns
        -------
        tuple of SummaryRow
            The rows (:func:`scalinglaws.tails.words.summary_rows`).
        """
        return summary_rows(self)  # type: ignore[arg-type]  # mixed into the two fits only

    def verdicts(self) -> tuple[str, ...]:
        """The fit's conclusions as sentences (:func:`scalinglaws.tails.words.verdicts`).

        Returns
        -------
        tuple of str
            The law above x_min, the tests' outcome, the support.
        """
        return tuple(verdicts(self))  # type: ignore[arg-type]
