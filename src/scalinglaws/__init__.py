"""scalinglaws: fit scaling laws rigorously, for scientists and LLM builders.

The public API (docs/design.md, "The packages"): ``fit_tail`` for power-law tails of a
distribution, ``fit_relation`` / ``compare_relations`` for scaling relations
y = f(x), ``fit_growth`` for growth curves over
time, ``fit_neural`` / ``isoflop`` / ``envelope`` for neural scaling laws L(N, D),
``forecast`` for probabilistic forecasts of a series (growth laws, their
ensembles, the hubs' naive baseline),
``list_datasets`` / ``load_dataset`` for the bundled real data, ``ask`` for
questions in plain language about results,
the result contract in :mod:`scalinglaws.results`, forecast scores in
:mod:`scalinglaws.scoring` and backtest protocols in :mod:`scalinglaws.backtest`.
Importing this package pulls in no torch, matplotlib, plotly or rich.
"""

from importlib.metadata import PackageNotFoundError, version

from scalinglaws import backtest, errors, scoring
from scalinglaws._deprecation import moved
from scalinglaws.ask import ask  # light: torch and transformers load on the first question
from scalinglaws.datasets import Dataset, list_datasets, load_dataset
from scalinglaws.forecast import Forecast, forecast
from scalinglaws.growth import GrowthFit, fit_growth
from scalinglaws.neural import (
    EnvelopeFit,
    IsoflopFit,
    JointNeuralFit,
    NeuralFit,
    envelope,
    fit_learning_curve,
    fit_neural,
    fit_neural_joint,
    isoflop,
)
from scalinglaws.quantiles import HUB_QUANTILES
from scalinglaws.relations import RelationFit, compare_relations, fit_relation
from scalinglaws.results import FitResult, Summary, SummaryRow
from scalinglaws.tails import (
    BinnedTailFit,
    TailComparison,
    TailFit,
    TailGofResult,
    fit_tail,
    fit_tail_binned,
    fit_tail_file,
    fit_tails,
)
from scalinglaws.uncertainty import Bootstrap

try:
    __version__ = version("scalinglaws")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0+unknown"

__all__ = [
    "HUB_QUANTILES",
    "BinnedTailFit",
    "Bootstrap",
    "Dataset",
    "EnvelopeFit",
    "FitResult",
    "Forecast",
    "GrowthFit",
    "IsoflopFit",
    "JointNeuralFit",
    "NeuralFit",
    "RelationFit",
    "Summary",
    "SummaryRow",
    "TailComparison",
    "TailFit",
    "TailGofResult",
    "__version__",
    "ask",
    "backtest",
    "compare_relations",
    "envelope",
    "errors",
    "fit_growth",
    "fit_learning_curve",
    "fit_neural",
    "fit_neural_joint",
    "fit_relation",
    "fit_tail",
    "fit_tail_binned",
    "fit_tail_file",
    "fit_tails",
    "forecast",
    "isoflop",
    "list_datasets",
    "load_dataset",
    "scoring",
]

__getattr__ = moved(
    __name__,
    {
        "TailBootstrap": (
            "scalinglaws._legacy:TailBootstrap",
            "TailFit.with_bootstrap() and .boot",
        ),
        "Comparison": ("scalinglaws.tails.compare:TailComparison", "sl.TailComparison"),
        "GofResult": ("scalinglaws.tails.gof:TailGofResult", "sl.TailGofResult"),
    },
)
