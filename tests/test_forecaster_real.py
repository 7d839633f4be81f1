"""Real series the forecaster may train on (ILINet before 2020, pre-vaccine measles) and
how a run mixes them in.

The files here are small tables written by the tests in the shared files' formats
(growth-series/README.md, B6 and B7); the held-out rule (no week of 2020 or later) is
checked on them.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from scalinglaws.errors import DataFormatError, InvalidOptionError
from scalinglaws.forecasters import transformer_train
from scalinglaws.forecasters.bins import MeanScaleBins
from scalinglaws.forecasters.transformer_real import (
    CUTOFF_YEAR,
    ILINET,
    MEASLES,
    MIN_WEEKS,
    ilinet_series,
    measles_series,
    real_pools,
)
from scalinglaws.forecasters.transformer_train import ForecasterTraining, train_forecaster

TINY = ForecasterTraining(
    n_layer=1,
    n_head=2,
    d_model=16,
    tokens=40 * 1024,
    batch_tokens=1024,
    max_tokens=32,
    tokenizer=MeanScaleBins(n_bins=32, high=8.0).to_dict(),
    threads=1,
    val_batches=1,
    evals=1,
)


def write_ilinet(folder: Path, rows: list[tuple[str, int, int, float]]) -> Path:
    path = folder / ILINET
    path.parent.mkdir(parents=True)
    table = pd.DataFrame(rows, columns=["series", "year", "week", "ili_total"])
    table["ili"] = 1.0
    table.to_csv(path, index=False)
    return folder


def weeks(name: str, year: int, count: int, start: float = 100.0) -> list:
    return [(name, year + w // 52, 1 + w % 52, start + w) for w in range(count)]


def test_only_weeks_before_the_cutoff_are_read_and_runs_split_at_gaps(tmp_path: Path) -> None:
    rows = weeks("US|National", 2018, 104)  # 2018w1 .. 2019w52, then 2020 and 2021
    rows += weeks("US|National", 2020, 60, start=5000.0)
    state = weeks("State|Utah", 2015, 60)
    state[30] = ("State|Utah", *state[30][1:3], float("nan"))  # a missing week splits the run
    rows += state + weeks("State|Iowa", 2019, MIN_WEEKS - 1)  # too short: dropped
    rows = rows[::-1]  # the file's order does not matter
    runs = ilinet_series(write_ilinet(tmp_path, rows))
    assert sorted(runs) == ["State|Utah#0", "State|Utah#1", "US|National#0"]
    national = runs["US|National#0"]
    assert national.size == 104
    assert np.array_equal(national, 100.0 + np.arange(104))  # in time order, no 2020 week
    assert [runs["State|Utah#0"].size, runs["State|Utah#1"].size] == [30, 29]
    assert all(np.all(np.isfinite(r)) and np.all(r >= 0) for r in runs.values())
    assert CUTOFF_YEAR == 2020  # the European hub's truth starts in 2020 (README, B1)


def write_measles(folder: Path, counts: dict[str, list[float]]) -> Path:
    """Biweekly counts per city in the shared file's columns (B7), rows shuffled."""
    rows = [
        (name.split("|")[0], name, 1944.0 + i / 26, value, 1e5, 50.0)
        for name, values in counts.items()
        for i, value in enumerate(values)
    ]
    table = pd.DataFrame(rows, columns=["country", "series", "t", "cases", "pop", "births"])
    path = folder / MEASLES
    path.parent.mkdir(parents=True, exist_ok=True)
    table.sample(frac=1.0, random_state=0).to_csv(path, index=False)
    return folder


def test_measles_cities_are_read_in_time_order_and_split_at_missing_counts(
    tmp_path: Path,
) -> None:
    london = [float(v) for v in range(50)]
    london[25] = float("nan")  # a gap (the US cities have 6,102): two runs, 25 and 24
    leeds = [float(v % 7) for v in range(MIN_WEEKS - 1)]  # too short: dropped
    runs = measles_series(write_measles(tmp_path, {"UK|LONDON": london, "UK|LEEDS": leeds}))
    assert sorted(runs) == ["UK|LONDON#0", "UK|LONDON#1"]
    assert np.array_equal(runs["UK|LONDON#0"], np.arange(25.0))
    assert np.array_equal(runs["UK|LONDON#1"], np.arange(26.0, 50.0))


