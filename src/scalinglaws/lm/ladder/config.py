"""The ladder configuration: model sizes x token budgets x seeds, plus a held-out target rung.

A ladder is written in TOML (read with :mod:`tomllib`, written by a tiny serializer)::

    name = "demo"
    seeds = [0, 1]
    budgets = ["20x", "40x"]          # tokens per parameter, or absolute tokens: 2_000_000
    sizes = ["s1", { name = "tiny", n_layer = 2, n_head = 2, d_model = 64 }]

    [model]                           # GPTConfig fields shared by every size
    context = 128

    [train]                           # TrainConfig fields (all but `tokens`)
    batch_size = 16

    [corpus]                          # load_corpus() arguments
    name = "shakespeare"

    [target]                          # the held-out rung the fit must predict
    size = { name = "big", n_layer = 4, n_head = 4, d_model = 128 }
    budget = "20x"
    seeds = [0, 1]                    # one trained target model per size and seed

A budget ``"20x"`` means 20 tokens per non-embedding parameter (Hoffmann et al.
2022's compute-optimal ratio). ``[target]`` takes one ``size`` or a list
``sizes``; every size is trained with every target seed, and each trained model is
judged against the prediction for its size. With ``[train] schedule = "wsd"`` each
(size, seed) of the ladder is one run whose shorter budgets are cooldowns branched
from its stable phase (Hägele et al. 2024; :mod:`scalinglaws.lm.schedule`). Every
key is checked: an unknown one raises :class:`~scalinglaws.errors.InvalidOptionError`
naming the file, the key and the valid keys.
"""

from __future__ import annotations

import dataclasses
import math
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scalinglaws.errors import InvalidOptionError
from scalinglaws.lm.config import GPTConfig, TrainConfig

__all__ = ["Budget", "CorpusSpec", "LadderConfig", "SizeSpec", "TargetSpec"]

TOP_KEYS = (
    "name",
    "seeds",
    "sizes",
    "budgets",
    "device",
    "registry",
    "checkpoints",
    "model",
    "train",
    "corpus",
    "target",
)
SIZE_KEYS = ("name", "preset")
TARGET_KEYS = ("size", "sizes", "budget", "seeds")
CORPUS_KEYS = ("name", "tokenizer", "vocab_size", "val_fraction")
_MULTIPLE = re.compile(r"^\s*(\d+(?:\.\d*)?|\.\d+)\s*x\s*$")


def model_keys() -> tuple[str, ...]:
    """The GPTConfig fields a size (or ``[model]``) may set."""
    return tuple(f.name for f in dataclasses.fields(GPTConfig))


def train_keys() -> tuple[str, ...]:
    """The TrainConfig fields ``[train]`` may set.

    ``tokens`` and ``branches`` come from the budgets.
    """
    return tuple(
        f.name for f in dataclasses.fields(TrainConfig) if f.name not in ("tokens", "branches")
    )


class _Where:
    """Names the file and the table in every error message."""

    def __init__(self, source: Path | None) -> None:
        self.source = source

    def error(self, where: str, message: str) -> InvalidOptionError:
        place = f"{self.source}: " if self.source is not None else ""
        return InvalidOptionError(f"{place}{where}: {message}")

    def keys(self, table: Mapping[str, Any], valid: Sequence[str], where: str) -> None:
        if not isinstance(table, Mapping):
            raise self.error(where, f"expected a table, got {table!r}.")
        for key in table:
            if key not in valid:
                raise self.error(
                    where,
                    f"unknown key {key!r}; valid keys are: {', '.join(valid)}.",
                )


@dataclass(frozen=True)
class Budget:
    """Training tokens of a rung: absolute, or a multiple of the non-embedding parameters.

    Attributes
    ----------
    value : float
        The token count, or the tokens per parameter.
    per_param : bool
        Whether `value` is tokens per non-embedding parameter (``"20x"``).
    """

    value: float
    per_param: bool

    @classmethod
    def parse(cls, raw: object, where: str = "budget") -> Budget:
        """A budget from its config spelling: ``2_000_000`` (tokens), ``"20x"`` (per parameter).

        Parameters
        ----------
        raw : object
            The TOML value.
        where : str, default "budget"
            The key's name, for the error message.

        Returns
        -------
        Budget
            The budget.

        Raises
        ------
        InvalidOptionError
            Neither a positive whole number of tokens nor a positive ``"<k>x"``.
        """
        if isinstance(raw, str):
            match = _MULTIPLE.match(raw)
            if match is None or float(match.group(1)) <= 0:
                raise InvalidOptionError(
                    f"{where}={raw!r} is not a budget; write tokens as a number "
                    "(2_000_000) or tokens per parameter as a string such as '20x'."
                )
            return cls(float(match.group(1)), per_param=True)
        if isinstance(raw, bool) or not isinstance(raw, (int, float)):
            raise InvalidOptionError(f"{where}={raw!r} is not a number of tokens or '20x'.")
        if not math.isfinite(raw) or raw < 1 or raw != int(raw):
            raise InvalidOptionError(f"{where}={raw!r} must be a positive whole number of tokens.")
        return cls(float(raw), per_param=False)

    def tokens(self, n_params: int) -> int:
        """Training tokens for a model with `n_params` non-embedding parameters.

        Parameters
        ----------
        n_params : int
            The model's non-embedding parameters N.

        Returns
        -------
        int
            ``value`` tokens, or ``round(value * n_params)`` per parameter.
        """
        return round(self.value * n_params) if self.per_param else int(self.value)

    @property
    def label(self) -> str:
        """The budget as written in the config: ``"20x"`` per parameter or the token count."""
        return f"{self.value:g}x" if self.per_param else f"{int(self.value)}"

    def to_toml(self) -> object:
        """The budget as a TOML value (the config's own spelling).

        Returns
        -------
        object
            ``"20x"`` for tokens per parameter, else the token count as an int.
        """
        return self.label if self.per_param else int(self.value)


