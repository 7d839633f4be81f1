"""A fitted tail distribution (the power law or an alternative) as a law you can evaluate.

Every family is the conditional law of X given X >= x_min (Clauset, Shalizi &
Newman 2009, Table 2.1). :class:`TailDistribution` evaluates it anywhere: below
x_min the density is 0, P(X <= x) = 0 and P(X >= x) = 1; a discrete law has mass on
the integers only, P(X <= x) = 1 - P(X >= floor(x) + 1) and P(X >= x) =
P(X >= ceil(x)).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from scalinglaws._types import FloatArray
from scalinglaws._validate import as_float_vector
from scalinglaws.tails.alternatives import family
from scalinglaws.tails.tail_sample import Tail


@dataclass(frozen=True)
class TailDistribution:
    """The law `name` with parameters `params` on x >= `xmin` (discrete: the integers).

    Attributes
    ----------
    name : str
        ``"power_law"`` or an alternative (``"lognormal"``, ``"exponential"``,
        ``"stretched_exponential"``, ``"truncated_power_law"``, ``"poisson"``).
    params : dict of str to float
        The law's parameters by name (``alpha`` for the power law).
    xmin : float
        Where the tail starts; the law is normalised on x >= xmin.
    discrete : bool
        Whether the support is the integers.
    stderr : dict of str to float
        Standard errors of the parameters, where known.
    """

    name: str
    params: dict[str, float]
    xmin: float
    discrete: bool
    stderr: dict[str, float] = field(default_factory=dict)

    def _theta(self) -> FloatArray:
        return family(self.name).from_params(self.params, self.xmin)

    def logpdf(self, x: Any) -> FloatArray:
        """ln p(x): the log density (continuous) or log probability mass (discrete).

        Parameters
        ----------
        x : array_like
            Points at or above ``xmin``.

        Returns
        -------
        numpy.ndarray
            The log densities (computed in logs, so far tails do not underflow).
        """
        values = as_float_vector(np.atleast_1d(x), "x")
        out = np.full(values.shape, -np.inf)
        inside = values >= self.xmin
        if self.discrete:
            inside &= values == np.round(values)
        if inside.any():
            points = values[inside]
            tail = Tail(points, np.ones(points.size), self.xmin, self.discrete)
            with np.errstate(all="ignore"):
                out[inside] = family(self.name).logpdf(self._theta(), tail)
        return out

    def pdf(self, x: Any) -> FloatArray:
        """The density (continuous) or probability mass (discrete) at x.

        Parameters
        ----------
        x : array_like
            Points at or above ``xmin``.

        Returns
        -------
        numpy.ndarray
            The densities or probability masses.
        """
        return np.asarray(np.exp(self.logpdf(x)), dtype=np.float64)

    def ccdf(self, x: Any) -> FloatArray:
        """P(X >= x), the survival function Clauset et al. plot.

        Parameters
        ----------
        x : array_like
            Points at or above ``xmin``.

        Returns
        -------
        numpy.ndarray
            The survival probabilities.
        """
        values = as_float_vector(np.atleast_1d(x), "x")
        if self.discrete:
            values = np.ceil(values)
        out = np.ones(values.shape)
        above = values > self.xmin
        if above.any():
            with np.errstate(all="ignore"):
                log_s = family(self.name).log_ccdf(
                    self._theta(), values[above], self.xmin, self.discrete
                )
            out[above] = np.clip(np.exp(log_s), 0.0, 1.0)
        return out

    def cdf(self, x: Any) -> FloatArray:
        """P(X <= x).

        Parameters
        ----------
        x : array_like
            Points at or above ``xmin``.

        Returns
        -------
        numpy.ndarray
            The probabilities.
        """
        values = as_float_vector(np.atleast_1d(x), "x")
        if self.discrete:
            return np.asarray(1.0 - self.ccdf(np.floor(values) + 1.0), dtype=np.float64)
        inside = values >= self.xmin
        return np.where(inside, 1.0 - self.ccdf(values), 0.0)


class FittedLaw:
    """``pdf``, ``cdf`` and ``ccdf`` of a result's fitted law (its ``distribution``)."""

    @property
    def distribution(self) -> TailDistribution:
        """The fitted law as a distribution (pdf, cdf, sampling)."""
        raise NotImplementedError

    def pdf(self, x: Any) -> FloatArray:
        """The fitted density (continuous) or mass (discrete) at x, given X >= x_min.

        Parameters
        ----------
        x : array_like
            Points in the tail.

        Returns
        -------
        numpy.ndarray
            The densities or probability masses.
        """
        return self.distribution.pdf(x)

    def cdf(self, x: Any) -> FloatArray:
        """The fitted P(X <= x), given X >= x_min.

        Parameters
        ----------
        x : array_like
            Points in the tail.

        Returns
        -------
        numpy.ndarray
            The probabilities.
        """
        return self.distribution.cdf(x)

    def ccdf(self, x: Any) -> FloatArray:
        """The fitted P(X >= x), given X >= x_min.

        Parameters
        ----------
        x : array_like
            Points in the tail.

        Returns
        -------
        numpy.ndarray
            The survival probabilities.
        """
        return self.distribution.ccdf(x)
