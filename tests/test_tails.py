"""fit_tail against Clauset, Shalizi & Newman (2009) and against a brute-force scan.

Published values come from the bundled catalogue (``ds.meta["published"]``), which
copies Tables 3-5 of A. Clauset, C. R. Shalizi and M. E. J. Newman, "Power-law
distributions in empirical data", SIAM Review 51(4), 661-703 (2009).
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import special, stats

import scalinglaws as sl
from scalinglaws.tails import powerlaw

TABLE3 = ["words", "terrorism", "blackouts", "cities", "flares", "quakes"]


def load(name: str) -> tuple[np.ndarray, bool, dict]:
    ds = sl.load_dataset(f"clauset2009/{name}")
    return ds.data, bool(ds.meta["discrete"]), ds.meta["published"]


@pytest.fixture(scope="module")
def fits() -> dict[str, sl.TailFit]:
    return {name: sl.fit_tail(load(name)[0], discrete=load(name)[1]) for name in TABLE3}


# --- brute force: a direct transcription of the scan in Clauset's plfit.m -----------
def brute_force_scan(x: np.ndarray, discrete: bool, min_tail: int = 10) -> tuple[float, float]:
    """(x_min, D) by fitting every candidate separately, as plfit.m does."""
    x = np.sort(x)
    best = (np.inf, np.nan)
    for xmin in np.unique(x)[:-1]:
        z = x[x >= xmin]
        n = z.size
        if n < min_tail:
            continue
        if discrete:
            # exact MLE: maximise -alpha sum(ln z) - n ln zeta(alpha, xmin) on a fine bracket
            grid = np.linspace(1.0001, 6.0, 20001)
            loglik = -grid * np.log(z).sum() - n * np.log(special.zeta(grid, xmin))
            alpha = grid[np.argmax(loglik)]
            ks = np.arange(xmin, z.max() + 1)
            fit = 1.0 - special.zeta(alpha, ks + 1) / special.zeta(alpha, xmin)
            data = np.searchsorted(z, ks, side="right") / n
            d = np.max(np.abs(fit - data))
        else:
            a = n / np.sum(np.log(z / xmin))  # alpha - 1
            d = np.max(np.abs(1.0 - (xmin / z) ** a - np.arange(n) / n))
        if d < best[0]:
            best = (d, xmin)
    return best[1], best[0]


@pytest.mark.parametrize("seed", range(12))
def test_continuous_scan_equals_brute_force(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(30, 400))
    tail = (1.0 - rng.random(n)) ** (-1.0 / rng.uniform(0.5, 2.5))
    body = rng.lognormal(-0.5, 0.5, n // 2)
    x = np.concatenate([tail, body[body < 1.0]])
    if seed % 3 == 0:  # heavy ties, as in the quake magnitudes
        x = np.round(x, 1) + 0.05
    xmin, d = brute_force_scan(x, discrete=False)
    fit = sl.fit_tail(x, discrete=False)
    assert fit.xmin == xmin
    assert fit.ks_distance == pytest.approx(d, abs=1e-12)


@pytest.mark.parametrize("seed", range(6))
def test_discrete_scan_equals_brute_force(seed: int) -> None:
    rng = np.random.default_rng(100 + seed)
    alpha = rng.uniform(1.6, 3.0)
    tail = powerlaw.sample(int(rng.integers(40, 300)), alpha, 4.0, discrete=True, rng=rng)
    x = np.concatenate([tail, rng.integers(1, 4, int(rng.integers(0, 100)))])
    xmin, d = brute_force_scan(x, discrete=True)
    fit = sl.fit_tail(x, discrete=True)
    assert fit.xmin == xmin
    assert fit.ks_distance == pytest.approx(d, abs=2e-4)  # brute force's alpha grid step


@pytest.mark.parametrize("name", TABLE3)
def test_table3_row_reproduces(fits: dict[str, sl.TailFit], name: str) -> None:
    """x_min and n_tail exactly, alpha within its printed uncertainty (Table 3)."""
    _, _, published = load(name)
    fit = fits[name]
    assert fit.n == published["n"]
    assert fit.xmin == pytest.approx(published["xmin"], rel=5e-3)  # printed to 3-4 digits
    assert fit.n_tail == published["n_tail"]
    assert abs(fit.alpha - published["alpha"]) <= published["alpha_err"]


def test_cities_exact_xmin(fits: dict[str, sl.TailFit]) -> None:
    # Table 3 rounds x_min to 52.46; the exact value 52.457 gives n_tail = 580.
    assert fits["cities"].xmin == pytest.approx(52.457)


def test_plfit_examples() -> None:
    # Expected values from ntamas/plfit's README and its C output (see the dataset meta).
    x, _, _ = load("plfit_example_discrete")
    fit = sl.fit_tail(x)
    assert fit.discrete
    assert fit.xmin == 2
    # plfit's C solver stops at 2.58306; the exact optimum is 2.58330 and has the
    # same log-likelihood to the printed digits.
    assert fit.alpha == pytest.approx(2.58306, abs=5e-4)
    assert fit.log_likelihood == pytest.approx(-9155.617, abs=1e-2)
    assert fit.ks_distance == pytest.approx(0.00428, abs=5e-5)
    x, _, _ = load("plfit_example_continuous")
    fit = sl.fit_tail(x)
    assert not fit.discrete
    assert fit.xmin == pytest.approx(1.43628, abs=5e-6)
    assert fit.alpha == pytest.approx(2.53282, abs=5e-6)
    assert fit.log_likelihood == pytest.approx(-9276.42, abs=1e-2)


def test_discrete_mle_solves_the_likelihood_equation() -> None:
    """Exact discrete MLE (eq. 3.5): zeta'(alpha, xmin) / zeta(alpha, xmin) = -mean(ln x)."""
    import mpmath

    x, _, _ = load("words")
    fit = sl.fit_tail(x, discrete=True)
    tail = x[x >= fit.xmin]
    dz = mpmath.diff(lambda s: mpmath.zeta(s, fit.xmin), fit.alpha)
    ratio = float(dz / mpmath.zeta(fit.alpha, fit.xmin))
    assert ratio == pytest.approx(-np.mean(np.log(tail)), rel=1e-9)


