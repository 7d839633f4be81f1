"""Bootstrap replicates: how they are drawn (seeded, parallel) and how they are kept.

Each replicate gets its own child generator spawned from the caller's generator
(``numpy.random.Generator.spawn``), so the results are identical whatever the
number of worker processes. Work is sent to a process pool in chunks; the
optional ``progress`` callback runs in the calling process with the number of
replicates just finished.

Every family keeps its replicates in one record, :class:`Bootstrap` (after
statsmodels' results objects): the parameter names, the point estimates, the
successful replicates on the parameters' natural scale, how many were drawn and
failed, and the resampling scheme. ``FitResult.with_bootstrap`` returns a copy of
a result holding one as ``.boot``; ``conf_int``, ``stderr`` and the predictive
quantiles use it when it is there.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import as_completed
from dataclasses import dataclass
from typing import Any, Literal, TypeVar, cast, get_args

import numpy as np
import numpy.typing as npt
import pandas as pd

from scalinglaws._deprecation import deprecated
from scalinglaws._pool import process_pool
from scalinglaws._types import FloatArray
from scalinglaws._validate import check_choice, check_level, check_number
from scalinglaws.errors import InsufficientDataError, InvalidInputError, InvalidOptionError

T = TypeVar("T")
Progress = Callable[[int], None]
RandomLike = int | np.random.Generator | None

__all__ = [
    "SCHEMES",
    "Bootstrap",
    "Draws",
    "Progress",
    "Scheme",
    "as_generator",
    "bootstrap_interval",
    "percentile_interval",
    "replicate_std",
    "resolve_workers",
    "run_replicates",
]

#: How the replicates of a :class:`Bootstrap` were drawn.
Scheme = Literal["pairs", "parametric", "semi-parametric", "runs", "nonparametric"]
SCHEMES: tuple[Scheme, ...] = get_args(Scheme)


def as_generator(rng: RandomLike) -> np.random.Generator:
    """A numpy Generator from a seed, a Generator, or None (fresh entropy).

    Parameters
    ----------
    rng : int, numpy.random.Generator or None
        A seed, a generator (returned as is) or None.

    Returns
    -------
    numpy.random.Generator
        The generator.

    Raises
    ------
    InvalidOptionError
        `rng` is none of these.
    """
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None or (isinstance(rng, (int, np.integer)) and not isinstance(rng, bool)):
        return np.random.default_rng(rng)
    raise InvalidOptionError(f"rng={rng!r} must be an integer seed, a numpy Generator or None.")


def resolve_workers(workers: int | None) -> int:
    """Worker processes to use: all available cores when None.

    Parameters
    ----------
    workers : int or None
        A positive count, or None.

    Returns
    -------
    int
        The count (the CPUs this process may run on, for None).

    Raises
    ------
    InvalidOptionError
        `workers` is not a positive integer.
    """
    if workers is None:
        return max(1, len(os.sched_getaffinity(0)))
    return int(check_number(workers, "workers", low=1, integer=True))


def _run_chunk(
    task: Callable[[np.random.Generator], T], generators: Sequence[np.random.Generator]
) -> list[T]:
    return [task(generator) for generator in generators]


def run_replicates(
    task: Callable[[np.random.Generator], T],
    n_boot: int,
    *,
    rng: RandomLike,
    workers: int | None = None,
    progress: Progress | None = None,
) -> list[T]:
    """Run ``task(generator)`` for `n_boot` independent child generators, in order.

    `task` must be picklable (a module-level function or a functools.partial of one)
    when more than one worker is used. The children are spawned from `rng`
    (:meth:`numpy.random.Generator.spawn`), so the results do not depend on `workers`.

    Parameters
    ----------
    task : callable
        ``task(generator) -> T``.
    n_boot : int
        The number of replicates.
    rng : int, numpy.random.Generator or None
        The seed.
    workers : int, optional
        Worker processes (the forkserver pool of :mod:`scalinglaws._pool`); None uses
        every available core, 1 runs in this process.
    progress : callable, optional
        Called as ``progress(k)`` each time k more replicates are done.

    Returns
    -------
    list
        The `n_boot` results, in order.
    """
    count = int(check_number(n_boot, "n_boot", low=1, integer=True))
    generators = as_generator(rng).spawn(count)
    n_workers = min(resolve_workers(workers), count)
    if n_workers == 1:
        results = []
        for generator in generators:
            results.append(task(generator))
            if progress is not None:
                progress(1)
        return results
    chunk = max(1, count // (n_workers * 8))
    starts = range(0, count, chunk)
    output: list[list[T]] = [[] for _ in starts]
    with process_pool(n_workers) as pool:
        futures = {
            pool.submit(_run_chunk, task, generators[start : start + chunk]): index
            for index, start in enumerate(starts)
        }
        try:
            for future in as_completed(futures):
                output[futures[future]] = future.result()
                if progress is not None:
                    progress(len(output[futures[future]]))
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise
    return [item for part in output for item in part]


@dataclass(frozen=True)
class Draws:
    """How replicates are drawn: the seed or generator, worker processes, a progress callback.

    ``FitResult.with_bootstrap`` hands one to the family's ``_bootstrap``.

    Attributes
    ----------
    rng : int, numpy.random.Generator or None, default 0
        The seed; each replicate gets an independent child generator.
    workers : int, optional
        Worker processes; None uses every available core.
    progress : callable, optional
        Called as ``progress(k)`` each time k more replicates are done.
    """

    rng: RandomLike = 0
    workers: int | None = None
    progress: Progress | None = None

    def run(self, task: Callable[[np.random.Generator], T], n_boot: int) -> list[T]:
        """Run ``task`` `n_boot` times with these settings (:func:`run_replicates`).

        Parameters
        ----------
        task : callable
            ``task(generator) -> T``, picklable when ``workers > 1``.
        n_boot : int
            The number of replicates.

        Returns
        -------
        list
            The `n_boot` results, in order.
        """
        return run_replicates(
            task, n_boot, rng=self.rng, workers=self.workers, progress=self.progress
        )


def percentile_interval(samples: npt.ArrayLike, level: float) -> tuple[float, float]:
    """The central percentile interval of bootstrap samples at confidence `level`.

    Parameters
    ----------
    samples : array_like
        The replicates of one quantity.
    level : float
        The coverage, in (0, 1).

    Returns
    -------
    tuple of float
        The ``(1 - level) / 2`` and ``(1 + level) / 2`` sample quantiles.

    Raises
    ------
    InvalidOptionError
        `level` is not in (0, 1).
    """
    tail = (1.0 - check_level(level)) / 2.0
    values = np.asarray(samples, dtype=np.float64)
    low, high = np.quantile(values, [tail, 1.0 - tail])
    return float(low), float(high)


def replicate_std(samples: npt.ArrayLike) -> FloatArray:
    """Standard deviation (ddof = 1) of each column of `samples`, scaled before squaring.

    Each column is divided by the power of two just above its largest |value| first,
    so replicates near 1e300 (whose squares overflow) or 1e-300 (whose squares
    underflow) keep their spread. Dividing by a power of two is exact, so within
    float64's ordinary range the result is bit for bit ``np.std(samples, axis=0,
    ddof=1)``.

    Parameters
    ----------
    samples : array_like, shape (n, p) or (n,)
        Finite replicates, one row each (n >= 2).

    Returns
    -------
    ndarray, shape (p,) or a 0-d array
    """
    values = np.asarray(samples, dtype=np.float64)
    _, exponent = np.frexp(np.max(np.abs(values), axis=0, initial=0.0))  # top = m 2^e
    return np.asarray(np.ldexp(np.std(np.ldexp(values, -exponent), axis=0, ddof=1), exponent))


def bootstrap_interval(
    samples: npt.ArrayLike, estimate: npt.ArrayLike, level: float
) -> tuple[FloatArray, FloatArray]:
    """Percentile intervals of each column of `samples`, widened to include `estimate`.

    lower = min(q_{(1 - level)/2}, estimate), upper = max(q_{(1 + level)/2}, estimate),
    where q_p is the p-quantile of the replicates (Efron & Tibshirani 1993, ch. 13).

    Parameters
    ----------
    samples : array_like, shape (n, p) or (n,)
        Replicates, one row each.
    estimate : array_like, shape (p,) or scalar
        The point estimates the intervals must contain.
    level : float
        Confidence level in (0, 1).

    Returns
    -------
    lower, upper : ndarray, shape (p,)

    Notes
    -----
    The percentile interval respects a parameter's range (a positive scale stays
    positive) and is invariant under monotone reparametrisation, which the basic
    interval 2 theta - q is not. It can miss the point estimate when the bootstrap
    distribution is shifted by more than its own spread; so can the basic and the
    bias-corrected (BC) intervals, which contain the estimate under exactly the same
    condition (the estimate's rank lies between the two tail quantiles), and BCa needs
    a jackknife of n refits. Widening to the estimate keeps the interval honest (it
    can only cover more often) and changes nothing in the usual case;
    :meth:`Bootstrap.widened` names the parameters where it happened.
    """
    tail = (1.0 - check_level(level)) / 2.0
    values = np.asarray(samples, dtype=np.float64)
    low, high = np.quantile(values, [tail, 1.0 - tail], axis=0)
    point = np.asarray(estimate, dtype=np.float64)
    return np.minimum(low, point), np.maximum(high, point)


@dataclass(frozen=True, eq=False, repr=False)
class Bootstrap:
    """The bootstrap replicates of a fit: a frozen, JSON-safe record.

    Parameters
    ----------
    names : tuple of str
        Parameter (or derived quantity) names, one per column of `samples`.
    estimate : array_like, shape (p,)
        The point estimates of the full-data fit, natural scale.
    samples : array_like, shape (n_ok, p)
        The successful replicates, natural scale (failed ones are left out).
    n_boot : int
        Replicates drawn.
    n_failed : int
        Replicates that could not be refitted (``n_boot - n_ok``).
    scheme : str
        How the replicates were drawn, one of :data:`SCHEMES`: ``"pairs"`` (rows of
        the data resampled), ``"parametric"`` (data simulated from the fit),
        ``"semi-parametric"`` (Clauset et al.'s mix of both), ``"runs"`` (whole
        training runs or curves resampled), ``"nonparametric"`` (the observations of
        one sample resampled).

    Notes
    -----
    ``conf_int`` gives percentile intervals widened to contain the estimate
    (:func:`bootstrap_interval`); ``std`` the standard deviation of the
    replicates (ddof = 1; :func:`replicate_std`, safe for replicates near 1e300).
    The arrays are read-only.

    References
    ----------
    Efron, B. & Tibshirani, R. J. (1993). *An Introduction to the Bootstrap*.
    Chapman & Hall.
    """

    names: tuple[str, ...]
    estimate: FloatArray
    samples: FloatArray
    n_boot: int
    n_failed: int = 0
    scheme: Scheme = "pairs"

    def __post_init__(self) -> None:
        """Check the record's shapes and names; freeze its arrays."""
        names = tuple(str(name) for name in self.names)
        if len(set(names)) != len(names) or not names:
            raise InvalidInputError(f"Bootstrap: names={names!r} must be distinct and not empty.")
        estimate = np.array(self.estimate, dtype=np.float64).reshape(-1)
        samples = np.array(self.samples, dtype=np.float64, order="C")
        if estimate.size != len(names) or samples.ndim != 2 or samples.shape[1] != len(names):
            raise InvalidInputError(
                f"Bootstrap: {len(names)} names need {len(names)} estimates and samples of "
                f"shape (n, {len(names)}); got {estimate.size} and {samples.shape}."
            )
        if not np.isfinite(samples).all():
            raise InvalidInputError(
                "Bootstrap: samples must be finite; leave failed replicates out and count "
                "them in n_failed."
            )
        check_choice(self.scheme, "scheme", SCHEMES)
        n_boot = int(check_number(self.n_boot, "n_boot", low=0, integer=True))
        n_failed = int(check_number(self.n_failed, "n_failed", low=0, integer=True))
        if samples.shape[0] + n_failed != n_boot:
            raise InvalidInputError(
                f"Bootstrap: {samples.shape[0]} successful + {n_failed} failed replicates "
                f"!= n_boot={n_boot}."
            )
        estimate.flags.writeable = False
        samples.flags.writeable = False
        object.__setattr__(self, "names", names)
        object.__setattr__(self, "estimate", estimate)
        object.__setattr__(self, "samples", samples)
        object.__setattr__(self, "n_boot", n_boot)
        object.__setattr__(self, "n_failed", n_failed)

    @property
    def n_ok(self) -> int:
        """Successful replicates (rows of ``samples``)."""
        return int(self.samples.shape[0])

    def column(self, name: str) -> FloatArray:
        """The replicates of one parameter (read-only).

        Parameters
        ----------
        name : str
            One of ``names``.

        Returns
        -------
        numpy.ndarray, shape (n_boot,)
            The successful replicates' values, in natural units.

        Raises
        ------
        InvalidOptionError
            `name` is not one of ``names``.
        """
        check_choice(name, "name", self.names)
        return np.asarray(self.samples[:, self.names.index(name)])

    def _need(self, count: int, what: str) -> None:
        if self.n_ok < count:
            raise InsufficientDataError(
                f"{what} needs at least {count} successful bootstrap replicates, this record "
                f"has {self.n_ok} of {self.n_boot}; bootstrap again with more replicates."
            )

    def conf_int(self, level: float = 0.95) -> pd.DataFrame:
        """Intervals for every name: columns ``estimate, lower, upper`` (index: names).

        Percentile intervals widened to contain the estimate (:func:`bootstrap_interval`);
        ``attrs["widened"]`` lists the names where the widening applied.

        Parameters
        ----------
        level : float, default 0.95
            The coverage, in (0, 1).

        Returns
        -------
        pandas.DataFrame
            One row per name.

        Raises
        ------
        InsufficientDataError
            Fewer than two successful replicates.
        """
        level = check_level(level)
        self._need(2, "conf_int")
        lower, upper = bootstrap_interval(self.samples, self.estimate, level)
        table = pd.DataFrame(
            {"estimate": self.estimate, "lower": lower, "upper": upper},
            index=pd.Index(list(self.names), name="param"),
        )
        table.attrs["widened"] = list(self.widened(level))
        return table

    def widened(self, level: float = 0.95) -> tuple[str, ...]:
        """Names whose estimate lies outside the central `level` range of its replicates.

        There, the bootstrap distribution is shifted from the estimate by more than its
        spread (a biased or unstable estimator): read the interval with care.

        Parameters
        ----------
        level : float, default 0.95
            The coverage, in (0, 1).

        Returns
        -------
        tuple of str
            The names, in order.
        """
        self._need(2, "widened")
        tail = (1.0 - check_level(level)) / 2.0
        low, high = np.quantile(self.samples, [tail, 1.0 - tail], axis=0)
        outside = (self.estimate < low) | (self.estimate > high)
        return tuple(name for name, flag in zip(self.names, outside, strict=True) if flag)

    def std(self, name: str | None = None) -> Any:
        """Bootstrap standard deviations (ddof = 1): a dict by name, or one float for `name`.

        Parameters
        ----------
        name : str, optional
            One of ``names``; None gives every name.

        Returns
        -------
        dict of str to float, or float
            The standard deviations.

        Raises
        ------
        InsufficientDataError
            Fewer than two successful replicates.
        InvalidOptionError
            `name` is not one of ``names``.
        """
        self._need(2, "std")
        spread = replicate_std(self.samples)
        if name is not None:
            return float(spread[self.names.index(check_choice(name, "name", self.names))])
        return {n: float(s) for n, s in zip(self.names, spread, strict=True)}

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict; :meth:`from_dict` rebuilds the record exactly.

        Returns
        -------
        dict
            ``names``, ``estimate``, ``samples`` (lists), ``n_boot``, ``n_failed``, ``scheme``.
        """
        return {
            "names": list(self.names),
            "estimate": self.estimate.tolist(),
            "samples": self.samples.tolist(),
            "n_boot": self.n_boot,
            "n_failed": self.n_failed,
            "scheme": self.scheme,
        }

    @classmethod
    def from_rows(
        cls,
        names: Sequence[str],
        estimate: npt.ArrayLike,
        rows: npt.ArrayLike,
        scheme: Scheme = "pairs",
    ) -> Bootstrap:
        """A record from every replicate drawn, ``rows`` of shape (n_boot, p).

        Rows with a non-finite value are the failed replicates, counted in ``n_failed`` and left
        out.

        Parameters
        ----------
        names : sequence of str
            The p quantities, in column order.
        estimate : array_like, shape (p,)
            The point estimates the replicates scatter around.
        rows : array_like, shape (n_boot, p)
            Every replicate drawn, NaN rows for the failed ones.
        scheme : str, default "pairs"
            How the replicates were drawn, one of :data:`SCHEMES`.

        Returns
        -------
        Bootstrap
            The record of the successful replicates.
        """
        table = np.asarray(rows, dtype=np.float64).reshape(-1, len(names))
        ok = np.isfinite(table).all(axis=1)
        return cls(
            tuple(names),
            np.asarray(estimate, dtype=np.float64),
            table[ok],
            int(table.shape[0]),
            int((~ok).sum()),
            scheme,
        )

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Bootstrap:
        """Rebuild a record from :meth:`to_dict`.

        Parameters
        ----------
        data : dict
            The mapping :meth:`to_dict` wrote.

        Returns
        -------
        Bootstrap
            The record, identical to the one saved.
        """
        if not isinstance(data, dict):
            raise InvalidInputError(f"Bootstrap.from_dict: expected a dict, got {type(data)}.")
        names = tuple(str(name) for name in data["names"])
        samples = np.asarray(data["samples"], dtype=np.float64).reshape(-1, len(names))
        return cls(
            names,
            np.asarray(data["estimate"], dtype=np.float64),
            samples,
            int(data["n_boot"]),
            int(data.get("n_failed", 0)),
            cast(Scheme, str(data.get("scheme", "pairs"))),
        )

    def __repr__(self) -> str:
        """A one-line description: scheme, successful replicates and names."""
        return (
            f"<Bootstrap {self.scheme} {self.n_ok}/{self.n_boot} replicates: "
            f"{', '.join(self.names)}>"
        )

    # --- deprecated: the raw replicate arrays and RelationBootstrap's methods ---------
    def __getitem__(self, key: Any) -> FloatArray:
        """One parameter's replicates (deprecated for other keys).

        As in ``boot["alpha"]``; other keys index ``samples`` (deprecated: the raw arrays of
        NeuralFit.boot / FrontierFit.boot).
        """
        if isinstance(key, str):
            return self.column(key)
        deprecated("indexing a Bootstrap like an array", "boot.samples[...] or boot['name']")
        return np.asarray(self.samples[key])

    @property
    def shape(self) -> tuple[int, ...]:
        """Deprecated: the shape of ``samples`` (``.boot`` used to be that array)."""
        deprecated("Bootstrap.shape", "boot.samples.shape or boot.n_ok")
        return tuple(self.samples.shape)

    def __array__(self, dtype: Any = None, copy: Any = None) -> FloatArray:
        """The replicate matrix (deprecated: use ``.samples``)."""
        deprecated("np.asarray(fit.boot)", "fit.boot.samples")
        return np.asarray(self.samples, dtype=dtype)

    def interval(self, name: str, level: float = 0.95) -> tuple[float, float]:
        """Deprecated: one row of :meth:`conf_int`.

        Parameters
        ----------
        name : str
            One of ``names``.
        level : float, default 0.95
            The coverage, in (0, 1).

        Returns
        -------
        tuple of float
            ``(lower, upper)``.
        """
        deprecated("Bootstrap.interval(name)", "boot.conf_int(level).loc[name]")
        row = self.conf_int(level).loc[name]
        return float(row["lower"]), float(row["upper"])

    def intervals(self, level: float = 0.95) -> pd.DataFrame:
        """Deprecated: RelationBootstrap's table (median, lower, upper, std).

        Parameters
        ----------
        level : float, default 0.95
            The coverage, in (0, 1).

        Returns
        -------
        pandas.DataFrame
            Columns ``median, lower, upper, std``, indexed by name.
        """
        deprecated("Bootstrap.intervals()", "boot.conf_int(level) and boot.std()")
        table = self.conf_int(level)
        return pd.DataFrame(
            {
                "median": np.median(self.samples, axis=0),
                "lower": table["lower"].to_numpy(),
                "upper": table["upper"].to_numpy(),
                "std": replicate_std(self.samples),
            },
            index=table.index,
        )
