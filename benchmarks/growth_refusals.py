"""Refusals of growth fits on real surveillance data: 40 vintages of the US COVID-19 series.

Run from the repository root (GLM takes ~4 s a fit: take the shared lock with it):

    .venv/bin/python benchmarks/growth_refusals.py
    flock /tmp/scalinglaws-heavy.lock .venv/bin/python benchmarks/growth_refusals.py --laws glm

Issue 12 found Richards refusing 40 of 40 least-squares fits of these vintages
(``FitError`` whenever a parameter reached a bound). A vintage is WHO's cumulative
US count (bundled ``epidemics/sarscov2_who_2020``, from the first day with a case)
up to one of the last 40 report dates. For each law and error family the table
counts the fits that raised a :mod:`scalinglaws.errors` exception (refused) and
those returned with a parameter at a bound (``fit.at_bound``, with a FitWarning).
"""

from __future__ import annotations

import argparse
import time
import warnings

import scalinglaws as sl
from scalinglaws.errors import FitWarning, ScalingLawError

VINTAGES = 40


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--laws", nargs="*", default=["logistic", "gompertz", "richards", "ggm"])
    parser.add_argument("--errors", nargs="*", default=["normal", "auto"])
    args = parser.parse_args()
    who = sl.load_dataset("epidemics/sarscov2_who_2020").data
    us = who[who["cases_usa"] > 0].reset_index(drop=True)
    print("| law | errors | refused | at a bound | s |")
    print("|---|---|---:|---:|---:|")
    for errors in args.errors:
        for law in args.laws:
            refused = bounded = 0
            start = time.perf_counter()
            for end in range(len(us) - VINTAGES, len(us)):
                part = us.iloc[: end + 1]
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", FitWarning)
                    try:
                        fit = sl.fit_growth(part["date"], part["cases_usa"], law=law, errors=errors)
                    except ScalingLawError:
                        refused += 1
                        continue
                bounded += bool(fit.at_bound)
            seconds = time.perf_counter() - start
            print(
                f"| {law} | {errors} | {refused} / {VINTAGES} | {bounded} / {VINTAGES} "
                f"| {seconds:.1f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
