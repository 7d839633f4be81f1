"""The epidemic growth laws of issue 12: GLM, GRM, sub-epidemic waves, SIR, SEIR, and R.

The ODE laws are integrated numerically; each is checked against a closed form
where one exists (GLM with p = 1 is the logistic, GRM with p = 1 the Richards
curve, GLM with K -> infinity the GGM, one sub-epidemic the GLM, the SIR final
size the Kermack-McKendrick relation). Parameter recovery is a seeded test with
a binomial tolerance (benchmarks/coverage_growth_laws.py runs many more series).

References: G. Chowell, Infect. Dis. Model. 2, 379-398 (2017) (GLM); G. Chowell,
A. Tariq and J. M. Hyman, BMC Med. 17, 164 (2019) (GRM, sub-epidemic waves);
J. Wallinga and M. Lipsitch, Proc. R. Soc. B 274, 599-604 (2007) (R = 1/M(-r);
an exponential generation interval of mean 1/gamma gives R = 1 + r/gamma, the
SIR's R0).
"""

from __future__ import annotations

import json
import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from scipy.integrate import solve_ivp

import scalinglaws as sl
from scalinglaws.errors import FitWarning
from scalinglaws.formulas import epidemic, growth
from scalinglaws.formulas._ode import integrate
from scalinglaws.growth.laws import LAWS
from scalinglaws.results import FitResult

T = np.linspace(-3.0, 15.0, 60)


def _fit(*args: object, **kwargs: object) -> sl.GrowthFit:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FitWarning)
        return sl.fit_growth(*args, **kwargs)  # type: ignore[arg-type]


# --- the curves against their closed forms -----------------------------------------------
def test_glm_and_grm_reduce_to_the_logistic_richards_and_ggm() -> None:
    tm = np.log(100.0 / 2.0 - 1.0) / 0.7  # the logistic through C(0) = 2
    np.testing.assert_allclose(
        growth.glm(T, 2.0, 0.7, 1.0, 100.0), growth.logistic(T, 100.0, 0.7, tm), rtol=1e-8
    )
    a = 2.5
    tm_a = np.log(((100.0 / 2.0) ** a - 1.0) / a) / (a * 0.7)
    np.testing.assert_allclose(
        growth.grm(T, 2.0, 0.7, 1.0, 100.0, a), growth.richards(T, 100.0, 0.7, tm_a, a), rtol=1e-8
    )
    ahead = T >= 0
    np.testing.assert_allclose(
        growth.glm(T[ahead], 2.0, 0.7, 0.6, 1e12), growth.ggm(T[ahead], 2.0, 0.7, 0.6), rtol=1e-8
    )
    # a batch of parameter rows gives one curve per row, each equal to its own evaluation
    rates = np.array([[0.5], [0.9]])
    batch = growth.glm(T[None, :], 2.0, rates, 0.8, 100.0)
    assert batch.shape == (2, T.size)
    np.testing.assert_allclose(batch[1], growth.glm(T, 2.0, 0.9, 0.8, 100.0), rtol=1e-8)


def test_glm_integrated_in_box_cox_state_equals_direct_integration_of_c() -> None:
    # rows as a bootstrap gives them, p from 0 (linear) to 1 (logistic), forwards and backwards
    t = np.linspace(-1.0, 6.0, 36)
    p = np.array([0.0, 0.3, 0.6, 0.9, 0.999, 1.0])
    r = np.array([0.5, 0.8, 1.1, 0.9, 0.7, 0.6])
    curves = growth.glm(t[None, :], 2.0, r[:, None], p[:, None], 300.0)
    for i in range(p.size):
        direct = solve_ivp(
            lambda _, c, i=i: r[i] * np.maximum(c, 0.0) ** p[i] * (1.0 - c / 300.0),
            (0.0, 6.0),
            [2.0],
            t_eval=t[t >= 0],
            rtol=1e-12,
            atol=1e-12,
        )
        np.testing.assert_allclose(curves[i, t >= 0], direct.y[0], rtol=1e-8)


