"""The web app's forecast kind: the JSON API and the result page's fan chart (TestClient)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.webclient import assert_error, fit, make_client, wait_for

#: China's cumulative WHO cases to 2020-02-05 as an upload (the bundled table's first rows).
ROWS = "date,cases\n" + "\n".join(
    f"2020-01-{20 + i:02d},{n}"
    for i, n in enumerate([278, 309, 571, 830, 1297, 1985, 2741, 4537, 5997, 7736, 9720, 11821])
)


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    with make_client(tmp_path / "data") as test_client:
        yield test_client


def test_forecast_job_gives_a_result_with_a_fan_chart(client: TestClient) -> None:
    options = {"t": "date", "y": "cases", "horizon": 5, "cumulative": True, "boot": 30}
    response = fit(client, "forecast", options, files={"file": ("who.csv", ROWS.encode())})
    assert response.status_code == 202, response.text
    state, _ = wait_for(client, response.json()["job"], {"done", "failed"})
    assert state["status"] == "done", state
    ident = state["result_id"]
    stored = client.get(f"/api/results/{ident}").json()
    assert stored["kind"] == "forecast"
    assert stored["method"] == "ensemble"
    assert len(stored["median"]) == 5
    page = client.get(f"/results/{ident}")
    assert page.status_code == 200
    for text in ("2020-02-05: ", "95% interval", "median forecast", "sl-plot", "Ensemble members"):
        assert text in page.text
    bundle = client.get(f"/api/results/{ident}/bundle.json").json()
    command = bundle["results"][0]["provenance"]["command"]
    assert command.startswith("scalinglaws forecast who.csv --t date --y cases --horizon 5")


def test_naive_forecast_runs_at_once_and_bad_options_are_named(client: TestClient) -> None:
    upload = {"files": {"file": ("who.csv", ROWS.encode())}}
    options = {"t": "date", "y": "cases", "horizon": 3, "method": "naive", "cumulative": True}
    response = fit(client, "forecast", options, **upload)
    assert response.status_code == 200, response.text
    assert response.json()["result"]["method"] == "naive"
    bad = fit(client, "forecast", {**options, "window": 50}, **upload)
    assert_error(bad, 422, "InvalidOptionError", "window=50 is longer than the data")
    unknown = fit(client, "forecast", {**options, "level": 0.9}, **upload)
    assert_error(unknown, 422, "InvalidOptionError", "'level' is not a forecast option")


def test_a_stock_is_forecast_as_levels_and_its_command_says_so(client: TestClient) -> None:
    """A population that fell (Detroit's censuses, 1950-2010, U.S. Census Bureau)."""
    rows = "year,population\n" + "\n".join(
        f"{1950 + 10 * i},{n}"
        for i, n in enumerate([1849568, 1670144, 1511482, 1203339, 1027974, 951270, 713777])
    )
    upload = {"files": {"file": ("detroit.csv", rows.encode())}}
    options = {"t": "year", "y": "population", "horizon": 10, "method": "naive", "stock": True}
    response = fit(client, "forecast", options, **upload)
    assert response.status_code == 200, response.text
    result = response.json()["result"]
    assert result["stock"] is True
    assert result["median"][-1] < 951270  # carried forward from the last level, not a total
    ident = response.json()["id"]
    bundle = client.get(f"/api/results/{ident}/bundle.json").json()
    assert "--stock" in bundle["results"][0]["provenance"]["command"].split()
    both = fit(client, "forecast", {**options, "cumulative": True}, **upload)
    assert_error(both, 422, "InvalidOptionError", "stock=True and cumulative=True")
