"""Neural scaling laws (issues 4, 20): the 4,500-start Chinchilla fit beside two scipy loops.

Run from the repository root, on a quiet machine (under the shared lock):

    flock /tmp/scalinglaws-heavy.lock .venv/bin/python benchmarks/bench_neural.py

``--before DIR`` also times every form with the fit_neural of another checkout (its
``src/``), for example the issue-4 solver: ``git archive ee2bcb4 src | tar -x -C DIR``.

The table is written to ``benchmarks/out/neural.md`` (gitignored), for merging into
docs/benchmarks.md.

Task: Epoch's protocol on the Chinchilla Figure 4 runs (Besiroglu et al. 2024,
arXiv:2404.10102): drop the 5 highest-loss runs (240 left), D = C / (6 N), fit
log L = LSE(a - alpha log N, b - beta log D, e) with the Huber loss (delta = 1e-3)
summed, from each of Hoffmann et al.'s 4,500 starts. Side by side, in one run:

* Epoch's loop: ``scipy.optimize.minimize(method="L-BFGS-B")`` from each start with
  the finite-difference gradient of their notebook (default tolerances). It costs
  ~40 ms a start, so by default a seeded subset of ``--numerical-starts`` starts is
  timed and the time per start extrapolated to 4,500 (marked as such).
* A competent user's loop: the same ``minimize`` with the analytic gradient
  (``jac=True``), over all 4,500 starts.
* ``fit_neural(N, D, L)``: the batched, pruned Newton search (median of
  ``--repeat`` runs after a warm-up), and the same search without pruning.
* ``fit.with_bootstrap(1000, workers=2)``: batched warm-started replicates.

Same optimum: the objective of each baseline's best end point, raw and polished by
L-BFGS-B with tight tolerances, and the largest difference in the fit parameters
(log A, log B, log E, alpha, beta) from fit_neural's, after that polish and after
fit_neural's Newton iteration finishes the baseline's end point.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import minimize
from scipy.special import huber, logsumexp

import scalinglaws as sl
from scalinglaws.formulas import neural as law
from scalinglaws.neural.forms import hoffmann_grid

HERE = Path(__file__).parent
OUT = HERE / "out" / "neural.md"
TIGHT = {"ftol": 1e-15, "gtol": 1e-13, "maxiter": 20000}


def epoch_runs() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    data = sl.load_dataset("neural/epoch_chinchilla").data.sort_values("loss").iloc[:-5]
    n = data["Model Size"].to_numpy()
    return n, data["Training FLOP"].to_numpy() / (6 * n), data["loss"].to_numpy()


def objectives(
    n: np.ndarray, d: np.ndarray, loss: np.ndarray
) -> tuple[Callable[[np.ndarray], float], Callable[[np.ndarray], tuple[float, np.ndarray]]]:
    """Epoch's objective (value only) and the same with its analytic gradient."""
    x, y, target = np.log(n), np.log(d), np.log(loss)

    def value(t: np.ndarray) -> float:
        pred = logsumexp([t[0] - t[3] * x, t[1] - t[4] * y, np.full_like(x, t[2])], axis=0)
        return float(np.sum(huber(1e-3, pred - target)))

    def with_gradient(t: np.ndarray) -> tuple[float, np.ndarray]:
        terms = np.array([t[0] - t[3] * x, t[1] - t[4] * y, np.full_like(x, t[2])])
        pred = logsumexp(terms, axis=0)
        weights = np.exp(terms - pred)
        resid = pred - target
        psi = np.clip(resid, -1e-3, 1e-3)
        grad = np.array(
            [
                psi @ weights[0],
                psi @ weights[1],
                psi @ weights[2],
                -(psi * x) @ weights[0],
                -(psi * y) @ weights[1],
            ]
        )
        return float(np.sum(huber(1e-3, resid))), grad

    return value, with_gradient


def scipy_loop(fun: Callable[..., Any], starts: np.ndarray, jac: bool) -> tuple[float, Any]:
    """Seconds per start and the best end point of one minimize call per start."""
    begin = time.perf_counter()
    with np.errstate(all="ignore"):
        best = min(
            (minimize(fun, s, jac=jac, method="L-BFGS-B") for s in starts), key=lambda r: r.fun
        )
    return (time.perf_counter() - begin) / starts.shape[0], best


def timed(call: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    call()  # warm-up: imports, caches
    times, result = [], None
    for _ in range(repeat):
        begin = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - begin)
    return statistics.median(times), result