def test_glm_reaches_zero_backwards_without_a_stiff_fallback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # For p < 1, C^p has an unbounded slope at C = 0, which C itself crosses in finite
    # time backwards; in the Box-Cox state the explicit solver does not notice (no BDF).
    from scalinglaws.formulas import _ode

    def refuse(*args: object) -> None:
        raise AssertionError("the explicit solver gave up: BDF fallback")

    monkeypatch.setattr(_ode, "_implicit", refuse)
    t = np.linspace(-6.0, 4.0, 41)  # the GGM from C(0) = 2 at r = 0.7, p = 0.6 is 0 before -4.71
    np.testing.assert_allclose(
        growth.glm(t, 2.0, 0.7, 0.6, 1e12), growth.ggm(t, 2.0, 0.7, 0.6), rtol=1e-8, atol=1e-12
    )
    assert (growth.glm(t[t < -4.8], 2.0, 0.7, 0.6, 1e12) == 0.0).all()


def test_each_ode_curve_solves_its_differential_equation() -> None:
    t = np.linspace(0.5, 12.0, 30)
    h = 1e-4
    for curve, rate in (
        (lambda s: growth.glm(s, 2.0, 0.7, 0.8, 100.0), lambda C: 0.7 * C**0.8 * (1 - C / 100)),
        (
            lambda s: growth.grm(s, 2.0, 0.7, 0.8, 100.0, 3.0),
            lambda C: 0.7 * C**0.8 * (1 - (C / 100) ** 3),
        ),
    ):
        slope = (curve(t + h) - curve(t - h)) / (2 * h)
        np.testing.assert_allclose(slope, rate(curve(t)), rtol=1e-6)


def test_subepidemic_waves_match_a_direct_integration_with_switches() -> None:
    t = np.linspace(0.0, 80.0, 81)
    np.testing.assert_allclose(
        growth.subepidemic(t, 5.0, 0.8, 0.85, 2000.0, 0.4, 600.0, 1),
        growth.glm(t, 5.0, 0.8, 0.85, 2000.0),
    )
    for args in ((5.0, 0.8, 0.85, 2000.0, 0.4, 600.0, 3), (1.0, 2.5, 0.7, 500.0, -0.2, 50.0, 2)):
        C0, r, p, K0, q, threshold, n = args
        sizes = K0 * np.exp(-q * np.arange(n))

        def rhs(x: np.ndarray, rows, r=r, p=p, sizes=sizes, threshold=threshold) -> np.ndarray:
            on = np.ones(x.shape, bool)
            on[:, 1:] = x[:, :-1] >= threshold
            C = np.maximum(x, 0.0)
            return np.where(on, r * C**p * (1 - C / sizes), 0.0)

        states = integrate(rhs, np.full((1, n), C0), 0.0, t, np.array([C0]))
        direct = states.sum(axis=1)[0] - (n - 1) * C0
        np.testing.assert_allclose(growth.subepidemic(t, *args), direct, rtol=1e-6)


def test_sir_and_seir_final_size_growth_rate_and_reproduction_number() -> None:
    far = np.array([400.0])
    N, R0, gamma, sigma = 1000.0, 2.0, 0.2, 0.3
    np.testing.assert_allclose(
        epidemic.sir(far, N, R0, gamma, 1.0), epidemic.final_size(N, R0, N - 1.0), rtol=1e-6
    )
    # SEIR: the same final-size relation, S0 = N - I0 - E0; every exposed case has onset
    states = epidemic.seir_states(np.array([0.0, 600.0]), N, R0, sigma, gamma, 1.0)
    S0 = states[0, 0]
    np.testing.assert_allclose(states[3, 1], epidemic.final_size(N, R0, S0), rtol=1e-6)
    # early growth of SEIR incidence is the leading eigenvalue
    t = np.array([5.0, 6.0])
    onset = epidemic.seir_states(t, 1e9, R0, sigma, gamma, 1.0)[1] * sigma
    slope = float(np.log(onset[1] / onset[0]))
    assert slope == pytest.approx(float(epidemic.seir_growth_rate(R0, sigma, gamma)), rel=1e-6)
    # Wallinga & Lipsitch: exponential GI (sd = mean) gives 1 + r mean; fixed GI e^(r mean)
    assert epidemic.reproduction_number(0.2, 5.0, 5.0) == pytest.approx(2.0)
    assert epidemic.reproduction_number(0.2, 5.0, 0.0) == pytest.approx(np.e)
    assert epidemic.reproduction_number(-1.0, 5.0, 5.0) == 0.0  # faster than the GI allows


