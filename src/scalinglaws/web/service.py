"""What the pages and the JSON API both do: find the data, fit or queue, store, ask.

The methods here are blocking (they parse, fit and read SQLite); the routes
call them from a worker thread (``run_in_threadpool``) so the event loop stays free.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from scalinglaws.ask import Answer, ask
from scalinglaws.bundle import BundleEntry
from scalinglaws.datasets import list_datasets
from scalinglaws.errors import InvalidOptionError
from scalinglaws.web.fitting import prepare, run_fit
from scalinglaws.web.jobs import JobRunner
from scalinglaws.web.options import parse_options
from scalinglaws.web.settings import Settings
from scalinglaws.web.sources import Source, from_dataset, from_upload
from scalinglaws.web.store import ResultRecord, Store
from scalinglaws.web.uploads import Upload

if TYPE_CHECKING:
    from scalinglaws.ask.retrieve import Retrieval

__all__ = ["FitOutcome", "Service"]

MAX_QUESTION_CHARS = 1000
MAX_ASK_RESULTS = 20


@dataclass(frozen=True)
class FitOutcome:
    """A finished fit (``result_id`` and ``entry``) or a queued job (``job_id``)."""

    result_id: str | None = None
    entry: BundleEntry | None = None
    job_id: str | None = None


class Service:
    """The app's state (settings, store, job runner) and its operations."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.store = Store(
            settings.database,
            max_results=settings.max_results,
            max_result_bytes=settings.max_result_bytes,
            max_upload_bytes=settings.max_upload_store_bytes,
        )
        self.store.fail_interrupted_jobs()
        backend = None
        if settings.ray_address is not None:
            from scalinglaws.web.ray_jobs import RayBackend

            backend = RayBackend(settings.ray_address)
        self.jobs = JobRunner(
            self.store,
            max_jobs=settings.max_jobs,
            workers=settings.job_workers,
            timeout_s=settings.job_timeout_s,
            backend=backend,
        )

    def close(self) -> None:
        """Stop the jobs and close the store."""
        self.jobs.shutdown()
        self.store.close()

    def datasets(self) -> list[dict[str, Any]]:
        """The bundled datasets as JSON-ready records."""
        records = list_datasets().to_dict(orient="records")
        return [
            {
                "name": str(r["name"]),
                "kind": str(r["kind"]),
                "n": int(r["n"]),
                "source": str(r["source"]),
            }
            for r in records
        ]

    def source(
        self,
        *,
        upload: Upload | None = None,
        upload_id: str | None = None,
        dataset: str | None = None,
    ) -> Source:
        """The data to fit: exactly one of an upload, a stored upload's id, a dataset name."""
        given = [value is not None for value in (upload, upload_id, dataset)]
        if sum(given) != 1:
            raise InvalidOptionError(
                "give the data as exactly one of: file (an upload) or dataset (a bundled "
                "dataset name, see GET /api/datasets)."
            )
        if dataset is not None:
            return from_dataset(dataset)
        if upload_id is not None:
            stored = self.store.upload(upload_id)
            upload = Upload(stored.name, stored.data, stored.sha256)
        assert upload is not None  # exactly one was given
        return from_upload(upload)

    def keep_upload(self, upload: Upload) -> str:
        """Store an upload for the next page (the fit form); return its id."""
        return self.store.add_upload(
            upload.name, upload.sha256, upload.data, self.settings.upload_ttl_s
        )

    def fit(
        self,
        source: Source,
        kind: str,
        options: str | dict[str, Any] | None,
        *,
        client: str | None = None,
    ) -> FitOutcome:
        """Fit now, or queue a background job when the options resample.

        Raises :class:`~scalinglaws.web.errors.QuotaExceededError` (429) when ``client``
        already has ``max_jobs_per_client`` jobs queued or running, or the server
        ``max_queued_jobs``.
        """
        parsed = parse_options(kind, options)
        inputs = prepare(source, kind, parsed)
        if parsed.needs_job():
            job = self.jobs.submit(
                inputs,
                client=client,
                per_client=self.settings.max_jobs_per_client,
                total=self.settings.max_queued_jobs,
            )
            return FitOutcome(job_id=job)
        entry = run_fit(inputs, workers=1)
        return FitOutcome(result_id=self.store.add_result(entry, inputs.label), entry=entry)

    def result(self, ident: str) -> ResultRecord:
        """The stored result ``ident``; UnknownResultError when there is none."""
        return self.store.result(ident)

    def ask(self, question: str, result_ids: list[str]) -> Answer:
        """Answer a question from stored results (see :func:`scalinglaws.ask`)."""
        if len(question) > MAX_QUESTION_CHARS:
            raise InvalidOptionError(
                f"question: {len(question):,} characters is too long "
                f"(at most {MAX_QUESTION_CHARS})."
            )
        if len(result_ids) > MAX_ASK_RESULTS:
            raise InvalidOptionError(
                f"result_ids: {len(result_ids)} results is too many (at most {MAX_ASK_RESULTS})."
            )
        records = [self.store.result(ident) for ident in dict.fromkeys(result_ids)]
        entries = [record.bundle_entry() for record in records]
        return ask(
            question,
            entries,
            model=self.settings.ask_model,
            retrieval=cast("Retrieval", self.settings.ask_retrieval),
        )

    def report_html(self, ident: str) -> str:
        """The result's self-contained report page (plotly.js inlined)."""
        from scalinglaws.report import render_report

        record = self.store.result(ident)
        return render_report(record.bundle_entry(), title=f"scalinglaws report: {record.label}")
