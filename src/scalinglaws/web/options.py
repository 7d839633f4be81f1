"""The options of a fit request, one pydantic model per kind of analysis.

``POST /api/fit`` takes ``options`` as a JSON object: the columns to use and the
fit's keyword options. Unknown names are refused (an
:class:`~scalinglaws.errors.InvalidOptionError` listing the valid ones), never
silently ignored; laws, methods and forms are checked by the library itself.
Requests that resample (goodness of fit, bootstrap, forecast) run as
background jobs; ``"background": true`` sends any fit there.
"""

from __future__ import annotations

import json
from typing import Any, Literal, cast

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from scalinglaws.errors import InvalidOptionError

__all__ = [
    "KINDS",
    "FitOptions",
    "ForecastOptions",
    "GrowthOptions",
    "Kind",
    "NeuralOptions",
    "RelationOptions",
    "TailOptions",
    "parse_options",
]

Kind = Literal["tail", "relation", "growth", "neural", "forecast"]
KINDS: tuple[Kind, ...] = ("tail", "relation", "growth", "neural", "forecast")
MAX_OPTIONS_CHARS = 20_000
_MAX_REPLICATES = 100_000

Column = str  # a column name of the table
Replicates = Field(default=0, ge=0, le=_MAX_REPLICATES)


class _Options(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    seed: int = Field(default=0, ge=0, le=2**63 - 1, description="Seed of the bootstrap.")
    background: bool = Field(default=False, description="Run as a background job.")

    def replicates(self) -> int:
        """Bootstrap replicates this fit will run (the job's progress counts them)."""
        return 0

    def needs_job(self) -> bool:
        return self.background or self.replicates() > 0


class TailOptions(_Options):
    """``fit_tail`` (Clauset et al. 2009), then ``assess`` for gof / compare."""

    column: Column | None = Field(default=None, max_length=200)
    discrete: bool | None = None
    xmin: float | None = Field(default=None, gt=0)
    xmax: float | None = Field(default=None, gt=0)
    gof: int = Replicates
    compare: list[str] = Field(default_factory=list, max_length=10)

    def replicates(self) -> int:
        """The number of bootstrap replicates the options ask for."""
        return self.gof


class RelationOptions(_Options):
    """``fit_relation``; ``x`` may name several columns (multi-variable power law)."""

    x: Column | list[Column] | None = Field(default=None)
    y: Column | None = Field(default=None, max_length=200)
    law: str = Field(default="power", max_length=40)
    method: str = Field(default="ols_log", max_length=40)
    drop_nonpositive: bool = False
    bootstrap: int = Replicates
    b0: float | None = None

    def replicates(self) -> int:
        """The number of bootstrap replicates the options ask for."""
        return self.bootstrap


class GrowthOptions(_Options):
    """``fit_growth``; ``forecast > 0`` adds a bootstrap forecast of that horizon."""

    t: Column | None = Field(default=None, max_length=200)
    y: Column | None = Field(default=None, max_length=200)
    law: str = Field(default="logistic", max_length=40)
    errors: str = Field(default="auto", max_length=40)
    cumulative: bool = True
    fix_c0: bool | None = None
    forecast: float = Field(default=0.0, ge=0, le=1e6)
    level: float = Field(default=0.95, gt=0, lt=1)
    boot: int = Field(default=1000, ge=1, le=_MAX_REPLICATES)

    def replicates(self) -> int:
        """The number of bootstrap replicates the options ask for."""
        return self.boot if self.forecast > 0 else 0


class NeuralOptions(_Options):
    """``fit_neural``: columns N, D (or C: D = C / 6N), loss; optional unique tokens U."""

    n: Column | None = Field(default=None, max_length=200)
    d: Column | None = Field(default=None, max_length=200)
    c: Column | None = Field(default=None, max_length=200)
    loss: Column | None = Field(default=None, max_length=200)
    unique: Column | None = Field(default=None, max_length=200)
    form: str = Field(default="chinchilla", max_length=40)
    variable: str = Field(default="N", max_length=4)
    objective: str = Field(default="huber", max_length=40)
    delta: float = Field(default=1e-3, gt=0)
    bootstrap: int = Replicates
    compute_optimal: list[float] = Field(default_factory=list, max_length=20)

    def replicates(self) -> int:
        """The number of bootstrap replicates the options ask for."""
        return self.bootstrap


class ForecastOptions(_Options):
    """``scalinglaws.forecast``: a growth law, ``naive``, ``transformer`` or an ensemble."""

    t: Column | None = Field(default=None, max_length=200)
    y: Column | None = Field(default=None, max_length=200)
    horizon: float = Field(default=28.0, gt=0, le=1e6)
    method: str = Field(default="ensemble", max_length=40)
    cumulative: bool = False
    stock: bool = False
    window: int | None = Field(default=None, ge=2)
    errors: str = Field(default="auto", max_length=40)
    weighting: str | None = Field(default=None, max_length=40)
    combination: str | None = Field(default=None, max_length=40)
    boot: int = Field(default=200, ge=2, le=_MAX_REPLICATES)

    def replicates(self) -> int:
        """The number of bootstrap replicates the options ask for."""
        return 0 if self.method in ("naive", "transformer") else self.boot  # no bootstrap


FitOptions = TailOptions | RelationOptions | GrowthOptions | NeuralOptions | ForecastOptions
MODELS: dict[str, type[_Options]] = {
    "tail": TailOptions,
    "relation": RelationOptions,
    "growth": GrowthOptions,
    "neural": NeuralOptions,
    "forecast": ForecastOptions,
}


def parse_options(kind: str, text: str | dict[str, Any] | None) -> FitOptions:
    """Validate the options of a ``kind`` fit given as JSON text (or a dict)."""
    if kind not in MODELS:
        raise InvalidOptionError(f"kind={kind!r} is not valid; choose one of: {', '.join(KINDS)}.")
    model = MODELS[kind]
    data: Any = text
    if text is None or (isinstance(text, str) and not text.strip()):
        data = {}
    elif isinstance(text, str):
        if len(text) > MAX_OPTIONS_CHARS:
            raise InvalidOptionError(
                f"options: {len(text):,} characters is too long (at most {MAX_OPTIONS_CHARS:,})."
            )
        try:
            data = json.loads(text)
        except (json.JSONDecodeError, RecursionError) as exc:
            raise InvalidOptionError(
                f"options: not valid JSON ({exc}); pass an object such as "
                '{"column": "population", "gof": 0}.'
            ) from None
    if not isinstance(data, dict):
        raise InvalidOptionError(
            f"options: expected a JSON object of {kind} options, got {type(data).__name__}."
        )
    try:
        options = model.model_validate(data)
    except ValidationError as exc:
        raise InvalidOptionError(_describe(kind, model, exc)) from None
    return cast(FitOptions, options)


def _describe(kind: str, model: type[_Options], exc: ValidationError) -> str:
    problems = []
    for error in exc.errors(include_url=False)[:5]:
        where = ".".join(str(part) for part in error["loc"]) or "options"
        if error["type"] == "extra_forbidden":
            problems.append(f"{where!r} is not a {kind} option")
        else:
            problems.append(f"{where}: {error['msg']} (got {error.get('input')!r:.60})")
    valid = ", ".join(model.model_fields)
    return f"options: {'; '.join(problems)}. Valid {kind} options: {valid}."