# --- gradients -------------------------------------------------------------------------------
@pytest.mark.parametrize("law", ["logistic", "gompertz", "richards", "ggm", "glm", "sir"])
def test_law_gradients_match_richardson_differences(law: str) -> None:
    spec = LAWS[law]
    tau = np.linspace(0.0, 1.0, 25)
    level = growth.logistic(tau, 1.0, 8.0, 0.6)
    z = spec.starts(tau, level)[:2]
    _, jac = spec.gradient(z, tau)
    for j in range(spec.n_params):
        h = 1e-3
        up2, up, down, down2 = (z.copy() for _ in range(4))
        up2[:, j] += 2 * h
        up[:, j] += h
        down[:, j] -= h
        down2[:, j] -= 2 * h
        richardson = (
            -spec.evaluate(up2, tau)
            + 8 * spec.evaluate(up, tau)
            - 8 * spec.evaluate(down, tau)
            + spec.evaluate(down2, tau)
        ) / (12 * h)
        np.testing.assert_allclose(jac[:, :, j], richardson, rtol=1e-5, atol=1e-8)


# --- fits: recovery, forecasts, the result contract ------------------------------------------
def _simulate(curve, days: int, cumulative: bool, rng: np.random.Generator):
    t = np.arange(0.0, days + 1.0)
    steps = rng.poisson(np.maximum(np.diff(curve(t)), 0.0)).astype(float)
    if cumulative:
        return t, np.concatenate([[5.0], 5.0 + np.cumsum(steps)])
    return t[1:], steps


RECOVERY = [
    ("glm", {"r": 0.6, "p": 0.8, "K": 3000.0},
     lambda t: growth.glm(t, 5.0, 0.6, 0.8, 3000.0), True, 40, {}, 20),
    ("grm", {"r": 0.6, "p": 0.8, "K": 3000.0, "a": 2.0},
     lambda t: growth.grm(t, 5.0, 0.6, 0.8, 3000.0, 2.0), True, 40, {}, 10),
    ("subepidemic", {"r": 0.8, "p": 0.85, "K0": 2000.0, "q": 0.4, "C_thr": 600.0},
     lambda t: growth.subepidemic(t, 5.0, 0.8, 0.85, 2000.0, 0.4, 600.0, 2), True, 70, {"n": 2}, 8),
    ("sir", {"N": 10000.0, "R0": 2.5, "gamma": 0.25, "I0": 5.0},
     lambda t: epidemic.sir(t, 10000.0, 2.5, 0.25, 5.0, t0=1.0), False, 50, {}, 8),
]  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize(("law", "truth", "curve", "cumulative", "days", "fix", "series"), RECOVERY)
def test_recovery_coverage_has_a_binomial_tolerance(
    law: str, truth: dict, curve, cumulative: bool, days: int, fix: dict, series: int
) -> None:
    # Each 95% interval covers its truth with probability 0.95 if calibrated; the count
    # must reach the 0.002 quantile of Binomial(series, 0.95) (a false alarm 1 in 500).
    floor = int(stats.binom.ppf(0.002, series, 0.95))
    hits = dict.fromkeys(truth, 0)
    for generator in np.random.default_rng(20190612).spawn(series):
        t, y = _simulate(curve, days, cumulative, generator)
        fit = _fit(t, y, law=law, cumulative=cumulative, errors="poisson", fix=fix)
        table = fit.conf_int(0.95)
        for name, value in truth.items():
            hits[name] += int(table.loc[name, "lower"] <= value <= table.loc[name, "upper"])
    assert all(count >= floor for count in hits.values()), (hits, floor)


