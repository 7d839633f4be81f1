"""What a ladder concludes: the target rung's predicted loss, and how far off it was.

:class:`TargetPrediction` is made (and stored in the registry) before the target is
trained; :class:`TargetReport` sets it against the trained target's loss and against
the seed-to-seed spread of the ladder's own runs, the noise floor of any prediction.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["TargetPrediction", "TargetReport", "seed_spread"]


@dataclass(frozen=True)
class TargetPrediction:
    """The fitted law's loss at the target (N, D), with a bootstrap interval when it has one."""

    N: float
    D: float
    loss: float
    lower: float | None
    upper: float | None
    level: float | None
    form: str
    params: dict[str, float]
    n_runs: int
    made_at: float  # unix time; earlier than the target's first training step

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TargetPrediction:
        return cls(**data)

    def __str__(self) -> str:
        span = ""
        if self.lower is not None and self.upper is not None and self.level is not None:
            span = f" ({self.level:.0%} interval {self.lower:.4f} – {self.upper:.4f})"
        return f"predicted loss at N={self.N:.4g}, D={self.D:.4g}: {self.loss:.4f}{span}"


def seed_spread(results: pd.DataFrame) -> float | None:
    """Median relative standard deviation of the loss across seeds of the same rung.

    Only rungs with at least two finished seeds count; None when there are none.
    """
    done = results[results["status"] == "done"]
    spreads = [
        float(np.std(group["loss"], ddof=1) / np.mean(group["loss"]))
        for _, group in done.groupby(["size", "budget"])
        if len(group) >= 2
    ]
    return float(np.median(spreads)) if spreads else None


@dataclass(frozen=True)
class TargetReport:
    """The target's prediction against its trained loss (mean over its seeds)."""

    prediction: TargetPrediction
    actual: float
    actual_seeds: tuple[float, ...]
    ladder_seed_spread: float | None  # median relative std across seeds of the ladder runs

    @property
    def relative_error(self) -> float:
        """(predicted - actual) / actual."""
        return (self.prediction.loss - self.actual) / self.actual

    @property
    def within_interval(self) -> bool | None:
        low, high = self.prediction.lower, self.prediction.upper
        if low is None or high is None:
            return None
        return low <= self.actual <= high

    @property
    def target_seed_spread(self) -> float | None:
        if len(self.actual_seeds) < 2:
            return None
        return float(np.std(self.actual_seeds, ddof=1) / np.mean(self.actual_seeds))

    def to_dict(self) -> dict[str, Any]:
        return {
            "prediction": self.prediction.to_dict(),
            "actual": self.actual,
            "actual_seeds": list(self.actual_seeds),
            "relative_error": self.relative_error,
            "within_interval": self.within_interval,
            "ladder_seed_spread": self.ladder_seed_spread,
            "target_seed_spread": self.target_seed_spread,
        }

    def __str__(self) -> str:
        lines = [
            str(self.prediction),
            f"trained target loss: {self.actual:.4f} "
            f"(seeds: {', '.join(f'{x:.4f}' for x in self.actual_seeds)})",
            f"relative error of the prediction: {self.relative_error:+.2%}",
        ]
        if self.within_interval is not None:
            lines.append(f"inside the interval: {'yes' if self.within_interval else 'no'}")
        for label, spread in (
            ("seed-to-seed spread of the ladder runs (median rel. std)", self.ladder_seed_spread),
            ("seed-to-seed spread of the target runs (rel. std)", self.target_seed_spread),
        ):
            if spread is not None and math.isfinite(spread):
                lines.append(f"{label}: {spread:.2%}")
        return "\n".join(lines)
