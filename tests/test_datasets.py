"""Tests for scalinglaws.datasets: bundled data match the published summaries."""

from __future__ import annotations

import dataclasses
import hashlib
from importlib import resources

import numpy as np
import pandas as pd
import pytest

from scalinglaws.datasets import (
    META_KEYS,
    SUBJECT_KEYS,
    Dataset,
    dataset_meta,
    list_datasets,
    load_dataset,
)
from scalinglaws.errors import UnknownDatasetError

# Clauset, Shalizi & Newman 2009, Table 3 (SIAM Review 51(4), 661-703), as printed:
# name: (n, <x>, sigma, x_max); <x> and sigma are printed to 2 decimals.
# x_max is printed as a whole number (cities 8009 is 8008.654 rounded; quakes 63,096).
TABLE3 = {
    "clauset2009/words": (18855, 11.14, 148.33, 14086),
    "clauset2009/terrorism": (9101, 4.35, 31.58, 2749),
    "clauset2009/blackouts": (211, 253.87, 610.31, 7500),
    "clauset2009/cities": (19447, 9.00, 77.83, 8009),
    "clauset2009/flares": (12773, 689.41, 6520.59, 231300),
    "clauset2009/quakes": (19302, 24.54, 563.83, 63096),
}
# Clauset, Shalizi & Newman 2009, Table 3: x_min, alpha, n_tail and p as printed.
TABLE3_FIT = {
    "clauset2009/words": (7, 1.95, 2958, 0.49),
    "clauset2009/terrorism": (12, 2.4, 547, 0.68),
    "clauset2009/blackouts": (230, 2.3, 59, 0.62),
    "clauset2009/cities": (52.46, 2.37, 580, 0.76),
    "clauset2009/flares": (323, 1.79, 1711, 1.00),
    "clauset2009/quakes": (0.794, 1.64, 11697, 0.00),
}
# Clauset, Shalizi & Newman 2009, Tables 4 (continuous) and 5 (discrete): LR and p of
# lognormal, exponential, stretched exponential, truncated power law (and Poisson).
LR_TABLES = {
    "clauset2009/words": ((0.395, 0.69), (9.09, 0.00), (4.13, 0.00), (-0.899, 0.18), (4.43, 0.00)),
    "clauset2009/terrorism": (
        (-0.278, 0.78),
        (2.457, 0.01),
        (0.772, 0.44),
        (-0.077, 0.70),
        (1.81, 0.07),
    ),
    "clauset2009/blackouts": ((-0.412, 0.68), (1.21, 0.23), (-0.417, 0.68), (-0.382, 0.38)),
    "clauset2009/cities": ((-0.090, 0.93), (3.65, 0.00), (0.204, 0.84), (-0.123, 0.62)),
    "clauset2009/flares": ((-0.803, 0.42), (13.7, 0.00), (-0.546, 0.59), (-4.52, 0.00)),
    "clauset2009/quakes": ((-7.14, 0.00), (11.6, 0.00), (-7.09, 0.00), (-24.4, 0.00)),
}
ALTERNATIVES = ("lognormal", "exponential", "stretched_exponential", "truncated_power_law")
DISCRETE = {"clauset2009/words", "clauset2009/terrorism", "clauset2009/plfit_example_discrete"}
ALL_NAMES = [*TABLE3, "clauset2009/plfit_example_continuous", "clauset2009/plfit_example_discrete"]


def test_list_datasets_shape_and_counts() -> None:
    listing = list_datasets()
    assert isinstance(listing, pd.DataFrame)
    assert list(listing.columns) == ["name", "kind", "n", "source"]
    assert listing.loc[listing["kind"] == "tail", "name"].tolist() == ALL_NAMES
    # relation tables: test_relations.py; growth tables: test_growth.py
    assert set(listing["kind"]) == {"tail", "relation", "growth", "neural"}
    for row in listing.itertuples():
        assert len(load_dataset(str(row.name)).data) == row.n


@pytest.mark.parametrize("name", ALL_NAMES)
def test_every_dataset_loads_with_complete_meta(name: str) -> None:
    ds = load_dataset(name)
    assert isinstance(ds, Dataset)
    assert ds.name == name
    assert ds.data.dtype == np.float64
    assert ds.data.ndim == 1
    assert np.isfinite(ds.data).all()
    assert (ds.data > 0).all()
    assert tuple(ds.meta) == META_KEYS + SUBJECT_KEYS
    assert ds.meta["kind"] == "tail"
    assert ds.meta["discrete"] is (name in DISCRETE)
    assert ds.meta["doi"] == "10.1137/070710111"
    assert ds.meta["published"]["n"] == ds.data.size
    for key in ("title", "source", "citation", "url", "provenance", "units", "licence"):
        assert isinstance(ds.meta[key], str)
        assert ds.meta[key]
    if name in DISCRETE:
        np.testing.assert_array_equal(ds.data, np.round(ds.data))


def test_every_catalogue_entry_says_what_it_measures_of_what() -> None:
    """Each bundled dataset names its population (what its observations are) and what
    it measures of each, in English and Chinese: scalinglaws.ask tells a question about
    another population or quantity from one about these data by them."""
    for name in list_datasets()["name"]:
        meta = dataset_meta(str(name))
        for key in SUBJECT_KEYS:
            assert meta[key]["en"], (name, key)
            assert meta[key]["zh"], (name, key)
            words = [*meta[key]["en"], *meta[key]["zh"]]
            assert all(isinstance(w, str) and w.strip() == w and w for w in words), (name, key)


