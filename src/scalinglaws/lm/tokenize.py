"""Tokenizers: raw bytes (default) or byte-level BPE trained with Hugging Face ``tokenizers``.

Both map text to ``uint16`` token ids (so every vocabulary fits a ``uint16`` file) and
back. The byte tokenizer has 256 tokens, needs no training and is lossless on any
UTF-8 text. The BPE tokenizer is trained on the training text only, with the
``tokenizers`` byte-level pre-tokenizer, so it too never meets an unknown character.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Protocol

import numpy as np
import numpy.typing as npt

from scalinglaws._optional import needs_extra
from scalinglaws._validate import check_choice, check_number
from scalinglaws.errors import DataFormatError, InvalidOptionError

__all__ = ["TOKENIZERS", "BPETokenizer", "ByteTokenizer", "Tokenizer", "make_tokenizer"]

TOKENIZERS = ("byte", "bpe")
TokenArray = npt.NDArray[np.uint16]


class Tokenizer(Protocol):
    """What the corpus and :func:`scalinglaws.lm.generate` need of a tokenizer."""

    name: str
    vocab_size: int

    def encode(self, text: str) -> TokenArray:
        """Token ids of ``text``."""

    def decode(self, ids: npt.ArrayLike) -> str:
        """The text of token ids."""


class ByteTokenizer:
    """One token per UTF-8 byte (vocabulary 256)."""

    name = "byte"
    vocab_size = 256

    def encode(self, text: str) -> TokenArray:
        """Token ids of ``text``: its UTF-8 bytes."""
        return np.frombuffer(text.encode("utf-8"), dtype=np.uint8).astype(np.uint16)

    def decode(self, ids: npt.ArrayLike) -> str:
        """The text of byte ids (invalid UTF-8 replaced)."""
        data = np.asarray(ids, dtype=np.int64)
        return bytes(np.clip(data, 0, 255).astype(np.uint8).tolist()).decode(
            "utf-8", errors="replace"
        )

    def to_json(self) -> str:
        """The tokenizer as JSON (its name)."""
        return json.dumps({"name": "byte"})


class BPETokenizer:
    """Byte-level BPE from the ``tokenizers`` library (Sennrich et al. 2016; GPT-2's variant)."""

    name = "bpe"

    def __init__(self, tokenizer: object) -> None:
        self._tok = tokenizer
        self.vocab_size = int(tokenizer.get_vocab_size())  # type: ignore[attr-defined]

    @classmethod
    def train(cls, text: str, vocab_size: int) -> BPETokenizer:
        """Train on ``text``; ``vocab_size`` includes the 256 byte tokens."""
        with needs_extra("lm", "BPETokenizer"):
            from tokenizers import Tokenizer as HFTokenizer
            from tokenizers import decoders, models, pre_tokenizers, trainers

        size = int(check_number(vocab_size, "vocab_size", low=257, high=65536, integer=True))
        tok = HFTokenizer(models.BPE())
        tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
        tok.decoder = decoders.ByteLevel()
        trainer = trainers.BpeTrainer(
            vocab_size=size,
            initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
            show_progress=False,
            special_tokens=[],
        )
        chunk = 1 << 16
        tok.train_from_iterator(
            (text[i : i + chunk] for i in range(0, len(text), chunk)), trainer=trainer
        )
        return cls(tok)

    @classmethod
    def from_json(cls, text: str) -> BPETokenizer:
        """A BPE tokenizer from its ``tokenizers`` JSON."""
        with needs_extra("lm", "BPETokenizer"):
            from tokenizers import Tokenizer as HFTokenizer

        try:
            return cls(HFTokenizer.from_str(text))
        except Exception as exc:  # tokenizers raises its own Exception type
            raise DataFormatError(
                f"tokenizer file is not a valid tokenizers JSON ({exc}); delete it and retrain."
            ) from None

    def to_json(self) -> str:
        """The tokenizer as its ``tokenizers`` JSON."""
        return str(self._tok.to_str())  # type: ignore[attr-defined]

    def encode(self, text: str) -> TokenArray:
        """Token ids of ``text``."""
        ids = self._tok.encode(text).ids  # type: ignore[attr-defined]
        return np.asarray(ids, dtype=np.uint16)

    def decode(self, ids: npt.ArrayLike) -> str:
        """The text of token ids."""
        data = np.asarray(ids, dtype=np.int64).tolist()
        return str(self._tok.decode(data))  # type: ignore[attr-defined]


def make_tokenizer(
    kind: str, *, train_text: str = "", vocab_size: int | None = None
) -> ByteTokenizer | BPETokenizer:
    """The tokenizer ``kind`` ("byte" or "bpe"); BPE is trained on ``train_text``."""
    check_choice(kind, "tokenizer", TOKENIZERS)
    if kind == "byte":
        if vocab_size not in (None, 256):
            raise InvalidOptionError(
                f"vocab_size={vocab_size!r} with tokenizer='byte': the byte tokenizer has "
                "exactly 256 tokens; leave vocab_size out or use tokenizer='bpe'."
            )
        return ByteTokenizer()
    return BPETokenizer.train(train_text, 1024 if vocab_size is None else vocab_size)


def load_tokenizer_json(path: Path) -> ByteTokenizer | BPETokenizer:
    """Read a tokenizer written by ``to_json``."""
    text = path.read_text(encoding="utf-8")
    if text.strip() == json.dumps({"name": "byte"}):
        return ByteTokenizer()
    return BPETokenizer.from_json(text)
