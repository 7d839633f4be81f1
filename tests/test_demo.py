"""``scalinglaws demo --quick`` end to end, and the demo's small parts."""

from __future__ import annotations

import io
import math
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from scalinglaws.bundle import load_bundle
from scalinglaws.cli import app
from scalinglaws.cli._demo_ask import QUESTIONS
from scalinglaws.cli._demo_common import Plan, SummaryRow, paused, summary_table
from scalinglaws.cli._shell import make_progress

runner = CliRunner()


@pytest.mark.slow
def test_quick_demo_end_to_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCALINGLAWS_CACHE", str(tmp_path / "cache"))  # corpus, for the ladder
    monkeypatch.setenv("OMP_WAIT_POLICY", "PASSIVE")
    out = tmp_path / "demo"
    result = runner.invoke(app, ["demo", "--quick", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "report.html").is_file()
    assert (out / "clauset2009_table.csv").is_file()

    entries = load_bundle(out / "results.json").entries
    kinds = {entry.result.kind for entry in entries}
    assert {"tail", "relation", "growth", "neural"} <= kinds
    assert all("demo --quick" in str(entry.command) for entry in entries)
    by_dataset = {entry.provenance.get("dataset"): entry for entry in entries}
    assert "clauset2009/cities" in by_dataset
    assert "urban/usa_msa_gdp_2013" in by_dataset
    (forecast,) = [entry for entry in entries if entry.result.kind == "forecast"]
    assert forecast.provenance["dataset"] == "epidemics/sarscov2_who_2020"
    assert forecast.result.steps == 7
    assert forecast.extras["observed"][0]["value"] == 44730
    (optimal,) = by_dataset["neural/epoch_chinchilla"].extras["compute_optimal"]
    assert optimal["C"] == pytest.approx(5.88e23)
    assert optimal["N_opt_lower"] < optimal["N_opt"] < optimal["N_opt_upper"]
    (ladder,) = [entry for entry in entries if entry.provenance.get("ladder") == "quick"]
    assert ladder.result.kind == "relation"  # the power law along the target's budget
    targets = ladder.extras["target_prediction"]["targets"]
    assert targets
    assert all(math.isfinite(t["relative_error"]) for t in targets)
    assert "held-out target" in ladder.extras["target_prediction"]["verdict"]
    assert (out / "ladder" / "quick.sqlite").is_file()
    (law,) = [entry for entry in entries if "sweep" in entry.extras]
    assert law.result.kind == "neural"
    assert law.extras["title"] == "The scaling law of our forecaster"

    html = (out / "report.html").read_text(encoding="utf-8")
    assert html.count("Plotly.newPlot") >= 1
    assert html.count('type="application/json"') >= len(entries)

    stdout = result.stdout
    for question in QUESTIONS:
        assert f"Q: {question}" in stdout
    assert stdout.count("A: ") == len(QUESTIONS)
    assert "Demo summary" in stdout
    for section in ("power-law tails", "scaling relations", "growth", "Chinchilla, refitted"):
        assert section in stdout
    assert "our ladder" in stdout
    assert "The scaling law of our forecaster" in stdout  # the section's title line
    assert "by minimax regret" in stdout
    assert "relative error" in stdout
    assert f"report: {out / 'report.html'}" in stdout


def test_plans_full_and_quick(tmp_path: Path) -> None:
    full = Plan.make(tmp_path, quick=False, command="scalinglaws demo")
    quick = Plan.make(tmp_path, quick=True, gof=7)
    assert (full.gof, full.chinchilla_boot) == (1000, 400)
    assert quick.quick
    assert quick.gof == 7
    assert quick.chinchilla_boot < full.chinchilla_boot
    assert full.provenance("urban/usa_msa_gdp_2013", columns=None) == {
        "dataset": "urban/usa_msa_gdp_2013",
        "command": "scalinglaws demo",
    }


def test_summary_table_one_block_per_section() -> None:
    table = summary_table(
        [
            ("tails", 3.2, [SummaryRow("alpha", "2.37", "2.37"), SummaryRow("p", "0.7")]),
            ("report", 0.4, []),
        ]
    )
    console = Console(width=100, record=True)
    console.print(table)
    text = console.export_text()
    for expected in ("tails", "3 s", "report"):
        assert expected in text
    assert table.row_count == 3


def test_paused_progress_off_a_terminal_keeps_running() -> None:
    with make_progress(Console(file=io.StringIO())) as progress:
        with paused(progress):
            pass
        assert progress.live.is_started
