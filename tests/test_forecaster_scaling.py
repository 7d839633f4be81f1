"""The forecaster's own scaling law: the throughput law and the size chosen from L(N, D)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from scalinglaws.forecasters.transformer_scaling import (
    CANDIDATES,
    choose_size,
    fit_sweep,
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
