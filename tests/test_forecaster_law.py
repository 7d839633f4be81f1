"""The scaling law of our forecaster as shipped: the loader, its report section, the demo's lines.

``forecasters/weights/scaling.json`` was written by
``scripts/train_forecaster.py --sweep``; these tests read that file (nothing is
trained or refitted) and check that it is self-consistent: the fitted law
reproduces the runs to the objective the fit saved, the candidates' predicted
losses are the law's, and the chosen size is the best of them.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from rich.console import Console

from scalinglaws.bundle import load_bundle, save_results
from scalinglaws.cli._demo_common import Line, Plan
from scalinglaws.cli._demo_forecaster import forecaster_section
from scalinglaws.cli._shell import make_progress
from scalinglaws.errors import DataFormatError, FitWarning
from scalinglaws.forecasters.transformer_law import (
    CARD_FILE,
    REPORTED_FORM,
    SCALING_FILE,
    TITLE,
    WEIGHTS,
    ForecasterScaling,
    shipped_scaling,
)
from scalinglaws.neural import NeuralFit
from scalinglaws.neural.objective import Penalty
from scalinglaws.report import build_section, render_report
from scalinglaws.results import FitResult

SHIPPED = WEIGHTS / SCALING_FILE


@pytest.fixture(scope="module")
def law() -> ForecasterScaling:
    return shipped_scaling()


def _record() -> dict[str, Any]:
    return dict(json.loads(SHIPPED.read_text(encoding="utf-8")))


def test_the_loader_round_trips_the_shipped_file(law: ForecasterScaling) -> None:
    record = _record()
    assert law.path == SHIPPED
    assert "fit" not in record  # each law is stored once, under "fits"
    assert law.fit is law.fits[REPORTED_FORM]
    assert law.runs.to_dict(orient="list") == record["runs"]
    assert law.candidates.to_dict(orient="list") == record["candidates"]
    assert law.throughput is not None
    assert law.throughput.to_dict(orient="list") == record["throughput"]
    assert (law.chosen, law.minutes) == (record["chosen"], record["minutes"])
    assert (law.settings, law.machine) == (record["settings"], record["machine"])
    # at least 3 sizes x 2 data budgets (issue 13, item 3)
    assert law.runs["size"].nunique() >= 3
    assert law.runs.groupby("size")["D"].nunique().min() >= 2
    for form, fit in law.fits.items():
        assert json.loads(json.dumps(fit.to_dict())) == record["fits"][form]
    again = FitResult.from_dict(law.fit.to_dict())
    assert isinstance(again, NeuralFit)
    assert again.params == law.fit.params


def test_the_law_predicts_the_runs_within_the_objective_it_saved(law: ForecasterScaling) -> None:
    """The saved objective is sum_i rho(log Lhat_i - log L_i) (Huber on log losses).

    Recomputed from the runs table and the loaded law it must agree, so every run's
    penalty, and with it its log residual, is bounded by the objective the file reports.
    """
    for fit in law.fits.values():
        predicted = fit.predict(law.runs["N"].to_numpy(float), law.runs["D"].to_numpy(float))
        residual = np.log(predicted) - np.log(law.runs["loss"].to_numpy(float))
        rho, _ = Penalty(delta=fit.delta).rho_psi(residual)
        assert float(rho.sum()) == pytest.approx(fit.objective, rel=1e-6)
        # rho(r) <= objective, and rho is r^2/2 inside delta, delta(|r| - delta/2) outside
        bound = max(np.sqrt(2.0 * fit.objective), fit.objective / fit.delta + fit.delta / 2.0)
        assert np.max(np.abs(residual)) <= bound * (1.0 + 1e-9)


def test_the_candidates_are_the_laws_predictions_and_the_best_is_chosen(
    law: ForecasterScaling,
) -> None:
    """Each law's loss at every candidate, and the minimax-regret choice (Savage 1951)."""
    c = law.candidates
    n, d = c["N"].to_numpy(float), c["D"].to_numpy(float)
    np.testing.assert_allclose(c["predicted_loss"], law.fit.predict(n, d), rtol=1e-9)
    assert set(law.fits) == {"chinchilla", "kaplan"}
    losses = np.column_stack([law.fits[form].predict(n, d) for form in law.fits])
    np.testing.assert_allclose(c[[f"loss_{form}" for form in law.fits]], losses, rtol=1e-9)
    regret = (losses - losses.min(axis=0)).max(axis=1)
    np.testing.assert_allclose(c["regret"], regret, rtol=1e-9, atol=1e-12)
    assert law.chosen == c.loc[int(np.argmin(regret)), "size"]
    assert set(law.runs["size"]) <= set(c["size"])
    # D = r(N) x time, r(N) = a N^-b fitted (least squares in logs) to the measured tokens/s
    assert law.throughput is not None
    speed = np.polyfit(np.log(law.throughput["N"]), np.log(law.throughput["tokens_per_s"]), 1)
    tokens = np.polyfit(np.log(c["N"]), np.log(c["D"]), 1)
    shift = np.array([0.0, np.log(60.0 * law.minutes)])
    np.testing.assert_allclose(tokens, speed + shift, rtol=1e-9)


