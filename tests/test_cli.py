"""The command line (DESIGN.md section 4), driven through Typer's CliRunner."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from typer.testing import CliRunner

from scalinglaws.bundle import load_bundle
from scalinglaws.cli import app
from scalinglaws.cli._demo_clauset import alternatives_for, published_test
from scalinglaws.cli.demo import demo_names
from scalinglaws.datasets import list_datasets, load_dataset
from scalinglaws.errors import ScalingLawError
from scalinglaws.tails.compare import valid_alternatives
from scalinglaws.tails.support import support

runner = CliRunner()


def _one_error_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert lines[0].startswith("error: "), stderr
    return lines[0]


@pytest.fixture
def pareto_file(tmp_path: Path) -> Path:
    """200 continuous Pareto draws, alpha = 2.5 above xmin = 1, one number per line."""
    values = np.random.default_rng(0).pareto(1.5, 200) + 1.0
    path = tmp_path / "values.txt"
    path.write_text("\n".join(f"{value:.10g}" for value in values) + "\n")
    return path


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.startswith("scalinglaws ")


def test_datasets_list_shows_every_dataset() -> None:
    result = runner.invoke(app, ["datasets", "list"])
    assert result.exit_code == 0, result.output
    for name in list_datasets()["name"]:
        assert str(name) in result.stdout


def test_datasets_list_json() -> None:
    result = runner.invoke(app, ["datasets", "list", "--json"])
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    assert {"name", "kind", "n", "source"} <= set(records[0])


def test_datasets_show_table_and_json() -> None:
    name = str(list_datasets()["name"].iloc[0])
    table = runner.invoke(app, ["datasets", "show", name])
    assert table.exit_code == 0, table.output
    assert name in table.stdout
    shown = runner.invoke(app, ["datasets", "show", name, "--json"])
    assert shown.exit_code == 0, shown.output
    data = json.loads(shown.stdout)
    assert data["name"] == name
    assert data["n"] > 0
    assert {"title", "source", "citation"} <= set(data["meta"])


def test_datasets_show_unknown_is_one_red_line() -> None:
    result = runner.invoke(app, ["datasets", "show", "no/such-dataset"])
    assert result.exit_code == 1
    assert "no/such-dataset" in _one_error_line(result.stderr)


def test_fit_tail_table(pareto_file: Path) -> None:
    result = runner.invoke(app, ["fit", "tail", str(pareto_file)])
    assert result.exit_code == 0, result.output
    for label in ("alpha", "xmin", "n_tail", "KS D"):
        assert label in result.stdout


def test_fit_tail_json_is_the_only_stdout(pareto_file: Path) -> None:
    result = runner.invoke(app, ["fit", "tail", str(pareto_file), "--continuous", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["kind"] == "tail"
    assert "alpha" in json.dumps(data)


def test_fit_tail_gof_and_compare(pareto_file: Path) -> None:
    args = ["fit", "tail", str(pareto_file), "--boot", "8", "--compare", "lognormal,exponential"]
    table = runner.invoke(app, args)
    assert table.exit_code == 0, table.output
    assert "GoF p" in table.stdout
    assert "lognormal" in table.stdout
    assert "exponential" in table.stdout
    as_json = runner.invoke(app, [*args, "--json", "--seed", "3"])
    assert as_json.exit_code == 0, as_json.output
    text = json.dumps(json.loads(as_json.stdout))
    assert "lognormal" in text
    assert "p_value" in text


def test_fit_tail_unknown_alternative_is_one_red_line(pareto_file: Path) -> None:
    result = runner.invoke(app, ["fit", "tail", str(pareto_file), "--compare", "gaussian"])
    assert result.exit_code == 1
    assert "gaussian" in _one_error_line(result.stderr)


def test_fit_tail_plot(pareto_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "fit.png"
    result = runner.invoke(app, ["fit", "tail", str(pareto_file), "--plot", str(out)])
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 0


@pytest.mark.parametrize("content", ["not a number\nstill not\n", None])
def test_bad_file_is_one_red_line(tmp_path: Path, content: str | None) -> None:
    path = tmp_path / "bad.txt"
    if content is not None:
        path.write_text(content)
    result = runner.invoke(app, ["fit", "tail", str(path)])
    assert result.exit_code == 1
    _one_error_line(result.stderr)
    assert result.stdout == ""
    assert "Traceback" not in result.output


def test_debug_lets_the_error_through(tmp_path: Path) -> None:
    result = runner.invoke(app, ["--debug", "fit", "tail", str(tmp_path / "missing.txt")])
    assert result.exit_code == 1
    assert isinstance(result.exception, ScalingLawError)


def test_demo_only_one_dataset_writes_bundle_report_and_csv(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    args = ["demo", "--only", "blackouts", "--boot", "5", "--out", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "blackouts" in result.stdout
    assert "Table 3" in result.stdout
    (entry,) = load_bundle(out / "results.json").entries
    assert entry.result.kind == "tail"
    assert entry.provenance["dataset"] == "clauset2009/blackouts"
    assert "demo --only blackouts --boot 5" in str(entry.command)
    assert "Plotly.newPlot" in (out / "report.html").read_text(encoding="utf-8")
    with (out / "clauset2009_table.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    assert [row["dataset"] for row in rows] == ["blackouts"]
    assert rows[0]["support"] in {"none", "moderate", "good", "with cut-off"}


def test_demo_unknown_only_is_one_red_line() -> None:
    result = runner.invoke(app, ["demo", "--only", "no-such-set", "--boot", "1"])
    assert result.exit_code == 1
    _one_error_line(result.stderr)


# Clauset, Shalizi & Newman (2009), SIAM Review 51(4): Table 4 (continuous data) and
# Table 5 (discrete data, adds Poisson). Columns: data set | GoF p | LR and p of each
# alternative, in the order of _CONTINUOUS / _DISCRETE | the paper's verdict.
_CONTINUOUS = ("lognormal", "exponential", "stretched_exponential", "truncated_power_law")
_DISCRETE = ("poisson", *_CONTINUOUS)
_TABLE_4 = """
birds      | 0.55 | -0.850 0.40   1.87 0.06  -0.882 0.38  -1.24 0.12  | moderate
blackouts  | 0.62 | -0.412 0.68   1.21 0.23  -0.417 0.68  -0.382 0.38 | moderate
book sales | 0.66 | -0.267 0.79   2.70 0.01   3.885 0.00  -0.140 0.60 | moderate
cities     | 0.76 | -0.090 0.93   3.65 0.00   0.204 0.84  -0.123 0.62 | moderate
fires      | 0.05 | -1.78 0.08    4.00 0.00  -1.82 0.07   -5.02 0.00  | with cut-off
flares     | 1.00 | -0.803 0.42   13.7 0.00  -0.546 0.59  -4.52 0.00  | with cut-off
HTTP       | 0.00 |  1.77 0.08    11.8 0.00   2.65 0.01    0.000 1.00 | none
quakes     | 0.00 | -7.14 0.00    11.6 0.00  -7.09 0.00   -24.4 0.00  | with cut-off
religions  | 0.42 | -0.073 0.94   1.59 0.11   1.75 0.08   -0.167 0.56 | moderate
surnames   | 0.20 | -0.836 0.40   2.89 0.00  -0.844 0.40  -1.36 0.10  | with cut-off
wars       | 0.20 | -0.737 0.46   3.68 0.00  -0.767 0.44  -0.847 0.19 | moderate
wealth     | 0.00 |  0.249 0.80   6.20 0.00   8.05 0.00   -0.142 0.59 | none
web hits   | 0.00 | -10.21 0.00   8.55 0.00   10.94 0.00  -74.66 0.00 | with cut-off
web links  | 0.00 | -2.24 0.03    25.3 0.00  -1.08 0.28   -21.2 0.00  | with cut-off
"""
_TABLE_5 = """
Internet   | 0.29 | 5.31 0.00  -0.807 0.42  6.49 0.00   0.493 0.62  -1.97 0.05  | with cut-off
calls      | 0.63 | 17.9 0.00  -2.03 0.04   35.0 0.00   14.3 0.00   -30.2 0.00  | with cut-off
citations  | 0.20 | 6.54 0.00  -0.141 0.89  5.91 0.00   1.72 0.09   -0.007 0.91 | moderate
email      | 0.16 | 4.65 0.00  -1.10 0.27   0.639 0.52  -1.13 0.26  -1.89 0.05  | with cut-off
metabolic  | 0.00 | 3.53 0.00  -1.05 0.29   5.59 0.00   3.66 0.00    0.000 1.00 | none
papers     | 0.90 | 5.71 0.00  -0.091 0.93  3.08 0.00   0.709 0.48  -0.016 0.86 | moderate
proteins   | 0.31 | 3.05 0.00  -0.456 0.65  2.21 0.03   0.055 0.96  -0.414 0.36 | moderate
species    | 0.10 | 5.04 0.00  -1.63 0.10   2.39 0.02  -1.59 0.11   -3.80 0.01  | with cut-off
terrorism  | 0.68 | 1.81 0.07  -0.278 0.78  2.457 0.01  0.772 0.44  -0.077 0.70 | moderate
words      | 0.49 | 4.43 0.00   0.395 0.69  9.09 0.00   4.13 0.00   -0.899 0.18 | good
"""


def _paper_rows() -> list[tuple[str, float, dict[str, tuple[float, float]], str]]:
    rows = []
    for text, alternatives in ((_TABLE_4, _CONTINUOUS), (_TABLE_5, _DISCRETE)):
        for line in text.strip().splitlines():
            name, p, numbers, verdict = (cell.strip() for cell in line.split("|"))
            values = [float(number) for number in numbers.split()]
            tests = {alt: (values[2 * i], values[2 * i + 1]) for i, alt in enumerate(alternatives)}
            rows.append((name, float(p), tests, verdict))
    return rows


@pytest.mark.parametrize(("name", "p", "tests", "verdict"), _paper_rows())
def test_support_rule_reproduces_the_paper(
    name: str, p: float, tests: dict[str, tuple[float, float]], verdict: str
) -> None:
    assert support(p, tests) == verdict, name


def test_demo_alternatives_are_the_librarys() -> None:
    for discrete in (False, True):
        assert set(alternatives_for(discrete)) == set(valid_alternatives(discrete))


@pytest.mark.parametrize("name", demo_names())
def test_support_rule_reproduces_each_bundled_verdict(name: str) -> None:
    meta = load_dataset(name).meta
    published = meta["published"]
    tests = {alt: published_test(published, alt) for alt in alternatives_for(meta["discrete"])}
    assert support(published["p"], tests) == published["support"]


def test_every_replicate_count_is_boot() -> None:
    import typer

    def commands(group: Any, path: str = "") -> list[tuple[str, Any]]:
        if hasattr(group, "commands"):  # a group (typer's own click)
            return [
                item
                for name, sub in group.commands.items()
                for item in commands(sub, f"{path} {name}".strip())
            ]
        return [(path, group)]

    boot, hidden = set(), set()
    for path, command in commands(typer.main.get_command(app)):
        for param in command.params:
            names = set(getattr(param, "opts", ()))
            if "--boot" in names:
                boot.add(path)
            if names & {"--gof", "--bootstrap", "--n-boot"}:
                assert getattr(param, "hidden", False), f"{path}: {names} is a visible alias"
                hidden.add(path)
    drawn = {"fit tail", "fit relation", "fit growth", "fit neural", "fit isoflop", "forecast"}
    assert drawn | {"demo", "ladder fit", "ladder demo"} <= boot
    assert hidden <= boot
