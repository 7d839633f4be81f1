"""Learning-rate schedule and the per-size learning-rate / batch-size rule.

Schedule (as in Hoffmann et al. 2022, sec. 3 and App. D, "cosine cycle matched to
the number of training tokens"): linear warmup over the first ``w`` steps, then a
cosine from the peak ``η`` down to ``r·η`` at the last step ``S``::

    lr(s) = η · (s + 1) / w                                   s < w
    lr(s) = η · (r + (1 - r) · ½ · (1 + cos(π · (s - w) / (S - w))))   s ≥ w

Scaling rule (the forms of Porian et al. 2024, "Resolving Discrepancies in
Compute-Optimal Scaling of Language Models", sec. 4: tuned learning rate and batch
size are power laws of the non-embedding parameter count N)::

    η*(N) = A_η · N^(-α_η)          B*(N) = A_B · N^(α_B)   (tokens per step)

The constants below were anchored for our byte-level models of 10^4-10^7
parameters: peak η about 4e-3 at 25k and 1e-3 at 18M (nanoGPT's 10M character-level
Shakespeare model uses 1e-3; at 1e-2 our 25k model stalls at the unigram loss), and
4 sequences of 256 tokens at 25k, 64 at 18M. They are not Porian et al.'s
OpenWebText2 coefficients (their models start at 5M parameters). Override ``lr`` /
``batch_size`` in :class:`TrainConfig`, or pass other constants to :func:`scaling_rule`.
"""

from __future__ import annotations

import math

from scalinglaws.errors import InvalidOptionError

__all__ = ["BATCH_RULE", "LR_RULE", "lr_at", "scaling_rule"]

#: (A_η, α_η) in η*(N) = A_η N^(-α_η)
LR_RULE: tuple[float, float] = (0.035, 0.21)
#: (A_B, α_B) in B*(N) = A_B N^(α_B), tokens per optimizer step
BATCH_RULE: tuple[float, float] = (20.0, 0.4)


def scaling_rule(
    n_params: int,
    *,
    context: int,
    lr_rule: tuple[float, float] = LR_RULE,
    batch_rule: tuple[float, float] = BATCH_RULE,
) -> tuple[float, int]:
    """Peak learning rate and batch size (sequences of ``context`` tokens) for size N.

    The batch in tokens is rounded to a power of two sequences, at least 4.
    """
    if n_params < 1:
        raise InvalidOptionError(f"n_params={n_params!r} must be at least 1.")
    a_lr, alpha_lr = lr_rule
    a_b, alpha_b = batch_rule
    lr = a_lr * float(n_params) ** (-alpha_lr)
    batch_tokens = a_b * float(n_params) ** alpha_b
    sequences = max(4, 2 ** round(math.log2(max(batch_tokens / context, 1.0))))
    return lr, int(sequences)


def lr_at(
    step: int, *, total_steps: int, peak: float, warmup_steps: int, min_ratio: float
) -> float:
    """Learning rate at optimizer step ``step`` (0-based) of ``total_steps``; see module doc."""
    if step < warmup_steps:
        return peak * (step + 1) / warmup_steps
    decay_steps = max(1, total_steps - warmup_steps)
    progress = min(1.0, (step - warmup_steps) / decay_steps)
    cosine = 0.5 * (1.0 + math.cos(math.pi * progress))
    return peak * (min_ratio + (1.0 - min_ratio) * cosine)
