"""The result contract shared by every fit (docs/design.md, "The result contract").

Every fit returns an immutable :class:`FitResult` with

* ``params`` and ``stderr`` (dicts of floats),
* ``conf_int(level=0.95, *, method="auto")`` (a DataFrame: estimate, lower, upper),
* ``with_bootstrap(n_boot=1000, *, rng=0, workers=None, progress=None)`` (a copy
  holding ``.boot``, a :class:`~scalinglaws.uncertainty.Bootstrap`),
* ``predict(...)`` and, for the families that predict, ``predict_quantiles(...)``
  (see :mod:`scalinglaws.predictive`),
* ``summary()`` (a :class:`Summary` that prints as text, renders as HTML in
  notebooks and has ``to_dict()``; the result's warnings are its last notes),
* ``warnings`` (a tuple of sentences: why the fit deserves a second look; each
  was also emitted as a :class:`~scalinglaws.errors.FitWarning` when the fit ran),
* ``plot(ax=None)`` (matplotlib, imported lazily, returns the Axes),
* ``to_dict()`` / ``FitResult.from_dict()`` (JSON-safe, round-trips),
* a short ``__repr__``.

Uncertainty follows one rule in every family: with bootstrap replicates
(``.boot`` is not None) ``stderr`` is their standard deviation and
``conf_int(method="auto")`` their percentile interval (widened to contain the
estimate, :func:`scalinglaws.uncertainty.bootstrap_interval`); without them both
come from the family's analytic theory (``method="analytic"``). Either method can
be asked for by name; an unknown one raises with the valid ones listed.
"""

from __future__ import annotations

import html
import math
import warnings as _warnings
from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass, field, fields, is_dataclass, replace
from typing import TYPE_CHECKING, Any, ClassVar, Literal, Self

import numpy as np
import pandas as pd
from scipy import stats

from scalinglaws._validate import check_choice, check_level
from scalinglaws.errors import FitError, FitWarning, InvalidInputError, InvalidOptionError
from scalinglaws.uncertainty import Bootstrap, Draws, Progress, RandomLike

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["FitResult", "IntervalMethod", "Summary", "SummaryRow", "flag", "normal_intervals"]

#: How an interval or standard error is computed: ``"auto"`` (the bootstrap when the
#: result holds replicates, else the analytic theory), ``"analytic"``, ``"bootstrap"``.
IntervalMethod = Literal["auto", "analytic", "bootstrap"]


@dataclass(frozen=True)
class SummaryRow:
    """One labelled value of a result, in the words every renderer shows.

    A family writes its rows once (``FitResult.summary_rows()``); ``summary()``,
    the CLI's tables, the report, the web page and ``ask`` render them, so a
    quantity is named, formatted and judged in one place.

    Parameters
    ----------
    name : str
        The quantity, e.g. ``"alpha"``.
    value : str
        Its value as text, e.g. ``"2.2726"``.
    interval : str, optional
        Its uncertainty as text, e.g. ``"± 0.1657"`` or ``"[6.98, 10.2]"``.
    note : str, optional
        How it was obtained, e.g. ``"KS scan"`` or ``"20 replicates"``.
    verdict : str, optional
        What it says, e.g. ``"a power law is plausible (p = 0.80)"``.
    """

    name: str
    value: str
    interval: str = ""
    note: str = ""
    verdict: str = ""

    @property
    def text(self) -> str:
        """The row on one line: ``value interval (note): verdict``.

        Returns
        -------
        str
            The value, then each part that is given.
        """
        line = self.value + (f" {self.interval}" if self.interval else "")
        line += f" ({self.note})" if self.note else ""
        return line + (f": {self.verdict}" if self.verdict else "")


@dataclass(frozen=True)
class Summary:
    """A readable report of one result: a title, labelled values and notes.

    Attributes
    ----------
    title : str
        What was fitted.
    rows : tuple of (str, str)
        Labelled values, already formatted.
    notes : tuple of str
        Remarks and the fit's warnings, printed after the rows.
    """

    title: str
    rows: tuple[tuple[str, str], ...]
    notes: tuple[str, ...] = field(default=())

    def __str__(self) -> str:
        """The summary as aligned text: title, rows, then the notes."""
        width = max((len(label) for label, _ in self.rows), default=0)
        lines = [self.title, "-" * len(self.title)]
        lines += [f"{label:<{width}}  {value}" for label, value in self.rows]
        lines += [f"note: {note}" for note in self.notes]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        body = "".join(
            f"<tr><th style='text-align:left'>{html.escape(label)}</th>"
            f"<td style='text-align:left'>{html.escape(value)}</td></tr>"
            for label, value in self.rows
        )
        notes = "".join(f"<p><em>{html.escape(note)}</em></p>" for note in self.notes)
        return f"<div><strong>{html.escape(self.title)}</strong><table>{body}</table>{notes}</div>"

    def to_dict(self) -> dict[str, Any]:
        """The summary as a JSON-ready mapping.

        Returns
        -------
        dict
            ``{"title": str, "rows": [[label, value], ...], "notes": [str, ...]}``.
        """
        return {
            "title": self.title,
            "rows": [list(row) for row in self.rows],
            "notes": list(self.notes),
        }

    @classmethod
    def from_rows(
        cls, title: str, rows: Iterable[SummaryRow], notes: Iterable[str] = ()
    ) -> Summary:
        """A summary whose rows are the text of structured rows.

        Parameters
        ----------
        title : str
            The summary's title.
        rows : iterable of SummaryRow
            The rows, each shown as ``(name, row.text)``.
        notes : iterable of str, optional
            Notes after the rows.

        Returns
        -------
        Summary
            The summary.
        """
        return cls(title, tuple((row.name, row.text) for row in rows), tuple(notes))


