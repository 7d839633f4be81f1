"""The outcome of a goodness-of-fit bootstrap (Clauset, Shalizi & Newman 2009, sec. 4.1)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from scalinglaws.tails.support import SIGNIFICANCE

__all__ = ["GofResult"]


@dataclass(frozen=True)
class GofResult:
    """Semi-parametric bootstrap goodness of fit: p = P(D_synthetic >= D_observed)."""

    p_value: float
    ks_distance: float
    n_boot: int
    n_failed: int = 0  # synthetic sets too small to fit (excluded from p)

    @classmethod
    def from_distances(cls, distances: npt.ArrayLike, observed: float) -> GofResult:
        """p = the fraction of synthetic KS distances >= `observed` (NaN: unfittable sets)."""
        values = np.asarray(distances, dtype=np.float64)
        valid = values[np.isfinite(values)]
        p = float(np.mean(valid >= observed)) if valid.size else 0.0
        return cls(p, observed, int(valid.size), int(values.size - valid.size))

    @property
    def plausible(self) -> bool:
        """Whether the power law is plausible: p above 0.1 (Clauset et al. 2009)."""
        return self.p_value > SIGNIFICANCE

    def verdict(self) -> str:
        """The test's outcome in words.

        Returns
        -------
        str
            "a power law is plausible (p = 0.49)" or "the power law is ruled out
            (p = 0.03)".
        """
        if self.plausible:
            return f"a power law is plausible (p = {self.p_value:.2f})"
        return f"the power law is ruled out (p = {self.p_value:.2f})"

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
    def from_dict(cls, data: dict[str, Any]) -> GofResult:
        """Read a test written by :meth:`to_dict`.

        Parameters
        ----------
        data : dict
            The mapping :meth:`to_dict` wrote (``n_failed`` may be absent).

        Returns
        -------
        GofResult
            The test.
        """
        return cls(
            float(data["p_value"]),
            float(data["ks_distance"]),
            int(data["n_boot"]),
            int(data.get("n_failed", 0)),
        )
