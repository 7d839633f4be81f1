"""Parameter and FLOP counts of decoder-only Transformers (pure Python, no torch).

Three parameter conventions, chosen with ``convention=``:

``"ours"`` (default)
    The exact count of :class:`scalinglaws.lm.GPT`: pre-LayerNorm blocks without
    biases (LayerNorm weights only), learned absolute positions, tied output head.
    Per layer ``4·d·a + 2·d·f + 2·d`` with ``a = n_head·kv_size`` (the attention
    width, ``d`` when ``kv_size`` is not given) and ``f = d_ff``; plus ``d`` for the
    final LayerNorm. Embeddings: ``V·d`` tokens + ``context·d`` positions, and
    another ``V·d`` when the head is untied.
``"kaplan"``
    Kaplan et al. 2020, eq. (2.1): ``N ≈ 2·d·n_layer·(2·a + f)`` (weights of the
    attention and MLP matrices only; biases and norms are "sub-leading" and dropped).
``"chinchilla"``
    Hoffmann et al. 2022, Table A9, as reconstructed in nanoGPT's
    ``scaling_laws.ipynb``: every linear has a bias, each layer has two LayerNorms
    with scale and shift and a relative-position block (``d·a + 2·d``), there is no
    position table and one ``V·d`` matrix (vocabulary 32,000). The reported N
    *includes* that embedding matrix. This reproduces the ``params`` column of
    Table A9 (``tests/test_counting.py``).

``non_embedding=True`` drops the token and position embeddings (Kaplan's N), which
is what this package calls N for its own models.

FLOPs: :func:`forward_flops_per_token` counts the forward pass exactly, either as in
Kaplan et al. 2020 Table 1 or as in Hoffmann et al. 2022 Appendix F; a training step
costs three forward passes (backward = 2 x forward). :func:`training_flops` is the
usual approximation ``C = 6·N·D``.
"""

from __future__ import annotations

from scalinglaws._validate import check_choice
from scalinglaws.errors import InvalidOptionError

__all__ = [
    "FLOP_CONVENTIONS",
    "PARAM_CONVENTIONS",
    "forward_flops_per_token",
    "training_flops",
    "training_flops_exact",
    "transformer_params",
]

PARAM_CONVENTIONS = ("ours", "kaplan", "chinchilla")
FLOP_CONVENTIONS = ("kaplan", "chinchilla")


