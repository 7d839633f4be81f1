"""Tests for scalinglaws.io: sniffing formats, picking columns, clear errors."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path
from unittest import mock

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scalinglaws import io as tables_io
from scalinglaws.errors import (
    DataFormatError,
    EmptyDataError,
    InvalidInputError,
    InvalidOptionError,
    ScalingLawError,
)
from scalinglaws.io import read_table, read_values

CLAUSET_FILES = {  # file -> number of rows (Clauset, Shalizi & Newman 2009, Table 3)
    "words.txt": 18855,
    "terrorism.txt": 9101,
    "blackouts.txt": 211,
    "cities.txt": 19447,
    "flares.txt": 12773,
    "quakes.txt": 19302,
    "plfit_example_continuous.txt": 10000,
    "plfit_example_discrete.txt": 10000,
}


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- formats


@pytest.mark.parametrize(("name", "rows"), sorted(CLAUSET_FILES.items()))
def test_every_bundled_clauset_file_reads(name: str, rows: int) -> None:
    ref = resources.files("scalinglaws.datasets").joinpath("data", "clauset2009", name)
    with resources.as_file(ref) as path:
        values = read_values(path)
        frame = read_table(path)
    assert values.dtype == np.float64
    assert values.shape == (rows,)
    assert np.isfinite(values).all()
    assert list(frame.columns) == ["value"]


def test_whitespace_padded_one_per_line(tmp_path: Path) -> None:
    # The format of Clauset's MATLAB example files.
    path = write(tmp_path, "x.txt", "   3.0769474e+00\n   4.8299350e+00\n   1.0947614e+00\n")
    np.testing.assert_array_equal(read_values(path), [3.0769474, 4.8299350, 1.0947614])


def test_one_per_line_with_header_comments_blank_lines_and_crlf(tmp_path: Path) -> None:
    path = write(tmp_path, "x.txt", "# sizes\r\nsize\r\n1\r\n\r\n2.5\r\n# end\r\n")
    frame = read_table(path)
    assert list(frame.columns) == ["size"]
    np.testing.assert_array_equal(read_values(path), [1.0, 2.5])


def test_csv_with_header_types_and_column_choice(tmp_path: Path) -> None:
    path = write(tmp_path, "cities.data", "name,pop,area\nA,10,1.5\nB,20,2.5\n")
    frame = read_table(path)
    assert list(frame.columns) == ["name", "pop", "area"]
    assert frame["pop"].dtype == np.int64
    assert frame["area"].dtype == np.float64
    assert frame["name"].tolist() == ["A", "B"]
    np.testing.assert_array_equal(read_values(path, column="area"), [1.5, 2.5])


def test_text_column_is_skipped_when_one_column_holds_numbers(tmp_path: Path) -> None:
    path = write(tmp_path, "w.csv", 'word,count\n"the, a",14086\nof,6414\n')
    np.testing.assert_array_equal(read_values(path), [14086.0, 6414.0])


@pytest.mark.parametrize("delimiter", ["\t", ";", "|", "   "])
def test_other_delimiters(tmp_path: Path, delimiter: str) -> None:
    path = write(tmp_path, "d.csv", delimiter.join(["a", "b"]) + "\n" + delimiter.join("12") + "\n")
    frame = read_table(path)
    assert list(frame.columns) == ["a", "b"]
    assert frame.iloc[0].tolist() == [1, 2]


def test_tsv_with_empty_first_and_last_fields(tmp_path: Path) -> None:
    frame = read_table(write(tmp_path, "e.tsv", "a\tb\n\t5\n1\t\n2\t3\n"))
    np.testing.assert_array_equal(frame["a"], [np.nan, 1.0, 2.0])
    np.testing.assert_array_equal(frame["b"], [5.0, np.nan, 3.0])


def test_headerless_columns_get_made_up_names(tmp_path: Path) -> None:
    frame = read_table(write(tmp_path, "h.csv", "1.5,2,x\n2.5,3,y\n"))
    assert list(frame.columns) == ["column_1", "column_2", "column_3"]


def test_parquet_is_sniffed_not_trusted_by_extension(tmp_path: Path) -> None:
    path = tmp_path / "really_parquet.csv"
    pd.DataFrame({"label": ["a", "b", "c"], "x": [1.0, 2.0, 4.0]}).to_parquet(path)
    assert list(read_table(path).columns) == ["label", "x"]
    np.testing.assert_array_equal(read_values(path), [1.0, 2.0, 4.0])
    csv_named_parquet = write(tmp_path, "really_csv.parquet", "x\n1\n2\n")
    np.testing.assert_array_equal(read_values(csv_named_parquet), [1.0, 2.0])


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "latin-1"])
def test_text_encodings(tmp_path: Path, encoding: str) -> None:
    # utf-8-sig and utf-16 write a byte-order mark; latin-1 is what old Excel exports.
    path = write(tmp_path, "e.csv", "taille_é,n\n1,2\n3,4\n".encode(encoding))
    frame = read_table(path)
    assert list(frame.columns) == ["taille_é", "n"]
    np.testing.assert_array_equal(read_values(path, column="taille_é"), [1.0, 3.0])


# --------------------------------------------------------------------------- histograms


@pytest.mark.parametrize("header", ["degree\tfrequency\n", "value\tcount\n", ""])
def test_histogram_round_trips(tmp_path: Path, header: str) -> None:
    rng = np.random.default_rng(0)
    sample = rng.zipf(2.5, size=500).astype(np.float64)
    values, counts = np.unique(sample, return_counts=True)
    body = "".join(f"{v:g}\t{c}\n" for v, c in zip(values, counts, strict=True))
    path = write(tmp_path, "links.hist", header + "0\t7\n" + body)  # degree 0 row, as in weblinks
    expanded = read_values(path)
    np.testing.assert_array_equal(expanded, np.concatenate([np.zeros(7), np.sort(sample)]))
    named = read_values(path, column=read_table(path).columns[0])  # naming a column: no expansion
    assert named.size == values.size + 1


def test_two_numeric_columns_with_other_header_are_not_a_histogram(tmp_path: Path) -> None:
    path = write(tmp_path, "deaths.csv", "year,deaths\n1990,3\n1991,4\n")
    with pytest.raises(InvalidOptionError, match=r"'year', 'deaths'.*column=NAME"):
        read_values(path)


def test_histogram_that_is_too_large_or_empty(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match="add up to"):
        read_values(write(tmp_path, "big.hist", "value\tcount\n1\t99999999999\n"))
    with pytest.raises(EmptyDataError, match="'count'"):
        read_values(write(tmp_path, "zero.hist", "value\tcount\n1\t0\n2\t0\n"))


# --------------------------------------------------------------------------- errors


def test_missing_file_names_the_path(tmp_path: Path) -> None:
    path = tmp_path / "nope.csv"
    with pytest.raises(DataFormatError, match=re.escape(f"{path}: no such file")):
        read_values(path)
    with pytest.raises(DataFormatError, match=re.escape(str(path))):
        read_table(str(path))


def test_directory_and_non_path(tmp_path: Path) -> None:
    with pytest.raises(DataFormatError, match="is a directory"):
        read_table(tmp_path)
    with pytest.raises(InvalidOptionError, match="not a file path"):
        read_table(42)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("content", "pattern"),
    [
        (b"", "empty"),
        (b"  \n\n", "empty"),
        (b"# only a comment\n", "only blank lines"),
        (bytes(range(256)), "not a text table"),
        (b"\x00\x01\x02garbage\xff\xfe", "not a text table"),
        (b"PK\x03\x04rest-of-a-zip", "xlsx"),
        (b"\x1f\x8b\x08\x00", "gzip"),
        (b"PAR1 this is not really parquet PAR1", "Parquet"),
        (b"1,2\n3,4\n5\n", "line 3 has 1 but most rows have 2"),
        (b"a b c\n1 2 3\n4 5\n", "line 3 has 2"),
        (b"1\n2\n3,4\n", "comma-separated"),
        (b",\n,\n", "every field is empty"),
    ],
)
def test_not_a_table_raises_data_format_error(tmp_path: Path, content: bytes, pattern: str) -> None:
    path = write(tmp_path, "bad.csv", content)
    with pytest.raises(DataFormatError, match=pattern) as info:
        read_values(path)
    assert "bad.csv" in str(info.value)


def test_several_numeric_columns_need_a_choice(tmp_path: Path) -> None:
    path = write(tmp_path, "xy.csv", "x,y,z\n1,2.5,3\n4,5.5,6\n")
    with pytest.raises(InvalidOptionError, match=r"xy.csv.*'x', 'y', 'z'.*column=NAME"):
        read_values(path)


def test_unknown_column_lists_the_available_ones(tmp_path: Path) -> None:
    path = write(tmp_path, "xy.csv", "x,y\n1,2\n")
    with pytest.raises(InvalidOptionError, match=r"column='size' is not in the file.*'x', 'y'"):
        read_values(path, column="size")
    with pytest.raises(InvalidOptionError, match="column=0"):
        read_values(path, column=0)  # type: ignore[arg-type]


def test_non_numeric_entry_names_column_row_and_value(tmp_path: Path) -> None:
    path = write(tmp_path, "v.csv", "id,size\na,1\nb,2\nc,oops\n")
    with pytest.raises(InvalidInputError) as info:
        read_values(path, column="size")
    message = str(info.value)
    for part in ("v.csv", "'size'", "data row 3", "line 4", "'oops'"):
        assert part in message


def test_mixed_column_is_not_silently_skipped(tmp_path: Path) -> None:
    path = write(tmp_path, "m.csv", "x,y\n1,2\n3,oops\n")
    with pytest.raises(InvalidOptionError, match="'x', 'y'"):
        read_values(path)


@pytest.mark.parametrize("missing", ["", "NA", "nan", "inf", "1e999"])
def test_missing_and_infinite_values(tmp_path: Path, missing: str) -> None:
    path = write(tmp_path, "n.csv", f"id,size\na,1\nb,{missing}\nc,3\n")
    with pytest.raises(InvalidInputError, match=r"n.csv: column 'size'.*line 3"):
        read_values(path)


def test_header_without_rows_is_empty(tmp_path: Path) -> None:
    with pytest.raises(EmptyDataError, match="no data rows"):
        read_values(write(tmp_path, "h.csv", "x,y\n"))
    with pytest.raises(EmptyDataError, match="'size'"):
        read_values(write(tmp_path, "h1.csv", "size\n"))


def test_parquet_column_errors(tmp_path: Path) -> None:
    path = tmp_path / "p.parquet"
    pd.DataFrame({"ok": [True, False], "size": [1.0, None]}).to_parquet(path)
    with pytest.raises(InvalidInputError, match=r"'size'.*data row 2"):
        read_values(path)
    with pytest.raises(InvalidInputError, match="true/false"):
        read_values(path, column="ok")


# --------------------------------------------------------------------------- fuzzing

TEXTY = st.text(alphabet='0123456789.,;\t\n -+eE#"naNfiIxyz', max_size=120).map(str.encode)
PARQUETISH = st.binary(max_size=60).map(lambda b: b"PAR1" + b + b"PAR1")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(content=st.one_of(st.binary(max_size=200), TEXTY, PARQUETISH))
def test_arbitrary_bytes_give_finite_floats_or_a_scalinglaws_error(
    tmp_path_factory: pytest.TempPathFactory, content: bytes
) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "input.dat"
    path.write_bytes(content)
    with mock.patch.object(tables_io, "_MAX_HISTOGRAM_VALUES", 100_000):
        try:
            values = read_values(path)
        except ScalingLawError:
            return
    assert isinstance(values, np.ndarray)
    assert values.dtype == np.float64
    assert values.ndim == 1
    assert np.isfinite(values).all()


def test_the_old_module_name_still_reads_and_warns(tmp_path: Path) -> None:
    import scalinglaws.tables as old

    path = tmp_path / "values.txt"
    path.write_text("1\n2\n3\n")
    with pytest.warns(
        DeprecationWarning, match=r"scalinglaws\.tables\.read_values .*scalinglaws\.io"
    ):
        old_read_values = old.read_values
    assert old_read_values is read_values
    np.testing.assert_array_equal(old_read_values(path), [1.0, 2.0, 3.0])