def form_results() -> list[tuple[str, str, int, float, float]]:
    """Every form on a data set it suits: (form, data, starts, seconds, objective)."""
    n, d, loss = epoch_runs()
    data = sl.load_dataset("neural/bnsl_4digit_addition").data
    train = data[data["split"] == "fit"]
    x, y = train["train_dataset_size"].to_numpy(float), train["test_cross_entropy"].to_numpy(float)
    grids = np.meshgrid(np.geomspace(1e7, 1e9, 5), [1e8, 1e9, 1e10], [1, 2, 4, 8, 16, 40])
    rn, ru, epochs = (g.ravel() for g in grids)
    rd = ru * epochs
    truth = (1.87, 521.0, 1488.0, 0.35, 0.353, 15.4)  # Muennighoff et al. 2023, sec. 5
    noise = np.exp(np.random.default_rng(0).normal(0, 0.003, rn.size))
    repeat_loss = law.data_constrained(rn, rd, ru, *truth) * noise
    epoch = {"N": n, "D": d, "L": loss}
    cases = [
        ("chinchilla", "Epoch's 240 runs", epoch, {}),
        ("chinchilla_tied", "Epoch's 240 runs", epoch, {}),
        ("kaplan", "Epoch's 240 runs", epoch, {}),
        ("power_offset", "Epoch's 240 runs, X = C", epoch, {"variable": "C"}),
        ("bnsl", "BNSL 4-digit addition, 14 points", {"N": np.ones_like(x), "D": x, "L": y},
         {"variable": "D"}),
        ("data_constrained", "90 synthetic runs, R* = 15.4", {"N": rn, "D": rd, "L": repeat_loss},
         {"unique_tokens": ru}),
    ]  # fmt: skip
    rows = []
    for form, data_name, columns, options in cases:
        seconds, fit = timed(functools.partial(sl.fit_neural, **columns, form=form, **options), 3)
        rows.append((form, data_name, int(fit.n_starts), seconds, float(fit.objective)))
    return rows


