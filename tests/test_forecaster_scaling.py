"""The forecaster's own scaling law: the throughput law and the size chosen from L(N, D)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from scalinglaws.forecasters.transformer_scaling import (
    CANDIDATES,
    choose_size,
    fit_sweep,
    measure_throughput,
    run_sweep,
    shaped,
    throughput_law,
)
from scalinglaws.forecasters.transformer_train import ForecasterTraining

# A known law (Hoffmann et al. 2022's form with made-up constants) and throughput.
E, A, B, ALPHA, BETA = 1.5, 40.0, 300.0, 0.4, 0.35
SPEED_A, SPEED_B = 2e7, 0.6  # tokens/s = a N^-b


def _law(n: np.ndarray, d: np.ndarray) -> np.ndarray:
    return E + A / n**ALPHA + B / d**BETA


def _sweep() -> pd.DataFrame:
    base = ForecasterTraining()
    rows = []
    for name in ("f1", "f2", "f3"):
        n = shaped(base, name).model_config().non_embedding_params
        for d in (1e6, 2.5e6, 6e6, 1.5e7):
            rows.append({"N": n, "D": d, "tokens_per_s": SPEED_A * n**-SPEED_B})
    table = pd.DataFrame(rows)
    table["loss"] = _law(table["N"].to_numpy(float), table["D"].to_numpy(float))
    return table


def test_throughput_law_recovers_a_power_law() -> None:
    a, b = throughput_law(_sweep())
    assert a == pytest.approx(SPEED_A, rel=1e-9)
    assert b == pytest.approx(SPEED_B, rel=1e-9)


def test_the_chosen_size_minimises_the_known_law_at_a_fixed_time() -> None:
    table = _sweep()
    fit = fit_sweep(table)
    base = ForecasterTraining()
    choice = choose_size(fit, table, seconds=1200.0, base=base)
    assert set(choice["size"]) == set(CANDIDATES)
    assert list(choice["predicted_loss"]) == sorted(choice["predicted_loss"])
    truth = {
        name: float(_law(np.array([row.N]), np.array([row.D]))[0])
        for name, row in choice.set_index("size").iterrows()
    }
    assert choice["size"].iloc[0] == min(truth, key=truth.__getitem__)
    for name, row in choice.set_index("size").iterrows():
        assert row["D"] == pytest.approx(SPEED_A * row["N"] ** -SPEED_B * 1200.0, rel=1e-9)
        assert row["predicted_loss"] == pytest.approx(truth[name], rel=0.02)


# A training run small enough for a test: two optimizer steps, two validation batches.
TINY = ForecasterTraining(batch_tokens=2048, max_tokens=64, max_length=80, val_batches=2, threads=1)


def test_an_interrupted_sweep_resumes_without_retraining_its_finished_runs() -> None:
    recorded: list[pd.DataFrame] = []
    full = run_sweep(TINY, sizes=("f1",), budgets=(4096, 8192), record=recorded.append)
    assert [len(table) for table in recorded] == [1, 2]
    assert list(full["budget"]) == [4096, 8192]
    # resume from what was saved after the first run: only the second is trained again
    again: list[pd.DataFrame] = []
    resumed = run_sweep(
        TINY, sizes=("f1",), budgets=(4096, 8192), done=recorded[0], record=again.append
    )
    assert len(again) == 1
    assert resumed.iloc[0].to_dict() == full.iloc[0].to_dict()
    assert resumed["loss"].iloc[1] == pytest.approx(full["loss"].iloc[1], rel=1e-6)


def test_throughput_is_measured_for_every_size_asked() -> None:
    speeds = measure_throughput(TINY, sizes=("f1", "f2"), tokens=4096, rounds=1)
    assert list(speeds["size"]) == ["f1", "f2"]
    assert list(speeds["N"]) == [
        shaped(TINY, name).model_config().non_embedding_params for name in ("f1", "f2")
    ]
    assert (speeds["tokens_per_s"] > 0).all()


def test_minimax_regret_across_two_laws_that_disagree() -> None:
    """Two laws fitted to different sweeps: one favours small models (exponent of N
    0.4 vs D 0.35), the other large ones (N 0.8, D 0.2); the choice minimises the
    larger of the two regrets, and with one law the ranking is its predicted loss."""
    base = ForecasterTraining()
    small = _sweep()
    large = small.copy()
    n, d = large["N"].to_numpy(float), large["D"].to_numpy(float)
    large["loss"] = E + 4000.0 / n**0.8 + 30.0 / d**0.2
    fits = [fit_sweep(small), fit_sweep(large)]
    choice = choose_size(fits[0], small, seconds=1200.0, base=base, others=fits[1:])
    assert {"loss_chinchilla_0", "loss_chinchilla_1"} <= set(choice.columns)
    regrets = {}
    for name, row in choice.set_index("size").iterrows():
        regrets[name] = max(
            float(fit.predict(np.array([row.N]), np.array([row.D]))[0])
            - min(
                float(fit.predict(np.array([r.N]), np.array([r.D]))[0]) for r in choice.itertuples()
            )
            for fit in fits
        )
    assert choice["size"].iloc[0] == min(regrets, key=regrets.__getitem__)
    assert choice["regret"].to_numpy() == pytest.approx(
        [regrets[name] for name in choice["size"]], abs=1e-12
    )
    best_small = choose_size(fits[0], small, seconds=1200.0, base=base)["size"].iloc[0]
    best_large = choose_size(fits[1], small, seconds=1200.0, base=base)["size"].iloc[0]
    assert best_small != best_large  # the laws disagree, so the test means something
