"""Checkpoints that resume a run exactly, written atomically and read with ``weights_only=True``.

A checkpoint is a ``torch.save`` of a dict of tensors and plain Python values only
(no pickled classes), so it loads under ``torch.load(..., weights_only=True)``::

    format        1
    config        GPTConfig.to_dict()
    train_config  TrainConfig.to_dict() (resolved: lr and batch_size filled in)
    seed          int
    step, tokens  optimizer steps and training tokens done
    model         model.state_dict()
    optimizer     optimizer.state_dict()
    torch_rng     torch.get_rng_state() (dropout; batches come from (seed, step))
    curve         [[tokens, step, loss, tokens_per_s, branch], ...] evaluations so far
    wall_time     seconds of training so far

It is written with :func:`scalinglaws.io.write_atomic` (a temporary file in the same
folder renamed over the old one), so an interrupted save never leaves a half-written
checkpoint.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import torch

from scalinglaws.errors import DataFormatError, InvalidOptionError
from scalinglaws.io import write_atomic

__all__ = ["FORMAT", "load_checkpoint", "save_checkpoint"]

FORMAT = 1
_KEYS = (
    "format",
    "config",
    "train_config",
    "seed",
    "step",
    "tokens",
    "model",
    "optimizer",
    "torch_rng",
    "curve",
    "wall_time",
)


def save_checkpoint(path: Path, state: dict[str, Any]) -> None:
    """Write ``state`` (the keys above) atomically to ``path``."""
    write_atomic(path, lambda tmp: torch.save({"format": FORMAT, **state}, tmp))


def load_checkpoint(path: Path, *, mmap: bool = False) -> dict[str, Any]:
    """Read a checkpoint with ``weights_only=True``; a damaged file raises DataFormatError.

    ``mmap=True`` maps the tensors instead of reading them: cheap when only the
    plain values (``curve``, ``step``) are wanted.
    """
    try:
        state = torch.load(path, map_location="cpu", weights_only=True, mmap=mmap)
    except Exception as exc:  # torch raises RuntimeError, UnpicklingError, EOFError, ...
        raise DataFormatError(
            f"checkpoint {str(path)!r} is corrupt or not a scalinglaws checkpoint "
            f"({type(exc).__name__}: {str(exc)[:120]}); delete it to train from scratch "
            "or pass another file."
        ) from None
    if not isinstance(state, dict) or any(k not in state for k in _KEYS):
        missing = [k for k in _KEYS if not isinstance(state, dict) or k not in state]
        raise DataFormatError(
            f"checkpoint {str(path)!r} lacks {', '.join(missing)}; it was not written by "
            "scalinglaws.lm.train. Delete it or pass another file."
        )
    if state["format"] != FORMAT:
        raise DataFormatError(
            f"checkpoint {str(path)!r} has format {state['format']!r}, this version reads "
            f"format {FORMAT}; retrain or use the matching scalinglaws version."
        )
    return state


def check_same_run(state: dict[str, Any], expected: dict[str, Any], path: Path) -> None:
    """Raise unless the checkpoint was written by a run with the same settings."""
    for key, value in expected.items():
        if state[key] != value:
            raise InvalidOptionError(
                f"checkpoint {str(path)!r} belongs to another run: its {key} is "
                f"{state[key]!r}, this run has {value!r}; pass a new checkpoint path "
                "or the settings the checkpoint was written with."
            )
