"""Fair use at the door: request bodies, slow clients and requests in flight per client.

* :class:`BodyLimit` refuses a body over the limit with 413: at once from its
  declared ``Content-Length``, else as soon as the bytes received pass it; and a
  body that takes longer than ``body_timeout_s`` to arrive with 408.
* :class:`ClientLimit` lets each client (its IP address, as uvicorn reports it
  after trusted proxy headers) have at most ``max_requests_per_client`` requests
  in flight in this server process; one more is refused with 429 at once.

Per-client limits on background jobs are kept by the store (:meth:`Store.add_job
<scalinglaws.web.store.Store.add_job>`), so they hold across uvicorn workers.
"""

from __future__ import annotations

import asyncio
from collections import Counter

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from scalinglaws.errors import ScalingLawError
from scalinglaws.web.errors import QuotaExceededError, RequestTimeoutError, UploadTooLargeError
from scalinglaws.web.responses import exception_response
from scalinglaws.web.security import client_of

__all__ = ["FORM_SLACK", "BodyLimit", "ClientLimit"]

#: Room for the form fields and multipart boundaries around an uploaded file.
FORM_SLACK = 256 * 1024


def _too_large(size: float, limit: int) -> UploadTooLargeError:
    mb = 1024 * 1024
    return UploadTooLargeError(
        f"the upload is {size / mb:.1f} MB, over the limit of {limit / mb:.1f} MB; fit a "
        "sample of it, or start the server with a larger --max-upload-mb."
    )


class BodyLimit:
    """Refuse request bodies over ``max_bytes`` (413) or slower than ``timeout_s`` (408)."""

    def __init__(self, app: ASGIApp, *, max_bytes: int, timeout_s: float) -> None:
        self.app = app
        self.max_bytes = max_bytes + FORM_SLACK
        self.timeout_s = timeout_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Refuse a request whose body exceeds the limit (413)."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"0")
        size = int(declared) if declared.isdigit() else 0
        if size > self.max_bytes:
            await exception_response(scope["path"], _too_large(size, self.max_bytes))(
                scope, receive, send
            )
            return
        refusal: list[ScalingLawError] = []
        started = False
        received = 0
        body_done = False
        deadline = asyncio.get_running_loop().time() + self.timeout_s

        async def limited_receive() -> Message:
            nonlocal received, body_done
            if body_done or refusal:
                return await receive()
            try:
                async with asyncio.timeout_at(deadline):
                    message = await receive()
            except TimeoutError:
                refusal.append(
                    RequestTimeoutError(
                        f"the request body did not arrive within {self.timeout_s:g} s; "
                        "send it again on a faster connection, or upload a smaller file."
                    )
                )
                return {"type": "http.disconnect"}
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                body_done = not message.get("more_body", False)
                if received > self.max_bytes:
                    refusal.append(_too_large(received, self.max_bytes))
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if refusal:
                return  # the app's answer to a body cut short is replaced below
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, guarded_send)
        except Exception:
            if not refusal:
                raise
        if refusal and not started:
            await exception_response(scope["path"], refusal[0])(scope, receive, send)


class ClientLimit:
    """At most ``max_requests`` requests in flight per client in this process (429)."""

    def __init__(self, app: ASGIApp, *, max_requests: int) -> None:
        self.app = app
        self.max_requests = max_requests
        self.in_flight: Counter[str] = Counter()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Refuse a client that already has too many requests in progress (429)."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        client = client_of(scope)
        if self.in_flight[client] >= self.max_requests:
            error = QuotaExceededError(
                f"this client already has {self.in_flight[client]} requests in progress "
                f"(the limit is {self.max_requests}); wait for some to finish."
            )
            response = exception_response(scope["path"], error)
            response.headers["Retry-After"] = "1"
            await response(scope, receive, send)
            return
        self.in_flight[client] += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_flight[client] -= 1
            if not self.in_flight[client]:
                del self.in_flight[client]
