"""Quantile forecasts of statsforecast's AutoETS and AutoARIMA for a batch of series.

Runs under ``benchmarks/.venv-forecast-peers/bin/python`` (PyPI ``statsforecast``,
pinned in ``benchmarks/requirements-forecast-peers.txt``), never under the project
venv: no peer code is imported by scalinglaws. ``bench_forecast.py`` writes the
training windows of every origin of a bench suite to a JSON file and starts this
script once:

    .venv-forecast-peers/bin/python forecast_peers.py JOBS.json OUT.json

Each job is ``{"id", "y", "horizon"}``; the output maps id -> model -> either
``{"quantiles": [[...23 per step...], ...], "mean": [...]}`` or ``{"error": text}``.
Both models are fitted with statsforecast's defaults for a non-seasonal series
(``season_length=1``); their central prediction intervals at 98, 95, 90, 80, ...,
10% give the hubs' 23 quantiles (the median is the point forecast, as their
intervals are symmetric). Series of non-negative values (counts, populations) have
their quantiles floored at 0, as a user would.
"""

from __future__ import annotations

import json
import sys
import time
import warnings

import numpy as np
from statsforecast.models import AutoARIMA, AutoETS

LEVELS = (98, 95, 90, 80, 70, 60, 50, 40, 30, 20, 10)  # central intervals, percent


def quantiles(model: object, y: np.ndarray, horizon: int) -> dict[str, list]:
    """The 23 hub quantiles per step (lower bounds, median, upper bounds)."""
    found = model.forecast(y=y, h=horizon, level=list(LEVELS))  # type: ignore[attr-defined]
    mean = np.asarray(found["mean"], dtype=float)
    lower = [np.asarray(found[f"lo-{level}"], dtype=float) for level in LEVELS]
    upper = [np.asarray(found[f"hi-{level}"], dtype=float) for level in reversed(LEVELS)]
    table = np.column_stack([*lower, mean, *upper])  # (h, 23), increasing levels
    if np.all(y >= 0):
        table = np.maximum(table, 0.0)
        mean = np.maximum(mean, 0.0)
    if not np.all(np.isfinite(table)):
        raise ValueError("non-finite forecast")
    return {"quantiles": np.maximum.accumulate(table, axis=1).tolist(), "mean": mean.tolist()}


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as stream:
        jobs = json.load(stream)
    models = {"AutoETS": lambda: AutoETS(season_length=1),
              "AutoARIMA": lambda: AutoARIMA(season_length=1)}  # fmt: skip
    out: dict[str, dict[str, object]] = {}
    seconds = {name: 0.0 for name in models}
    warnings.simplefilter("ignore")
    for job in jobs:
        y = np.asarray(job["y"], dtype=float)
        out[job["id"]] = {}
        for name, make in models.items():
            start = time.perf_counter()
            try:
                out[job["id"]][name] = quantiles(make(), y, int(job["horizon"]))
            except Exception as exc:  # a peer's failure is recorded, as ours are
                out[job["id"]][name] = {"error": f"{type(exc).__name__}: {exc}"[:300]}
            seconds[name] += time.perf_counter() - start
    with open(sys.argv[2], "w", encoding="utf-8") as stream:
        json.dump({"forecasts": out, "seconds": seconds}, stream)


if __name__ == "__main__":
    main()
