"""The scaling law of our forecaster: validation loss L(N, D), and the shipped size chosen from it.

:func:`run_sweep` trains every size of :data:`SWEEP_SIZES` at every budget of
:data:`SWEEP_BUDGETS` (the same data stream, seed and settings; only the
shape and the budget change) and records each run's held-out loss.
:func:`fit_sweep` fits Hoffmann et al.'s form to them with
:func:`scalinglaws.fit_neural`::

    L(N, D) = E + A / N^alpha + B / D^beta

(N: non-embedding parameters, D: training tokens). :func:`choose_size` then
picks, among :data:`CANDIDATES`, the shape whose predicted loss is lowest
after a fixed training time: D = throughput(N) x seconds, with the throughput
a power law in N fitted to tokens per second measured side by side for every
candidate (:func:`measure_throughput`; the sweep's own runs ran at different
times, under whatever else the machine was doing). This is the
compute-optimal choice for a wall-clock budget on the machine that ran the
sweep (Hoffmann et al. 2022, sec. 3, with time in place of FLOPs).

References
----------
Hoffmann, J. et al. (2022). Training compute-optimal large language models.
*NeurIPS 35* (arXiv:2203.15556).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any, cast

import numpy as np
import pandas as pd

from scalinglaws.forecasters.transformer_train import ForecasterTraining, train_forecaster
from scalinglaws.neural import NeuralFit, fit_neural
from scalinglaws.neural.forms import NeuralFormName

__all__ = [
    "CANDIDATES",
    "SWEEP_BUDGETS",
    "SWEEP_SIZES",
    "choose_size",
    "fit_sweep",
    "measure_throughput",
    "run_sweep",
]

#: name -> (n_layer, n_head, d_model) of the sizes trained for the law.
SWEEP_SIZES: dict[str, tuple[int, int, int]] = {
    "f1": (2, 2, 32),
    "f2": (3, 2, 48),
    "f3": (4, 4, 64),
}
#: Sizes the shipped model may be chosen from (the law extrapolates to f4, f5).
CANDIDATES: dict[str, tuple[int, int, int]] = {
    **SWEEP_SIZES,
    "f4": (4, 4, 96),
    "f5": (5, 4, 128),
}
#: Training tokens D of the sweep's runs.
SWEEP_BUDGETS: tuple[int, ...] = (1_000_000, 2_500_000, 6_000_000, 15_000_000)


def shaped(base: ForecasterTraining, name: str, tokens: int | None = None) -> ForecasterTraining:
    """``base`` with the shape of size ``name`` (and ``tokens`` when given)."""
    n_layer, n_head, d_model = CANDIDATES[name]
    changes: dict[str, Any] = {"n_layer": n_layer, "n_head": n_head, "d_model": d_model}
    if tokens is not None:
        changes["tokens"] = tokens
    return dataclasses.replace(base, **changes)


def run_sweep(
    base: ForecasterTraining,
    *,
    sizes: tuple[str, ...] = tuple(SWEEP_SIZES),
    budgets: tuple[int, ...] = SWEEP_BUDGETS,
    progress: Callable[[str], None] | None = None,
    done: pd.DataFrame | None = None,
    record: Callable[[pd.DataFrame], None] | None = None,
) -> pd.DataFrame:
    """Train every size at every budget; one row per run.

    Columns: ``size, budget, n_layer, n_head, d_model, N, D, loss, wall_time,
    tokens_per_s``. Runs already in ``done`` (same size and budget) are kept,
    not retrained, and ``record(table)`` is called after each new run, so an
    interrupted sweep resumes where it stopped.
    """
    rows = [] if done is None else done.to_dict(orient="records")
    finished = {(row["size"], int(row["budget"])) for row in rows}
    for name in sizes:
        for budget in budgets:
            if (name, budget) in finished:
                continue
            run = train_forecaster(shaped(base, name, budget))
            rows.append(
                {
                    "size": name,
                    "budget": budget,
                    "n_layer": run.config.n_layer,
                    "n_head": run.config.n_head,
                    "d_model": run.config.d_model,
                    "N": run.n_params,
                    "D": run.tokens,
                    "loss": run.val_loss,
                    "wall_time": run.wall_time,
                    "tokens_per_s": run.tokens / run.wall_time,
                }
            )
            if progress is not None:
                progress(
                    f"{name} D={run.tokens:,}: loss {run.val_loss:.4f} ({run.wall_time:.0f} s)"
                )
            if record is not None:
                record(pd.DataFrame(rows))
    return pd.DataFrame(rows)


def measure_throughput(
    base: ForecasterTraining,
    *,
    sizes: tuple[str, ...] = tuple(CANDIDATES),
    tokens: int = 250_000,
    rounds: int = 2,
) -> pd.DataFrame:
    """Training tokens per second of every candidate, measured side by side.

    Each round trains every size for ``tokens`` (one evaluation, at the end) in
    turn, so a change in the machine's load falls on all sizes alike; the
    median over rounds is kept. Wall time includes making the synthetic batches,
    as a real run does. Columns: ``size, N, tokens_per_s``.
    """
    speeds: dict[str, list[float]] = {name: [] for name in sizes}
    for _ in range(rounds):
        for name in sizes:
            run = train_forecaster(dataclasses.replace(shaped(base, name, tokens), evals=1))
            speeds[name].append(run.tokens / run.wall_time)
    return pd.DataFrame(
        {
            "size": list(sizes),
            "N": [shaped(base, name).model_config().non_embedding_params for name in sizes],
            "tokens_per_s": [float(np.median(speeds[name])) for name in sizes],
        }
    )


def fit_sweep(table: pd.DataFrame, form: str = "chinchilla") -> NeuralFit:
    """L(N, D) fitted to the sweep's runs (Huber loss, the form's start grid).

    ``form="chinchilla"``: E + A/N^alpha + B/D^beta (Hoffmann et al. 2022);
    ``form="kaplan"``: [(N_c/N)^(alpha_N/alpha_D) + D_c/D]^alpha_D (Kaplan et
    al. 2020), whose N and D terms interact.
    """
    return fit_neural(table["N"], table["D"], table["loss"], form=cast("NeuralFormName", form))


def throughput_law(table: pd.DataFrame) -> tuple[float, float]:
    """(a, b) of tokens/s = a N^-b, least squares in logs over the table's rows."""
    slope, intercept = np.polyfit(np.log(table["N"]), np.log(table["tokens_per_s"]), 1)
    return float(np.exp(intercept)), float(-slope)


