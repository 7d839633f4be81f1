"""The Bootstrap record: validation, intervals, JSON, and the names it replaced."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pandas as pd
import pytest

import scalinglaws as sl
from scalinglaws.bundle import load_results
from scalinglaws.errors import InsufficientDataError, InvalidInputError, InvalidOptionError
from scalinglaws.uncertainty import SCHEMES, Bootstrap, bootstrap_interval
from tests.report_inputs import INPUT


def _record(estimate: tuple[float, float] = (1.0, 5.0), scheme: str = "pairs") -> Bootstrap:
    rng = np.random.default_rng(0)
    samples = np.column_stack([rng.normal(1.0, 0.1, 400), rng.normal(5.0, 1.0, 400)])
    return Bootstrap(("a", "b"), estimate, samples, 403, 3, scheme)


def test_conf_int_is_the_percentile_interval_and_std_the_spread() -> None:
    boot = _record()
    table = boot.conf_int(0.9)
    assert list(table.columns) == ["estimate", "lower", "upper"]
    assert list(table.index) == ["a", "b"]
    low, high = np.quantile(boot.samples, [0.05, 0.95], axis=0)
    np.testing.assert_array_equal(table["lower"], low)
    np.testing.assert_array_equal(table["upper"], high)
    assert table.attrs["widened"] == []
    assert boot.std("b") == pytest.approx(float(np.std(boot.column("b"), ddof=1)))
    assert boot.std() == {"a": boot.std("a"), "b": boot.std("b")}
    assert (boot.n_ok, boot.n_boot, boot.n_failed) == (400, 403, 3)


@pytest.mark.parametrize("scale", [1e300, 1e-300, 1.0])
def test_std_is_scaled_before_squaring(scale: float) -> None:
    # Replicates near 1e300 overflow when squared, near 1e-300 they underflow: the spread
    # is formed on the replicates over a power of two, so it is scale times the spread at
    # scale 1, and bit for bit numpy's wherever numpy's squares are representable.
    plain = _record()
    boot = Bootstrap(plain.names, plain.estimate * scale, plain.samples * scale, 403, 3)
    spread = boot.std()
    for name in boot.names:
        assert np.isfinite(spread[name])
        assert spread[name] == pytest.approx(plain.std(name) * scale, rel=1e-12)
    if scale == 1.0:
        np.testing.assert_array_equal(list(spread.values()), np.std(boot.samples, axis=0, ddof=1))
    with pytest.warns(DeprecationWarning, match="conf_int"):
        old = boot.intervals(0.9)
    np.testing.assert_array_equal(old["std"], list(spread.values()))


def test_an_estimate_outside_its_replicates_widens_the_interval_and_says_so() -> None:
    # A replicate distribution shifted away from the estimate (a biased estimator):
    # the percentile interval would exclude the point; the record widens it to the point.
    boot = _record(estimate=(1.5, 5.0))
    table = boot.conf_int(0.95)
    assert table.loc["a", "lower"] == pytest.approx(np.quantile(boot.column("a"), 0.025))
    assert table.loc["a", "upper"] == 1.5
    assert table.attrs["widened"] == ["a"]
    assert boot.widened(0.95) == ("a",)
    low, high = bootstrap_interval(boot.samples, boot.estimate, 0.95)
    assert (low <= boot.estimate).all()
    assert (boot.estimate <= high).all()


def test_the_record_is_frozen_and_read_only() -> None:
    boot = _record()
    with pytest.raises(ValueError, match="read-only"):
        boot.samples[0, 0] = 0.0
    with pytest.raises(ValueError, match="read-only"):
        boot.estimate[0] = 0.0
    with pytest.raises(AttributeError):
        boot.n_boot = 3  # type: ignore[misc]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"names": ("a", "a")}, "distinct"),
        ({"estimate": (1.0,)}, "2 estimates"),
        ({"samples": np.ones((5, 3))}, r"shape \(n, 2\)"),
        ({"samples": np.array([[1.0, np.nan], [1.0, 2.0]])}, "finite"),
        ({"n_boot": 7}, "n_boot=7"),
        ({"scheme": "jackknife"}, "pairs, parametric"),
    ],
)
def test_bad_records_are_refused(kwargs: dict[str, object], match: str) -> None:
    base: dict[str, object] = {
        "names": ("a", "b"),
        "estimate": (1.0, 2.0),
        "samples": np.ones((2, 2)),
        "n_boot": 2,
        "n_failed": 0,
        "scheme": "pairs",
    }
    error = InvalidOptionError if "scheme" in kwargs else InvalidInputError
    with pytest.raises(error, match=match):
        Bootstrap(**{**base, **kwargs})  # type: ignore[arg-type]


def test_intervals_need_two_replicates() -> None:
    one = Bootstrap(("a",), (1.0,), [[1.0]], 5, 4)
    with pytest.raises(InsufficientDataError, match="1 of 5"):
        one.conf_int()
    with pytest.raises(InvalidOptionError, match="level"):
        _record().conf_int(1.0)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_json_round_trip_is_exact(scheme: str) -> None:
    boot = _record(scheme=scheme)
    again = Bootstrap.from_dict(json.loads(json.dumps(boot.to_dict(), allow_nan=False)))
    assert again.names == boot.names
    assert again.scheme == scheme
    np.testing.assert_array_equal(again.samples, boot.samples)
    np.testing.assert_array_equal(again.estimate, boot.estimate)
    assert (again.n_boot, again.n_failed) == (boot.n_boot, boot.n_failed)
    pd.testing.assert_frame_equal(again.conf_int(), boot.conf_int())


def test_the_raw_array_and_relation_bootstrap_habits_still_work_with_a_warning() -> None:
    boot = _record()
    with pytest.warns(DeprecationWarning, match="samples"):
        assert boot.shape == (400, 2)
    with pytest.warns(DeprecationWarning, match="samples"):
        np.testing.assert_array_equal(np.asarray(boot), boot.samples)
    with pytest.warns(DeprecationWarning, match="samples"):
        np.testing.assert_array_equal(boot[:, 1], boot.column("b"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np.testing.assert_array_equal(boot["b"], boot.column("b"))  # a name is not deprecated
    with pytest.warns(DeprecationWarning, match="conf_int"):
        low, high = boot.interval("a", 0.9)
    assert (low, high) == tuple(boot.conf_int(0.9).loc["a", ["lower", "upper"]])
    with pytest.warns(DeprecationWarning, match="conf_int"):
        old = boot.intervals(0.9)
    assert list(old.columns) == ["median", "lower", "upper", "std"]


def test_replaced_names_import_with_a_warning() -> None:
    with pytest.warns(DeprecationWarning, match="with_bootstrap"):
        from scalinglaws import TailBootstrap  # noqa: F401
    with pytest.warns(DeprecationWarning, match="with_bootstrap"):
        from scalinglaws.growth import GrowthBootstrap  # noqa: F401
    with pytest.warns(DeprecationWarning, match="Bootstrap"):
        from scalinglaws.relations import RelationBootstrap
    assert RelationBootstrap is Bootstrap
    with pytest.raises(AttributeError):
        _ = sl.NoSuchName  # type: ignore[attr-defined]


def test_results_saved_before_the_record_still_load() -> None:
    # tests/golden/report_input.json was written with the old payloads: the neural fit's
    # "boot" is a bare (n, 5) list with "boot_failed", the relation's key is "bootstrap".
    raw = json.loads(INPUT.read_text(encoding="utf-8"))
    old_neural = next(e["result"] for e in raw["results"] if e["result"]["kind"] == "neural")
    assert isinstance(old_neural["boot"], list)
    results = load_results(INPUT)
    neural = next(r for r in results if isinstance(r, sl.NeuralFit))
    assert neural.boot is not None
    assert neural.boot.scheme == "runs"
    np.testing.assert_array_equal(neural.boot.samples, np.asarray(old_neural["boot"]))
    assert neural.boot.n_failed == old_neural["boot_failed"]
    np.testing.assert_allclose(neural.boot.estimate, list(neural.params.values()))
    # An old relation payload with its RelationBootstrap dict (no estimate, no scheme).
    ds = sl.load_dataset("allometry/mammals_brain_body")
    fit = sl.fit_relation(ds.data[ds.meta["x"]], ds.data[ds.meta["y"]])
    fit = fit.with_bootstrap(15, rng=0, workers=1)
    assert fit.boot is not None
    payload = fit.to_dict()
    record = payload.pop("boot")
    payload["bootstrap"] = {k: record[k] for k in ("names", "samples", "n_boot", "n_failed")}
    again = sl.FitResult.from_dict(payload)
    assert isinstance(again, sl.RelationFit)
    assert again.boot is not None
    np.testing.assert_array_equal(again.boot.samples, fit.boot.samples)
    pd.testing.assert_frame_equal(again.conf_int(), fit.conf_int())
    # An old isoflop / envelope payload: "boot" a bare (n, 2) list of (a, b).
    runs = sl.load_dataset("neural/openathena_isoflops_transform").data
    runs = runs[runs["experiment"] == "llama_3__exp_loss"]
    iso = sl.isoflop(runs["params"], runs["tokens"], runs["loss"], C=runs["budget"], n_boot=12)
    assert iso.boot is not None
    payload = iso.to_dict()
    payload["boot"] = [row[:2] for row in payload["boot"]["samples"]]
    old = sl.FitResult.from_dict(payload)
    assert isinstance(old, sl.IsoflopFit)
    assert old.boot is not None
    pd.testing.assert_frame_equal(old.conf_int(), iso.conf_int())
    with pytest.raises(InvalidOptionError, match="intercepts"):
        old.predict_quantiles([1e20], method="bootstrap")
    assert len(old.predict_quantiles([1e20], method="analytic")) == 1
