"""Scaling relations y = f(x): power, power with offset, broken power, exponential, linear.

>>> import numpy as np
>>> from scalinglaws.relations import fit_relation
>>> x = np.geomspace(1, 1e4, 50)
>>> fit = fit_relation(x, 3.0 * x**0.75, law="power", method="ols_log")
>>> round(fit.params["b"], 6), round(fit.params["a"], 6)
(0.75, 3.0)

Modules: :mod:`.fit` (``fit_relation``), :mod:`.result` (``RelationFit``),
:mod:`.compare` (``compare_relations``), :mod:`.bootstrap` (pairs bootstrap);
the private ``_laws``, ``_estimate``, ``_axis`` (SMA/MA after Warton et al. 2006),
``_inference`` (intervals, predictions, the exponent test) and ``_data`` (checks).
"""

from scalinglaws._deprecation import moved
from scalinglaws.relations._inference import Correction, ExponentTest
from scalinglaws.relations._laws import (
    LAWS,
    METHODS,
    RelationLaw,
    RelationLawName,
    RelationMethod,
)
from scalinglaws.relations.compare import RelationComparison, compare_relations
from scalinglaws.relations.fit import fit_relation
from scalinglaws.relations.result import RelationFit

__all__ = [
    "LAWS",
    "METHODS",
    "Correction",
    "ExponentTest",
    "RelationComparison",
    "RelationFit",
    "RelationLaw",
    "RelationLawName",
    "RelationMethod",
    "compare_relations",
    "fit_relation",
]

__getattr__ = moved(
    __name__,
    {
        "RelationBootstrap": (
            "scalinglaws.uncertainty:Bootstrap",
            "scalinglaws.uncertainty.Bootstrap (RelationFit.with_bootstrap().boot)",
        )
    },
)
