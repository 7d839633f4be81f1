"""Summary text and plot of a RelationFit (matplotlib is imported only inside plot)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from scalinglaws._optional import plot_axes
from scalinglaws.predictive import central_interval, central_levels
from scalinglaws.relations._inference import Correction
from scalinglaws.results import Summary

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from scalinglaws.relations.result import RelationFit

__all__ = ["METHOD_TITLES", "plot", "summary"]

METHOD_TITLES = {
    "ols_log": "least squares on ln y",
    "nls": "nonlinear least squares, additive errors",
    "sma": "standardised major axis (Warton et al. 2006)",
    "ma": "major axis (Warton et al. 2006)",
    "poisson": "Poisson GLM, log link (McCullagh & Nelder 1989)",
}
_INTERVALS = {
    "ols_log": "t",
    "nls": "t",
    "sma": "smatr (slope) / t (a)",
    "ma": "smatr (slope) / t (a)",
    "poisson": "Wald z",
}


def summary(fit: RelationFit) -> Summary:
    spec = fit.spec
    table = fit.conf_int(0.95, method="analytic")
    stderr = fit.std_errors("analytic")
    rows: list[tuple[str, str]] = [("law", spec.formula), ("n", str(fit.n))]
    for name in spec.names:
        row = table.loc[name]
        rows.append(
            (
                name,
                f"{row['estimate']:.6g} ± {stderr[name]:.3g}  "
                f"95% CI [{row['lower']:.6g}, {row['upper']:.6g}] ({_INTERVALS[fit.method]})",
            )
        )
    if fit.boot is not None:
        boot = fit.conf_int(0.95, method="bootstrap")
        spread = fit.boot.std()
        for name in spec.names:
            rows.append(
                (
                    f"{name} (bootstrap)",
                    f"± {spread[name]:.3g}  95% CI [{boot.loc[name, 'lower']:.6g}, "
                    f"{boot.loc[name, 'upper']:.6g}] ({fit.boot.n_ok} replicates)",
                )
            )
    rows.append(("R²" if fit.method not in ("sma", "ma") else "r²", f"{fit.r_squared:.4f}"))
    if fit.method == "poisson":
        rows.append(("dispersion", f"{fit.dispersion:.3g} (Pearson χ²/df; 1 for Poisson)"))
    else:
        scale = "ln y" if spec.log_y else "y"
        rows.append(("residual sd", f"{fit.residual_sd:.4g} (on {scale})"))
    if fit.aic is not None and fit.bic is not None and fit.log_likelihood is not None:
        rows.append(("log-likelihood", f"{fit.log_likelihood:.4f}"))
        rows.append(("AIC / BIC", f"{fit.aic:.3f} / {fit.bic:.3f}"))
    notes = []
    if fit.n_dropped:
        notes.append(f"{fit.n_dropped} row(s) with zero or negative values were dropped.")
    if fit.method == "ols_log":
        notes.append(
            "a·x^b is the median of y; predict() returns the mean with Duan's smearing "
            "correction unless correction='none'."
        )
    if fit.method == "poisson" and fit.dispersion is not None and fit.dispersion > 1.5:
        notes.append(
            f"overdispersion (Pearson χ²/df = {fit.dispersion:.2g}): the Poisson standard "
            "errors are too small; prefer bootstrap intervals."
        )
    if spec.law == "broken_power":
        notes.append(f"transition width Δ = {fit.smoothness:g} in ln x (fixed).")
    title = f"Scaling relation, {METHOD_TITLES[fit.method]}"
    return Summary(title, tuple(rows), tuple(notes))


def plot(fit: RelationFit, ax: Axes | None = None) -> Axes:
    ax = plot_axes(ax, "RelationFit.plot()")
    spec = fit.spec
    if spec.k > 1:  # observed against fitted, one point per row
        fitted = fit.predict(fit.x, correction="none" if spec.log_y else None)
        ax.loglog(fitted, fit.y, ".", color="0.4", label="data")
        low, high = float(np.min(fitted)), float(np.max(fitted))
        ax.loglog([low, high], [low, high], "-", color="C3", label=spec.formula)
        ax.set_xlabel(f"fitted {fit.y_name}")
        ax.set_ylabel(f"observed {fit.y_name}")
        ax.legend()
        return ax
    positive = bool((fit.y > 0).all())
    log_axes = spec.log_x and positive
    x = fit.x
    if spec.log_x:
        grid = np.geomspace(float(x.min()), float(x.max()), 200)
    else:
        grid = np.linspace(float(x.min()), float(x.max()), 200)
    correction: Correction | None = "none" if spec.log_y else None
    band = fit.predict_quantiles(grid, central_levels(0.95), interval="confidence")
    lower, upper = central_interval(band, 0.95)
    ax.plot(x, fit.y, ".", color="0.4", label="data")
    label = ", ".join(f"{k} = {v:.3g}" for k, v in fit.params.items())
    curve = fit.predict(grid, correction=correction)
    ax.plot(grid, curve, "-", color="C3", label=f"{fit.law} ({fit.method}): {label}")
    ax.fill_between(grid, lower, upper, color="C3", alpha=0.2, lw=0)
    if log_axes:
        ax.set_xscale("log")
        ax.set_yscale("log")
    elif spec.log_y and positive:
        ax.set_yscale("log")
    ax.set_xlabel(fit.x_names[0])
    ax.set_ylabel(fit.y_name)
    ax.legend(fontsize="small")
    return ax
