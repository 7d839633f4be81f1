"""The suites of ``scalinglaws bench``; importing this package registers them all."""

from scalinglaws.bench.suites import europe_hub, learning_curves, outbreaks, us_cities

__all__ = ["europe_hub", "learning_curves", "outbreaks", "us_cities"]
