"""Reference forecasters: pure functions ``(t, y, horizon, quantiles) -> DataFrame``.

Each returns the forecast table of the toolkit (``t, mean, median, q0.01 ...``)
and is what :func:`scalinglaws.backtest.rolling_origin` and
``scalinglaws bench`` call. :func:`naive` is the forecast hubs' baseline;
:func:`transformer` our GPT pretrained on growth curves (torch is
imported when it forecasts).
(The package is ``forecasters``, not ``forecast``, so that a later top-level
function ``scalinglaws.forecast`` is never shadowed by a submodule.)
"""

from scalinglaws.forecasters.naive import naive
from scalinglaws.forecasters.transformer import transformer

__all__ = ["naive", "transformer"]
