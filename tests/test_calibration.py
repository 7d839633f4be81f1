"""Predictive intervals of correctly specified models cover as often as they say.

Each series is one independent Bernoulli trial per interval, so a coverage
estimate from S series has binomial standard error sqrt(p (1 - p) / S); the
tolerance is 3.29 of those (a two-sided 0.1% band), derived, not tuned to the
seeds. The full study (500 series per case) is benchmarks/coverage_predictive.py.
"""

from __future__ import annotations

import pytest

from tests.calibration import NOMINAL, coverage, logistic_poisson, power_lognormal, tolerance


@pytest.mark.parametrize(
    ("trial", "count"),
    [(logistic_poisson, 250), (power_lognormal, 2000)],
    ids=["growth-logistic-poisson", "relation-power-lognormal"],
)
def test_nominal_intervals_cover_within_binomial_error(trial: object, count: int) -> None:
    found = coverage(trial, range(count))  # type: ignore[arg-type]
    for name, (_, _, nominal) in NOMINAL.items():
        assert abs(found[name] - nominal) <= tolerance(nominal, count), (name, found)