def test_the_shipped_card_is_set_against_the_law(law: ForecasterScaling) -> None:
    card = json.loads((WEIGHTS / CARD_FILE).read_text(encoding="utf-8"))["training"]
    assert law.trained is not None
    assert law.trained["loss"] == card["val_loss"]
    assert (law.trained["N"], law.trained["D"]) == (card["n_params"], card["tokens"])
    law_there = law.fit.predict(np.array([card["n_params"]]), np.array([card["tokens"]]))[0]
    assert law.trained["predicted"] == pytest.approx(law_there, rel=1e-12)
    text = "\n".join(law.lines())
    assert f"Chosen size {law.chosen}" in text
    assert f"trained loss {card['val_loss']:.4f}" in text


def _corrupt(folder: Path, change: str) -> Path:
    record = _record()
    if change == "not json":
        text = "{ not json"
    else:
        if change == "no chinchilla law":
            del record["fits"]["chinchilla"]
        elif change == "a law under another form's name":
            record["fits"]["chinchilla"] = record["fits"]["kaplan"]
        elif change == "no laws":
            del record["fits"]
        elif change == "fits of other runs":
            record["fits"]["kaplan"]["L"] = record["fits"]["kaplan"]["L"][:-1]
        elif change == "runs not the fit's":
            record["runs"]["loss"] = [v * 1.1 for v in record["runs"]["loss"]]
        elif change == "chosen not a candidate":
            record["chosen"] = "f99"
        elif change == "negative loss":
            record["candidates"]["predicted_loss"][0] = -1.0
        elif change == "no machine":
            del record["machine"]
        text = json.dumps(record)
    path = folder / SCALING_FILE
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "change",
    [
        "not json",
        "no chinchilla law",
        "a law under another form's name",
        "no laws",
        "fits of other runs",
        "runs not the fit's",
        "chosen not a candidate",
        "negative loss",
        "no machine",
    ],
)
def test_a_damaged_file_says_which_and_how_to_fix_it(tmp_path: Path, change: str) -> None:
    path = _corrupt(tmp_path, change)
    with pytest.raises(DataFormatError, match="is damaged") as caught:
        shipped_scaling(path)
    message = str(caught.value)
    assert str(path) in message
    assert "train_forecaster.py --sweep" in message


