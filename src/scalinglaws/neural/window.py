"""Which runs of an IsoFLOP profile are near enough its minimum to fit.

A parabola in log N describes a profile only near its minimum; far from it (tiny
models, runs that diverged: losses of 10 on a budget whose minimum is 3) the
points pull the vertex and the frontier's exponents (Hoffmann et al. 2022, sec.
3.2 fit "near the minimum"; Czech et al. 2026 on the parabola's bias). The rule:

* on each budget, keep the runs whose loss is within a factor ``e^window`` of the
  budget's lowest loss, ``log L - min log L <= window`` (default
  :data:`WINDOW` = 0.1, a band of about 10% above the minimum, unit-free);
* when that leaves fewer than `need` distinct sizes, keep the `need` distinct sizes
  of lowest loss instead (the fewest a parabola needs), so a steep profile is
  still fitted;
* ``window=None`` keeps every run (the paper's protocol on clean sweeps).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from scalinglaws._types import FloatArray
from scalinglaws._validate import check_number
from scalinglaws.errors import InvalidOptionError

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

__all__ = ["WINDOW", "check_window", "near_minimum"]

#: Default band of log loss above each budget's minimum (a factor e^0.1 ~ 1.105).
WINDOW = 0.1


def check_window(window: float | None) -> float | None:
    """None (every run) or a positive band of log loss."""
    if window is None:
        return None
    band = check_number(window, "window", low=0.0)
    if band == 0.0:
        raise InvalidOptionError(
            "window=0 keeps only each budget's best run; pass a band of log loss such as "
            f"{WINDOW} (the default), or window=None for every run."
        )
    return band


def near_minimum(
    log_n: FloatArray, loss: FloatArray, group: IntArray, window: float | None, need: int
) -> BoolArray:
    """Mask of the runs each budget's profile is fitted to (see the module's rule)."""
    keep = np.ones(loss.size, dtype=bool)
    if window is None:
        return keep
    log_loss = np.log(loss)
    for budget in np.unique(group):
        members = np.flatnonzero(group == budget)
        band = log_loss[members] - log_loss[members].min() <= window
        if np.unique(log_n[members[band]]).size < need:
            band = _lowest_sizes(log_n[members], log_loss[members], need)
        keep[members] = band
    return keep


def _lowest_sizes(log_n: FloatArray, log_loss: FloatArray, need: int) -> BoolArray:
    """The runs at the `need` distinct sizes whose best loss is lowest."""
    sizes = np.unique(log_n)
    best = np.array([log_loss[log_n == size].min() for size in sizes])
    chosen = sizes[np.argsort(best, kind="stable")[:need]]
    return np.isin(log_n, chosen)
