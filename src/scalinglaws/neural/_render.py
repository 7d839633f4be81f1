"""The summary of a NeuralFit: the form's formula, the fit and the estimates."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scalinglaws._words import fmt
from scalinglaws.results import Summary

if TYPE_CHECKING:
    from scalinglaws.neural.result import NeuralFit

__all__ = ["TITLES", "summary", "verdicts"]

TITLES = {
    "chinchilla": "L = E + A/N^alpha + B/D^beta (Hoffmann et al. 2022)",
    "chinchilla_tied": "L = E + A/N^alpha + B/D^alpha (Hoffmann et al. 2022, tied exponents)",
    "power_offset": "L = E + A/X^alpha",
    "power": "L = A/X^alpha",
    "m4": "(L - L_inf)/(L_0 - L)^alpha = beta X^c (Alabdulmohsin et al. 2022)",
    "kaplan": "L = [(Nc/N)^(alpha_N/alpha_D) + Dc/D]^alpha_D (Kaplan et al. 2020)",
    "data_constrained": "L = E + A/N^alpha + B/D'^beta, D' = U + U R*(1 - e^(-R/R*)) "
    "(Muennighoff et al. 2023)",
    "bnsl": "L = a + b X^-c0 (1 + (X/d1)^(1/f1))^(-c1 f1) (Caballero et al. 2023)",
}


def summary(fit: NeuralFit) -> Summary:
    """Form, runs, objective, search, estimates with their ± and the frontier exponents."""
    errors = fit.stderr
    rows = [
        (
            "form",
            TITLES[fit.form] + (f", X = {fit.variable}" if fit.single_resource else ""),
        )
    ]
    if fit.run is None:
        rows.append(("runs", f"{fit.n_runs}"))
    else:
        rows.append(
            (
                "checkpoints",
                f"{fit.n_runs} of {int(fit.run.max()) + 1} runs ({fit.n_burned} dropped by the "
                f"burn-in: D <= {fit.burn_in:g} of each run's final D)",
            )
        )
    fit_text = "least squares" if fit.loss == "least_squares" else f"Huber, delta = {fit.delta:g}"
    if fit.loss == "asymmetric":
        fit_text += f", under-predictions weighted {fit.asymmetry:g}x"
    rows.append(("objective", f"{fit_text}, summed over runs, on log L: {fit.objective:.6g}"))
    rows.append(("starts", f"{fit.n_best_basin} of {fit.n_starts} reached the best basin"))
    if fit.fixed:
        rows.append(("fixed", ", ".join(f"{k} = {v:g}" for k, v in fit.fixed.items())))
    if fit.bounds:
        shown = ", ".join(f"{lo:g} <= {k} <= {hi:g}" for k, (lo, hi) in fit.bounds.items())
        rows.append(("bounds", shown))
    for name, value in fit.params.items():
        err = f" ± {errors[name]:.4g}" if name in errors else ""
        rows.append((name, f"{value:.6g}{err}"))
    if fit.chinchilla_like:
        rows += [(k, f"{v:.4f}") for k, v in fit.frontier.items()]
    notes = []
    if fit.boot is not None:
        failed = fit.boot.n_failed
        notes.append(
            f"± is the standard deviation of {fit.boot.n_ok} bootstrap replicates "
            "over runs" + (f" ({failed} failed)" if failed else "")
        )
    else:
        notes.append("± is the asymptotic standard error (Huber's M-estimator covariance)")
        if fit.run is not None:
            notes.append(
                "the asymptotic errors treat checkpoints as independent; use "
                "with_bootstrap(), which resamples whole runs"
            )
    return Summary(f"Neural scaling law ({fit.form})", tuple(rows), tuple(notes))


def verdicts(fit: NeuralFit) -> list[str]:
    """How well the search settled, and the compute-optimal scaling of a Chinchilla form.

    Parameters
    ----------
    fit : NeuralFit
        The fit.

    Returns
    -------
    list of str
        The sentences.
    """
    out = [
        f"{fit.n_best_basin} of {fit.n_starts} starts reached the best basin "
        f"(objective {fmt(fit.objective, '.4g')} over {fit.n_runs} runs)."
    ]
    if fit.chinchilla_like:
        front = fit.frontier
        out.append(
            f"Compute-optimal scaling: N_opt ∝ C^{fmt(front['a'], '.3f')} and "
            f"D_opt ∝ C^{fmt(front['b'], '.3f')}."
        )
    return out
