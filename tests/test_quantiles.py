"""The hubs' quantile levels and column names (Bracher et al. 2021; the hub files' header)."""

from __future__ import annotations

import pandas as pd
import pytest

from scalinglaws.errors import InvalidOptionError
from scalinglaws.quantiles import HUB_QUANTILES, check_quantiles, quantile_columns

# The header of the European COVID-19 Forecast Hub's quantile files
# (shared/data/growth-series/covid19hub_europe_2021_24_baseline_ensemble_quantiles_wide.csv).
HUB_HEADER = (
    "q0.01,q0.025,q0.05,q0.1,q0.15,q0.2,q0.25,q0.3,q0.35,q0.4,q0.45,q0.5,"
    "q0.55,q0.6,q0.65,q0.7,q0.75,q0.8,q0.85,q0.9,q0.95,q0.975,q0.99"
)


def test_hub_levels_and_names_match_the_hub_files() -> None:
    assert len(HUB_QUANTILES) == 23
    assert quantile_columns() == HUB_HEADER.split(",")
    assert HUB_QUANTILES[11] == 0.5
    mirrored = zip(HUB_QUANTILES, HUB_QUANTILES[::-1], strict=True)
    assert all(abs(q + p - 1.0) < 1e-12 for q, p in mirrored)


@pytest.mark.parametrize(
    ("levels", "message"),
    [
        ((), "no levels"),
        ((0.5, 0.5), "strictly increasing"),
        ((0.9, 0.1), "strictly increasing"),
        ((0.0, 0.5), "outside"),
        ((0.5, 1.0), "outside"),
        ((0.5, float("nan")), "outside"),
        ("abc", "expected a sequence"),
    ],
)
def test_bad_levels_are_refused(levels: object, message: str) -> None:
    with pytest.raises(InvalidOptionError, match=message):
        check_quantiles(levels)  # type: ignore[arg-type]


def test_levels_pass_through() -> None:
    assert check_quantiles(pd.Series([0.1, 0.5, 0.9])) == (0.1, 0.5, 0.9)
