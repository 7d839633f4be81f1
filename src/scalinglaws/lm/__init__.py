"""Our decoder-only GPT language model, its data pipeline and training loop (torch lives here).

    from scalinglaws.lm import GPTConfig, TrainConfig, train, load_corpus, generate
    cfg = GPTConfig.preset("s3")
    run = train(cfg, TrainConfig(tokens=2_000_000), data=load_corpus(), seed=0)
    run.final_loss, run.flops, run.curve
    print(generate(run.model, load_corpus(), "ROMEO:", max_new_tokens=200))

Modules: ``config`` (GPTConfig, TrainConfig, presets), ``model`` (GPT), ``tokenize`` and
``corpus`` (read -> normalise -> tokenize -> uint16 file -> split), ``schedule``
(warmup + cosine, lr / batch rule), ``train``, ``checkpoint``, ``generate``.
Parameter and FLOP counts: :mod:`scalinglaws.neural.counting`.

torch and tokenizers come with the ``lm`` extra (``pip install 'scalinglaws[lm]'``);
without them importing this package raises
:class:`~scalinglaws.errors.MissingDependencyError`, which says so.
"""

from scalinglaws._optional import needs_extra

#: What needs the ``lm`` extra, as a missing-extra message names it.
FEATURE = "`scalinglaws.lm` (our language model and its ladder)"

with needs_extra("lm", FEATURE):
    from scalinglaws.lm.config import PRESETS, GPTConfig, TrainConfig
    from scalinglaws.lm.corpus import Corpus, load_corpus
    from scalinglaws.lm.generate import generate
    from scalinglaws.lm.model import GPT
    from scalinglaws.lm.train import EvalPoint, TrainRun, train

__all__ = [
    "GPT",
    "PRESETS",
    "Corpus",
    "EvalPoint",
    "GPTConfig",
    "TrainConfig",
    "TrainRun",
    "generate",
    "load_corpus",
    "train",
]
