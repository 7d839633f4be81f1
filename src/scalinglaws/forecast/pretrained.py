"""The pretrained Transformer forecaster as a method of :func:`scalinglaws.forecast`.

Registered as ``"transformer"`` when :mod:`scalinglaws.forecast` is imported
(torch is imported only when it forecasts, the ``lm`` extra). It reads the
series as :func:`scalinglaws.forecasters.transformer` does: equally spaced
steps (the forecast's steps are the data's median spacing), values >= 0, a
running total (``cumulative=True``) forecast through its increments; the
error family and the bootstrap replicates do not apply (its quantiles come
from 200 sample paths). It has no likelihood, so an ensemble that includes it
weighs its members by past WIS or equally (``weighting="wis"`` or
``"equal"``); it is not a default member (docs/forecasting.md).
"""

from __future__ import annotations

import numpy as np

from scalinglaws._types import FloatArray
from scalinglaws.forecast.members import MemberForecast, Options, register_method
from scalinglaws.forecasters.transformer import transformer

__all__ = ["transformer_method"]


def transformer_method(
    t: FloatArray,
    y: FloatArray,
    times: FloatArray,
    grid: tuple[float, ...],
    options: Options,
    rng: np.random.Generator,
) -> MemberForecast:
    """``times.size`` steps of the shipped Transformer, quantiles at the levels ``grid``.

    With ``options.calibrate`` it reads the last ``options.window`` points and widens its
    bands by its own past errors on ``y`` (:mod:`scalinglaws.forecasters.transformer_calibrated`).

    Raises
    ------
    InsufficientDataError, InvalidInputError, InvalidOptionError, MissingDependencyError
        As :func:`scalinglaws.forecasters.transformer` (too short a context, a
        constant or negative series, a horizon beyond the trained maximum, no torch).
    """
    table = transformer(
        t, y, times.size, grid, cumulative=options.cumulative, rng=rng,
        context=options.window, calibrate=options.calibrate,
    )  # fmt: skip
    return MemberForecast.from_table(
        "transformer", table, grid, warnings=tuple(table.attrs["warnings"])
    )


register_method("transformer", transformer_method)
