"""scalinglaws: fit scaling laws rigorously, for scientists and LLM builders.

The public API (see DESIGN.md): ``fit_tail`` for power-law tails of a
distribution, ``fit_relation`` / ``compare_relations`` for scaling relations
y = f(x), ``fit_growth`` for growth curves over
time, ``fit_neural`` / ``isoflop`` / ``envelope`` for neural scaling laws L(N, D),
``list_datasets`` / ``load_dataset`` for the bundled real data, ``ask`` for
questions in plain language about results,
and the result contract in :mod:`scalinglaws.results`. Importing this package
pulls in no torch, matplotlib, plotly or rich.
"""

from importlib.metadata import PackageNotFoundError, version

from scalinglaws import errors
from scalinglaws.ask import ask  # light: torch and transformers load on the first question
from scalinglaws.datasets import Dataset, list_datasets, load_dataset
from scalinglaws.growth import GrowthFit, fit_growth
from scalinglaws.neural import EnvelopeFit, IsoflopFit, NeuralFit, envelope, fit_neural, isoflop
from scalinglaws.relations import RelationFit, compare_relations, fit_relation
from scalinglaws.results import FitResult, Summary
from scalinglaws.tails import (
    BinnedTailFit,
    Comparison,
    GofResult,
    TailBootstrap,
    TailFit,
    fit_tail,
    fit_tail_binned,
    fit_tail_file,
    fit_tails,
)

try:
    __version__ = version("scalinglaws")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0+unknown"

__all__ = [
    "BinnedTailFit",
    "Comparison",
    "Dataset",
    "EnvelopeFit",
    "FitResult",
    "GofResult",
    "GrowthFit",
    "IsoflopFit",
    "NeuralFit",
    "RelationFit",
    "Summary",
    "TailBootstrap",
    "TailFit",
    "__version__",
    "ask",
    "compare_relations",
    "envelope",
    "errors",
    "fit_growth",
    "fit_neural",
    "fit_relation",
    "fit_tail",
    "fit_tail_binned",
    "fit_tail_file",
    "fit_tails",
    "isoflop",
    "list_datasets",
    "load_dataset",
]
