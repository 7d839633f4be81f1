"""Save and load the forecaster's weights: fp16 tensors, a JSON card, a sha256 checked at load.

A saved forecaster is two files in one folder:

``transformer.pt``
    ``torch.save`` of ``{"format": 1, "state": {name: fp16 tensor}}``: tensors
    only, so it loads with ``torch.load(..., weights_only=True)`` (no pickled
    code runs);
``transformer.json``
    the card: ``sha256`` of the ``.pt`` file, the model shape (``GPTConfig``),
    the tokenizer, the longest horizon and context it was trained for, how it
    was trained (seed, data, budget, wall time) and its own scaling law.

Both are written to temporary files and renamed into place (weights first,
card last), so an interrupted save leaves the previous pair readable. The
weights shipped in the package sit in ``forecasters/weights/``. They were
trained by ``scripts/train_forecaster.py`` on synthetic series and on CDC
ILINet's weeks before 2020 (US public domain) and are ours (the same licence as
the package).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch

from scalinglaws.errors import DataFormatError
from scalinglaws.forecasters.bins import Tokenizer, tokenizer_from_dict
from scalinglaws.io import write_atomic
from scalinglaws.lm.config import GPTConfig
from scalinglaws.lm.model import GPT

__all__ = ["SHIPPED", "Loaded", "file_sha256", "load_forecaster", "save_forecaster"]

FORMAT = 1
#: The folder of the weights shipped inside the package.
SHIPPED = Path(__file__).parent / "weights"
WEIGHTS_FILE = "transformer.pt"
CARD_FILE = "transformer.json"
_READABLE = 0o644  # installed weights must be world-readable whatever the umask


@dataclass(frozen=True)
class Loaded:
    """A forecaster ready to sample: the model (fp32, eval mode), its tokenizer and card."""

    model: GPT = field(repr=False)
    tokenizer: Tokenizer
    max_horizon: int
    card: dict[str, Any] = field(repr=False)


def file_sha256(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def save_forecaster(
    model: GPT,
    tokenizer: Tokenizer,
    directory: str | Path,
    *,
    max_horizon: int,
    info: dict[str, Any] | None = None,
) -> Path:
    """Write ``transformer.pt`` (fp16) and ``transformer.json`` into ``directory``.

    Returns the path of the card. ``info`` (JSON-safe) is stored in the card.
    """
    folder = Path(directory)
    state = {
        name: t.detach().to(torch.float16).contiguous() for name, t in model.state_dict().items()
    }
    weights = folder / WEIGHTS_FILE
    write_atomic(
        weights, lambda tmp: torch.save({"format": FORMAT, "state": state}, tmp), mode=_READABLE
    )
    card = {
        "format": FORMAT,
        "sha256": file_sha256(weights),
        "model": model.config.to_dict(),
        "tokenizer": tokenizer.to_dict(),
        "max_horizon": int(max_horizon),
        **(info or {}),
    }
    path = folder / CARD_FILE
    text = json.dumps(card, indent=1, sort_keys=True) + "\n"
    write_atomic(path, text, mode=_READABLE)
    return path


def load_forecaster(directory: str | Path | None = None) -> Loaded:
    """Read a saved forecaster (default: the shipped one), checking its sha256.

    Raises
    ------
    DataFormatError
        A missing or damaged file, or weights whose sha256 differs from the card's.
    """
    folder = Path(directory) if directory is not None else SHIPPED
    weights, card_path = folder / WEIGHTS_FILE, folder / CARD_FILE
    for path in (weights, card_path):
        if not path.is_file():
            raise DataFormatError(
                f"forecaster weights: {str(path)!r} does not exist; reinstall scalinglaws or "
                "retrain with scripts/train_forecaster.py."
            )
    try:
        card = json.loads(card_path.read_text(encoding="utf-8"))
        config = GPTConfig.from_dict(card["model"])
        tokenizer = tokenizer_from_dict(card["tokenizer"])
        max_horizon, expected = int(card["max_horizon"]), str(card["sha256"])
    except (ValueError, KeyError, TypeError) as exc:
        raise DataFormatError(
            f"forecaster card {str(card_path)!r} is damaged ({type(exc).__name__}: {exc}); "
            "reinstall scalinglaws or retrain with scripts/train_forecaster.py."
        ) from None
    actual = file_sha256(weights)
    if actual != expected:
        raise DataFormatError(
            f"forecaster weights {str(weights)!r} have sha256 {actual[:16]}..., the card "
            f"expects {expected[:16]}...: the file is damaged or was replaced; reinstall "
            "scalinglaws or retrain with scripts/train_forecaster.py."
        )
    saved = torch.load(weights, map_location="cpu", weights_only=True)
    model = GPT(config)
    model.load_state_dict({name: t.to(torch.float32) for name, t in saved["state"].items()})
    model.eval()
    return Loaded(model, tokenizer, max_horizon, card)
