"""The local web app: upload data, fit, look at the result, ask about it, download it.

>>> import tempfile
>>> from scalinglaws.web import Settings, create_app
>>> folder = tempfile.TemporaryDirectory()
>>> app = create_app(Settings(data_dir=folder.name))  # serve it with uvicorn
>>> app.title
'scalinglaws'
>>> app.state.service.close()
>>> folder.cleanup()

``scalinglaws serve [--host 127.0.0.1] [--port 8000]`` runs it. The pages are
server-rendered (Jinja2) with the report's Plotly figures; every page sits on
the JSON API of :mod:`.api` (OpenAPI schema at ``/openapi.json``). The threat
model and the protections are described in docs/web.md. Modules:

* :mod:`.settings`  the frozen :class:`Settings` (data folder, limits, token, workers);
* :mod:`.security`  Host allowlist, Origin, token comparison, signed sessions, CSRF tokens;
* :mod:`.guard`     the middleware applying them, and the security headers;
* :mod:`.csrf`      the CSRF token check every route depends on;
* :mod:`.csp`       the Content-Security-Policy of the pages and of the served report;
* :mod:`.limits`    body size and time, requests in flight per client;
* :mod:`.logs`      uvicorn's logging with tokens redacted;
* :mod:`.store`     SQLite (WAL) store of results, jobs and uploads, bounded (LRU);
* :mod:`.uploads`   size and row limits, content sniffing, no client path on disk;
* :mod:`.sources`   an uploaded file or a bundled dataset as columns;
* :mod:`.options`   the options of each kind of fit (pydantic);
* :mod:`.fitting`   the only place a fit is made: library calls and provenance;
* :mod:`.jobs`      background fits in their own processes, progress, cancel, time limit;
* :mod:`.ray_jobs`  the same jobs as Ray tasks (``serve --ray``);
* :mod:`.service`   the operations shared by pages and API;
* :mod:`.api`, :mod:`.pages`, :mod:`.app`, :mod:`.responses`  routes, error
  responses and the app factory.

This package imports FastAPI; ``import scalinglaws`` does not import it. FastAPI,
uvicorn, python-multipart and the report's plotly and jinja2 come with the ``web``
extra (``pip install 'scalinglaws[web]'``).
"""

from scalinglaws._optional import check_extra, needs_extra

#: What needs the ``web`` extra, as a missing-extra message names it.
FEATURE = "`scalinglaws serve` (the web app)"

check_extra("web", FEATURE)  # python-multipart is only looked for when a form route is made
with needs_extra("web", FEATURE):
    from scalinglaws.web.app import create_app
    from scalinglaws.web.settings import Settings

__all__ = ["Settings", "create_app"]
