"""Stocks, levels that can fall (populations), are forecast as levels; running totals never fall."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import scalinglaws as sl
from scalinglaws.errors import FitWarning, InvalidOptionError
from scalinglaws.quantiles import HUB_QUANTILES, quantile_columns

COLUMNS = quantile_columns(HUB_QUANTILES)
N_BOOT = 20


def _declining_city(seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Twelve censuses: growth to a peak, then six of a 12% fall each (2% noise)."""
    rng = np.random.default_rng(seed)
    t = 1900 + 10 * np.arange(12.0)
    log_size = np.r_[np.linspace(0.0, 0.8, 6), 0.8 - 0.12 * np.arange(1, 7)]
    return t, np.round(50_000 * np.exp(log_size + rng.normal(0, 0.02, 12)))


def _quiet(**options: object) -> sl.Forecast:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FitWarning)  # laws fitted to a decline warn
        return sl.forecast(**options)  # type: ignore[arg-type]


@pytest.mark.parametrize("seed", [0, 1])
def test_a_declining_level_gets_bands_below_its_last_value(seed: int) -> None:
    t, y = _declining_city(seed)
    fc = _quiet(t=t, y=y, horizon=30, stock=True, n_boot=N_BOOT, rng=seed)
    q = fc.table[COLUMNS].to_numpy()
    # six falls in a row: every step's 10% quantile is below the last census (the
    # laws' medians stay high, but the past errors widen the band by a factor of 2-4
    # at 10%: a wide margin) and every quantile stays a non-negative size
    assert np.all(q[:, HUB_QUANTILES.index(0.1)] < y[-1])
    assert np.all(q >= 0.0)
    assert np.all(np.diff(q, axis=1) >= 0)
    assert fc.stock
    assert not fc.cumulative
    assert "levels" in str(fc.summary())


def test_a_running_total_never_falls_below_its_last_value() -> None:
    # the same numbers declared a running total (least squares, so its falls are
    # fitted as they are) keep every band at or above the last value ...
    t, y = _declining_city(0)
    fc = _quiet(t=t, y=y, horizon=30, cumulative=True, errors="normal", n_boot=N_BOOT)
    assert np.all(fc.table[COLUMNS].to_numpy() >= y[-1])
    # ... and so does a growing cumulative count under the default count likelihood
    rng = np.random.default_rng(4)
    days = np.arange(20.0)
    total = np.cumsum(rng.poisson(40 * np.exp(-(((days - 10) / 5) ** 2))) + 1).astype(float)
    counts = _quiet(t=days, y=total, horizon=4, cumulative=True, n_boot=N_BOOT)
    assert np.all(counts.table[COLUMNS].to_numpy() >= total[-1])


def test_levels_round_trip_and_bad_options_name_the_fix() -> None:
    t, y = _declining_city(0)
    fc = _quiet(t=t, y=y, horizon=10, method="naive", stock=True)
    again = sl.Forecast.from_dict(fc.to_dict())
    assert again.stock
    assert again.to_dict() == fc.to_dict()
    with pytest.raises(InvalidOptionError, match="stock=True and cumulative=True"):
        sl.forecast(t, y, 10, stock=True, cumulative=True)
    with pytest.raises(InvalidOptionError, match="errors='poisson' with stock=True"):
        sl.forecast(t, y, 10, stock=True, errors="poisson")
    with pytest.raises(InvalidOptionError, match="stock='yes' must be True"):
        sl.forecast(t, y, 10, stock="yes")  # type: ignore[arg-type]
