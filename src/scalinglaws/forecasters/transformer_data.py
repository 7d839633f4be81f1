"""Training batches for the forecaster: windows of synthetic series, tokenized per window.

A batch is ``B`` windows of one length (no padding), drawn from a stream of
synthetic series (:func:`scalinglaws.forecasters.synthetic.synthetic_series`)
that is regenerated in chunks, so a run never sees a series twice and its
data budget D is the number of tokens it trained on:

1. the number of tokens per window T is log-uniform on [8, max_tokens] (short
   contexts are common in surveillance data; B = batch_tokens // T);
2. each window is a random stretch of a random series long enough for it;
3. the scale of each window comes from its first k values, k uniform on
   [1, T] (the "context"; at forecast time the whole context sets the scale);
4. inputs are tokens 0 .. T-1 and targets tokens 1 .. T, every position scored.

Everything is a function of ``(seed, step)``: a run can be replayed exactly.
Validation windows come from a disjoint range of series indices
(:data:`VALIDATION_START`), so no validation series is ever trained on.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from scalinglaws._types import FloatArray
from scalinglaws.forecasters.bins import Tokenizer
from scalinglaws.forecasters.synthetic import SyntheticSeries, synthetic_series

__all__ = ["VALIDATION_START", "SeriesStream", "Windows", "make_windows", "validation_windows"]

IntArray = npt.NDArray[np.int64]

#: Series indices from here on are never trained on (validation and tests).
VALIDATION_START = 1 << 40
#: Series per chunk of the training stream.
CHUNK = 1024
#: Shortest window, in tokens.
MIN_TOKENS = 8


@dataclass(frozen=True)
class Windows:
    """Inputs and targets (B, T) of one batch."""

    inputs: IntArray
    targets: IntArray


def extra_values(tokenizer: Tokenizer) -> int:
    """Values a window needs beyond its tokens + 1 (log-increments spend one on the reference)."""
    return 1 if tokenizer.name == "log-increment" else 0


def make_windows(
    series: list[FloatArray],
    tokenizer: Tokenizer,
    rng: np.random.Generator,
    *,
    batch_tokens: int,
    max_tokens: int,
) -> Windows:
    """One batch of windows from ``series`` (see the module docstring)."""
    extra = extra_values(tokenizer)
    lengths = np.array([s.size for s in series])
    longest = int(lengths.max()) - 1 - extra
    high = max(MIN_TOKENS, min(max_tokens, longest))
    tokens = round(np.exp(rng.uniform(np.log(MIN_TOKENS), np.log(high + 1))))
    tokens = min(tokens, high, longest)  # rounding may land on high + 1
    need = tokens + 1 + extra
    eligible = np.flatnonzero(lengths >= need)
    count = max(1, batch_tokens // tokens)
    chosen = rng.choice(eligible, size=count)
    values = np.empty((count, need))
    for row, index in enumerate(chosen):
        start = int(rng.integers(0, lengths[index] - need + 1))
        values[row] = series[index][start : start + need]
    context = rng.integers(1, tokens, size=count, endpoint=True)
    ids, _ = tokenizer.encode(values, context)
    return Windows(ids[:, :-1], ids[:, 1:])


class SeriesStream:
    """The training series, chunk by chunk: chunk c is series c*CHUNK .. (c+1)*CHUNK - 1."""

    def __init__(self, seed: int, *, max_length: int) -> None:
        self.seed = seed
        self.max_length = max_length
        self._chunk = -1
        self._values: list[FloatArray] = []

    def chunk(self, index: int) -> list[FloatArray]:
        """The series of chunk ``index`` of the stream."""
        if index != self._chunk:
            made = synthetic_series(
                CHUNK, seed=self.seed, start=index * CHUNK, max_length=self.max_length
            )
            self._values = [_usable(s) for s in made]
            self._chunk = index
        return self._values


def _usable(series: SyntheticSeries) -> FloatArray:
    return np.asarray(series.values, dtype=np.float64)


def validation_windows(
    tokenizer: Tokenizer,
    *,
    seed: int,
    n_batches: int,
    batch_tokens: int,
    max_tokens: int,
    max_length: int,
) -> list[Windows]:
    """Fixed validation batches from series ``VALIDATION_START ..`` of the stream ``seed``."""
    made = synthetic_series(CHUNK, seed=seed, start=VALIDATION_START, max_length=max_length)
    series = [_usable(s) for s in made]
    rng = np.random.default_rng((seed, VALIDATION_START))
    return [
        make_windows(series, tokenizer, rng, batch_tokens=batch_tokens, max_tokens=max_tokens)
        for _ in range(n_batches)
    ]
