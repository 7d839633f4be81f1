"""The web app's JSON API (DESIGN.md 4b) through FastAPI's TestClient.

Reference value: Clauset, Shalizi & Newman (2009), SIAM Review 51, Table 3:
US city populations (2000 Census) have a power-law tail with alpha = 2.37.
"""

from __future__ import annotations

import io
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

import scalinglaws as sl
from scalinglaws.bundle import load_bundle
from scalinglaws.web import Settings
from scalinglaws.web.pages import form_options
from scalinglaws.web.store import Store
from tests.fresh import fresh_python
from tests.webclient import assert_error, cities_bytes, fit, make_client, wait_for

CITIES_ALPHA = 2.37  # Clauset et al. 2009, Table 3
CAPTURE: dict[str, Any] = {"capture_output": True, "text": True, "check": True}


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    with make_client(tmp_path / "data") as test_client:
        yield test_client


def test_datasets_lists_the_bundled_data(client: TestClient) -> None:
    response = client.get("/api/datasets")
    assert response.status_code == 200
    rows = {row["name"]: row for row in response.json()}
    assert rows["clauset2009/cities"] == {
        "name": "clauset2009/cities",
        "kind": "tail",
        "n": 19447,
        "source": rows["clauset2009/cities"]["source"],
    }
    assert {row["kind"] for row in rows.values()} == {"tail", "relation", "growth", "neural"}


