"""Sample text from a trained model (autoregressive, temperature and top-k)."""

from __future__ import annotations

import torch

from scalinglaws._validate import check_number
from scalinglaws.errors import InvalidOptionError
from scalinglaws.lm.corpus import Corpus
from scalinglaws.lm.model import GPT
from scalinglaws.lm.tokenize import BPETokenizer, ByteTokenizer

__all__ = ["generate"]


@torch.no_grad()
def generate(
    model: GPT,
    corpus_or_tokenizer: Corpus | ByteTokenizer | BPETokenizer,
    prompt: str,
    *,
    max_new_tokens: int,
    temperature: float = 1.0,
    top_k: int | None = None,
    seed: int = 0,
) -> str:
    """Continue ``prompt`` by ``max_new_tokens`` sampled tokens.

    Each step feeds the last ``context`` tokens, divides the final logits by
    ``temperature`` (0 means greedy argmax), keeps the ``top_k`` largest and samples
    from the softmax with a generator seeded by ``seed``.

    Parameters
    ----------
    model : GPT
        The trained model.
    corpus_or_tokenizer : Corpus, ByteTokenizer or BPETokenizer
        The tokenizer (or the corpus holding it) the model was trained with.
    prompt : str
        The text to continue.
    max_new_tokens : int
        How many tokens to sample.
    temperature : float, default 1.0
        Logits are divided by it; 0 is greedy.
    top_k : int, optional
        Sample among the k most likely tokens only.
    seed : int, default 0
        The sampling generator's seed.

    Returns
    -------
    str
        The prompt followed by the continuation.
    """
    steps = int(check_number(max_new_tokens, "max_new_tokens", low=0, integer=True))
    temp = check_number(temperature, "temperature", low=0.0)
    if top_k is not None:
        check_number(top_k, "top_k", low=1, integer=True)
    tok = (
        corpus_or_tokenizer.tokenizer
        if isinstance(corpus_or_tokenizer, Corpus)
        else corpus_or_tokenizer
    )
    if tok.vocab_size > model.config.vocab_size:
        raise InvalidOptionError(
            f"tokenizer has {tok.vocab_size} tokens but the model only {model.config.vocab_size}; "
            "pass the corpus the model was trained on."
        )
    device = next(model.parameters()).device
    ids = torch.as_tensor(tok.encode(prompt).astype("int64"), device=device).view(1, -1)
    if ids.numel() == 0:
        ids = torch.zeros((1, 1), dtype=torch.long, device=device)
        start = 1
    else:
        start = 0
    gen = torch.Generator(device=device).manual_seed(seed)
    was_training = model.training
    model.eval()
    for _ in range(steps):
        logits = model(ids[:, -model.config.context :])[:, -1, :].float()  # (1, V)
        if temp == 0:
            nxt = logits.argmax(dim=-1, keepdim=True)  # (1, 1)
        else:
            logits = logits / temp
            if top_k is not None:
                kth = torch.topk(logits, min(top_k, logits.size(-1))).values[:, -1:]
                logits = logits.masked_fill(logits < kth, float("-inf"))
            probs = torch.softmax(logits, dim=-1)
            nxt = torch.multinomial(probs, 1, generator=gen)  # (1, 1)
        ids = torch.cat([ids, nxt], dim=1)
    model.train(was_training)
    return tok.decode(ids[0, start:].cpu().numpy())
