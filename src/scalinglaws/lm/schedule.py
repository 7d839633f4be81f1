"""Learning-rate schedules and the per-size learning-rate / batch-size rule.

Cosine (Hoffmann et al. 2022, sec. 3 and App. D, "cosine cycle matched to the
number of training tokens"): linear warmup over the first ``w`` steps, then a
cosine from the peak ``η`` down to ``r·η`` at the last step ``S``::

    lr(s) = η · (s + 1) / w                                   s < w
    lr(s) = η · (r + (1 - r) · ½ · (1 + cos(π · (s - w) / (S - w))))   s ≥ w

Warmup-stable-decay, WSD (Hägele et al. 2024, "Scaling Laws and Compute-Optimal
Training Beyond Fixed Training Durations", sec. 3): the same warmup, then the
constant peak, then a "1 - sqrt" cooldown over the last ``c`` steps of a budget
of ``S`` steps (their best cooldown shape; 20% of the steps matches a cosine run
of that length)::

    lr(s) = η                                                 w ≤ s < S - c
    lr(s) = η · (r + (1 - r) · (1 - sqrt((s - S + c) / c)))    S - c ≤ s < S

Because the stable phase does not depend on the budget, one run gives the loss at
several budgets: a cooldown *branched* from the stable phase at step ``S_k - c_k``
ends at budget ``S_k`` for the price of its ``c_k`` cooldown steps
(:func:`cooldown_steps`).

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

References
----------
Hägele, A., Bakouch, E., Kosson, A., Ben Allal, L., Von Werra, L. & Jaggi, M. (2024).
Scaling laws and compute-optimal training beyond fixed training durations. NeurIPS 2024.
Hoffmann, J. et al. (2022). Training compute-optimal large language models. arXiv:2203.15556.
Porian, T. et al. (2024). Resolving discrepancies in compute-optimal scaling of language
models. NeurIPS 2024.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from scalinglaws.errors import InvalidOptionError

__all__ = [
    "BATCH_RULE",
    "LR_RULE",
    "SCHEDULES",
    "completed_budgets",
    "cooldown_steps",
    "lr_at",
    "lr_wsd",
    "scaling_rule",
]

#: (A_η, α_η) in η*(N) = A_η N^(-α_η)
LR_RULE: tuple[float, float] = (0.035, 0.21)
#: (A_B, α_B) in B*(N) = A_B N^(α_B), tokens per optimizer step
BATCH_RULE: tuple[float, float] = (20.0, 0.4)
#: The learning-rate schedules :func:`scalinglaws.lm.train` knows.
SCHEDULES = ("cosine", "wsd")


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
    """Cosine schedule: learning rate at optimizer step ``step`` (0-based) of ``total_steps``."""
    if step < warmup_steps:
        return peak * (step + 1) / warmup_steps
    decay_steps = max(1, total_steps - warmup_steps)
    progress = min(1.0, (step - warmup_steps) / decay_steps)
    cosine = 0.5 * (1.0 + math.cos(math.pi * progress))
    return peak * (min_ratio + (1.0 - min_ratio) * cosine)


def lr_wsd(
    step: int,
    *,
    total_steps: int,
    peak: float,
    warmup_steps: int,
    cooldown: int,
    min_ratio: float,
) -> float:
    """The WSD learning rate at ``step``.

    In a budget of ``total_steps`` whose last ``cooldown`` steps decay by ``1 - sqrt`` to
    ``min_ratio * peak`` (module doc).
    """
    if step < warmup_steps:
        return peak * (step + 1) / warmup_steps
    start = total_steps - cooldown
    if step < start:
        return peak
    progress = min(1.0, (step - start) / max(1, cooldown))
    return peak * (min_ratio + (1.0 - min_ratio) * (1.0 - math.sqrt(progress)))


def cooldown_steps(total_steps: int, fraction: float) -> int:
    """Steps of the cooldown of a budget of ``total_steps``: ``fraction`` of them, at least one."""
    return max(1, min(total_steps, round(fraction * total_steps)))


def completed_budgets(
    tokens: Sequence[int], loss: Sequence[float], branch: Sequence[bool] | None = None
) -> list[tuple[int, float]]:
    """(tokens, loss) of every completed schedule in an eval curve, fewest tokens first.

    Each WSD branch's end (``branch`` true), and the curve's last point (the run's end).
    """
    flags = list(branch) if branch is not None else [False] * len(tokens)
    if not tokens:
        return []
    ends = [(int(t), float(v)) for t, v, b in zip(tokens, loss, flags, strict=True) if b]
    ends.append((int(tokens[-1]), float(loss[-1])))
    return sorted(ends)
