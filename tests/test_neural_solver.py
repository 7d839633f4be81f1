"""fit_neural's solver: exact derivatives, Newton convergence, pruning that loses nothing.

The pruned search (successive halving, one representative per basin) must find
what descending every start to convergence finds: checked on the bundled data
sets and on synthetic ladders built to have several basins, the best of them
reached by few starts.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import scalinglaws as sl
from scalinglaws.formulas import neural as law
from scalinglaws.neural.data import prepare_runs
from scalinglaws.neural.fit import problem
from scalinglaws.neural.forms import FORMS
from scalinglaws.neural.objective import AFFINE_TERMS, Objective, Penalty
from scalinglaws.neural.solver import Descent, descend, search
from tests.test_neural import epoch_runs, synthetic


def _objective(n: np.ndarray, d: np.ndarray, loss: np.ndarray, form: str = "chinchilla"):
    variable = "C" if FORMS[form].n_features == 1 else "N"
    frame, objective = problem(prepare_runs(n, d, loss), FORMS[form], variable, Penalty())
    return frame, objective, frame.grid(objective.feats, objective.log_loss)


def _finite_differences(objective: Objective, theta: np.ndarray, weights, h: float = 1e-6):
    """Central differences of f (for the gradient) and of the gradient (for the Hessian)."""
    p = theta.shape[1]
    grad, hess = np.empty_like(theta), np.empty((theta.shape[0], p, p))
    for j in range(p):
        step = np.zeros(p)
        step[j] = h
        f_up, g_up, _ = objective.derivatives(theta + step, weights)
        f_down, g_down, _ = objective.derivatives(theta - step, weights)
        grad[:, j] = (f_up - f_down) / (2 * h)
        hess[:, :, j] = (g_up - g_down) / (2 * h)
    return grad, hess


@pytest.mark.parametrize("form", sorted(FORMS))
@pytest.mark.parametrize("penalty", [Penalty(1e-2), Penalty(np.inf), Penalty(3e-2, 2.0)])
def test_derivatives_match_finite_differences(form: str, penalty: Penalty) -> None:
    rng = np.random.default_rng(0)
    spec = FORMS[form]
    feats = rng.normal(0.0, 1.0, (40, spec.n_features))
    if spec.n_features == 3:
        feats[:, 2] = rng.uniform(0.0, 5.0, 40)  # repeats R >= 0
    log_loss = rng.normal(0.0, 0.05, 40)
    objective = Objective(spec, feats, log_loss, penalty)
    theta = np.array([spec.grid(feats, log_loss)[i] for i in (1, 7, 20)]) * 0.1
    weights = rng.integers(0, 3, (3, 40)).astype(float)
    for w in (None, weights):
        f, grad, hess = objective.derivatives(theta, w)
        np.testing.assert_allclose(f, objective.value(theta, w), rtol=1e-12)
        num_grad, num_hess = _finite_differences(objective, theta, w)
        scale = np.abs(grad).max()
        np.testing.assert_allclose(grad, num_grad, atol=1e-6 * scale)
        if form in AFFINE_TERMS:  # the exact Hessian (the others use the IRLS majoriser)
            np.testing.assert_allclose(hess, num_hess, atol=1e-6 * np.abs(hess).max())
        np.testing.assert_allclose(hess, np.swapaxes(hess, 1, 2), rtol=1e-13, atol=1e-300)


def test_run_weights_are_a_resample() -> None:
    """A bootstrap resample is the same objective with the runs' counts as weights."""
    rng = np.random.default_rng(1)
    n = np.geomspace(1e7, 1e10, 30)
    d = 20 * n * rng.uniform(0.5, 2.0, 30)
    loss = law.chinchilla(n, d, 1.8, 480.0, 2100.0, 0.35, 0.37) * np.exp(rng.normal(0, 0.01, 30))
    _, objective, grid = _objective(n, d, loss)
    index = rng.integers(0, 30, 30)
    counts = np.bincount(index, minlength=30).astype(float)
    resampled = Objective(
        objective.form, objective.feats[index], objective.log_loss[index], objective.penalty
    )
    theta = grid[::500]
    weighted = objective.derivatives(theta, np.broadcast_to(counts, (theta.shape[0], 30)))
    for mine, theirs in zip(weighted, resampled.derivatives(theta), strict=True):
        np.testing.assert_allclose(mine, theirs, rtol=1e-10, atol=1e-14)


def test_newton_converges_quadratically_near_the_optimum() -> None:
    _, objective, grid = _objective(*epoch_runs())
    best = search(grid, objective)
    start = best.theta + np.array([0.2, -0.2, 0.02, 0.01, -0.01])
    state = Descent.start(objective, start[None, :])
    gaps = []
    for _ in range(40):
        state.step(objective, np.array([0]), 0.0)
        gaps.append(state.value[0] - best.value)
        if gaps[-1] <= 1e-12 * best.value:
            break
    # Tens of steps from a point 0.2 away in log A and log B, the last few quadratic.
    assert len(gaps) <= 30
    assert gaps[-1] <= 1e-12 * best.value
    assert any(later <= 1e-3 * earlier for earlier, later in itertools.pairwise(gaps))


