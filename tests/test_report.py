"""The HTML report: golden file, verdicts in words, warnings, and the CLI end to end.

Set SCALINGLAWS_UPDATE_GOLDEN=1 to rewrite tests/golden/report_all.html after an
intended change (and `python tests/report_inputs.py` to remake its input).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

import scalinglaws as sl
from scalinglaws.bundle import BundleEntry, load_bundle, save_results
from scalinglaws.cli import app
from scalinglaws.report import render_report, write_report
from scalinglaws.report.words import relation_curvature, tail_sentence, warnings_for
from scalinglaws.tails import TailComparison, TailGofResult
from tests.fresh import fresh_python
from tests.report_inputs import CREATED, GOLDEN, INPUT, synthetic_runs
from tests.test_results_contract import FACTORIES

GOLDEN_HTML = GOLDEN / "report_all.html"
runner = CliRunner()


def test_golden_file() -> None:
    html = render_report(load_bundle(INPUT), include_plotlyjs=False)  # no machine paths
    if os.environ.get("SCALINGLAWS_UPDATE_GOLDEN") == "1":
        GOLDEN_HTML.write_text(html, encoding="utf-8")
    assert html == GOLDEN_HTML.read_text(encoding="utf-8")


def test_output_is_deterministic_and_self_contained() -> None:
    from plotly.offline import get_plotlyjs

    bundle = load_bundle(INPUT)
    first = render_report(bundle)
    assert first == render_report(bundle)
    assert first.count(get_plotlyjs()) == 1
    page = first.replace(get_plotlyjs(), "")
    assert "cdn.plot.ly" not in page
    assert "https://" not in page
    assert not re.search(r"<script[^>]+src=", page)
    assert re.findall(r'id="(result-\d+-fig-\d+)"', first) == [
        "result-1-fig-1",
        "result-2-fig-1",
        "result-3-fig-1",
        "result-4-fig-1",
        "result-4-fig-2",
        "result-5-fig-1",
        "result-5-fig-2",
    ]
    assert f"saved {CREATED}" in first


def test_report_shows_verdicts_commands_tables_and_warnings() -> None:
    html = render_report(INPUT, include_plotlyjs=False)
    assert "A power law is plausible (p = 0.80) but a lognormal (p = 0.68)" in html
    assert "Support for the power law (Clauset et al. 2009): moderate." in html
    assert "The exponent b is consistent with 0.75" in html
    assert "Laws compared: power has the lowest AIC" in html
    assert "scalinglaws fit relation mammals.csv --x body --y brain" in html
    assert "Extrapolation: budget C = 1e+23" in html
    assert "Extrapolation: the forecast runs 10 days past the data" in html
    assert "<h3>Compute-optimal allocation</h3>" in html
    assert "<h3>Likelihood-ratio tests</h3>" in html
    assert "<h3>IsoFLOP minima per budget</h3>" in html
    assert "No command was recorded" in html  # the growth entry has no command


def test_report_escapes_text() -> None:
    fit = sl.fit_relation([1.0, 2.0, 3.0, 4.0, 5.0, 7.0], [2.0, 4.1, 6.2, 7.9, 10.5, 13.8])
    entry = BundleEntry(fit, {"file": "<script>alert(1)</script>.csv", "command": "a < b & c"})
    html = render_report(entry, include_plotlyjs=False)
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;.csv" in html
    assert "a &lt; b &amp; c" in html


def _comparison(name: str, ratio: float, p: float) -> TailComparison:
    return TailComparison(name, ratio, ratio / 10, p, name == "truncated_power_law", {}, 100)


def test_tail_verdict_sentences() -> None:
    fit = sl.fit_tail(sl.load_dataset("clauset2009/blackouts").data, discrete=False)
    assert tail_sentence(fit) is None
    plausible = TailGofResult(0.49, 0.05, 100)
    both = fit.__class__(**{**fit.__dict__, "gof_result": plausible})
    assert tail_sentence(both) == "A power law is plausible (p = 0.49)."
    tests = (_comparison("lognormal", -0.5, 0.66),)
    one = fit.__class__(**{**fit.__dict__, "gof_result": plausible, "comparisons": tests})
    assert tail_sentence(one) == (
        "A power law is plausible (p = 0.49) but a lognormal fits equally well (p = 0.66)."
    )
    tests = (_comparison("exponential", 30.0, 0.001), _comparison("truncated_power_law", -5, 0.01))
    ruled = TailGofResult(0.02, 0.05, 100)
    mixed = fit.__class__(**{**fit.__dict__, "gof_result": ruled, "comparisons": tests})
    assert tail_sentence(mixed) == (
        "The power law is ruled out (p = 0.02); a truncated power law (LR = -5, p = 0.01) "
        "fits better; the power law fits better than an exponential (LR = 3, p < 0.01)."
    )
    warned = warnings_for(mixed, {})
    assert any(w.startswith("Curvature: the CCDF bends down") for w in warned)


def test_warnings_few_points_and_curvature() -> None:
    x = np.geomspace(1, 1000, 8)
    y = x**0.5 * np.exp(0.08 * np.log(x) ** 2) * (1 + 0.01 * np.array([1, -1] * 4))
    fit = sl.fit_relation(x, y)
    bend = relation_curvature(fit)
    assert bend is not None
    assert bend > 3
    warned = warnings_for(fit, {})
    assert warned[0].startswith("Few points: the fit rests on 8 points")
    assert warned[1].startswith("Curvature: the residuals bend upward (convex)")
    straight = sl.fit_relation(x, 2 * x**0.75 * (1 + 0.01 * np.array([1, -1] * 4)))
    assert not any(w.startswith("Curvature") for w in warnings_for(straight, {}))
    html = render_report(fit, include_plotlyjs=False)
    assert "Few points: the fit rests on 8 points" in html


def test_write_report_accepts_results_and_files(tmp_path: Path) -> None:
    fit = sl.fit_relation([1.0, 2.0, 3.0, 4.0, 5.0, 7.0], [2.0, 4.1, 6.2, 7.9, 10.5, 13.8])
    saved = save_results(fit, tmp_path / "one.json", created=CREATED)
    out = write_report([saved, fit], tmp_path / "r.html", include_plotlyjs=False)
    html = out.read_text(encoding="utf-8")
    assert html.count('class="result"') == 2
    assert f"from {saved}" in html
    with pytest.raises(sl.errors.InvalidInputError, match="not a result"):
        render_report([42])  # type: ignore[list-item]


def test_cli_fit_save_then_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "values.txt"
    data.write_text("\n".join(str(v) for v in sl.load_dataset("clauset2009/blackouts").data))
    mammals = sl.load_dataset("allometry/mammals_brain_body").data
    mammals.to_csv(tmp_path / "mammals.csv", index=False)
    census = sl.load_dataset("growth/us_census_1790_2000")
    census.data.to_csv(tmp_path / "census.csv", index=False)
    n, d, loss = synthetic_runs()
    runs = tmp_path / "runs.csv"
    runs.write_text(
        "N,D,L\n" + "\n".join(f"{a},{b},{c}" for a, b, c in zip(n, d, loss, strict=True))
    )
    monkeypatch.chdir(tmp_path)
    more = ["--forecast", "30", "--boot", "30", "--workers", "1"]
    budgets = ["--compute-optimal", "1e20,1e22"]
    commands = [
        ["fit", "tail", "values.txt", "--continuous", "--boot", "10", "--compare", "lognormal"],
        ["fit", "relation", "mammals.csv", "--x", "body", "--y", "brain", "--b0", "0.75"],
        ["fit", "growth", "census.csv", "--t", census.meta["t"], "--y", census.meta["y"], *more],
        ["fit", "neural", "runs.csv", "--n", "N", "--d", "D", "--loss", "L", *budgets],
    ]
    saved = []
    for index, command in enumerate(commands):
        path = f"r{index}.json"
        result = runner.invoke(app, [*command, "--save", path])
        assert result.exit_code == 0, result.output
        bundle = load_bundle(path)
        (entry,) = bundle.entries
        assert entry.command == "scalinglaws " + " ".join([*command, "--save", path])
        assert entry.provenance["file"] == command[2]
        assert len(entry.provenance["sha256"]) == 64
        saved.append(path)
    tail = load_bundle("r0.json").entries[0].result
    assert isinstance(tail, sl.TailFit)
    assert tail.gof_result is not None
    assert tail.comparisons
    assert load_bundle("r1.json").entries[0].extras["exponent_test"]["b0"] == 0.75
    assert len(load_bundle("r2.json").entries[0].extras["forecast"]["records"]) == 3
    assert len(load_bundle("r3.json").entries[0].extras["compute_optimal"]) == 2
    result = runner.invoke(app, ["report", *saved, "--out", "report.html"])
    assert result.exit_code == 0, result.output
    html = Path("report.html").read_text(encoding="utf-8")
    assert html.count('class="result"') == 4
    assert "scalinglaws fit tail values.txt --continuous --boot 10" in html
    assert "a lognormal" in html
    assert "Forecast at" in html


def test_cli_report_rejects_a_bad_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    result = runner.invoke(app, ["report", str(bad), "--out", str(tmp_path / "r.html")])
    assert result.exit_code == 1
    assert "corrupt JSON" in result.output


def test_importing_the_package_or_cli_does_not_import_plotly() -> None:
    code = (
        "import sys, scalinglaws, scalinglaws.bundle, scalinglaws.cli; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('plotly', 'jinja2')))"
    )
    assert fresh_python(code, strict=False).strip() == "[]"


@pytest.mark.parametrize("name", sorted(FACTORIES))
def test_every_result_kind_gets_a_plot(name: str) -> None:
    html = render_report(FACTORIES[name](), include_plotlyjs=False)
    assert "Plotly.newPlot" in html, f"{name}: the report has no figure"