@pytest.mark.parametrize("law", ["glm", "grm", "sir", "seir"])
def test_each_new_law_fits_forecasts_and_round_trips(law: str) -> None:
    rng = np.random.default_rng(2)
    cumulative = law in ("glm", "grm")
    if cumulative:
        t, y = _simulate(lambda s: growth.glm(s, 5.0, 0.6, 0.8, 3000.0), 40, True, rng)
    elif law == "sir":
        t, y = _simulate(lambda s: epidemic.sir(s, 1e4, 2.5, 0.25, 5.0, t0=1.0), 50, False, rng)
    else:
        curve = lambda s: epidemic.seir(s, 2e4, 2.2, 0.3, 0.25, 5.0, t0=1.0)  # noqa: E731
        t, y = _simulate(curve, 70, False, rng)
    fit = _fit(t, y, law=law, cumulative=cumulative, fix={"sigma": 0.3} if law == "seir" else None)
    assert all(np.isfinite(v) for v in fit.params.values())
    ahead = fit.forecast(28, n_boot=40, rng=0, workers=1)
    quantiles = ahead.filter(like="q0.").to_numpy()
    assert len(ahead) == 28
    assert quantiles.shape[1] == 23
    assert np.all(np.diff(quantiles, axis=1) >= 0)
    assert "integrated numerically" in str(fit.summary())
    data = json.loads(json.dumps(fit.to_dict(), allow_nan=False))
    back = FitResult.from_dict(data)
    assert back.params == pytest.approx(fit.params)
    assert back.to_dict() == data
    assert not fit.derived().isna().to_numpy().any()


def test_sir_reproduction_number_from_its_growth_rate_is_its_r0() -> None:
    rng = np.random.default_rng(8)
    t, y = _simulate(lambda s: epidemic.sir(s, 1e5, 2.0, 0.2, 5.0, t0=1.0), 60, False, rng)
    fit = _fit(t, y, law="sir", cumulative=False)
    gamma, R0 = fit.params["gamma"], fit.params["R0"]
    # SIR has an exponential generation interval of mean 1/gamma: R = 1 + r/gamma = R0 S/N
    table = fit.reproduction_number(1.0 / gamma, 1.0 / gamma)
    assert table.loc[0, "estimate"] == pytest.approx(R0, rel=1e-3)
    low, high = table.loc[0, ["lower", "upper"]]
    assert low < R0 < high
    derived = fit.derived()
    assert derived.loc["growth_rate", "estimate"] == pytest.approx(gamma * (R0 - 1), rel=1e-9)
    assert derived.loc["final_size", "estimate"] == pytest.approx(
        float(epidemic.final_size(fit.params["N"], R0, fit.params["N"] - fit.params["I0"]))
    )
    assert t[0] < derived.loc["peak_time", "estimate"] < t[-1]


def test_ggm_reproduction_number_falls_with_sub_exponential_growth() -> None:
    t = np.arange(0.0, 30.0)
    y = growth.ggm(t, 5.0, 1.5, 0.7) * np.exp(np.random.default_rng(1).normal(0, 0.01, t.size))
    fit = sl.fit_growth(t, y, law="ggm", errors="normal")
    table = fit.reproduction_number(5.0, 2.0, at=[0.0, 10.0, 29.0])
    assert list(table["t"]) == [0.0, 10.0, 29.0]
    assert np.all(np.diff(table["estimate"]) < 0)  # rho = p r C^(p-1) falls as C grows
    assert np.all(table["lower"] <= table["estimate"])
    assert np.all(table["estimate"] <= table["upper"])
    boot = fit.with_bootstrap(100, rng=0, workers=1).reproduction_number(5.0, 2.0)
    assert boot.loc[0, "lower"] <= boot.loc[0, "estimate"] <= boot.loc[0, "upper"]


