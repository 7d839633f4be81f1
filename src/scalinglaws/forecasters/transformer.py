"""The Transformer forecaster: our GPT, pretrained on growth curves, as a forecaster.

Chronos' recipe (Ansari et al. 2024) with our own language model and data:
the context (the last observations, at most ``512 - horizon`` of them) is
scaled and quantized into tokens (:mod:`scalinglaws.forecasters.bins`), the
:class:`scalinglaws.lm.GPT` shipped in the package samples ``n_paths``
continuations token by token (temperature 1, no top-k;
:mod:`scalinglaws.forecasters.transformer_sample`), the tokens are turned back
into values, and the predictive mean, median (the point forecast) and
quantiles at each step are those of the sampled paths.

The weights were trained on synthetic series from every growth law of the
library plus epidemic waves, seasonal incidence, city populations with
jumps, noise and reporting artefacts (:mod:`scalinglaws.forecasters.synthetic`),
and, for 15% of the batches, CDC ILINet's weekly counts before 2020
(:mod:`scalinglaws.forecasters.transformer_real`; ``scripts/train_forecaster.py``
reproduces them). They are loaded once per
process from ``forecasters/weights/`` with ``torch.load(weights_only=True)``
after checking their sha256. torch is imported only when a forecast is made
(the ``lm`` extra).

Times are taken as equally spaced (the forecast steps use the median
spacing) and values must be finite and non-negative (counts, totals, sizes).
A running total (``cumulative=True``) is forecast through its increments: the
model continues the amounts per step, and each sampled path is added up from
the last total, so the paths of the total never fall and its bands widen as
the uncertainty of the steps accumulates. (Forecasting the totals directly
covered 70% of seeded logistic epidemics' values with the 95% interval,
through the increments 93%: docs/forecasting.md.) A total that falls
somewhere (a revision, a shrinking city) is forecast as given, with a warning.

References
----------
Ansari, A. F. et al. (2024). Chronos: learning the language of time series.
*TMLR* (arXiv:2403.07815).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from scalinglaws._optional import needs_extra
from scalinglaws._types import FloatArray
from scalinglaws._validate import as_series, check_number
from scalinglaws.errors import InsufficientDataError, InvalidInputError, InvalidOptionError
from scalinglaws.forecasters import transformer_calibrated as calibrated
from scalinglaws.forecasters.bins import MeanScaleBins
from scalinglaws.quantiles import HUB_QUANTILES, check_quantiles, quantile_columns
from scalinglaws.uncertainty import RandomLike, as_generator

if TYPE_CHECKING:
    from scalinglaws.forecasters.transformer_io import Loaded

__all__ = [
    "MIN_CONTEXT",
    "N_PATHS",
    "forecast_paths",
    "load_transformer",
    "sample_forecast",
    "transformer",
]

#: Fewest observations the forecaster accepts.
MIN_CONTEXT = 3
#: Sample paths behind each forecast.
N_PATHS = 200
FEATURE = "the transformer forecaster"


@functools.lru_cache(maxsize=4)
def _load(directory: str | None) -> Loaded:
    from scalinglaws.forecasters.transformer_io import load_forecaster

    return load_forecaster(directory)


def load_transformer(weights: str | Path | None = None) -> Loaded:
    """The forecaster saved in ``weights`` (a folder; default: the one shipped), loaded once.

    Raises
    ------
    MissingDependencyError
        torch (the ``lm`` extra) is not installed.
    DataFormatError
        Missing or damaged weights, or a sha256 that does not match the card.
    """
    with needs_extra("lm", FEATURE):  # checked on every call, not only the first load
        import torch  # noqa: F401
    return _load(None if weights is None else str(Path(weights).resolve()))


def _check_values(values: FloatArray, horizon: int, loaded: Loaded, *, what: str = "y") -> None:
    if values.size < MIN_CONTEXT:
        raise InsufficientDataError(
            f"{what}: {values.size} observation(s) are too short a context; the transformer "
            f"forecaster needs at least {MIN_CONTEXT} (use method='naive' for less)."
        )
    if np.any(values < 0):
        first = int(np.flatnonzero(values < 0)[0])
        raise InvalidInputError(
            f"{what}: value {float(values[first])!r} at position {first} is negative; the "
            "transformer forecasts counts, totals and sizes (>= 0): shift the series or use "
            "a growth law."
        )
    if np.all(values == values[0]):
        raise InvalidInputError(
            f"{what}: all {values.size} values equal {float(values[0])!r}; a constant series "
            "has no dynamics to continue. Use method='naive' (it forecasts the constant)."
        )
    if horizon > loaded.max_horizon:
        raise InvalidOptionError(
            f"horizon: {horizon} steps are beyond the {loaded.max_horizon} steps the transformer "
            f"was trained to forecast; ask for at most {loaded.max_horizon} steps (or use a "
            "growth law for longer horizons)."
        )


#: The context is cut so that its last values are at most ``high / HEADROOM`` times its
#: mean (4 with the shipped bins' high = 12): the paths can grow 3-fold before the bins clip.
HEADROOM = 3.0
#: How many of the last values :func:`headroom_length` compares with the mean.
RECENT = 3


def headroom_length(values: FloatArray, limit: float, recent: int = RECENT) -> int:
    """The longest recent suffix of ``values`` whose scale stays within ``limit``.

    The longest suffix of ``values`` whose last ``recent`` values are at most ``limit``
    times its mean.

    Mean-scaled bins clip values above ``high`` times the context's mean. A long
    context of a series in fast growth has its last values many times its mean, so
    the continuation would be held below the clip (seeded logistic epidemics in
    growth: 32% of the truths above the 95% band). Dropping the oldest values until
    the latest are within ``limit`` of the mean leaves room for the growth ahead;
    earlier peaks do not count (a seasonal series keeps its past seasons). A suffix
    of ``recent`` values always fits when they are alike; at least one value is kept.
    """
    tail = values[::-1]
    k = np.arange(1, tail.size + 1)
    mean = np.cumsum(tail) / k
    fits = np.max(tail[:recent]) <= limit * mean
    return int(k[fits].max()) if fits.any() else 1


def sample_forecast(
    values: FloatArray, horizon: int, *, n_paths: int, rng: np.random.Generator, loaded: Loaded
) -> FloatArray:
    """Sampled future paths after the observations ``values``.

    Shape (n_paths, horizon). The paths follow the last ``context - horizon`` observations,
    cut by :func:`headroom_length` for mean-scaled bins.
    """
    import torch

    from scalinglaws.forecasters.transformer_sample import sample_paths

    bins = loaded.tokenizer
    room = loaded.model.config.context - horizon + (1 if bins.name == "log-increment" else 0)
    context = values[-room:]
    if isinstance(bins, MeanScaleBins):
        context = context[context.size - headroom_length(context, bins.high / HEADROOM) :]
    context = context[None, :]
    tokens, state = bins.encode(context, context.shape[1])
    generator = torch.Generator().manual_seed(int(rng.integers(2**62)))
    with torch.inference_mode():
        paths = sample_paths(
            loaded.model, torch.from_numpy(tokens[0]), horizon, n_paths, generator
        ).numpy()
    state = np.repeat(state, n_paths, axis=0)
    out = np.empty((n_paths, horizon))
    for step in range(horizon):
        out[:, step], state = bins.decode(paths[:, step], state)
    return out


def forecast_paths(
    values: FloatArray,
    horizon: int,
    *,
    cumulative: bool = False,
    n_paths: int = N_PATHS,
    rng: np.random.Generator,
    loaded: Loaded,
) -> tuple[FloatArray, tuple[str, ...]]:
    """Checked sample paths (n_paths, horizon) of ``values`` and the warnings they carry.

    A running total (``cumulative``) that never falls is forecast through its
    increments, each path added up from the last total; one that falls is
    forecast as given, with a warning (see the module docstring).

    Raises
    ------
    InsufficientDataError, InvalidInputError, InvalidOptionError
        As :func:`transformer`.
    """
    falls = np.flatnonzero(np.diff(values) < 0) if cumulative else np.empty(0)
    if not cumulative or falls.size:
        _check_values(values, horizon, loaded)
        draws = sample_forecast(values, horizon, n_paths=n_paths, rng=rng, loaded=loaded)
        notes = []
        if falls.size:
            i = int(falls[0])
            notes.append(
                f"y: the running total falls {falls.size} time(s) (first from "
                f"{float(values[i]):g} at position {i} to {float(values[i + 1]):g}), so the "
                "transformer forecast the totals as given rather than through their increments"
            )
        return draws, tuple(notes)
    steps = np.diff(values)
    _check_values(steps, horizon, loaded, what="y (the increments of the running total)")
    draws = sample_forecast(steps, horizon, n_paths=n_paths, rng=rng, loaded=loaded)
    return values[-1] + np.cumsum(draws, axis=1), ()


def _origins(calibrate: object) -> int:
    """How many past origins ``calibrate`` asks for (0: none)."""
    if isinstance(calibrate, (bool, np.bool_)):
        if not calibrate:
            return 0
        return calibrated.ORIGINS
    count = check_number(calibrate, "calibrate", integer=True)
    if count < 2:
        raise InvalidOptionError(
            f"calibrate={calibrate!r}: pass False (no calibration), True (the default "
            "number of past origins) or how many past origins to check the forecast from "
            "(at least 2)."
        )
    return int(count)


def transformer(
    t: Any,
    y: Any,
    horizon: int,
    quantiles: Sequence[float] = HUB_QUANTILES,
    *,
    cumulative: bool = False,
    n_paths: int = N_PATHS,
    rng: RandomLike = 0,
    weights: str | Path | None = None,
    context: int | None = None,
    calibrate: bool | int | None = None,
) -> pd.DataFrame:
    """Forecast ``horizon`` steps of ``y`` with the pretrained Transformer.

    Parameters
    ----------
    t : array_like
        Increasing, equally spaced times of ``y``; forecasts are for
        t_last + step * h, h = 1..horizon, with step the median spacing.
    y : array_like
        Observations (>= 0): incidence per step, a running total or a size.
    horizon : int
        Steps ahead, 1 .. the trained maximum (64 for the shipped weights).
    quantiles : sequence of float
        Levels of the predictive quantiles (default the hubs' 23).
    cumulative : bool
        ``y`` is a running total: forecast its increments and add each path up
        (a total that falls is forecast as given, with a warning).
    n_paths : int
        Sample paths the quantiles are read from.
    rng : int, Generator or None
        Seeds the sampling (a forecast is reproducible).
    weights : str or Path, optional
        A folder written by :func:`~scalinglaws.forecasters.transformer_io.save_forecaster`
        (default: the weights shipped in the package).
    context : int, optional
        Read only the last ``context`` observations (default: as many as the
        model takes, ``512 - horizon``, after the room-to-grow cut). A short
        context follows the latest level closely (sharper, and on the European
        hub narrower than its errors: pair it with ``calibrate``).
    calibrate : bool, int or None
        Widen the bands by the Transformer's own past errors on ``y`` (default:
        when a ``context`` is given, since a short context undercovers): it is re-run
        from the last ``calibrate`` origins of the data (True:
        :data:`~scalinglaws.forecasters.transformer_calibrated.ORIGINS`; each on the
        points up to that origin only, in the same ``context``) and its medians' log
        errors widen the quantiles about the median
        (:mod:`scalinglaws.forecasters.transformer_calibrated`); costs one forecast per
        past origin.

    Returns
    -------
    DataFrame
        ``t, mean, median`` and one column per level (``q0.01`` ...), one row per step;
        the median is the point forecast. ``attrs["warnings"]``: why the forecast
        may not be trusted (a tuple of str, empty when none).

    Raises
    ------
    InsufficientDataError
        Fewer than :data:`MIN_CONTEXT` observations (increments, for a running total).
    InvalidInputError
        Non-finite, negative or constant values; mismatched or unsorted times.
    InvalidOptionError
        A horizon beyond the trained maximum, bad quantiles, ``n_paths`` or ``context``.
    MissingDependencyError
        torch (the ``lm`` extra) is not installed.
    """
    levels = check_quantiles(quantiles)
    times, values = as_series(t, y)
    steps = int(check_number(horizon, "horizon", low=1, integer=True))
    paths = int(check_number(n_paths, "n_paths", low=2, integer=True))
    reads = (
        None
        if context is None
        else int(check_number(context, "context", low=MIN_CONTEXT, integer=True))
    )
    origins = _origins(reads is not None if calibrate is None else calibrate)
    loaded = load_transformer(weights)
    generator = as_generator(rng)
    draws, notes = forecast_paths(
        values[-reads:] if reads else values, steps, cumulative=bool(cumulative), n_paths=paths,
        rng=generator, loaded=loaded,
    )  # fmt: skip
    spacing = float(np.median(np.diff(times))) if times.size > 1 else 1.0
    median = np.median(draws, axis=0)
    at_levels = np.quantile(draws, levels, axis=0).T  # (horizon, K)
    if origins:
        # a draw after the forecast's own: its paths are those of calibrate=False
        separate = np.random.default_rng(int(generator.integers(2**63)))
        past = calibrated.past_forecasts(
            values, steps, context=reads, cumulative=bool(cumulative), n_paths=paths,
            rng=separate, forecast=functools.partial(forecast_paths, loaded=loaded),
            min_context=MIN_CONTEXT, origins=origins,
        )  # fmt: skip
        at_levels, more = calibrated.calibrated_quantiles(
            values, median, at_levels, np.asarray(levels), past, cumulative=bool(cumulative)
        )
        notes = (*notes, *more)
    table = pd.DataFrame(
        {
            "t": times[-1] + spacing * np.arange(1, steps + 1),
            "mean": draws.mean(axis=0),
            "median": median,
            **dict(zip(quantile_columns(levels), at_levels.T, strict=True)),
        }
    )
    table.attrs["warnings"] = notes
    return table
