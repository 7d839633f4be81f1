"""Values computed once from frozen objects, remembered by the objects' identity.

Preparing results and building the phrase table of their subjects take far longer
than reading one question, and a notebook or the web app asks many questions of the
same results. Results, bundle entries and subjects are frozen, so the same objects
hold the same state: their identities are a key. The objects are kept beside the
value, so no identity in a key is reused while it is remembered.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

__all__ = ["IdentityMemo"]

V = TypeVar("V")


class IdentityMemo(Generic[V]):
    """The last ``size`` values, by a key built from the identities of their inputs."""

    def __init__(self, size: int = 4) -> None:
        self.size = size
        self._values: OrderedDict[Hashable, tuple[Any, V]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, inputs: Any, compute: Callable[[], V]) -> V:
        """The value remembered for ``key``, else ``compute()`` (kept with ``inputs``)."""
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key][1]
        value = compute()
        with self._lock:
            self._values[key] = (inputs, value)
            while len(self._values) > self.size:
                self._values.popitem(last=False)
        return value
