"""Rich tables of the demo's rows, laid out like Clauset et al. (2009), Tables 3-5.

Each cell holds two lines: ours on top, the published value dimmed below.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.table import Table
from rich.text import Text

from scalinglaws.cli._demo_clauset import alternatives_for

__all__ = ["fits_table", "tests_table"]

Row = dict[str, Any]

#: Column headings of the paper's Tables 4 and 5.
HEADINGS = {
    "poisson": "Poisson",
    "lognormal": "log-normal",
    "exponential": "exponential",
    "stretched_exponential": "stretched exp.",
    "truncated_power_law": "PL + cut-off",
}


def _num(value: Any, spec: str) -> str:
    return "—" if value is None else format(value, spec)


def _pair(ours: str, published: str) -> Text:
    """Two lines in one cell: ours, then the published value dimmed."""
    return Text(ours) + Text("\n") + Text(published, style="dim")


def _alpha(row: Row, suffix: str, spec: str) -> str:
    alpha, err = row[f"alpha{suffix}"], row[f"alpha_stderr{suffix}"]
    if alpha is None:
        return "—"
    return f"{alpha:{spec}} ± {_num(err, spec)}"


def _spread(row: Row, key: str, spec: str) -> str:
    """A published value with its published standard deviation, e.g. ``7 ± 2``."""
    value, sd = row[f"{key}_published"], row[f"{key}_sd_published"]
    if value is None or sd is None:
        return _num(value, spec)
    return f"{value:{spec}} ± {sd:{spec}}"


def fits_table(rows: Sequence[Row]) -> Table:
    """Our fits above the published ones, like the paper's Table 3."""
    table = Table(
        title="Power-law fits (cf. Clauset, Shalizi & Newman 2009, Table 3)",
        caption="ours above, published below",
        title_justify="left",
        caption_justify="left",
    )
    for column in ("data set", "n", "xmin", "alpha", "n_tail", "p"):
        table.add_column(column, justify="left" if column == "data set" else "right")
    for row in rows:
        table.add_row(
            row["dataset"],
            _pair(str(row["n"]), _num(row["n_published"], "d")),
            _pair(_num(row["xmin"], ".4g"), _spread(row, "xmin", ".4g")),
            _pair(_alpha(row, "", ".3f"), _alpha(row, "_published", ".2f")),
            _pair(str(row["n_tail"]), _spread(row, "n_tail", ".0f")),
            _pair(_num(row["p"], ".2f"), _num(row["p_published"], ".2f")),
        )
    return table


def _test(row: Row, alternative: str, suffix: str) -> str:
    lr, p = row.get(f"LR_{alternative}{suffix}"), row.get(f"p_{alternative}{suffix}")
    if lr is None:
        return "—"
    return f"{lr:.3g} ({_num(p, '.2f')})"


def tests_table(rows: Sequence[Row], *, discrete: bool) -> Table:
    """Likelihood-ratio tests and verdicts, like the paper's Table 4 (continuous) or 5."""
    number = 5 if discrete else 4
    kind = "discrete" if discrete else "continuous"
    table = Table(
        title=f"Likelihood-ratio tests, {kind} data (cf. Table {number}): LR (p)",
        caption="ours above, published below; LR > 0 favours the power law",
        title_justify="left",
        caption_justify="left",
    )
    table.add_column("data set")
    table.add_column("p", justify="right")
    alternatives = alternatives_for(discrete)
    for alternative in alternatives:
        table.add_column(HEADINGS.get(alternative, alternative), justify="right")
    table.add_column("support")
    for row in rows:
        cells = [_pair(_num(row["p"], ".2f"), _num(row["p_published"], ".2f"))]
        cells += [_pair(_test(row, alt, ""), _test(row, alt, "_published")) for alt in alternatives]
        cells.append(_pair(row["support"], row["support_published"]))
        table.add_row(row["dataset"], *cells)
    return table