def normal_intervals(
    params: dict[str, float], stderr: dict[str, float], level: float
) -> pd.DataFrame:
    """Wald intervals estimate +/- z_{(1+level)/2} * stderr for every parameter with a stderr.

    Parameters
    ----------
    params : dict of str to float
        The estimates.
    stderr : dict of str to float
        Standard errors; parameters without one get no row.
    level : float
        The coverage, in (0, 1).

    Returns
    -------
    pandas.DataFrame
        Columns ``estimate, lower, upper``, indexed by parameter name.
    """
    z = float(stats.norm.ppf(0.5 + check_level(level) / 2))
    names = [name for name in params if name in stderr]
    return pd.DataFrame(
        {
            "estimate": [params[name] for name in names],
            "lower": [params[name] - z * stderr[name] for name in names],
            "upper": [params[name] + z * stderr[name] for name in names],
        },
        index=pd.Index(names, name="param"),
    )


def flag(messages: Iterable[str], *, stacklevel: int = 3) -> tuple[str, ...]:
    """Emit each message as a :class:`FitWarning` and return them, for a result's ``warnings``.

    A fit calls this once with every reason it found to distrust itself, and
    stores the returned tuple on the result, so the warning is both raised (for
    ``warnings.simplefilter``) and kept (for ``summary()``, the report and ``ask``).

    Parameters
    ----------
    messages : iterable of str
        The reasons, each a full sentence.
    stacklevel : int, default 3
        Passed to :func:`warnings.warn` so the warning points at the user's call.

    Returns
    -------
    tuple of str
        The messages, in order.
    """
    found = tuple(dict.fromkeys(str(message) for message in messages))
    for message in found:
        _warnings.warn(message, FitWarning, stacklevel=stacklevel)
    return found


