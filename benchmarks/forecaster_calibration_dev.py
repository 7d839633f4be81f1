"""The Transformer's context and calibration on the European hub, chosen on dev countries.

Run from the repository root, under the shared lock:

    flock /tmp/scalinglaws-heavy.lock .venv/bin/python benchmarks/forecaster_calibration_dev.py \\
        --data ../shared/data --countries 11 --workers 2 \
        --contexts 8,13,26,whole --origins 0,6,10,13,20 --betas 0,0.25,0.5,1

Uses only the dev countries (FI..LT: the ``--countries`` after the test split of
``benchmarks/forecaster_context_dev.py``), weekly cases, at the hub's own origins.
A calibrated forecast from origin p re-runs the Transformer from the K origins
before p (``transformer(..., context=W, calibrate=K)``); those are forecasts from
earlier weeks in the same context, so this script makes the uncalibrated forecast
(horizon 4, 200 paths, seeded by the week) once for every week from K_max weeks
before the first origin to the last, and calibrates each origin's forecast from
the cached ones with the package's own functions
(:func:`~scalinglaws.calibration.past_origins`, ``log_errors``,
``error_scale``, ``widen``), each past forecast checked only on the weeks up to p.
Each grid point costs arithmetic, not forecasts. (The one difference from the
option: a past forecast from week q starts after the last negative week before q,
not before p; the chosen rule is then re-run through ``transformer(...)`` itself with
``forecaster_context_dev.py --rules``.)

Prints, for each context W, past origins K and horizon exponent beta, the relative
WIS against the hub baseline on the forecasts both made, by horizon, and the
50%/95% coverage.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

from scalinglaws import calibration
from scalinglaws._pool import process_pool
from scalinglaws.bench.methods import since_last_negative
from scalinglaws.bench.suites.europe_hub import SETTINGS, SUITE
from scalinglaws.errors import InsufficientDataError, InvalidInputError
from scalinglaws.forecasters import transformer
from scalinglaws.forecasters.transformer import MIN_CONTEXT
from scalinglaws.quantiles import HUB_QUANTILES
from scalinglaws.scoring import weighted_interval_score

TEST_CASES = 20  # the first 20 cases (10 countries x cases, deaths) are the test split
CONTEXTS = "8,13,26,whole"
ORIGINS = "0,6,10,13,20"
BETAS = "0,0.25,0.5,1"
LEVELS = np.asarray(HUB_QUANTILES)


def origin_positions(case: object, dates: np.ndarray) -> list[int]:
    """The positions of the hub's origins in the weekly series (as the suite's ``_run``)."""
    hub = case.data["hub"]  # type: ignore[attr-defined]
    origin_dates = np.unique(hub["forecast_date"].to_numpy() - np.timedelta64(2, "D"))
    positions = np.searchsorted(dates, origin_dates)
    found = (positions < dates.size) & (
        dates[np.minimum(positions, dates.size - 1)] == origin_dates
    )
    return [int(p) for p in positions[found] if SETTINGS.min_train - 1 <= p < dates.size - 1]


def cache(
    key: str,
    data: str,
    contexts: list[int | None],
    most: int,
    paths: int = 200,
    weights: str | None = None,
) -> dict[str, object]:
    """Every uncalibrated forecast one dev case needs, per context, and its truths.

    Each week from ``most`` weeks before the first origin to the last is forecast 4
    steps ahead with ``paths`` sample paths by the forecaster in ``weights`` (default:
    the shipped one), seeded by the week."""
    import torch

    torch.set_num_threads(1)
    case = next(c for c in SUITE.load(Path(data)) if c.key == key)
    series = case.data["series"].sort_values("date")
    dates = series["date"].to_numpy()
    y = series["value"].to_numpy(dtype=np.float64)
    origins = origin_positions(case, dates)
    weeks = sorted({q for p in origins for q in range(p - most, p + 1) if q >= 0})
    forecasts: dict[int | None, dict[int, np.ndarray]] = {}
    for context in contexts:
        found = {}
        for q in weeks:
            t, v = since_last_negative(np.arange(q + 1.0), y[: q + 1])
            try:
                table = transformer(
                    t, v, 4, HUB_QUANTILES, rng=q, context=context, calibrate=False,
                    n_paths=paths, weights=weights,
                )  # fmt: skip
            except (InsufficientDataError, InvalidInputError):
                continue
            found[q] = table[[c for c in table.columns if c.startswith("q")]].to_numpy()
        forecasts[context] = found
    base = SUITE.run(case, "hub-baseline", Path(data))
    return {"key": key, "y": y, "dates": dates, "origins": origins,
            "forecasts": forecasts, "base": base}  # fmt: skip


def score(cached: dict[str, object], context: int | None, k: int, beta: float) -> pd.DataFrame:
    """Scored forecasts of one case with context ``context`` calibrated from ``k`` origins."""
    y: np.ndarray = cached["y"]  # type: ignore[assignment]
    found: dict[int, np.ndarray] = cached["forecasts"][context]  # type: ignore[index]
    median_column = int(np.flatnonzero(LEVELS == 0.5)[0])
    rows = []
    for p in cached["origins"]:  # type: ignore[attr-defined]
        if p not in found:
            continue
        _, values = since_last_negative(np.arange(p + 1.0), y[: p + 1])
        offset = p + 1 - values.size  # position in y of values[0]
        quantiles = found[p].copy()
        if k:
            c = calibration.log_offset(values)
            past = calibration.past_origins(
                values.size, 4, window=context, max_origins=k, min_train=MIN_CONTEXT
            )
            h, e = [], []
            for _, q, ahead in past:
                if q + offset in found:
                    truth = values[q + 1 : q + 1 + ahead]
                    median = found[q + offset][:ahead, median_column]
                    h.append(np.arange(1.0, ahead + 1))
                    e.append(calibration.log_errors(truth, median, c))
            if e and np.concatenate(e).size >= 2:
                hh, ee = np.concatenate(h), np.concatenate(e)
                quantiles = calibration.widen(
                    quantiles[:, median_column], quantiles, LEVELS,
                    calibration.error_scale(hh, ee, beta), ee.size, c, beta=beta,
                )  # fmt: skip
        ahead = min(4, y.size - 1 - p)
        truth = y[p + 1 : p + 1 + ahead]
        wis = weighted_interval_score(truth, quantiles[:ahead], HUB_QUANTILES)
        low50, high50 = (
            quantiles[:ahead, LEVELS == 0.25][:, 0],
            quantiles[:ahead, LEVELS == 0.75][:, 0],
        )
        low95, high95 = (
            quantiles[:ahead, LEVELS == 0.025][:, 0],
            quantiles[:ahead, LEVELS == 0.975][:, 0],
        )
        date = pd.Timestamp(cached["dates"][p]) + pd.Timedelta(days=2)  # type: ignore[index]
        for i in range(ahead):
            rows.append({"location": cached["key"].split("-")[0], "forecast_date": date,
                         "horizon": i + 1, "wis": wis[i],
                         "inside50": low50[i] <= truth[i] <= high50[i],
                         "inside95": low95[i] <= truth[i] <= high95[i]})  # fmt: skip
    return pd.DataFrame(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default="../shared/data")
    parser.add_argument("--countries", type=int, default=11)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--contexts", default=CONTEXTS, help="W values, or 'whole'")
    parser.add_argument("--origins", default=ORIGINS, help="K values (0: uncalibrated)")
    parser.add_argument("--betas", default=BETAS, help="horizon exponents of the widening")
    args = parser.parse_args()
    contexts = [None if w == "whole" else int(w) for w in args.contexts.split(",")]
    origins = [int(k) for k in args.origins.split(",")]
    betas = [float(b) for b in args.betas.split(",")]
    cases = [c for c in SUITE.load(Path(args.data))[TEST_CASES:] if c.data["target"] == "inc case"]
    keys = [c.key for c in cases[: args.countries]]
    with process_pool(args.workers) as pool:
        n = len(keys)
        cached = list(pool.map(cache, keys, [args.data] * n, [contexts] * n, [max(origins)] * n))
    index = ["location", "forecast_date", "horizon"]
    base = pd.concat([c["base"] for c in cached]).query("status == 'ok'")
    base["forecast_date"] = pd.to_datetime(base["forecast_date"])
    base = base.set_index(index)["wis"]
    print(f"dev countries: {', '.join(k.split('-')[0] for k in keys)}")
    grid = [(w, k, b) for w in contexts for k in origins for b in (betas if k else (0.5,))]
    for context, k, beta in grid:
        own = pd.concat([score(c, context, k, beta) for c in cached]).set_index(index)
        both = own.join(base.rename("base"), how="inner")
        by_h = both.groupby(level="horizon")
        ratios = (by_h["wis"].mean() / by_h["base"].mean()).round(3).tolist()
        print(
            f"context {context or 'whole'}, K {k:>2}, beta {beta}: rel. WIS "
            f"{both['wis'].mean() / both['base'].mean():.3f} (h = 1-4: {ratios}), "
            f"n {len(both)}, cov50 {both['inside50'].mean():.3f}, "
            f"cov95 {both['inside95'].mean():.3f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
