"""Write a file so that an interrupted write never leaves it half-written.

:func:`write_atomic` writes to a temporary file in the target's folder and renames
it over the target with :func:`os.replace` (atomic on POSIX and Windows within one
file system): a reader, or the next run after a crash or Ctrl-C, sees either the
whole old file or the whole new one. On any error, ``KeyboardInterrupt`` included,
the temporary file is removed and the old file is left as it was.

Published as :func:`scalinglaws.io.write_atomic`; every writer in the package that
replaces a file goes through it (checkpoints, token caches, result bundles, the
forecaster's weights, bench tables, corpus fits).
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Callable
from pathlib import Path

__all__ = ["write_atomic"]

_TRIES = 100  # names tried before giving up, as tempfile.mkstemp does


def write_atomic(
    path: str | os.PathLike[str],
    write: str | bytes | Callable[[Path], object],
    *,
    fsync: bool = False,
    mode: int | None = None,
) -> Path:
    """Write a file through a temporary file in its folder and an atomic rename.

    Parameters
    ----------
    path : str or os.PathLike
        The file to write; its folder is created when missing.
    write : str, bytes or callable
        The text (written as UTF-8) or bytes of the file, or a function that
        writes the whole file at the path it is given (``torch.save``,
        ``DataFrame.to_parquet``, ...); what it returns is ignored.
    fsync : bool, default False
        Flush the new bytes to the disk before the rename, so the new file also
        survives a power cut (not only a killed process).
    mode : int, optional
        The permission bits of the new file. By default a replaced file keeps its
        mode and a new one gets what :func:`open` would give it (``0o666`` less
        the umask).

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    OSError
        The folder cannot be created or written to (the old file is left whole).
    Exception
        Whatever ``write`` raises, after the temporary file is removed.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    if mode is None:
        with contextlib.suppress(OSError):
            mode = target.stat().st_mode & 0o777
    temp = _new_temporary(target)
    try:
        if isinstance(write, str):
            temp.write_text(write, encoding="utf-8")
        elif isinstance(write, bytes):
            temp.write_bytes(write)
        else:
            write(temp)
        if fsync:
            with temp.open("rb") as stream:
                os.fsync(stream.fileno())
        if mode is not None:
            os.chmod(temp, mode)
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    return target


def _new_temporary(target: Path) -> Path:
    """An empty file ``.NAME.RANDOM.tmp`` beside ``target``, created as open() would.

    ``tempfile.mkstemp`` would make it ``0o600``; ``O_EXCL`` with mode ``0o666``
    gives the umask's mode without changing the process-wide umask.
    """
    for _ in range(_TRIES):
        temp = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
        try:
            os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        except FileExistsError:
            continue
        return temp
    raise FileExistsError(f"{target.parent}: no free temporary name for {target.name!r}")
