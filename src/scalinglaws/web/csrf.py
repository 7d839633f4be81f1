"""The CSRF token check, a dependency of every route (so a new route cannot forget it).

:class:`~scalinglaws.web.guard.Guard` has already refused cross-origin requests and
decided whether this one comes from a browser (``request.state.csrf_required``).
Such a request must carry its session's CSRF token: pages put it in a hidden form
field ``csrf_token``, their scripts send it as the header ``X-CSRF-Token``. API
clients with a bearer token, and scripts on a token-less loopback server (no
``Origin``, ``Referer`` or ``Sec-Fetch-Site`` header), need none.
"""

from __future__ import annotations

from fastapi import Request

from scalinglaws.web.errors import ForbiddenRequestError
from scalinglaws.web.guard import SAFE_METHODS

__all__ = ["CSRF_FIELD", "CSRF_HEADER", "require_csrf_token"]

CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
_FORMS = ("multipart/form-data", "application/x-www-form-urlencoded")


async def require_csrf_token(request: Request) -> None:
    """Refuse (403) a browser's state-changing request without its session's CSRF token."""
    if request.method in SAFE_METHODS or not getattr(request.state, "csrf_required", False):
        return
    given = request.headers.get(CSRF_HEADER)
    if given is None and request.headers.get("content-type", "").startswith(_FORMS):
        # parsed once: FastAPI and the page handlers read this same cached form
        form = await request.form(max_files=1, max_fields=200)
        value = form.get(CSRF_FIELD)
        given = value if isinstance(value, str) else None
    sessions = request.app.state.sessions
    if not sessions.csrf_ok(request.state.session, given):
        raise ForbiddenRequestError(
            "this form or request has no valid CSRF token (a page from another site, or "
            "an old page from before the server restarted with a new token); reload the "
            "page and submit again."
        )