def test_continuous_stderr_formula(fits: dict[str, sl.TailFit]) -> None:
    fit = fits["cities"]  # eq. 3.2: (alpha - 1) / sqrt(n_tail)
    assert fit.alpha_stderr == pytest.approx((fit.alpha - 1) / np.sqrt(fit.n_tail))


# --- likelihood-ratio tests (Tables 4 and 5) -------------------------------------------
# Published stretched-exponential entries whose fit ran to beta -> 0 are not optima of
# the likelihood: as beta -> 0 (with lambda * beta fixed) the law becomes a power law in
# disguise, and a converged optimiser finds a higher likelihood there than the
# published LR implies (powerlaw 2.0.0 also stops early: words 3.27, cities 0.94). We
# report the true optimum, so for those entries we check that it is at that boundary,
# that it fits at least as well as the published fit did, and that the test is then
# (rightly) not significant. This changes one published verdict: words (4.13, p 0.00).
# The same holds for the discrete lognormal on words (0.395, p 0.69): its supremum is
# the power-law limit sigma -> inf, where it is the fitted zeta law itself.
BOUNDARY_BETA = 0.05


def at_power_law_limit(result: sl.TailComparison) -> bool:
    params = result.alternative_params
    if result.alternative == "stretched_exponential":
        return params["beta"] < BOUNDARY_BETA
    return result.alternative == "lognormal" and params["sigma"] == np.inf


LR_CASES = [
    (name, alt)
    for name in TABLE3
    for alt in (
        "lognormal",
        "exponential",
        "stretched_exponential",
        "truncated_power_law",
        "poisson",
    )
    if alt != "poisson" or name in ("words", "terrorism")
]


@pytest.mark.parametrize(("name", "alternative"), LR_CASES)
def test_likelihood_ratio_tables(fits: dict[str, sl.TailFit], name: str, alternative: str) -> None:
    _, _, published = load(name)
    expected = published[alternative]
    result = fits[name].compare(alternative)
    significant = expected["p"] < 0.1
    if at_power_law_limit(result):
        assert result.statistic <= expected["LR"] + 0.05
        assert result.p_value > 0.1
        return
    assert (result.p_value < 0.1) == significant
    if significant or abs(expected["LR"]) > 0.2:
        assert np.sign(result.statistic) == np.sign(expected["LR"])
    # Non-significant log-normal fits also drift towards a power-law limit (words:
    # mu -> -inf); their LR agrees to 0.35, the significant ones to 5%.
    tolerance = max(0.35, 0.05 * abs(expected["LR"]))
    assert result.statistic == pytest.approx(expected["LR"], abs=tolerance)


def test_comparison_verdicts_words(fits: dict[str, sl.TailFit]) -> None:
    words = fits["words"]
    assert words.compare("exponential").preferred == "power_law"  # Table 5: LR 9.09, p 0.00
    assert words.compare("lognormal").preferred is None  # LR 0.395, p 0.69
    nested = words.compare("truncated_power_law")
    assert nested.nested
    assert nested.statistic == nested.ratio
    assert nested.p_value == pytest.approx(stats.chi2.sf(-2 * nested.ratio, 1))


