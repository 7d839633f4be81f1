"""``scalinglaws serve``: the local web app (upload, fit, look, ask, download) in a browser.

Binds to loopback (127.0.0.1) unless ``--host`` says otherwise: the app is meant
for one user on their own machine. FastAPI and uvicorn (the ``web`` extra) are
imported only when the command runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from scalinglaws._optional import check_extra, needs_extra

__all__ = ["serve"]


def serve(
    host: Annotated[
        str, typer.Option(help="Address to listen on; 0.0.0.0 exposes the app to your network.")
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
    max_upload_mb: Annotated[
        float, typer.Option("--max-upload-mb", min=0.001, help="Largest upload accepted, in MB.")
    ] = 50.0,
    jobs: Annotated[
        int, typer.Option(min=1, help="Background fits (bootstrap, GoF) running at once.")
    ] = 2,
) -> None:
    """Run the web app: upload data, fit, see the report, ask questions, download."""
    check_extra("web", "`scalinglaws serve`")
    with needs_extra("web", "`scalinglaws serve`"):
        import uvicorn

    from scalinglaws.web import Settings, create_app
    from scalinglaws.web.settings import default_data_dir

    settings = Settings(
        data_dir=data_dir if data_dir is not None else default_data_dir(),
        max_upload_bytes=int(max_upload_mb * 1024 * 1024),
        max_jobs=jobs,
    )
    typer.echo(f"scalinglaws web app on http://{host}:{port}/  (results in {settings.data_dir})")
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")
