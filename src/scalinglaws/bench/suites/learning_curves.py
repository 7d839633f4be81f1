"""``learning-curves``: extrapolate 20 language learning curves (Alabdulmohsin et al. 2022).

Each curve (Domain, Task, Model) is fitted on its ``Training == 1`` rows and
predicts its ``Training == 0`` rows, which lie about 2x further in the number
of examples seen; the score is the RMSE of the log loss, averaged over the
curves. Duplicated x values (exact copies in the file) are collapsed, one y
per x, as the authors do. Reference: the authors' M4 estimator at mean
RMSE(log) 0.0116 (NMT 0.0208, LM 0.0009, BIG-Bench 0.0123), measured with their
code on this file (README of ``neural/learning_curves_google2022``).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from scalinglaws.bench.registry import EXTRAPOLATORS, Case, Suite, register_suite
from scalinglaws.errors import ScalingLawError
from scalinglaws.scoring import rmse_log

__all__ = ["SUITE"]

FILE = "neural/learning_curves_google2022/benchmark.lang.csv"
CURVE = ["Domain", "Task", "Model"]
REFERENCE = {"all": 0.0116, "NMT": 0.0208, "LM": 0.0009, "BB": 0.0123}


def _load(data: Path) -> list[Case]:
    table = pd.read_csv(data / FILE)
    table = table.drop_duplicates([*CURVE, "Seen Examples", "Training"])
    cases = []
    for labels, rows in table.groupby(CURVE, sort=True):
        key = "-".join(str(v) for v in labels)
        cases.append(Case(key, dict(zip(CURVE, labels, strict=True)) | {"rows": rows}))
    return cases


def _run(case: Case, method: str, data: Path) -> pd.DataFrame:
    rows: pd.DataFrame = case.data["rows"].sort_values("Seen Examples")
    train, test = rows[rows["Training"] == 1], rows[rows["Training"] == 0]
    x, y = (train[c].to_numpy(dtype=np.float64) for c in ("Seen Examples", "Loss"))
    x_test = test["Seen Examples"].to_numpy(dtype=np.float64)
    truth = test["Loss"].to_numpy(dtype=np.float64)
    record = {c: case.data[c] for c in CURVE} | {
        "method": method, "n_train": len(train), "n_test": len(test),
    }  # fmt: skip
    try:
        predicted = EXTRAPOLATORS[method](x, y, x_test)
        record |= {"rmse_log": rmse_log(predicted, truth), "status": "ok"}
    except ScalingLawError as exc:
        record |= {"rmse_log": np.nan, "status": f"failed: {exc}"}
    return pd.DataFrame([record])


def _summarise(scores: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for method, part in scores.groupby("method", sort=True):
        for domain, group in [("all", part), *part.groupby("Domain", sort=True)]:
            rows.append(
                {
                    "method": method,
                    "domain": domain,
                    "curves": len(group),
                    "failed": int((group["status"] != "ok").sum()),
                    "mean_rmse_log": float(group["rmse_log"].mean()),
                    "median_rmse_log": float(group["rmse_log"].median()),
                }
            )
    return pd.DataFrame(rows)


def _reference(data: Path) -> pd.DataFrame:
    return pd.DataFrame(
        [{"method": "M4 (Alabdulmohsin et al. 2022)", "domain": domain, "mean_rmse_log": value}
         for domain, value in REFERENCE.items()]
    )  # fmt: skip


SUITE = register_suite(
    Suite(
        name="learning-curves",
        title="Learning-curve extrapolation: 20 language curves (Alabdulmohsin et al. 2022)",
        kind="curves",
        files=(FILE,),
        load=_load,
        run=_run,
        summarise=_summarise,
        reference=_reference,
        default_methods=("power", "power_offset", "bnsl", "m4"),
        notes=(
            "Fit Training == 1 rows, predict Training == 0 rows; score RMSE of log loss; "
            "mean over the curves.",
        ),
    )
)
