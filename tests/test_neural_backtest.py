"""NeuralFit.backtest refits through the engine (neural.problem.solve), not fit_neural.

The refit must be the fit fit_neural gives on the runs below the cutoff with the
same options, for a plain fit and for one with fixed exponents, bounds and the
asymmetric loss (the options the backtest carries over).
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import scalinglaws as sl
from scalinglaws.errors import FitWarning
from tests.report_inputs import synthetic_runs


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"fixed": {"beta": 0.28}, "bounds": {"alpha": (0.2, 0.6)}},
        {"objective": "asymmetric", "asymmetry": 3.0},
    ],
)
def test_backtest_refit_is_fit_neural_on_the_cheaper_runs(options: dict[str, object]) -> None:
    n, d, loss = synthetic_runs()
    with warnings.catch_warnings():  # a fragile optimum warns; its warnings are compared below
        warnings.simplefilter("ignore", FitWarning)
        fit = sl.fit_neural(n, d, loss, **options)  # type: ignore[arg-type]
        check = fit.backtest(quantile=0.75)
        below = np.less_equal(fit.C, check.cutoff)
        direct = sl.fit_neural(n[below], d[below], loss[below], **options)  # type: ignore[arg-type]
    assert type(check.fit) is type(fit)
    np.testing.assert_allclose(check.fit.theta, direct.theta, rtol=1e-12)
    assert check.fit.params == pytest.approx(direct.params, rel=1e-12)
    assert check.fit.warnings == direct.warnings
    assert (check.fit.loss, check.fit.asymmetry, check.fit.fixed, check.fit.bounds) == (
        direct.loss,
        direct.asymmetry,
        direct.fixed,
        direct.bounds,
    )
    held = ~below
    np.testing.assert_allclose(check.table["predicted"], direct.predict(n[held], d[held]))
