"""What a ladder concludes.

Each target size's predicted loss, and how far off each trained target model was.

:class:`TargetPrediction` is made (and stored in the registry) before the target is
trained; :class:`TargetReport` sets every trained target model (each target size x
each target seed) against the prediction for its size, beside the seed-to-seed
spread of the ladder's runs and of the targets themselves: the noise floor of any
prediction of one run.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["TargetPrediction", "TargetReport", "TargetRun", "seed_spread"]


@dataclass(frozen=True)
class TargetPrediction:
    """The fitted law's loss at a target size (N, D), with its prediction interval.

    ``lower`` / ``upper`` bound the loss of *one* trained model at the `level`
    (:mod:`scalinglaws.lm.ladder.predict` says how each protocol makes them).

    Attributes
    ----------
    N : float
        The target's non-embedding parameters.
    D : float
        Its training tokens.
    loss : float
        The predicted loss.
    lower, upper : float or None
        The prediction interval (None without one).
    level : float or None
        Its coverage.
    form : str
        The law that predicted (``"chinchilla"``, or the budget protocol's power law).
    params : dict of str to float
        The law's parameters.
    n_runs : int
        Ladder runs the law was fitted to.
    made_at : float
        Unix time of the prediction; earlier than the target's first training step.
    size : str, default ""
        The target size's name.
    law_sd : float, optional
        The law's own uncertainty at the target, a standard deviation of ln L.
    run_sd : float, optional
        One run's scatter about the law, a standard deviation of ln L.
    df : float, optional
        Degrees of freedom of the Student-t quantile (budget protocol; None for the surface).
    """

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
    size: str = ""
    law_sd: float | None = None
    run_sd: float | None = None
    df: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """The prediction as a JSON-ready mapping.

        Returns
        -------
        dict
            Every field, by name.
        """
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TargetPrediction:
        """Read a prediction written by :meth:`to_dict`.

        Parameters
        ----------
        data : dict
            The mapping :meth:`to_dict` wrote.

        Returns
        -------
        TargetPrediction
            The prediction.
        """
        return cls(**data)

    def __str__(self) -> str:
        """The prediction in one line: size, predicted loss and interval."""
        span = ""
        if self.lower is not None and self.upper is not None and self.level is not None:
            span = f" ({self.level:.0%} prediction interval {self.lower:.4f} – {self.upper:.4f})"
        name = f" of {self.size}" if self.size else ""
        return f"predicted loss{name} at N={self.N:.4g}, D={self.D:.4g}: {self.loss:.4f}{span}"


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
class TargetRun:
    """One trained target model against the prediction for its size.

    Attributes
    ----------
    run_id : str
        The run.
    seed : int
        Its seed.
    trained : float
        Its final held-out loss.
    prediction : TargetPrediction
        The prediction made before it was trained.
    """

    run_id: str
    seed: int
    trained: float
    prediction: TargetPrediction

    @property
    def relative_error(self) -> float:
        """(predicted - trained) / trained."""
        return (self.prediction.loss - self.trained) / self.trained

    @property
    def inside(self) -> bool | None:
        """Whether the trained loss lies in the prediction interval (None: no interval)."""
        low, high = self.prediction.lower, self.prediction.upper
        if low is None or high is None:
            return None
        return low <= self.trained <= high

    def to_dict(self) -> dict[str, Any]:
        """The row ``scalinglaws ladder demo --json`` prints for this target.

        Returns
        -------
        dict
            run_id, size, seed, N, D, predicted, lower, upper, trained, relative_error, inside.
        """
        p = self.prediction
        return {
            "run_id": self.run_id,
            "size": p.size,
            "seed": self.seed,
            "N": p.N,
            "D": p.D,
            "predicted": p.loss,
            "lower": p.lower,
            "upper": p.upper,
            "level": p.level,
            "trained": self.trained,
            "relative_error": self.relative_error,
            "inside": self.inside,
        }


@dataclass(frozen=True)
class TargetReport:
    """Every trained target model against its prediction, and the seed spreads.

    Attributes
    ----------
    runs : tuple of TargetRun
        The trained targets.
    ladder_seed_spread : float or None
        The median relative std across seeds of the ladder rungs.
    """

    runs: tuple[TargetRun, ...]
    ladder_seed_spread: float | None  # median relative std across seeds of the ladder rungs

    @property
    def predictions(self) -> tuple[TargetPrediction, ...]:
        """The prediction of each target size, in the order of the runs."""
        seen: dict[str, TargetPrediction] = {}
        for run in self.runs:
            seen.setdefault(run.prediction.size, run.prediction)
        return tuple(seen.values())

    @property
    def relative_errors(self) -> tuple[float, ...]:
        """The relative error of each trained target, (predicted - trained) / trained."""
        return tuple(run.relative_error for run in self.runs)

    @property
    def max_abs_error(self) -> float:
        """The largest |relative error| over the trained targets."""
        return max(abs(e) for e in self.relative_errors)

    @property
    def all_inside(self) -> bool | None:
        """Whether every trained target lies in its interval (None: no intervals)."""
        flags = [run.inside for run in self.runs]
        return None if any(f is None for f in flags) else all(flags)

    @property
    def target_seed_spread(self) -> float | None:
        """Median over target sizes of the relative std of the trained loss across seeds."""
        spreads = []
        for prediction in self.predictions:
            losses = [r.trained for r in self.runs if r.prediction.size == prediction.size]
            if len(losses) >= 2:
                spreads.append(float(np.std(losses, ddof=1) / np.mean(losses)))
        return float(np.median(spreads)) if spreads else None

    def table(self) -> pd.DataFrame:
        """One row per trained target.

        Returns
        -------
        pandas.DataFrame
            Columns size, seed, N, D, predicted, lower, upper, trained, relative_error, inside.
        """
        return pd.DataFrame([run.to_dict() for run in self.runs])

    def to_dict(self) -> dict[str, Any]:
        """The report as a JSON-ready mapping.

        Returns
        -------
        dict
            The predictions, the trained targets and their relative errors.
        """
        return {
            "targets": [run.to_dict() for run in self.runs],
            "predictions": [p.to_dict() for p in self.predictions],
            "max_abs_error": self.max_abs_error,
            "all_inside": self.all_inside,
            "ladder_seed_spread": self.ladder_seed_spread,
            "target_seed_spread": self.target_seed_spread,
        }

    def __str__(self) -> str:
        """The report as a few lines: each target's prediction and outcome."""
        lines = [str(p) for p in self.predictions]
        for run in self.runs:
            inside = {True: "inside", False: "OUTSIDE", None: ""}[run.inside]
            lines.append(
                f"  {run.run_id}: trained {run.trained:.4f}, relative error of the prediction "
                f"{run.relative_error:+.2%} {inside}".rstrip()
            )
        for label, spread in (
            ("seed-to-seed spread of the ladder runs (median rel. std)", self.ladder_seed_spread),
            ("seed-to-seed spread of the target runs (rel. std)", self.target_seed_spread),
        ):
            if spread is not None and math.isfinite(spread):
                lines.append(f"{label}: {spread:.2%}")
        return "\n".join(lines)
