"""The Ray engine of :func:`scalinglaws.tails.corpus.fit_tails`: one Ray task per data set.

Ray is an optional extra (``pip install 'scalinglaws[ray]'``), imported only here.
Each task runs :func:`~scalinglaws.tails.corpus.fit_one`, the same function the local
pool runs, with the same per-data-set seed, so the numbers do not depend on the
engine. Rows come back to this process, which alone writes the results table.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scalinglaws._optional import needs_extra
from scalinglaws.tails.corpus import CorpusOptions, Source, fit_one, one_blas_thread

__all__ = ["run_on_ray"]


def _task(name: str, source: Source, options: CorpusOptions) -> dict[str, Any]:
    with one_blas_thread():
        return fit_one(name, source, options)


def run_on_ray(
    pending: list[tuple[str, Source]], options: CorpusOptions, address: str, in_flight: int
) -> Iterator[dict[str, Any]]:
    """Yield the rows of `pending` as Ray tasks finish (at most 4 x `in_flight` queued)."""
    with needs_extra("ray", "fit_tails(ray=...)"):
        import ray
    started_here = not ray.is_initialized()
    if started_here:
        ray.init(
            address=None if address == "local" else address,
            include_dashboard=False,
            log_to_driver=False,
        )
    remote = ray.remote(num_cpus=1)(_task)
    queue = iter(pending)
    inflight: list[Any] = []
    try:
        while True:
            while len(inflight) < 4 * in_flight:
                item = next(queue, None)
                if item is None:
                    break
                inflight.append(remote.remote(item[0], item[1], options))
            if not inflight:
                return
            ready, inflight = ray.wait(inflight, num_returns=1)
            for ref in ready:
                yield ray.get(ref)
    finally:
        for ref in inflight:
            ray.cancel(ref, force=True)
        if started_here:
            ray.shutdown()
