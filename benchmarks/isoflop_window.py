"""Windowed IsoFLOP (issue 14, item 2): the exponent a with and without the window.

Run from the repository root (a few seconds; no lock needed):

    .venv/bin/python benchmarks/isoflop_window.py

Part 1: every experiment of the bundled Open-Athena IsoFLOP data
(``neural/openathena_isoflops_transform``), parabola method, a with
``window=None`` (every run) and with the default window (0.1), the runs left
out, and the fit's warnings.

Part 2: the contamination check of ``tests/test_neural_warnings.py`` over 20
seeded synthetic sweeps (9 budgets x 9 sizes around a known optimum, 0.3% noise):
30% of the runs replaced by diverged ones (1.5 to 4 times their loss); the largest
and median |a_dirty - a_clean| with the window and without.
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import scalinglaws as sl
from scalinglaws.errors import FitWarning, InsufficientDataError
from tests.test_neural_warnings import contaminated, isoflop_sweep


def bundled() -> None:
    data = sl.load_dataset("neural/openathena_isoflops_transform").data
    print("| experiment | a, window=None | a, window=0.1 | runs left out | warnings |")
    print("|---|---|---|---|---|")
    for name, rows in data.groupby("experiment", sort=True):
        args = (rows["params"], rows["tokens"], rows["loss"])
        every = sl.isoflop(*args, C=rows["budget"], window=None)
        fit = sl.isoflop(*args, C=rows["budget"])
        print(
            f"| {name} | {every.a:.3f} | {fit.a:.3f} | {len(fit.dropped())} of {fit.L.size} "
            f"| {len(fit.warnings)} |"
        )


def contamination(seeds: int = 20) -> None:
    shifts: dict[str, list[float]] = {"0.1": [], "None": []}
    for seed in range(seeds):
        n, d, loss, c = isoflop_sweep(seed)
        dirty = contaminated(loss, seed)
        for label, window in (("0.1", 0.1), ("None", None)):
            clean = sl.isoflop(n, d, loss, C=c, window=window)
            try:
                shifts[label].append(abs(sl.isoflop(n, d, dirty, C=c, window=window).a - clean.a))
            except InsufficientDataError:
                shifts[label].append(float("inf"))
    for label, values in shifts.items():
        print(
            f"window={label}: |a shift| max {max(values):.4f}, median {np.median(values):.4f}"
            f" over {seeds} sweeps ({sum(np.isinf(values))} could not be fitted)"
        )


if __name__ == "__main__":
    warnings.simplefilter("ignore", FitWarning)
    bundled()
    contamination()