@dataclass(frozen=True)
class SizeSpec:
    """One model size: a name and its GPTConfig.

    Attributes
    ----------
    name : str
        The size's name in the config (``"s1"``, ...).
    model : GPTConfig
        Its shape.
    """

    name: str
    model: GPTConfig

    @property
    def n_params(self) -> int:
        """The model's parameter count N."""
        return int(self.model.non_embedding_params)


@dataclass(frozen=True)
class TargetSpec:
    """The held-out rung.

    One or more sizes at one budget, each trained with every seed after the ladder, and predicted
    before it is trained.

    Attributes
    ----------
    sizes : tuple of SizeSpec
        The target sizes.
    budget : Budget
        Their token budget.
    seeds : tuple of int
        Seeds; each size is trained once per seed.
    """

    sizes: tuple[SizeSpec, ...]
    budget: Budget
    seeds: tuple[int, ...]

    @property
    def size(self) -> SizeSpec:
        """The first (often the only) target size."""
        return self.sizes[0]

    def tokens_of(self, size: SizeSpec) -> int:
        """Training tokens of the target `size`.

        Parameters
        ----------
        size : SizeSpec
            One of the target sizes.

        Returns
        -------
        int
            The budget's tokens for that size.
        """
        return self.budget.tokens(size.n_params)

    @property
    def tokens(self) -> int:
        """Training tokens of the first target size."""
        return self.tokens_of(self.size)


@dataclass(frozen=True)
class CorpusSpec:
    """Arguments of :func:`scalinglaws.lm.load_corpus`."""

    name: str = "shakespeare"
    tokenizer: str = "byte"
    vocab_size: int | None = None
    val_fraction: float = 0.1

    def to_dict(self) -> dict[str, Any]:
        """The corpus settings as a JSON-ready mapping."""
        return {k: v for k, v in dataclasses.asdict(self).items() if v is not None}


