"""Likelihood-ratio tests of the power law against alternatives (Clauset et al. 2009, sec. 5).

With l_i = ln p_PL(x_i) - ln p_alt(x_i) over the n tail points and R = sum l_i:

* non-nested alternatives (Vuong 1989, Clauset eq. 5.4-5.5): sigma^2 is the variance
  of the l_i, the normalised ratio is R / (sigma sqrt(n)), and the two-sided
  p = erfc(|R| / (sigma sqrt(2 n))); a significant positive R favours the power law;
* the truncated power law nests the power law (lambda = 0), so -2R is chi-square with
  one degree of freedom (Wilks): p = P(chi2_1 > -2R). This is the paper's
  "PL+cut-off" column, which reports R itself.

Discrete data compare like with like: every alternative that reaches the power law
at a limit (lognormal as sigma -> inf, stretched exponential as beta -> 0,
truncated power law as lambda -> 0) reaches there exactly the discrete zeta law
that is fitted, because the discrete families follow the paper's Table 2.1 (pmf
proportional to f(k), see :mod:`.alternatives`). An alternative at or near its limit
therefore fits (almost) the same law; when the pointwise differences vanish the
test reports R = 0, p = 1 ("inconclusive"), and close to the limit the nested
fit's small gain keeps Vuong's statistic small (|R| / (sigma sqrt n) ~ |Z| / 2 for
a score statistic Z), so a discretisation difference is never reported as
evidence (tested on samples from the exact discrete power law).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, cast

import numpy as np
from scipy import special, stats

from scalinglaws._types import FloatArray
from scalinglaws.errors import FitError
from scalinglaws.tails import powerlaw
from scalinglaws.tails.alternatives import FAMILIES, TailAlternative
from scalinglaws.tails.distribution import FittedLaw, TailDistribution
from scalinglaws.tails.mle import FittedFamily, fit_family
from scalinglaws.tails.support import NESTED, SIGNIFICANCE
from scalinglaws.tails.tail_sample import Tail

#: Below this spread of pointwise log-likelihood differences (nats) the two fitted
#: laws are the same distribution (an alternative at its power-law limit), and
#: Vuong's statistic R / (sigma sqrt(n)) would divide noise by noise.
IDENTICAL = 1e-6

#: JSON stores non-finite numbers as null; the only ones a fit reports are the
#: lognormal's (mu, sigma) = (-inf, inf) and the stretched exponential's lambda = inf
#: at their power-law limits.
_LIMIT_VALUES = {"mu": float("-inf"), "sigma": float("inf"), "lambda": float("inf")}


@dataclass(frozen=True)
class TailComparison(FittedLaw):
    """The outcome of one likelihood-ratio test, power law versus `alternative`.

    Attributes
    ----------
    alternative : str
        The alternative law (``"lognormal"``, ``"exponential"``, ...).
    ratio : float
        R, the log-likelihood ratio of the power law to the alternative, summed over the tail.
    normalized_ratio : float
        R / (sigma sqrt(n)), Vuong's statistic.
    p_value : float
        Two-sided for non-nested alternatives (Vuong 1989), one-sided (chi-square,
        one degree of freedom) for the nested truncated power law.
    nested : bool
        Whether the power law is a special case of the alternative.
    alternative_params : dict of str to float
        The alternative's maximum-likelihood parameters.
    n_tail : int
        Observations in the tail both laws were fitted to.
    alternative_stderr : dict of str to float
        The alternative's standard errors, where known.
    xmin : float, default nan
        The tail's x_min.
    discrete : bool, default False
        Whether the data are integers.

    References
    ----------
    .. [1] Clauset, A., Shalizi, C. R. & Newman, M. E. J. (2009). Power-law
       distributions in empirical data. SIAM Review 51(4), 661-703, sec. 5.
    .. [2] Vuong, Q. H. (1989). Likelihood ratio tests for model selection and
       non-nested hypotheses. Econometrica 57(2), 307-333.
    """

    alternative: str
    ratio: float  # R = sum of log-likelihood differences (positive favours the power law)
    normalized_ratio: float  # R / (sigma sqrt(n)); NaN-free: 0 when sigma is 0
    p_value: float
    nested: bool
    alternative_params: dict[str, float]
    n_tail: int
    alternative_stderr: dict[str, float] = field(default_factory=dict)
    xmin: float = float("nan")  # where the alternative's law starts (NaN in old payloads)
    discrete: bool = False

    @property
    def distribution(self) -> TailDistribution:
        """The fitted alternative as a law with ``pdf``, ``cdf`` and ``ccdf``."""
        return TailDistribution(
            self.alternative,
            dict(self.alternative_params),
            self.xmin,
            self.discrete,
            dict(self.alternative_stderr),
        )

    @property
    def statistic(self) -> float:
        """The paper's LR column: normalised R for non-nested tests, R for nested ones."""
        return self.ratio if self.nested else self.normalized_ratio

    @property
    def preferred(self) -> str | None:
        """The favoured law: "power_law", the alternative, or None when the test cannot tell."""
        if self.p_value > SIGNIFICANCE or self.ratio == 0:
            return None
        return "power_law" if self.ratio > 0 else self.alternative

    @property
    def reduced_to_power_law(self) -> bool:
        """True when the alternative's best fit was the power law itself (R = 0, p = 1)."""
        return self.ratio == 0.0 and self.p_value == 1.0

    @property
    def favoured(self) -> str:
        """The model the test favours, in words.

        "power law", the alternative's name, or "inconclusive" when the test cannot tell
        them apart.
        """
        return "inconclusive" if self.preferred is None else self.preferred.replace("_", " ")

    @property
    def outcome(self) -> str:
        """The test's outcome as a clause.

        For example "the power law fits significantly better than the lognormal
        distribution" (Clauset et al. 2009, sec. 5).
        """
        name = self.alternative.replace("_", " ") + " distribution"
        if self.preferred is None:
            return f"the power law and the {name} fit equally well"
        if self.preferred == "power_law":
            return f"the power law fits significantly better than the {name}"
        return f"the {name} fits significantly better than the power law"

    def verdict(self) -> str:
        """The test's outcome in one sentence.

        Returns
        -------
        str
            Which law the data favour, or that the test cannot tell them apart, with the
            ratio and p-value.
        """
        name = self.alternative.replace("_", " ")
        choice = self.preferred
        if self.reduced_to_power_law:
            return f"inconclusive: the {name} reduced to a power law (R = 0, p = 1)"
        if choice is None:
            return f"power law and {name} fit equally well (p = {self.p_value:.2f})"
        winner = "power law" if choice == "power_law" else name
        return f"the {winner} is preferred (LR = {self.statistic:.3g}, p = {self.p_value:.2g})"

    def to_dict(self) -> dict[str, Any]:
        """The test as a JSON-ready mapping.

        Returns
        -------
        dict
            Every field, the ``preferred`` law and its ``verdict``.
        """
        return {
            "alternative": self.alternative,
            "ratio": self.ratio,
            "normalized_ratio": self.normalized_ratio,
            "statistic": self.statistic,
            "p_value": self.p_value,
            "nested": self.nested,
            "preferred": self.preferred,
            "alternative_params": dict(self.alternative_params),
            "alternative_stderr": dict(self.alternative_stderr),
            "n_tail": self.n_tail,
            "xmin": self.xmin,
            "discrete": self.discrete,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TailComparison:
        """Read a test written by :meth:`to_dict`.

        Parameters
        ----------
        data : dict
            The mapping :meth:`to_dict` wrote.

        Returns
        -------
        TailComparison
            The test.
        """
        return cls(
            alternative=str(data["alternative"]),
            ratio=float(data["ratio"]),
            normalized_ratio=float(data["normalized_ratio"]),
            p_value=float(data["p_value"]),
            nested=bool(data["nested"]),
            alternative_params={
                k: _LIMIT_VALUES.get(k, float("nan")) if v is None else float(v)
                for k, v in data["alternative_params"].items()
            },
            n_tail=int(data["n_tail"]),
            alternative_stderr={
                k: float(v) for k, v in (data.get("alternative_stderr") or {}).items()
            },
            xmin=float("nan") if data.get("xmin") is None else float(data["xmin"]),
            discrete=bool(data.get("discrete", False)),
        )


def compare_power_law(tail: Tail, alpha: float, alternative: str) -> TailComparison:
    """Test the fitted power law (exponent `alpha`) against `alternative` on `tail`."""
    alt = fit_family(alternative, tail)
    xmin = np.array([tail.xmin])
    log_norm = powerlaw.log_normaliser(np.array([alpha]), xmin, np.inf, tail.discrete)[0]
    pl_logpdf = -alpha * np.log(tail.values) - log_norm
    return likelihood_ratio(
        pl_logpdf - alt.logpdf, tail.counts, alt, xmin=tail.xmin, discrete=tail.discrete
    )


def likelihood_ratio(
    diff: FloatArray, counts: FloatArray, alt: FittedFamily, *, xmin: float, discrete: bool
) -> TailComparison:
    """Vuong's likelihood-ratio test from pointwise log-likelihood differences.

    `diff` is the power law's minus the fitted alternative `alt`'s, each observed `counts`
    times.
    """
    counts = np.asarray(counts, dtype=np.float64)
    n = float(counts.sum())
    ratio = float(np.dot(counts, diff))
    sigma = float(np.sqrt(np.dot(counts, (diff - ratio / n) ** 2) / n))
    nested = alt.name == NESTED
    if sigma < IDENTICAL:  # the alternative reached its power-law limit: the same model
        ratio, normalized, p_value = 0.0, 0.0, 1.0
    elif nested:
        ratio = min(ratio, 0.0)  # the nesting model cannot fit worse; clip optimiser noise
        normalized = ratio / (sigma * np.sqrt(n))
        p_value = float(stats.chi2.sf(-2.0 * ratio, df=1)) if ratio < 0 else 1.0
    else:
        normalized = ratio / (sigma * np.sqrt(n))
        p_value = float(special.erfc(abs(ratio) / (sigma * np.sqrt(2.0 * n))))
    if not np.isfinite([ratio, normalized, p_value]).all():
        raise FitError(
            f"compare: the {alt.name.replace('_', ' ')} could not be fitted to this tail "
            f"(its likelihood is not finite at the best parameters found, {alt.params}); "
            "the data span too many decades for it, or too few values."
        )
    return TailComparison(
        alternative=alt.name,
        ratio=ratio,
        normalized_ratio=float(normalized),
        p_value=p_value,
        nested=nested,
        alternative_params=alt.params,
        n_tail=int(n),
        alternative_stderr=alt.stderr,
        xmin=xmin,
        discrete=discrete,
    )


def valid_alternatives(discrete: bool) -> tuple[TailAlternative, ...]:
    """The alternatives that apply to continuous or discrete data."""
    names = (name for name, fam in FAMILIES.items() if discrete or not fam.discrete_only)
    return tuple(cast(TailAlternative, name) for name in names)