def test_subepidemic_chooses_the_number_of_waves_by_aicc() -> None:
    rng = np.random.default_rng(5)
    t, y = _simulate(
        lambda s: growth.subepidemic(s, 5.0, 0.8, 0.85, 2000.0, 0.4, 600.0, 2), 80, True, rng
    )
    fit = _fit(t, y, law="subepidemic")
    assert [n for n, _ in fit.selection] == [1, 2, 3]
    scores = dict(fit.selection)
    assert fit.params["n"] == min(scores, key=scores.get)
    assert fit.params["n"] >= 2  # one wave cannot describe two
    assert scores[1] - scores[2] > 10
    assert "Waves chosen by AICc" in str(fit.summary())
    assert fit.aicc == pytest.approx(scores[int(fit.params["n"])])
    back = FitResult.from_dict(json.loads(json.dumps(fit.to_dict(), allow_nan=False)))
    assert back.selection == fit.selection  # type: ignore[attr-defined]
    final = fit.derived().loc["final_size"]
    assert final["lower"] < final["estimate"] < final["upper"]


def test_loglik_matches_the_normal_density_at_the_mle() -> None:
    t = np.arange(0.0, 30.0)
    y = growth.logistic(t, 500.0, 0.3, 15.0) + np.random.default_rng(0).normal(0, 5.0, t.size)
    fit = sl.fit_growth(t, y, law="logistic", errors="normal")
    sigma = np.sqrt(np.mean((y - fit.predict(t)) ** 2))
    assert fit.loglik == pytest.approx(float(np.sum(stats.norm.logpdf(y, fit.predict(t), sigma))))
    k, n = 4, t.size
    assert fit.aicc == pytest.approx(-2 * fit.loglik + 2 * k + 2 * k * (k + 1) / (n - k - 1))


def test_reproduction_number_at_one_date_or_a_list_of_dates() -> None:
    days = np.arange(0.0, 30.0)
    dates = pd.date_range("2020-01-01", periods=days.size)
    y = growth.ggm(days, 5.0, 1.5, 0.7) * np.exp(np.random.default_rng(2).normal(0, 0.01, 30))
    fit = sl.fit_growth(dates, y, law="ggm", errors="normal")
    one = fit.reproduction_number(5.0, 2.0, at="2020-01-11")
    same = fit.reproduction_number(5.0, 2.0, at=pd.Timestamp("2020-01-11"))
    listed = fit.reproduction_number(5.0, 2.0, at=["2020-01-11", "2020-01-21"])
    assert list(listed["t"]) == [pd.Timestamp("2020-01-11"), pd.Timestamp("2020-01-21")]
    pd.testing.assert_frame_equal(one, same)
    pd.testing.assert_frame_equal(one, listed.iloc[:1])
    # on a number axis the growth rate of incidence at day 10 is p r C(10)^(p-1)
    numbers = sl.fit_growth(days, y, law="ggm", errors="normal")
    rho = numbers.reproduction_number(5.0, 2.0, at=10.0).loc[0, "growth_rate"]
    assert one.loc[0, "growth_rate"] == pytest.approx(rho, rel=1e-6)


def test_glm_on_a_mid_epidemic_incidence_window_with_c0_free_recovers_the_law() -> None:
    # Noiseless daily incidence of the GLM of Chowell's GrowthPredict example series
    # (r = 0.5, p = 0.9, K = 10,000, C(0) = 1), fitted on days 10..29 as in its tutorial.
    # The first count (16.4) is not C(10) (57.4): pinning C0 to it misfits the law.
    t = np.arange(0.0, 72.0)
    C = growth.glm(t, 1.0, 0.5, 0.9, 1e4)
    days, y = t[10:30], np.diff(C)[9:29]
    found = _fit(days, y, law="glm", cumulative=False, errors="normal", fix_c0=False).params
    np.testing.assert_allclose(
        [found["C0"], found["r"], found["p"], found["K"]], [C[10], 0.5, 0.9, 1e4], rtol=1e-6
    )
    pinned = _fit(days, y, law="glm", cumulative=False, errors="normal").params  # the default
    assert pinned["C0"] == y[0]
    assert abs(pinned["p"] - 0.9) > 0.05
