"""Fuzz the web API against its own OpenAPI schema (schemathesis): no input gives a 5xx.

Every operation of ``/openapi.json`` gets a bounded number of generated requests
(derandomized, so a run is repeatable); bad ids, random multipart uploads,
random options and questions must all be answered with 2xx or 4xx.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from scalinglaws.web import Settings, create_app


@pytest.fixture(scope="module")
def web_schema(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    data_dir: Path = tmp_path_factory.mktemp("fuzz")
    settings = Settings(
        data_dir=data_dir,
        ask_model=None,
        ask_retrieval="bm25",
        max_jobs=1,
        allowed_hosts=("testserver",),  # the name schemathesis sends as Host
    )
    app = create_app(settings)
    yield schemathesis.openapi.from_asgi("/openapi.json", app)
    app.state.service.close()  # stop any background job a generated request queued


schema = schemathesis.pytest.from_fixture("web_schema")


@pytest.mark.slow
@schema.parametrize()
@settings(
    max_examples=12,
    derandomize=True,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_api_never_answers_with_a_server_error(case: Any) -> None:
    response = case.call()
    assert response.status_code < 500, (case.method, case.path, response.text[:500])
    if response.status_code >= 400 and case.path.startswith("/api"):
        body = response.json()
        assert set(body) == {"error", "message"}, body


# Tables of odd numbers and text: every kind of fit answers 200 or 4xx, never 5xx.
_positive = st.floats(min_value=1e-6, max_value=1e9, allow_subnormal=False).map(repr)
_cells = st.one_of(
    _positive,
    _positive,
    st.integers(min_value=1, max_value=10**6).map(str),
    st.floats(allow_nan=True, allow_infinity=True, width=32).map(repr),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.sampled_from(["", "NA", "abc", "1e309", "-0", "0", "1,5", '"x"', "2020-01-05"]),
)


def _table(cells: st.SearchStrategy[str]) -> st.SearchStrategy[list[list[str]]]:
    return st.tuples(st.integers(1, 3), st.integers(0, 40)).flatmap(
        lambda shape: st.lists(
            st.lists(cells, min_size=shape[0], max_size=shape[0]),
            min_size=shape[1],
            max_size=shape[1],
        )
    )


_tables = st.one_of(_table(_positive), _table(_cells))


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    data_dir: Path = tmp_path_factory.mktemp("fuzz-tables")
    app = create_app(Settings(data_dir=data_dir, ask_model=None, ask_retrieval="bm25"))
    with TestClient(app, base_url="http://localhost") as test_client:
        yield test_client


@pytest.mark.slow
@settings(
    max_examples=80,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    rows=_tables,
    kind=st.sampled_from(["tail", "relation", "growth", "neural"]),
    header=st.sampled_from([True, True, False]),
    separator=st.sampled_from([",", "\t", " "]),
)
def test_odd_tables_never_cause_a_server_error(
    client: TestClient, rows: list[list[str]], kind: str, header: bool, separator: str
) -> None:
    width = len(rows[0]) if rows else 1
    lines = [separator.join(f"c{j}" for j in range(width))] if header else []
    lines += [separator.join(row) for row in rows]
    data = ("\n".join(lines) + "\n").encode()
    options = {
        "tail": {"column": "c0"} if header else {},
        "relation": {"x": "c0", "y": f"c{width - 1}"},
        "growth": {"t": "c0", "y": f"c{width - 1}"},
        "neural": {"n": "c0", "d": "c0", "loss": f"c{width - 1}"},
    }[kind]
    response = client.post(
        "/api/fit",
        data={"kind": kind, "options": json.dumps(options)},
        files={"file": ("table.csv", data)},
    )
    assert response.status_code in (200, 404, 413, 415, 422), response.text[:500]
    if response.status_code != 200:
        assert set(response.json()) == {"error", "message"}
