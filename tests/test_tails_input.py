"""Bad input to fit_tail raises a scalinglaws.errors exception, never anything else."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import scalinglaws as sl
from scalinglaws.errors import (
    EmptyDataError,
    FitWarning,
    InsufficientDataError,
    InvalidInputError,
    InvalidOptionError,
    ScalingLawError,
)

GOOD = np.arange(1.0, 60.0) ** 1.5


@pytest.mark.parametrize(
    ("values", "error", "fragment"),
    [
        ([], EmptyDataError, "no values"),
        ([1.0, np.nan, 3.0] * 10, InvalidInputError, "NaN"),
        ([1.0, np.inf, 3.0] * 10, InvalidInputError, "infinite"),
        ([1.0, -2.0, 3.0] * 10, InvalidInputError, "zero or negative"),
        ([0.0, 2.0, 3.0] * 10, InvalidInputError, "zero or negative"),
        ([5.0] * 40, InsufficientDataError, "all 40 values equal 5"),
        ([1.0, 2.0, 3.0, 4.0], InsufficientDataError, "no candidate x_min"),
        (["1", "two", "3"], InvalidInputError, "'two' at position 1"),
        ("12345", InvalidInputError, "string"),
        ([[1.0, 2.0], [3.0, 4.0]], InvalidInputError, "1-D"),
    ],
)
def test_bad_values(values: object, error: type[Exception], fragment: str) -> None:
    with pytest.raises(error, match=fragment):
        sl.fit_tail(values)


@pytest.mark.parametrize(
    ("options", "error", "fragment"),
    [
        ({"discrete": "yes"}, InvalidOptionError, "discrete"),
        ({"xmin": -1.0}, InvalidOptionError, "xmin"),
        ({"xmin": 10_000.0}, InsufficientDataError, "lower xmin"),
        ({"xmax": 2.0}, InsufficientDataError, "raise xmax"),
        ({"xmin": 350.0, "xmax": 300.0}, InvalidOptionError, "below xmax"),
        ({"min_tail": 1}, InvalidOptionError, "min_tail"),
        ({"discrete": True}, InvalidInputError, "not a whole number"),
    ],
)
def test_bad_options(options: dict, error: type[Exception], fragment: str) -> None:
    with pytest.raises(error, match=fragment):
        sl.fit_tail(GOOD + 0.25, **options)


@pytest.mark.filterwarnings("ignore::scalinglaws.errors.FitWarning")  # a narrow tail
def test_bad_method_arguments() -> None:
    fit = sl.fit_tail(GOOD)
    with pytest.raises(InvalidOptionError, match="choose one of"):
        fit.compare("gaussian")
    with pytest.raises(InvalidOptionError, match="poisson"):
        sl.fit_tail(GOOD + 0.5).compare("poisson")  # continuous data: no Poisson
    with pytest.raises(InvalidOptionError, match="n_boot"):
        fit.gof(0)
    with pytest.raises(InvalidOptionError, match="rng"):
        fit.gof(5, rng="seed")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="outside the fitted tail"):
        fit.predict([fit.xmin / 2])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.floats(allow_nan=True, allow_infinity=True, width=64) | st.integers(-5, 10**6),
        min_size=0,
        max_size=80,
    ),
    st.sampled_from([None, True, False]),
)
def test_random_input_gives_a_fit_or_a_scalinglaws_error(
    values: list, discrete: bool | None
) -> None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FitWarning)  # kept on fit.warnings
            fit = sl.fit_tail(values, discrete=discrete)
    except ScalingLawError:
        return
    assert np.isfinite(fit.alpha)
    assert fit.alpha > 1
    assert fit.n_tail >= 10
    assert 0 <= fit.ks_distance <= 1
