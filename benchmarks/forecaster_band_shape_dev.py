"""Which band shape calibrates the Transformer best, chosen on the European hub's dev countries.

Run from the repository root, after ``forecaster_combine_dev.py`` has cached the
dev forecasts of the weights to judge (no forecast is made here):

    .venv/bin/python benchmarks/forecaster_band_shape_dev.py benchmarks/out/combine_ili15.pkl

The shipped calibration (:func:`scalinglaws.calibration.widen`) widens each
quantile's log offset from the median to at least t_n(tau) s h^beta and never
narrows it. On the dev countries its 50% intervals cover 0.62, so the question is
whether a shape that may also narrow, or one read off the errors' own
distribution, scores better. Each shape below gets the same past log errors
e_{p,h} (K = 26 past origins, beta = 1/2, z = e / h^beta) and the same medians:

* ``widen``: the shipped rule, max(own, t_n(tau) s h^beta) (s the RMS of z);
* ``t``: t_n(tau) s h^beta alone (the model's own spread dropped: may narrow);
* ``mad``: the same with a robust scale, s = 1.4826 median|z|;
* ``empirical``: the tau-quantile of z itself, times h^beta (may narrow);
* ``empirical, widened``: max(own, that), as ``widen`` does;
* ``symmetric``: the (2 tau - 1)-quantile of |z|, signed (may narrow);
* ``symmetric, widened``: max(own, that);
* ``sum``: sqrt(own^2 + (t_n(tau) s h^beta)^2), the model's and the errors'
  spreads added as independent variances.

Prints each shape's relative WIS against the hub baseline (90% interval from
resampling countries), by horizon, and its 50% / 95% coverage.
"""

from __future__ import annotations

import argparse
import pickle
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from forecaster_combine_dev import (
    BETA,
    LEVELS,
    MEDIAN,
    STEPS,
    past_errors,
    report,
    scored,
)
from scalinglaws import calibration

CONTEXT = 8
#: (own offsets, t offsets, standardized errors z) -> log offsets per level.
Shape = Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]
UPPER = LEVELS >= 0.5


def outward(own: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """Each offset moved out to ``wanted`` where that is wider, never in."""
    return np.where(UPPER, np.maximum(own, wanted), np.minimum(own, wanted))


def symmetric(z: np.ndarray) -> np.ndarray:
    """Signed (2 tau - 1)-quantiles of |z|: a band symmetric about the median."""
    return np.sign(LEVELS - 0.5) * np.quantile(np.abs(z), np.abs(2 * LEVELS - 1))


SHAPES: dict[str, Shape] = {
    "widen (shipped)": lambda own, t, z: outward(own, t),
    "t": lambda own, t, z: np.broadcast_to(t, own.shape),
    "mad": lambda own, t, z: t * 1.4826 * np.median(np.abs(z)) / np.sqrt(np.mean(z * z)),
    "empirical": lambda own, t, z: np.quantile(z, LEVELS)[None, :] * np.ones_like(own),
    "empirical, widened": lambda own, t, z: outward(own, np.quantile(z, LEVELS)[None, :]),
    "symmetric": lambda own, t, z: symmetric(z)[None, :] * np.ones_like(own),
    "symmetric, widened": lambda own, t, z: outward(own, symmetric(z)[None, :]),
    "sum": lambda own, t, z: np.sign(LEVELS - 0.5) * np.sqrt(own**2 + t**2),
}
#: Shapes whose offsets come from z alone, scaled by h^beta afterwards.
FROM_Z = {"empirical", "empirical, widened", "symmetric", "symmetric, widened"}


def shaped(cached: dict, name: str) -> dict[int, np.ndarray]:
    """Origin -> quantiles (STEPS, levels) of the 8-week forecast, banded by one shape."""
    found: dict[int, np.ndarray] = cached["forecasts"][CONTEXT]
    h = np.arange(1.0, STEPS + 1)[:, None] ** BETA
    out = {}
    for p in cached["origins"]:
        if p not in found:
            continue
        quantiles = found[p]
        errors = past_errors(cached, CONTEXT, p)
        if errors is not None:
            hh, ee, c = errors
            centre = np.log(np.maximum(quantiles[:, MEDIAN], 0.0) + c)[:, None]
            own = np.log(np.maximum(quantiles, 0.0) + c) - centre
            z = ee / hh**BETA
            scale = calibration.error_scale(hh, ee, BETA)
            t = stats.t.ppf(LEVELS, df=ee.size)[None, :] * scale * h
            if name in FROM_Z:
                offset = SHAPES[name](own / h, t / h, z) * h
            else:
                offset = SHAPES[name](own, t, z)
            offset = np.where(LEVELS[None, :] == 0.5, own, offset)
            quantiles = np.sort(np.maximum(np.exp(centre + offset) - c, 0.0), axis=1)
        out[p] = quantiles
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("cache", help="a cache written by forecaster_combine_dev.py (context 8)")
    args = parser.parse_args()
    cached = pickle.loads(Path(args.cache).read_bytes())["cached"]
    index = ["location", "forecast_date", "horizon"]
    base = pd.concat([c["base"] for c in cached]).query("status == 'ok'")
    base["forecast_date"] = pd.to_datetime(base["forecast_date"])
    base = base.set_index(index)["wis"]
    for name in SHAPES:
        own = pd.concat([scored(c, shaped(c, name)) for c in cached])
        report(name, own.set_index(index).join(base.rename("base"), how="inner"))


if __name__ == "__main__":
    main()
