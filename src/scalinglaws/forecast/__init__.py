"""Probabilistic forecasts of a time series: ``sl.forecast`` and the ``Forecast`` result.

``forecast(t, y, horizon, method=...)`` fits a growth law, the hubs' naive
baseline, the pretrained Transformer or an ensemble of methods (by default naive
and the Transformer; the growth laws and naive without torch) to a series (or to its last ``window``
points) and returns a :class:`Forecast`: the predictive quantiles per future
time (``.table``: t, mean, median, q0.01 ... q0.99), the members and their
weights, warnings, a fan chart, a summary and a JSON round trip.

* :mod:`.members`: the methods by name (:data:`METHODS`; :func:`register_method`
  adds one, e.g. the Transformer forecaster);
* :mod:`.ensemble`: members run, weighted (AICc, past WIS or equal) and combined;
* :mod:`.backtested` and :mod:`.calibrate`: the ensemble refitted at past origins of
  the data and its bands widened by its own past errors (``calibrate=True``);
* :mod:`.combine`: the weights and the two combinations (quantile averaging and
  the probability mixture) as pure functions;
* :mod:`.result`: the :class:`Forecast` result kind;
* :mod:`.pretrained`: the shipped Transformer forecaster as the method
  ``"transformer"`` (torch loads when it forecasts).

(No module here is called ``forecast``: it would shadow the function.)
"""

from scalinglaws.forecast import pretrained  # noqa: F401  (registers "transformer")
from scalinglaws.forecast.api import DEFAULTS, forecast
from scalinglaws.forecast.combine import COMBINATIONS, Combination
from scalinglaws.forecast.ensemble import (
    DEFAULT_MEMBERS,
    LAW_MEMBERS,
    WEIGHTINGS,
    Member,
    Weighting,
    default_members,
)
from scalinglaws.forecast.members import (
    METHODS,
    ForecastMethod,
    MemberForecast,
    Options,
    register_method,
)
from scalinglaws.forecast.result import Forecast

__all__ = [
    "COMBINATIONS",
    "DEFAULTS",
    "DEFAULT_MEMBERS",
    "LAW_MEMBERS",
    "METHODS",
    "WEIGHTINGS",
    "Combination",
    "Forecast",
    "ForecastMethod",
    "Member",
    "MemberForecast",
    "Options",
    "Weighting",
    "default_members",
    "forecast",
    "register_method",
]
