"""The pages: server-rendered HTML (Jinja2) on the same operations as the JSON API.

``/`` upload a file or pick a dataset -> ``/prepare`` choose the analysis and
its columns -> ``/fit`` -> ``/results/{id}`` (the report's sections, downloads
and a question box), or ``/jobs/{id}`` (a progress bar with a Cancel button)
for fits that resample. Forms work without JavaScript; a few lines of inline
script poll the job and send questions without reloading. plotly.js is served
from the installed plotly package (``/static/plotly.min.js``): no CDN, no build.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from importlib import resources
from typing import Any

import jinja2
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile

from scalinglaws._optional import needs_extra
from scalinglaws.errors import InvalidOptionError, ScalingLawError
from scalinglaws.forecast import METHODS as FORECAST_METHODS
from scalinglaws.forecast import Forecast
from scalinglaws.growth import LAWS as GROWTH_LAWS
from scalinglaws.growth.fit import ERRORS as GROWTH_ERRORS
from scalinglaws.neural.forms import FORMS
from scalinglaws.neural.solver import LOSSES
from scalinglaws.relations import LAWS as RELATION_LAWS
from scalinglaws.relations import METHODS
from scalinglaws.results import FitResult
from scalinglaws.tails.compare import valid_alternatives
from scalinglaws.web.api import service_of
from scalinglaws.web.csp import plotly_style_slots
from scalinglaws.web.errors import error_body, status_for
from scalinglaws.web.options import KINDS
from scalinglaws.web.security import client_of
from scalinglaws.web.service import Service
from scalinglaws.web.sources import Source
from scalinglaws.web.uploads import receive

__all__ = ["error_page", "form_options", "router"]

router = APIRouter(include_in_schema=False)

KIND_TITLES = {
    "tail": "Power-law tail of a distribution (Clauset et al. 2009)",
    "relation": "Scaling relation y = f(x)",
    "growth": "Growth curve over time",
    "neural": "Neural scaling law L(N, D)",
    "forecast": (
        "Forecast a time series (growth laws, their ensemble, the naive baseline, "
        "the pretrained Transformer)"
    ),
}
CHOICES = {
    "relation_laws": list(RELATION_LAWS),
    "methods": list(METHODS),
    "growth_laws": list(GROWTH_LAWS),
    "growth_errors": list(GROWTH_ERRORS),
    "forecast_methods": ["ensemble", *FORECAST_METHODS],
    "forms": list(FORMS),
    "losses": list(LOSSES),
    "alternatives": list(valid_alternatives(discrete=True)),
}
_PREVIEW_ROWS = 5


@functools.cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("scalinglaws.web", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )


def _render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    """A page for this request: its CSP nonce and CSRF token (from the Guard) go in."""
    context.setdefault("error", None)
    nonce = request.state.csp_nonce
    html = (
        _environment()
        .get_template(name)
        .render(nonce=nonce, csrf_token=request.state.csrf_token, **context)
    )
    return HTMLResponse(html, status_code=status)


def error_page(status: int, body: Mapping[str, str]) -> str:
    """A plain page for an error outside a form (unknown page, upload too large...)."""
    return str(
        _environment()
        .get_template("error.html.j2")
        .render(title=f"Error {status}", status=status, error=body, nonce="", csrf_token="")
    )


# ------------------------------------------------------------------- start page


async def _index(
    request: Request, error: dict[str, str] | None = None, status: int = 200
) -> HTMLResponse:
    service = service_of(request)
    results = await run_in_threadpool(service.store.recent_results, 20)
    datasets = service.datasets()
    return _render(
        request,
        "index.html.j2",
        status,
        title="Fit a scaling law",
        groups=[(kind, [d for d in datasets if d["kind"] == kind]) for kind in KINDS],
        results=results,
        limit_mb=service.settings.max_upload_bytes / (1024 * 1024),
        error=error,
    )


@router.get("/", response_class=HTMLResponse)
async def index(request: Request) -> HTMLResponse:
    return await _index(request)


@router.post("/upload")
async def upload(request: Request) -> Response:
    """Keep an uploaded file and go on to choosing the analysis."""
    service = service_of(request)
    try:
        async with request.form(max_files=1, max_fields=10) as form:
            file = form.get("file")
            if not isinstance(file, UploadFile) or not file.filename:
                raise InvalidOptionError("choose a file to upload first.")
            received = await receive(
                file,
                file.filename,
                max_bytes=service.settings.max_upload_bytes,
                max_rows=service.settings.max_rows,
            )
        ident = await run_in_threadpool(_check_and_keep, service, received)
    except ScalingLawError as exc:
        return await _index(request, error_body(exc), status_for(exc))
    return RedirectResponse(f"/prepare?upload={ident}", status_code=303)


def _check_and_keep(service: Service, received: Any) -> str:
    service.source(upload=received)  # parse now, so a bad file is reported on this page
    return service.keep_upload(received)


# ------------------------------------------------------------- choose analysis


@router.get("/prepare", response_class=HTMLResponse)
async def prepare(request: Request) -> HTMLResponse:
    """The analysis form for an upload (``?upload=ID``) or a dataset (``?dataset=NAME``)."""
    query = request.query_params
    try:
        source = await run_in_threadpool(_source_of, service_of(request), query)
    except ScalingLawError as exc:
        return await _index(request, error_body(exc), status_for(exc))
    return _prepare_page(request, query, source)


def _source_of(service: Service, fields: Mapping[str, Any]) -> Source:
    upload_id = str(fields.get("upload") or "") or None
    dataset = str(fields.get("dataset") or "") or None
    return service.source(upload_id=upload_id, dataset=dataset)


def _prepare_page(
    request: Request,
    fields: Mapping[str, Any],
    source: Source,
    error: dict[str, str] | None = None,
    status: int = 200,
    chosen: str | None = None,
) -> HTMLResponse:
    numeric = source.numeric_names()
    default_kind = "tail" if len(numeric) == 1 else "relation"
    if source.dataset is not None:
        default_kind = str(source.dataset.meta.get("kind", default_kind))
    frame = source.frame
    return _render(
        request,
        "prepare.html.j2",
        status,
        title=f"Choose the analysis: {source.label}",
        source=source,
        upload_id=fields.get("upload") or "",
        dataset=fields.get("dataset") or "",
        kinds=KIND_TITLES,
        kind=chosen or default_kind,
        columns=source.columns(),
        numeric=numeric,
        defaults={kind: source.defaults(kind) for kind in KINDS},
        n_rows=len(frame),
        preview=frame.head(_PREVIEW_ROWS).astype(str).values.tolist(),
        choices=CHOICES,
        error=error,
    )


# -------------------------------------------------------------------------- fit


def form_options(kind: str, form: Mapping[str, Any] | FormData) -> dict[str, Any]:
    """The fit options from the analysis form's ``KIND.NAME`` fields (blank ones left out)."""
    prefix = f"{kind}."
    options: dict[str, Any] = {}
    for key in form:
        if not key.startswith(prefix):
            continue
        name = key[len(prefix) :]
        values = form.getlist(key) if isinstance(form, FormData) else [form[key]]
        values = [str(v).strip() for v in values if str(v).strip()]
        if not values:
            continue
        if name in ("x", "compare"):
            options[name] = values
        elif name == "compute_optimal":
            options[name] = [part for part in str(values[0]).split(",") if part.strip()]
        elif name == "discrete":
            if values[0] != "auto":
                options[name] = values[0] == "discrete"
        elif name == "incidence":
            options["cumulative"] = False
        else:
            options[name] = values[0]
    return options


