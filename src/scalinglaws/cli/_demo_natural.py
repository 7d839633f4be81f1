"""The demo's scaling-relation and growth sections: published anchors of issue 3.

Each anchor fits one bundled data set the way its source did and sets our estimate
(with its 95% interval) beside the published value:

* urban scaling, US MSA GDP ~ population^beta by OLS on logs
  (Leitão, Miotto, Gerlach & Altmann 2016, R. Soc. Open Sci. 3:150649: beta = 1.113);
* brain ~ body^b in mammals, OLS on logs (MASS::mammals; the textbook 0.752), tested
  against Kleiber's 3/4;
* leaf longevity ~ LMA by standardised major axis (smatr's leaflife example,
  Warton et al. 2006: slope 1.315031 [1.096261, 1.577457]);
* the logistic of Pearl & Reed (1920, PNAS 6:275) on the US census 1790-1910
  (K about 197 million, r = 0.0313 / yr, inflection about 1914);
* the generalized growth model dC/dt = r C^p on China's cumulative SARS-CoV-2 cases,
  2020-01-20 to 2020-02-05 (Viboud, Simonsen & Chowell 2016's model). No p is published
  for this window: the catalogue's 0.765 is our own recomputation (a ``check`` value),
  so the "published" column says so instead of showing it as a literature value. The
  forecast a week ahead, the ensemble of growth laws of :func:`scalinglaws.forecast`, is
  set against the cases WHO reported (its fan chart in the report shows them beside it).

Chinchilla's refit is its own section (:mod:`scalinglaws.cli._demo_chinchilla`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

import numpy as np
import pandas as pd
from rich.table import Table

import scalinglaws as sl
from scalinglaws.bundle import BundleEntry
from scalinglaws.cli._demo_common import Line, Outcome, Plan, SummaryRow
from scalinglaws.cli.fit_growth import forecast_records
from scalinglaws.forecast import LAW_MEMBERS
from scalinglaws.results import FitResult
from scalinglaws.uncertainty import Progress

if TYPE_CHECKING:
    from scalinglaws.relations import RelationMethod

__all__ = [
    "NOT_PUBLISHED",
    "Anchor",
    "NaturalRow",
    "growth_anchors",
    "growth_section",
    "natural_rows",
    "natural_table",
    "relation_anchors",
    "relations_section",
]

CENSUS = "growth/us_census_1790_2000"
EPIDEMIC = "epidemics/sarscov2_who_2020"
EPIDEMIC_WINDOW = ("2020-01-20", "2020-02-05")
#: Days forecast past the window: to 2020-02-12, before China's case definition changed.
HORIZON = 7
_COLUMNS = {"t": f"date ({EPIDEMIC_WINDOW[0]} to {EPIDEMIC_WINDOW[1]})", "y": "cases_chn"}
#: The "published" cell of an anchor whose reference value is our own recomputation.
NOT_PUBLISHED = "none published (0.765 is our check)"


@dataclass(frozen=True)
class NaturalRow:
    """One anchor: what was fitted, our estimate with its interval, the published value."""

    analysis: str
    dataset: str
    quantity: str
    estimate: float
    lower: float
    upper: float
    published: str
    verdict: str

    def interval(self) -> str:
        spec = ",.0f" if abs(self.estimate) >= 1e4 else ".4g"  # counts, e.g. cases
        if np.isnan(self.lower):
            return f"{self.estimate:.5g}"
        return f"{self.estimate:{spec}} [{self.lower:{spec}}, {self.upper:{spec}}]"


@dataclass(frozen=True)
class Anchor:
    """One fit on a bundled data set, its rows beside the published values, its extras."""

    result: FitResult
    dataset: str
    rows: tuple[NaturalRow, ...]
    columns: dict[str, str] = field(default_factory=dict)
    extras: dict[str, Any] = field(default_factory=dict)

    def entry(self, plan: Plan) -> BundleEntry:
        provenance = plan.provenance(self.dataset, columns=self.columns or None)
        return BundleEntry(self.result, provenance, dict(self.extras))


def _frame(name: str) -> tuple[pd.DataFrame, dict[str, Any]]:
    ds = sl.load_dataset(name)
    assert isinstance(ds.data, pd.DataFrame)
    return ds.data, dict(ds.meta)


def _relation(
    analysis: str, name: str, b0: float | None, published: str, method: str = "ols_log"
) -> Anchor:
    data, meta = _frame(name)
    fit = sl.fit_relation(data[meta["x"]], data[meta["y"]], method=cast("RelationMethod", method))
    ci = fit.conf_int().loc["b"]
    test = fit.test_exponent(b0) if b0 is not None else None
    row = NaturalRow(
        analysis,
        name,
        "exponent b",
        float(ci["estimate"]),
        float(ci["lower"]),
        float(ci["upper"]),
        published,
        "" if test is None else test.verdict(),
    )
    extras = {} if test is None else {"exponent_test": test.to_dict()}
    return Anchor(fit, name, (row,), {"x": meta["x"], "y": meta["y"]}, extras)


def relation_anchors() -> list[Anchor]:
    """Urban scaling and allometry (a second)."""
    return [
        _relation("urban scaling", "urban/usa_msa_gdp_2013", 1.0, "1.113 ± 0.024"),
        _relation("allometry", "allometry/mammals_brain_body", 0.75, "0.752"),
        _relation(
            "allometry (SMA)", "allometry/smatr_leaflife", 1.0, "1.315 [1.096, 1.577]", method="sma"
        ),
    ]


def _census() -> Anchor:
    data, meta = _frame(CENSUS)
    years = data[data[meta["t"]] <= 1910]
    logistic = sl.fit_growth(years[meta["t"]], years[meta["y"]], law="logistic")
    derived = logistic.derived()
    rows = []
    for quantity, label, published in (
        ("carrying_capacity", "K (million)", "about 197"),
        ("growth_rate", "r (per year)", "0.0313"),
        ("inflection_time", "inflection (year)", "about 1914"),
    ):
        row = derived.loc[quantity]
        estimate, lower, upper = (float(row[key]) for key in ("estimate", "lower", "upper"))
        rows.append(
            NaturalRow(
                "logistic growth", CENSUS + " to 1910", label, estimate, lower, upper, published, ""
            )
        )
    columns = {"t": f"{meta['t']} (<= 1910)", "y": meta["y"]}
    return Anchor(logistic, CENSUS, tuple(rows), columns)


def _epidemic_window() -> tuple[pd.DataFrame, pd.DataFrame]:
    """WHO's China reports, and those of the fitted window."""
    data, _ = _frame(EPIDEMIC)
    start, end = EPIDEMIC_WINDOW
    return data, data[(data["date"] >= start) & (data["date"] <= end)]


