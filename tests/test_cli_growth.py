"""``scalinglaws fit growth``, driven through Typer's CliRunner on the bundled files.

Reference values as in tests/test_growth.py: Pearl & Reed, PNAS 6, 275-288 (1920)
for the 1790-1910 census logistic (least squares on this file: K = 198.5 [check]);
GGM on WHO China cases 2020-01-20 to 2020-02-05: p = 0.765 +- 0.015 [check]
(shared/data/natural/README.md).
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scalinglaws.cli import app
from scalinglaws.results import FitResult

runner = CliRunner()
DATA = resources.files("scalinglaws.datasets").joinpath("data", "natural")


@pytest.fixture(scope="module")
def census() -> Path:
    with resources.as_file(DATA.joinpath("growth", "carData_USPop_1790_2000.csv")) as path:
        return Path(path)


@pytest.fixture(scope="module")
def who() -> Path:
    with resources.as_file(DATA.joinpath("epidemics", "sarscov2_who_2019_subset.csv")) as path:
        return Path(path)


def _one_error_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert lines[0].startswith("error: "), stderr
    return lines[0]


def test_fit_growth_table_with_forecast(census: Path) -> None:
    args = ["fit", "growth", str(census), "--t", "year", "--y", "population", "--end", "1910"]
    result = runner.invoke(app, [*args, "--forecast", "30", "--boot", "100"])
    assert result.exit_code == 0, result.output
    for text in ("logistic", "198.486", "carrying capacity", "Forecast", "1940"):
        assert text in result.stdout


def test_fit_growth_json_is_the_result_and_its_forecast(census: Path) -> None:
    args = ["fit", "growth", str(census), "--t", "year", "--y", "population", "--end", "1910"]
    result = runner.invoke(app, [*args, "--forecast", "30", "--boot", "100", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["kind"] == "growth"
    assert data["params"]["K"] == pytest.approx(198.5, abs=0.1)
    assert [row["t"] for row in data["forecast"]] == [1920.0, 1930.0, 1940.0]
    assert all(row["lower"] < row["mean"] < row["upper"] for row in data["forecast"])
    assert FitResult.from_dict(data).params["K"] == pytest.approx(data["params"]["K"])


def test_fit_growth_ggm_on_dates_with_a_window_and_a_plot(who: Path, tmp_path: Path) -> None:
    plot = tmp_path / "ggm.png"
    result = runner.invoke(
        app,
        [
            "fit", "growth", str(who), "--t", "date", "--y", "cases_chn", "--law", "ggm",
            "--errors", "normal", "--start", "2020-01-20", "--end", "2020-02-05",
            "--forecast", "7", "--boot", "100", "--json", "--plot", str(plot),
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["params"]["p"] == pytest.approx(0.765, abs=0.002)
    assert data["origin"] == "2020-01-20T00:00:00"
    assert data["fixed"] == ["C0"]
    assert data["forecast"][0]["t"] == "2020-02-06T00:00:00"
    assert len(data["forecast"]) == 7
    assert plot.stat().st_size > 1000


def test_fit_growth_unknown_column_is_one_red_line(census: Path) -> None:
    result = runner.invoke(app, ["fit", "growth", str(census), "--t", "when", "--y", "population"])
    assert result.exit_code == 1
    line = _one_error_line(result.stderr)
    assert "'when'" in line
    assert "'year'" in line
    assert "'population'" in line


def test_fit_growth_bad_series_is_one_red_line(tmp_path: Path) -> None:
    path = tmp_path / "cases.csv"
    path.write_text("day,cases\n2020-01-01,5\n2020-01-02,9\n2020-01-03,-7\n2020-01-04,12\n")
    result = runner.invoke(app, ["fit", "growth", str(path), "--t", "day", "--y", "cases"])
    assert result.exit_code == 1
    line = _one_error_line(result.stderr)
    assert "column 'cases'" in line
    assert "2020-01-03: -7" in line
    bad = tmp_path / "dates.csv"
    bad.write_text("day,cases\n2020-01-01,5\n2020-01-32,9\n2020-01-03,17\n2020-01-04,22\n")
    result = runner.invoke(app, ["fit", "growth", str(bad), "--t", "day", "--y", "cases"])
    assert result.exit_code == 1
    assert "'2020-01-32'" in _one_error_line(result.stderr)


def test_fit_growth_unknown_law_and_empty_window(census: Path) -> None:
    args = ["fit", "growth", str(census), "--t", "year", "--y", "population"]
    result = runner.invoke(app, [*args, "--law", "verhulst"])
    assert result.exit_code == 1
    assert "ggm" in _one_error_line(result.stderr)
    result = runner.invoke(app, [*args, "--start", "2100"])
    assert result.exit_code == 1
    assert "keep no rows" in _one_error_line(result.stderr)