def test_real_pools_keep_each_source_apart_and_refuse_an_unknown_one(tmp_path: Path) -> None:
    write_ilinet(tmp_path, weeks("US|National", 2018, 30))
    write_measles(tmp_path, {"US|BOSTON": [float(v) for v in range(20)]})
    pools = real_pools(tmp_path, ["ilinet", "measles"])
    assert {name: sorted(runs) for name, runs in pools.items()} == {
        "ilinet": ["US|National#0"],
        "measles": ["US|BOSTON#0"],
    }
    with pytest.raises(InvalidOptionError, match=r"unknown real source.*'tycho'"):
        real_pools(tmp_path, ["ilinet", "tycho"])
    with pytest.raises(DataFormatError, match="no measles file"):
        measles_series(tmp_path / "elsewhere")


def test_a_missing_file_or_column_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DataFormatError, match="no ILINet file"):
        ilinet_series(tmp_path)
    path = write_ilinet(tmp_path, weeks("US|National", 2018, 20)) / ILINET
    pd.read_csv(path).drop(columns="ili_total").to_csv(path, index=False)
    with pytest.raises(DataFormatError, match="ili_total"):
        ilinet_series(tmp_path)


def test_a_run_draws_the_chosen_share_of_batches_from_the_real_series(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each step's choice comes from its own generator, so the synthetic batches are
    those of a run without real series, and about ``real_fraction`` of steps are real."""
    real = [np.linspace(10.0, 500.0, 80), np.full(60, 7.0) + np.arange(60) % 5]
    drawn: list[bool] = []
    make = transformer_train.make_windows

    def recording(series: list[np.ndarray], *args: object, **kwargs: object) -> object:
        drawn.append(len(series) == 2 and np.array_equal(series[0], real[0]))
        return make(series, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(transformer_train, "make_windows", recording)
    config = ForecasterTraining(**{**TINY.to_dict(), "real_fraction": 0.5})
    run = train_forecaster(config, real=[r.copy() for r in real])
    expected = [
        np.random.default_rng((config.seed, step, 1)).random() < 0.5
        for step in range(config.total_steps)
    ]
    assert drawn == expected
    assert 10 <= sum(expected) <= 30  # 40 fair coins: 3.2 sd either side of 20
    assert np.isfinite(run.val_loss)


def test_a_share_without_series_is_refused() -> None:
    config = ForecasterTraining(**{**TINY.to_dict(), "real_fraction": 0.2})
    with pytest.raises(InvalidOptionError, match="no real series"):
        train_forecaster(config)
    with pytest.raises(InvalidOptionError, match="real_fraction"):
        ForecasterTraining(real_fraction=1.5)


def test_real_batches_draw_their_source_in_equal_shares(monkeypatch: pytest.MonkeyPatch) -> None:
    """Given by source, a real step first draws its source (its own generator), so a
    source of many short runs does not drown one of few long ones; the steps that are
    real are those of a run with one pool."""
    pools = {
        "few": [np.linspace(10.0, 500.0, 80)],
        "many": [np.full(60, 7.0) + np.arange(60) % (2 + k) for k in range(9)],
    }
    drawn: list[str] = []
    make = transformer_train.make_windows

    def recording(series: list[np.ndarray], *args: object, **kwargs: object) -> object:
        drawn.append("few" if len(series) == 1 else "many" if len(series) == 9 else "synthetic")
        return make(series, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(transformer_train, "make_windows", recording)
    config = ForecasterTraining(**{**TINY.to_dict(), "real_fraction": 1.0})
    train_forecaster(config, real=pools)
    assert set(drawn) == {"few", "many"}
    # 40 steps, a fair coin each: 3.2 sd either side of 20
    assert 10 <= drawn.count("few") <= 30
