"""The pieces of the app's protection, as pure functions and one small class.

* **Host allowlist** (against DNS rebinding): a request is answered only when its
  ``Host`` header names loopback (``localhost``, ``127.0.0.1``, ``[::1]``), the
  address the server was bound to, or a name given with ``--allow-host``; the
  port is not compared (a proxy may listen on another one).
* **Origin**: a state-changing request from a browser must come from the page's
  own origin (``Origin``, else ``Referer``, equal to ``scheme://Host``).
* **Token**: beyond loopback the server needs a secret token, compared in
  constant time (:func:`token_matches`: ``hmac.compare_digest`` of SHA-256 digests,
  so neither the content nor the length leaks through timing).
* **Sessions and CSRF tokens** (:class:`Sessions`): a browser session is a signed
  cookie ``sid.mac`` (HMAC-SHA256 under a key kept in the data folder, bound to the
  token, so changing the token logs every browser out); its CSRF token is
  ``HMAC(key, "csrf|" + sid)``, a synchronizer token that needs no server-side
  table and is the same in every uvicorn worker.

References
----------
OWASP Cross-Site Request Forgery Prevention Cheat Sheet (signed double-submit and
synchronizer token patterns; Origin verification).
Jupyter Server security model: token authentication and Host checks against DNS rebinding.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import os
import secrets
import socket
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

__all__ = [
    "LOOPBACK_NAMES",
    "Sessions",
    "allowed_names",
    "client_of",
    "host_allowed",
    "is_loopback",
    "load_secret",
    "new_token",
    "origin_of",
    "split_host",
    "token_matches",
]

#: Names every server answers to: the loopback interface.
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
_WILDCARDS = ("0.0.0.0", "::", "")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_SECRET_FILE = "web-secret.key"


def _bare(host: str) -> str:
    """A host name or address in one spelling: lower case, no brackets, no trailing dot."""
    return host.strip().lower().removeprefix("[").removesuffix("]").rstrip(".")


def is_loopback(host: str) -> bool:
    """Whether binding to ``host`` keeps the server on this machine (127.0.0.0/8, ::1)."""
    name = _bare(host)
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def split_host(header: str | None) -> tuple[str, int | None] | None:
    """A ``Host`` header as (name, port); None when it is missing or malformed.

    ``example.org:8000`` -> ("example.org", 8000); ``[::1]:8000`` -> ("::1", 8000).
    """
    if not header or any(c.isspace() or c in "/@?#\\" for c in header):
        return None
    if header.startswith("["):
        name, bracket, rest = header[1:].partition("]")
        if not bracket or (rest and not rest.startswith(":")):
            return None
        port_text = rest[1:] if rest else ""
    else:
        name, _, port_text = header.partition(":")
        if ":" in port_text:
            return None  # an IPv6 address must be in brackets
    if not name:
        return None
    if port_text:
        if not port_text.isdigit() or not 0 < int(port_text) < 65536:
            return None
        return _bare(name), int(port_text)
    return _bare(name), None


def allowed_names(extra: tuple[str, ...] = ()) -> frozenset[str]:
    """The host names a server answers to.

    Loopback and ``extra`` (the bound address, ``--allow-host`` names).

    A wildcard address (``0.0.0.0``, ``::``) in ``extra`` adds this machine's host
    name, its fully qualified name and their addresses; ``"*"`` turns the check off.
    """
    names = {*LOOPBACK_NAMES, *(_bare(name) for name in extra)}
    if names & set(_WILDCARDS):
        machine = {socket.gethostname(), socket.getfqdn()}
        for name in list(machine):
            try:
                machine |= {str(info[4][0]) for info in socket.getaddrinfo(name, None)}
            except OSError:
                continue
        names |= {_bare(name) for name in machine}
    names -= set(_WILDCARDS)
    return frozenset(names)


def host_allowed(header: str | None, allowed: frozenset[str]) -> bool:
    """Whether a request's ``Host`` header names this server (any port)."""
    if "*" in allowed:
        return True
    parts = split_host(header)
    return parts is not None and parts[0] in allowed


def origin_of(url: str) -> str | None:
    """``scheme://host[:port]`` of a URL or Origin header (default port left out)."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    host = parts.hostname.lower()
    host = f"[{host}]" if ":" in host else host
    if port is not None and port != _DEFAULT_PORTS[parts.scheme]:
        host = f"{host}:{port}"
    return f"{parts.scheme}://{host}"


def client_of(scope: Mapping[str, Any]) -> str:
    """A request's client for quotas: its IP address (after trusted proxy headers)."""
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


def new_token() -> str:
    """A fresh random token (256 bits, URL-safe), as Jupyter generates one."""
    return secrets.token_urlsafe(32)


def _digest(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()


def token_matches(given: str | None, expected: str) -> bool:
    """Constant-time comparison of a presented token with the server's.

    Both are hashed first, so ``hmac.compare_digest`` compares two 32-byte digests:
    the time taken depends on neither the token's content nor its length.
    """
    return hmac.compare_digest(_digest(given or ""), _digest(expected)) and given is not None


def load_secret(folder: Path) -> bytes:
    """The app's signing key: ``web-secret.key`` in ``folder``, created once (mode 0600).

    Every uvicorn worker and every restart reads the same key, so a browser's
    session cookie stays valid across them.
    """
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / _SECRET_FILE
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        key = path.read_bytes()
        if len(key) >= 32:
            return key
        path.unlink()  # truncated by a crash between create and write: make a new one
        return load_secret(folder)
    with os.fdopen(handle, "wb") as stream:
        stream.write(secrets.token_bytes(32))
    return path.read_bytes()


class Sessions:
    """Signed browser sessions and their CSRF tokens (see the module docstring).

    Parameters
    ----------
    key : bytes
        The signing key (:func:`load_secret`).
    token : str or None
        The server's token; sessions made under another token are refused.
    """

    def __init__(self, key: bytes, token: str | None) -> None:
        self._key = key
        self._token_digest = _digest(token or "").hex()

    def _mac(self, label: str, sid: str) -> str:
        message = f"{label}|{sid}|{self._token_digest}".encode()
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()

    def issue(self) -> tuple[str, str]:
        """A new session: (session id, cookie value)."""
        sid = secrets.token_hex(16)
        return sid, f"{sid}.{self._mac('session', sid)}"

    def verify(self, cookie: str | None) -> str | None:
        """The session id of a valid cookie value, else None."""
        sid, dot, mac = (cookie or "").partition(".")
        if not dot or len(sid) != 32:
            return None
        return sid if hmac.compare_digest(mac, self._mac("session", sid)) else None

    def csrf_token(self, sid: str) -> str:
        """The CSRF token pages of this session embed in their forms."""
        return self._mac("csrf", sid)

    def csrf_ok(self, sid: str | None, given: str | None) -> bool:
        """Whether ``given`` is this session's CSRF token (constant time)."""
        if sid is None or not given:
            return False
        expected = self.csrf_token(sid).encode()
        return hmac.compare_digest(given.encode("utf-8", "surrogatepass"), expected)