@pytest.mark.parametrize("layout", ["fit and fits", "fit alone"])
def test_records_written_before_each_law_was_stored_once_still_read(
    law: ForecasterScaling, tmp_path: Path, layout: str
) -> None:
    """Sweeps saved the reported law as "fit" (alone, then beside "fits" as well)."""
    record = _record()
    record["fit"] = record["fits"][REPORTED_FORM]
    if layout == "fit alone":
        del record["fits"]
    path = tmp_path / SCALING_FILE
    path.write_text(json.dumps(record), encoding="utf-8")
    old = shipped_scaling(path)
    assert old.fit.params == law.fit.params
    assert list(old.fits) == (list(law.fits) if layout == "fit and fits" else [REPORTED_FORM])
    assert old.lines()[0] == law.lines()[0]


def test_a_missing_file_and_a_damaged_card_error_clearly(tmp_path: Path) -> None:
    with pytest.raises(DataFormatError, match="does not exist") as caught:
        shipped_scaling(tmp_path / "nowhere.json")
    assert "train_forecaster.py --sweep" in str(caught.value)
    (tmp_path / SCALING_FILE).write_bytes(SHIPPED.read_bytes())
    assert shipped_scaling(tmp_path / SCALING_FILE).trained is None  # no card beside it
    (tmp_path / CARD_FILE).write_text('{"training": {"size": "f2"}}', encoding="utf-8")
    with pytest.raises(DataFormatError, match=CARD_FILE):
        shipped_scaling(tmp_path / SCALING_FILE)


def test_the_loader_imports_no_torch() -> None:
    code = (
        "import sys\n"
        "from scalinglaws.forecasters.transformer_law import shipped_scaling\n"
        "shipped_scaling().bundle_entry()\n"
        "print('torch' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-W", "error", "-c", code], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def test_the_report_section_shows_the_law_the_runs_and_the_choice(
    law: ForecasterScaling, tmp_path: Path
) -> None:
    entry = law.bundle_entry()
    again = load_bundle(save_results([entry], tmp_path / "results.json")).entries[0]
    # the neural section's compute-optimal figures go where this law has no runs; it says so
    with pytest.warns(FitWarning, match="compute_optimal puts"):
        section = build_section(again)
    assert section.title.startswith(TITLE)
    assert any(f"Chosen size: {law.chosen}" in v for v in section.verdicts)
    assert section.figures[0].caption.startswith("Held-out loss of each sweep run")
    assert len(section.figures) == 3  # the sweep's, then the neural section's two
    titles = [t.title for t in section.tables]
    assert titles[0] == "Parameters"
    assert {"E", "A", "B", "alpha", "beta"} <= {row[0] for row in section.tables[0].rows}
    by_title = {t.title.split(" after ")[0]: t for t in section.tables}
    runs, forms, candidates = (
        by_title[t] for t in ("Sweep runs", "Laws fitted to the runs", "Candidate sizes")
    )
    assert len(runs.rows) == len(law.runs)
    assert [row[0] for row in forms.rows] == list(law.fits)
    chosen = [row for row in candidates.rows if row[-1] == "chosen"]
    assert [row[0] for row in chosen] == [law.chosen]
    assert [row[0] for row in candidates.rows] == list(law.candidates["size"])
    with pytest.warns(FitWarning, match="compute_optimal puts"):
        html = render_report([again], include_plotlyjs=False)
    assert TITLE in html
    assert "Candidate sizes after" in html


def test_the_demo_section_prints_the_law_in_a_few_lines(
    law: ForecasterScaling, tmp_path: Path
) -> None:
    console = Console(width=200, record=True)
    plan = Plan.make(tmp_path, quick=True, command="scalinglaws demo --quick")
    with make_progress(Console(file=io.StringIO())) as progress:
        outcome = forecaster_section(plan, Line(progress, "forecaster"))
    (entry,) = outcome.entries
    assert entry.command == "scalinglaws demo --quick"
    assert entry.extras["sweep"]["chosen"] == law.chosen
    for renderable in outcome.tables:
        console.print(renderable)
    text = console.export_text()
    assert TITLE in text
    assert len(text.strip().splitlines()) <= 6
    assert any(law.chosen in row.result for row in outcome.summary)
