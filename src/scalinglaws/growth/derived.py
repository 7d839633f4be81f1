"""Derived quantities of a growth fit and its parametric-bootstrap estimates.

Every derived quantity is a monotone function of one parameter: growth_rate = r,
doubling_time = ln 2 / r (the early, exponential phase), carrying_capacity = K,
inflection_time = tm. So an interval for it is that parameter's interval mapped
through the function (ends swapped for ln 2 / r).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from scalinglaws.formulas.growth import LN2

__all__ = ["GrowthBootstrap", "derived_table"]

FloatArray = npt.NDArray[np.float64]
_SOURCE = {
    "growth_rate": "r",
    "doubling_time": "r",
    "carrying_capacity": "K",
    "inflection_time": "tm",
}


@dataclass(frozen=True)
class GrowthBootstrap:
    """Parametric-bootstrap estimates of a growth fit (one row per successful replicate)."""

    names: tuple[str, ...]
    values: FloatArray  # (n_ok, P) natural parameters
    derived_names: tuple[str, ...]
    level: float
    n_failed: int

    def samples(self, name: str) -> FloatArray:
        """The replicate values of a parameter or derived quantity."""
        if name in self.names:
            return np.asarray(self.values[:, self.names.index(name)])
        source = {
            "growth_rate": "r",
            "doubling_time": "r",
            "carrying_capacity": "K",
            "inflection_time": "tm",
        }
        if name not in self.derived_names:
            from scalinglaws._validate import check_choice

            check_choice(name, "name", (*self.names, *self.derived_names))
        column = self.values[:, self.names.index(source[name])]
        return np.asarray(LN2 / column if name == "doubling_time" else column)

    def conf_int(self) -> pd.DataFrame:
        """Percentile intervals and bootstrap sd for every parameter and derived quantity."""
        names = (*self.names, *self.derived_names)
        tail = (1.0 - self.level) / 2.0
        rows = [np.quantile(self.samples(n), [tail, 1.0 - tail]) for n in names]
        return pd.DataFrame(
            {
                "lower": [r[0] for r in rows],
                "upper": [r[1] for r in rows],
                "sd": [float(np.std(self.samples(n), ddof=1)) for n in names],
            },
            index=pd.Index(list(names), name="param"),
        )


def derived_table(table: pd.DataFrame, names: tuple[str, ...]) -> pd.DataFrame:
    """Derived quantities from a parameter interval table (estimate, lower, upper)."""
    rows = {}
    for name in names:
        if name == "growth_rate":
            rows[name] = table.loc["r"].to_numpy()
        elif name == "doubling_time":
            r = table.loc["r"]
            with np.errstate(divide="ignore", over="ignore"):  # r's interval may reach 0
                rows[name] = LN2 / np.array([r["estimate"], r["upper"], r["lower"]])
        elif name == "carrying_capacity":
            rows[name] = table.loc["K"].to_numpy()
        else:
            rows[name] = table.loc["tm"].to_numpy()
    return pd.DataFrame.from_dict(
        rows, orient="index", columns=["estimate", "lower", "upper"]
    ).rename_axis("quantity")
