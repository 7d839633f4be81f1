"""The shipped Transformer as a method of ``sl.forecast``: the same ``Forecast`` result as
any method (table, summary, report, ask facts, JSON), running totals through their
increments, ensemble membership, the CLI and the web form, and bad input named."""

from __future__ import annotations

import json
import subprocess
import sys
import warnings
from importlib import resources
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

import scalinglaws as sl
from scalinglaws.cli import app
from scalinglaws.errors import (
    FitWarning,
    InsufficientDataError,
    InvalidInputError,
    InvalidOptionError,
    MissingDependencyError,
)
from scalinglaws.forecast import DEFAULT_MEMBERS, LAW_MEMBERS, METHODS, default_members
from scalinglaws.quantiles import HUB_QUANTILES, quantile_columns
from scalinglaws.results import FitResult

WHO = resources.files("scalinglaws.datasets").joinpath(
    "data", "natural", "epidemics", "sarscov2_who_2019_subset.csv"
)


def growth(n: int = 30, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Daily Poisson counts growing 8% a day from 20."""
    t = np.arange(float(n))
    return t, np.random.default_rng(seed).poisson(20 * np.exp(0.08 * t)).astype(np.float64)


def test_transformer_forecast_is_a_forecast_like_any_method() -> None:
    from scalinglaws.ask.verbalize import verbalize
    from scalinglaws.report import build_section

    t, y = growth()
    fc = sl.forecast(t, y, 6, method="transformer", rng=1)
    assert isinstance(fc, sl.Forecast)
    assert fc.method == "transformer"
    assert list(fc.table.columns) == ["t", "mean", "median", *quantile_columns(HUB_QUANTILES)]
    assert np.allclose(fc.table["t"], 30.0 + np.arange(6))
    q = fc.quantiles
    assert np.all(np.diff(q, axis=1) >= 0)
    assert np.all(q >= 0)
    assert fc.table.equals(sl.forecast(t, y, 6, method="transformer", rng=1).table)
    assert "pretrained Transformer" in str(fc.summary())
    assert "bootstrap" not in str(fc.summary())  # no growth law was bootstrapped
    again = FitResult.from_dict(json.loads(json.dumps(fc.to_dict())))
    assert again.to_dict() == fc.to_dict()
    section = build_section(fc)
    assert "median forecast" in section.figures[0].spec
    facts = {fact.key: fact.text for fact in verbalize(fc, "the forecast")}
    assert "95% prediction interval" in facts["forecast:h1"]


def test_running_totals_are_forecast_through_their_increments() -> None:
    t, y = growth()
    total = np.cumsum(y)
    fc = sl.forecast(t, total, 8, method="transformer", cumulative=True, rng=0)
    assert fc.warnings == ()
    assert np.all(fc.quantiles >= total[-1])  # every path adds increments >= 0 to the total
    assert np.all(np.diff(fc.median) >= 0)
    assert np.all(np.diff(fc.quantile_at([0.975])[:, 0]) >= 0)
    falling = total.copy()
    falling[20:] -= 2 * y[20]  # a downward revision
    with pytest.warns(FitWarning, match="running total falls 1 time"):
        sl.forecast(t, falling, 8, method="transformer", cumulative=True, errors="normal")


def test_an_ensemble_can_include_the_transformer() -> None:
    t, y = growth()
    members = ["logistic", "gompertz", "transformer"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FitWarning)  # fragile law fits on 30 points
        fc = sl.forecast(t, y, 5, members=members, weighting="equal", n_boot=30)
    rows = {m.name: m for m in fc.members}
    assert set(rows) == set(members)
    assert rows["transformer"].ok
    assert rows["transformer"].weight == pytest.approx(1 / 3)
    with pytest.raises(InvalidOptionError, match="transformer have none"):
        sl.forecast(t, y, 5, members=members, weighting="aicc")  # AICc needs a likelihood


def test_the_default_ensemble_is_naive_and_the_transformer_in_equal_parts() -> None:
    t, y = growth()
    fc = sl.forecast(t, y, 6, rng=2)
    assert default_members() == DEFAULT_MEMBERS == ("naive", "transformer")
    rows = {m.name: m for m in fc.members}
    assert list(rows) == ["naive", "transformer"]
    assert all(m.ok for m in rows.values())
    assert sum(m.weight for m in fc.members) == pytest.approx(1.0, abs=1e-12)
    assert rows["naive"].weight == rows["transformer"].weight == pytest.approx(0.5)
    # the weighted median of two members in equal parts is their midpoint; calibration
    # widens the bands about it and keeps it
    np.testing.assert_allclose(
        fc.median, (rows["naive"].median + rows["transformer"].median) / 2, rtol=1e-12
    )
    q = fc.quantiles
    assert np.all(np.diff(q, axis=1) >= 0)
    assert np.all(q >= 0)
    assert fc.table.equals(sl.forecast(t, y, 6, rng=2).table)


def test_without_torch_the_default_ensemble_is_the_laws_and_naive(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "torch", None)  # as if torch were not installed
    assert default_members() == LAW_MEMBERS
    t, y = growth()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FitWarning)  # fragile law fits on 30 points
        fc = sl.forecast(t, y, 4, n_boot=20, rng=0)
    assert [m.name for m in fc.members] == list(LAW_MEMBERS)
    assert sum(m.weight for m in fc.members) == pytest.approx(1.0, abs=1e-12)
    assert np.all(np.diff(fc.quantiles, axis=1) >= 0)


def test_torch_loads_with_the_first_default_ensemble_not_with_scalinglaws() -> None:
    code = (
        "import sys\n"
        "import numpy as np\n"
        "import scalinglaws as sl\n"
        "from scalinglaws.forecast import default_members\n"
        "t = np.arange(12.0); y = 5.0 + t ** 2\n"
        "default_members()\n"
        "sl.forecast(t, y, 3, method='naive')\n"
        "print('torch' in sys.modules)\n"
        "sl.forecast(t, y, 3)\n"
        "print('torch' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-W", "error", "-c", code], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "True"]


@pytest.mark.parametrize(
    ("y", "horizon", "cumulative", "error", "message"),
    [
        ([3.0, 5.0], 2, False, InsufficientDataError, "2 observation.* too short a context"),
        ([3.0, 5.0, 9.0], 2, True, InsufficientDataError, "increments"),
        ([4.0] * 10, 3, False, InvalidInputError, "constant series"),
        ([1.5, 2.5, -1.0, 3.5], 2, False, InvalidInputError, "-1.0 at position 2 is negative"),
        ([1.0, np.nan, 2.0, 3.0], 2, False, InvalidInputError, "NaN|finite"),
        ([1.0, np.inf, 2.0, 3.0], 2, False, InvalidInputError, "NaN|finite|infinite"),
        ([1.0, 2.0, 4.0, 7.0], 65, False, InvalidOptionError, "65 steps are beyond the 64"),
    ],
)
def test_bad_input_is_named(
    y: list[float], horizon: int, cumulative: bool, error: type, message: str
) -> None:
    with pytest.raises(error, match=message):
        sl.forecast(
            np.arange(float(len(y))), y, horizon, method="transformer", cumulative=cumulative
        )


def test_without_torch_the_lm_extra_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "torch", None)  # as if torch were not installed
    t, y = growth()
    with pytest.raises(MissingDependencyError) as caught:
        sl.forecast(t, y, 3, method="transformer")
    assert str(caught.value) == (
        "the transformer forecaster needs the lm extra (torch is not installed): "
        "pip install 'scalinglaws[lm]'"
    )


def test_cli_and_web_form_offer_the_transformer(tmp_path: Path) -> None:
    assert "transformer" in METHODS
    with resources.as_file(WHO) as path:
        args = ["forecast", str(path), "--t", "date", "--y", "cases_chn", "--end", "2020-02-05"]
        result = CliRunner().invoke(
            app, [*args, "--cumulative", "--horizon", "7", "--method", "transformer", "--json"]
        )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["method"] == "transformer"
    assert len(data["median"]) == 7
    assert np.min(data["quantiles"]) >= 24_363  # China's total on 2020-02-05: it never falls
    from scalinglaws.web.pages import CHOICES

    assert "transformer" in CHOICES["forecast_methods"]


def test_web_app_runs_a_transformer_forecast(tmp_path: Path) -> None:
    from tests.test_web_forecast import ROWS
    from tests.webclient import fit, make_client

    options = {"t": "date", "y": "cases", "horizon": 3, "method": "transformer", "cumulative": True}
    with make_client(tmp_path / "data") as client:
        response = fit(client, "forecast", options, files={"file": ("who.csv", ROWS.encode())})
        assert response.status_code == 200, response.text  # no bootstrap: runs at once
        result = response.json()["result"]
    assert result["method"] == "transformer"
    assert len(result["median"]) == 3
    assert np.min(result["quantiles"]) >= 11_821  # the last total of the upload
