"""Case-resampling bootstrap of a scaling relation: seeded, parallel, warm-started.

Each replicate draws n rows with replacement (pairs bootstrap, Efron & Tibshirani
1993, *An Introduction to the Bootstrap*, sec. 9.5; valid under heteroscedastic
errors) and refits with the same law and method, starting iterative fits from the
full-data estimate. Replicates run through :func:`scalinglaws.uncertainty.run_replicates`,
so the result does not depend on the number of workers. Intervals are percentile
intervals; a replicate whose resample cannot be fitted (e.g. a single distinct x)
is counted in ``n_failed`` and left out.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from scalinglaws._validate import FloatArray, check_choice, check_level
from scalinglaws.relations._estimate import refit_theta
from scalinglaws.relations._laws import Spec
from scalinglaws.relations._scale import user_values
from scalinglaws.uncertainty import Progress, RandomLike, percentile_interval, run_replicates

__all__ = ["RelationBootstrap", "bootstrap_theta", "replicate"]


def replicate(
    generator: np.random.Generator,
    *,
    spec: Spec,
    features: FloatArray,
    target: FloatArray,
    theta0: FloatArray,
) -> FloatArray:
    """theta refitted on one resample of the rows (NaN when the resample cannot be fitted)."""
    n = target.size
    rows = generator.integers(0, n, n)
    try:
        theta = refit_theta(spec, features[rows], target[rows], theta0)
    except (ValueError, ArithmeticError, np.linalg.LinAlgError):  # includes ScalingLawError
        return np.full(theta0.size, np.nan)
    return theta if np.isfinite(theta).all() else np.full(theta0.size, np.nan)


def bootstrap_theta(
    spec: Spec,
    features: FloatArray,
    target: FloatArray,
    theta0: FloatArray,
    n_boot: int,
    *,
    rng: RandomLike,
    workers: int | None,
    progress: Progress | None,
) -> FloatArray:
    """An (n_boot, p) array of bootstrap theta, NaN rows for failed replicates."""
    task = functools.partial(replicate, spec=spec, features=features, target=target, theta0=theta0)
    rows = run_replicates(task, n_boot, rng=rng, workers=workers, progress=progress)
    return np.asarray(rows, dtype=np.float64).reshape(len(rows), theta0.size)


@dataclass(frozen=True, eq=False)
class RelationBootstrap:
    """Bootstrap replicates of the reported parameters and their percentile intervals."""

    names: tuple[str, ...]
    samples: FloatArray  # (n_ok, p): successful replicates, reported scale
    n_boot: int
    n_failed: int = 0

    @classmethod
    def from_theta(cls, spec: Spec, theta: FloatArray) -> RelationBootstrap:
        with np.errstate(invalid="ignore"):
            values = user_values(spec, theta)  # NaN rows (failed replicates) stay NaN
        ok = np.isfinite(values).all(axis=1)
        return cls(spec.names, values[ok], int(theta.shape[0]), int((~ok).sum()))

    def _column(self, name: str) -> FloatArray:
        check_choice(name, "name", self.names)
        return np.asarray(self.samples[:, self.names.index(name)])

    def interval(self, name: str, level: float = 0.95) -> tuple[float, float]:
        """Percentile interval of one parameter."""
        return percentile_interval(self._column(name), level)

    def std(self, name: str) -> float:
        """Bootstrap standard deviation of one parameter (scaled first, so that
        replicates near 1e300 do not overflow when squared)."""
        column = self._column(name)
        top = float(np.max(np.abs(column))) if column.size else 0.0
        return top * float(np.std(column / top, ddof=1)) if top > 0 else 0.0

    def intervals(self, level: float = 0.95) -> pd.DataFrame:
        """estimate (bootstrap median), lower, upper and std for every parameter."""
        check_level(level)
        rows = {name: (*self.interval(name, level), self.std(name)) for name in self.names}
        return pd.DataFrame(
            {
                "median": [float(np.median(self._column(name))) for name in self.names],
                "lower": [rows[name][0] for name in self.names],
                "upper": [rows[name][1] for name in self.names],
                "std": [rows[name][2] for name in self.names],
            },
            index=pd.Index(list(self.names), name="param"),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "names": list(self.names),
            "samples": self.samples.tolist(),
            "n_boot": self.n_boot,
            "n_failed": self.n_failed,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RelationBootstrap:
        names = tuple(str(name) for name in data["names"])
        samples = np.asarray(data["samples"], dtype=np.float64).reshape(-1, len(names))
        return cls(names, samples, int(data["n_boot"]), int(data.get("n_failed", 0)))

    def __repr__(self) -> str:
        return f"<RelationBootstrap {self.samples.shape[0]}/{self.n_boot} replicates>"
