"""Parameter recovery of the epidemic growth laws: coverage of 95% intervals (issue 12).

Run from the repository root (heavy: take the shared lock):

    flock /tmp/scalinglaws-heavy.lock .venv/bin/python benchmarks/coverage_growth_laws.py
    .venv/bin/python benchmarks/coverage_growth_laws.py --series 20   # a quick look

For each law, ``--series`` data sets are simulated from known parameters with
Poisson noise on the daily counts (cumulative counts for the GLM and GRM,
incidence for the rest) and fitted with ``errors="poisson"`` (the correct error
model); a parameter is covered when its analytic 95% interval
(``conf_int(0.95)``) contains the truth. Incidence series start their curve at
the first observation (t = 1), the time at which the fit defines I0. The table
gives the coverage of each parameter with its binomial standard error, and the
seconds per fit. Seeds are fixed (one child generator per series), so a run is
reproducible.

The table is also written to ``benchmarks/out/coverage_growth_laws.md``.
"""

from __future__ import annotations

import argparse
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

import scalinglaws as sl
from scalinglaws.errors import FitWarning
from scalinglaws.formulas import epidemic, growth

OUT = Path(__file__).resolve().parent / "out"


@dataclass(frozen=True)
class Case:
    """One simulation design: the law, its true parameters and how the data are made."""

    law: str
    truth: dict[str, float]
    curve: Callable[[np.ndarray], np.ndarray]
    cumulative: bool
    days: int
    fix: dict[str, float]


CASES = [
    Case(
        "glm",
        {"r": 0.6, "p": 0.8, "K": 3000.0},
        lambda t: growth.glm(t, 5.0, 0.6, 0.8, 3000.0),
        True,
        40,
        {},
    ),
    Case(
        "grm",
        {"r": 0.6, "p": 0.8, "K": 3000.0, "a": 2.0},
        lambda t: growth.grm(t, 5.0, 0.6, 0.8, 3000.0, 2.0),
        True,
        40,
        {},
    ),
    Case(
        "subepidemic",
        {"r": 0.8, "p": 0.85, "K0": 2000.0, "q": 0.4, "C_thr": 600.0},
        lambda t: growth.subepidemic(t, 5.0, 0.8, 0.85, 2000.0, 0.4, 600.0, 2),
        True,
        70,
        {"n": 2},
    ),
    Case(
        "sir",
        {"N": 10000.0, "R0": 2.5, "gamma": 0.25, "I0": 5.0},
        lambda t: epidemic.sir(t, 10000.0, 2.5, 0.25, 5.0, t0=1.0),
        False,
        50,
        {},
    ),
    Case(
        "seir",
        {"N": 20000.0, "R0": 2.2, "gamma": 0.25, "I0": 5.0},
        lambda t: epidemic.seir(t, 20000.0, 2.2, 0.3, 0.25, 5.0, t0=1.0),
        False,
        80,
        {"sigma": 0.3},
    ),
]


def simulate(case: Case, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Daily times and counts: cumulative (starting at C0 = 5) or incidence."""
    t = np.arange(0.0, case.days + 1.0)
    steps = rng.poisson(np.maximum(np.diff(case.curve(t)), 0.0)).astype(float)
    if case.cumulative:
        return t, np.concatenate([[5.0], 5.0 + np.cumsum(steps)])
    return t[1:], steps


def cover(case: Case, series: int, seed: int) -> tuple[dict[str, int], int, float]:
    """Covered counts per parameter, fits that worked, and seconds per fit."""
    hits = dict.fromkeys(case.truth, 0)
    done = 0
    start = time.perf_counter()
    for generator in np.random.default_rng(seed).spawn(series):
        t, y = simulate(case, generator)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FitWarning)
            fit = sl.fit_growth(
                t, y, law=case.law, cumulative=case.cumulative, errors="poisson", fix=case.fix
            )
        table = fit.conf_int(0.95)
        done += 1
        for name, value in case.truth.items():
            low, high = table.loc[name, ["lower", "upper"]]
            hits[name] += int(low <= value <= high)
    return hits, done, (time.perf_counter() - start) / max(series, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--series", type=int, default=200, help="series per law")
    parser.add_argument("--laws", nargs="*", default=[case.law for case in CASES])
    args = parser.parse_args()
    lines = [
        f"### Growth laws: coverage of analytic 95% intervals, {args.series} series per law",
        "",
        "Command: `.venv/bin/python benchmarks/coverage_growth_laws.py"
        + (f" --series {args.series}" if args.series != 200 else "")
        + (f" --laws {' '.join(args.laws)}" if set(args.laws) != {c.law for c in CASES} else "")
        + "`. Poisson noise, fitted with errors='poisson'; +- is one binomial standard error.",
        "",
        "| law | fixed | parameter | coverage | s / fit |",
        "|---|---|---|---:|---:|",
    ]
    for case in CASES:
        if case.law not in args.laws:
            continue
        hits, done, seconds = cover(case, args.series, seed=20190612)
        fixed: Any = ", ".join(f"{k}={v:g}" for k, v in case.fix.items()) or "C0"
        for name, count in hits.items():
            share = count / done
            error = np.sqrt(0.95 * 0.05 / done)
            lines.append(
                f"| {case.law} | {fixed} | {name} | {share:.3f} (+-{error:.3f}) | {seconds:.2f} |"
            )
        print("\n".join(lines[-len(hits) :]), flush=True)
    text = "\n".join(lines) + "\n"
    print(text)
    OUT.mkdir(exist_ok=True)
    (OUT / "coverage_growth_laws.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
