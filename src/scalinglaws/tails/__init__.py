"""Power-law distributions after Clauset, Shalizi & Newman (2009, SIAM Review 51:661).

``fit_tail`` chooses x_min by an exact, pruned KS scan, fits alpha by maximum
likelihood (exact Hurwitz-zeta likelihood for discrete data), and its result
offers the paper's goodness-of-fit bootstrap, likelihood-ratio comparisons and
bootstrap intervals.
"""

from scalinglaws._deprecation import moved
from scalinglaws.tails.compare import Comparison
from scalinglaws.tails.fit import fit_tail
from scalinglaws.tails.result import GofResult, TailFit

__all__ = ["Comparison", "GofResult", "TailFit", "fit_tail"]

__getattr__ = moved(
    __name__,
    {"TailBootstrap": ("scalinglaws._legacy:TailBootstrap", "TailFit.with_bootstrap() and .boot")},
)
