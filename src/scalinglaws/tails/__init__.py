"""Power-law distributions after Clauset, Shalizi & Newman (2009, SIAM Review 51:661).

``fit_tail`` chooses x_min by an exact, pruned KS scan, fits alpha by maximum
likelihood (exact Hurwitz-zeta likelihood for discrete data), and its result
offers the paper's goodness-of-fit bootstrap, likelihood-ratio comparisons and
bootstrap intervals. It takes values or a histogram (``counts=``);
``fit_tail_binned`` fits data published only as bins (Virkar & Clauset 2014),
``fit_tails`` a corpus of data sets in parallel, and ``fit_tail_file`` a Parquet
column of any size, counted out of core.
"""

from scalinglaws._deprecation import moved
from scalinglaws.tails.alternatives import TailAlternative
from scalinglaws.tails.binned_fit import BinnedTailFit, fit_tail_binned
from scalinglaws.tails.compare import TailComparison
from scalinglaws.tails.corpus import fit_tails
from scalinglaws.tails.distribution import TailDistribution
from scalinglaws.tails.fit import fit_tail
from scalinglaws.tails.gof import TailGofResult
from scalinglaws.tails.large import fit_tail_file
from scalinglaws.tails.result import TailFit

__all__ = [
    "BinnedTailFit",
    "TailAlternative",
    "TailComparison",
    "TailDistribution",
    "TailFit",
    "TailGofResult",
    "fit_tail",
    "fit_tail_binned",
    "fit_tail_file",
    "fit_tails",
]

__getattr__ = moved(
    __name__,
    {
        "TailBootstrap": (
            "scalinglaws._legacy:TailBootstrap",
            "TailFit.with_bootstrap() and .boot",
        ),
        "Comparison": ("scalinglaws.tails.compare:TailComparison", "TailComparison"),
        "GofResult": ("scalinglaws.tails.gof:TailGofResult", "TailGofResult"),
    },
)
