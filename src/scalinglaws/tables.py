"""Deprecated: this module is now :mod:`scalinglaws.io` (one release of overlap).

``from scalinglaws.tables import read_table`` still works and emits a
:class:`DeprecationWarning`; import from :mod:`scalinglaws.io` instead. The old
name collided with :mod:`scalinglaws.report.tables`.
"""

from scalinglaws._deprecation import moved

__all__: list[str] = []

__getattr__ = moved(
    __name__,
    {
        name: (f"scalinglaws.io:{name}", f"scalinglaws.io.{name}")
        for name in ("read_table", "read_values", "read_values_and_counts")
    },
)
