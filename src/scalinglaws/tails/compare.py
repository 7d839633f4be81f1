"""Likelihood-ratio tests of the power law against alternatives (Clauset et al. 2009, sec. 5).

With l_i = ln p_PL(x_i) - ln p_alt(x_i) over the n tail points and R = sum l_i:

* non-nested alternatives (Vuong 1989, Clauset eq. 5.4-5.5): sigma^2 is the variance
  of the l_i, the normalised ratio is R / (sigma sqrt(n)), and the two-sided
  p = erfc(|R| / (sigma sqrt(2 n))); a significant positive R favours the power law;
* the truncated power law nests the power law (lambda = 0), so -2R is chi-square with
  one degree of freedom (Wilks): p = P(chi2_1 > -2R). This is the paper's
  "PL+cut-off" column, which reports R itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import special, stats

from scalinglaws.tails import powerlaw
from scalinglaws.tails.alternatives import FAMILIES, fit_family
from scalinglaws.tails.support import NESTED, SIGNIFICANCE
from scalinglaws.tails.tail_sample import Tail

#: Below this spread of pointwise log-likelihood differences (nats) the two fitted
#: laws are the same distribution (an alternative at its power-law limit), and
#: Vuong's statistic R / (sigma sqrt(n)) would divide noise by noise.
IDENTICAL = 1e-6


@dataclass(frozen=True)
class Comparison:
    """The outcome of one likelihood-ratio test, power law versus `alternative`."""

    alternative: str
    ratio: float  # R = sum of log-likelihood differences (positive favours the power law)
    normalized_ratio: float  # R / (sigma sqrt(n)); NaN-free: 0 when sigma is 0
    p_value: float
    nested: bool
    alternative_params: dict[str, float]
    n_tail: int

    @property
    def statistic(self) -> float:
        """The paper's LR column: normalised R for non-nested tests, R for nested ones."""
        return self.ratio if self.nested else self.normalized_ratio

    @property
    def preferred(self) -> str | None:
        """ "power_law", the alternative, or None when the test cannot tell them apart."""
        if self.p_value > SIGNIFICANCE or self.ratio == 0:
            return None
        return "power_law" if self.ratio > 0 else self.alternative

    def verdict(self) -> str:
        """One sentence in words."""
        name = self.alternative.replace("_", " ")
        choice = self.preferred
        if choice is None:
            return f"power law and {name} fit equally well (p = {self.p_value:.2f})"
        winner = "power law" if choice == "power_law" else name
        return f"the {winner} is preferred (LR = {self.statistic:.3g}, p = {self.p_value:.2g})"

    def to_dict(self) -> dict[str, Any]:
        return {
            "alternative": self.alternative,
            "ratio": self.ratio,
            "normalized_ratio": self.normalized_ratio,
            "statistic": self.statistic,
            "p_value": self.p_value,
            "nested": self.nested,
            "preferred": self.preferred,
            "alternative_params": dict(self.alternative_params),
            "n_tail": self.n_tail,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Comparison:
        return cls(
            alternative=str(data["alternative"]),
            ratio=float(data["ratio"]),
            normalized_ratio=float(data["normalized_ratio"]),
            p_value=float(data["p_value"]),
            nested=bool(data["nested"]),
            alternative_params={
                k: float("nan") if v is None else float(v)
                for k, v in data["alternative_params"].items()
            },
            n_tail=int(data["n_tail"]),
        )


def compare_power_law(tail: Tail, alpha: float, alternative: str) -> Comparison:
    """Test the fitted power law (exponent `alpha`) against `alternative` on `tail`."""
    alt = fit_family(alternative, tail)
    xmin = np.array([tail.xmin])
    log_norm = powerlaw.log_normaliser(np.array([alpha]), xmin, np.inf, tail.discrete)[0]
    pl_logpdf = -alpha * np.log(tail.values) - log_norm
    diff = pl_logpdf - alt.logpdf
    n = tail.n
    ratio = float(np.dot(tail.counts, diff))
    sigma = float(np.sqrt(np.dot(tail.counts, (diff - ratio / n) ** 2) / n))
    nested = alternative == NESTED
    if sigma < IDENTICAL:  # the alternative reached its power-law limit: the same model
        ratio, normalized, p_value = 0.0, 0.0, 1.0
    elif nested:
        ratio = min(ratio, 0.0)  # the nesting model cannot fit worse; clip optimiser noise
        normalized = ratio / (sigma * np.sqrt(n))
        p_value = float(stats.chi2.sf(-2.0 * ratio, df=1)) if ratio < 0 else 1.0
    else:
        normalized = ratio / (sigma * np.sqrt(n))
        p_value = float(special.erfc(abs(ratio) / (sigma * np.sqrt(2.0 * n))))
    return Comparison(
        alternative=alternative,
        ratio=ratio,
        normalized_ratio=float(normalized),
        p_value=p_value,
        nested=nested,
        alternative_params=alt.params,
        n_tail=int(n),
    )


def valid_alternatives(discrete: bool) -> tuple[str, ...]:
    """The alternatives that apply to continuous or discrete data."""
    return tuple(name for name, fam in FAMILIES.items() if discrete or not fam.discrete_only)