@dataclass(frozen=True)
class LadderConfig:
    """A parsed, validated ladder. Build with :meth:`from_toml` or :meth:`from_dict`.

    Attributes
    ----------
    name : str
        The ladder's name.
    sizes : tuple of SizeSpec
        The model sizes of the ladder.
    budgets : tuple of Budget
        The token budgets every size is trained at.
    seeds : tuple of int, default (0,)
        Seeds; each (size, budget) is trained once per seed.
    train : mapping
        TrainConfig fields shared by every run (the ``[train]`` table).
    corpus : CorpusSpec
        The corpus (``[corpus]``).
    target : TargetSpec, optional
        The held-out rung (``[target]``), predicted before it is trained.
    device : str, default "cpu"
        The torch device.
    registry : pathlib.Path, optional
        The SQLite registry; beside the config when None.
    checkpoints : pathlib.Path, optional
        The checkpoint folder; beside the config when None.
    source : pathlib.Path, optional
        The TOML file the config was read from.
    """

    name: str
    sizes: tuple[SizeSpec, ...]
    budgets: tuple[Budget, ...]
    seeds: tuple[int, ...] = (0,)
    train: Mapping[str, Any] = field(default_factory=dict)
    corpus: CorpusSpec = CorpusSpec()
    target: TargetSpec | None = None
    device: str = "cpu"
    registry: Path | None = None
    checkpoints: Path | None = None
    source: Path | None = None

    @classmethod
    def from_toml(cls, path: str | Path) -> LadderConfig:
        """Read and validate a ladder TOML file.

        Parameters
        ----------
        path : str or pathlib.Path
            The ``.toml`` file.

        Returns
        -------
        LadderConfig
            The validated config.

        Raises
        ------
        InvalidOptionError
            The file does not exist, is not valid TOML, or holds a bad value.
        """
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise InvalidOptionError(f"ladder config {path} does not exist.") from None
        try:
            raw = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise InvalidOptionError(f"{path}: not valid TOML ({exc}).") from None
        return cls.from_dict(raw, source=path)

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any], *, source: Path | None = None) -> LadderConfig:
        """Validate the TOML tables of a ladder (see the module docstring).

        Parameters
        ----------
        raw : mapping
            The tables, as ``tomllib`` reads them.
        source : pathlib.Path, optional
            The file they came from (relative paths are resolved against its folder).

        Returns
        -------
        LadderConfig
            The validated config.

        Raises
        ------
        InvalidOptionError
            An unknown table or key, or a bad value (the message names it).
        """
        at = _Where(source)
        at.keys(raw, TOP_KEYS, "top level")
        model_defaults = dict(raw.get("model", {}))
        at.keys(model_defaults, model_keys(), "[model]")
        if "sizes" not in raw or "budgets" not in raw:
            raise at.error("top level", "a ladder needs both 'sizes' and 'budgets' lists.")
        sizes = tuple(
            _size(entry, model_defaults, at, f"sizes[{i}]")
            for i, entry in enumerate(_list(raw["sizes"], at, "sizes"))
        )
        _unique([s.name for s in sizes], at, "sizes", "size names")
        budgets = tuple(
            _budget(entry, at, f"budgets[{i}]")
            for i, entry in enumerate(_list(raw["budgets"], at, "budgets"))
        )
        _unique([b.label for b in budgets], at, "budgets", "budgets")
        seeds = _seeds(raw.get("seeds", [0]), at, "seeds")
        train = dict(raw.get("train", {}))
        at.keys(train, train_keys(), "[train]")
        try:
            TrainConfig(tokens=1, **train)
        except InvalidOptionError as exc:
            raise at.error("[train]", str(exc)) from None
        corpus_raw = raw.get("corpus", {})
        if isinstance(corpus_raw, str):
            corpus_raw = {"name": corpus_raw}
        at.keys(corpus_raw, CORPUS_KEYS, "[corpus]")
        target = None
        if "target" in raw:
            target = _target(raw["target"], model_defaults, seeds, at)
            names = [size.name for size in target.sizes]
            _unique(names, at, "[target]", "target size names")
            for name in names:
                if name in {s.name for s in sizes}:
                    raise at.error("[target]", f"size name {name!r} is also a ladder size.")
        name = raw.get("name", source.stem if source is not None else "ladder")
        device = raw.get("device", "cpu")
        for key, value in (("name", name), ("device", device)):
            if not isinstance(value, str) or not value:
                raise at.error(key, f"expected a non-empty string, got {value!r}.")
        base = source.parent if source is not None else Path.cwd()
        return cls(
            name=name,
            sizes=sizes,
            budgets=budgets,
            seeds=seeds,
            train=train,
            corpus=CorpusSpec(**corpus_raw),
            target=target,
            device=device,
            registry=_path(raw.get("registry"), base, at, "registry"),
            checkpoints=_path(raw.get("checkpoints"), base, at, "checkpoints"),
            source=source,
        )

    @property
    def wsd(self) -> bool:
        """Whether the runs use the warmup-stable-decay schedule (budgets as branches)."""
        return bool(self.train.get("schedule") == "wsd")

    def train_config(self, tokens: int, branches: Sequence[int] = ()) -> TrainConfig:
        """The TrainConfig of a run trained on `tokens` tokens (WSD: with `branches`).

        Parameters
        ----------
        tokens : int
            The run's budget.
        branches : sequence of int, default ()
            Budgets of the WSD cooldown branches, below `tokens`.

        Returns
        -------
        TrainConfig
            The ``[train]`` table's settings with these tokens and branches.
        """
        return TrainConfig(tokens=tokens, branches=tuple(branches), **self.train)

    def to_dict(self) -> dict[str, Any]:
        """The TOML tables of this ladder (paths as given, sizes as inline tables).

        Returns
        -------
        dict
            What :meth:`from_dict` reads back to an equal config.
        """
        out: dict[str, Any] = {
            "name": self.name,
            "device": self.device,
            "seeds": list(self.seeds),
            "budgets": [b.to_toml() for b in self.budgets],
            "sizes": [_size_table(s) for s in self.sizes],
        }
        for key in ("registry", "checkpoints"):
            value = getattr(self, key)
            if value is not None:
                out[key] = str(value)
        if self.train:
            out["train"] = dict(self.train)
        out["corpus"] = self.corpus.to_dict()
        if self.target is not None:
            sizes = [_size_table(size) for size in self.target.sizes]
            out["target"] = {
                **({"size": sizes[0]} if len(sizes) == 1 else {"sizes": sizes}),
                "budget": self.target.budget.to_toml(),
                "seeds": list(self.target.seeds),
            }
        return out

    def to_toml(self) -> str:
        """TOML text that :meth:`from_toml` reads back to an equal config.

        Returns
        -------
        str
            The TOML document.
        """
        return dumps_toml(self.to_dict())


