"""The demo's first section: Clauset, Shalizi & Newman (2009), Tables 3-5, on the bundled data.

For every bundled ``clauset2009`` tail data set: fit the power law with the data
type the paper used, run the goodness-of-fit bootstrap and every likelihood-ratio
test the paper ran for that type (``TailFit.assess``), and set our numbers above the
published ones with the paper's verdict (:func:`scalinglaws.tails.support.support`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

import pandas as pd

from scalinglaws.bundle import BundleEntry
from scalinglaws.cli._demo_clauset import alternatives_for, record
from scalinglaws.cli._demo_clauset_tables import fits_table, tests_table
from scalinglaws.cli._demo_common import Line, Outcome, Plan, SummaryRow
from scalinglaws.datasets import list_datasets, load_dataset
from scalinglaws.errors import UnknownDatasetError
from scalinglaws.tails import TailFit, fit_tail

if TYPE_CHECKING:
    from scalinglaws.tails import TailAlternative

__all__ = ["PREFIX", "TABLE_CSV", "demo_names", "result_row", "tails_section"]

PREFIX = "clauset2009/"
EXAMPLES = "/plfit_example"
TABLE_CSV = "clauset2009_table.csv"


def demo_names(only: Sequence[str] | None = None) -> list[str]:
    """The paper's bundled data sets, optionally restricted to ``only``.

    That is every ``clauset2009/`` tail data set except the synthetic plfit
    examples (``clauset2009/plfit_example_*``), which are not in the paper's tables.
    """
    frame = list_datasets()
    names = [
        str(name)
        for name, kind in zip(frame["name"], frame["kind"], strict=True)
        if str(name).startswith(PREFIX) and kind == "tail" and EXAMPLES not in str(name)
    ]
    if not only:
        return names
    wanted = [name if name.startswith(PREFIX) else PREFIX + name for name in only]
    unknown = [name for name in wanted if name not in names]
    if unknown:
        raise UnknownDatasetError(
            f"--only: {', '.join(unknown)} is not a bundled clauset2009 tail data set; "
            f"choose from: {', '.join(names)}."
        )
    return wanted


def result_row(name: str, result: TailFit, published: dict[str, Any]) -> dict[str, Any]:
    """The table row of one assessed fit (see :func:`scalinglaws.cli._demo_clauset.record`)."""
    gof = result.gof_result
    ours = {
        "n": result.n,
        "xmin": result.xmin,
        "alpha": result.alpha,
        "alpha_stderr": result.alpha_stderr,
        "n_tail": result.n_tail,
        "p": None if gof is None else gof.p_value,
    }
    tests = {c.alternative: (c.statistic, c.p_value) for c in result.comparisons}
    short = name.removeprefix(PREFIX)
    return record(short, discrete=result.discrete, fit=ours, tests=tests, published=published)


def _summary(row: dict[str, Any]) -> SummaryRow:
    def text(suffix: str) -> str:
        alpha, err, p = (row[f"{key}{suffix}"] for key in ("alpha", "alpha_stderr", "p"))
        if alpha is None:
            return ""
        spread = "" if err is None else f" ± {err:.2f}"
        chance = "" if p is None else f", p {p:.2f}"
        return f"α {alpha:.2f}{spread}{chance}, {row['support' + suffix]}"

    return SummaryRow(f"tail of {row['dataset']}", text(""), text("_published"))


def tails_section(plan: Plan, line: Line, names: Sequence[str] | None = None) -> Outcome:
    """Fit and assess every data set (``plan.gof`` replicates each); write the CSV table."""
    names = list(names) if names is not None else demo_names()
    line.start(total=len(names) * plan.gof)
    outcome = Outcome()
    rows: list[dict[str, Any]] = []
    for name in names:
        dataset = load_dataset(name)
        meta = dict(dataset.meta)
        short = name.removeprefix(PREFIX)
        line.update(f"{short}, fitting")
        fit = fit_tail(dataset.data, discrete=bool(meta["discrete"]))
        line.update(f"{short}, goodness of fit and likelihood ratios")
        result = fit.assess(
            n_boot=plan.gof,
            compare=cast("tuple[TailAlternative, ...] | None", alternatives_for(fit.discrete)),
            rng=plan.seed,
            workers=plan.workers,
            progress=line.advancer(),
        )
        row = result_row(name, result, dict(meta.get("published") or {}))
        rows.append(row)
        outcome.entries.append(BundleEntry(result, plan.provenance(name)))
        outcome.summary.append(_summary(row))
    pd.DataFrame(rows).to_csv(plan.out / TABLE_CSV, index=False)
    outcome.tables.append(fits_table(rows))
    for discrete in (False, True):
        subset = [row for row in rows if row["discrete"] == discrete]
        if subset:
            outcome.tables.append(tests_table(subset, discrete=discrete))
    line.finish(f"{len(names)} data sets")
    return outcome
