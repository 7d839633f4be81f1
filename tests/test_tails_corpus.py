"""fit_tails: corpus fits, the same numbers on every engine, resume after kill -9."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import scalinglaws as sl
from scalinglaws.errors import FitWarning, InvalidInputError
from scalinglaws.tails.synthetic import degree_corpus

NUMBERS = ["n", "xmin", "alpha", "n_tail", "ks_distance", "gof_p", "lognormal_R", "lognormal_p"]


def quiet_fit(values: np.ndarray) -> sl.TailFit:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FitWarning)  # the corpus keeps them in a column
        return sl.fit_tail(values)


def numbers(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.set_index("name")[NUMBERS].sort_index()


@pytest.fixture(scope="module")
def corpus() -> dict[str, np.ndarray]:
    return degree_corpus(8, seed=3, smallest=100, largest=2000)


@pytest.fixture(scope="module")
def reference(corpus: dict[str, np.ndarray]) -> pd.DataFrame:
    return sl.fit_tails(corpus, n_boot=20, compare=("lognormal", "exponential"), workers=1)


def test_one_row_per_data_set_with_the_fit(
    corpus: dict[str, np.ndarray], reference: pd.DataFrame
) -> None:
    assert list(reference["name"]) == list(corpus)
    row = reference.iloc[0]
    fit = quiet_fit(corpus[row["name"]])
    assert row["alpha"] == fit.alpha
    assert row["xmin"] == fit.xmin
    assert row["n_tail"] == fit.n_tail
    assert set(reference["verdict"]) <= {"none", "moderate", "good", "with cut-off"}
    assert reference["error"].isna().all()


def test_process_pool_gives_the_same_numbers(
    corpus: dict[str, np.ndarray], reference: pd.DataFrame
) -> None:
    pooled = sl.fit_tails(corpus, n_boot=20, compare=("lognormal", "exponential"), workers=2)
    pd.testing.assert_frame_equal(numbers(pooled), numbers(reference))


def test_ray_gives_the_same_numbers(corpus: dict[str, np.ndarray], reference: pd.DataFrame) -> None:
    ray = pytest.importorskip("ray")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        remote = sl.fit_tails(
            corpus, n_boot=20, compare=("lognormal", "exponential"), workers=2, ray="auto"
        )
    finally:
        ray.shutdown()
    pd.testing.assert_frame_equal(numbers(remote), numbers(reference))


def test_unfittable_data_sets_get_an_error_row(tmp_path: Path) -> None:
    table = sl.fit_tails({"ok": np.arange(1, 300) ** 2.0, "tiny": [1.0, 2.0]}, n_boot=0)
    tiny = table.set_index("name").loc["tiny"]
    assert "InsufficientDataError" in tiny["error"]
    with pytest.raises(InvalidInputError, match="not a folder"):
        sl.fit_tails(str(tmp_path / "missing"))


def test_folder_of_files_and_histograms(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    values = degree_corpus(2, seed=1, smallest=500, largest=600)
    (a, x), (b, y) = values.items()
    np.savetxt(folder / f"{a}.txt", x, fmt="%d")
    distinct, counts = np.unique(y, return_counts=True)
    pd.DataFrame({"degree": distinct, "count": counts}).to_csv(folder / f"{b}.csv", index=False)
    table = sl.fit_tails(folder, n_boot=0, compare=())
    by_name = table.set_index("name")
    assert by_name.loc[f"{a}.txt", "alpha"] == quiet_fit(x).alpha
    assert by_name.loc[f"{b}.csv", "alpha"] == quiet_fit(y).alpha  # counts, not expanded


def test_resume_after_kill_9(tmp_path: Path, corpus: dict[str, np.ndarray]) -> None:
    """Kill a corpus run with SIGKILL once it has checkpointed some rows; a second run
    fits only the rest, and the table equals an uninterrupted run's."""
    big = degree_corpus(40, seed=5, smallest=200, largest=3000)
    np.savez(tmp_path / "corpus.npz", **big)
    out = tmp_path / "results.parquet"
    script = textwrap.dedent(
        f"""
        import numpy as np, scalinglaws as sl
        data = dict(np.load({str(tmp_path / "corpus.npz")!r}))
        sl.fit_tails(data, n_boot=30, compare=("exponential",), workers=1,
                     out={str(out)!r}, checkpoint_every=2)
        """
    )
    child = subprocess.Popen([sys.executable, "-c", script], env={**os.environ})
    parts = Path(str(out) + ".parts")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list(parts.glob("part-*.parquet"))) < 2:
        time.sleep(0.05)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert not out.exists()  # killed before the end
    saved = pd.concat(pd.read_parquet(p) for p in parts.glob("part-*.parquet"))
    assert 4 <= len(saved) < len(big)
    fitted: list[int] = []
    resumed = sl.fit_tails(
        big, n_boot=30, compare=("exponential",), workers=1, out=out, progress=fitted.append
    )
    assert len(fitted) == len(big) - len(saved)  # only the missing ones were fitted
    assert not parts.exists()
    assert list(pd.read_parquet(out)["name"]) == list(big)
    fresh = sl.fit_tails(big, n_boot=30, compare=("exponential",), workers=1)
    columns = ["n", "xmin", "alpha", "n_tail", "gof_p", "exponential_R", "exponential_p"]
    pd.testing.assert_frame_equal(
        resumed.set_index("name")[columns], fresh.set_index("name")[columns]
    )
