"""Case-resampling bootstrap of a scaling relation: seeded, parallel, warm-started.

Each replicate draws n rows with replacement (pairs bootstrap, Efron & Tibshirani
1993, *An Introduction to the Bootstrap*, sec. 9.5; valid under heteroscedastic
errors) and refits with the same law and method, starting iterative fits from the
full-data estimate. Replicates run through :func:`scalinglaws.uncertainty.run_replicates`,
so the result does not depend on the number of workers, and are kept as a
:class:`scalinglaws.uncertainty.Bootstrap` (scheme ``"pairs"``); a replicate whose
resample cannot be fitted (e.g. a single distinct x) is counted in ``n_failed``
and left out.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

from scalinglaws._deprecation import moved
from scalinglaws._types import FloatArray
from scalinglaws.relations._estimate import refit_theta
from scalinglaws.relations._laws import Spec
from scalinglaws.relations._scale import user_values
from scalinglaws.uncertainty import Bootstrap, Progress, RandomLike, run_replicates

__all__ = ["bootstrap_theta", "from_payload", "record", "replicate"]


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


def record(spec: Spec, theta: FloatArray, rows: FloatArray) -> Bootstrap:
    """The replicate rows of theta as a Bootstrap record in the user's units.

    The replicate rows (n_boot, p) of standardised theta as a :class:`Bootstrap` of
    the reported parameters in the user's units (``_scale.user_values``; its inverse
    ``_scale.theta_of_values`` maps them back), failed replicates (NaN rows, or values
    float64 cannot hold) counted and left out.
    """
    with np.errstate(invalid="ignore"):
        values = user_values(spec, rows)  # NaN rows (failed replicates) stay NaN
    return Bootstrap.from_rows(spec.names, list(spec.params(theta).values()), values)


def from_payload(payload: dict[str, Any]) -> Bootstrap | None:
    """The bootstrap of a saved fit: ``boot`` now, ``bootstrap`` (no estimate) before.

    Both hold the replicates in the user's units (as ``params``), so a fit saved before
    scale standardisation reads the same numbers.
    """
    if payload.get("boot") is not None:
        return Bootstrap.from_dict(payload["boot"])
    old = payload.get("bootstrap")
    if old is None:
        return None
    names = tuple(str(name) for name in old["names"])
    params = payload.get("params") or {}
    samples = np.asarray(old["samples"], dtype=np.float64).reshape(-1, len(names))
    estimate = [float(params[name]) for name in names]
    return Bootstrap(
        names, np.asarray(estimate), samples, int(old["n_boot"]), int(old.get("n_failed", 0))
    )


__getattr__ = moved(
    __name__,
    {
        "RelationBootstrap": (
            "scalinglaws.uncertainty:Bootstrap",
            "scalinglaws.uncertainty.Bootstrap (RelationFit.with_bootstrap().boot)",
        )
    },
)
