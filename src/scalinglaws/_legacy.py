"""The per-family bootstrap records replaced by :class:`scalinglaws.uncertainty.Bootstrap`.

``TailFit.bootstrap()`` and ``GrowthFit.bootstrap()`` still return these (with a
:class:`DeprecationWarning`) for one release, built from the new record; new code
calls ``with_bootstrap()`` and reads ``.boot``. ``RelationBootstrap`` is an alias of
:class:`~scalinglaws.uncertainty.Bootstrap`, which keeps its methods.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import pandas as pd

from scalinglaws._types import FloatArray
from scalinglaws._validate import check_choice
from scalinglaws.formulas.growth import LN2
from scalinglaws.uncertainty import Bootstrap, percentile_interval

__all__ = ["GrowthBootstrap", "TailBootstrap"]

_SOURCE = {
    "growth_rate": "r",
    "doubling_time": "r",
    "carrying_capacity": "K",
    "inflection_time": "tm",
}


@dataclass(frozen=True)
class TailBootstrap:
    """Deprecated: non-parametric bootstrap of alpha, x_min and n_tail (percentile intervals)."""

    alpha: FloatArray
    xmin: FloatArray
    n_tail: FloatArray
    level: float

    @classmethod
    def from_record(cls, record: Bootstrap, level: float) -> TailBootstrap:
        return cls(record.column("alpha"), record.column("xmin"), record.column("n_tail"), level)

    def interval(self, name: str) -> tuple[float, float]:
        check_choice(name, "name", ("alpha", "xmin", "n_tail"))
        return percentile_interval(getattr(self, name), self.level)

    @property
    def alpha_interval(self) -> tuple[float, float]:
        return self.interval("alpha")

    @property
    def xmin_interval(self) -> tuple[float, float]:
        return self.interval("xmin")

    def std(self, name: str) -> float:
        """Bootstrap standard deviation, as the paper's '±' columns report."""
        check_choice(name, "name", ("alpha", "xmin", "n_tail"))
        return float(np.std(getattr(self, name), ddof=1))


@dataclass(frozen=True)
class GrowthBootstrap:
    """Deprecated: parametric-bootstrap estimates of a growth fit (one row per replicate)."""

    #: The derived quantities it can compute (mapped from one parameter).
    DERIVED: ClassVar[tuple[str, ...]] = (
        "growth_rate",
        "doubling_time",
        "carrying_capacity",
        "inflection_time",
    )

    names: tuple[str, ...]
    values: FloatArray  # (n_ok, P) natural parameters
    derived_names: tuple[str, ...]
    level: float
    n_failed: int

    @classmethod
    def from_record(
        cls, record: Bootstrap, derived_names: tuple[str, ...], level: float
    ) -> GrowthBootstrap:
        return cls(record.names, record.samples, derived_names, level, record.n_failed)

    def samples(self, name: str) -> FloatArray:
        """The replicate values of a parameter or derived quantity."""
        if name in self.names:
            return np.asarray(self.values[:, self.names.index(name)])
        check_choice(name, "name", (*self.names, *self.derived_names))
        column = self.values[:, self.names.index(_SOURCE[name])]
        return np.asarray(LN2 / column if name == "doubling_time" else column)

    def conf_int(self) -> pd.DataFrame:
        """Percentile intervals and bootstrap sd for every parameter and derived quantity."""
        names = (*self.names, *self.derived_names)
        rows = [percentile_interval(self.samples(n), self.level) for n in names]
        return pd.DataFrame(
            {
                "lower": [r[0] for r in rows],
                "upper": [r[1] for r in rows],
                "sd": [float(np.std(self.samples(n), ddof=1)) for n in names],
            },
            index=pd.Index(list(names), name="param"),
        )
