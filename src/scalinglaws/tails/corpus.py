"""fit_tails: many data sets fitted in parallel into one resumable results table.

Corpus studies (e.g. Broido & Clauset 2019's 3,662 degree sequences) fit the same
analysis -- x_min scan, goodness of fit, likelihood ratios, verdict -- to thousands
of data sets. Each data set is one task; tasks run in a local process pool (default)
or on a Ray cluster, and each row is checkpointed as it finishes (see
:mod:`.corpus_store`), so a killed run resumes where it stopped.

Every data set draws its random numbers from its own generator, seeded by the
corpus seed and a hash of its name (``SeedSequence([seed, sha256(name)])``): the
numbers are the same whatever the order, the number of workers, the engine (local
or Ray) or the interruptions.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import os
import time
import warnings
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from scalinglaws._pool import process_pool
from scalinglaws._validate import check_number
from scalinglaws.errors import (
    FitError,
    FitWarning,
    InvalidInputError,
    InvalidOptionError,
    ScalingLawError,
)
from scalinglaws.io import read_values_and_counts
from scalinglaws.tails.alternatives import TailAlternative
from scalinglaws.tails.compare import valid_alternatives
from scalinglaws.tails.corpus_store import ResultsStore
from scalinglaws.tails.fit import MIN_TAIL, fit_tail
from scalinglaws.tails.result import TailFit
from scalinglaws.uncertainty import Progress, resolve_workers

__all__ = ["CorpusOptions", "fit_one", "fit_tails"]

Source = Any  # values, (values, counts), or a file path


@dataclass(frozen=True)
class CorpusOptions:
    """The analysis applied to every data set of a corpus."""

    n_boot: int = 200
    compare: tuple[TailAlternative, ...] | None = None  # None: every valid alternative
    seed: int = 0
    discrete: bool | None = None
    min_tail: int = MIN_TAIL
    drop_nonpositive: bool = False


def _name_seed(name: str) -> int:
    return int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:8], "little")


def _load(source: Source) -> tuple[Any, Any]:
    if isinstance(source, (str, os.PathLike)):
        return read_values_and_counts(source)
    if isinstance(source, tuple) and len(source) == 2:
        return source
    return source, None


def row_of(name: str, fit: TailFit) -> dict[str, Any]:
    """One results-table row: the fit, its goodness of fit, each comparison, the verdict."""
    row: dict[str, Any] = {
        "name": name,
        "n": fit.n,
        "discrete": fit.discrete,
        "xmin": fit.xmin,
        "alpha": fit.alpha,
        "alpha_stderr": fit.alpha_stderr,
        "n_tail": fit.n_tail,
        "ks_distance": fit.ks_distance,
        "gof_p": None if fit.gof_result is None else fit.gof_result.p_value,
    }
    for comparison in fit.comparisons:
        row[f"{comparison.alternative}_R"] = comparison.statistic
        row[f"{comparison.alternative}_p"] = comparison.p_value
    row["verdict"] = fit.support
    row["warnings"] = "; ".join(fit.warnings)
    row["n_dropped"] = fit.n_dropped
    return row


def fit_one(name: str, source: Source, options: CorpusOptions) -> dict[str, Any]:
    """Fit and assess one data set; a row with ``error`` set when it cannot be fitted."""
    started = time.perf_counter()
    rng = np.random.default_rng([options.seed, _name_seed(name)])
    try:
        values, counts = _load(source)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FitWarning)  # kept in fit.warnings
            fit = fit_tail(
                values,
                counts,
                discrete=options.discrete,
                min_tail=options.min_tail,
                drop_nonpositive=options.drop_nonpositive,
            )
        alternatives = (
            valid_alternatives(fit.discrete) if options.compare is None else options.compare
        )
        fit = fit.assess(n_boot=options.n_boot, compare=(), rng=rng, workers=1)
        tests, failed = [], []
        for alternative in alternatives:
            try:  # one alternative that cannot be fitted does not cost the others
                tests.append(fit.compare(alternative))
            except FitError as exc:
                failed.append(f"{alternative}: {exc}")
        row = row_of(name, replace(fit, comparisons=tuple(tests)))
        row["error"] = "; ".join(failed) or None
    except ScalingLawError as exc:
        row = {"name": name, "error": f"{type(exc).__name__}: {exc}"}
    row["seconds"] = time.perf_counter() - started
    return row


def one_blas_thread() -> contextlib.AbstractContextManager[Any]:
    """One BLAS thread while fitting.

    The pool supplies the parallelism, and several spinning BLAS threads per worker slow the small
    optimisations ~10x on a busy machine. (threadpoolctl when installed; otherwise nothing changes.)
    """
    try:
        from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]
    except ImportError:  # pragma: no cover - threadpoolctl is optional
        return contextlib.nullcontext()
    limits: contextlib.AbstractContextManager[Any] = threadpool_limits(1)
    return limits


def _worker_init() -> None:
    one_blas_thread()  # applied for the life of the worker process


def named_sources(data: Any) -> dict[str, Source]:
    """Data set name -> source from a mapping, a folder, or a sequence of paths."""
    if isinstance(data, Mapping):
        return {str(name): source for name, source in data.items()}
    if isinstance(data, (str, os.PathLike)):
        folder = Path(data)
        if not folder.is_dir():
            raise InvalidInputError(
                f"{folder}: not a folder; pass a folder of data files, a list of paths, "
                "or a mapping of name -> values."
            )
        files = sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))
        if not files:
            raise InvalidInputError(f"{folder}: holds no data files.")
        return {str(p.relative_to(folder)): p for p in files}
    if isinstance(data, Sequence) and all(isinstance(p, (str, os.PathLike)) for p in data):
        paths = [Path(p) for p in data]
        names = [p.stem for p in paths]
        if len(set(names)) < len(names):
            names = [str(p) for p in paths]
        return dict(zip(names, paths, strict=True))
    raise InvalidInputError(
        f"data: expected a mapping of name -> values, a folder or a list of paths, "
        f"got {type(data).__name__}."
    )


def fit_tails(
    data: Any,
    *,
    n_boot: int = 200,
    compare: Sequence[TailAlternative] | None = None,
    rng: int = 0,
    discrete: bool | None = None,
    min_tail: int = MIN_TAIL,
    drop_nonpositive: bool = False,
    out: str | os.PathLike[str] | None = None,
    workers: int | None = None,
    ray: str | None = None,
    checkpoint_every: int = 25,
    progress: Progress | None = None,
) -> pd.DataFrame:
    """Fit a power-law tail to every data set of a corpus, in parallel.

    Parameters
    ----------
    data : mapping, folder or list of paths
        A mapping of name -> values (or ``(values, counts)``), a folder of data files
        (every file is one data set, named by its path inside the folder), or a list
        of file paths. Files are read like ``scalinglaws fit tail FILE`` reads them
        (value/count histograms stay counts).
    n_boot : int, default 200
        Goodness-of-fit replicates per data set (0 skips the bootstrap).
    compare : tuple of str, optional
        Alternatives to test; None tests every one valid for the data type.
    rng : int, default 0
        The corpus seed; each data set's generator is seeded by it and its name.
    discrete, min_tail, drop_nonpositive : bool or None, int, bool
        As for :func:`fit_tail`.
    out : str or pathlib.Path, optional
        A Parquet file for the results table. Finished rows are checkpointed next to it,
        and a run started again with the same `out` fits only the missing data sets.
    workers : int, optional
        Local worker processes (default: all cores); the number of tasks in flight
        with Ray.
    ray : str, optional
        A Ray cluster address (``"auto"``, ``"ray://host:10001"``, or ``"local"`` for a
        new local instance) to run the tasks on instead of local processes.
    checkpoint_every : int, default 25
        Rows between checkpoints (also written every 10 seconds).
    progress : callable, optional
        Called with 1 for every data set finished.

    Returns
    -------
    pandas.DataFrame
        One row per data set, in input order: ``name, n, discrete, xmin, alpha,
        alpha_stderr, n_tail, ks_distance, gof_p``, ``<alternative>_R`` and
        ``<alternative>_p`` for each comparison, ``verdict`` (Clauset et al.'s support),
        ``warnings``, ``n_dropped``, ``error`` (why a data set, or one of its alternatives,
        could not be fitted) and
        ``seconds``.

    References
    ----------
    A. D. Broido & A. Clauset, "Scale-free networks are rare", Nature Communications
    10, 1017 (2019).
    """
    if isinstance(rng, bool) or not isinstance(rng, (int, np.integer)):
        raise InvalidOptionError(f"rng={rng!r} must be an integer seed for a corpus fit.")
    options = CorpusOptions(
        n_boot=int(check_number(n_boot, "n_boot", low=0, integer=True)),
        compare=None if compare is None else tuple(compare),
        seed=int(rng),
        discrete=discrete,
        min_tail=min_tail,
        drop_nonpositive=drop_nonpositive,
    )
    sources = named_sources(data)
    store = ResultsStore(out, every=checkpoint_every)
    pending = [(name, source) for name, source in sources.items() if name not in store.rows]
    n_workers = resolve_workers(workers)
    try:
        if ray is not None:
            from scalinglaws.tails.corpus_ray import run_on_ray

            rows: Iterator[dict[str, Any]] = run_on_ray(pending, options, ray, n_workers)
        else:
            rows = _run_local(pending, options, n_workers)
        for row in rows:
            store.add(row)
            if progress is not None:
                progress(1)
    finally:
        store.flush()
    return store.finish(sources)


def _run_local(
    pending: list[tuple[str, Source]], options: CorpusOptions, n_workers: int
) -> Iterator[dict[str, Any]]:
    if n_workers == 1 or len(pending) <= 1:
        with one_blas_thread():
            for name, source in pending:
                yield fit_one(name, source, options)
        return
    queue = iter(pending)
    with process_pool(n_workers, initializer=_worker_init) as pool:
        inflight: set[Future[dict[str, Any]]] = set()
        for name, source in itertools.islice(queue, 4 * n_workers):
            inflight.add(pool.submit(fit_one, name, source, options))
        while inflight:
            done, inflight = wait(inflight, return_when=FIRST_COMPLETED)
            for future in done:
                yield future.result()
                for name, source in itertools.islice(queue, 1):
                    inflight.add(pool.submit(fit_one, name, source, options))
