"""The outcome of a goodness-of-fit bootstrap (Clauset, Shalizi & Newman 2009, sec. 4.1)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from scalinglaws.tails.support import SIGNIFICANCE

__all__ = ["TailGofResult"]


@dataclass(frozen=True)
class TailGofResult:
    """Semi-parametric bootstrap goodness of fit: p = P(D_synthetic >= D_observed)."""

    p_value: float
    ks_distance: float
    n_boot: int
    n_failed: int = 0  # synthetic sets too small to fit (excluded from p)

    @classmethod
    def from_distances(cls, distances: npt.ArrayLike, observed: float) -> TailGofResult:
        """p = the fraction of synthetic KS distances >= `observed` (NaN: unfittable sets)."""
        values = np.asarray(distances, dtype=np.float64)
        valid = values[np.isfinite(values)]
        p = float(np.mean(valid >= observed)) if valid.size else 0.0
        return cls(p, observed, int(valid.size), int(values.size - valid.size))

    @property
    def plausible(self) -> bool:
        return self.p_value > SIGNIFICANCE

    @property
    def outcome(self) -> str:
        """The test's outcome as a clause: "a power law is plausible" or "the power law is
        ruled out" (p <= 0.1, Clauset et al. 2009, sec. 4.1)."""
        return "a power law is plausible" if self.plausible else "the power law is ruled out"

    def verdict(self) -> str:
        """The outcome with its p-value, e.g. "a power law is plausible (p = 0.80)"."""
        return f"{self.outcome} (p = {self.p_value:.2f})"

    def to_dict(self) -> dict[str, Any]:
        return {
            "p_value": self.p_value,
            "ks_distance": self.ks_distance,
            "n_boot": self.n_boot,
            "n_failed": self.n_failed,
            "plausible": self.plausible,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TailGofResult:
        return cls(
            float(data["p_value"]),
            float(data["ks_distance"]),
            int(data["n_boot"]),
            int(data.get("n_failed", 0)),
        )