def test_tail_fit_of_the_uploaded_cities_file_finds_alpha_2_37(client: TestClient) -> None:
    response = fit(
        client, "tail", {"discrete": False}, files={"file": ("cities.txt", cities_bytes())}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert round(body["result"]["alpha"], 2) == CITIES_ALPHA
    stored = client.get(f"/api/results/{body['id']}").json()
    assert stored["alpha"] == body["result"]["alpha"]
    report = client.get(f"/api/results/{body['id']}/report.html?download=true")
    assert report.status_code == 200
    assert "attachment" in report.headers["content-disposition"]
    assert "2.37" in report.text
    assert "cities.txt" in report.text
    bundle = client.get(f"/api/results/{body['id']}/bundle.json")
    path = Path(client.app.state.settings.data_dir) / "bundle.json"  # type: ignore[attr-defined]
    path.write_bytes(bundle.content)
    entry = load_bundle(path).entries[0]
    assert entry.provenance["file"] == "cities.txt"
    assert "scalinglaws fit tail cities.txt --continuous" in entry.provenance["command"]
    assert [r["id"] for r in client.get("/api/results").json()] == [body["id"]]


@pytest.mark.parametrize(
    ("kind", "dataset", "options", "param", "value"),
    [
        ("relation", "allometry/mammals_brain_body", {}, "b", 0.75),  # Kleiber-like brain scaling
        ("growth", "growth/us_census_1790_2000", {"law": "logistic"}, "K", 440.8),
        ("neural", "neural/epoch_chinchilla", {"form": "power_offset"}, "alpha", 0.274),
        ("tail", "clauset2009/cities", {}, "alpha", CITIES_ALPHA),
    ],
)
def test_fit_by_dataset_name(
    client: TestClient, kind: str, dataset: str, options: Any, param: str, value: float
) -> None:
    response = fit(client, kind, options, dataset=dataset)
    assert response.status_code == 200, response.text
    result = response.json()["result"]
    assert result["kind"] == kind
    params = result.get("params") or {"alpha": result.get("alpha")}
    assert params[param] == pytest.approx(value, rel=0.01)


@pytest.mark.parametrize("fmt", ["csv", "tsv", "parquet"])
def test_uploads_are_sniffed_from_their_content(client: TestClient, fmt: str) -> None:
    frame = sl.load_dataset("allometry/mammals_brain_body").data
    if fmt == "parquet":
        buffer = io.BytesIO()
        frame.to_parquet(buffer)
        data = buffer.getvalue()
    else:
        data = frame.to_csv(sep="," if fmt == "csv" else "\t", index=False).encode()
    name = "mammals.dat"  # the extension says nothing: the content decides
    response = fit(client, "relation", {"x": "body", "y": "brain"}, files={"file": (name, data)})
    assert response.status_code == 200, response.text
    assert response.json()["result"]["params"]["b"] == pytest.approx(0.7517, abs=1e-4)


def test_ask_answers_from_a_stored_result(client: TestClient) -> None:
    ident = fit(client, "tail", dataset="clauset2009/cities").json()["id"]
    response = client.post(
        "/api/ask", json={"question": "What is the exponent?", "result_ids": [ident]}
    )
    assert response.status_code == 200, response.text
    answer = response.json()
    assert "2.37" in answer["text"]
    assert answer["source"] == answer["result"] == "clauset2009/cities"
    assert 0 <= answer["score"] <= 1
    # Clauset et al. 2009, Table 3: alpha = 2.37(8); ours is fitted, not published.
    assert (answer["kind"], answer["abstained"]) == ("fitted", False)
    assert answer["value"] == pytest.approx(2.37, abs=0.005)
    assert answer["interval"][0] < answer["value"] < answer["interval"][1]
    assert_error(
        client.post("/api/ask", json={"question": "alpha?", "result_ids": ["nope"]}),
        404,
        "UnknownResultError",
        "nope",
    )
    assert_error(
        client.post("/api/ask", json={"question": " ", "result_ids": [ident]}),
        422,
        "InvalidInputError",
    )


GARBAGE = bytes(range(256)) * 8


@pytest.mark.parametrize(
    ("kind", "options", "form", "status", "error", "words"),
    [
        ("tail", {}, {"files": {"file": ("e.csv", b"")}}, 422, "EmptyDataError", ["empty"]),
        ("tail", {}, {"files": {"file": ("blank.txt", b"\n \n")}}, 422, "EmptyDataError", []),
        ("tail", {}, {"files": {"file": ("x.png", GARBAGE)}}, 422, "DataFormatError", ["x.png"]),
        ("tail", {}, {"files": {"file": ("a.zip", b"PK\x03\x04junk")}}, 422, "DataFormatError", []),
        (
            "relation",
            {"x": "name", "y": "size"},
            {"files": {"file": ("t.csv", b"name,size\nfoo,1\nbar,2\nbaz,3\n")}},
            422,
            "InvalidInputError",
            ["'name'", "text", "'size'"],
        ),
        (
            "tail",
            {},
            {"files": {"file": ("t.csv", b"name\nfoo\nbar\n")}},
            422,
            "InvalidInputError",
            [],
        ),
        ("tail", {}, {"dataset": "clauset2009/nope"}, 404, "UnknownDatasetError", ["nope"]),
        (
            "tail",
            {"gof": -1},
            {"dataset": "clauset2009/cities"},
            422,
            "InvalidOptionError",
            ["gof"],
        ),
        (
            "tail",
            {"colour": 1},
            {"dataset": "clauset2009/cities"},
            422,
            "InvalidOptionError",
            ["'colour'"],
        ),
        (
            "relation",
            {"law": "cubic"},
            {"dataset": "allometry/trees"},
            422,
            "InvalidOptionError",
            ["cubic"],
        ),
        (
            "relation",
            {"x": "mass"},
            {"dataset": "allometry/trees"},
            422,
            "InvalidOptionError",
            ["Girth"],
        ),
        ("tail", {}, {}, 422, "InvalidOptionError", ["dataset"]),
    ],
)
def test_bad_input_is_a_4xx_with_a_message(
    client: TestClient,
    kind: str,
    options: Any,
    form: Any,
    status: int,
    error: str,
    words: list[str],
) -> None:
    assert_error(fit(client, kind, options, **form), status, error, *words)


@pytest.mark.parametrize(
    ("data", "error", "words"),
    [
        (
            {"kind": "tail", "options": "{not json", "dataset": "clauset2009/cities"},
            "InvalidOptionError",
            ["JSON"],
        ),
        (
            {"kind": "tail", "options": "[1, 2]", "dataset": "clauset2009/cities"},
            "InvalidOptionError",
            ["object"],
        ),
        ({"kind": "cubic", "dataset": "clauset2009/cities"}, "InvalidOptionError", ["kind"]),
        ({"dataset": "clauset2009/cities"}, "InvalidOptionError", ["kind"]),
    ],
)
def test_malformed_requests_are_422(
    client: TestClient, data: dict[str, str], error: str, words: list[str]
) -> None:
    assert_error(client.post("/api/fit", data=data), 422, error, *words)


def test_unknown_ids_are_404(client: TestClient) -> None:
    assert_error(client.get("/api/results/abc"), 404, "UnknownResultError")
    assert_error(client.get("/api/results/abc/report.html"), 404, "UnknownResultError")
    assert_error(client.get("/api/jobs/abc"), 404, "UnknownJobError")
    assert_error(client.post("/api/jobs/abc/cancel"), 404, "UnknownJobError")
    assert_error(client.get("/api/nothing-here"), 404, "HTTPError")


def test_uploads_over_the_size_limit_are_413(tmp_path: Path) -> None:
    assert Settings().max_upload_bytes == 50 * 1024 * 1024
    with make_client(tmp_path, max_upload_bytes=10_000) as small:
        body = b"1.5\n" * 5_000  # 20 kB: read, counted, refused
        assert_error(
            fit(small, "tail", files={"file": ("big.txt", body)}),
            413,
            "UploadTooLargeError",
            "limit",
        )
        huge = b"1.5\n" * 200_000  # 800 kB: refused from its Content-Length, unread
        assert_error(
            fit(small, "tail", files={"file": ("huge.txt", huge)}), 413, "UploadTooLargeError"
        )
        page = small.post("/upload", files={"file": ("huge.txt", huge)})
        assert page.status_code == 413
        assert "UploadTooLargeError" in page.text


def test_ten_million_rows_are_refused_before_parsing(client: TestClient) -> None:
    rows = b"1\n" * 10_000_000
    start = time.monotonic()
    response = fit(client, "tail", files={"file": ("rows.txt", rows)})
    assert_error(response, 413, "UploadTooLargeError", "10,000,000 rows", "1,000,000")
    assert time.monotonic() - start < 20


def test_results_survive_a_restart(tmp_path: Path) -> None:
    with make_client(tmp_path) as first:
        ident = fit(first, "tail", dataset="clauset2009/cities").json()["id"]
    store = Store(Settings(data_dir=tmp_path).database)
    job = store.add_job("tail", "left running")
    alive = store.add_job("tail", "still running in another worker")
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], **CAPTURE)
    with sqlite3.connect(store.path) as db:  # the first job's server process has exited
        db.execute(
            "UPDATE jobs SET owner = ? WHERE id = ?",
            (f"{socket.gethostname()}:{int(gone.stdout)}", job),
        )
    with make_client(tmp_path) as second:
        assert round(second.get(f"/api/results/{ident}").json()["alpha"], 2) == CITIES_ALPHA
        state = second.get(f"/api/jobs/{job}").json()
        assert state["status"] == "failed"
        assert "stopped" in state["message"]
        assert second.get(f"/api/jobs/{alive}").json()["status"] == "queued"