@pytest.mark.parametrize("name", ALL_NAMES)
def test_bundled_file_matches_recorded_sha256(name: str) -> None:
    meta = load_dataset(name).meta
    raw = resources.files("scalinglaws.datasets").joinpath("data", meta["file"]).read_bytes()
    assert hashlib.sha256(raw).hexdigest() == meta["sha256"]


@pytest.mark.parametrize("name", list(TABLE3))
def test_paper_units_reproduce_table3_summaries(name: str) -> None:
    n, mean, sd, xmax = TABLE3[name]
    x = load_dataset(name).data
    assert x.size == n
    assert round(float(x.mean()), 2) == pytest.approx(mean, abs=1e-9)
    assert round(float(x.std(ddof=1)), 2) == pytest.approx(sd, abs=1e-9)
    assert round(float(x.max())) == xmax


@pytest.mark.parametrize("name", list(TABLE3))
def test_published_values_are_the_printed_ones(name: str) -> None:
    published = load_dataset(name).meta["published"]
    n, mean, sd, xmax = TABLE3[name]
    xmin, alpha, n_tail, p = TABLE3_FIT[name]
    assert (published["n"], published["mean"], published["sd"], published["xmax"]) == (
        n,
        mean,
        sd,
        xmax,
    )
    assert (published["xmin"], published["alpha"]) == (xmin, alpha)
    assert (published["n_tail"], published["p"]) == (n_tail, p)
    for key in ("xmin_sd", "alpha_err", "n_tail_sd"):
        assert published[key] > 0
    tests = LR_TABLES[name]
    for alternative, (lr, p_value) in zip(ALTERNATIVES, tests, strict=False):
        assert published[alternative] == {"LR": lr, "p": p_value}
    if name in DISCRETE:
        assert published["poisson"] == {"LR": tests[4][0], "p": tests[4][1]}
    else:
        assert "poisson" not in published


def test_tail_counts_at_published_xmin() -> None:
    # Clauset, Shalizi & Newman 2009, Table 3: n_tail at x_min (README: exact cities
    # x_min 52.457 gives 580).
    assert int((load_dataset("clauset2009/words").data >= 7).sum()) == 2958
    assert int((load_dataset("clauset2009/terrorism").data >= 12).sum()) == 547
    assert int((load_dataset("clauset2009/blackouts").data >= 230).sum()) == 59
    assert int((load_dataset("clauset2009/cities").data >= 52.457).sum()) == 580
    assert int((load_dataset("clauset2009/flares").data >= 323).sum()) == 1711


def test_transforms_are_described_and_applied() -> None:
    assert load_dataset("clauset2009/words").meta["transform"].startswith("none")
    cities = load_dataset("clauset2009/cities")
    assert cities.meta["transform"].startswith("x / 1e3")
    raw = np.loadtxt(resources.files("scalinglaws.datasets").joinpath("data", cities.meta["file"]))
    np.testing.assert_allclose(cities.data, raw / 1e3)
    quakes = load_dataset("clauset2009/quakes")
    assert quakes.meta["transform"].startswith("10**x / 1e3")
    assert quakes.data.min() == pytest.approx(1e-3)  # magnitude 0 -> 10**0 / 1e3


def test_plfit_examples_carry_expected_fits() -> None:
    # ntamas/plfit README (data/README.rst) and the output of its C program.
    continuous = load_dataset("clauset2009/plfit_example_continuous").meta["published"]
    assert continuous == {"n": 10000, "alpha": 2.53282, "xmin": 1.43628, "log_likelihood": -9276.42}
    discrete = load_dataset("clauset2009/plfit_example_discrete").meta["published"]
    assert (discrete["alpha"], discrete["xmin"], discrete["log_likelihood"]) == (2.58, 2, -9155.63)
    assert discrete["plfit_c"] == {
        "alpha": 2.58306,
        "log_likelihood": -9155.617,
        "ks_distance": 0.00428,
    }


def test_unknown_name_lists_valid_names() -> None:
    with pytest.raises(UnknownDatasetError, match="clauset2009/cities") as info:
        load_dataset("cities")
    assert "Did you mean 'clauset2009/cities'" in str(info.value)
    with pytest.raises(UnknownDatasetError, match=r"'no/such'.*clauset2009/words"):
        load_dataset("no/such")
    with pytest.raises(UnknownDatasetError, match="None"):
        load_dataset(None)  # type: ignore[arg-type]


def test_dataset_is_frozen_fresh_and_has_a_short_repr() -> None:
    ds = load_dataset("clauset2009/blackouts")
    with pytest.raises(dataclasses.FrozenInstanceError):
        ds.name = "other"  # type: ignore[misc]
    assert repr(ds) == "Dataset('clauset2009/blackouts', n=211, continuous, kind='tail')"
    ds.meta["published"]["alpha"] = 99.0
    ds.data[0] = -1.0
    again = load_dataset("clauset2009/blackouts")
    assert again.meta["published"]["alpha"] == 2.3
    assert again.data[0] > 0