def _epidemic(n_boot: int, rng: int, workers: int | None) -> Anchor:
    """The GGM's p; its own week-ahead forecast rides along in the bundle (``ask``)."""
    _, window = _epidemic_window()
    ggm = sl.fit_growth(window["date"], window["cases_chn"], law="ggm", errors="normal")
    p = ggm.conf_int().loc["p"]
    fitted = NaturalRow(
        "epidemic growth (GGM)",
        "China, 2020-01-20..02-05",
        "deceleration p",
        float(p["estimate"]),
        float(p["lower"]),
        float(p["upper"]),
        NOT_PUBLISHED,
        "sub-exponential (p < 1)" if p["upper"] < 1 else "",
    )
    table = ggm.forecast(HORIZON, level=0.95, n_boot=n_boot, rng=rng, workers=workers)
    extras = {
        "forecast": {
            "horizon": HORIZON,
            "level": 0.95,
            "n_boot": n_boot,
            "seed": rng,
            "quantiles": list(table.attrs["quantiles"]),
            "records": forecast_records(table, 0.95),
        }
    }
    return Anchor(ggm, EPIDEMIC, (fitted,), _COLUMNS, extras)


def _ensemble(n_boot: int, rng: int, workers: int | None, progress: Progress | None) -> Anchor:
    """The ensemble forecast of China's cases a week past the window, beside WHO's count."""
    data, window = _epidemic_window()
    fc = sl.forecast(
        window["date"],
        window["cases_chn"],
        HORIZON,
        cumulative=True,
        members=LAW_MEMBERS,  # the growth laws and naive (the default: naive, Transformer)
        n_boot=n_boot,
        rng=rng,
        workers=workers or 1,
    )
    if progress is not None:
        progress(n_boot)
    interval = fc.conf_int(0.95).iloc[-1]
    day = fc.table["t"].iloc[-1]
    seen = data.loc[pd.to_datetime(data["date"]) == day, "cases_chn"]
    observed = float(seen.iloc[0]) if len(seen) else np.nan
    where = "inside" if interval["lower"] <= observed <= interval["upper"] else "outside"
    row = NaturalRow(
        "epidemic forecast (ensemble)",
        f"China, {HORIZON} days ahead",
        f"cases on {day:%Y-%m-%d}",
        float(interval["estimate"]),
        float(interval["lower"]),
        float(interval["upper"]),
        f"WHO reported {observed:,.0f}",
        f"observed {where} the interval",
    )
    extras = {"observed": [{"t": day.isoformat(), "value": observed, "label": "WHO reported"}]}
    return Anchor(fc, EPIDEMIC, (row,), _COLUMNS, extras)


