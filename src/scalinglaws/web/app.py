"""The app factory: routes, protections, limits, error handlers and the app's lifetime.

:func:`create_app` builds a FastAPI app from :class:`~scalinglaws.web.settings.Settings`.
Every request passes, outermost first: :class:`~scalinglaws.web.guard.Guard` (Host
allowlist, token, Origin, security headers), :class:`~scalinglaws.web.limits.ClientLimit`
(requests in flight per client) and :class:`~scalinglaws.web.limits.BodyLimit`
(body size and time); every route depends on
:func:`~scalinglaws.web.csrf.require_csrf_token`. Every error a request can cause
becomes a 4xx with a JSON body ``{"error", "message"}`` on ``/api`` and a readable
page elsewhere. FastAPI's ``/docs`` and ``/redoc`` pages (which load their scripts
from a CDN) are off; the schema is at ``/openapi.json``.

:func:`app_from_environment` is the factory uvicorn's workers call when
``scalinglaws serve --workers N`` runs several of them.
"""

from __future__ import annotations

import functools
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from scalinglaws.bundle import package_version
from scalinglaws.errors import ScalingLawError, ScalingLawWarning
from scalinglaws.web import api, pages
from scalinglaws.web.csrf import require_csrf_token
from scalinglaws.web.errors import error_body
from scalinglaws.web.guard import Guard
from scalinglaws.web.limits import BodyLimit, ClientLimit
from scalinglaws.web.responses import error_response, exception_response
from scalinglaws.web.security import Sessions, allowed_names, load_secret
from scalinglaws.web.service import Service
from scalinglaws.web.settings import Settings

__all__ = ["SETTINGS_VARIABLE", "app_from_environment", "create_app"]

#: The environment variable through which ``serve --workers N`` hands its settings on.
SETTINGS_VARIABLE = "SCALINGLAWS_WEB_SETTINGS"


def create_app(settings: Settings | None = None) -> FastAPI:
    """The web app (see :mod:`scalinglaws.web`); serve it with uvicorn.

    Parameters
    ----------
    settings : Settings, optional
        Data folder, limits, token and workers; the defaults when None.

    Returns
    -------
    fastapi.FastAPI
        The app: pages, the JSON API and the protections of :mod:`scalinglaws.web`.
    """
    settings = settings or Settings()
    service = Service(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        service.close()

    sessions = Sessions(load_secret(Path(settings.data_dir).expanduser()), settings.token)
    app = FastAPI(
        title="scalinglaws",
        summary="Fit scaling laws to your data: power-law tails, relations, growth, neural laws.",
        version=_version(),
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        dependencies=[Depends(require_csrf_token)],
    )
    app.openapi = functools.partial(_openapi, app)  # type: ignore[method-assign]
    app.state.service = service
    app.state.settings = settings
    app.state.sessions = sessions
    app.include_router(api.router)
    app.include_router(pages.router)
    app.add_middleware(
        BodyLimit, max_bytes=settings.max_upload_bytes, timeout_s=settings.body_timeout_s
    )
    app.add_middleware(ClientLimit, max_requests=settings.max_requests_per_client)
    app.add_middleware(
        Guard,
        settings=settings,
        sessions=sessions,
        allowed=allowed_names(settings.allowed_hosts),
    )

    @app.exception_handler(ScalingLawError)
    async def library_error(request: Request, exc: ScalingLawError) -> Response:
        return exception_response(request.url.path, exc)

    @app.exception_handler(ScalingLawWarning)
    async def escalated_warning(request: Request, exc: ScalingLawWarning) -> Response:
        return error_response(request.url.path, 422, error_body(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        return error_response(request.url.path, 422, _validation_body(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        body = {"error": "HTTPError", "message": str(exc.detail)}
        response = error_response(request.url.path, exc.status_code, body)
        for key, value in (exc.headers or {}).items():
            response.headers[key] = value
        return response

    return app


def app_from_environment() -> FastAPI:
    """The app of one uvicorn worker, from the settings ``scalinglaws serve`` exported."""
    return create_app(Settings.from_json(os.environ[SETTINGS_VARIABLE]))


def _openapi(app: FastAPI) -> dict[str, Any]:
    """The schema, with uploads described as ``format: binary`` strings.

    FastAPI writes an optional ``UploadFile`` as ``anyOf: [{contentMediaType}, null]``;
    clients and fuzzers (schemathesis) recognise a file field by ``format: binary``.
    """
    if app.openapi_schema is None:
        schema = get_openapi(
            title=app.title,
            version=app.version,
            summary=app.summary,
            routes=app.routes,
        )
        for component in schema.get("components", {}).get("schemas", {}).values():
            for name, prop in component.get("properties", {}).items():
                branches = prop.get("anyOf", [prop])
                if any("contentMediaType" in branch for branch in branches):
                    component["properties"][name] = {
                        "type": "string",
                        "format": "binary",
                        "title": prop.get("title", name),
                        "description": prop.get("description", ""),
                    }
        app.openapi_schema = schema
    return app.openapi_schema


def _validation_body(exc: RequestValidationError) -> dict[str, str]:
    problems = []
    for error in list(exc.errors())[:5]:
        where = ".".join(str(part) for part in error.get("loc", ()) if part != "body")
        problems.append(f"{where or 'request'}: {error.get('msg', 'invalid')}")
    return {"error": "InvalidOptionError", "message": "; ".join(problems) + "."}


def _version() -> str:
    return package_version()
