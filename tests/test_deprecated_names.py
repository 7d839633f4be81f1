"""Old spellings replaced by issue 17's aligned names keep working one release, and warn.

Each test calls the old spelling, checks it emits a :class:`DeprecationWarning` that
names the replacement, and that it gives the same answer as the new one.
"""

from __future__ import annotations

import pytest

import scalinglaws as sl


def test_tail_only_result_names_are_family_explicit() -> None:
    from scalinglaws.tails.compare import TailComparison
    from scalinglaws.tails.gof import TailGofResult

    with pytest.warns(DeprecationWarning, match="sl.TailComparison"):
        assert sl.Comparison is TailComparison  # type: ignore[attr-defined]
    with pytest.warns(DeprecationWarning, match="sl.TailGofResult"):
        assert sl.GofResult is TailGofResult  # type: ignore[attr-defined]
    with pytest.warns(DeprecationWarning, match="TailComparison"):
        from scalinglaws.tails import Comparison
    assert Comparison is TailComparison
    with pytest.warns(DeprecationWarning, match="TailGofResult"):
        from scalinglaws.tails import GofResult
    assert GofResult is TailGofResult
    assert "Comparison" not in sl.__all__
    assert "TailComparison" in sl.__all__