def _positive(value: int, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidOptionError(f"{name}={value!r} must be a positive whole number.")
    return value


def _attention_width(d_model: int, n_head: int | None, kv_size: int | None) -> int:
    """Width ``a = n_head * kv_size`` of the attention projections (``d_model`` by default)."""
    if kv_size is None:
        return d_model
    if n_head is None:
        raise InvalidOptionError(
            f"kv_size={kv_size} was given without n_head; pass n_head too "
            "(the attention width is n_head * kv_size)."
        )
    return _positive(n_head, "n_head") * _positive(kv_size, "kv_size")


def transformer_params(
    *,
    n_layer: int,
    d_model: int,
    d_ff: int | None = None,
    vocab_size: int,
    context: int,
    n_head: int | None = None,
    kv_size: int | None = None,
    non_embedding: bool = True,
    tied: bool = True,
    convention: str = "ours",
) -> int:
    """Number of parameters of a decoder-only Transformer (see the module docstring).

    ``d_ff`` defaults to ``4 * d_model``. With ``non_embedding=True`` (Kaplan et al.
    2020's N) the token and position embeddings are left out; the tied output head
    shares the token embedding, so it is left out as well.
    """
    check_choice(convention, "convention", PARAM_CONVENTIONS)
    d = _positive(d_model, "d_model")
    layers = _positive(n_layer, "n_layer")
    f = 4 * d if d_ff is None else _positive(d_ff, "d_ff")
    v = _positive(vocab_size, "vocab_size")
    t = _positive(context, "context")
    a = _attention_width(d, n_head, kv_size)

    if convention == "kaplan":
        body = 2 * d * layers * (2 * a + f)
        embedding = v * d + t * d + (0 if tied else v * d)
    elif convention == "chinchilla":
        per_layer = (
            (3 * d * a + 3 * a)  # Q, K, V weights and biases
            + (d * a + 2 * d)  # relative keys, content bias, relative bias
            + (a * d + d)  # attention output projection
            + (d * f + f)  # MLP in
            + (f * d + d)  # MLP out
            + 2 * 2 * d  # two LayerNorms, scale and shift
        )
        body = layers * per_layer + 2 * d  # + final LayerNorm
        embedding = v * d + (0 if tied else v * d)  # relative positions: no table
    else:  # "ours"
        per_layer = 4 * d * a + 2 * d * f + 2 * d  # QKV + out, MLP in + out, 2 LN weights
        body = layers * per_layer + d  # + final LayerNorm weight
        embedding = v * d + t * d + (0 if tied else v * d)
    return int(body if non_embedding else body + embedding)


def forward_flops_per_token(
    *,
    n_layer: int,
    d_model: int,
    d_ff: int,
    context: int,
    vocab_size: int,
    n_head: int | None = None,
    kv_size: int | None = None,
    convention: str = "kaplan",
    include_embedding: bool = True,
) -> float:
    """Exact forward-pass FLOPs per token (one multiply-add = 2 FLOPs).

    ``convention="kaplan"`` -- Kaplan et al. 2020, Table 1, with ``a`` the attention
    width and ``n_ctx = context``::

        embed          4·d                      (include_embedding)
        attention QKV  2·n_layer·d·3a
        attention mask 2·n_layer·n_ctx·a
        attention proj 2·n_layer·a·d
        feed-forward   2·n_layer·2·d·f
        de-embed       2·d·V                    (include_embedding)

    ``convention="chinchilla"`` -- Hoffmann et al. 2022, Appendix F, per sequence of
    length ``s`` divided by ``s``: embeddings ``2·V·d``; per layer QKV ``6·d·a``,
    logits ``2·s·a``, softmax ``3·h·s``, softmax-times-value ``2·s·a``, output
    ``2·a·d``, dense ``4·d·f``; final logits ``2·d·V``. Setting
    ``include_embedding=False`` leaves out the embeddings and logits, which is how
    the paper's Table A4 was computed (nanoGPT, from the authors).
    """
    check_choice(convention, "convention", FLOP_CONVENTIONS)
    d = _positive(d_model, "d_model")
    layers = _positive(n_layer, "n_layer")
    f = _positive(d_ff, "d_ff")
    s = _positive(context, "context")
    v = _positive(vocab_size, "vocab_size")
    a = _attention_width(d, n_head, kv_size)
    if convention == "kaplan":
        body = layers * (2 * d * 3 * a + 2 * s * a + 2 * a * d + 2 * 2 * d * f)
        ends = 4 * d + 2 * d * v
    else:
        heads = n_head if n_head is not None else max(1, a // 64)
        attention = 6 * d * a + 2 * s * a + 3 * heads * s + 2 * s * a + 2 * a * d
        body = layers * (attention + 4 * d * f)
        ends = 2 * v * d + 2 * d * v
    return float(body + (ends if include_embedding else 0))


def training_flops(n_params: float, tokens: float) -> float:
    """Training compute ``C = 6·N·D`` (Kaplan et al. 2020, sec. 2.1; Hoffmann et al. 2022).

    Two FLOPs per parameter per token in the forward pass and four in the backward.
    """
    if n_params < 0 or tokens < 0:
        raise InvalidOptionError(
            f"n_params={n_params!r}, tokens={tokens!r}: both must be non-negative."
        )
    return 6.0 * float(n_params) * float(tokens)


def training_flops_exact(forward_per_token: float, tokens: float) -> float:
    """Training compute from an exact forward count: ``3 · C_forward · D``.

    The backward pass costs twice the forward (Kaplan et al. 2020, sec. 2.1).
    """
    return 3.0 * float(forward_per_token) * float(tokens)
