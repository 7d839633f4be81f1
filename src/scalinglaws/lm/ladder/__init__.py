"""The scaling ladder of our own language models: sizes x token budgets x seeds.

A TOML config (:class:`LadderConfig`) plans the runs; a SQLite registry records
each run's status, eval points and result, so an interrupted ladder resumes without
losing or repeating a finished run; executors train the runs locally (in process or
in a process pool) or on Ray; :class:`Ladder` fits the finished runs, predicts the
held-out target rung (one or more sizes, each with one or more seeds), trains it
and reports every target model's prediction error.

    from scalinglaws.lm.ladder import Ladder
    lad = Ladder.from_toml("ladder.toml")
    lad.run(executor="local", resume=True)
    lad.results(); lad.fit_budget(); lad.predict_targets()
    lad.run_target(); lad.report().table()
"""

from scalinglaws.lm.ladder.config import Budget, LadderConfig, SizeSpec, TargetSpec
from scalinglaws.lm.ladder.executors import LadderStatus, RunningRun
from scalinglaws.lm.ladder.ladder import DEMO_CONFIG, QUICK_CONFIG, Ladder, RunSummary
from scalinglaws.lm.ladder.outcome import TargetPrediction, TargetReport, TargetRun
from scalinglaws.lm.ladder.plan import RunSpec
from scalinglaws.lm.ladder.predict import PROTOCOLS
from scalinglaws.lm.ladder.registry import Registry

__all__ = [
    "DEMO_CONFIG",
    "PROTOCOLS",
    "QUICK_CONFIG",
    "Budget",
    "Ladder",
    "LadderConfig",
    "LadderStatus",
    "Registry",
    "RunSpec",
    "RunSummary",
    "RunningRun",
    "SizeSpec",
    "TargetPrediction",
    "TargetReport",
    "TargetRun",
    "TargetSpec",
]
