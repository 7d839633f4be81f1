"""Derived quantities of a growth fit.

Every derived quantity is a monotone function of one parameter: growth_rate = r,
doubling_time = ln 2 / r (the early, exponential phase), carrying_capacity = K,
inflection_time = tm. So an interval for it is that parameter's interval mapped
through the function (ends swapped for ln 2 / r).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from scalinglaws.formulas.growth import LN2

__all__ = ["derived_table"]

FloatArray = npt.NDArray[np.float64]


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
