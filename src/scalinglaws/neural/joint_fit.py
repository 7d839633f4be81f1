"""JointNeuralFit: several groups fitted with shared exponents, and fit_neural_joint.

The engine is :mod:`scalinglaws.neural.joint` (profile over the shared exponents,
each group an ordinary fit with them held). The result holds one
:class:`~scalinglaws.neural.NeuralFit` per group (its ``fixed`` are the shared
values), the shared estimates, and intervals for every parameter:

* analytic: Huber's M-estimator covariance (:mod:`scalinglaws.neural._analytic`)
  of the joint parameter vector (shared exponents, then each group's own), from
  the stacked Jacobian of all runs, so a shared exponent's error reflects every
  group's runs and each group's scales carry the shared exponents' uncertainty;
* bootstrap: runs resampled within each group (a stratified bootstrap, scheme
  ``"runs"``). Groups are kept, not resampled: each group's own parameters exist
  in every replicate, and with the few families a user typically has (2-5),
  resampling whole groups would mostly measure which families were drawn, not
  the exponents' uncertainty given these families.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from scalinglaws._deprecation import renamed_keywords
from scalinglaws._optional import plot_axes
from scalinglaws._types import FloatArray
from scalinglaws._validate import as_float_vector, check_number
from scalinglaws.errors import InvalidInputError, InvalidOptionError, ScalingLawError
from scalinglaws.neural import joint
from scalinglaws.neural._analytic import m_covariance, natural_stderr
from scalinglaws.neural.constraints import free_rows
from scalinglaws.neural.fit import NeuralVariable, check_objective, check_variable, penalty_of
from scalinglaws.neural.forms import FORMS, NeuralFormName
from scalinglaws.neural.problem import run_features
from scalinglaws.neural.result import NeuralFit
from scalinglaws.neural.solver import NeuralObjective
from scalinglaws.results import FitResult, Summary, flag
from scalinglaws.uncertainty import Bootstrap, Draws, RandomLike

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["JointNeuralFit", "fit_neural_joint"]


@dataclass(frozen=True, eq=False, repr=False)
class JointNeuralFit(FitResult):
    """Groups of runs fitted with shared exponents (:func:`fit_neural_joint`).

    ``params`` holds the shared exponents by name and every group's own parameters
    as ``"name[group]"``; :attr:`group_params` is the same as a table, one row per
    group. ``fits`` are the groups' :class:`NeuralFit` objects with the shared
    values held (``fixed``). ``objective`` is the summed robust loss over all runs;
    ``n_steps`` the Newton steps taken on the shared exponents.

    Attributes
    ----------
    form : str
        The law of every group.
    variable : str
        The resource X of the one-resource forms.
    shared : tuple of str
        The exponents common to all groups.
    groups : tuple of str
        The group labels.
    fits : tuple of NeuralFit
        Each group's fit, the shared values held.
    objective : float
        The summed robust loss over all runs.
    n_steps : int
        Newton steps taken on the shared exponents.
    boot : Bootstrap, optional
        Replicates with runs resampled within each group.
    warnings : tuple of str
        Reasons not to trust the fit (keyword only).
    """

    kind = "neural_joint"

    form: str
    variable: str
    shared: tuple[str, ...]
    groups: tuple[str, ...]
    fits: tuple[NeuralFit, ...]
    objective: float
    n_steps: int
    boot: Bootstrap | None = None  # runs resampled within each group
    warnings: tuple[str, ...] = field(default=(), kw_only=True)

    # --- parameters ----------------------------------------------------------------
    @property
    def params(self) -> dict[str, float]:
        """The shared exponents, then each group's own parameters as ``name[group]``."""
        first = self.fits[0].params
        out = {name: float(first[name]) for name in self.shared}
        for label, fit in zip(self.groups, self.fits, strict=True):
            out |= {f"{k}[{label}]": v for k, v in fit.params.items() if k not in self.shared}
        return out

    @property
    def group_params(self) -> pd.DataFrame:
        """Every group's parameters (shared ones repeated), one row per group."""
        return pd.DataFrame([fit.params for fit in self.fits], index=list(self.groups))

    @property
    def n_runs(self) -> int:
        """The number of runs over every group."""
        return int(sum(fit.n_runs for fit in self.fits))

    def _analytic_stderr(self) -> dict[str, float]:
        """Delta-method errors from the joint M-estimator covariance (see module doc)."""
        form = FORMS[self.form]
        held = {name: 0.0 for name in self.shared}
        shared = [form.theta_names.index(name) for name in self.shared]
        own = free_rows(form, held)
        k, width = len(shared), len(own)
        blocks, resid = [], []
        for index, fit in enumerate(self.fits):
            pred, jac = form.model(fit.theta[None, :], run_features(fit))
            rows = np.zeros((fit.n_runs, k + width * len(self.fits)))
            rows[:, :k] = jac[0][shared].T
            rows[:, k + index * width : k + (index + 1) * width] = jac[0][own].T
            blocks.append(rows)
            resid.append(pred[0] - np.log(fit.L))
        fit0 = self.fits[0]
        penalty = penalty_of(fit0.loss, fit0.delta, fit0.asymmetry)
        cov = m_covariance(np.vstack(blocks), np.concatenate(resid), penalty)
        out: dict[str, float] = {}
        for index, (label, fit) in enumerate(zip(self.groups, self.fits, strict=True)):
            where = [*range(k), *range(k + index * width, k + (index + 1) * width)]
            full = np.zeros((fit.theta.size, fit.theta.size))
            order = [*shared, *own]
            full[np.ix_(order, order)] = cov[np.ix_(where, where)]
            se = natural_stderr(form, fit.theta, full)
            for name, value in zip(form.param_names, se, strict=True):
                key = name if name in self.shared else f"{name}[{label}]"
                if np.isfinite(value) and key in self.params:
                    out.setdefault(key, float(value))
        return out

    # --- predictions ---------------------------------------------------------------
    def _fit_of(self, label: Any) -> NeuralFit:
        text = str(label)
        if text not in self.groups:
            raise InvalidOptionError(
                f"group={label!r} is not a group of this fit; choose one of: "
                f"{', '.join(self.groups)}."
            )
        return self.fits[self.groups.index(text)]

    def predict(self, x: Any, d: Any = None, *, group: Any = None) -> Any:
        """Predicted loss of group `group`'s law at (N, D) (at X for one-resource forms): an array.

        `group` is one label, or one label per point.

        Parameters
        ----------
        x : array_like
            N (or X for the one-resource forms).
        d : array_like, optional
            D; not used by the one-resource forms.
        group : str or sequence of str
            Required: the group whose law predicts: one label, or one per point.

        Returns
        -------
        numpy.ndarray
            The predicted losses.

        Raises
        ------
        InvalidOptionError
            No `group` given, or a label that is not a group.
        """
        if group is None:
            raise InvalidOptionError(
                f"predict(..., group=...): name the group; one of {', '.join(self.groups)}."
            )
        labels = np.atleast_1d(np.asarray(group, dtype=object))
        if labels.size == 1:
            return np.asarray(self._fit_of(labels[0]).predict(x, d), dtype=np.float64)
        xs = np.atleast_1d(as_float_vector(np.atleast_1d(x), "x"))
        ds = None if d is None else np.broadcast_to(np.atleast_1d(d), xs.shape)
        if labels.size != xs.size:
            raise InvalidOptionError(
                f"group: {labels.size} labels for {xs.size} points; give one label, or one "
                "per point."
            )
        out = np.empty(xs.size)
        for label in set(labels.tolist()):
            mask = labels == label
            part = None if ds is None else ds[mask]
            out[mask] = self._fit_of(label).predict(xs[mask], part)
        return out

    # --- bootstrap -----------------------------------------------------------------
    def _bootstrap(self, n_boot: int, draws: Draws) -> Bootstrap:
        """Runs resampled with replacement within each group (:func:`_replicate`)."""
        rows = np.array(draws.run(functools.partial(_replicate, self), n_boot))
        return Bootstrap.from_rows(list(self.params), list(self.params.values()), rows, "runs")

    # --- rendering -----------------------------------------------------------------
    def _summary(self) -> Summary:
        errors = self.stderr
        title = FORMS[self.form].name
        rows = [
            ("form", f"{title}, shared: {', '.join(self.shared)}"),
            ("groups", ", ".join(
                f"{g} ({f.n_runs} runs)" for g, f in zip(self.groups, self.fits, strict=True)
            )),
            ("objective", f"summed over {self.n_runs} runs: {self.objective:.6g}"),
            ("steps", f"{self.n_steps} Newton steps on the shared exponents"),
        ]  # fmt: skip
        for name, value in self.params.items():
            err = f" ± {errors[name]:.4g}" if name in errors else ""
            rows.append((name, f"{value:.6g}{err}"))
        note = (
            f"± is the standard deviation of {self.boot.n_ok} bootstrap replicates "
            "(runs resampled within each group)"
            if self.boot is not None
            else "± is the asymptotic standard error (Huber's M-estimator covariance, joint)"
        )
        return Summary(f"Neural scaling law, {len(self.groups)} groups", tuple(rows), (note,))

    def plot(self, ax: Axes | None = None) -> Axes:
        """Each group's runs (loss against N, or X) and its law at the runs.

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Axes to draw on; a new figure when None (needs the plot extra).

        Returns
        -------
        matplotlib.axes.Axes
            The axes drawn on.
        """
        ax = plot_axes(ax, "JointNeuralFit.plot()")
        for index, (label, fit) in enumerate(zip(self.groups, self.fits, strict=True)):
            x = run_features(fit)[:, 0]
            order = np.argsort(x)
            colour = f"C{index % 10}"
            ax.semilogy(np.exp(x), fit.L, ".", color=colour, label=str(label))
            ax.semilogy(np.exp(x[order]), fit.predict_runs(fit)[order], "-", color=colour)
        ax.set_xscale("log")
        ax.set_xlabel(self.variable if FORMS[self.form].n_features == 1 else "N")
        ax.set_ylabel("loss")
        ax.legend()
        return ax

    def _payload(self) -> dict[str, Any]:
        return {
            "form": self.form,
            "variable": self.variable,
            "shared": list(self.shared),
            "groups": list(self.groups),
            "fits": [fit.to_dict() for fit in self.fits],
            "objective": self.objective,
            "n_steps": self.n_steps,
            "boot": None if self.boot is None else self.boot.to_dict(),
            "params": self.params,
        }

    @classmethod
    def _from_payload(cls, payload: dict[str, Any]) -> JointNeuralFit:
        fits = tuple(_group_fit(item) for item in payload["fits"])
        boot = payload.get("boot")
        return cls(
            form=fits[0].form,
            variable=str(payload["variable"]),
            shared=tuple(str(name) for name in payload["shared"]),
            groups=tuple(str(label) for label in payload["groups"]),
            fits=fits,
            objective=float(payload["objective"]),
            n_steps=int(payload["n_steps"]),
            boot=None if boot is None else Bootstrap.from_dict(boot),
        )

    def __repr__(self) -> str:
        """A one-line description: form, shared exponents, groups and runs."""
        shown = ", ".join(f"{name}={self.params[name]:.4g}" for name in self.shared)
        return f"<JointNeuralFit {self.form} {shown} groups={len(self.groups)} n={self.n_runs}>"


