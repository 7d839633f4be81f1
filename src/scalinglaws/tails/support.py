"""How strongly the data support a power law: the verdict column of Clauset et al. (2009).

Tables 4 and 5 of A. Clauset, C. R. Shalizi, M. E. J. Newman, "Power-law
distributions in empirical data", SIAM Review 51(4), 661-703 (2009) end with a
one-word verdict ("none", "moderate", "good", "with cut-off") drawn from the
goodness-of-fit p and the likelihood-ratio tests. :func:`support` states the rule.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

__all__ = ["NESTED", "SIGNIFICANCE", "Assessed", "fit_support", "support"]

#: The paper's level: p <= 0.1 rules the power law out (section 4.1) and marks a
#: likelihood-ratio test as significant.
SIGNIFICANCE = 0.1

#: The alternative that nests the power law (tested with the chi-square form).
NESTED = "truncated_power_law"


class _Gof(Protocol):
    @property
    def p_value(self) -> float: ...


class _Test(Protocol):
    @property
    def alternative(self) -> str: ...
    @property
    def statistic(self) -> float: ...
    @property
    def p_value(self) -> float: ...


class Assessed(Protocol):
    """A fit that may carry a goodness of fit and likelihood-ratio tests."""

    @property
    def gof_result(self) -> _Gof | None:
        """The goodness-of-fit test, None when it was not run."""

    @property
    def comparisons(self) -> Sequence[_Test]:
        """The likelihood-ratio tests against the alternatives."""


def fit_support(fit: Assessed) -> str | None:
    """:func:`support` of a fit's own tests; None before any test was run."""
    if fit.gof_result is None and not fit.comparisons:
        return None
    p_gof = None if fit.gof_result is None else fit.gof_result.p_value
    return support(p_gof, {c.alternative: (c.statistic, c.p_value) for c in fit.comparisons})


def support(p_gof: float | None, tests: Mapping[str, tuple[float | None, float | None]]) -> str:
    """The paper's verdict on the power law: "none", "moderate", "good" or "with cut-off".

    ``tests`` maps each alternative to ``(LR, p)``, where LR > 0 favours the power
    law (normalised R for non-nested alternatives, raw R for the truncated power
    law). The rules, applied in order, with the paper's level ``p <= 0.1``:

    1. **with cut-off** -- the truncated power law beats the pure one (LR < 0,
       p <= 0.1), whatever the goodness of fit: the paper labels forest fires
       (p = 0.05) and quakes, web hits and web links (p = 0.00) "with cut-off".
    2. **none** -- the power law is ruled out by its goodness of fit (p <= 0.1),
       or a non-nested alternative is significantly better (LR < 0, p <= 0.1).
    3. **good** -- the power law fits and every non-nested alternative has
       LR > 0, i.e. none fits better, even insignificantly (only "words" in the
       paper, whose log-normal and stretched-exponential LRs are > 0 at p > 0.1).
       LR = 0 counts here too: it is what a test reports when the alternative's
       best fit is its power-law limit, the fitted power law itself (no published
       entry is exactly 0).
    4. **moderate** -- the power law fits, but some alternative fits at least as
       well (LR <= 0 without significance).

    Applied to the published p-values and LRs, these rules reproduce the last
    column of Tables 4 and 5 for all 24 data sets. A missing p-value (None)
    skips the rule that needs it.
    """
    lr_cut, p_cut = tests.get(NESTED, (None, None))
    if _significant(lr_cut, p_cut, negative=True):
        return "with cut-off"
    if p_gof is not None and p_gof <= SIGNIFICANCE:
        return "none"
    others = [test for name, test in tests.items() if name != NESTED]
    if any(_significant(lr, p, negative=True) for lr, p in others):
        return "none"
    if all(lr is not None and lr >= 0 for lr, _ in others):
        return "good"
    return "moderate"


def _significant(lr: float | None, p: float | None, *, negative: bool) -> bool:
    if lr is None or p is None:
        return False
    return (lr < 0 if negative else lr > 0) and p <= SIGNIFICANCE
