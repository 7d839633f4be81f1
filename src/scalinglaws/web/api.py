"""The JSON API (docs/web.md); every page is built on the same operations.

::

    GET  /api/datasets                 -> [{name, kind, n, source}]
    POST /api/fit                      multipart: file=@data.csv or dataset=NAME, kind, options=JSON
                                       -> 200 {id, result} or 202 {job}
    GET  /api/jobs/{id}                -> {id, status, progress, result_id, error, message}
    POST /api/jobs/{id}/cancel         -> the job, cancelled
    GET  /api/results                  -> [{id, kind, label, created}] (newest first)
    GET  /api/results/{id}             -> result.to_dict()
    GET  /api/results/{id}/report.html -> the report page (?download=true: as a file)
    GET  /api/results/{id}/bundle.json -> the result as a results bundle, as a file
    POST /api/ask                      JSON {question, result_ids} -> {text, value, unit,
                                       interval, kind, result, abstained, score, source, ...}

Errors are ``{"error": <ScalingLawError subclass>, "message": ...}`` with a 4xx
status (see :mod:`scalinglaws.web.errors`).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, Path, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from scalinglaws.web.csp import report_policy, with_plotly_slots
from scalinglaws.web.options import Kind
from scalinglaws.web.security import client_of
from scalinglaws.web.service import MAX_ASK_RESULTS, MAX_QUESTION_CHARS, Service
from scalinglaws.web.uploads import receive

__all__ = ["ERROR_RESPONSES", "router", "service_of"]

Ident = Annotated[str, Path(min_length=1, max_length=64, description="A result or job id.")]


class ErrorBody(BaseModel):
    error: str = Field(description="The ScalingLawError subclass, e.g. InvalidOptionError.")
    message: str = Field(description="What is wrong and how to fix it.")


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": text}
    for status, text in (
        (400, "The Host header does not name this server."),
        (401, "The server needs its token (Authorization: Bearer TOKEN)."),
        (403, "A browser request from another origin or without its CSRF token."),
        (404, "Unknown dataset, result or job (or a result evicted from the store)."),
        (408, "The request body took too long to arrive."),
        (413, "The upload is over the size or row limit."),
        (422, "Invalid data or options."),
        (429, "Over a per-client or server-wide limit on jobs or requests."),
    )
}


class DatasetInfo(BaseModel):
    name: str
    kind: str
    n: int
    source: str


class FitDone(BaseModel):
    id: str = Field(description="The stored result's id.")
    result: dict[str, Any] = Field(description="The result's to_dict().")


class JobAccepted(BaseModel):
    job: str = Field(description="The background job's id; poll GET /api/jobs/{id}.")


class JobState(BaseModel):
    id: str
    status: Literal["queued", "running", "done", "failed", "cancelled"]
    progress: float = Field(description="Fraction of the bootstrap replicates done, 0 to 1.")
    result_id: str | None
    error: str | None
    message: str | None


class ResultInfo(BaseModel):
    id: str
    kind: str
    label: str
    created: str


class AskRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: str = Field(min_length=1, max_length=MAX_QUESTION_CHARS)
    result_ids: list[Annotated[str, Field(max_length=64)]] = Field(
        min_length=1, max_length=MAX_ASK_RESULTS
    )


class AskAnswer(BaseModel):
    text: str
    score: float
    source: str
    sentence: str
    method: str
    note: str | None
    value: float | None = None
    unit: str | None = None
    interval: list[float] | None = None
    kind: str | None = None
    result: str | None = None
    abstained: bool = False


def service_of(request: Request) -> Service:
    """The app's :class:`Service` (made by :func:`scalinglaws.web.create_app`)."""
    service = request.app.state.service
    assert isinstance(service, Service)
    return service


router = APIRouter(prefix="/api", responses=ERROR_RESPONSES)


@router.get("/datasets", response_model=list[DatasetInfo])
async def datasets(request: Request) -> list[dict[str, Any]]:
    """The bundled datasets."""
    return service_of(request).datasets()


