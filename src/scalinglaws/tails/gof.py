"""The outcome of a goodness-of-fit bootstrap (Clauset, Shalizi & Newman 2009, sec. 4.1)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from scalinglaws._words import fmt_p
from scalinglaws.tails.support import SIGNIFICANCE

__all__ = ["TailGofResult"]


@dataclass(frozen=True)
class TailGofResult:
    """Semi-parametric bootstrap goodness of fit: p = P(D_synthetic >= D_observed).

    Attributes
    ----------
    p_value : float
        The share of synthetic data sets whose KS distance is at least the observed one;
        the power law is plausible when p > 0.1 (Clauset et al. 2009, sec. 4.1).
    ks_distance : float
        The observed KS distance D.
    n_boot : int
        Synthetic data sets that could be fitted.
    n_failed : int, default 0
        Synthetic data sets that could not be fitted (left out of p).

    References
    ----------
    .. [1] Clauset, A., Shalizi, C. R. & Newman, M. E. J. (2009). Power-law
       distributions in empirical data. SIAM Review 51(4), 661-703, sec. 4.1.
    """

    p_value: float
    ks_distance: float
    n_boot: int
    n_failed: int = 0  # synthetic sets too small to fit (excluded from p)

    @classmethod
    def from_distances(cls, distances: npt.ArrayLike, observed: float) -> TailGofResult:
        """p = the fraction of synthetic KS distances >= `observed` (NaN: unfittable sets).

        Parameters
        ----------
        distances : array_like
            The synthetic data sets' KS distances, NaN where a set could not be fitted.
        observed : float
            The KS distance of the data.

        Returns
        -------
        TailGofResult
            The test; p is 0 when no synthetic set could be fitted.
        """
        values = np.asarray(distances, dtype=np.float64)
        valid = values[np.isfinite(values)]
        p = float(np.mean(valid >= observed)) if valid.size else 0.0
        return cls(p, observed, int(valid.size), int(values.size - valid.size))

    @property
    def plausible(self) -> bool:
        """Whether the power law is plausible: p above 0.1 (Clauset et al. 2009)."""
        return self.p_value > SIGNIFICANCE

    @property
    def outcome(self) -> str:
        """The test's outcome as a clause.

        "a power law is plausible" or "the power law is ruled out" (p <= 0.1, Clauset et al.
        2009, sec. 4.1).
        """
        return "a power law is plausible" if self.plausible else "the power law is ruled out"

    def verdict(self) -> str:
        """The test's outcome with its p-value.

        Returns
        -------
        str
            :attr:`outcome` and the p-value, e.g. "a power law is plausible (p = 0.80)".
        """
        return f"{self.outcome} ({fmt_p(self.p_value)})"

    def to_dict(self) -> dict[str, Any]:
        """The test as a JSON-ready mapping.

        Returns
        -------
        dict
            ``p_value``, ``ks_distance``, ``n_boot``, ``n_failed`` and ``plausible``.
        """
        return {
            "p_value": self.p_value,
            "ks_distance": self.ks_distance,
            "n_boot": self.n_boot,
            "n_failed": self.n_failed,
            "plausible": self.plausible,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TailGofResult:
        """Read a test written by :meth:`to_dict`.

        Parameters
        ----------
        data : dict
            The mapping :meth:`to_dict` wrote (``n_failed`` may be absent).

        Returns
        -------
        TailGofResult
            The test.
        """
        return cls(
            float(data["p_value"]),
            float(data["ks_distance"]),
            int(data["n_boot"]),
            int(data.get("n_failed", 0)),
        )
