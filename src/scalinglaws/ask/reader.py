"""Extractive question answering: pick the span of the retrieved facts that answers.

A SQuAD-style reader (Devlin, Chang, Lee & Toutanova, "BERT: pre-training of
deep bidirectional Transformers for language understanding", NAACL 2019,
section 4.2) scores every token as the start and as the end of the answer.
Transformers 5 has no question-answering pipeline, so the span decoding is
written here:

1. the question is paired with each context (retrieved sentence) on its own; a
   context longer than the model's window is split into overlapping windows
   (``stride``), and the offset mapping ties tokens back to its characters;
2. per window, start and end logits outside the context are masked, each is
   turned into probabilities by a softmax over the context tokens, and a span
   (s, e) with s <= e < s + ``max_answer_len`` scores p_start(s) * p_end(e),
   a number in [0, 1];
3. the best span over all windows of all contexts is returned as characters
   of its context.

The model is loaded with ``AutoModelForQuestionAnswering`` from a name or a
local path; without ``allow_download`` only files already on disk are used
(``local_files_only``, ``HF_HUB_OFFLINE=1``), so a missing model fails fast with
:class:`ReaderUnavailable` instead of waiting on the network.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from scalinglaws._optional import needs_extra
from scalinglaws._types import FloatArray
from scalinglaws.ask import _hf

__all__ = ["DEFAULT_MODEL", "Reader", "ReaderUnavailable", "Span", "best_span", "load_reader"]

#: DistilBERT fine-tuned on SQuAD v1.1 by distillation (Sanh et al. 2019), 66M parameters.
DEFAULT_MODEL = "distilbert-base-uncased-distilled-squad"


class ReaderUnavailable(RuntimeError):
    """The reader model could not be loaded (not on disk offline, or not a QA model)."""


@dataclass(frozen=True)
class Span:
    """An answer span: characters ``start:end`` of context number ``context``, its probability."""

    text: str
    start: int
    end: int
    score: float
    context: int = 0


def best_span(
    start_logits: FloatArray,
    end_logits: FloatArray,
    in_context: npt.NDArray[np.bool_],
    max_len: int,
) -> tuple[int, int, float]:
    """The token span (s, e) maximising p_start(s) * p_end(e) with s <= e < s + max_len.

    Probabilities are softmaxes over the tokens where ``in_context`` is true, so
    the score lies in [0, 1]. Returns (-1, -1, 0.0) when no token is in context.
    """
    if not in_context.any():
        return -1, -1, 0.0
    p_start = _softmax(np.where(in_context, start_logits, -np.inf))
    p_end = _softmax(np.where(in_context, end_logits, -np.inf))
    scores = np.outer(p_start, p_end)  # (T, T): [s, e]
    scores = np.triu(np.tril(scores, k=max_len - 1))  # keep s <= e < s + max_len
    s, e = np.unravel_index(int(np.argmax(scores)), scores.shape)
    return int(s), int(e), float(min(max(scores[s, e], 0.0), 1.0))


def _softmax(logits: FloatArray) -> FloatArray:
    shifted = np.exp(logits - np.max(logits))
    return np.asarray(shifted / shifted.sum(), dtype=np.float64)


@dataclass(frozen=True, eq=False)
class Reader:
    """A question-answering model and its (fast) tokenizer."""

    name: str
    tokenizer: Any
    model: Any
    max_length: int = 384
    stride: int = 128

    def read(self, question: str, contexts: Sequence[str], *, max_answer_len: int = 30) -> Span:
        """The best answer span for ``question`` in any of ``contexts`` (never across two).

        Each context is read on its own (split into windows when it is long), as
        in open-domain readers that take the best span over paragraphs (Chen,
        Fisch, Weston & Bordes, "Reading Wikipedia to answer open-domain
        questions", ACL 2017).
        """
        with needs_extra("ask", _hf.FEATURE):
            import torch

        enc = self.tokenizer(
            [question] * len(contexts),
            list(contexts),
            truncation="only_second",
            max_length=self.max_length,
            stride=self.stride,
            return_overflowing_tokens=True,
            return_offsets_mapping=True,
            padding="longest",
            return_tensors="pt",
        )
        offsets = enc["offset_mapping"].numpy()  # (W, T, 2)
        owner = enc["overflow_to_sample_mapping"].numpy()  # (W,): the context of each window
        names = set(self.tokenizer.model_input_names)
        inputs = {key: value for key, value in enc.items() if key in names}
        with torch.no_grad():
            out = self.model(**inputs)
        starts = out.start_logits.double().numpy()  # (W, T)
        ends = out.end_logits.double().numpy()
        best = Span("", 0, 0, -1.0)
        for window in range(starts.shape[0]):
            in_context = np.array([sid == 1 for sid in enc.sequence_ids(window)])
            s, e, score = best_span(starts[window], ends[window], in_context, max_answer_len)
            if s >= 0 and score > best.score:
                lo, hi = int(offsets[window, s, 0]), int(offsets[window, e, 1])
                which = int(owner[window])
                best = Span(contexts[which][lo:hi], lo, hi, score, which)
        return best if best.score >= 0 else Span("", 0, 0, 0.0)


@functools.lru_cache(maxsize=4)
def load_reader(model: str, *, allow_download: bool = False) -> Reader:
    """Load a question-answering model by name or local path (cached per process).

    Raises
    ------
    ReaderUnavailable
        The model is not available (offline and not cached, no such path) or cannot
        be used as an extractive reader.
    """
    local_only = _hf.offline(allow_download=allow_download)
    folder = Path(model).expanduser()
    if (folder.is_absolute() or model.startswith((".", "~"))) and not folder.is_dir():
        raise ReaderUnavailable(f"cannot load the reader model {model!r}: no such folder")
    if local_only and not folder.is_dir() and not _cached(model):
        raise ReaderUnavailable(
            f"the reader model {model!r} is not in the local Hugging Face cache and "
            "downloads are off (allow_download=True, or --allow-download, fetches it)"
        )
    try:
        with needs_extra("ask", _hf.FEATURE):
            from transformers import AutoModelForQuestionAnswering, AutoTokenizer

        with _hf.quiet_loading():
            tokenizer = AutoTokenizer.from_pretrained(model, local_files_only=local_only)
            network = AutoModelForQuestionAnswering.from_pretrained(
                model, local_files_only=local_only
            )
    except OSError as exc:
        if local_only and not folder.is_dir():
            raise ReaderUnavailable(
                f"the reader model {model!r} is not in the local Hugging Face cache and "
                "downloads are off (allow_download=True, or --allow-download, fetches it)"
            ) from exc
        raise ReaderUnavailable(
            f"cannot load the reader model {model!r}: {_first_line(exc)}"
        ) from exc
    # Loading can fail in other ways too (ValueError for a config that is not a QA
    # model, a corrupt file, ...); each means "no reader", and ask() answers from
    # retrieval instead.
    except Exception as exc:
        raise ReaderUnavailable(
            f"cannot load the reader model {model!r}: {_first_line(exc)}"
        ) from exc
    if not getattr(tokenizer, "is_fast", False):
        raise ReaderUnavailable(
            f"the tokenizer of {model!r} is not a fast tokenizer; span decoding needs "
            "its offset mapping."
        )
    network.eval()
    limits = (
        384,
        getattr(tokenizer, "model_max_length", 384),
        getattr(network.config, "max_position_embeddings", 384),
    )
    window = int(min(limits))
    return Reader(model, tokenizer, network, max_length=window, stride=min(128, window // 3))


def _cached(model: str) -> bool:
    """Whether the hub cache holds ``model``'s config.

    Whether the hub cache holds ``model``'s config (checked without importing
    transformers, which takes seconds; huggingface_hub's own cache lookup).
    """
    from huggingface_hub import try_to_load_from_cache

    try:
        found = try_to_load_from_cache(model, "config.json")
    except ValueError:  # not a valid repository name
        return False
    return isinstance(found, str)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__