def growth_anchors(
    *,
    n_boot: int = 200,
    rng: int = 0,
    workers: int | None = None,
    progress: Progress | None = None,
) -> list[Anchor]:
    """The census, epidemic and ensemble anchors of the demo.

    The census logistic, the epidemic's GGM and the ensemble forecast (`n_boot` replicates
    per growth law).
    """
    # The GGM first: ask labels a second result of the same data set "<data set> (2)".
    return [_census(), _epidemic(n_boot, rng, workers), _ensemble(n_boot, rng, workers, progress)]


def natural_rows(*, n_boot: int = 200) -> list[NaturalRow]:
    """Every row of both sections (a few seconds)."""
    anchors = relation_anchors() + growth_anchors(n_boot=n_boot)
    return [row for anchor in anchors for row in anchor.rows]


def natural_table(rows: Sequence[NaturalRow], title: str) -> Table:
    table = Table(title=f"{title} (95% intervals)", title_justify="left")
    for column in ("analysis", "data set", "quantity", "ours", "published", "test"):
        table.add_column(column)
    for row in rows:
        table.add_row(
            row.analysis, row.dataset, row.quantity, row.interval(), row.published, row.verdict
        )
    return table


def _outcome(plan: Plan, anchors: list[Anchor], title: str) -> Outcome:
    rows = [row for anchor in anchors for row in anchor.rows]
    return Outcome(
        entries=[anchor.entry(plan) for anchor in anchors],
        tables=[natural_table(rows, title)],
        summary=[
            SummaryRow(f"{row.analysis}: {row.quantity}", row.interval(), row.published)
            for row in rows
        ],
    )


def relations_section(plan: Plan, line: Line) -> Outcome:
    """Urban scaling and allometry, each tested against its theory's exponent."""
    line.start(total=1)
    outcome = _outcome(plan, relation_anchors(), "Scaling relations on bundled data")
    line.finish("3 relations")
    return outcome


def growth_section(plan: Plan, line: Line) -> Outcome:
    """Pearl & Reed's census logistic; the epidemic's growth model and its forecast."""
    line.start(total=plan.forecast_boot)
    line.update("logistic and GGM fits, the ensemble forecast")
    anchors = growth_anchors(
        n_boot=plan.forecast_boot, rng=plan.seed, workers=plan.workers, progress=line.advancer()
    )
    outcome = _outcome(plan, anchors, "Growth laws on bundled data")
    line.finish("2 growth laws, 1 ensemble forecast")
    return outcome
