"""Plots of neural fits (matplotlib imported lazily, only when a plot is drawn)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from scalinglaws._optional import plot_axes
from scalinglaws.neural.data import resource

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from scalinglaws.neural.envelope import EnvelopeFit
    from scalinglaws.neural.isoflop import IsoflopFit
    from scalinglaws.neural.result import NeuralFit

__all__ = ["plot_envelope", "plot_fit", "plot_isoflop"]


def plot_fit(fit: NeuralFit, ax: Axes | None = None) -> Axes:
    """Plot the runs and the fitted law.

    Two-resource laws: runs in the (N, D) plane coloured by loss, iso-loss contours of
    the fit and (Chinchilla forms) the compute-optimal frontier; one resource: L vs X.
    """
    ax = plot_axes(ax, "NeuralFit.plot()")
    if fit.single_resource:
        x = resource(fit, fit.variable)
        ax.loglog(x, fit.L, ".", color="0.4", label="runs")
        grid = np.geomspace(x.min(), x.max(), 200)
        ax.loglog(grid, fit.predict(grid), "-", color="C3", label="fit")
        ax.set_xlabel(fit.variable)
        ax.set_ylabel("loss")
        ax.legend()
        return ax
    n_grid = np.geomspace(fit.N.min() / 2, fit.N.max() * 2, 120)
    d_grid = np.geomspace(fit.D.min() / 2, fit.D.max() * 2, 120)
    nn, dd = np.meshgrid(n_grid, d_grid)
    surface = fit.predict(nn.ravel(), dd.ravel()).reshape(nn.shape)
    levels = np.quantile(fit.L, np.linspace(0.05, 0.95, 8))
    contours = ax.contour(nn, dd, surface, levels=np.unique(levels), cmap="viridis", linewidths=0.8)
    ax.clabel(contours, fontsize=7, fmt="%.2f")
    points = ax.scatter(fit.N, fit.D, c=fit.L, s=10, cmap="viridis", label="runs")
    ax.figure.colorbar(points, ax=ax, label="loss")
    if fit.chinchilla_like:
        budgets = np.geomspace(fit.C.min(), fit.C.max() * 10, 50)
        frontier = fit.compute_optimal(budgets)
        ax.plot(frontier["N_opt"], frontier["D_opt"], "--", color="C3", label="compute-optimal")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(n_grid[0], n_grid[-1])
    ax.set_ylim(d_grid[0], d_grid[-1])
    ax.set_xlabel("parameters N")
    ax.set_ylabel("tokens D")
    ax.legend(loc="upper right")
    return ax


def plot_isoflop(fit: IsoflopFit, ax: Axes | None = None) -> Axes:
    """Loss against N per compute budget, each budget's fitted profile and the minima."""
    ax = plot_axes(ax, "IsoflopFit.plot()")
    for index, budget in enumerate(fit.budgets):
        mask = fit.group == index
        color = f"C{index % 10}"
        ax.semilogx(fit.N[mask], fit.L[mask], "o", ms=3, color=color, label=f"C = {budget:.2g}")
        profile = fit.profile(index)
        if profile is not None:
            ax.semilogx(*profile, "-", color=color, lw=0.8)
    ok = np.isfinite(fit.n_opt)
    ax.semilogx(fit.n_opt[ok], fit.loss_opt[ok], "k*", ms=8, label="minima")
    ax.set_xlabel("parameters N")
    ax.set_ylabel("loss")
    ax.legend(fontsize=6)
    return ax


def plot_envelope(fit: EnvelopeFit, ax: Axes | None = None) -> Axes:
    """Every run's loss curve against compute, and the lower envelope they trace."""
    ax = plot_axes(ax, "EnvelopeFit.plot()")
    compute = fit.flops_per_token * fit.N * fit.D
    for index in np.unique(fit.run):
        mask = fit.run == index
        order = np.argsort(compute[mask])
        ax.loglog(compute[mask][order], fit.L[mask][order], "-", lw=0.8, color="0.6")
    ax.loglog(fit.budgets, fit.loss_opt, "-", color="C3", lw=2, label="envelope")
    ax.set_xlabel("compute C (FLOPs)")
    ax.set_ylabel("loss")
    ax.legend()
    return ax
