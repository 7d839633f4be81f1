"""The bundled datasets: a catalogue, a loader and the :class:`Dataset` record.

Metadata lives in one place, ``catalog.toml`` beside this module; the data
files live under ``data/`` and are read with :mod:`importlib.resources` only
when :func:`load_dataset` is called (nothing happens at import time).

A catalogue entry without ``format`` holds one number per line and loads as a
1-D float array (the tail data). An entry with ``format`` (``csv``, ``tsv`` or a
named parser in :mod:`._readers`) loads as a pandas DataFrame; its ``x``, ``y``
(and ``t``) keys name the columns a fit uses and are appended to ``meta``.

The ``clauset2009/*`` datasets are the freely available data of
A. Clauset, C. R. Shalizi and M. E. J. Newman, "Power-law distributions in
empirical data", SIAM Review 51(4), 661-703 (2009), doi:10.1137/070710111,
converted to the units of the paper's Table 3. ``meta["published"]`` holds the
paper's Table 3 row and its Table 4/5 likelihood-ratio tests, as printed.
Provenance of every file: ``data/clauset2009/README.md``.
"""

from __future__ import annotations

import copy
import difflib
import functools
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np
import pandas as pd

from scalinglaws._types import FloatArray
from scalinglaws.datasets._readers import TABLE_READERS
from scalinglaws.errors import UnknownDatasetError

__all__ = ["COLUMN_KEYS", "NAME_KEYS", "Dataset", "dataset_meta", "list_datasets", "load_dataset"]

# The keys of Dataset.meta, in order. Every catalogue entry provides all of them
# (``transform`` is expanded into a sentence from _TRANSFORMS).
META_KEYS = (
    "title",
    "title_zh",
    "aliases",
    "aliases_zh",
    "description",
    "description_zh",
    "source",
    "original_source",
    "citation",
    "doi",
    "url",
    "provenance",
    "file",
    "sha256",
    "units",
    "transform",
    "licence",
    "discrete",
    "kind",
    "published",
    "published_source",
    "notes",
)
# Keys naming the columns of a table dataset (e.g. x = "body", y = "brain"; x may be a
# list for a multi-variable law) and what its columns are called in words
# (column_names = {col: {en = [...], zh = [...]}}); present in meta, after META_KEYS,
# when the entry has them.
COLUMN_KEYS = ("x", "y", "t", "column_names")
# Keys naming people in other languages (people_zh = {"皮尔" = "Pearl"}: the Chinese
# names of the people a dataset's sources name) and publications by other names
# (publication_names = {"Chinchilla paper" = "Hoffmann"}); present after those, when the
# entry has them.
NAME_KEYS = ("people_zh", "publication_names")
# Keys saying what a dataset's observations are and what is measured of each, in English
# and Chinese (population = {en = ["terrorist attacks"], zh = [...]}, measures = {en =
# ["deaths"], ...}); present after those, when the entry has them.
SUBJECT_KEYS = ("population", "measures")

_TRANSFORMS: dict[str, tuple[Callable[[FloatArray], FloatArray], str]] = {
    "none": (
        lambda x: x,
        "none: the values are used exactly as stored in the file",
    ),
    "x / 1e3": (
        lambda x: x / 1e3,
        "x / 1e3: each value in the file divided by 1000, the paper's units (x10^3)",
    ),
    "10**x / 1e3": (
        lambda x: 10.0**x / 1e3,
        "10**x / 1e3: the file holds magnitudes x; each is turned into the intensity "
        "10**x and divided by 1000, the paper's units (x10^3)",
    ),
}


@dataclass(frozen=True, eq=False, repr=False)
class Dataset:
    """One bundled dataset.

    Attributes
    ----------
    name : str
        The catalogue name, e.g. ``"clauset2009/words"``.
    data : numpy.ndarray or pandas.DataFrame
        For a sample (``kind="tail"``) the values as a 1-D float64 array,
        in the units of the source paper (``meta["transform"]`` says what
        was done to the file); for a table (``kind="relation"``, ...) a
        pandas DataFrame with the file's columns, ``meta["x"]`` and
        ``meta["y"]`` naming the ones a fit uses.
    meta : dict
        Provenance and published values; keys are listed in
        :data:`META_KEYS` (title, its Chinese title_zh, aliases and
        aliases_zh (the names people call the data by), description and
        description_zh, source, citation, doi, url, provenance, units,
        transform, licence, discrete, kind, published, ...), then any
        :data:`COLUMN_KEYS` and :data:`NAME_KEYS` the entry has.
    """

    name: str
    data: FloatArray | pd.DataFrame
    meta: dict[str, Any]

    def __repr__(self) -> str:
        discrete = "discrete" if self.meta.get("discrete") else "continuous"
        kind = self.meta.get("kind")
        return f"Dataset({self.name!r}, n={len(self.data)}, {discrete}, kind={kind!r})"


