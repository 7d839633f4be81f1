"""Synthetic degree sequences, a stand-in corpus for tests and benchmarks of ``fit_tails``.

Broido & Clauset (2019) fitted 3,662 degree sequences of real networks, from about
10^2 to 10^6 nodes, of which a minority have strongly power-law tails. This
generator draws sequences of the same kinds, with n log-uniform between `smallest`
and `largest` (median ~ 3,000 for the defaults):

* ``power_law``: an exact discrete power law (alpha ~ U(1.8, 3.5)) above x_min ~ U{2..10},
  over a geometric body below x_min (a quarter to three quarters of the nodes);
* ``lognormal``: ceil of a lognormal (mu ~ U(0.5, 2), sigma ~ U(0.5, 1.3));
* ``cutoff``: a discrete power law (alpha ~ U(1.5, 2.5)) thinned by e^{-k / K},
  K ~ U(20, 200), the shape of many technological networks;
* ``poisson``: 1 + Poisson(c), c ~ U(2, 15), the Erdős-Rényi random graph.
"""

from __future__ import annotations

import numpy as np

from scalinglaws._types import FloatArray
from scalinglaws.tails import powerlaw

__all__ = ["KINDS", "degree_corpus", "degree_sequence"]

KINDS = ("power_law", "lognormal", "cutoff", "poisson")


def degree_sequence(kind: str, n: int, rng: np.random.Generator) -> FloatArray:
    """One synthetic degree sequence of `n` positive integers (see the module notes)."""
    if kind == "power_law":
        xmin = float(rng.integers(2, 11))
        n_tail = max(1, int(n * rng.uniform(0.25, 0.75)))
        tail = powerlaw.sample(n_tail, rng.uniform(1.8, 3.5), xmin, discrete=True, rng=rng)
        body = np.minimum(rng.geometric(0.5, n - n_tail), xmin - 1.0)
        return np.asarray(np.concatenate([body, tail]), dtype=np.float64)
    if kind == "lognormal":
        return np.asarray(np.ceil(rng.lognormal(rng.uniform(0.5, 2.0), rng.uniform(0.5, 1.3), n)))
    if kind == "cutoff":
        scale, alpha = rng.uniform(20.0, 200.0), rng.uniform(1.5, 2.5)
        kept: list[FloatArray] = []
        while sum(part.size for part in kept) < n:
            draw = powerlaw.sample(2 * n, alpha, 1.0, discrete=True, rng=rng)
            kept.append(draw[rng.random(draw.size) < np.exp(-(draw - 1.0) / scale)])
        return np.concatenate(kept)[:n]
    if kind == "poisson":
        return 1.0 + rng.poisson(rng.uniform(2.0, 15.0), n).astype(np.float64)
    raise ValueError(f"kind={kind!r}: choose one of {', '.join(KINDS)}")


def degree_corpus(
    count: int, *, seed: int = 0, smallest: int = 100, largest: int = 100_000
) -> dict[str, FloatArray]:
    """`count` synthetic degree sequences named ``"<kind>-<index>"``, reproducibly."""
    rng = np.random.default_rng(seed)
    corpus = {}
    for index in range(count):
        kind = KINDS[index % len(KINDS)]
        n = int(np.exp(rng.uniform(np.log(smallest), np.log(largest))))
        corpus[f"{kind}-{index:05d}"] = degree_sequence(kind, n, rng)
    return corpus