@router.post("/fit")
async def fit(request: Request) -> Response:
    """Run the chosen analysis; go to the result, or to the job's progress page."""
    service = service_of(request)
    async with request.form(max_files=0, max_fields=200) as form:
        kind = str(form.get("kind") or "")
    try:
        source = await run_in_threadpool(_source_of, service, form)
    except ScalingLawError as exc:
        return await _index(request, error_body(exc), status_for(exc))
    try:
        if kind not in KINDS:
            raise InvalidOptionError(f"choose the analysis: one of {', '.join(KINDS)}.")
        options = form_options(kind, form)
        outcome = await run_in_threadpool(
            functools.partial(service.fit, client=client_of(request.scope)), source, kind, options
        )
    except ScalingLawError as exc:
        return _prepare_page(request, form, source, error_body(exc), status_for(exc), kind or None)
    if outcome.job_id is not None:
        return RedirectResponse(f"/jobs/{outcome.job_id}", status_code=303)
    return RedirectResponse(f"/results/{outcome.result_id}", status_code=303)


# ------------------------------------------------------------------------- jobs


@router.get("/jobs/{ident}", response_class=HTMLResponse)
async def job(request: Request, ident: str) -> Response:
    record = await run_in_threadpool(service_of(request).store.job, ident)
    if record.status == "done" and record.result_id:
        return RedirectResponse(f"/results/{record.result_id}", status_code=303)
    return _render(request, "job.html.j2", title=f"Fitting {record.label}", job=record)