def list_datasets() -> pd.DataFrame:
    """Return one row per bundled dataset: columns ``name``, ``kind``, ``n``, ``source``.

    Reads only the catalogue, not the data files.

    Returns
    -------
    pandas.DataFrame
        One row per dataset.

    Examples
    --------
    >>> table = list_datasets()
    >>> "clauset2009/cities" in set(table["name"])
    True
    """
    rows = [
        {"name": name, "kind": entry["kind"], "n": int(entry["n"]), "source": entry["source"]}
        for name, entry in _catalog().items()
    ]
    return pd.DataFrame(rows, columns=["name", "kind", "n", "source"])


def load_dataset(name: str) -> Dataset:
    """Load a bundled dataset by name (see :func:`list_datasets`).

    Parameters
    ----------
    name : str
        The dataset's name (``"clauset2009/words"``).

    Returns
    -------
    Dataset
        ``data`` (a numpy array for tails, a DataFrame for relations and series)
        and ``meta`` (provenance and published values).

    Raises
    ------
    UnknownDatasetError
        No bundled dataset has this name; the message lists the valid names.

    Examples
    --------
    >>> ds = load_dataset("clauset2009/words")
    >>> ds.data.size, ds.meta["published"]["alpha"]
    (18855, 1.95)
    """
    meta = dataset_meta(name)
    entry = _catalog()[name]
    function, _ = _TRANSFORMS[entry["transform"]]
    text = (
        resources.files("scalinglaws.datasets").joinpath("data", entry["file"]).read_text("utf-8")
    )
    data: FloatArray | pd.DataFrame
    if "format" in entry:
        data = TABLE_READERS[entry["format"]](text)
    else:
        data = np.ascontiguousarray(function(np.array(text.split(), dtype=np.float64)))
    return Dataset(name=name, data=data, meta=meta)


def dataset_meta(name: str) -> dict[str, Any]:
    """The ``meta`` of :func:`load_dataset` without reading the data file.

    Parameters
    ----------
    name : str
        The dataset's name (``"clauset2009/cities"``).

    Returns
    -------
    dict
        Title, source, citation, licence, units, published values.

    Raises
    ------
    UnknownDatasetError
        No bundled dataset has this name.
    """
    catalog = _catalog()
    if not isinstance(name, str) or name not in catalog:
        raise UnknownDatasetError(_unknown_message(name, list(catalog)))
    entry = catalog[name]
    meta = {key: copy.deepcopy(entry[key]) for key in META_KEYS}
    meta["transform"] = _TRANSFORMS[entry["transform"]][1]
    meta.update({key: copy.deepcopy(entry[key]) for key in COLUMN_KEYS if key in entry})
    meta.update({key: copy.deepcopy(entry[key]) for key in NAME_KEYS if key in entry})
    meta.update({key: copy.deepcopy(entry[key]) for key in SUBJECT_KEYS if key in entry})
    return meta


@functools.cache
def _catalog() -> dict[str, dict[str, Any]]:
    """Parse catalog.toml once; each entry merges its collection's shared fields."""
    raw = tomllib.loads(
        resources.files("scalinglaws.datasets").joinpath("catalog.toml").read_text("utf-8")
    )
    catalog: dict[str, dict[str, Any]] = {}
    for name, entry in raw["datasets"].items():
        collection = entry.get("collection", name.split("/")[0])
        catalog[name] = {**raw["collections"][collection], **entry}
    return catalog


def _unknown_message(name: object, names: list[str]) -> str:
    wanted = str(name)
    guesses = [n for n in names if n.rsplit("/", 1)[-1] == wanted.rsplit("/", 1)[-1]]
    guesses = guesses or difflib.get_close_matches(wanted, names, n=1)
    hint = f" Did you mean {guesses[0]!r}?" if guesses else ""
    return (
        f"name={name!r} is not a bundled dataset; choose one of: {', '.join(names)} "
        f"(or call list_datasets()).{hint}"
    )
