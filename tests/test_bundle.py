"""Results bundles on disk: exact round trips, atomic saves and clear errors for bad files."""

from __future__ import annotations

import functools
import hashlib
import json
import os
from pathlib import Path

import pytest

import scalinglaws as sl
from scalinglaws.bundle import (
    FORMAT,
    Bundle,
    BundleEntry,
    file_provenance,
    load_bundle,
    load_results,
    save_results,
)
from scalinglaws.errors import DataFormatError
from scalinglaws.results import FitResult
from tests.test_results_contract import FACTORIES

CREATED = "2025-01-02T03:04:05Z"


@functools.cache
def made(name: str) -> FitResult:
    """Each factory's result, computed once for this module."""
    return FACTORIES[name]()


@pytest.mark.parametrize("name", sorted(FACTORIES))
def test_round_trip_every_result_type(name: str, tmp_path: Path) -> None:
    result = made(name)
    provenance = {"dataset": name, "columns": {"x": "a", "y": "b"}}
    path = save_results(result, tmp_path / "r.json", provenance=provenance, command="sl fit x")
    bundle = load_bundle(path)
    assert bundle.format == FORMAT
    assert bundle.package_version == sl.__version__
    (entry,) = bundle.entries
    again = entry.result
    assert type(again) is type(result)
    assert again.to_dict() == json.loads(json.dumps(result.to_dict()))
    assert again.params == result.params
    assert again.stderr == result.stderr
    assert str(again.summary()) == str(result.summary())
    assert entry.provenance == {**provenance, "command": "sl fit x"}
    assert entry.command == "sl fit x"
    # saving what was loaded reproduces the file byte for byte
    second = save_results(bundle.entries, tmp_path / "again.json", created=bundle.created)
    assert second.read_text(encoding="utf-8") == path.read_text(encoding="utf-8")


def test_tail_verdicts_survive_the_round_trip(tmp_path: Path) -> None:
    fit = made("tail")
    assert isinstance(fit, sl.TailFit)
    assert fit.gof_result is not None
    assert fit.comparisons
    (again,) = load_results(save_results(fit, tmp_path / "t.json"))
    assert isinstance(again, sl.TailFit)
    assert again.gof_result == fit.gof_result
    assert again.support == fit.support
    assert [c.verdict() for c in again.comparisons] == [c.verdict() for c in fit.comparisons]


def test_many_results_keep_order_provenance_and_extras(tmp_path: Path) -> None:
    names = ["relation", "growth", "tail-discrete"]
    provenance = [{"dataset": name} for name in names]
    extras = [{"note": index} for index in range(3)]
    path = save_results(
        [made(name) for name in names],
        tmp_path / "many.json",
        provenance=provenance,
        extras=extras,
        command=["scalinglaws", "fit", "tail", "my file.txt"],
        created=CREATED,
    )
    bundle = load_bundle(path)
    assert [e.result.kind for e in bundle.entries] == ["relation", "growth", "tail"]
    assert [e.provenance["dataset"] for e in bundle.entries] == names
    assert [e.extras for e in bundle.entries] == extras
    assert bundle.entries[0].command == "scalinglaws fit tail 'my file.txt'"
    assert bundle.created == CREATED
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert raw["format"] == "scalinglaws.results/1"
    assert set(raw["results"][0]) == {"result", "provenance", "extras"}


def test_provenance_has_the_sha256_of_the_input(tmp_path: Path) -> None:
    data = tmp_path / "in.csv"
    data.write_text("x,y\n1,2\n", encoding="utf-8")
    record = file_provenance(data, columns={"x": "x", "y": "y", "z": None}, command=["a", "b c"])
    assert record == {
        "file": str(data),
        "sha256": hashlib.sha256(data.read_bytes()).hexdigest(),
        "columns": {"x": "x", "y": "y"},
        "command": "a 'b c'",
    }
    assert file_provenance(dataset="clauset2009/words") == {"dataset": "clauset2009/words"}


def test_an_interrupted_save_keeps_the_previous_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = save_results(made("relation"), tmp_path / "keep.json", created=CREATED)
    before = path.read_bytes()

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        save_results(made("growth"), path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.json"]  # no temp file left


def test_save_rejects_what_is_not_a_result(tmp_path: Path) -> None:
    with pytest.raises(DataFormatError, match="not a fit result"):
        save_results([{"kind": "tail"}], tmp_path / "x.json")  # type: ignore[list-item]
    with pytest.raises(DataFormatError, match="2 record"):
        save_results([made("relation")], tmp_path / "x.json", provenance=[{}, {}])


def _write(tmp_path: Path, content: str | bytes) -> Path:
    path = tmp_path / "bad.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def _bundle(results: object, fmt: str = FORMAT) -> str:
    return json.dumps({"format": fmt, "created": CREATED, "results": results})


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"format": "scalinglaws.results/1", "results": [', "corrupt JSON at line 1"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        ("[1, 2, 3]", "not a scalinglaws results bundle"),
        ('{"kind": "tail", "alpha": 2.5}', "no 'format' key"),
        (_bundle([], "scalinglaws.results/2"), "not supported"),
        (_bundle([], "something.else/1"), "not a scalinglaws results bundle"),
        (_bundle({"a": 1}), "'results' must be a list"),
        (_bundle([{"provenance": {}}]), r"results\[0\].*no 'result' object"),
        (_bundle([{"result": {"kind": "banana"}}]), "not a known result type"),
        (_bundle([{"result": {"kind": "tail", "alpha": 2.5}}]), "'tail' result is incomplete"),
    ],
)
def test_bad_files_raise_a_clear_error(tmp_path: Path, content: str | bytes, message: str) -> None:
    path = _write(tmp_path, content)
    with pytest.raises(DataFormatError, match=message):
        load_bundle(path)


def test_a_missing_file_raises_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DataFormatError, match="cannot read the results file"):
        load_results(tmp_path / "nope.json")


def test_bundle_dataclasses_from_dict() -> None:
    entry = BundleEntry(made("relation-poisson"), {"dataset": "d"}, {"k": [1.0]})
    bundle = Bundle((entry,), "9.9", CREATED)
    again = Bundle.from_dict(json.loads(json.dumps(bundle.to_dict())))
    assert again.package_version == "9.9"
    assert again.entries[0].to_dict() == entry.to_dict()
    assert again.results[0].kind == "relation"
