"""Results on disk: one versioned JSON bundle format for any set of fit results.

A bundle is a UTF-8 JSON object::

    {
      "format": "scalinglaws.results/1",
      "package_version": "0.1.0",
      "created": "2025-01-31T12:00:00Z",          # UTC, ISO 8601
      "results": [
        {
          "result": {...},                         # FitResult.to_dict(), "kind" inside
          "provenance": {                          # where the input came from
            "file": "data/words.txt",              # or "dataset": "clauset2009/words"
            "columns": {"values": "count"},
            "sha256": "…",                         # of the input file, when there is one
            "command": "scalinglaws fit tail data/words.txt --gof 1000"
          },
          "extras": {...}                          # outcomes computed outside the result
        }
      ]
    }

``extras`` holds what a command computed but the result object does not carry
(a growth forecast, a relation's exponent test or law comparison, a neural
fit's compute-optimal table) so that the report can show it without refitting.
Outcomes a result carries itself (a tail's goodness of fit and likelihood-ratio
tests, bootstrap replicates) live in ``result``.

:func:`save_results` writes atomically (:func:`scalinglaws.io.write_atomic`: a
temporary file in the same folder, flushed to the disk, then :func:`os.replace`),
so an interrupted save never destroys a previous
file; :func:`load_results` / :func:`load_bundle` read one back and raise
:class:`~scalinglaws.errors.DataFormatError` for a file that is not a bundle,
has another format version or is not valid JSON.
"""

from __future__ import annotations

import hashlib
import json
import os
import shlex
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from scalinglaws.errors import DataFormatError, ScalingLawError
from scalinglaws.io import write_atomic
from scalinglaws.results import FitResult, jsonable

__all__ = [
    "FORMAT",
    "Bundle",
    "BundleEntry",
    "file_provenance",
    "load_bundle",
    "load_results",
    "package_version",
    "save_results",
    "sha256_file",
]

#: The format tag of every bundle; the number after the slash is the version.
FORMAT = "scalinglaws.results/1"
_FORMAT_NAME = FORMAT.split("/", 1)[0]


def package_version() -> str:
    """The installed version of scalinglaws.

    Returns
    -------
    str
        The version, ``"0+unknown"`` in an uninstalled source tree.
    """
    try:
        return version("scalinglaws")
    except PackageNotFoundError:  # pragma: no cover - only from an uninstalled source tree
        return "0+unknown"