def _group_fit(saved: dict[str, Any]) -> NeuralFit:
    """A group's saved NeuralFit (its warnings kept, none emitted again)."""
    fit = NeuralFit.from_dict(saved)
    if not isinstance(fit, NeuralFit):
        raise InvalidInputError(f"fit_neural_joint: a group's saved fit is {fit.kind!r}.")
    return fit


def _replicate(fit: JointNeuralFit, rng: np.random.Generator) -> FloatArray:
    """One bootstrap replicate of every parameter (NaN where the refit fails).

    Each group's runs are resampled with replacement; the profile descent starts from
    the full data's optimum (each group warm-started).
    """
    setup, groups = _setup_of(fit), []
    for label, group in zip(fit.groups, fit.fits, strict=True):
        pick = rng.integers(0, group.n_runs, group.n_runs)
        n, d, loss, c = _columns(group)
        columns = (n[pick], d[pick], loss[pick], None if c is None else c[pick])
        try:  # a resample with a single value of a resource the law needs
            groups.append(joint.check_group(setup, columns, label))
        except ScalingLawError:
            return np.full(len(fit.params), np.nan)
    start = joint.profile(
        setup,
        groups,
        np.array([fit.params[k] for k in fit.shared]),
        joint.Profile(np.zeros(0), fit.fits),
    )
    if start is None:
        return np.full(len(fit.params), np.nan)
    found, _ = joint.descend(setup, groups, start)
    return np.array(list(replace(fit, fits=found.fits).params.values()))


