"""write_atomic: the new file after success; the old file and no debris after any failure."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from scalinglaws.io import write_atomic


@pytest.fixture
def umask_022() -> Iterator[None]:
    """A known umask, so the mode a new file gets is known."""
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_text_bytes_and_a_writer_give_the_new_contents(tmp_path: Path) -> None:
    target = tmp_path / "new" / "deeper" / "file.txt"  # the folders are created
    assert write_atomic(target, "π = 3.14\n") == target
    assert target.read_bytes() == "π = 3.14\n".encode()
    write_atomic(target, b"\x00\x01")
    assert target.read_bytes() == b"\x00\x01"
    write_atomic(str(target), lambda temp: temp.write_bytes(b"from a writer"), fsync=True)
    assert target.read_bytes() == b"from a writer"
    assert _names(target.parent) == ["file.txt"]


@pytest.mark.parametrize("failure", [ValueError("disk full"), KeyboardInterrupt()])
def test_a_writer_that_fails_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, failure: BaseException
) -> None:
    target = tmp_path / "keep.json"
    target.write_text("old\n", encoding="utf-8")

    def half_then_fail(temp: Path) -> None:
        temp.write_text("half of the new", encoding="utf-8")
        raise failure

    with pytest.raises(type(failure)):
        write_atomic(target, half_then_fail)
    assert target.read_text(encoding="utf-8") == "old\n"
    assert _names(tmp_path) == ["keep.json"]


def test_an_interrupted_fsync_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "keep.csv"
    target.write_text("x\n1\n", encoding="utf-8")

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, "x\n2\n", fsync=True)
    assert target.read_text(encoding="utf-8") == "x\n1\n"
    assert _names(tmp_path) == ["keep.csv"]


def test_a_failed_rename_raises_and_removes_the_temporary(tmp_path: Path) -> None:
    target = tmp_path / "a-folder"
    target.mkdir()
    (target / "inside").write_text("kept", encoding="utf-8")
    with pytest.raises(IsADirectoryError):  # a file cannot replace a folder
        write_atomic(target, "text")
    assert _names(tmp_path) == ["a-folder"]
    assert (target / "inside").read_text(encoding="utf-8") == "kept"


@pytest.mark.usefixtures("umask_022")
def test_modes_a_new_file_as_open_would_and_a_replaced_file_keeps_its_own(
    tmp_path: Path,
) -> None:
    fresh = write_atomic(tmp_path / "fresh.txt", "a")
    assert fresh.stat().st_mode & 0o777 == 0o644  # 0o666 less the umask, not mkstemp's 0o600
    private = tmp_path / "private.txt"
    private.write_text("secret", encoding="utf-8")
    private.chmod(0o600)
    write_atomic(private, "still secret")
    assert private.stat().st_mode & 0o777 == 0o600
    forced = write_atomic(tmp_path / "forced.txt", "b", mode=0o640)
    assert forced.stat().st_mode & 0o777 == 0o640
