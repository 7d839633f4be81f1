"""Logging for ``scalinglaws serve``: uvicorn's configuration with tokens taken out.

uvicorn's access log writes each request line, query string included, so a
browser opening ``/?token=...`` would put the token in the log. :class:`RedactTokens`
replaces the value of every ``token`` query parameter and every bearer credential
with ``[redacted]`` in each record, before any handler formats it; :func:`log_config`
attaches it to both of uvicorn's handlers (the server log and the access log).
"""

from __future__ import annotations

import copy
import logging
import re
from typing import Any

__all__ = ["REDACTED", "RedactTokens", "log_config", "redact"]

REDACTED = "[redacted]"
_SECRETS = (
    re.compile(r"(?i)([?&;]token=)[^&\s\"';#]*"),
    re.compile(r"(?i)(bearer\s+)[^\s\"',;]+"),
)


def redact(text: str) -> str:
    """``text`` with token query values and bearer credentials replaced by ``[redacted]``."""
    for pattern in _SECRETS:
        text = pattern.sub(rf"\1{REDACTED}", text)
    return text


class RedactTokens(logging.Filter):
    """A logging filter that redacts tokens from a record's message and arguments."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Redact tokens in the record's message; always keep the record."""
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        elif isinstance(record.args, dict):
            args = record.args.items()
            record.args = {k: redact(v) if isinstance(v, str) else v for k, v in args}
        return True


def log_config() -> dict[str, Any]:
    """uvicorn's default logging configuration with :class:`RedactTokens` on every handler."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["redact"] = {"()": f"{__name__}.RedactTokens"}
    for handler in config["handlers"].values():
        handler.setdefault("filters", []).append("redact")
    return config
