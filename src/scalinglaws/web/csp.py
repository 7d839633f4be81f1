"""Content-Security-Policy of the pages and of the served report, without 'unsafe-inline'.

Pages (:func:`page_policy`): scripts and styles from this server (``'self'``) or
carrying the request's nonce; nothing else is loaded, framed or connected to.
The served report (:func:`report_policy`) inlines plotly.js and its own script
and style, so its policy lists the SHA-256 hash of each inline block instead.

plotly.js adds two ``<style>`` elements of its own at run time (its global rules
and MapLibre's stylesheet), which a strict ``style-src`` would block. It looks
each up by id first: :func:`plotly_style_slots` writes both, empty and allowed
(nonce or hash), before plotly.js runs; plotly then inserts its rules through
the CSSOM (not subject to CSP), and skips MapLibre's, which no figure here uses.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import re

__all__ = ["page_policy", "plotly_style_slots", "report_policy", "with_plotly_slots"]

_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.DOTALL | re.IGNORECASE)
_STYLE = re.compile(r"<style(?P<attrs>[^>]*)>(?P<body>.*?)</style>", re.DOTALL | re.IGNORECASE)
_DATA_TYPE = re.compile(r"""type\s*=\s*["']?application/(ld\+)?json""", re.IGNORECASE)
_COMMON = (
    "default-src 'none'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
)


@functools.cache
def _plotly_ids() -> tuple[str, ...]:
    """The ids of the <style> elements plotly.js looks for before adding its own."""
    from plotly.offline import get_plotlyjs

    found = re.findall(r'getElementById\("([0-9a-f]{64})"\)', str(get_plotlyjs()))
    return ("plotly.js-style-global", *dict.fromkeys(found))


def plotly_style_slots(nonce: str | None = None) -> str:
    """Empty ``<style>`` elements with plotly's ids, to write before plotly.js is loaded."""
    attr = f' nonce="{nonce}"' if nonce else ""
    return "".join(f'<style{attr} id="{ident}"></style>' for ident in _plotly_ids())


def page_policy(nonce: str) -> str:
    """The policy of every page: same-origin resources, inline code only with ``nonce``."""
    return "; ".join(
        (*_COMMON, f"script-src 'self' 'nonce-{nonce}'", f"style-src 'self' 'nonce-{nonce}'")
    )


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def report_policy(html: str) -> str:
    """A policy allowing exactly the inline scripts and styles of this report page."""
    scripts = [
        _hash(m["body"])
        for m in _SCRIPT.finditer(html)
        if "src=" not in m["attrs"] and not _DATA_TYPE.search(m["attrs"])
    ]
    styles = [_hash(m["body"]) for m in _STYLE.finditer(html)]
    return "; ".join(
        (
            *_COMMON,
            "script-src " + " ".join(dict.fromkeys(scripts)) if scripts else "script-src 'none'",
            "style-src " + " ".join(dict.fromkeys(styles)) if styles else "style-src 'none'",
        )
    )


def with_plotly_slots(html: str) -> str:
    """The report's HTML with plotly's style slots at the top of ``<head>``."""
    return html.replace("<head>", "<head>\n" + plotly_style_slots(), 1)
