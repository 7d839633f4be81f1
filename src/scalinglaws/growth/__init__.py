"""Growth laws over time: exponential, logistic, Gompertz, Richards and the GGM.

``fit_growth`` fits a law to cumulative totals or incidence (least squares,
Poisson or negative binomial errors), accepts dates, and returns a
:class:`GrowthFit` with intervals, derived quantities (doubling time, growth
rate, carrying capacity, inflection time), parametric-bootstrap forecasts and
backtests. The curves themselves are in :mod:`scalinglaws.formulas.growth`.
"""

from scalinglaws._deprecation import moved
from scalinglaws.growth.fit import GrowthErrors, fit_growth
from scalinglaws.growth.laws import LAWS, GrowthLawName, Law
from scalinglaws.growth.result import GrowthFit

__all__ = ["LAWS", "GrowthErrors", "GrowthFit", "GrowthLawName", "Law", "fit_growth"]

__getattr__ = moved(
    __name__,
    {"GrowthBootstrap": ("scalinglaws._legacy:GrowthBootstrap", "GrowthFit.with_bootstrap()")},
)
