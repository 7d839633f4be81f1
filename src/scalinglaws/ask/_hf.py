"""Loading Hugging Face models without surprises: offline by default, quietly.

``HF_HUB_OFFLINE`` is read by ``huggingface_hub`` when it is first imported,
so :func:`offline` sets it *before* transformers is imported (unless the user
opted in to downloads, or already chose a value), and every ``from_pretrained``
call also passes ``local_files_only``. A model that is not on disk then fails
at once instead of waiting on the network.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from scalinglaws._optional import needs_extra

__all__ = ["FEATURE", "offline", "quiet_loading"]

#: What needs the ``ask`` extra, as a missing-extra message names it.
FEATURE = "`sl.ask` (questions about results)"


def offline(*, allow_download: bool) -> bool:
    """Prepare the environment before importing transformers; returns ``local_files_only``."""
    if not allow_download:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
    return not allow_download


@contextmanager
def quiet_loading() -> Iterator[None]:
    """Silence transformers' "Loading weights" progress bar and info logs while loading.

    The previous settings are restored afterwards, so the user's own
    configuration of transformers' logging is left as it was.
    """
    with needs_extra("ask", FEATURE):
        from transformers.utils import logging as hf_logging

    logging: Any = hf_logging  # its helpers are untyped
    bar = logging.is_progress_bar_enabled()
    level = logging.get_verbosity()
    logging.disable_progress_bar()
    logging.set_verbosity_error()
    try:
        yield
    finally:
        logging.set_verbosity(level)
        if bar:
            logging.enable_progress_bar()