def choose_size(
    fit: NeuralFit,
    table: pd.DataFrame,
    *,
    seconds: float,
    base: ForecasterTraining,
    others: Sequence[NeuralFit] = (),
) -> pd.DataFrame:
    """Each candidate's N, affordable D in ``seconds`` and predicted loss; best first.

    ``table`` holds ``N`` and ``tokens_per_s`` (the sweep's runs, or better
    :func:`measure_throughput` of every candidate); the throughput is the power
    law fitted to it, so candidates not in it are extrapolated.

    ``predicted_loss`` is ``fit``'s. With ``others`` (laws of other forms fitted
    to the same runs), each law's prediction is a column ``loss_<form>`` (with
    the law's position appended when two laws share a form) and the
    candidates are ranked by their largest regret, ``regret`` = max over the laws
    of (the candidate's predicted loss - the best candidate's under that law):
    the minimax-regret choice (Savage 1951) when the runs fit several forms
    about equally well and the forms disagree away from the runs. With one law
    the ranking is by predicted loss.

    References
    ----------
    Savage, L. J. (1951). The theory of statistical decision. *JASA* 46(253), 55-67.
    """
    a, b = throughput_law(table)
    laws = [fit, *others]
    forms = [law.form for law in laws]
    columns = [
        f"loss_{form}" if forms.count(form) == 1 else f"loss_{form}_{i}"
        for i, form in enumerate(forms)
    ]
    rows = []
    for name in CANDIDATES:
        n = shaped(base, name).model_config().non_embedding_params
        tokens = a * n ** (-b) * seconds
        row: dict[str, Any] = {"size": name, "N": n, "D": tokens}
        for column, law in zip(columns, laws, strict=True):
            row[column] = float(law.predict(np.array([n]), np.array([tokens]))[0])
        row["predicted_loss"] = row[columns[0]]
        rows.append(row)
    choice = pd.DataFrame(rows)
    choice["regret"] = (choice[columns] - choice[columns].min()).max(axis=1)
    if not others:
        choice = choice.drop(columns=columns)
    return choice.sort_values(["regret", "predicted_loss"], ignore_index=True)