def _list(value: object, at: _Where, where: str) -> list[Any]:
    if not isinstance(value, list) or not value:
        raise at.error(where, f"expected a non-empty list, got {value!r}.")
    return value


def _unique(labels: list[str], at: _Where, where: str, what: str) -> None:
    seen = [label for i, label in enumerate(labels) if label in labels[:i]]
    if seen:
        raise at.error(where, f"{what} must be distinct; {seen[0]!r} appears twice.")


def _seeds(value: object, at: _Where, where: str) -> tuple[int, ...]:
    seeds = _list(value, at, where)
    if not all(isinstance(s, int) and not isinstance(s, bool) and s >= 0 for s in seeds):
        raise at.error(where, f"seeds must be non-negative integers, got {seeds!r}.")
    _unique([str(s) for s in seeds], at, where, "seeds")
    return tuple(seeds)


def _budget(raw: object, at: _Where, where: str) -> Budget:
    try:
        return Budget.parse(raw, where)
    except InvalidOptionError as exc:
        raise at.error(where, str(exc)) from None


def _size(raw: object, defaults: Mapping[str, Any], at: _Where, where: str) -> SizeSpec:
    """A preset name, or a table of GPTConfig fields (optionally on top of a preset)."""
    table: dict[str, Any] = {"preset": raw} if isinstance(raw, str) else raw  # type: ignore[assignment]
    at.keys(table, SIZE_KEYS + model_keys(), where)
    fields = {k: v for k, v in table.items() if k not in SIZE_KEYS}
    preset = table.get("preset")
    try:
        if preset is not None:
            base = GPTConfig.preset(preset).to_dict()
            model = GPTConfig.from_dict({**base, **defaults, **fields})
        else:
            model = GPTConfig(**{**defaults, **fields})
    except TypeError as exc:
        raise at.error(where, f"{exc}; a size needs n_layer, n_head and d_model.") from None
    except InvalidOptionError as exc:
        raise at.error(where, str(exc)) from None
    name = table.get("name") or preset or f"L{model.n_layer}-d{model.d_model}"
    if not isinstance(name, str):
        raise at.error(where, f"name must be a string, got {name!r}.")
    return SizeSpec(name=name, model=model)


def _target(
    raw: object, defaults: Mapping[str, Any], seeds: tuple[int, ...], at: _Where
) -> TargetSpec:
    if not isinstance(raw, Mapping):
        raise at.error("[target]", f"expected a table, got {raw!r}.")
    at.keys(raw, TARGET_KEYS, "[target]")
    if ("size" in raw) == ("sizes" in raw) or "budget" not in raw:
        raise at.error(
            "[target]", "the target rung needs a 'budget' and either 'size' or a list 'sizes'."
        )
    sizes: tuple[SizeSpec, ...]
    if "size" in raw:
        sizes = (_size(raw["size"], defaults, at, "[target].size"),)
    else:
        entries = _list(raw["sizes"], at, "[target].sizes")
        sizes = tuple(
            _size(entry, defaults, at, f"[target].sizes[{i}]") for i, entry in enumerate(entries)
        )
    return TargetSpec(
        sizes=sizes,
        budget=_budget(raw["budget"], at, "[target].budget"),
        seeds=_seeds(raw.get("seeds", [seeds[0]]), at, "[target].seeds"),
    )


def _path(value: object, base: Path, at: _Where, where: str) -> Path | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value:
        raise at.error(where, f"expected a path string, got {value!r}.")
    path = Path(value).expanduser()
    return path if path.is_absolute() else base / path


def _size_table(size: SizeSpec) -> dict[str, Any]:
    return {"name": size.name, **{k: v for k, v in size.model.to_dict().items() if v is not None}}


# --- a tiny TOML writer (tomllib only reads) --------------------------------------------


def _scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        return f'"{escaped}"'
    if isinstance(value, Mapping):
        return "{ " + ", ".join(f"{k} = {_scalar(v)}" for k, v in value.items()) + " }"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_scalar(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} to TOML")


def dumps_toml(data: Mapping[str, Any]) -> str:
    """TOML text of a two-level mapping: top-level values, then one [table] per mapping."""
    lines = [f"{k} = {_scalar(v)}" for k, v in data.items() if not isinstance(v, Mapping)]
    for key, table in data.items():
        if isinstance(table, Mapping):
            lines += ["", f"[{key}]"] + [f"{k} = {_scalar(v)}" for k, v in table.items()]
    return "\n".join(lines) + "\n"