def form_results_of(checkout: str) -> list[tuple[str, str, int, float, float]]:
    """form_results() run on another checkout's ``src`` (an earlier fit_neural), in a
    subprocess of this interpreter."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([f"{checkout}/src", str(HERE)])}
    code = "import json, bench_neural; print(json.dumps(bench_neural.form_results()))"
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return [tuple(row) for row in json.loads(done.stdout.splitlines()[-1])]  # type: ignore[misc]


def form_table(after: list[tuple[str, str, int, float, float]], before: list | None) -> list[str]:
    if before is None:
        head = ["| form | data | starts | time (s) | objective |", "|---|---|---:|---:|---:|"]
        return head + [f"| `{f}` | {d} | {k:,} | {t:.2f} | {v:.10g} |" for f, d, k, t, v in after]
    head = [
        "| form | data | starts | before (s) | after (s) | objective before | objective after |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    return head + [
        f"| `{f}` | {d} | {k:,} | {b[3]:.2f} | {t:.2f} | {b[4]:.10g} | {v:.10g} |"
        for (f, d, k, t, v), b in zip(after, before, strict=True)
    ]


def main() -> None:
    # This version's search (the module itself is also imported with earlier versions).
    from scalinglaws.neural.data import prepare_runs
    from scalinglaws.neural.fit import penalty_of, problem
    from scalinglaws.neural.forms import FORMS
    from scalinglaws.neural.solver import descend, search

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--numerical-starts", type=int, default=500)
    parser.add_argument("--boot", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--before",
        metavar="CHECKOUT",
        help="a checkout of an earlier scalinglaws (its src/ is used) to time every form against",
    )
    args = parser.parse_args()
    load_start, started = os.getloadavg()[0], time.time()
    n, d, loss = epoch_runs()
    grid = hoffmann_grid()

    t_fit, fit = timed(lambda: sl.fit_neural(n, d, loss), args.repeat)
    huber_sum = penalty_of("huber", 1e-3, 1.0)
    frame, objective = problem(prepare_runs(n, d, loss), FORMS["chinchilla"], "N", huber_sum)
    starts = frame.grid(objective.feats, objective.log_loss)
    t_full, full = timed(lambda: search(starts, objective, prune=False), 1)

    value, with_gradient = objectives(n, d, loss)
    per_analytic, best_analytic = scipy_loop(with_gradient, grid, jac=True)
    subset = grid
    if args.numerical_starts < grid.shape[0]:
        pick = np.random.default_rng(0).choice(grid.shape[0], args.numerical_starts, replace=False)
        subset = grid[pick]
    per_numerical, best_numerical = scipy_loop(value, subset, jac=False)

    t_boot, boot = timed(lambda: fit.with_bootstrap(args.boot, rng=0, workers=args.workers), 1)
    ci = boot.conf_int(0.95)
    forms = form_table(form_results(), form_results_of(args.before) if args.before else None)

    def compare(best: Any, jac: bool) -> str:
        polished = minimize(
            with_gradient if jac else value, best.x, jac=jac, method="L-BFGS-B", options=TIGHT
        )
        rel_raw = (best.fun - fit.objective) / fit.objective
        rel_pol = (min(polished.fun, best.fun) - fit.objective) / fit.objective
        dtheta = float(np.max(np.abs(polished.x - fit.theta)))
        # The baseline's end point, finished by fit_neural's Newton iteration: same optimum?
        finished = descend(objective, frame.to_solver(best.x[None, :]), max_iter=200, rtol=0.0)
        newton = float(np.max(np.abs(frame.to_user(finished.theta[0]) - fit.theta)))
        return (
            f"objective {best.fun:.12g} ({rel_raw:+.1e} relative to fit_neural); polished by "
            f"L-BFGS-B {rel_pol:+.1e}, parameters within {dtheta:.1e}; finished by Newton, "
            f"parameters within {newton:.1e}"
        )

    t_analytic, t_numerical = per_analytic * 4500, per_numerical * 4500
    extrapolated = (
        f" (timed on {subset.shape[0]} seeded starts, extrapolated)"
        if subset.shape[0] < 4500
        else ""
    )
    p = fit.params
    lines = [
        "## Neural scaling laws: the Chinchilla refit (issues 4 and 20)",
        "",
        "Command: `flock /tmp/scalinglaws-heavy.lock .venv/bin/python benchmarks/bench_neural.py"
        + (f" --numerical-starts {args.numerical_starts}" if args.numerical_starts != 500 else "")
        + (f" --before {args.before}" if args.before else "")
        + "`",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} CPUs (shared with other jobs), "
        f"Python {platform.python_version()}, numpy {version('numpy')}, scipy {version('scipy')}; "
        f"load average {load_start:.2f} at the start, {os.getloadavg()[0]:.2f} at the end; "
        f"the whole run took {(time.time() - started) / 60:.1f} min.",
        "",
        "Epoch's protocol (240 runs, Huber delta = 1e-3 summed, Hoffmann et al.'s 4,500 "
        "starts), all in this one run:",
        "",
        "| method | time (s) | fit_neural is | result |",
        "|---|---:|---:|---|",
        f'| Epoch\'s loop: `minimize(method="L-BFGS-B")` per start, numerical gradient'
        f"{extrapolated} | {t_numerical:.1f} | {t_numerical / t_fit:.0f}x faster | "
        f"{compare(best_numerical, False)} |",
        f'| `minimize(method="L-BFGS-B", jac=True)` per start, analytic gradient | '
        f"{t_analytic:.1f} | {t_analytic / t_fit:.0f}x faster | {compare(best_analytic, True)} |",
        f"| `fit_neural`, every start descended to convergence (`prune=False`) | {t_full:.2f} | "
        f"{t_full / t_fit:.0f}x faster | objective {full.value:.12g} "
        f"({(full.value - fit.objective) / fit.objective:+.1e}) |",
        f"| **`fit_neural(N, D, L)`** (median of {args.repeat}) | **{t_fit:.2f}** | | objective "
        f"{fit.objective:.12g}; {fit.n_best_basin} of the starts carried to the end reached "
        "the best basin |",
        f"| bootstrap, {args.boot} replicates, {args.workers} workers | {t_boot:.2f} | | "
        f"alpha {ci.loc['alpha', 'lower']:.3f}-{ci.loc['alpha', 'upper']:.3f}, "
        f"beta {ci.loc['beta', 'lower']:.3f}-{ci.loc['beta', 'upper']:.3f} |",
        "",
        f"Fit: E = {p['E']:.4f}, A = {p['A']:.2f}, B = {p['B']:.2f}, alpha = {p['alpha']:.5f}, "
        f"beta = {p['beta']:.5f}, a = {fit.frontier['a']:.4f} (Epoch's grid fit: 1.8172, "
        "477.84, 2143.86, 0.34731, 0.36718; bootstrap alpha 0.317-0.373, beta 0.331-0.415).",
        "",
        "Every form, on a data set it suits (median of 3)"
        + (f", before: the fit_neural of `{args.before}`" if args.before else "")
        + ":",
        "",
        *forms,
    ]
    text = "\n".join(lines) + "\n"
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