BUNDLED = [
    "epoch_chinchilla",
    *sorted(set(sl.load_dataset("neural/openathena_isoflops_transform").data["experiment"])),
]


def _bundled(name: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    if name == "epoch_chinchilla":
        return epoch_runs()
    data = sl.load_dataset("neural/openathena_isoflops_transform").data
    runs = data[data["experiment"] == name]
    return (runs[c].to_numpy(float) for c in ("params", "tokens", "loss"))  # type: ignore[return-value]


def _assert_pruned_is_full(objective: Objective, grid: np.ndarray) -> np.ndarray:
    """The pruned search reaches the best end point of every start descended in full."""
    full = descend(objective, grid)
    found = search(grid, objective)
    best = float(np.min(full.value))
    assert found.value <= best * (1 + 1e-10)
    return full.value


@pytest.mark.parametrize("name", BUNDLED)
def test_pruned_search_equals_full_search_on_bundled_sets(name: str) -> None:
    _, objective, grid = _objective(*_bundled(name))
    _assert_pruned_is_full(objective, grid[::3])  # every 3rd of Hoffmann's grid: 1,500 starts


@pytest.mark.parametrize("form", ["chinchilla_tied", "power_offset", "kaplan"])
def test_pruned_search_equals_full_search_for_other_forms(form: str) -> None:
    for name in ("epoch_chinchilla", "llama_3__exp_loss"):
        _, objective, grid = _objective(*_bundled(name), form=form)
        _assert_pruned_is_full(objective, grid)


def two_regimes(seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A ladder whose cheaper half follows a flatter law than its dearer half.

    No single Chinchilla law fits both: the objective has several basins (a law
    through either half, or a compromise), and the best is reached by few starts.
    """
    rng = np.random.default_rng(seed)
    grid = np.geomspace(1e7, 3e9, 6)
    n, d = np.repeat(grid, 6), np.tile(np.geomspace(2e8, 2e11, 6), 6)
    dear = law.chinchilla(n, d, 1.8, 480.0, 2100.0, 0.35, 0.37)
    cheap = law.chinchilla(n, d, 2.3, 90.0, 400.0, 0.25, 0.26)
    loss = np.where(n * d > np.median(n * d), dear, cheap) * np.exp(rng.normal(0, 0.01, n.size))
    return n, d, loss


@pytest.mark.parametrize("seed", range(4))
def test_pruned_search_finds_a_rare_best_basin(seed: int) -> None:
    _, objective, grid = _objective(*two_regimes(seed))
    ends = _assert_pruned_is_full(objective, grid[::3])
    best = ends.min()
    levels, counts = np.unique(np.round(ends[np.isfinite(ends)] / best, 2), return_counts=True)
    basins = levels[counts >= 0.01 * ends.size]  # end levels reached by >= 1% of the starts
    assert basins.size >= 4  # the landscape: several basins,
    assert basins.max() > 2.0  # far apart,
    assert np.sum(ends <= best * (1 + 1e-6)) < 0.05 * ends.size  # the best of them rare


def test_a_vanishing_term_ends_on_the_boundary() -> None:
    """E -> 0 is an infimum at log E = -inf; the search reports E = 0 exactly, not
    wherever a descent's steps became too small along the valley."""
    n, d, loss = _bundled("marin_202603__dclm__llama_2")
    with pytest.warns(sl.errors.FitWarning, match="E = 0 sits at its bound 0"):
        fit = sl.fit_neural(n, d, loss, form="power_offset", variable="C")
    assert fit.params["E"] == 0.0
    _, objective, grid = _objective(n, d, loss, form="power_offset")
    interior = descend(objective, grid).value.min()  # every start's own end point
    assert fit.objective < interior


def test_bootstrap_replicates_equal_separate_fits() -> None:
    """Replicates solved as one batch equal each resample refitted on its own (grid search)."""
    from scalinglaws.neural.bootstrap import _counts
    from scalinglaws.neural.fit import bootstrap_samples
    from scalinglaws.uncertainty import as_generator

    n, d, loss = synthetic(noise=0.01)
    fit = sl.fit_neural(n, d, loss, form="chinchilla_tied")
    rows = bootstrap_samples(fit, 6, rng=5, starts="warm", workers=1, progress=None)
    for generator, row in zip(as_generator(5).spawn(6), rows, strict=True):
        again = np.repeat(np.arange(n.size), _counts(generator, n.size).astype(int))
        alone = sl.fit_neural(n[again], d[again], loss[again], form="chinchilla_tied")
        np.testing.assert_allclose(row, list(alone.params.values()), rtol=1e-5)