class FitResult(ABC):
    """Base class of every fit result; subclasses register themselves by ``kind``.

    Subclasses are frozen dataclasses with a ``boot: Bootstrap | None = None`` field
    and a ``warnings: tuple[str, ...] = ()`` field; they implement ``_summary()`` (the
    base ``summary()`` appends the warnings as notes), ``_analytic_stderr()``, and
    ``_bootstrap()`` (the family's replicates as a :class:`Bootstrap`).
    """

    kind: ClassVar[str]
    #: The interval methods ``conf_int`` accepts besides ``"auto"``.
    interval_methods: ClassVar[tuple[str, ...]] = ("analytic", "bootstrap")
    warnings: tuple[str, ...]
    boot: Bootstrap | None
    _registry: ClassVar[dict[str, type[FitResult]]] = {}

    def __post_init__(self) -> None:
        """Store every array as a read-only view: a frozen result cannot change.

        A view, so the caller's own array (a fit may keep its input) stays writable;
        writing into a result's array raises ``ValueError`` (copy it to change it).
        """
        for item in fields(self):  # type: ignore[arg-type]  # subclasses are dataclasses
            value = getattr(self, item.name)
            if isinstance(value, np.ndarray) and value.flags.writeable:
                frozen = value.view()
                frozen.flags.writeable = False
                object.__setattr__(self, item.name, frozen)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Register a subclass by its ``kind`` for :meth:`FitResult.from_dict`."""
        super().__init_subclass__(**kwargs)
        kind = cls.__dict__.get("kind")
        if isinstance(kind, str):
            FitResult._registry[kind] = cls

    @property
    @abstractmethod
    def params(self) -> dict[str, float]:
        """Point estimates by name."""

    # --- uncertainty: one rule for every family -------------------------------------
    @property
    def stderr(self) -> dict[str, float]:
        """Standard errors by name (only for parameters that have one).

        The standard deviation of the bootstrap replicates when the result holds them
        (:meth:`with_bootstrap`), else the family's analytic standard errors; the same
        rule as ``conf_int(method="auto")``. :meth:`std_errors` asks for either.
        """
        return self.std_errors("auto")

    def std_errors(self, method: IntervalMethod = "auto") -> dict[str, float]:
        """Standard errors by `method`: ``"auto"``, ``"analytic"`` or ``"bootstrap"``.

        Parameters
        ----------
        method : {"auto", "analytic", "bootstrap"}, default "auto"
            As :meth:`interval_method`: the bootstrap's standard deviations (ddof 1)
            when the result holds replicates, else the analytic (delta-method) ones.

        Returns
        -------
        dict of str to float
            One standard error per parameter that has one.

        Raises
        ------
        InvalidOptionError
            An unknown `method`, or ``"bootstrap"`` on a result without replicates.
        """
        if self.interval_method(method) == "bootstrap":
            assert self.boot is not None
            spread = self.boot.std()
            return {name: spread[name] for name in self.params if name in spread}
        return self._analytic_stderr()

    @abstractmethod
    def _analytic_stderr(self) -> dict[str, float]:
        """The family's analytic (asymptotic) standard errors."""

    def conf_int(self, level: float = 0.95, *, method: IntervalMethod = "auto") -> pd.DataFrame:
        """Intervals for the parameters: a DataFrame with columns ``estimate, lower, upper``.

        Parameters
        ----------
        level : float
            Confidence level in (0, 1).
        method : str
            ``"auto"`` (bootstrap when the result holds replicates, else analytic),
            ``"analytic"`` or ``"bootstrap"`` (see :attr:`interval_methods`).

        Returns
        -------
        pandas.DataFrame
            One row per parameter (and per derived quantity the family reports),
            indexed by name.

        Raises
        ------
        InvalidOptionError
            An unknown `method`, a `level` outside (0, 1), or ``"bootstrap"`` on a
            result without replicates.
        """
        level = check_level(level)
        if self.interval_method(method) == "bootstrap":
            return self._bootstrap_conf_int(level)
        return self._analytic_conf_int(level)

    def interval_method(self, method: IntervalMethod = "auto") -> str:
        """The interval method `method` resolves to here: ``"analytic"`` or ``"bootstrap"``.

        Parameters
        ----------
        method : {"auto", "analytic", "bootstrap"}, default "auto"
            ``"auto"`` is ``"bootstrap"`` when the result holds replicates, else ``"analytic"``.

        Returns
        -------
        str
            ``"analytic"`` or ``"bootstrap"``.

        Raises
        ------
        InvalidOptionError
            An unknown `method`, or ``"bootstrap"`` on a result without replicates.
        """
        check_choice(method, "method", ("auto", *self.interval_methods))
        if method == "auto":
            return "bootstrap" if self.boot is not None else "analytic"
        if method == "bootstrap" and self.boot is None:
            raise InvalidOptionError(
                f"method='bootstrap' needs bootstrap replicates; call "
                f"{type(self).__name__}.with_bootstrap(n_boot=1000) first."
            )
        return method

    def _analytic_conf_int(self, level: float) -> pd.DataFrame:
        """Wald intervals estimate +/- z * stderr; families override with better ones."""
        return normal_intervals(self.params, self._analytic_stderr(), level)

    def _bootstrap_conf_int(self, level: float) -> pd.DataFrame:
        assert self.boot is not None  # checked by interval_method
        return self.boot.conf_int(level)

    def with_bootstrap(
        self,
        n_boot: int = 1000,
        *,
        rng: RandomLike = 0,
        workers: int | None = None,
        progress: Progress | None = None,
    ) -> Self:
        """A copy of this result holding `n_boot` bootstrap replicates as ``.boot``.

        Each family resamples its own way (``boot.scheme``): tails resample the
        sample (x_min re-scanned), relations their rows (pairs), growth fits simulate
        from their error model (parametric), neural fits and frontiers resample runs
        (see docs/uncertainty.md).

        Parameters
        ----------
        n_boot : int
            Replicates to draw.
        rng : int, numpy.random.Generator or None
            Seed or generator; the replicates depend on it alone, never on `workers`.
        workers : int or None
            Worker processes (None: the family's default).
        progress : callable or None
            Called with the number of replicates just finished.

        Returns
        -------
        FitResult
            The same fit with ``boot`` set; ``conf_int``, ``stderr`` and the
            predictive quantiles then use the replicates.

        Raises
        ------
        FitError
            Fewer than two replicates could be refitted.
        """
        return self._attach(self._bootstrap(n_boot, Draws(rng, workers, progress)))

    def _attach(self, record: Bootstrap) -> Self:
        """A copy holding `record` as ``boot`` (FitError with fewer than 2 replicates)."""
        if record.n_ok < 2:
            raise FitError(
                f"only {record.n_ok} of {record.n_boot} bootstrap replicates could be "
                "fitted; the data are too few or too degenerate to bootstrap."
            )
        assert is_dataclass(self)
        return replace(self, boot=record)

    @abstractmethod
    def _bootstrap(self, n_boot: int, draws: Draws) -> Bootstrap:
        """Draw the family's replicates."""

    @abstractmethod
    def predict(self, x: Any, /) -> Any:
        """Evaluate the fitted law at new inputs.

        Parameters
        ----------
        x : array_like
            The inputs, in the units of the fitted data (each family documents its own).

        Returns
        -------
        numpy.ndarray
            The point predictions.
        """

    def summary(self) -> Summary:
        """A readable report of the fit.

        Its last notes are the fit's warnings (and which bootstrap intervals had to be widened to
        contain their estimate).

        Returns
        -------
        Summary
            Title, labelled values and notes; ``str()`` gives aligned text.
        """
        base = self._summary()
        flagged = tuple(f"warning: {message}" for message in self.warnings)
        if self.boot is not None and self.boot.n_ok >= 2 and self.boot.widened(0.95):
            names = ", ".join(self.boot.widened(0.95))
            flagged = (
                f"the 95% bootstrap interval of {names} was widened to contain the estimate: "
                "the replicates sit to one side of it (a biased or unstable estimate)",
                *flagged,
            )
        return replace(base, notes=base.notes + flagged) if flagged else base

    @abstractmethod
    def _summary(self) -> Summary:
        """The family's own report (title, rows, notes), without the warnings."""

    def summary_rows(self) -> tuple[SummaryRow, ...]:
        """The summary's rows, structured: name, value, interval, note, verdict.

        Families that write their words as structured rows override this; the
        others give each row of ``summary()`` with its text as the value.

        Returns
        -------
        tuple of SummaryRow
            The rows, in the summary's order.
        """
        return tuple(SummaryRow(label, text) for label, text in self._summary().rows)

    def verdicts(self) -> tuple[str, ...]:
        """The fit's conclusions as sentences, written once for every renderer.

        Returns
        -------
        tuple of str
            The sentences; empty for a family that states none.
        """
        return ()

    @abstractmethod
    def plot(self, ax: Axes | None = None) -> Axes:
        """Draw the data and the fit (needs the ``plot`` extra, matplotlib).

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Axes to draw on; a new figure when None.

        Returns
        -------
        matplotlib.axes.Axes
            The axes drawn on.
        """

    @abstractmethod
    def _payload(self) -> dict[str, Any]:
        """The JSON-safe fields that ``_from_payload`` needs to rebuild this result."""

    @classmethod
    @abstractmethod
    def _from_payload(cls, payload: dict[str, Any]) -> FitResult:
        """Rebuild a result from ``_payload()``."""

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict; ``FitResult.from_dict(r.to_dict())`` rebuilds ``r``.

        Returns
        -------
        dict
            ``kind``, the fields of the result (arrays as lists), ``warnings`` and, when
            present, the bootstrap record.
        """
        return {"kind": self.kind, **jsonable(self._payload()), "warnings": list(self.warnings)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FitResult:
        """Rebuild any result from its ``to_dict()``; dispatches on ``data["kind"]``.

        Parameters
        ----------
        data : dict
            The mapping ``to_dict()`` wrote.

        Returns
        -------
        FitResult
            A result of the class registered for ``data["kind"]``.

        Raises
        ------
        InvalidInputError
            ``kind`` is unknown, or names another class than the one called
            (``TailFit.from_dict`` on a relation).
        """
        kind = data.get("kind") if isinstance(data, dict) else None
        target = FitResult._registry.get(kind) if isinstance(kind, str) else None
        if target is None:
            raise InvalidInputError(
                f"from_dict: kind={kind!r} is not a known result type; "
                f"expected one of: {', '.join(sorted(FitResult._registry))}."
            )
        if cls is not FitResult and not issubclass(target, cls):
            raise InvalidInputError(
                f"from_dict: kind={kind!r} cannot be loaded as {cls.__name__}; "
                "call FitResult.from_dict instead."
            )
        payload = {key: value for key, value in data.items() if key not in ("kind", "warnings")}
        result = target._from_payload(payload)
        flagged = tuple(str(message) for message in data.get("warnings") or ())
        if flagged and is_dataclass(result):
            result = replace(result, warnings=flagged)
        return result

    def __repr__(self) -> str:
        """A one-line description: the class and its parameters."""
        shown = ", ".join(f"{name}={value:.4g}" for name, value in self.params.items())
        return f"<{type(self).__name__} {shown}>"


def jsonable(value: Any) -> Any:
    """Convert numpy scalars/arrays and tuples into plain JSON types, recursively.

    Non-finite floats become None so that the output is strict JSON.
    """
    if isinstance(value, dict):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(item) for item in value]
    if isinstance(value, np.ndarray):
        return jsonable(value.tolist())
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        number = float(value)
        return number if math.isfinite(number) else None
    return value