def utc_now() -> str:
    """The current time in UTC as ISO 8601 text with a Z, to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def sha256_file(path: str | os.PathLike[str]) -> str:
    """The SHA-256 hex digest of a file's bytes.

    Parameters
    ----------
    path : str or os.PathLike
        The file, read in chunks.

    Returns
    -------
    str
        64 lowercase hex digits.
    """
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def file_provenance(
    path: str | os.PathLike[str] | None = None,
    *,
    dataset: str | None = None,
    columns: Mapping[str, Any] | None = None,
    command: str | Sequence[str] | None = None,
) -> dict[str, Any]:
    """A provenance record: the input file (with its SHA-256) or dataset, columns, command.

    Parameters
    ----------
    path : str or os.PathLike, optional
        The input file; its absolute path and SHA-256 are recorded.
    dataset : str, optional
        The bundled dataset the input came from (:func:`scalinglaws.load_dataset`).
    columns : mapping, optional
        The columns used, by role (``{"x": "population", "y": "gdp"}``).
    command : str or sequence of str, optional
        The command line that made the result (an argv list is shell-quoted).

    Returns
    -------
    dict
        The record; keys whose value is unknown are left out.
    """
    record: dict[str, Any] = {}
    if path is not None:
        record["file"] = str(path)
        if Path(path).is_file():
            record["sha256"] = sha256_file(path)
    if dataset is not None:
        record["dataset"] = dataset
    if columns:
        record["columns"] = {str(k): v for k, v in columns.items() if v is not None}
    if command is not None:
        record["command"] = _command_text(command)
    return record


def _command_text(command: str | Sequence[str]) -> str:
    return command if isinstance(command, str) else shlex.join(str(part) for part in command)


@dataclass(frozen=True)
class BundleEntry:
    """One result with where its input came from and what a command computed beside it.

    Attributes
    ----------
    result : FitResult
        The result.
    provenance : dict
        Where the input came from (:func:`file_provenance`: file and SHA-256 or
        dataset, columns, command); empty when unknown.
    extras : dict
        JSON-safe outcomes computed beside the result (a forecast table, a backtest).
    """

    result: FitResult
    provenance: dict[str, Any] = field(default_factory=dict)
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def command(self) -> str | None:
        """The command line that reproduces this result, when it was recorded."""
        value = self.provenance.get("command")
        return None if value is None else str(value)

    def to_dict(self) -> dict[str, Any]:
        """The entry as a JSON-ready mapping.

        Returns
        -------
        dict
            ``{"result": ..., "provenance": ..., "extras": ...}``; the result in its
            own ``to_dict()`` form, provenance and extras made JSON-safe.
        """
        return {
            "result": self.result.to_dict(),
            "provenance": jsonable(dict(self.provenance)),
            "extras": jsonable(dict(self.extras)),
        }

    @classmethod
    def from_dict(cls, data: Any, where: str = "bundle") -> BundleEntry:
        """Read an entry written by :meth:`to_dict`.

        Parameters
        ----------
        data : Any
            The decoded JSON of one entry of a bundle's ``results``.
        where : str, default "bundle"
            What to call the source in error messages (a file name).

        Returns
        -------
        BundleEntry
            The entry, its result rebuilt with :meth:`FitResult.from_dict`.

        Raises
        ------
        DataFormatError
            ``data`` is not an object holding a ``result`` object, the result is of
            an unknown kind, incomplete or corrupt, or provenance/extras are not objects.
        """
        if not isinstance(data, dict) or not isinstance(data.get("result"), dict):
            raise DataFormatError(f"{where}: an entry of 'results' has no 'result' object.")
        try:
            result = FitResult.from_dict(data["result"])
        except ScalingLawError as exc:
            raise DataFormatError(f"{where}: {exc}") from exc
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            kind = data["result"].get("kind")
            raise DataFormatError(
                f"{where}: the {kind!r} result is incomplete or corrupt "
                f"({type(exc).__name__}: {exc})."
            ) from exc
        provenance = data.get("provenance") or {}
        extras = data.get("extras") or {}
        if not isinstance(provenance, dict) or not isinstance(extras, dict):
            raise DataFormatError(f"{where}: 'provenance' and 'extras' must be JSON objects.")
        return cls(result, dict(provenance), dict(extras))


@dataclass(frozen=True)
class Bundle:
    """The contents of a results file: entries, the package version and the creation time.

    Attributes
    ----------
    entries : tuple of BundleEntry
        The results, in the order they were saved.
    package_version : str
        The scalinglaws version that wrote the file.
    created : str
        The creation time, UTC, ISO 8601.
    format : str, default ``FORMAT``
        The file format tag, ``"scalinglaws.results/1"``.
    """

    entries: tuple[BundleEntry, ...]
    package_version: str
    created: str  # UTC, ISO 8601
    format: str = FORMAT

    @property
    def results(self) -> list[FitResult]:
        """The results of every entry, in order."""
        return [entry.result for entry in self.entries]

    def to_dict(self) -> dict[str, Any]:
        """The bundle as a JSON-ready mapping (the file's contents).

        Returns
        -------
        dict
            ``format``, ``package_version``, ``created`` and ``results`` (each entry's
            :meth:`BundleEntry.to_dict`).
        """
        return {
            "format": self.format,
            "package_version": self.package_version,
            "created": self.created,
            "results": [entry.to_dict() for entry in self.entries],
        }

    @classmethod
    def from_dict(cls, data: Any, where: str = "bundle") -> Bundle:
        """Read a bundle written by :meth:`to_dict`.

        Parameters
        ----------
        data : Any
            The decoded JSON of a results file.
        where : str, default "bundle"
            What to call the source in error messages (a file name).

        Returns
        -------
        Bundle
            The bundle with every entry rebuilt.

        Raises
        ------
        DataFormatError
            ``data`` is not a results bundle, its format tag is another program's or
            another version's, or an entry cannot be read.
        """
        if not isinstance(data, dict) or "format" not in data:
            raise DataFormatError(
                f"{where}: not a scalinglaws results bundle (no 'format' key); "
                "write one with `scalinglaws fit ... --save FILE` or save_results()."
            )
        tag = data["format"]
        if not isinstance(tag, str) or not tag.startswith(_FORMAT_NAME + "/"):
            raise DataFormatError(
                f"{where}: format={tag!r} is not a scalinglaws results bundle "
                f"(expected {FORMAT!r})."
            )
        if tag != FORMAT:
            raise DataFormatError(
                f"{where}: bundle format {tag!r} is not supported by scalinglaws "
                f"{package_version()}, which reads {FORMAT!r}; upgrade scalinglaws."
            )
        entries = data.get("results")
        if not isinstance(entries, list):
            raise DataFormatError(f"{where}: 'results' must be a list of entries.")
        return cls(
            entries=tuple(
                BundleEntry.from_dict(item, f"{where}: results[{index}]")
                for index, item in enumerate(entries)
            ),
            package_version=str(data.get("package_version", "unknown")),
            created=str(data.get("created", "")),
        )


ResultLike = FitResult | BundleEntry


def _entries(
    results: ResultLike | Iterable[ResultLike],
    provenance: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None,
    command: str | Sequence[str] | None,
    extras: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None,
) -> list[BundleEntry]:
    items: list[ResultLike] = (
        [results] if isinstance(results, (FitResult, BundleEntry)) else list(results)
    )
    provs = per_result(provenance, len(items), "provenance")
    more = per_result(extras, len(items), "extras")
    entries = []
    for item, prov, extra in zip(items, provs, more, strict=True):
        if isinstance(item, BundleEntry):
            entry_prov, entry_extras, result = dict(item.provenance), dict(item.extras), item.result
        elif isinstance(item, FitResult):
            entry_prov, entry_extras, result = {}, {}, item
        else:
            raise DataFormatError(
                f"save_results: {type(item).__name__} is not a fit result; "
                "pass FitResult objects (or BundleEntry records)."
            )
        entry_prov.update(prov)
        entry_extras.update(extra)
        if command is not None:
            entry_prov["command"] = _command_text(command)
        entries.append(BundleEntry(result, entry_prov, entry_extras))
    return entries


def per_result(
    value: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None,
    count: int,
    name: str,
    *,
    what: str = "save_results",
    error: type[ScalingLawError] = DataFormatError,
) -> list[Mapping[str, Any]]:
    """One mapping per result.

    None gives empty ones, one mapping is shared by all, a sequence must have exactly `count`
    mappings (else `error`).
    """
    if value is None:
        return [{}] * count
    if isinstance(value, Mapping):
        return [value] * count
    listed = list(value)
    if len(listed) != count:
        raise error(
            f"{what}: {name} has {len(listed)} record(s) for {count} result(s); "
            "pass one mapping for all, or one per result."
        )
    return listed


def save_results(
    results: ResultLike | Iterable[ResultLike],
    path: str | os.PathLike[str],
    *,
    provenance: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None = None,
    command: str | Sequence[str] | None = None,
    extras: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None = None,
    created: str | None = None,
) -> Path:
    """Write results to a bundle file at ``path`` (atomically) and return the path.

    A crash while writing leaves any earlier file at ``path`` whole.

    Parameters
    ----------
    results : FitResult or BundleEntry, or an iterable of them
        One result, or several.
    path : str or os.PathLike
        The file to write (JSON).
    provenance : mapping or sequence of mappings, optional
        One mapping for every result, or one per result (see :func:`file_provenance`).
    command : str or sequence of str, optional
        The command line that made the results (text or argv list).
    extras : mapping or sequence of mappings, optional
        JSON-safe outcomes computed beside the results (forecast, ...), one for all
        or one per result.
    created : str, optional
        The creation time to record (default: now, UTC, ISO 8601).

    Returns
    -------
    pathlib.Path
        The path written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import numpy as np
    >>> from scalinglaws import fit_relation
    >>> from scalinglaws.bundle import load_results, save_results
    >>> x = np.geomspace(1, 100, 20)
    >>> fit = fit_relation(x, 2 * x**0.5, method="ols_log")
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = save_results(fit, pathlib.Path(folder) / "fits.json")
    ...     [round(r.params["b"], 6) for r in load_results(path)]
    [0.5]
    """
    bundle = Bundle(
        entries=tuple(_entries(results, provenance, command, extras)),
        package_version=package_version(),
        created=created or utc_now(),
    )
    text = json.dumps(bundle.to_dict(), indent=1, allow_nan=False, ensure_ascii=False) + "\n"
    return write_atomic(path, text, fsync=True)


def load_bundle(path: str | os.PathLike[str]) -> Bundle:
    """Read a bundle file written by :func:`save_results`.

    Parameters
    ----------
    path : str or os.PathLike
        The bundle file (JSON).

    Returns
    -------
    Bundle
        Its entries, package version and creation time.

    Raises
    ------
    DataFormatError
        The file is missing, not JSON, not a bundle, or of another version.
    """
    where = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise DataFormatError(f"{where}: cannot read the results file ({exc.strerror}).") from exc
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise DataFormatError(f"{where}: not a results bundle (not UTF-8 text).") from exc
    except json.JSONDecodeError as exc:
        raise DataFormatError(
            f"{where}: corrupt JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}; "
            "the file is not a readable results bundle."
        ) from exc
    return Bundle.from_dict(data, where)


def load_results(path: str | os.PathLike[str]) -> list[FitResult]:
    """The results stored in a bundle file, in order (see :func:`load_bundle`).

    Parameters
    ----------
    path : str or os.PathLike
        The bundle file (JSON).

    Returns
    -------
    list of FitResult
        The results, without their provenance.

    Raises
    ------
    DataFormatError
        As :func:`load_bundle`.
    """
    return load_bundle(path).results