def test_quakes_prefer_cutoff(fits: dict[str, sl.TailFit]) -> None:
    result = fits["quakes"].compare("truncated_power_law")  # Table 4: LR -24.4, p 0.00
    assert result.preferred == "truncated_power_law"


# --- goodness of fit (Table 3, p column) -----------------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize("name", TABLE3)
def test_gof_verdict_with_1000_replicates(fits: dict[str, sl.TailFit], name: str) -> None:
    """p > 0.1 for words, cities, terrorism, flares, blackouts; p < 0.1 for quakes."""
    _, _, published = load(name)
    gof = fits[name].gof(1000, rng=2009, workers=2)
    assert gof.n_boot == 1000
    assert gof.plausible == (published["p"] > 0.1)


def test_gof_is_reproducible_and_independent_of_workers(fits: dict[str, sl.TailFit]) -> None:
    fit = fits["blackouts"]
    one = fit.gof(40, rng=7, workers=1)
    two = fit.gof(40, rng=7, workers=2)
    assert one == two
    assert fit.gof(40, rng=8, workers=1) != one


def test_bootstrap_intervals_cover_the_estimate(fits: dict[str, sl.TailFit]) -> None:
    fit = fits["blackouts"].with_bootstrap(60, rng=3, workers=1)
    assert fit.boot is not None
    assert fit.boot.scheme == "nonparametric"
    table = fit.conf_int()
    low, high = np.quantile(fit.boot.column("alpha"), [0.025, 0.975])  # not widened here
    assert low < fits["blackouts"].alpha < high
    assert (table.loc["alpha", "lower"], table.loc["alpha", "upper"]) == (low, high)
    assert fit.boot.std("xmin") > 0
    assert table.loc["xmin", "lower"] <= 230 <= table.loc["xmin", "upper"]
    assert set(fit.stderr) == {"alpha", "xmin"}  # the bootstrap's: x_min has one now
    with pytest.warns(DeprecationWarning, match="with_bootstrap"):
        old = fits["blackouts"].bootstrap(60, rng=3, workers=1)
    assert old.alpha_interval == (low, high)
    np.testing.assert_array_equal(old.xmin, fit.boot.column("xmin"))


# --- the exact samplers -------------------------------------------------------------
@pytest.mark.parametrize(
    ("alpha", "xmin", "xmax"), [(1.95, 7.0, np.inf), (2.5, 1.0, np.inf), (2.2, 3.0, 40.0)]
)
def test_discrete_sampler_is_exact(alpha: float, xmin: float, xmax: float) -> None:
    rng = np.random.default_rng(11)
    draws = powerlaw.sample(200_000, alpha, xmin, xmax=xmax, discrete=True, rng=rng)
    assert draws.min() >= xmin
    assert np.all(draws == np.round(draws))
    ks = xmin + np.arange(8)
    expected = powerlaw.survival(ks, alpha, xmin, xmax, True) - powerlaw.survival(
        ks + 1, alpha, xmin, xmax, True
    )
    observed = np.array([(draws == k).sum() for k in ks])
    rest = draws.size - observed.sum()
    chi2 = stats.chisquare(
        np.append(observed, rest), np.append(expected, 1 - expected.sum()) * draws.size
    )
    assert chi2.pvalue > 1e-3


def test_continuous_sampler_matches_survival() -> None:
    rng = np.random.default_rng(5)
    draws = powerlaw.sample(50_000, 2.5, 2.0, discrete=False, rng=rng)
    result = stats.kstest(draws, lambda v: 1 - powerlaw.survival(v, 2.5, 2.0, np.inf, False))
    assert result.pvalue > 1e-3


# --- options -------------------------------------------------------------------------
def test_fixed_xmin_and_xmax() -> None:
    rng = np.random.default_rng(1)
    x = powerlaw.sample(5000, 2.5, 1.0, xmax=100.0, discrete=False, rng=rng)
    fit = sl.fit_tail(x, xmin=1.0, xmax=100.0)
    assert fit.xmin_fixed
    assert fit.n_tail == 5000
    assert abs(fit.alpha - 2.5) < 4 * fit.alpha_stderr
    untruncated = sl.fit_tail(x, xmin=1.0)
    assert untruncated.alpha > fit.alpha  # ignoring the cut-off steepens the fit


@pytest.mark.filterwarnings("ignore::scalinglaws.errors.FitWarning")  # narrow tails
def test_discrete_is_inferred_from_integers() -> None:
    assert sl.fit_tail(np.arange(1, 200) ** 2).discrete
    assert not sl.fit_tail(np.arange(1, 200) ** 2 + 0.5).discrete