def _columns(fit: NeuralFit) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray | None]:
    return fit.N, fit.D, fit.L, fit.C if fit.c_given else None


def _setup_of(fit: JointNeuralFit) -> joint.Setup:
    first = fit.fits[0]
    return joint.Setup(
        fit.form,
        fit.variable,
        fit.shared,
        objective=first.loss,
        delta=first.delta,
        asymmetry=first.asymmetry if first.loss == "asymmetric" else 2.0,
        flops_per_token=first.flops_per_token,
    )


def _group_fits(
    setup: joint.Setup, groups: joint.Groups, best: joint.Profile
) -> tuple[NeuralFit, ...]:
    """Each group at the optimum, refitted from its full start grid too.

    The better fit is kept, with the grid fit's search diagnostics and warnings.
    """
    fresh = joint.profile(setup, groups, best.values, None)
    if fresh is None:
        return best.fits
    return tuple(
        new if new.objective < old.objective else replace(old, warnings=new.warnings)
        for old, new in zip(best.fits, fresh.fits, strict=True)
    )


def fit_neural_joint(
    N: Any,
    D: Any,
    L: Any,
    *,
    group: Any,
    shared: Any = ("alpha", "beta"),
    form: NeuralFormName = "chinchilla",
    variable: NeuralVariable = "N",
    C: Any = None,
    flops_per_token: float = 6.0,
    objective: NeuralObjective = "huber",
    delta: float = 1e-3,
    asymmetry: float = 2.0,
    n_boot: int = 0,
    rng: RandomLike = 0,
    **old: Any,
) -> JointNeuralFit:
    """Fit one law per group (model family, dataset) with the exponents in `shared` common to all.

    Parameters
    ----------
    N, D, L : array_like
        Parameters, tokens and final loss of each run (as :func:`fit_neural`; for a
        one-resource form, pass ones as N and the resource as D, or use C).
    group : array_like
        The group label of each run (two groups at least).
    shared : str or sequence of str
        The exponents every group shares, e.g. ``("alpha", "beta")`` for
        ``"chinchilla"``; each group fits its other parameters (E, A, B).
    form, variable, C, flops_per_token, objective, delta, asymmetry
        As in :func:`fit_neural` (``loss=`` is the deprecated name of `objective`).
    n_boot : int
        Bootstrap replicates (runs resampled within each group); 0: none.
    rng : int or numpy.random.Generator
        Seed of the bootstrap.
    **old
        Deprecated keywords (``loss=``), accepted one release with a warning.

    Returns
    -------
    JointNeuralFit
        ``params`` (shared by name, the groups' own as ``"E[g]"``), ``group_params``,
        ``predict(N, D, group=g)``, ``fits`` (one :class:`NeuralFit` per group),
        ``warnings`` (each group's, named by group).

    Raises
    ------
    InvalidOptionError
        An unknown form (or ``data_constrained``, which needs unique tokens), a shared
        name that is not one of its exponents, or a bad objective, delta or asymmetry.
    InvalidInputError
        A group label per run missing, a single group, or a group's runs that
        :func:`fit_neural` would refuse (the group named).
    InsufficientDataError
        A group with too few runs for its parameters, or a single model size.
    FitError
        No value of the shared exponents gives every group a fit.

    References
    ----------
    Choshen, L., Zhang, Y. & Andreas, J. (2025). A hitchhiker's guide to scaling
    law estimation. ICML 2025, arXiv:2410.11840 (borrowing exponents across families).
    """
    name = joint.check_form(form)
    names = joint.shared_names(name, shared)
    check_variable(FORMS[name], variable)
    ns, ds, ls = (as_float_vector(v, label) for v, label in ((N, "N"), (D, "D"), (L, "L")))
    labels, rows = joint.group_indices(group, ls.size)
    if old:  # loss=, the name of objective before "loss" meant only the runs' L
        given = {"objective": None if objective == "huber" else objective}
        objective = renamed_keywords("fit_neural_joint", old, given, {"loss": "objective"})[
            "objective"
        ]
    loss, width, weight = check_objective(objective, delta, asymmetry)
    k = check_number(flops_per_token, "flops_per_token", low=0.0)
    setup = joint.Setup(name, variable, names, loss, width, weight, k)
    groups = [
        joint.check_group(setup, joint.columns_of(ns, ds, ls, C, index), label)
        for label, index in zip(labels, rows, strict=True)
    ]
    best, steps = joint.search(setup, groups)
    fits = _group_fits(setup, groups, best)
    reasons = [
        f"group {label}: {text}"
        for label, fit in zip(labels, fits, strict=True)
        for text in fit.warnings
    ]
    result = JointNeuralFit(
        form=name,
        variable=variable,
        shared=names,
        groups=labels,
        fits=fits,
        objective=float(sum(fit.objective for fit in fits)),
        n_steps=steps,
        warnings=flag(reasons),
    )
    if check_number(n_boot, "n_boot", low=0, integer=True) > 0:
        result = result.with_bootstrap(int(n_boot), rng=rng)
    return result
