"""The demo's "Chinchilla, refitted" section: Epoch's protocol on the bundled runs.

Besiroglu, Erdil, Barnett & You (2024, "Chinchilla scaling: a replication attempt",
arXiv:2404.10102) read Hoffmann et al.'s (2022) Figure 4 runs off the vector graphic;
their protocol drops the 5 highest-loss runs (240 left) and fits
L = E + A/N^alpha + B/D^beta by the Huber loss (delta = 1e-3) on log residuals over
Hoffmann's 4,500 starting points; a bootstrap over runs gives the intervals.

We do the same (:func:`scalinglaws.fit_neural`, then ``with_bootstrap``) and take the
law to Chinchilla's own budget, C = 6 N D = 6 x 70e9 x 1.4e12 = 5.88e23 FLOPs: the
compute-optimal N, D and tokens per parameter with bootstrap intervals, beside the
same closed form (Hoffmann et al. eq. 4) applied to the published parameter sets in
the data set's meta, and beside the model Hoffmann et al. actually trained
(Chinchilla: 70B parameters on 1.4T tokens, 20 tokens per parameter).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd
from rich.table import Table

import scalinglaws as sl
from scalinglaws.bundle import BundleEntry
from scalinglaws.cli._demo_common import Line, Outcome, Plan, SummaryRow
from scalinglaws.formulas.neural import compute_optimal
from scalinglaws.neural import NeuralFit
from scalinglaws.uncertainty import Progress

__all__ = ["BUDGET", "DATASET", "ChinchillaRefit", "chinchilla_section", "refit"]

DATASET = "neural/epoch_chinchilla"
#: Chinchilla's training compute, 6 N D with N = 70e9, D = 1.4e12 (Hoffmann et al. 2022).
CHINCHILLA_N, CHINCHILLA_D = 70e9, 1.4e12
BUDGET = 6.0 * CHINCHILLA_N * CHINCHILLA_D
DROPPED = 5  # Epoch's protocol: the 5 highest-loss runs are left out
PARAMS = ("E", "A", "B", "alpha", "beta")
SPECS = {"E": ".4f", "A": ".1f", "B": ".1f", "alpha": ".4f", "beta": ".4f"}
#: The published parameter sets of the meta whose compute-optimal allocation we show.
PUBLISHED_LAWS = {"epoch2024_headline": "Epoch fit", "hoffmann2022": "Hoffmann fit"}


@dataclass(frozen=True)
class ChinchillaRefit:
    """Our refit, its compute-optimal allocation at `BUDGET`, the published values."""

    fit: NeuralFit
    optimal: pd.DataFrame  # one row: C, N_opt, D_opt, loss, tokens_per_param (+ intervals)
    published: Mapping[str, Any]  # the data set's meta["published"]

    def published_optimal(self) -> dict[str, dict[str, float]]:
        """N_opt, D_opt and tokens per parameter at `BUDGET`, per published source."""
        out: dict[str, dict[str, float]] = {}
        for key, label in PUBLISHED_LAWS.items():
            law = self.published.get(key)
            if isinstance(law, Mapping) and all(name in law for name in PARAMS):
                params = {name: float(law[name]) for name in PARAMS}
                n_opt, d_opt, _ = compute_optimal(BUDGET, **params)
                n, d = float(n_opt), float(d_opt)
                out[label] = {"N_opt": n, "D_opt": d, "tokens_per_param": d / n}
        out["Chinchilla itself"] = {
            "N_opt": CHINCHILLA_N,
            "D_opt": CHINCHILLA_D,
            "tokens_per_param": CHINCHILLA_D / CHINCHILLA_N,
        }
        return out


def refit(
    *,
    n_boot: int = 0,
    rng: int = 0,
    workers: int | None = None,
    progress: Progress | None = None,
) -> ChinchillaRefit:
    """Epoch's protocol, the fit, `n_boot` bootstrap replicates, the allocation at `BUDGET`."""
    ds = sl.load_dataset(DATASET)
    assert isinstance(ds.data, pd.DataFrame)
    kept = ds.data.sort_values("loss").iloc[:-DROPPED]
    n = kept["Model Size"].to_numpy(dtype=float)
    fit = sl.fit_neural(n, kept["Training FLOP"].to_numpy(dtype=float) / (6.0 * n), kept["loss"])
    if n_boot > 0:
        fit = fit.with_bootstrap(n_boot, rng=rng, workers=workers, progress=progress)
    optimal = fit.compute_optimal(BUDGET, level=0.95 if n_boot > 0 else None)
    return ChinchillaRefit(fit, optimal, dict(ds.meta.get("published") or {}))


