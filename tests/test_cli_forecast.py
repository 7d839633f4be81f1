"""``scalinglaws forecast``, driven through Typer's CliRunner on the bundled WHO reports."""

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
#: China's cumulative cases, 2020-01-20 to 2020-02-05, forecast to 2020-02-12.
ARGS = ["--t", "date", "--y", "cases_chn", "--end", "2020-02-05", "--cumulative"]


@pytest.fixture(scope="module")
def who() -> Path:
    with resources.as_file(DATA.joinpath("epidemics", "sarscov2_who_2019_subset.csv")) as path:
        return Path(path)


def test_forecast_prints_steps_and_members(who: Path) -> None:
    result = runner.invoke(app, ["forecast", str(who), *ARGS, "--horizon", "7", "--boot", "40"])
    assert result.exit_code == 0, result.output
    for text in ("2020-02-12", "95% upper", "Ensemble members", "naive", "transformer", "weight"):
        assert text in result.stdout


def test_forecast_json_round_trips_and_save_writes_a_bundle(who: Path, tmp_path: Path) -> None:
    saved = tmp_path / "results.json"
    args = ["forecast", str(who), *ARGS, "--horizon", "3", "--method", "gompertz"]
    result = runner.invoke(app, [*args, "--boot", "40", "--json", "--save", str(saved)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["kind"] == "forecast"
    assert data["method"] == "gompertz"
    again = FitResult.from_dict(data)
    assert again.to_dict() == data
    bundle = json.loads(saved.read_text())
    assert bundle["results"][0]["result"]["kind"] == "forecast"
    assert "scalinglaws forecast" in bundle["results"][0]["provenance"]["command"]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--horizon", "0"], "horizon=0.0 must be positive"),
        (["--horizon", "7", "--window", "99"], "window=99 is longer than the data (16 points)"),
        (["--horizon", "7", "--method", "arima"], "method='arima' is not valid"),
        (["--horizon", "7", "--y", "nope"], "'nope' is not a column"),
        (["--horizon", "7", "--stock"], "stock=True and cumulative=True"),
    ],
)
def test_bad_input_is_one_red_line(who: Path, extra: list[str], message: str) -> None:
    result = runner.invoke(app, ["forecast", str(who), *ARGS, *extra])
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    assert message in lines[0]
