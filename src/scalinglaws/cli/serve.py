"""``scalinglaws serve``: the web app (upload, fit, look, ask, download) in a browser.

Binds to loopback (127.0.0.1) unless ``--host`` says otherwise. On loopback no
token is needed (but ``--token`` may set one); bound to any other address the
server needs a token: ``--token`` (or ``$SCALINGLAWS_TOKEN``), else a fresh one is
generated and the URL that opens a browser session with it is printed, as
Jupyter does. FastAPI and uvicorn (the ``web`` extra) and Ray (``ray``) are
imported only when the command runs.
See docs/web.md for the threat model and running behind a reverse proxy.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path
from typing import Annotated, Any

import typer

from scalinglaws._optional import check_extra, needs_extra
from scalinglaws.errors import InvalidOptionError

__all__ = ["serve"]


def _url(host: str, port: int) -> str:
    shown = socket.gethostname() if host in ("0.0.0.0", "::", "") else host
    shown = f"[{shown}]" if ":" in shown else shown
    return f"http://{shown}:{port}/"


def serve(
    host: Annotated[
        str,
        typer.Option(
            help="Address to listen on; anything but loopback (e.g. 0.0.0.0) needs a token."
        ),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    data_dir: Annotated[
        Path | None,
        typer.Option(
            "--data-dir",
            help="Folder of the results database "
            "(default: $XDG_DATA_HOME/scalinglaws or ~/.local/share/scalinglaws).",
        ),
    ] = None,
    token: Annotated[
        str | None,
        typer.Option(
            envvar="SCALINGLAWS_TOKEN",
            help="The secret API clients send as 'Authorization: Bearer TOKEN' and browsers "
            "open once as ?token=TOKEN. Default: none on loopback, generated otherwise.",
            show_default=False,
        ),
    ] = None,
    allow_host: Annotated[
        list[str] | None,
        typer.Option(
            "--allow-host",
            help="Another Host name to answer (repeatable): the public name behind a reverse "
            "proxy. Loopback names and --host are always allowed.",
        ),
    ] = None,
    max_upload_mb: Annotated[
        float, typer.Option("--max-upload-mb", min=0.001, help="Largest upload accepted, in MB.")
    ] = 50.0,
    jobs: Annotated[
        int,
        typer.Option(min=1, help="Background fits (bootstrap, GoF) running at once, per worker."),
    ] = 2,
    jobs_per_client: Annotated[
        int,
        typer.Option(min=1, help="Background fits one client may have queued or running."),
    ] = 4,
    max_results: Annotated[
        int, typer.Option(min=1, help="Results kept; the least recently used go first.")
    ] = 1000,
    workers: Annotated[
        int,
        typer.Option(min=1, help="uvicorn worker processes sharing the results database."),
    ] = 1,
    ray: Annotated[
        str | None,
        typer.Option(
            "--ray",
            help="Run background fits on Ray: 'local' (start Ray here) or a cluster address "
            "(needs pip install 'scalinglaws[ray]').",
        ),
    ] = None,
    forwarded_allow_ips: Annotated[
        str,
        typer.Option(
            help="Proxies whose X-Forwarded-For/-Proto headers are trusted (comma-separated)."
        ),
    ] = "127.0.0.1",
    access_log: Annotated[
        bool, typer.Option(help="Log every request (tokens are redacted).")
    ] = False,
) -> None:
    """Run the web app: upload data, fit, see the report, ask questions, download."""
    check_extra("web", "`scalinglaws serve`")
    with needs_extra("web", "`scalinglaws serve`"):
        import uvicorn

    from scalinglaws.web import Settings, create_app
    from scalinglaws.web.app import SETTINGS_VARIABLE
    from scalinglaws.web.logs import log_config
    from scalinglaws.web.security import is_loopback, new_token
    from scalinglaws.web.settings import default_data_dir

    if ray == "local" and workers > 1:
        raise InvalidOptionError(
            "--ray local starts Ray inside the server process, once per worker; with "
            "--workers > 1 start Ray once (`ray start --head`) and pass --ray auto."
        )
    generated = token is None and not is_loopback(host)
    if generated:
        token = new_token()
    settings = Settings(
        data_dir=data_dir if data_dir is not None else default_data_dir(),
        max_upload_bytes=int(max_upload_mb * 1024 * 1024),
        max_jobs=jobs,
        token=token,
        allowed_hosts=(host, *(allow_host or ())),
        max_jobs_per_client=jobs_per_client,
        max_results=max_results,
        ray_address=ray,
    )
    options: dict[str, Any] = {
        "host": host,
        "port": port,
        "log_level": "info" if access_log else "warning",
        "access_log": access_log,
        "log_config": log_config(),
        "forwarded_allow_ips": forwarded_allow_ips,
    }
    app = create_app(settings) if workers == 1 else None  # fail fast on a bad --ray address
    url = _url(host, port)
    typer.echo(f"scalinglaws web app on {url}  (results in {settings.data_dir})")
    if generated:
        typer.echo("open this URL once to sign in (it holds the generated token):")
        typer.echo(f"  {url}?token={token}")
    elif token is not None:
        typer.echo(f"sign in once at {url}?token=... with the token you set")
    if app is not None:
        uvicorn.run(app, **options)
    else:
        os.environ[SETTINGS_VARIABLE] = settings.to_json()
        uvicorn.run(
            "scalinglaws.web.app:app_from_environment", factory=True, workers=workers, **options
        )
