"""The rows of the demo's table, after Clauset, Shalizi & Newman (2009), Tables 3-5.

Pure functions with no rendering: :func:`support` is the paper's verdict on
the power-law hypothesis, :func:`record` is one flat row (ours next to the
published values) that the demo prints and writes to CSV.

Reference: A. Clauset, C. R. Shalizi, M. E. J. Newman, "Power-law distributions
in empirical data", SIAM Review 51(4), 661-703 (2009), arXiv:0706.1062.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from scalinglaws.tails.compare import valid_alternatives
from scalinglaws.tails.support import support

__all__ = ["alternatives_for", "published_test", "record"]

#: Alternatives compared in Tables 4 (continuous) and 5 (discrete, adds Poisson).
_CONTINUOUS = valid_alternatives(discrete=False)
_DISCRETE = ("poisson", *_CONTINUOUS)


def alternatives_for(discrete: bool) -> tuple[str, ...]:
    """The alternatives the paper compares for this data type."""
    return _DISCRETE if discrete else _CONTINUOUS


def published_test(
    published: Mapping[str, Any], alternative: str
) -> tuple[float | None, float | None]:
    """The published ``(LR, p)`` of one alternative, or ``(None, None)``."""
    entry = published.get(alternative)
    if not isinstance(entry, Mapping):
        return None, None
    return _number(entry.get("LR")), _number(entry.get("p"))


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def record(
    name: str,
    *,
    discrete: bool,
    fit: Mapping[str, Any],
    tests: Mapping[str, tuple[float, float]],
    published: Mapping[str, Any],
) -> dict[str, Any]:
    """One flat row: our fit next to the published values, then each test and the verdicts.

    ``fit`` holds our ``n``, ``xmin``, ``alpha``, ``alpha_stderr``, ``n_tail`` and ``p``
    (the goodness-of-fit p-value); ``tests`` maps alternative -> our ``(LR, p)``.
    Keys ending in ``_published`` come from the data set's ``meta["published"]``;
    ``support_published`` is the paper's verdict (``published["support"]``).
    """
    row: dict[str, Any] = {"dataset": name, "discrete": discrete, "n": fit["n"]}
    row["n_published"] = published.get("n")
    for key, published_key in (
        ("xmin", "xmin"),
        ("alpha", "alpha"),
        ("alpha_stderr", "alpha_err"),
        ("n_tail", "n_tail"),
        ("p", "p"),
    ):
        row[key] = fit[key]
        row[f"{key}_published"] = published.get(published_key)
    row["xmin_sd_published"] = published.get("xmin_sd")
    row["n_tail_sd_published"] = published.get("n_tail_sd")
    ours_tests: dict[str, tuple[float | None, float | None]] = {}
    theirs_tests: dict[str, tuple[float | None, float | None]] = {}
    for alternative in alternatives_for(discrete):
        ours_tests[alternative] = tests.get(alternative, (None, None))
        theirs_tests[alternative] = published_test(published, alternative)
        row[f"LR_{alternative}"], row[f"p_{alternative}"] = ours_tests[alternative]
        theirs = theirs_tests[alternative]
        row[f"LR_{alternative}_published"], row[f"p_{alternative}_published"] = theirs
    row["support"] = support(fit["p"], ours_tests)
    verdict = published.get("support")
    if not isinstance(verdict, str):  # derive it when the catalogue lacks the paper's verdict
        verdict = support(_number(published.get("p")), theirs_tests)
    row["support_published"] = verdict
    return row
