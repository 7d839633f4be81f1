"""Power-law distributions after Clauset, Shalizi & Newman (2009, SIAM Review 51:661).

``fit_tail`` chooses x_min by an exact, pruned KS scan, fits alpha by maximum
likelihood (exact Hurwitz-zeta likelihood for discrete data), and its result
offers the paper's goodness-of-fit bootstrap, likelihood-ratio comparisons and
bootstrap intervals.
"""

from scalinglaws.tails.binned_fit import BinnedTailFit, fit_tail_binned
from scalinglaws.tails.compare import Comparison
from scalinglaws.tails.corpus import fit_tails
from scalinglaws.tails.distribution import TailDistribution
from scalinglaws.tails.fit import fit_tail
from scalinglaws.tails.result import GofResult, TailBootstrap, TailFit

__all__ = [
    "BinnedTailFit",
    "Comparison",
    "GofResult",
    "TailBootstrap",
    "TailDistribution",
    "TailFit",
    "fit_tail",
    "fit_tail_binned",
    "fit_tails",
]
