"""The number of sub-epidemic waves, chosen by AICc (Chowell, Tariq & Hyman 2019).

One to :data:`WAVES` waves are fitted in turn, each started from the grid of
:func:`scalinglaws.growth.starts.subepidemic` and from the previous fit (its
waves kept, the new one small), and the model with the lowest corrected Akaike
criterion AICc = -2 log L + 2k + 2k(k + 1)/(n - k - 1) is kept (k counts the
estimated parameters and the noise parameter). One wave is the generalized
logistic model with q and C_thr pinned (they have no meaning there).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from scalinglaws._types import FloatArray
from scalinglaws.growth.estimation import Estimate, prepare
from scalinglaws.growth.likelihood import aicc
from scalinglaws.growth.model import Design
from scalinglaws.growth.times import TimeAxis

__all__ = ["WAVES", "choose_waves"]

#: The largest number of waves tried.
WAVES = 3


def choose_waves(
    family: str,
    cumulative: bool,
    times: FloatArray,
    values: FloatArray,
    fixed: tuple[str, ...],
    pins: Mapping[str, float],
    axis: TimeAxis,
) -> tuple[tuple[str, ...], dict[str, float], Design, Estimate, tuple[tuple[int, float], ...]]:
    """Fit 1..WAVES waves and keep the lowest AICc: (fixed, pins, design, estimate, table)."""
    best: tuple[float, tuple[str, ...], dict[str, float], Design, Estimate] | None = None
    table: list[tuple[int, float]] = []
    previous: FloatArray | None = None
    for waves in range(1, WAVES + 1):
        names = {*fixed, "n"} | ({"q", "C_thr"} if waves == 1 else set())
        order = ("C0", "r", "p", "K0", "q", "C_thr", "n")
        now = tuple(name for name in order if name in names)
        chosen = {**pins, "n": float(waves)} | ({"q": 0.0} if waves == 1 else {})
        extra = None if previous is None else _grow(previous, waves)
        if waves > 1 and times.size <= 7 + (family == "negbin"):
            break  # too few points for two waves (5 parameters + noise + 1)
        design, found = prepare(
            "subepidemic", family, cumulative, times, values, now, chosen, axis, extra
        )
        score = aicc(design, found.z, found.noise, found.objective)
        table.append((waves, score))
        previous = found.z
        if best is None or score < best[0]:
            best = (score, now, chosen, design, found)
    assert best is not None
    _, now, chosen, design, found = best
    return now, chosen, design, found, tuple(table)


def _grow(z: FloatArray, waves: int) -> FloatArray:
    """Starts for ``waves`` waves from the fit with one fewer: a few thresholds and declines."""
    rows = []
    for threshold in (-3.0, -1.5, -0.5):  # log of C_thr relative to the largest value
        for decline in (0.0, 0.5, 1.5):
            row = z.copy()
            row[4], row[5], row[6] = (
                decline,
                min(z[5], threshold) if waves > 2 else threshold,
                waves,
            )
            rows.append(row)
    return np.array(rows)
