"""Where the bench finds its data: ``--data DIR``, else ``../shared/data`` beside the repository."""

from __future__ import annotations

from pathlib import Path

from scalinglaws.errors import DataFormatError

__all__ = ["default_data_dir", "require_files"]

_HELP = (
    "the bench suites read the reference data of the project's shared folder "
    "(shared/data: growth-series/ and neural/, each with a README giving sources and "
    "licences); pass --data DIR pointing at that folder"
)


def default_data_dir() -> Path | None:
    """``../shared/data`` relative to the repository root, when it exists."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "pyproject.toml").exists():
            candidate = parent.parent / "shared" / "data"
            return candidate if candidate.is_dir() else None
    return None


def require_files(data: Path | None, files: tuple[str, ...], suite: str) -> Path:
    """The data folder, after checking that it holds every file ``suite`` reads."""
    if data is None:
        raise DataFormatError(f"bench {suite}: no data folder was found; {_HELP}.")
    missing = [name for name in files if not (data / name).exists()]
    if missing:
        raise DataFormatError(f"bench {suite}: {data} lacks {', '.join(missing)}; {_HELP}.")
    return data
