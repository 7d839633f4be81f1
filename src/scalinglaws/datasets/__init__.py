"""Bundled real datasets with provenance and published values.

>>> from scalinglaws.datasets import list_datasets, load_dataset
>>> ds = load_dataset("clauset2009/cities")      # populations in thousands, as in the paper
>>> ds.meta["published"]["xmin"], ds.meta["published"]["alpha"]
(52.46, 2.37)

The ``allometry/*`` and ``urban/*`` tables (``kind="relation"``, loaded as
pandas DataFrames) are described in ``data/natural/README.md`` and in each
entry's ``meta``; their ``published`` values are labelled ``pub`` (from the
paper or the package's own tests) and ``check`` (computed from the file).
The ``growth/*`` and ``epidemics/*`` tables (``kind="growth"``) name their time
and value columns in ``meta["t"]`` and ``meta["y"]``, for ``fit_growth``.

The ``clauset2009/*`` data and published values come from Clauset, Shalizi &
Newman, "Power-law distributions in empirical data", SIAM Review 51(4),
661-703 (2009), Tables 3-5; see ``data/clauset2009/README.md``.
"""

from scalinglaws.datasets._registry import (
    COLUMN_KEYS,
    META_KEYS,
    SUBJECT_KEYS,
    Dataset,
    dataset_meta,
    list_datasets,
    load_dataset,
)

__all__ = [
    "COLUMN_KEYS",
    "META_KEYS",
    "SUBJECT_KEYS",
    "Dataset",
    "dataset_meta",
    "list_datasets",
    "load_dataset",
]