@router.post(
    "/fit",
    response_model=FitDone,
    responses={202: {"model": JobAccepted, "description": "Queued as a background job."}},
)
async def fit(
    request: Request,
    kind: Annotated[Kind, Form(description="tail, relation, growth, neural or forecast.")],
    options: Annotated[
        str,
        Form(
            max_length=20_000,
            description="JSON object: columns and fit options.",
            examples=['{"discrete": false}'],
        ),
    ] = "{}",
    dataset: Annotated[
        str | None,
        Form(
            max_length=200,
            description="A bundled dataset name.",
            examples=["clauset2009/cities"],
        ),
    ] = None,
    file: Annotated[
        UploadFile | None, File(description="CSV, TSV, Parquet or one number per line.")
    ] = None,
) -> Any:
    """Fit a law to an uploaded file or a bundled dataset."""
    service = service_of(request)
    upload = None
    if file is not None:
        settings = service.settings
        upload = await receive(
            file,
            file.filename,
            max_bytes=settings.max_upload_bytes,
            max_rows=settings.max_rows,
        )

    client = client_of(request.scope)

    def work() -> Any:
        source = service.source(upload=upload, dataset=dataset or None)
        return service.fit(source, kind, options, client=client)

    outcome = await run_in_threadpool(work)
    if outcome.job_id is not None:
        return JSONResponse({"job": outcome.job_id}, status_code=202)
    return {"id": outcome.result_id, "result": outcome.entry.result.to_dict()}


@router.get("/jobs/{ident}", response_model=JobState)
async def job(request: Request, ident: Ident) -> dict[str, Any]:
    """A background job's status and progress."""
    record = await run_in_threadpool(service_of(request).store.job, ident)
    return _job_dict(record)


@router.post("/jobs/{ident}/cancel", response_model=JobState)
async def cancel_job(request: Request, ident: Ident) -> dict[str, Any]:
    """Cancel a queued or running job."""
    record = await run_in_threadpool(service_of(request).jobs.cancel, ident)
    return _job_dict(record)


def _job_dict(record: Any) -> dict[str, Any]:
    fields = ("id", "status", "progress", "result_id", "error", "message")
    return {name: getattr(record, name) for name in fields}


@router.get("/results", response_model=list[ResultInfo])
async def results(request: Request) -> list[dict[str, Any]]:
    """The stored results, newest first (at most 50)."""
    records = await run_in_threadpool(service_of(request).store.recent_results)
    return [{"id": r.id, "kind": r.kind, "label": r.label, "created": r.created} for r in records]


@router.get("/results/{ident}")
async def result(request: Request, ident: Ident) -> dict[str, Any]:
    """A stored result's to_dict()."""
    record = await run_in_threadpool(service_of(request).result, ident)
    data: dict[str, Any] = record.entry["result"]
    return data


@router.get("/results/{ident}/report.html", response_class=HTMLResponse)
async def report(
    request: Request,
    ident: Ident,
    download: Annotated[bool, Query(description="Send as a file to save.")] = False,
) -> HTMLResponse:
    """The result's self-contained HTML report (interactive plots, offline)."""
    text = with_plotly_slots(await run_in_threadpool(service_of(request).report_html, ident))
    headers = {"Content-Security-Policy": report_policy(text)}
    if download:
        headers["Content-Disposition"] = f'attachment; filename="report-{ident}.html"'
    return HTMLResponse(text, headers=headers)


@router.get("/results/{ident}/bundle.json")
async def bundle(request: Request, ident: Ident) -> JSONResponse:
    """The result as a results bundle (``scalinglaws report`` and ``ask`` read it)."""
    record = await run_in_threadpool(service_of(request).result, ident)
    headers = {"Content-Disposition": f'attachment; filename="results-{ident}.json"'}
    return JSONResponse(record.bundle(), headers=headers)


@router.post("/ask", response_model=AskAnswer)
async def ask(request: Request, body: AskRequest) -> dict[str, Any]:
    """Answer a question in plain language from stored results."""
    answer = await run_in_threadpool(service_of(request).ask, body.question, body.result_ids)
    return answer.to_dict()
