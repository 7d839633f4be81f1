"""Shared exponents across groups (issue 14, item 4): fit_neural_joint and JointNeuralFit."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import scalinglaws as sl
from scalinglaws.errors import InsufficientDataError, InvalidInputError, InvalidOptionError
from scalinglaws.formulas import neural as law
from scalinglaws.results import FitResult

ALPHA, BETA = 0.34, 0.28
NOISE = 0.003  # log-normal scatter of each run's loss
#: (E, A, B, model sizes) of three families sharing alpha and beta; "small" has two models.
FAMILIES = {
    "big": (1.7, 400.0, 1500.0, np.geomspace(1e7, 1e9, 5)),
    "mid": (2.1, 650.0, 900.0, np.geomspace(2e7, 5e8, 4)),
    "small": (1.9, 300.0, 1200.0, np.array([2e7, 6e7])),
}


def families(seed: int) -> tuple[np.ndarray, ...]:
    """Runs of every family (4 token budgets per size), seeded noise; and the labels."""
    rng = np.random.default_rng(seed)
    columns: list[list[np.ndarray]] = [[], [], [], []]
    for label, (e, a, b, sizes) in FAMILIES.items():
        n = np.repeat(sizes, 4)
        d = np.tile(np.geomspace(1e9, 3e10, 4), sizes.size)
        loss = law.chinchilla(n, d, e, a, b, ALPHA, BETA) * np.exp(rng.normal(0, NOISE, n.size))
        for column, values in zip(columns, (n, d, loss, np.full(n.size, label)), strict=True):
            column.append(values)
    return tuple(np.concatenate(column) for column in columns)


def _joint(seed: int) -> sl.JointNeuralFit:
    n, d, loss, group = families(seed)
    with warnings.catch_warnings():  # a family of two sizes may leave a fragile basin
        warnings.simplefilter("ignore", sl.errors.FitWarning)
        return sl.fit_neural_joint(n, d, loss, group=group, shared=("alpha", "beta"))


@pytest.fixture(scope="module")
def fits() -> list[sl.JointNeuralFit]:
    return [_joint(seed) for seed in range(3)]


def test_shared_exponents_are_recovered_and_predict_the_small_familys_largest_model(
    fits: list[sl.JointNeuralFit],
) -> None:
    """Over 3 seeds the shared alpha, beta lie within 4 analytic standard errors of the
    truth (a 4-sigma band: a miss has probability ~6e-5 per exponent if the errors are
    right), and the two-model family predicts its 3e9 model (50x its largest) within 2%:
    the exponents come from all 44 runs, so its two models only set E, A, B."""
    truth = float(law.chinchilla(3e9, 6e10, *FAMILIES["small"][:3], ALPHA, BETA))
    for fit in fits:
        errors = fit.stderr
        assert abs(fit.params["alpha"] - ALPHA) < 4 * errors["alpha"]
        assert abs(fit.params["beta"] - BETA) < 4 * errors["beta"]
        assert errors["alpha"] < 0.03  # the noise (0.3%) pins the exponents to a few 0.01
        predicted = float(fit.predict(3e9, 6e10, group="small")[0])
        assert abs(predicted / truth - 1) < 0.02
        for label, e_true in (("big", 1.7), ("mid", 2.1), ("small", 1.9)):
            assert fit.params[f"E[{label}]"] == pytest.approx(e_true, abs=6 * errors[f"E[{label}]"])


def test_joint_fit_beats_the_small_family_alone(fits: list[sl.JointNeuralFit]) -> None:
    """The small family's own free fit (5 parameters from 2 sizes) extrapolates worse."""
    n, d, loss, group = families(0)
    mine = group == "small"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", sl.errors.FitWarning)
        alone = sl.fit_neural(n[mine], d[mine], loss[mine])
    truth = float(law.chinchilla(3e9, 6e10, *FAMILIES["small"][:3], ALPHA, BETA))
    joint_error = abs(float(fits[0].predict(3e9, 6e10, group="small")[0]) / truth - 1)
    alone_error = abs(float(alone.predict(3e9, 6e10)[0]) / truth - 1)
    assert joint_error < alone_error


def test_result_contract_pieces(fits: list[sl.JointNeuralFit]) -> None:
    fit = fits[0]
    table = fit.group_params
    assert list(table.index) == ["big", "mid", "small"]
    assert table["alpha"].nunique() == 1
    assert table["beta"].nunique() == 1
    assert set(fit.params) >= {"alpha", "beta", "E[big]", "A[mid]", "B[small]"}
    both = fit.predict([3e9, 3e9], [6e10, 6e10], group=["big", "small"])
    assert isinstance(both, np.ndarray)
    assert both[0] == pytest.approx(fit.predict(3e9, 6e10, group="big")[0])
    assert both[1] == pytest.approx(fit.predict(3e9, 6e10, group="small")[0])
    text = str(fit.summary())
    assert "shared: alpha, beta" in text
    assert "E[small]" in text
    again = FitResult.from_dict(fit.to_dict())
    assert isinstance(again, sl.JointNeuralFit)
    assert again.params == fit.params
    assert again.groups == fit.groups
    with pytest.raises(InvalidOptionError, match="name the group"):
        fit.predict(3e9, 6e10)
    with pytest.raises(InvalidOptionError, match="not a group"):
        fit.predict(3e9, 6e10, group="other")


def test_bootstrap_resamples_runs_within_groups(fits: list[sl.JointNeuralFit]) -> None:
    boot = fits[0].with_bootstrap(8, rng=0)
    assert boot.boot is not None
    assert boot.boot.scheme == "runs"
    assert boot.boot.n_ok >= 6
    table = boot.conf_int()
    assert (table["lower"] <= table["estimate"]).all()
    assert (table["estimate"] <= table["upper"]).all()
    assert "bootstrap replicates (runs resampled within each group)" in str(boot.summary())


def test_options_are_checked() -> None:
    n, d, loss, group = families(0)
    with pytest.raises(InvalidOptionError, match="'E' cannot be shared"):
        sl.fit_neural_joint(n, d, loss, group=group, shared=("E",))
    with pytest.raises(InvalidInputError, match="two groups"):
        sl.fit_neural_joint(n, d, loss, group=np.zeros(n.size))
    with pytest.raises(InvalidInputError, match="one label per run"):
        sl.fit_neural_joint(n, d, loss, group=group[:3])


def test_bad_runs_and_options_are_named_before_any_fit() -> None:
    """The runs and options are checked once, before the search, as fit_neural checks them:
    the error names the group or the option rather than ending in "no value of the shared
    exponents gave every group a fit"."""
    n, d, loss, group = families(0)
    one_size = np.where(group == "small", 2e7, n)
    with pytest.raises(InsufficientDataError, match="group 'small': N: every run has the same"):
        sl.fit_neural_joint(one_size, d, loss, group=group)
    with pytest.raises(InvalidOptionError, match="objective='bogus'"):
        sl.fit_neural_joint(n, d, loss, group=group, objective="bogus")  # type: ignore[arg-type]
    with pytest.raises(InvalidOptionError, match="delta=0"):
        sl.fit_neural_joint(n, d, loss, group=group, delta=0.0)
    with pytest.raises(InvalidOptionError, match="unique tokens"):
        sl.fit_neural_joint(n, d, loss, group=group, form="data_constrained")
