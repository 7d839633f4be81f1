"""The ladder's target rung: predict it, store the prediction, train it, report the error.

:class:`TargetRung` holds the methods of :class:`~scalinglaws.lm.ladder.Ladder` that
deal with the target; the ladder supplies the registry, the plan and the results.
The predictions are stored in the registry *before* the target's first training
step, keyed by the target's run ids, so a changed target (other sizes, budget or
seeds) is a new prediction and is never judged against an old one.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from scalinglaws._deprecation import deprecated
from scalinglaws._validate import check_choice, check_level
from scalinglaws.errors import InsufficientDataError, InvalidOptionError
from scalinglaws.lm.ladder.config import LadderConfig, TargetSpec
from scalinglaws.lm.ladder.outcome import TargetPrediction, TargetReport, TargetRun, seed_spread
from scalinglaws.lm.ladder.predict import (
    PROTOCOLS,
    budget_rows,
    fit_budget,
    predict_from_budget,
    predict_from_surface,
)
from scalinglaws.neural import NeuralFit
from scalinglaws.relations import RelationFit

if TYPE_CHECKING:
    import pandas as pd

    from scalinglaws.lm.ladder.executors import Progress
    from scalinglaws.lm.ladder.plan import RunSpec
    from scalinglaws.lm.ladder.registry import Registry

__all__ = ["RunSummary", "TargetRung"]

_PREDICTION_KEY = "target_prediction"


@dataclass(frozen=True)
class RunSummary:
    """What one call of :meth:`Ladder.run` did.

    Attributes
    ----------
    planned : int
        Runs planned.
    done : int
        Runs finished (now or before).
    failed : tuple of str
        Ids of the runs that failed.
    elsewhere : tuple of str
        Ids of the runs another live process is training.
    seconds : float
        Wall time of the call.
    """

    planned: int
    done: int
    failed: tuple[str, ...]
    elsewhere: tuple[str, ...]  # runs another live process is training
    seconds: float

    @property
    def complete(self) -> bool:
        """Whether every run of the size finished."""
        return self.done == self.planned


class TargetRung:
    """The target's half of :class:`~scalinglaws.lm.ladder.Ladder` (a mixin)."""

    config: LadderConfig

    if TYPE_CHECKING:

        @property
        def registry(self) -> Registry:
            """The ladder's registry."""

        def target_plan(self) -> list[RunSpec]:
            """The runs of the target rung."""

        def results(self, *, include_target: bool = True) -> pd.DataFrame:
            """The finished runs as a table."""

        def _finished(self) -> pd.DataFrame: ...

        def fit(self, form: str = ..., *, n_boot: int = ..., rng: int = ...) -> NeuralFit:
            """The neural scaling law fitted to the finished ladder runs."""

        def _run(
            self,
            specs: list[RunSpec],
            executor: str,
            resume: bool,
            workers: int,
            progress: Progress | None,
            keep_checkpoints: bool,
            ray_address: str | None,
            stale_after: float,
        ) -> RunSummary: ...

    def _target(self) -> TargetSpec:
        if self.config.target is None:
            raise InvalidOptionError(
                f"ladder {self.config.name!r} has no [target] table; add one with size and budget."
            )
        return self.config.target

    def fit_budget(self) -> RelationFit:
        """The power law L = a N^b at the target's budget.

        Fitted through the finished ladder runs at the target's budget
        (:mod:`scalinglaws.lm.ladder.predict`).

        Returns
        -------
        RelationFit
            The fit of ln L on ln N.
        """
        rows = budget_rows(self._finished(), self._target())
        return fit_budget(rows, what=f"ladder {self.config.name!r}")

    def predict_targets(
        self,
        level: float | None = 0.95,
        *,
        protocol: str = "budget",
        fit: RelationFit | NeuralFit | None = None,
        form: str = "chinchilla",
        n_boot: int = 200,
        rng: int = 0,
    ) -> tuple[TargetPrediction, ...]:
        """The loss of one trained model of each target size, with a prediction interval.

        Parameters
        ----------
        level : float or None
            Level of the prediction interval; None for the point alone.
        protocol : str
            ``"budget"``: the power law in N along the target's budget (needs that
            budget in the ladder); ``"surface"``: :func:`scalinglaws.fit_neural`
            with `form` on every finished run. See :mod:`scalinglaws.lm.ladder.predict`.
        fit : RelationFit or NeuralFit, optional
            An already fitted law of the protocol's kind (otherwise fitted here).
        form, n_boot, rng
            The surface fit's form, bootstrap replicates and seed.

        Returns
        -------
        tuple of TargetPrediction
            One per target size, in the config's order.
        """
        target = self._target()
        check_choice(protocol, "protocol", PROTOCOLS)
        if level is not None:
            level = check_level(level)
        if protocol == "budget":
            if fit is not None and not isinstance(fit, RelationFit):
                raise InvalidOptionError(
                    "protocol='budget' takes fit=ladder.fit_budget() (a RelationFit); "
                    "pass protocol='surface' with a NeuralFit."
                )
            law = fit if fit is not None else self.fit_budget()
            return tuple(
                predict_from_budget(law, size, target.tokens_of(size), level)
                for size in target.sizes
            )
        if fit is not None and not isinstance(fit, NeuralFit):
            raise InvalidOptionError(
                "protocol='surface' takes fit=ladder.fit(...) (a NeuralFit); "
                "pass protocol='budget' with a RelationFit."
            )
        surface = fit if fit is not None else self.fit(form, n_boot=n_boot, rng=rng)
        return tuple(
            predict_from_surface(surface, size, target.tokens_of(size), level)
            for size in target.sizes
        )

    def predict_target(self, level: float | None = 0.95, **options: Any) -> TargetPrediction:
        """The first target size's prediction (:meth:`predict_targets` has them all).

        Parameters
        ----------
        level : float or None, default 0.95
            The prediction interval's coverage; None for a point prediction.
        **options
            Keywords of :meth:`predict_targets` (``protocol``, ``fit``, ``form``, ...).

        Returns
        -------
        TargetPrediction
            The prediction for the first target size.
        """
        return self.predict_targets(level, **options)[0]

    def _prediction_key(self) -> str:
        return f"{_PREDICTION_KEY}:" + ",".join(spec.run_id for spec in self.target_plan())

    def record_predictions(self, predictions: Sequence[TargetPrediction]) -> None:
        """Store the predictions the targets will be judged against (before training them).

        Parameters
        ----------
        predictions : sequence of TargetPrediction
            One per target size.

        Raises
        ------
        InvalidOptionError
            When a target size has no prediction.
        """
        sizes = {p.size for p in predictions}
        missing = [s.name for s in self._target().sizes if s.name not in sizes]
        if missing:
            raise InvalidOptionError(
                f"no prediction for target size(s) {', '.join(map(repr, missing))}; pass "
                "ladder.predict_targets(), which predicts every target size."
            )
        data = {"predictions": [p.to_dict() for p in predictions]}
        self.registry.set_meta(self._prediction_key(), data)

    def stored_predictions(self) -> tuple[TargetPrediction, ...] | None:
        """The stored predictions of the current target, or None.

        Returns
        -------
        tuple of TargetPrediction or None
            One per target size, None when none was stored for this target.
        """
        data = self.registry.get_meta(self._prediction_key())
        if data is None:
            return None
        items = data.get("predictions", [data])  # one prediction, before target sizes
        return tuple(TargetPrediction.from_dict(item) for item in items)

    def record_prediction(self, prediction: TargetPrediction) -> None:
        """Deprecated: :meth:`record_predictions` (one per target size).

        Parameters
        ----------
        prediction : TargetPrediction
            The prediction of the first target size.
        """
        deprecated("Ladder.record_prediction(p)", "Ladder.record_predictions([p, ...])")
        self.record_predictions((prediction,))

    def stored_prediction(self) -> TargetPrediction | None:
        """Deprecated: :meth:`stored_predictions` (one per target size).

        Returns
        -------
        TargetPrediction or None
            The first target size's stored prediction.
        """
        deprecated("Ladder.stored_prediction()", "Ladder.stored_predictions()")
        stored = self.stored_predictions()
        return None if stored is None else stored[0]

    def run_target(
        self,
        executor: str = "local",
        *,
        workers: int = 1,
        progress: Progress | None = None,
        keep_checkpoints: bool = False,
        ray_address: str | None = None,
        prediction: TargetPrediction | Sequence[TargetPrediction] | None = None,
    ) -> RunSummary:
        """Train every target run, after storing the predictions they will be judged against.

        Stored predictions are never replaced: the targets are judged against what was
        predicted before they trained. With none stored, the given predictions are
        stored, or, with none given, they are made now (:meth:`predict_targets`). With
        some stored, `prediction` may only repeat them (as ``ladder.stored_predictions()``
        does, so a resumed run can pass them again).

        Parameters
        ----------
        executor : {"local", "ray"}, default "local"
            Where to train (as :meth:`Ladder.run`).
        workers : int, default 1
            Runs trained at once.
        progress : callable, optional
            Called with a :class:`LadderStatus` as runs start, evaluate, end.
        keep_checkpoints : bool, default False
            Keep each finished run's checkpoint.
        ray_address : str, optional
            The Ray cluster to join.
        prediction : TargetPrediction or sequence of them, optional
            Predictions to store instead of making them now; when predictions are
            already stored for this target, they must be the stored ones.

        Returns
        -------
        RunSummary
            What the call did.

        Raises
        ------
        InvalidOptionError
            `prediction` differs from the predictions already stored for this target
            (both are named).
        """
        specs = self.target_plan()
        self._target()
        given = (prediction,) if isinstance(prediction, TargetPrediction) else prediction
        stored = self.stored_predictions()
        if stored is None:
            self.record_predictions(self.predict_targets() if given is None else given)
        elif given is not None and _by_size(given) != _by_size(stored):
            raise InvalidOptionError(
                "run_target: predictions are already stored for this target and the given "
                f"ones differ; stored: {_listed(stored)}; given: {_listed(given)}. A stored "
                "prediction is never replaced (the targets are judged against what was "
                "predicted before they trained): pass prediction=None to train against the "
                "stored ones, or change the target to predict anew."
            )
        return self._run(
            specs, executor, True, workers, progress, keep_checkpoints, ray_address, 3600.0
        )

    def report(self) -> TargetReport:
        """Every finished target run against the stored prediction for its size.

        Returns
        -------
        TargetReport
            The trained targets, their predictions and errors.
        """
        predictions = self.stored_predictions()
        if predictions is None:
            raise InvalidOptionError("no target prediction is stored yet; call run_target() first.")
        by_size = {p.size or self._target().size.name: p for p in predictions}
        table = self.results()
        done = table[(table["role"] == "target") & (table["status"] == "done")]
        current = {spec.run_id for spec in self.target_plan()}
        done = done[done["run_id"].isin(current)]
        if done.empty:
            raise InsufficientDataError("the target rung has not finished; call run_target().")
        runs = tuple(
            TargetRun(run_id, int(seed), float(loss), by_size[size])
            for run_id, seed, loss, size in zip(
                done["run_id"], done["seed"], done["loss"], done["size"], strict=True
            )
        )
        return TargetReport(runs, seed_spread(table[table["role"] == "ladder"]))


def _by_size(predictions: Sequence[TargetPrediction]) -> dict[str, dict[str, Any]]:
    """Predictions by target size, every field, for telling stored from given ones."""
    return {p.size: p.to_dict() for p in predictions}


def _listed(predictions: Sequence[TargetPrediction]) -> str:
    """Each prediction in words with the time it was made (two can differ only in that)."""
    return ", ".join(
        f"{p} made {time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime(p.made_at))} UTC"
        for p in predictions
    )
