"""The demo's scaling-relation and growth section: published anchors of issue 3.

Each row fits one bundled data set the way its source did and sets our estimate
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
  2020-01-20 to 2020-02-05 (Viboud, Simonsen & Chowell 2016's model; p about 0.77);
* Chinchilla's L = E + A/N^alpha + B/D^beta refitted to the 240 runs of Epoch's
  replication (Besiroglu et al. 2024: E = 1.8172, alpha = 0.34731, beta = 0.36718 by
  Huber on 4,500 starts; their bootstrap gives the intervals quoted).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from rich.table import Table

import scalinglaws as sl

__all__ = ["NaturalRow", "natural_rows", "natural_table"]


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
        if np.isnan(self.lower):
            return f"{self.estimate:.5g}"
        return f"{self.estimate:.4g} [{self.lower:.4g}, {self.upper:.4g}]"


def _relation_row(
    analysis: str, name: str, b0: float | None, published: str, method: str = "ols_log"
) -> NaturalRow:
    ds = sl.load_dataset(name)
    data = ds.data
    assert isinstance(data, pd.DataFrame)
    fit = sl.fit_relation(data[ds.meta["x"]], data[ds.meta["y"]], method=method)
    ci = fit.conf_int().loc["b"]
    verdict = fit.test_exponent(b0).verdict() if b0 is not None else ""
    return NaturalRow(
        analysis,
        name,
        "exponent b",
        float(ci["estimate"]),
        float(ci["lower"]),
        float(ci["upper"]),
        published,
        verdict,
    )


def natural_rows() -> list[NaturalRow]:
    """Fit every anchor (a few seconds)."""
    rows = [
        _relation_row("urban scaling", "urban/usa_msa_gdp_2013", 1.0, "1.113 ± 0.024"),
        _relation_row("allometry", "allometry/mammals_brain_body", 0.75, "0.752"),
        _relation_row(
            "allometry (SMA)", "allometry/smatr_leaflife", 1.0, "1.315 [1.096, 1.577]", method="sma"
        ),
    ]
    census = sl.load_dataset("growth/us_census_1790_2000")
    assert isinstance(census.data, pd.DataFrame)
    years = census.data[census.data[census.meta["t"]] <= 1910]
    logistic = sl.fit_growth(years[census.meta["t"]], years[census.meta["y"]], law="logistic")
    derived = logistic.derived()
    for quantity, label, published in (
        ("carrying_capacity", "K (million)", "about 197"),
        ("growth_rate", "r (per year)", "0.0313"),
        ("inflection_time", "inflection (year)", "about 1914"),
    ):
        row = derived.loc[quantity]
        rows.append(
            NaturalRow(
                "logistic growth",
                census.name + " to 1910",
                label,
                float(row["estimate"]),
                float(row["lower"]),
                float(row["upper"]),
                published,
                "",
            )
        )
    cases = sl.load_dataset("epidemics/sarscov2_who_2020")
    assert isinstance(cases.data, pd.DataFrame)
    window = cases.data[(cases.data["date"] >= "2020-01-20") & (cases.data["date"] <= "2020-02-05")]
    ggm = sl.fit_growth(window["date"], window["cases_chn"], law="ggm", errors="normal")
    p = ggm.conf_int().loc["p"]
    rows.append(
        NaturalRow(
            "epidemic growth (GGM)",
            "China, 2020-01-20..02-05",
            "deceleration p",
            float(p["estimate"]),
            float(p["lower"]),
            float(p["upper"]),
            "about 0.77",
            "sub-exponential (p < 1)" if p["upper"] < 1 else "",
        )
    )
    rows += _chinchilla_rows()
    return rows


def _chinchilla_rows() -> list[NaturalRow]:
    runs = sl.load_dataset("neural/epoch_chinchilla")
    assert isinstance(runs.data, pd.DataFrame)
    kept = runs.data.sort_values("loss").iloc[:-5]  # Epoch's protocol: drop 5 highest losses
    n = kept["Model Size"].to_numpy(dtype=float)
    fit = sl.fit_neural(n, kept["Training FLOP"].to_numpy(dtype=float) / (6.0 * n), kept["loss"])
    published = {"E": "1.8172 [1.769, 1.871]", "alpha": "0.34731 [0.317, 0.373]",
                 "beta": "0.36718 [0.331, 0.415]"}  # fmt: skip
    return [
        NaturalRow(
            "neural scaling (Chinchilla)",
            "neural/epoch_chinchilla, 240 runs",
            name,
            fit.params[name],
            np.nan,
            np.nan,
            published[name],
            "",
        )
        for name in ("E", "alpha", "beta")
    ]


def natural_table(rows: list[NaturalRow]) -> Table:
    table = Table(
        title="Scaling relations and growth laws on bundled data (95% intervals)",
        title_justify="left",
    )
    for column in ("analysis", "data set", "quantity", "ours", "published", "test"):
        table.add_column(column)
    for row in rows:
        table.add_row(
            row.analysis, row.dataset, row.quantity, row.interval(), row.published, row.verdict
        )
    return table
