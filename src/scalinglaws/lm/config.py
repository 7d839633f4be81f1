"""Frozen configurations of the model (:class:`GPTConfig`) and of a run (:class:`TrainConfig`).

Both round-trip through plain dicts and TOML; an unknown key raises
:class:`~scalinglaws.errors.InvalidOptionError` listing the valid ones.

Size presets (``GPTConfig.preset("s1")`` ... ``"s8"``) span about 25k to 18M
non-embedding parameters at byte vocabulary (256) and context 256. As in the ladders
of Kaplan et al. 2020 (Fig. 5: loss is flat over aspect ratios 10-200) and
Hoffmann et al. 2022 (Table A9: head size fixed, width and depth grow together),
width grows faster than depth, heads are 16-32 wide and ``d_ff = 4 d_model``.
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Self

from scalinglaws._validate import check_choice, check_number
from scalinglaws.errors import InvalidOptionError
from scalinglaws.lm.schedule import SCHEDULES, scaling_rule
from scalinglaws.neural.counting import transformer_params

__all__ = ["PRESETS", "GPTConfig", "TrainConfig"]

#: name -> (n_layer, n_head, d_model); non-embedding N printed by ``GPTConfig.preset(n)``.
PRESETS: dict[str, tuple[int, int, int]] = {
    "s1": (2, 2, 32),  # ~25k
    "s2": (3, 2, 48),  # ~84k
    "s3": (4, 2, 64),  # ~197k
    "s4": (4, 3, 96),  # ~443k
    "s5": (5, 4, 128),  # ~984k
    "s6": (6, 6, 192),  # ~2.66M
    "s7": (8, 8, 256),  # ~6.3M
    "s8": (10, 12, 384),  # ~17.7M
}

PRECISIONS = ("auto", "fp32", "bf16")
#: TrainConfig fields added after the first release, with their defaults: a run's
#: identity leaves them out at those values (:func:`run_identity`), so registries and
#: checkpoints written before they existed stay valid.
LATER_TRAIN_FIELDS: dict[str, Any] = {
    "schedule": "cosine",
    "cooldown_fraction": 0.2,
    "branches": [],
}


def _from_mapping(cls: type[Any], data: dict[str, Any], what: str) -> Any:
    valid = [f.name for f in dataclasses.fields(cls)]
    unknown = sorted(set(data) - set(valid))
    if unknown:
        raise InvalidOptionError(
            f"{what}: unknown key(s) {', '.join(map(repr, unknown))}; "
            f"valid keys are: {', '.join(valid)}."
        )
    return cls(**data)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {value!r} to TOML")  # pragma: no cover


def _to_toml(data: dict[str, Any]) -> str:
    """Flat TOML; ``None`` values are left out (TOML has no null)."""
    return "".join(f"{k} = {_toml_value(v)}\n" for k, v in data.items() if v is not None)


def _read_toml(text_or_path: str | Path, what: str) -> dict[str, Any]:
    if isinstance(text_or_path, Path) or ("=" not in text_or_path and "\n" not in text_or_path):
        path = Path(text_or_path)
        if not path.is_file():
            raise InvalidOptionError(
                f"{what}: {str(path)!r} is neither TOML text nor an existing file; "
                "pass TOML text (key = value lines) or the path of a .toml file."
            )
        text = path.read_text(encoding="utf-8")
    else:
        text = text_or_path
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidOptionError(f"{what}: not valid TOML ({exc}); fix the file.") from None


def _int(value: object, name: str, low: int = 1) -> int:
    return int(check_number(value, name, low=low, integer=True))


class _TomlConfig:
    """dict and TOML in and out for the frozen config dataclasses below.

    Unknown keys raise with the list of valid ones (:func:`_from_mapping`).
    """

    def to_dict(self) -> dict[str, Any]:
        """The config as a mapping of its fields.

        Returns
        -------
        dict
            Every field by name.
        """
        return dataclasses.asdict(self)  # type: ignore[call-overload, no-any-return]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        """A config from a mapping of its fields.

        Parameters
        ----------
        data : dict
            Field values by name; missing ones take their defaults.

        Returns
        -------
        Self
            The config.

        Raises
        ------
        InvalidOptionError
            An unknown key (the message lists the valid ones) or a bad value.
        """
        return _from_mapping(cls, dict(data), cls.__name__)  # type: ignore[no-any-return]

    def to_toml(self) -> str:
        """The config as TOML text (:meth:`from_toml` reads it back).

        Returns
        -------
        str
            The TOML document.
        """
        return _to_toml(self.to_dict())

    @classmethod
    def from_toml(cls, text_or_path: str | Path) -> Self:
        """Read from TOML text or a ``.toml`` file path.

        Parameters
        ----------
        text_or_path : str or pathlib.Path
            TOML text, or the path of a ``.toml`` file.

        Returns
        -------
        Self
            The config.

        Raises
        ------
        InvalidOptionError
            An unknown key or a bad value.
        """
        return cls.from_dict(_read_toml(text_or_path, cls.__name__))


def run_identity(train: dict[str, Any]) -> dict[str, Any]:
    """A TrainConfig dict as it identifies a run.

    Fields of :data:`LATER_TRAIN_FIELDS` at their defaults are left out (branches compared as a
    list).
    """
    out = dict(train)
    for name, default in LATER_TRAIN_FIELDS.items():
        value = out.get(name, default)
        if (list(value) if isinstance(value, (list, tuple)) else value) == default:
            out.pop(name, None)
    return out


@dataclass(frozen=True)
class GPTConfig(_TomlConfig):
    """Shape of a pre-LayerNorm decoder-only GPT.

    ``d_ff=None`` means ``4 * d_model`` and is resolved on construction.

    Attributes
    ----------
    n_layer : int
        Transformer blocks.
    n_head : int
        Attention heads per block; must divide ``d_model``.
    d_model : int
        The residual stream's width.
    context : int, default 256
        The longest sequence, in tokens.
    vocab_size : int, default 256
        Token ids (256 for the byte tokenizer).
    d_ff : int, optional
        The feed-forward width; ``4 * d_model`` when None.
    dropout : float, default 0.0
        Dropout probability during training.
    """

    n_layer: int
    n_head: int
    d_model: int
    context: int = 256
    vocab_size: int = 256
    d_ff: int | None = None
    dropout: float = 0.0

    def __post_init__(self) -> None:
        """Check the shape; raise InvalidOptionError naming the bad field."""
        _int(self.n_layer, "n_layer")
        _int(self.n_head, "n_head")
        _int(self.d_model, "d_model")
        _int(self.context, "context", low=2)
        _int(self.vocab_size, "vocab_size", low=2)
        if self.vocab_size > 65536:
            raise InvalidOptionError(
                f"vocab_size={self.vocab_size} does not fit the uint16 token files; "
                "use at most 65536."
            )
        if self.d_model % self.n_head:
            raise InvalidOptionError(
                f"d_model={self.d_model} is not divisible by n_head={self.n_head}; "
                "choose n_head among the divisors of d_model."
            )
        if self.d_ff is None:
            object.__setattr__(self, "d_ff", 4 * self.d_model)
        else:
            _int(self.d_ff, "d_ff")
        check_number(self.dropout, "dropout", low=0.0, high=0.99)

    @property
    def ff_width(self) -> int:
        """The MLP width (``d_ff`` after resolving ``None``)."""
        return self.d_ff if self.d_ff is not None else 4 * self.d_model

    @property
    def head_size(self) -> int:
        """The width of one attention head, ``n_embd // n_head``."""
        return self.d_model // self.n_head

    @property
    def non_embedding_params(self) -> int:
        """Kaplan et al. 2020's N: every parameter except token and position embeddings."""
        return transformer_params(
            n_layer=self.n_layer,
            d_model=self.d_model,
            d_ff=self.ff_width,
            vocab_size=self.vocab_size,
            context=self.context,
        )

    @property
    def total_params(self) -> int:
        """All parameters (embeddings included, tied head counted once)."""
        return transformer_params(
            n_layer=self.n_layer,
            d_model=self.d_model,
            d_ff=self.ff_width,
            vocab_size=self.vocab_size,
            context=self.context,
            non_embedding=False,
        )

    @classmethod
    def preset(cls, name: str, **overrides: Any) -> GPTConfig:
        """A named size from :data:`PRESETS` (``"s1"`` ... ``"s8"``); keywords override fields.

        Parameters
        ----------
        name : str
            The preset's name.
        **overrides
            Fields to change (``context=128``, ``vocab_size=...``).

        Returns
        -------
        GPTConfig
            The configuration.

        Raises
        ------
        InvalidOptionError
            An unknown preset or field.
        """
        check_choice(name, "preset", PRESETS)
        n_layer, n_head, d_model = PRESETS[name]
        data: dict[str, Any] = {"n_layer": n_layer, "n_head": n_head, "d_model": d_model}
        data.update(overrides)
        return _from_mapping(cls, data, f"GPTConfig.preset({name!r})")  # type: ignore[no-any-return]


