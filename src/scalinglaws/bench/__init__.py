"""``scalinglaws bench``: score methods on reference suites, beside published figures.

* :func:`run_suite` runs a suite (resumable from a per-case cache) and writes
  CSV files and an HTML report section;
* :data:`SUITES` (``learning-curves``, ``europe-hub``, ``outbreaks``,
  ``us-cities``), :data:`FORECASTERS` and :data:`EXTRAPOLATORS` are the one
  registry; :func:`register_forecaster` / :func:`register_extrapolator` /
  :func:`register_suite` add to it.
"""

from scalinglaws.bench import methods as _methods  # noqa: F401  (registers the built-ins)
from scalinglaws.bench.registry import (
    EXTRAPOLATORS,
    FORECASTERS,
    SUITES,
    Case,
    SeriesSettings,
    Suite,
    register_extrapolator,
    register_forecaster,
    register_suite,
)
from scalinglaws.bench.runner import BenchResult, run_suite

__all__ = [
    "EXTRAPOLATORS",
    "FORECASTERS",
    "SUITES",
    "BenchResult",
    "Case",
    "SeriesSettings",
    "Suite",
    "register_extrapolator",
    "register_forecaster",
    "register_suite",
    "run_suite",
]