def _ours(refit: ChinchillaRefit, name: str, spec: str) -> str:
    table = refit.fit.conf_int() if refit.fit.boot is not None else None
    value = refit.fit.params[name]
    if table is None or name not in table.index:
        return format(value, spec)
    row = table.loc[name]
    return f"{value:{spec}} [{row['lower']:{spec}}, {row['upper']:{spec}}]"


def _published_param(published: Mapping[str, Any], name: str, spec: str) -> str:
    grid = published.get("epoch2024_grid_huber_sum") or {}
    ci = (published.get("epoch2024_bootstrap_ci95") or {}).get(name)
    text = format(grid[name], spec) if name in grid else ""
    if isinstance(ci, list) and len(ci) == 2:
        text += f" [{ci[0]:{spec}}, {ci[1]:{spec}}]"
    return text


def _optimal_cell(refit: ChinchillaRefit, column: str, spec: str) -> str:
    row = refit.optimal.iloc[0]
    text = format(float(row[column]), spec)
    if f"{column}_lower" in row.index:
        text += f" [{row[f'{column}_lower']:{spec}}, {row[f'{column}_upper']:{spec}}]"
    return text


OPTIMAL = (
    ("N_opt", "N_opt (parameters)", ".3g"),
    ("D_opt", "D_opt (tokens)", ".3g"),
    ("tokens_per_param", "tokens per parameter", ".1f"),
)


def chinchilla_tables(refit: ChinchillaRefit) -> list[Table]:
    """The law's parameters beside Epoch's; the allocation at C = 5.88e23 beside the published."""
    boot = refit.fit.boot
    replicates = 0 if boot is None else boot.n_ok
    params = Table(
        title=f"Chinchilla, refitted: {refit.fit.n_runs} runs of {DATASET} "
        f"(95% bootstrap intervals, {replicates} replicates)",
        caption="published: Epoch's Huber grid fit "
        "[their 95% bootstrap interval, 4,000 replicates]",
        title_justify="left",
        caption_justify="left",
    )
    for column in ("parameter", "ours", "published (Besiroglu et al. 2024)"):
        params.add_column(column)
    for name, spec in SPECS.items():
        ours, theirs = _ours(refit, name, spec), _published_param(refit.published, name, spec)
        params.add_row(name, ours, theirs)
    published = refit.published_optimal()
    optimal = Table(
        title=f"Compute-optimal allocation at Chinchilla's budget C = {BUDGET:.3g} FLOPs",
        caption="the fits: Hoffmann et al. 2022, eq. 4, on each published parameter set; "
        "Chinchilla itself: 70B parameters trained on 1.4T tokens",
        title_justify="left",
        caption_justify="left",
    )
    optimal.add_column("quantity")
    optimal.add_column("ours")
    for label in published:
        optimal.add_column(label)
    for column, label, spec in OPTIMAL:
        cells = [format(values[column], spec) for values in published.values()]
        optimal.add_row(label, _optimal_cell(refit, column, spec), *cells)
    return [params, optimal]


def chinchilla_section(plan: Plan, line: Line) -> Outcome:
    """Refit, bootstrap, allocate at Chinchilla's budget; the fit and its table in the bundle."""
    line.start(total=plan.chinchilla_boot)
    line.update(f"Huber fit from 4,500 starts, {plan.chinchilla_boot} bootstrap refits")
    result = refit(
        n_boot=plan.chinchilla_boot, rng=plan.seed, workers=plan.workers, progress=line.advancer()
    )
    columns = {"N": "Model Size", "C": "Training FLOP", "loss": "loss"}
    provenance = plan.provenance(DATASET, columns=columns, protocol="drop the 5 highest losses")
    extras = {"compute_optimal": result.optimal.to_dict(orient="records")}
    published = result.published_optimal()
    summary = [
        SummaryRow(
            f"Chinchilla: {name}",
            _ours(result, name, ".4f"),
            _published_param(result.published, name, ".4f"),
        )
        for name in ("E", "alpha", "beta")
    ]
    summary.append(
        SummaryRow(
            f"tokens per parameter at C = {BUDGET:.3g}",
            _optimal_cell(result, "tokens_per_param", ".1f"),
            "; ".join(f"{v['tokens_per_param']:.1f} ({k})" for k, v in published.items()),
        )
    )
    line.finish(f"{result.fit.n_runs} runs, {plan.chinchilla_boot} replicates")
    return Outcome(
        entries=[BundleEntry(result.fit, provenance, extras)],
        tables=list(chinchilla_tables(result)),
        summary=summary,
    )