def test_background_job_reports_progress_and_saves_the_result(client: TestClient) -> None:
    response = fit(client, "tail", {"gof": 60, "seed": 1}, dataset="clauset2009/cities")
    assert response.status_code == 202, response.text
    job = response.json()["job"]
    state, seen = wait_for(client, job, {"done", "failed", "cancelled"})
    assert state["status"] == "done", state
    assert state["progress"] == 1.0
    assert seen == sorted(seen)
    result = client.get(f"/api/results/{state['result_id']}").json()
    assert result["gof"]["n_boot"] == 60
    assert 0 <= result["gof"]["p_value"] <= 1


def test_a_slow_job_does_not_block_requests_and_can_be_cancelled(client: TestClient) -> None:
    job = fit(client, "tail", {"gof": 100_000}, dataset="clauset2009/cities").json()["job"]
    wait_for(client, job, {"running"})
    latencies = []
    for _ in range(10):
        start = time.monotonic()
        assert client.get("/api/datasets").status_code == 200
        latencies.append(time.monotonic() - start)
    assert max(latencies) < 1.0, latencies
    cancelled = client.post(f"/api/jobs/{job}/cancel").json()
    assert cancelled["status"] == "cancelled"
    time.sleep(0.3)
    assert client.get(f"/api/jobs/{job}").json()["status"] == "cancelled"


def test_pages_walk_from_upload_to_result(client: TestClient) -> None:
    home = client.get("/")
    assert home.status_code == 200
    assert "clauset2009/cities" in home.text
    upload = client.post(
        "/upload", files={"file": ("cities.txt", cities_bytes())}, follow_redirects=False
    )
    assert upload.status_code == 303
    prepare = client.get(upload.headers["location"])
    assert prepare.status_code == 200
    assert "19447 rows" in prepare.text
    upload_id = upload.headers["location"].split("=")[1]
    done = client.post(
        "/fit",
        data={"upload": upload_id, "kind": "tail", "tail.discrete": "continuous", "tail.gof": "0"},
        follow_redirects=False,
    )
    assert done.status_code == 303, done.text
    page = client.get(done.headers["location"])
    assert "alpha = 2.37" in page.text
    assert "sl-plot" in page.text
    answer = client.post(done.headers["location"] + "/ask", data={"question": "What is alpha?"})
    assert "2.37" in answer.text


def test_pages_show_errors_in_words(client: TestClient) -> None:
    page = client.post("/upload", files={"file": ("junk.bin", GARBAGE)})
    assert page.status_code == 422
    assert "DataFormatError" in page.text
    assert "junk.bin" in page.text
    bad = client.post(
        "/fit", data={"dataset": "allometry/trees", "kind": "relation", "relation.law": "cubic"}
    )
    assert bad.status_code == 422
    assert "cubic" in bad.text
    assert "Choose the analysis" in bad.text
    assert client.get("/results/nope").status_code == 404


def test_form_options_read_the_chosen_kind_only() -> None:
    form = {"kind": "tail", "tail.gof": "10", "tail.discrete": "auto", "relation.law": "linear"}
    assert form_options("tail", form) == {"gof": "10"}
    assert form_options("growth", {"growth.incidence": "true"}) == {"cumulative": False}
    assert form_options("neural", {"neural.compute_optimal": "1e21, 1e23"}) == {
        "compute_optimal": ["1e21", " 1e23"]
    }


def test_openapi_schema_lists_every_route(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/datasets", "/api/fit", "/api/jobs/{ident}", "/api/ask"} <= set(paths)
    assert "/upload" not in paths


def test_import_scalinglaws_does_not_import_the_web_stack() -> None:
    code = (
        "import sys, scalinglaws; "
        "print(any(m in sys.modules for m in ('fastapi', 'uvicorn', 'starlette')))"
    )
    assert fresh_python(code, strict=False).strip() == "False"


def test_cli_serve_is_registered() -> None:
    from typer.testing import CliRunner

    from scalinglaws.cli import app

    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    assert "127.0.0.1" in result.output
    assert "--port" in result.output
