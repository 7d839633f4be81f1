"""Results for the report tests: one of each kind, with the extras a command saves.

``python tests/report_inputs.py`` rewrites ``tests/golden/report_input.json``, the
fixed input of the golden-file test (rendering is tested on stored results, so
the golden page does not depend on the optimiser's last bits on this machine).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

import scalinglaws as sl
from scalinglaws.bundle import BundleEntry, save_results
from scalinglaws.cli.fit_growth import forecast_records
from scalinglaws.neural.forms import hoffmann_grid

GOLDEN = Path(__file__).parent / "golden"
INPUT = GOLDEN / "report_input.json"
CREATED = "2025-01-02T03:04:05Z"


def synthetic_runs() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """24 runs on a 6 x 4 grid of (N, D) from a Chinchilla law with 0.5% noise."""
    rng = np.random.default_rng(0)
    n = np.repeat(np.geomspace(1e7, 1e9, 6), 4)
    d = np.tile(np.geomspace(1e8, 1e10, 4), 6)
    loss = (1.7 + 400 / n**0.34 + 410 / d**0.28) * np.exp(rng.normal(0, 0.005, n.size))
    return n, d, loss


def entries() -> list[BundleEntry]:
    blackouts = sl.load_dataset("clauset2009/blackouts")
    tail = sl.fit_tail(blackouts.data, discrete=False).assess(
        n_boot=20, compare=("lognormal", "exponential", "truncated_power_law"), rng=0, workers=1
    )
    mammals = sl.load_dataset("allometry/mammals_brain_body")
    x, y = mammals.data[mammals.meta["x"]], mammals.data[mammals.meta["y"]]
    relation = sl.fit_relation(x, y)
    relation_extras = {
        "exponent_test": relation.test_exponent(0.75).to_dict(),
        "comparison": sl.compare_relations(x, y).to_dict(),
    }
    covid = sl.load_dataset("epidemics/sarscov2_who_2020").data
    early = covid[covid["date"] <= "2020-02-05"]
    growth = sl.fit_growth(early["date"], early["cases_chn"], law="ggm")
    table = growth.forecast(10, n_boot=50, rng=0, workers=1)
    growth_extras = {
        "forecast": {
            "horizon": 10.0,
            "level": 0.95,
            "n_boot": 50,
            "seed": 0,
            "records": forecast_records(table),
        }
    }
    n, d, loss = synthetic_runs()
    neural = sl.fit_neural(n, d, loss, starts=hoffmann_grid()[::20])
    neural = neural.with_bootstrap(20, rng=0, workers=1)
    optimal = neural.compute_optimal([1e19, 1e21, 1e23], level=0.95)
    runs = sl.load_dataset("neural/openathena_isoflops_transform").data
    runs = runs[runs["experiment"] == "llama_3__exp_loss"]
    iso = sl.isoflop(runs["params"], runs["tokens"], runs["loss"], C=runs["budget"])
    return [
        BundleEntry(
            tail,
            {
                "dataset": "clauset2009/blackouts",
                "command": "scalinglaws fit tail blackouts.txt --continuous --gof 20 "
                "--compare lognormal,exponential,truncated_power_law --save tail.json",
            },
        ),
        BundleEntry(
            relation,
            {
                "dataset": "allometry/mammals_brain_body",
                "columns": {"x": "body", "y": "brain"},
                "command": "scalinglaws fit relation mammals.csv --x body --y brain "
                "--b0 0.75 --compare --save relation.json",
            },
            relation_extras,
        ),
        BundleEntry(growth, {"dataset": "epidemics/sarscov2_who_2020"}, growth_extras),
        BundleEntry(
            neural,
            {"file": "runs.csv", "sha256": "0" * 64, "columns": {"N": "N", "D": "D"}},
            {"compute_optimal": optimal.to_dict(orient="records")},
        ),
        BundleEntry(iso, {"dataset": "neural/openathena_isoflops_transform"}),
    ]


def write_input() -> Path:
    return save_results(entries(), INPUT, created=CREATED)


if __name__ == "__main__":
    print(write_input())
