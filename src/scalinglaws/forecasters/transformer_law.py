"""The scaling law of our forecaster, as shipped: read ``weights/scaling.json`` (no torch).

``scripts/train_forecaster.py --sweep`` trains every size of
:data:`~scalinglaws.forecasters.transformer_scaling.SWEEP_SIZES` at every data
budget, fits Hoffmann et al.'s form to the held-out losses,

    L(N, D) = E + A / N^alpha + B / D^beta

(N: non-embedding parameters, D: training tokens), and Kaplan et al.'s form
beside it, and chooses the shipped size among candidate shapes from their
predicted losses after a fixed training time, D = tokens/s(N) x time
(:func:`~scalinglaws.forecasters.transformer_scaling.choose_size`): with one law
the lowest, with several the minimax-regret choice (Savage 1951): the size whose
worst shortfall, over the laws, from each law's best candidate is smallest. It
saves all of it in ``scaling.json`` beside the weights, each law once under
``"fits"`` by form. :func:`shipped_scaling` reads that file back into a
:class:`ForecasterScaling`: the runs, the fitted
:class:`~scalinglaws.neural.NeuralFit` laws, the candidates and the chosen size;
:meth:`ForecasterScaling.bundle_entry` makes it a report section ("The scaling
law of our forecaster"). Nothing is refitted and torch is never imported here
(the training side is :mod:`~scalinglaws.forecasters.transformer_scaling`).

References
----------
Hoffmann, J. et al. (2022). Training compute-optimal large language models.
*NeurIPS 35* (arXiv:2203.15556).
Kaplan, J. et al. (2020). Scaling laws for neural language models. arXiv:2001.08361.
Savage, L. J. (1951). The theory of statistical decision. *JASA* 46(253), 55-67.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from scalinglaws.bundle import BundleEntry, file_provenance
from scalinglaws.errors import DataFormatError
from scalinglaws.neural import NeuralFit
from scalinglaws.results import FitResult

__all__ = ["SCALING_FILE", "TITLE", "ForecasterScaling", "shipped_scaling"]

#: The folder of the shipped forecaster (weights, card and this law).
WEIGHTS = Path(__file__).parent / "weights"
#: The sweep's record inside that folder.
SCALING_FILE = "scaling.json"
#: The shipped model's card (its training run and validation scores).
CARD_FILE = "transformer.json"
#: The form of the law the report, the demo and the candidates' ``predicted_loss`` use.
REPORTED_FORM = "chinchilla"
#: The heading of the law's report section.
TITLE = "The scaling law of our forecaster"
#: The command that writes the file.
COMMAND = "python scripts/train_forecaster.py --sweep --minutes MINUTES --out DIR"

_RUN_COLUMNS = ("size", "N", "D", "loss", "tokens_per_s")
_CANDIDATE_COLUMNS = ("size", "N", "D", "predicted_loss")
_THROUGHPUT_COLUMNS = ("size", "N", "tokens_per_s")


@dataclass(frozen=True)
class ForecasterScaling:
    """The forecaster's scaling-law sweep as saved: runs, fitted law, candidates, choice.

    Attributes
    ----------
    runs : pandas.DataFrame
        One row per training run: ``size, N, D, loss, tokens_per_s`` (and the
        shape and wall time), D the tokens trained, loss the held-out loss in nats
        per token.
    fit : NeuralFit
        L(N, D) fitted to the runs: ``fits["chinchilla"]``, the law reported.
    fits : dict of str to NeuralFit
        Every law fitted to the runs, by form; the choice weighs them all.
    candidates : pandas.DataFrame
        ``size, N, D, predicted_loss`` (``fit``'s), with ``loss_<form>`` per law and
        ``regret`` when the record has them, best first: each candidate size, the
        tokens it trains in ``minutes`` on the sweep's machine, the laws' losses there.
    throughput : pandas.DataFrame or None
        ``size, N, tokens_per_s`` of every candidate, measured side by side, from
        which the candidates' D were computed (None in a record without it: the
        runs' own speeds were used).
    chosen : str
        The size the law chose for the shipped model.
    minutes : float
        The training time the choice plans for.
    settings : dict
        The training settings every run shared.
    machine : dict
        Where the sweep ran (torch, Python, CPU, threads).
    trained : dict or None
        The shipped model's own run from its card, ``{"size", "N", "D", "loss"}``,
        and the law's ``"predicted"`` loss at its (N, D); None without the card
        beside the file.
    path : pathlib.Path
        The file read.
    """

    runs: pd.DataFrame = field(repr=False)
    fit: NeuralFit = field(repr=False)
    fits: dict[str, NeuralFit] = field(repr=False)
    candidates: pd.DataFrame = field(repr=False)
    throughput: pd.DataFrame | None = field(repr=False)
    chosen: str
    minutes: float
    settings: dict[str, Any] = field(repr=False)
    machine: dict[str, Any] = field(repr=False)
    trained: dict[str, Any] | None
    path: Path

    def lines(self) -> list[str]:
        """The law in a few lines of text: fit, choice, and the shipped model against it.

        Returns
        -------
        list of str
            One sentence per line.
        """
        p = self.fit.params
        sizes = self.runs["size"].nunique()
        budgets = self.runs.groupby("size")["D"].count().max()
        best = self.candidates.set_index("size").loc[self.chosen]
        losses = (
            ", ".join(
                f"{best[f'loss_{form}']:.4f} ({form})"
                for form in self.fits
                if f"loss_{form}" in best.index
            )
            or f"{best['predicted_loss']:.4f}"
        )
        how = f", by minimax regret over {' and '.join(self.fits)}" if len(self.fits) > 1 else ""
        out = [
            f"L(N, D) = {p['E']:.3g} + {p['A']:.3g}/N^{p['alpha']:.3f} + "
            f"{p['B']:.3g}/D^{p['beta']:.3f}, fitted to {len(self.runs)} runs "
            f"({sizes} sizes x {budgets} budgets).",
            f"Chosen size {self.chosen} (N = {best['N']:,.0f}){how}: predicted loss "
            f"{losses} after {self.minutes:g} min (D = {best['D']:,.0f} tokens).",
        ]
        if self.trained is not None:
            t = self.trained
            out.append(
                f"Shipped model {t['size']} (N = {t['N']:,.0f}, D = {t['D']:,.0f}): "
                f"trained loss {t['loss']:.4f}, law {t['predicted']:.4f} "
                f"({t['loss'] / t['predicted'] - 1.0:+.2%})."
            )
        return out

    def extras(self) -> dict[str, Any]:
        """What the report shows beside the fit (JSON-safe): runs, candidates, choice.

        Returns
        -------
        dict
            ``title``, ``sweep`` (``runs``, ``candidates``, ``throughput``, ``forms``,
            ``chosen``, ``minutes``, ``trained``) for
            :mod:`scalinglaws.report.sweep_section`.
        """
        forms = {
            form: {
                "params": law.params,
                "rms_log_residual": float(np.sqrt(np.mean(law.residuals() ** 2))),
                "objective": law.objective,
            }
            for form, law in self.fits.items()
        }
        sweep = {
            "runs": _records(self.runs, _RUN_COLUMNS),
            "candidates": _records(self.candidates, tuple(map(str, self.candidates.columns))),
            "forms": forms,
            "throughput": None
            if self.throughput is None
            else _records(self.throughput, _THROUGHPUT_COLUMNS),
            "chosen": self.chosen,
            "minutes": self.minutes,
            "trained": self.trained,
        }
        return {"title": TITLE, "sweep": sweep}

    def bundle_entry(self, command: str | None = None) -> BundleEntry:
        """The law as a results-bundle entry: its report section is :data:`TITLE`.

        Parameters
        ----------
        command : str, optional
            The command that put it in the bundle (e.g. the demo's); the sweep's own
            (:attr:`command`) when None.

        Returns
        -------
        BundleEntry
            The fit, the file (with its SHA-256) as provenance, :meth:`extras` as extras.
        """
        provenance = file_provenance(self.path, command=command or self.command)
        return BundleEntry(self.fit, provenance, self.extras())

    @property
    def command(self) -> str:
        """The command that reruns the sweep (run from the repository's root)."""
        return COMMAND.replace("MINUTES", f"{self.minutes:g}")


def _records(table: pd.DataFrame, columns: tuple[str, ...]) -> list[dict[str, Any]]:
    return [
        {str(k): (str(v) if k == "size" else float(v)) for k, v in row.items()}
        for row in table.loc[:, list(columns)].to_dict(orient="records")
    ]


def _damaged(path: Path, why: str) -> DataFormatError:
    return DataFormatError(
        f"forecaster scaling law {str(path)!r} is damaged ({why}); reinstall scalinglaws or "
        f"rerun `{COMMAND}`."
    )


def _table(record: dict[str, Any], key: str, columns: tuple[str, ...]) -> pd.DataFrame:
    table = pd.DataFrame(record[key])
    missing = [c for c in columns if c not in table.columns]
    if missing or table.empty:
        raise KeyError(f"{key!r} lacks {', '.join(missing) or 'rows'}")
    numbers = table.loc[:, [c for c in columns if c != "size"]].to_numpy(dtype=np.float64)
    if not np.all(np.isfinite(numbers)) or np.any(numbers <= 0):
        raise ValueError(f"{key!r} has a value that is not a positive finite number")
    table["size"] = table["size"].astype(str)
    return table


def _trained(card: Path) -> dict[str, Any] | None:
    """The shipped model's run from its card, or None without a card."""
    if not card.is_file():
        return None
    training = json.loads(card.read_text(encoding="utf-8"))["training"]
    return {
        "size": str(training["size"]),
        "N": float(training["n_params"]),
        "D": float(training["tokens"]),
        "loss": float(training["val_loss"]),
    }


def shipped_scaling(path: str | Path | None = None) -> ForecasterScaling:
    """Read the forecaster's scaling-law sweep (default: the one shipped in the package).

    Parameters
    ----------
    path : str or pathlib.Path, optional
        A ``scaling.json`` written by ``scripts/train_forecaster.py --sweep``;
        the package's ``forecasters/weights/scaling.json`` when None. The shipped
        model's card (``transformer.json``) is read from the same folder when it
        is there.

    Returns
    -------
    ForecasterScaling
        The runs, the fitted law, the candidates and the chosen size.

    Raises
    ------
    DataFormatError
        The file is missing, is not JSON, or lacks a field (or has a non-positive
        or non-finite number) the record needs; or the card beside it is damaged.

    Examples
    --------
    >>> law = shipped_scaling()
    >>> law.chosen in set(law.candidates["size"])
    True
    """
    file = Path(path) if path is not None else WEIGHTS / SCALING_FILE
    if not file.is_file():
        raise DataFormatError(
            f"forecaster scaling law: {str(file)!r} does not exist; reinstall scalinglaws or "
            f"write it with `{COMMAND}`."
        )
    try:
        fields = _parse(json.loads(file.read_text(encoding="utf-8")))
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise _damaged(file, f"{type(exc).__name__}: {exc}") from None
    card = file.parent / CARD_FILE
    try:
        trained = _trained(card)
    except (ValueError, KeyError, TypeError) as exc:
        raise _damaged(card, f"{type(exc).__name__}: {exc}") from None
    if trained is not None:
        law = fields["fit"].predict(np.array([trained["N"]]), np.array([trained["D"]]))
        trained["predicted"] = float(law[0])
    return ForecasterScaling(**fields, trained=trained, path=file)


def _law(saved: Any, runs: pd.DataFrame, form: str) -> NeuralFit:
    """The saved law of ``form`` (ValueError when it is another result, form or other runs)."""
    what = f"fits[{form!r}]"
    fit = FitResult.from_dict(saved)
    if not isinstance(fit, NeuralFit) or fit.single_resource:
        raise ValueError(f"{what} is a {type(fit).__name__}, not a NeuralFit of N and D")
    if fit.form != form:
        raise ValueError(f"{what} has the form {fit.form!r}")
    fitted = np.column_stack([fit.N, fit.D, fit.L])
    if fitted.shape != (len(runs), 3) or not np.allclose(fitted, runs[["N", "D", "loss"]]):
        raise ValueError(f"the (N, D, L) of {what} are not the runs' (N, D, loss)")
    return fit


def _parse(record: dict[str, Any]) -> dict[str, Any]:
    """The fields of a :class:`ForecasterScaling` from the file's JSON (KeyError, ValueError)."""
    runs = _table(record, "runs", _RUN_COLUMNS)
    if "fits" not in record and "fit" in record:  # written before "fits": the reported law alone
        record = {**record, "fits": {REPORTED_FORM: record["fit"]}}
    fits = {str(form): _law(law, runs, str(form)) for form, law in record["fits"].items()}
    if REPORTED_FORM not in fits:
        raise ValueError(f"'fits' has no {REPORTED_FORM!r} law")
    candidates = _table(record, "candidates", _CANDIDATE_COLUMNS)
    speeds = None
    if record.get("throughput") is not None:
        speeds = _table(record, "throughput", _THROUGHPUT_COLUMNS)
    chosen = str(record["chosen"])
    if chosen not in set(candidates["size"]):
        raise ValueError(f"the chosen size {chosen!r} is not among the candidates")
    return {
        "runs": runs,
        "fit": fits[REPORTED_FORM],
        "fits": fits,
        "candidates": candidates,
        "throughput": speeds,
        "chosen": chosen,
        "minutes": float(record["minutes"]),
        "settings": dict(record["settings"]),
        "machine": dict(record["machine"]),
    }