@dataclass(frozen=True)
class TrainConfig(_TomlConfig):
    """How long and how to train.

    ``tokens`` is the training budget D. ``batch_size`` (sequences) and ``lr`` left
    as ``None`` come from the scaling rule in :mod:`scalinglaws.lm.schedule` via
    :meth:`resolved`. The schedule warms up linearly over ``warmup_fraction`` of the
    steps, then (``schedule="cosine"``) decays by a cosine to ``min_lr_ratio * lr`` at
    the last step, or (``schedule="wsd"``) holds the peak and cools down by
    ``1 - sqrt`` to ``min_lr_ratio * lr`` over the last ``cooldown_fraction`` of the
    steps. With WSD, each of ``branches`` (token budgets below ``tokens``) is a
    cooldown branched from the stable phase: one run reports the loss at every
    budget (:attr:`TrainRun.budgets`, Hägele et al. 2024).

    Attributes
    ----------
    tokens : int
        The training budget D, in tokens.
    batch_size : int, optional
        Sequences per step; from the scaling rule when None.
    lr : float, optional
        The peak learning rate (AdamW); from the scaling rule when None.
    warmup_fraction : float, default 0.05
        The share of steps of linear warmup.
    min_lr_ratio : float, default 0.1
        The final learning rate as a share of the peak.
    weight_decay : float, default 0.1
        AdamW's decoupled weight decay.
    beta1, beta2 : float, default 0.9, 0.95
        AdamW's moment decay rates.
    grad_clip : float, default 1.0
        The largest gradient norm.
    eval_interval_tokens : int, optional
        Training tokens between held-out evaluations (None: ten per run).
    eval_tokens : int, default 32768
        Held-out tokens per evaluation.
    threads : int, optional
        Torch CPU threads (None: ``os.cpu_count()``).
    precision : {"auto", "fp32", "bf16"}, default "auto"
        The autocast precision.
    schedule : {"cosine", "wsd"}, default "cosine"
        The learning-rate schedule.
    cooldown_fraction : float, default 0.2
        The WSD cooldown's share of the steps.
    branches : tuple of int
        WSD cooldown branches, token budgets below ``tokens``.

    References
    ----------
    .. [1] Hägele, A. et al. (2024). Scaling laws and compute-optimal training beyond
       fixed training durations. arXiv:2405.18392.
    """

    tokens: int
    batch_size: int | None = None
    lr: float | None = None
    warmup_fraction: float = 0.05
    min_lr_ratio: float = 0.1
    weight_decay: float = 0.1
    beta1: float = 0.9
    beta2: float = 0.95
    grad_clip: float = 1.0
    eval_interval_tokens: int | None = None
    eval_tokens: int = 32768
    threads: int | None = None
    precision: str = "auto"
    schedule: str = "cosine"
    cooldown_fraction: float = 0.2
    branches: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        """Check the settings; raise InvalidOptionError naming the bad field."""
        _int(self.tokens, "tokens")
        check_choice(self.schedule, "schedule", SCHEDULES)
        check_number(self.cooldown_fraction, "cooldown_fraction", low=0.0, high=1.0)
        if self.cooldown_fraction == 0:
            raise InvalidOptionError(
                "cooldown_fraction=0 leaves no cooldown; use a fraction in (0, 1] such as 0.2."
            )
        branches = tuple(sorted({_int(b, "branches") for b in self.branches}))
        object.__setattr__(self, "branches", branches)
        if branches and self.schedule != "wsd":
            raise InvalidOptionError(
                f"branches={list(branches)} need schedule='wsd' (a cosine run has no stable "
                'phase to branch a cooldown from); set schedule = "wsd".'
            )
        if branches and branches[-1] >= self.tokens:
            raise InvalidOptionError(
                f"branches={list(branches)} must all be below tokens={self.tokens}: each is "
                "a shorter budget whose cooldown branches from the run."
            )
        if self.batch_size is not None:
            _int(self.batch_size, "batch_size")
        if self.lr is not None:
            check_number(self.lr, "lr", low=0.0)
        check_number(self.warmup_fraction, "warmup_fraction", low=0.0, high=1.0)
        check_number(self.min_lr_ratio, "min_lr_ratio", low=0.0, high=1.0)
        check_number(self.weight_decay, "weight_decay", low=0.0)
        check_number(self.beta1, "beta1", low=0.0, high=0.999999)
        check_number(self.beta2, "beta2", low=0.0, high=0.999999)
        check_number(self.grad_clip, "grad_clip", low=0.0)
        if self.eval_interval_tokens is not None:
            _int(self.eval_interval_tokens, "eval_interval_tokens")
        _int(self.eval_tokens, "eval_tokens")
        if self.threads is not None:
            _int(self.threads, "threads")
        check_choice(self.precision, "precision", PRECISIONS)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe dict (``branches`` as a list).

        Returns
        -------
        dict
            Every field by name.
        """
        data = dataclasses.asdict(self)
        data["branches"] = list(self.branches)
        return data

    def resolved(self, config: GPTConfig) -> TrainConfig:
        """A copy with ``lr`` and ``batch_size`` filled in from the scaling rule.

        Parameters
        ----------
        config : GPTConfig
            The model the settings are for (its size sets the rule's values).

        Returns
        -------
        TrainConfig
            The settings with no None left for ``lr`` and ``batch_size``.
        """
        lr, batch = scaling_rule(config.non_embedding_params, context=config.context)
        return dataclasses.replace(
            self,
            lr=self.lr if self.lr is not None else lr,
            batch_size=self.batch_size if self.batch_size is not None else batch,
        )
