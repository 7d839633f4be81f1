"""The guard in front of every request: Host allowlist, token, session, Origin, headers.

:class:`Guard` is plain ASGI middleware (it never reads the body), applied in this order:

1. ``Host`` not on the allowlist -> 400 (:func:`~scalinglaws.web.security.host_allowed`);
2. with a token: ``Authorization: Bearer TOKEN`` (API clients), a valid session
   cookie (browsers), or ``?token=TOKEN`` on a GET, which opens a session and
   redirects to the same URL without the token; anything else -> 401;
3. a state-changing method (not GET/HEAD/OPTIONS) without a bearer token: an
   ``Origin`` (else ``Referer``) of another origin, or ``Sec-Fetch-Site``
   cross-site -> 403; a request from a browser (it sent ``Origin``, ``Referer`` or
   ``Sec-Fetch-Site``, as every current browser does on a POST) or authenticated
   by the session cookie must then also carry the session's CSRF token, which
   :func:`scalinglaws.web.csrf.require_csrf_token` checks;
4. every response gets the security headers (CSP with the request's nonce,
   ``nosniff``, ``frame-ancestors 'none'``, ``Referrer-Policy: same-origin``), and
   a browser without a session gets a new session cookie (HttpOnly, SameSite=Lax).

The request's nonce, session id and CSRF token are left in ``request.state``.
"""

from __future__ import annotations

import secrets
from urllib.parse import parse_qsl, urlencode

from fastapi.responses import RedirectResponse
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from scalinglaws.errors import ScalingLawError
from scalinglaws.web.csp import page_policy
from scalinglaws.web.errors import AuthenticationError, ForbiddenRequestError, UntrustedHostError
from scalinglaws.web.responses import exception_response
from scalinglaws.web.security import Sessions, host_allowed, origin_of, token_matches
from scalinglaws.web.settings import Settings

__all__ = ["SAFE_METHODS", "Guard", "cookie_name"]

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
)
_NEEDS_TOKEN = (
    "this server needs its token: API clients send the header 'Authorization: Bearer "
    "TOKEN'; in a browser, open the URL ending in ?token=... that `scalinglaws serve` "
    "printed when it started."
)


def cookie_name(scope: Scope) -> str:
    """The session cookie's name; it carries the port, as cookies are shared across ports."""
    server = scope.get("server")
    port = server[1] if server and server[1] is not None else None
    return "scalinglaws-session" + (f"-{port}" if port else "")


def _bearer(headers: Headers) -> str | None:
    scheme, _, value = headers.get("authorization", "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" else None


def _cookie(headers: Headers, name: str) -> str | None:
    for part in headers.get("cookie", "").split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return None


class Guard:
    """ASGI middleware protecting the app (see the module docstring)."""

    def __init__(
        self, app: ASGIApp, *, settings: Settings, sessions: Sessions, allowed: frozenset[str]
    ) -> None:
        self.app = app
        self.settings = settings
        self.sessions = sessions
        self.allowed = allowed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check the request's host, origin and credentials, then pass it on."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        state = scope.setdefault("state", {})
        nonce = state["csp_nonce"] = secrets.token_urlsafe(18)
        name = cookie_name(scope)
        sid = self.sessions.verify(_cookie(headers, name))
        new_cookie: list[str] = []

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                raw = list(message.get("headers", []))
                present = {key.lower() for key, _ in raw}
                if b"content-security-policy" not in present:
                    raw.append((b"content-security-policy", page_policy(nonce).encode()))
                raw += [item for item in _HEADERS if item[0] not in present]
                raw += [(b"set-cookie", cookie.encode("latin-1")) for cookie in new_cookie]
                message = {**message, "headers": raw}
            await send(message)

        try:
            auth = self._authenticate(scope, headers, sid) if self.settings.protect else "open"
            if auth == "login" or (sid is None and auth != "bearer"):
                sid, value = self.sessions.issue()
                new_cookie.append(self._cookie_header(scope, name, value))
            if auth == "login":
                redirect = RedirectResponse(_without_token(scope), status_code=303)
                await redirect(scope, receive, send_with_headers)
                return
            state["session"] = sid
            state["csrf_token"] = self.sessions.csrf_token(sid) if sid else ""
            state["csrf_required"] = self.settings.protect and self._check_origin(
                scope, headers, auth
            )
        except ScalingLawError as exc:
            response = exception_response(scope.get("path", ""), exc)
            await response(scope, receive, send_with_headers)
            return
        await self.app(scope, receive, send_with_headers)

    def _authenticate(self, scope: Scope, headers: Headers, sid: str | None) -> str:
        """How the request is authorised: "bearer", "session", "login" (?token=) or "open"."""
        host = headers.get("host")
        if not host_allowed(host, self.allowed):
            raise UntrustedHostError(
                f"Host {host!r} is not a name of this server (DNS rebinding protection); "
                "open it as localhost or 127.0.0.1, or start the server with "
                "--allow-host NAME for the name you use (e.g. a reverse proxy's)."
            )
        token = self.settings.token
        if token is None:
            return "open"
        bearer = _bearer(headers)
        if bearer is not None:
            if token_matches(bearer, token):
                return "bearer"
            raise AuthenticationError(
                "the token in the Authorization header is not this server's token; "
                "use the one `scalinglaws serve` printed or was given with --token."
            )
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        if "token" in query and scope["method"] in SAFE_METHODS:
            if token_matches(query["token"], token):
                return "login"
            raise AuthenticationError(
                "the token in the URL is not this server's token; open the URL that "
                "`scalinglaws serve` printed when it started."
            )
        if sid is not None:
            return "session"
        raise AuthenticationError(_NEEDS_TOKEN)

    def _check_origin(self, scope: Scope, headers: Headers, auth: str) -> bool:
        """Refuse a cross-origin state change (403); whether a CSRF token is needed."""
        if scope["method"] in SAFE_METHODS or auth == "bearer":
            return False
        own = origin_of(f"{scope.get('scheme', 'http')}://{headers.get('host', '')}")
        origin, referer = headers.get("origin"), headers.get("referer")
        fetch_site = headers.get("sec-fetch-site")
        claimed = origin if origin is not None else referer
        if fetch_site in ("cross-site", "same-site") or (
            claimed is not None and origin_of(claimed) != own
        ):
            raise ForbiddenRequestError(
                f"a {scope['method']} from another site ({claimed or fetch_site}) was refused: "
                f"only this server's own pages ({own}) may change anything here. API "
                "clients send no Origin header, or authenticate with a bearer token."
            )
        from_browser = any(value is not None for value in (origin, referer, fetch_site))
        return from_browser or auth == "session"

    @staticmethod
    def _cookie_header(scope: Scope, name: str, value: str) -> str:
        secure = "; Secure" if scope.get("scheme") == "https" else ""
        return f"{name}={value}; Path=/; HttpOnly; SameSite=Lax{secure}"


def _without_token(scope: Scope) -> str:
    """The request's path and query with the ``token`` parameter taken out."""
    pairs = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
    query = urlencode([(key, value) for key, value in pairs if key != "token"])
    path = "/" + str(scope.get("path", "/")).lstrip("/")  # never //host: no open redirect
    return path + (f"?{query}" if query else "")
