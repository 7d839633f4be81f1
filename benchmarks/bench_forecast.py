"""Issue 12's forecasting figures: our methods beside the hubs' files and statsforecast.

Run from the repository root, under the shared lock (a full suite takes long):

    flock /tmp/scalinglaws-heavy.lock .venv/bin/python benchmarks/bench_forecast.py \\
        europe-hub --methods ensemble,naive --data ../shared/data --workers 2
    .venv/bin/python benchmarks/bench_forecast.py outbreaks --limit 3   # a quick look

One run = one ``scalinglaws bench`` run (the same cache, outputs and report under
``--out``, default ``bench-output``) with two more methods, ``AutoETS`` and
``AutoARIMA`` from statsforecast, "what a user would pick instead". Every method
forecasts from the same origins with the same training windows: a first pass
records those windows (through the suite itself), the peers forecast them in
their own venv (``benchmarks/.venv-forecast-peers``, made here from
``requirements-forecast-peers.txt``; see ``forecast_peers.py``), and the suite
then runs all methods side by side, the peers reading their forecasts back.

The figures printed at the end split development from test data as
``forecast_dev.py`` tuned on development data only:

* ``europe-hub``: test = forecasts made from 2022-01-01 on; relative WIS against
  the hub baseline on the common forecast set (every forecast the ensemble, naive,
  both hub models and the peers all made), 50% and 95% coverage;
* ``outbreaks``: test = the series outside the seeded development half; mean WIS
  against each single law (on the forecasts both made), naive and AutoETS, and beside
  it the scale-free ``series_mean`` / ``series_gmean``: the mean and geometric mean over
  series of each series' WIS ratio to naive (one large series cannot hide the rest);
* ``us-cities``: test = forecasts of the 1990, 2000 and 2010 censuses; median
  absolute percentage error and 80% / 95% coverage.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "benchmarks"
PEER_VENV = BENCH / ".venv-forecast-peers"
PEER_PY = PEER_VENV / "bin" / "python"
PEER_REQS = BENCH / "requirements-forecast-peers.txt"
PEERS = ("AutoETS", "AutoARIMA")

from scalinglaws.bench import SUITES, Case, register_forecaster, run_suite  # noqa: E402
from scalinglaws.errors import FitError  # noqa: E402
from scalinglaws.forecasters import naive  # noqa: E402
from scalinglaws.quantiles import HUB_QUANTILES, quantile_columns  # noqa: E402

#: Development data end here (see the module docstring).
DEV_END = pd.Timestamp("2022-01-01")
LAST_DEV_CENSUS = 1980
TEST_CENSUSES = (1990, 2000, 2010)


def outbreak_split(cases: list[Case]) -> set[str]:
    """The development half of the outbreak series (seeded, by key)."""
    keys = sorted(case.key for case in cases)
    chosen = np.random.default_rng(12).permutation(len(keys))[: len(keys) // 2]
    return {keys[i] for i in chosen}


def window_id(t: np.ndarray, y: np.ndarray, horizon: int) -> str:
    digest = hashlib.sha1(np.ascontiguousarray(t, dtype=float).tobytes())
    digest.update(np.ascontiguousarray(y, dtype=float).tobytes())
    return f"{digest.hexdigest()}-{horizon}"


# --- pass 1: the windows every origin trains on ------------------------------------------
RECORDED: dict[str, dict[str, Any]] = {}


def _recorder(settings: object) -> Any:
    def record(t: np.ndarray, y: np.ndarray, horizon: int, quantiles: Any, *, rng: Any) -> Any:
        RECORDED[window_id(t, y, horizon)] = {"y": list(map(float, y)), "horizon": horizon}
        return naive(t, y, horizon, quantiles, n_samples=50, rng=rng)

    return record


def record_windows(args: argparse.Namespace) -> None:
    register_forecaster("record-windows", _recorder)
    with tempfile.TemporaryDirectory() as scratch:
        run_suite(args.suite, out=scratch, data=args.data, methods=["record-windows"],
                  workers=1, limit=args.limit)  # fmt: skip


# --- pass 2: the peers, in their own venv --------------------------------------------------
def ensure_peer_venv() -> None:
    if PEER_PY.exists():
        return
    subprocess.run([sys.executable, "-m", "venv", str(PEER_VENV)], check=True)
    subprocess.run([str(PEER_PY), "-m", "pip", "install", "-q", "-r", str(PEER_REQS)], check=True)


def run_peers(out: Path, suite: str) -> dict[str, Any]:
    """Peer forecasts of every recorded window (cached in OUT/peers-SUITE.json)."""
    path = out / f"peers-{suite}.json"
    cached = json.loads(path.read_text()) if path.exists() else {"forecasts": {}, "seconds": {}}
    todo = [{"id": key, **job} for key, job in RECORDED.items() if key not in cached["forecasts"]]
    if todo:
        ensure_peer_venv()
        with tempfile.TemporaryDirectory() as scratch:
            jobs, answer = Path(scratch) / "jobs.json", Path(scratch) / "out.json"
            jobs.write_text(json.dumps(todo))
            subprocess.run([str(PEER_PY), str(BENCH / "forecast_peers.py"), str(jobs),
                            str(answer)], check=True)  # fmt: skip
            found = json.loads(answer.read_text())
        cached["forecasts"].update(found["forecasts"])
        for name, seconds in found["seconds"].items():
            cached["seconds"][name] = cached["seconds"].get(name, 0.0) + seconds
        out.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(cached))
    return cached


def register_peers(cached: dict[str, Any]) -> None:
    forecasts = cached["forecasts"]

    def factory(name: str) -> Any:
        def peer(t: np.ndarray, y: np.ndarray, horizon: int, quantiles: Any, *, rng: Any) -> Any:
            found = forecasts.get(window_id(t, y, horizon), {}).get(name)
            if found is None or "error" in found:
                raise FitError(f"{name}: {found['error'] if found else 'no forecast'}")
            q = np.asarray(found["quantiles"], dtype=float)
            table = pd.DataFrame(q, columns=quantile_columns(HUB_QUANTILES))
            step = float(np.median(np.diff(t))) if t.size > 1 else 1.0
            table.insert(0, "median", q[:, HUB_QUANTILES.index(0.5)])
            table.insert(0, "mean", found["mean"])
            table.insert(0, "t", t[-1] + step * np.arange(1, horizon + 1))
            return table

        return lambda settings: peer

    for name in PEERS:
        register_forecaster(name, factory(name))


# --- figures -------------------------------------------------------------------------------
def _split(suite: str, scores: pd.DataFrame, data: Path | None) -> pd.Series:
    """'dev' or 'test' per forecast (see the module docstring)."""
    if suite == "europe-hub":
        dates = pd.to_datetime(scores["forecast_date"])
        return pd.Series(np.where(dates < DEV_END, "dev", "test"), index=scores.index)
    if suite == "outbreaks":
        from scalinglaws.bench.data import default_data_dir

        folder = data if data is not None else default_data_dir()
        assert folder is not None
        dev = outbreak_split(SUITES[suite].load(folder))
        return pd.Series(np.where(scores["case"].isin(dev), "dev", "test"), index=scores.index)
    target = scores["origin"] + 10 * scores["horizon"]
    return pd.Series(np.where(target <= LAST_DEV_CENSUS, "dev", "test"), index=scores.index)


def _keys(suite: str) -> list[str]:
    if suite == "europe-hub":
        return ["location", "target", "forecast_date", "horizon"]
    return ["case", "origin", "horizon"]


def series_ratios(mine: pd.Series, base: pd.Series) -> dict[str, float]:
    """Scale-free aggregates: each series' mean WIS over the reference's, then averaged.

    The summed ratio (``pair_vs_...``) is dominated by the series with the largest
    counts; here every series counts once: the mean (``series_mean``) and the
    geometric mean (``series_gmean``, as the forecast hubs aggregate relative
    scores) over series of that series' ratio, on the forecasts both made.
    """
    ratio = mine.groupby(level="case").mean() / base.groupby(level="case").mean()
    ratio = ratio[np.isfinite(ratio) & (ratio > 0)]
    return {"series_mean": float(ratio.mean()), "series_gmean": float(np.exp(np.log(ratio).mean()))}


def figures(suite: str, scores: pd.DataFrame, data: Path | None, common: list[str]) -> None:
    scores = scores.assign(split=_split(suite, scores, data))
    ok = scores[scores["status"] == "ok"]
    keys = _keys(suite)
    groups = ["split", "target"] if suite == "europe-hub" else ["split"]
    for labels, part in ok.groupby(groups):
        wide = part.pivot_table(index=keys, columns="method", values="wis", aggfunc="first")
        present = [m for m in common if m in wide.columns]
        shared = wide[present].dropna().index
        base = "hub-baseline" if suite == "europe-hub" else "naive"
        rows = []
        for method, mine in part.groupby("method"):
            own = wide[method].dropna()
            pair = wide.loc[own.index, base].dropna() if base in wide else pd.Series()
            row: dict[str, Any] = {
                "method": method,
                "n": int(own.size),
                "failed": float((scores.loc[scores["method"] == method, "status"] != "ok").mean()),
                f"pair_vs_{base}": float(own[pair.index].mean() / pair.mean())
                if len(pair)
                else np.nan,
            }
            if method in present:
                row[f"common_vs_{base}"] = float(wide.loc[shared, method].mean()
                                                 / wide.loc[shared, base].mean())  # fmt: skip
            in_common = mine.set_index(keys).loc[lambda f, s=shared: f.index.isin(s)]
            for width in (50, 80, 95):
                column = f"inside{width}"
                if column in mine:
                    row[f"cov{width}"] = float(in_common[column].mean()) if method in present \
                        else float(mine[column].mean())  # fmt: skip
            if suite == "us-cities":
                ape = (mine["ae_median"] / mine["truth"].abs()).to_numpy()
                row["median_ape"] = float(np.median(ape))
            if suite != "europe-hub" and len(pair):
                row.update(series_ratios(own[pair.index], pair))
            rows.append(row)
        table = pd.DataFrame(rows).sort_values(f"pair_vs_{base}")
        label = " / ".join(map(str, labels if isinstance(labels, tuple) else (labels,)))
        print(
            f"\n## {suite}: {label} (common set: {len(shared)} forecasts of {', '.join(present)})"
        )
        print(table.to_string(index=False, float_format=lambda v: f"{v:.3f}"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("suite", choices=["europe-hub", "outbreaks", "us-cities"])
    parser.add_argument("--methods", default=None, help="ours, comma-separated")
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=Path("bench-output"))
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    suite = SUITES[args.suite]
    ours = args.methods.split(",") if args.methods else ["ensemble", "naive"]
    own = list(suite.own_methods)
    start = time.perf_counter()
    record_windows(args)
    cached = run_peers(args.out, args.suite)
    register_peers(cached)
    print(f"{len(RECORDED)} training windows; peers' total seconds: {cached['seconds']}")
    options = {"out": args.out, "data": args.data, "limit": args.limit}
    # Worker processes start from a forkserver and do not see the peers registered here:
    # the peers and the hub files run in this process, our methods in the workers; the
    # last call reads everything back from the cache, side by side.
    run_suite(args.suite, methods=[*own, *PEERS], workers=1, **options)
    run_suite(args.suite, methods=ours, workers=args.workers, **options)
    methods = [*own, *ours, *PEERS]
    result = run_suite(args.suite, methods=methods, workers=1,
                       command=" ".join(["benchmarks/bench_forecast.py", *sys.argv[1:]]),
                       **options)  # fmt: skip
    elapsed = time.perf_counter() - start
    print(f"{elapsed:.0f} s wall for the whole run (cache hits included)")
    common = [*own, "ensemble", "naive", *PEERS]
    figures(args.suite, result.scores, args.data, [m for m in common if m in methods])


if __name__ == "__main__":
    main()
