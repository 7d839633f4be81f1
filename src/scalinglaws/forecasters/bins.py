"""Series to tokens and back: the two tokenizations the forecaster was chosen from.

Both are pure numpy, batched over rows, and scale-free: the absolute size of a
series never reaches the model. A context of k values gives a scale s (the
mean absolute value of the context; 1 for an all-zero context) and tokens in
``0 .. n_bins - 1``.

**Mean scaling + uniform bins** (:class:`MeanScaleBins`; Ansari et al. 2024,
"Chronos", sec. 3.1). Each value becomes v = y / s and the token is the
nearest of ``n_bins`` evenly spaced centres c_i = i * high / (n_bins - 1) on
[0, high] (0 is a centre: zero counts are exact; values above ``high * s``
are clipped). A token decodes to c_i * s. One token per value.

**Log-increments + uniform bins** (:class:`LogIncrementBins`). With
e = ``offset`` * s (so zeros have a logarithm), the token of step t is the
nearest centre, on [-width, width], of

    z_t = log(y_t + e) - log(x_{t-1} + e),

where x_{t-1} is the *decoded* previous value (error feedback, as in
delta-sigma coding: the rounding error of one step is corrected by the next
instead of piling up along the series). A token decodes to
x_t = (x_{t-1} + e) exp(c_i) - e, floored at 0. The first value of a context is
the reference x_0 = y_0 and has no token, so a context of k values gives k - 1
tokens.

References
----------
Ansari, A. F. et al. (2024). Chronos: learning the language of time series.
*Transactions on Machine Learning Research* (arXiv:2403.07815).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from scalinglaws._types import FloatArray
from scalinglaws.errors import InvalidOptionError

__all__ = ["TOKENIZERS", "LogIncrementBins", "MeanScaleBins", "Tokenizer", "tokenizer_from_dict"]

IntArray = npt.NDArray[np.int64]


def context_scale(context: FloatArray) -> FloatArray:
    """Mean absolute value of each row of ``context`` (B, k); 1 where it is 0."""
    scale = np.mean(np.abs(context), axis=-1)
    return np.where(scale > 0, scale, 1.0)


@dataclass(frozen=True)
class MeanScaleBins:
    """Chronos' tokenization: y / mean|context| to the nearest of uniform bins on [0, high]."""

    n_bins: int = 512
    high: float = 12.0
    name: str = "mean-scale"

    @property
    def vocab_size(self) -> int:
        """The number of bins (tokens) of the vocabulary."""
        return self.n_bins

    @property
    def centres(self) -> FloatArray:
        """The value each bin stands for, in the scaled units."""
        return np.linspace(0.0, self.high, self.n_bins)

    def encode(self, values: FloatArray, context: int | IntArray) -> tuple[IntArray, FloatArray]:
        """Tokens (B, L) of ``values`` (B, L), each row scaled by its first ``context`` values.

        Returns the tokens and the state (the scale s of each row, (B,)).
        """
        scale = _prefix_scale(values, context)
        step = self.high / (self.n_bins - 1)
        with np.errstate(over="ignore"):  # a huge value after a tiny context: clipped below
            tokens = np.clip(np.rint(values / scale[:, None] / step), 0, self.n_bins - 1)
        return tokens.astype(np.int64), scale

    def decode(self, tokens: IntArray, state: FloatArray) -> tuple[FloatArray, FloatArray]:
        """Values (B,) of one step of tokens (B,); the state (the scale) is unchanged."""
        return self.centres[tokens] * state, state

    def to_dict(self) -> dict[str, Any]:
        """The bins as a JSON-ready mapping."""
        return asdict(self)


@dataclass(frozen=True)
class LogIncrementBins:
    """Log-increments of (y + offset * s) to the nearest of uniform bins on [-width, width]."""

    n_bins: int = 513
    width: float = 1.5
    offset: float = 0.1
    name: str = "log-increment"

    @property
    def vocab_size(self) -> int:
        """The number of bins (tokens) of the vocabulary."""
        return self.n_bins

    @property
    def centres(self) -> FloatArray:
        """The log increment each bin stands for."""
        return np.linspace(-self.width, self.width, self.n_bins)

    def encode(self, values: FloatArray, context: int | IntArray) -> tuple[IntArray, FloatArray]:
        """Tokens (B, L - 1) of ``values`` (B, L), the offset from the first ``context`` values.

        Returns the tokens and the state: (B, 2) rows of (offset e, last decoded value).
        """
        eps = self.offset * _prefix_scale(values, context)
        centres, step = self.centres, 2.0 * self.width / (self.n_bins - 1)
        decoded = values[:, 0].astype(np.float64)
        tokens = np.empty((values.shape[0], values.shape[1] - 1), dtype=np.int64)
        for t in range(1, values.shape[1]):
            z = np.log(values[:, t] + eps) - np.log(decoded + eps)
            token = np.clip(np.rint((z + self.width) / step), 0, self.n_bins - 1).astype(np.int64)
            tokens[:, t - 1] = token
            decoded = np.maximum((decoded + eps) * np.exp(centres[token]) - eps, 0.0)
        return tokens, np.stack([eps, decoded], axis=1)

    def decode(self, tokens: IntArray, state: FloatArray) -> tuple[FloatArray, FloatArray]:
        """Values (B,) of one step of tokens (B,), and the state after it."""
        eps, last = state[:, 0], state[:, 1]
        values = np.maximum((last + eps) * np.exp(self.centres[tokens]) - eps, 0.0)
        return values, np.stack([eps, values], axis=1)

    def to_dict(self) -> dict[str, Any]:
        """The bins as a JSON-ready mapping."""
        return asdict(self)


Tokenizer = MeanScaleBins | LogIncrementBins
TOKENIZERS: dict[str, type[MeanScaleBins] | type[LogIncrementBins]] = {
    "mean-scale": MeanScaleBins,
    "log-increment": LogIncrementBins,
}


def tokenizer_from_dict(data: dict[str, Any]) -> Tokenizer:
    """The tokenizer a ``to_dict()`` describes."""
    kind = data.get("name")
    if kind not in TOKENIZERS:
        raise InvalidOptionError(
            f"tokenizer name {kind!r} is not one of {', '.join(TOKENIZERS)}; "
            "the weights' metadata is damaged or from another version."
        )
    return TOKENIZERS[kind](**data)


def _prefix_scale(values: FloatArray, context: int | IntArray) -> FloatArray:
    """Scale of each row from its first ``context`` values (an int or one per row)."""
    k = np.broadcast_to(np.asarray(context, dtype=np.int64), values.shape[:1])
    mask = np.arange(values.shape[1])[None, :] < k[:, None]
    total = np.sum(np.abs(values) * mask, axis=1)
    scale = total / np.maximum(k, 1)
    return np.where(scale > 0, scale, 1.0)