@router.post("/jobs/{ident}/cancel")
async def cancel(request: Request, ident: str) -> Response:
    await run_in_threadpool(service_of(request).jobs.cancel, ident)
    return RedirectResponse(f"/jobs/{ident}", status_code=303)


# ---------------------------------------------------------------------- results


def _headline(result: FitResult) -> list[str]:
    """The fitted parameters in three significant digits.

    For example ``alpha = 2.37 ± 0.057``; for a forecast, the first and last steps' medians
    with their 95% intervals.
    """
    if isinstance(result, Forecast):
        table = result.conf_int(0.95, method="analytic")
        steps = sorted({0, result.steps - 1})
        return [
            f"{result.axis.label(float(result.times[i]))}: {table.iloc[i]['estimate']:.3g} "
            f"(95% {table.iloc[i]['lower']:.3g} to {table.iloc[i]['upper']:.3g})"
            for i in steps
        ]
    params, stderr = result.params, result.stderr
    lines = []
    for name, value in params.items():
        text = f"{name} = {value:.3g}"
        error = stderr.get(name)
        if isinstance(error, float) and math.isfinite(error):
            text += f" ± {error:.2g}"
        lines.append(text)
    return lines


def _result_page(
    request: Request, ident: str, answer: dict[str, Any] | None = None, question: str = ""
) -> HTMLResponse:
    from scalinglaws.report import build_section  # the report's own section builder

    record = service_of(request).result(ident)
    entry = record.bundle_entry()
    result = entry.result
    section = build_section(entry)
    return _render(
        request,
        "result.html.j2",
        title=section.title,
        plotly_slots=plotly_style_slots(request.state.csp_nonce),
        record=record,
        section=section,
        headline=_headline(result),
        answer=answer,
        question=question,
        command=entry.command,
    )


@router.get("/results/{ident}", response_class=HTMLResponse)
async def result(request: Request, ident: str) -> HTMLResponse:
    return await run_in_threadpool(_result_page, request, ident)


@router.post("/results/{ident}/ask", response_class=HTMLResponse)
async def ask(request: Request, ident: str) -> HTMLResponse:
    """The question box without JavaScript: the result page with the answer."""
    service = service_of(request)
    async with request.form(max_files=0, max_fields=5) as form:
        question = str(form.get("question") or "")
    try:
        answer = (await run_in_threadpool(service.ask, question, [ident])).to_dict()
    except ScalingLawError as exc:
        if status_for(exc) == 404:
            raise
        answer = {"error": error_body(exc)["message"]}
    return await run_in_threadpool(_result_page, request, ident, answer, question)


_ICON = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16">'
    '<rect width="16" height="16" rx="3" fill="#1f3a5f"/>'
    '<path d="M2 3 Q5 12 14 13" stroke="#fff" stroke-width="2" fill="none"/></svg>'
)


@router.get("/favicon.ico")
async def favicon() -> Response:
    return Response(_ICON, media_type="image/svg+xml", headers={"Cache-Control": "max-age=86400"})


@router.get("/static/app.css")
async def app_css() -> Response:
    return Response(
        _app_css(), media_type="text/css", headers={"Cache-Control": "public, max-age=3600"}
    )


@functools.cache
def _app_css() -> str:
    return (resources.files("scalinglaws.web") / "static" / "app.css").read_text("utf-8")


@router.get("/static/plotly.min.js")
async def plotly_js() -> Response:
    return Response(
        _plotly_js(),
        media_type="text/javascript",
        headers={"Cache-Control": "public, max-age=86400"},
    )


@functools.cache
def _plotly_js() -> str:
    with needs_extra("web", "`scalinglaws serve` (the web app)"):
        from plotly.offline import get_plotlyjs

    return str(get_plotlyjs())
