"""fit_tail_file: Parquet columns counted out of core (DuckDB), binned when continuous."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

import scalinglaws as sl
from scalinglaws.cli import app
from scalinglaws.errors import InvalidInputError, InvalidOptionError
from scalinglaws.tails import powerlaw
from scalinglaws.tails.large import count_parquet, fit_tail_file, log_bin_parquet

runner = CliRunner()


@pytest.fixture(scope="module")
def million(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, np.ndarray]:
    """10^6 rows of an exact discrete power law, written in row groups of 10^5."""
    rng = np.random.default_rng(0)
    values = powerlaw.sample(1_000_000, 2.5, 1.0, discrete=True, rng=rng).astype(np.int64)
    path = tmp_path_factory.mktemp("large") / "degrees.parquet"
    table = pa.table({"degree": values, "other": np.zeros(values.size)})
    pq.write_table(table, path, row_group_size=100_000)
    return path, values


def test_counted_file_fits_exactly_as_in_memory(million: tuple[Path, np.ndarray]) -> None:
    path, values = million
    distinct, counts = count_parquet(path, "degree", threads=2)
    expected, expected_counts = np.unique(values, return_counts=True)
    np.testing.assert_array_equal(distinct, expected)
    np.testing.assert_array_equal(counts, expected_counts)
    from_file = fit_tail_file(path, "degree")
    in_memory = sl.fit_tail(values)
    assert isinstance(from_file, sl.TailFit)
    assert (from_file.alpha, from_file.xmin, from_file.n_tail) == (
        in_memory.alpha,
        in_memory.xmin,
        in_memory.n_tail,
    )
    assert from_file.n == 1_000_000


def test_continuous_column_too_large_to_count_is_binned(tmp_path: Path) -> None:
    rng = np.random.default_rng(1)
    x = powerlaw.sample(200_000, 2.2, 1.0, discrete=False, rng=rng)
    path = tmp_path / "sizes.parquet"
    pq.write_table(pa.table({"size": x}), path)
    fit = fit_tail_file(path, "size", max_distinct=1000, resolution=50, xmin=1.0)
    assert isinstance(fit, sl.BinnedTailFit)
    assert abs(fit.alpha - 2.2) < 4 * fit.alpha_stderr
    edges, counts = log_bin_parquet(path, "size", resolution=50)
    assert counts.sum() == x.size
    assert edges[1] / edges[0] == pytest.approx(10 ** (1 / 50))
    exact = fit_tail_file(path, "size", xmin=1.0)  # few enough distinct values: exact
    assert isinstance(exact, sl.TailFit)


def test_bad_columns(tmp_path: Path) -> None:
    path = tmp_path / "bad.parquet"
    pq.write_table(pa.table({"a": [1.0, None, 3.0], "b": [1.0, 2.0, 0.0]}), path)
    with pytest.raises(InvalidOptionError, match="pass column=NAME"):
        count_parquet(path)
    with pytest.raises(InvalidOptionError, match="'c' is not in the file"):
        count_parquet(path, "c")
    with pytest.raises(InvalidInputError, match="1 missing"):
        count_parquet(path, "a")
    with pytest.raises(InvalidInputError, match="drop_nonpositive=True"):
        fit_tail_file(path, "b")


def test_cli_parquet_column(million: tuple[Path, np.ndarray]) -> None:
    path, values = million
    result = runner.invoke(app, ["fit", "tail", str(path), "--column", "degree", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["alpha"] == pytest.approx(sl.fit_tail(values).alpha)


def test_cli_many_writes_a_results_table(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    rng = np.random.default_rng(2)
    for k in range(3):
        x = powerlaw.sample(400, 2.5, 1.0, discrete=True, rng=rng)
        np.savetxt(folder / f"net{k}.txt", np.append(x, 0.0), fmt="%d")
    out = tmp_path / "results.parquet"
    args = ["fit", "tail", "--many", str(folder), "--out", str(out), "--boot", "10"]
    result = runner.invoke(app, [*args, "--compare", "lognormal", "--drop-nonpositive"])
    assert result.exit_code == 0, result.output
    assert "3 data sets" in result.stdout
    table = pq.read_table(out).to_pandas()
    assert sorted(table["name"]) == ["net0.txt", "net1.txt", "net2.txt"]
    assert (table["n_dropped"] == 1).all()
    assert table["lognormal_p"].notna().all()


def test_cli_needs_a_file_or_many() -> None:
    result = runner.invoke(app, ["fit", "tail"])
    assert result.exit_code == 1
    assert "missing FILE" in result.stderr
