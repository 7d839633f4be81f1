"""compare_relations: which law describes y = f(x) best, in sample and beyond the data.

Two yardsticks, on the same rows for every law:

* **Information criteria.** Every law is fitted by maximum likelihood on one
  common scale: ``method="ols_log"`` uses the Gaussian likelihood of ln y (a
  log-normal likelihood for y; the two differ by sum(ln y), the same constant for
  every law), ``method="nls"`` the Gaussian likelihood of y. AIC = -2 ln L + 2k and
  BIC = -2 ln L + k ln n, with k counting the error variance (Akaike 1974;
  Schwarz 1978; Burnham & Anderson 2002, *Model Selection and Multimodel Inference*).
* **Extrapolation.** Each law is refitted on the rows with the smallest x (all but
  the fraction `holdout` with the largest x) and scored by the root-mean-square
  error of its predictions for the held-out rows, on the fitted scale (ln y or y).
  A single power law that bends away from the data at large x shows up here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, get_args

import numpy as np
import pandas as pd

from scalinglaws._validate import check_choice, check_number
from scalinglaws.errors import InvalidInputError, InvalidOptionError, ScalingLawError
from scalinglaws.relations._data import Prepared, as_x, check_spread, prepare
from scalinglaws.relations._estimate import estimate
from scalinglaws.relations._laws import LAWS, RelationLawName, RelationMethod, Spec
from scalinglaws.relations._scale import log_rms, standardise
from scalinglaws.relations.fit import make_spec, representable
from scalinglaws.relations.result import RelationFit

__all__ = ["RelationComparison", "compare_relations"]

_COLUMNS = (
    "law",
    "n_params",
    "log_likelihood",
    "aic",
    "bic",
    "delta_aic",
    "extrapolation_rmse",
    "note",
)


@dataclass(frozen=True, eq=False)
class RelationComparison:
    """One row per law: likelihood, AIC, BIC, ΔAIC and extrapolation error.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per law: ``law``, ``n_params``, ``log_likelihood``, ``aic``,
        ``bic``, ``delta_aic``, ``extrapolation_rmse`` and a ``note`` where a law failed.
    method : str
        ``"ols_log"`` or ``"nls"``.
    holdout : float
        The fraction of rows with the largest x kept back for the extrapolation test.
    n : int
        Rows compared.
    n_train : int
        Rows each law was refitted on for the extrapolation test.
    fits : dict of str to RelationFit
        The full-data fits by law (not saved by ``to_dict``).
    """

    table: pd.DataFrame
    method: str
    holdout: float
    n: int
    n_train: int
    fits: dict[str, RelationFit] = field(default_factory=dict)  # full-data fits (not in to_dict)

    @property
    def scale(self) -> str:
        """The scale of the likelihood and of the extrapolation error."""
        return "ln y" if self.method == "ols_log" else "y"

    def _best(self, column: str) -> str | None:
        values = self.table[column].astype(float)
        if not np.isfinite(values).any():
            return None
        return str(self.table["law"].iloc[int(np.nanargmin(values.to_numpy()))])

    @property
    def preferred(self) -> str | None:
        """The law with the lowest AIC (None when no law could be fitted)."""
        return self._best("aic")

    @property
    def preferred_extrapolation(self) -> str | None:
        """The law with the smallest extrapolation error."""
        return self._best("extrapolation_rmse")

    def verdict(self) -> str:
        """The comparison in one sentence: the preferred law and the best extrapolator.

        Returns
        -------
        str
            For example "power_offset has the lowest AIC (ΔAIC of the single power
            law: 4.2); power extrapolates best to the largest 10 x (RMSE 0.05 on ln y)".
        """
        best, extrapolates = self.preferred, self.preferred_extrapolation
        if best is None:
            return "no law could be fitted to these data"
        rows = self.table.set_index("law")
        text = f"{best} has the lowest AIC"
        power_aic = float(rows["aic"].get("power", math.nan))
        if best != "power" and math.isfinite(power_aic):
            text += f" (ΔAIC of the single power law: {rows.loc['power', 'delta_aic']:.1f})"
        if extrapolates is not None:
            rmse = rows.loc[extrapolates, "extrapolation_rmse"]
            text += (
                f"; {extrapolates} extrapolates best to the largest {self.n - self.n_train} x "
                f"(RMSE {rmse:.3g} on {self.scale})"
            )
        return text

    def to_dict(self) -> dict[str, Any]:
        """The comparison as a JSON-ready mapping.

        Returns
        -------
        dict
            The settings, ``preferred``, ``preferred_extrapolation``, ``verdict`` and
            the table as records (NaN as None).
        """
        records = self.table.astype(object).where(self.table.notna(), None)
        return {
            "method": self.method,
            "holdout": self.holdout,
            "n": self.n,
            "n_train": self.n_train,
            "scale": self.scale,
            "preferred": self.preferred,
            "preferred_extrapolation": self.preferred_extrapolation,
            "verdict": self.verdict(),
            "table": records.to_dict(orient="records"),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RelationComparison:
        """Read a comparison written by :meth:`to_dict`.

        Parameters
        ----------
        data : dict
            The mapping :meth:`to_dict` wrote.

        Returns
        -------
        RelationComparison
            The comparison.
        """
        table = pd.DataFrame(data["table"], columns=list(_COLUMNS))
        for column in _COLUMNS[2:-1]:
            table[column] = table[column].astype(float)
        table["note"] = table["note"].fillna("").astype(str)
        return cls(
            table, str(data["method"]), float(data["holdout"]), int(data["n"]), int(data["n_train"])
        )

    def __repr__(self) -> str:
        """A one-line description: laws, method and verdict."""
        return f"<RelationComparison {len(self.table)} laws ({self.method}): {self.verdict()}>"


def _check_laws(laws: object) -> tuple[str, ...]:
    if isinstance(laws, str) or not isinstance(laws, Sequence) or not laws:
        raise InvalidOptionError(
            f"laws={laws!r} must be a non-empty list of law names from: {', '.join(LAWS)}."
        )
    names = tuple(check_choice(law, "laws", LAWS) for law in laws)
    if len(set(names)) != len(names):
        raise InvalidOptionError(f"laws={list(names)!r} names a law twice; list each once.")
    return names


def _extrapolation_rmse(spec: Spec, data: Prepared, train: Any, test: Any) -> float:
    subset = Prepared(data.x[train], data.y[train], data.x_names, 0, data.y_name)
    check_spread(subset, len(spec.names), law=spec.law, method=spec.method)
    features, target = spec.features(data.x), spec.target(data.y)
    result = estimate(spec, features[train], target[train])
    with np.errstate(all="ignore"):
        mean, _ = spec.fit_mean(features[test], result.theta)
        miss = target[test] - mean
        # RMS on the standardised scale, taken to the user's units (y, not ln y) in logs
        log_error = log_rms(miss) + (0.0 if spec.log_y else spec.y_shift)
        error = float(np.exp(log_error)) if miss.any() else 0.0
    if not (np.isfinite(miss).all() and math.isfinite(error)):
        raise InvalidInputError(
            f"law={spec.law!r} extrapolated to the held-out x runs beyond float64's range."
        )
    return error


def compare_relations(
    x: Any,
    y: Any,
    *,
    laws: Sequence[RelationLawName] = get_args(RelationLawName),
    method: RelationMethod = "ols_log",
    holdout: float = 0.25,
    smoothness: float = 0.5,
    drop_nonpositive: bool = False,
) -> RelationComparison:
    """Fit every law in `laws` to the same (x, y) and compare them (see the module docstring).

    A law that cannot be fitted gets NaN and a ``note``.

    Parameters
    ----------
    x : array_like, shape (n,)
        The predictor, positive for power-type laws.
    y : array_like, shape (n,)
        The response.
    laws : sequence of str, default all five
        ``"power"``, ``"power_offset"``, ``"broken_power"``, ``"exponential"``, ``"linear"``.
    method : {"ols_log", "nls"}, default "ols_log"
        ``"ols_log"`` (likelihood and errors on ln y) or ``"nls"`` (on y).
    holdout : float, default 0.25
        The fraction of rows with the largest x kept back for the extrapolation test.
    smoothness : float, default 0.5
        The broken power law's break width Δ, in units of ln x.
    drop_nonpositive : bool, default False
        Drop rows with x <= 0 or y <= 0 (counted) instead of raising.

    Returns
    -------
    RelationComparison
        The table and the full-data fits; ``verdict()`` says which law to prefer.

    Raises
    ------
    InvalidInputError
        Mismatched lengths, NaN or non-positive values where a log is taken.
    InvalidOptionError
        An unknown law or method, or a holdout outside (0, 1).
    """
    check_choice(method, "method", ("ols_log", "nls"))
    names = _check_laws(laws)
    fraction = check_number(holdout, "holdout", low=0.0, high=1.0)
    if not 0.0 < fraction < 1.0:
        raise InvalidOptionError(f"holdout={holdout!r} must lie strictly between 0 and 1.")
    xs, _ = as_x(x)
    if xs.ndim != 1:
        raise InvalidInputError(
            "x: compare_relations takes one x column; fit the multi-variable power law "
            "with fit_relation(x, y, law='power')."
        )
    specs = [make_spec(law, method, 1, smoothness) for law in names]
    data = prepare(
        xs,
        y,
        x_positive=any(spec.log_x for spec in specs),
        y_positive=method == "ols_log",
        y_counts=False,
        drop_nonpositive=drop_nonpositive,
        method=method,
        suggest_poisson=False,
        law=next((spec.law for spec in specs if spec.log_x), names[0]),
    )
    check_spread(data, 2, law="power", method=method)
    n = data.y.size
    order = np.argsort(data.x, kind="stable")
    n_train = n - max(1, math.ceil(fraction * n))
    train, test = order[:n_train], order[n_train:]
    rows, fits = [], {}
    for spec in (standardise(spec, data.x, data.y) for spec in specs):
        row: dict[str, Any] = {"law": spec.law, "n_params": len(spec.names) + 1}
        notes = []
        try:
            check_spread(data, len(spec.names), law=spec.law, method=method)
            features = spec.features(data.x)
            fit = representable(
                RelationFit.from_estimate(spec, data, estimate(spec, features, spec.target(data.y)))
            )
            fits[spec.law] = fit
            row.update(log_likelihood=fit.log_likelihood, aic=fit.aic, bic=fit.bic)
        except ScalingLawError as exc:
            notes.append(f"fit failed: {exc}")
        try:
            row["extrapolation_rmse"] = _extrapolation_rmse(spec, data, train, test)
        except ScalingLawError as exc:
            notes.append(f"extrapolation fit failed: {exc}")
        row["note"] = " ".join(notes)
        rows.append(row)
    table = pd.DataFrame(rows).reindex(columns=list(_COLUMNS))
    for column in _COLUMNS[2:-1]:
        table[column] = table[column].astype(float)
    table["delta_aic"] = table["aic"] - np.nanmin(table["aic"]) if fits else math.nan
    return RelationComparison(table, method, fraction, n, n_train, fits)
