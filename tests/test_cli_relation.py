"""``scalinglaws fit relation`` (DESIGN.md section 4), driven through Typer's CliRunner."""

from __future__ import annotations

import json
import math
from importlib import resources
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from scalinglaws.cli import app
from scalinglaws.results import FitResult

runner = CliRunner()
DATA = resources.files("scalinglaws.datasets").joinpath("data", "natural")


def _path(relative: str) -> str:
    return str(DATA.joinpath(relative))


def _one_error_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert lines[0].startswith("error: "), stderr
    return lines[0]


LEAFLIFE = ["fit", "relation", _path("allometry/smatr_leaflife.csv"), "--x", "lma", "--y", "longev"]


def test_table_output() -> None:
    result = runner.invoke(app, [*LEAFLIFE, "--method", "sma", "--b0", "1"])
    assert result.exit_code == 0, result.output
    assert "standardised major axis" in result.stdout
    assert "1.315" in result.stdout  # smatr's SMA slope 1.315031
    assert "differs from 1" in result.stdout


def test_json_is_the_only_stdout_and_round_trips() -> None:
    # US MSA GDP (Leitão et al. 2016): OLS on logs beta = 1.113 [check].
    args = ["fit", "relation", _path("urban/leitao2016_usa_msa_gdp_pop_2013.tsv")]
    args += ["--x", "population", "--y", "gdp_in_million_USD", "--json", "--b0", "1"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["kind"] == "relation"
    assert data["params"]["b"] == pytest.approx(1.113, abs=5e-4)
    assert data["exponent_test"]["rejected"] is True
    fit = FitResult.from_dict(data)
    assert fit.params["b"] == data["params"]["b"]


def test_multivariable_bootstrap_and_plot(tmp_path: Path) -> None:
    out = tmp_path / "trees.png"
    args = ["fit", "relation", _path("allometry/R_trees_black_cherry_31.csv")]
    args += ["--x", "Girth,Height", "--y", "Volume", "--boot", "30", "--workers", "1"]
    result = runner.invoke(app, [*args, "--plot", str(out), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["x_names"] == ["Girth", "Height"]
    assert math.log(data["params"]["a"]) == pytest.approx(-6.632, abs=5e-4)  # [check]
    assert np.asarray(data["boot"]["samples"]).shape == (30, 3)
    assert data["boot"]["scheme"] == "pairs"
    assert out.stat().st_size > 0


def test_compare_table() -> None:
    args = ["fit", "relation", _path("allometry/quantreg_Mammals_speed_weight_107.csv")]
    result = runner.invoke(app, [*args, "--x", "weight", "--y", "speed", "--compare"])
    assert result.exit_code == 0, result.output
    assert "broken_power has the lowest AIC" in " ".join(result.stdout.split())


def test_zeros_are_one_red_line_naming_the_fixes(tmp_path: Path) -> None:
    path = tmp_path / "counts.csv"
    path.write_text("area,species\n1,0\n2,3\n4,5\n8,0\n16,9\n")
    result = runner.invoke(app, ["fit", "relation", str(path), "--x", "area", "--y", "species"])
    assert result.exit_code == 1
    line = _one_error_line(result.stderr)
    assert "2 of 5 rows" in line
    assert "poisson" in line
    ok = runner.invoke(
        app,
        ["fit", "relation", str(path), "--x", "area", "--y", "species", "--method", "poisson"],
    )
    assert ok.exit_code == 0, ok.output
    dropped = runner.invoke(
        app,
        ["fit", "relation", str(path), "--x", "area", "--y", "species", "--drop-nonpositive"],
    )
    assert dropped.exit_code == 0, dropped.output
    assert "2 dropped" in dropped.stdout


@pytest.mark.parametrize(
    ("extra", "match"),
    [
        (["--y", "nope"], "nope"),
        (["--y", "longev", "--law", "banana"], "banana"),
        (["--y", "longev", "--method", "sma", "--law", "exponential"], "not available"),
    ],
)
def test_bad_options_are_one_red_line(extra: list[str], match: str) -> None:
    args = ["fit", "relation", _path("allometry/smatr_leaflife.csv"), "--x", "lma", *extra]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert match in _one_error_line(result.stderr)
    assert result.stdout == ""
