"""NeuralFit: the result of fit_neural (DESIGN.md section 3), with bootstrap intervals."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from scalinglaws._validate import as_float_vector, check_choice, check_level, require_positive
from scalinglaws.errors import FitError, InvalidInputError, InvalidOptionError
from scalinglaws.formulas import neural as law
from scalinglaws.neural.forms import FORMS
from scalinglaws.results import FitResult, Summary
from scalinglaws.uncertainty import Progress, RandomLike, percentile_interval

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from scalinglaws.neural.backtest import Backtest

FloatArray = npt.NDArray[np.float64]

__all__ = ["NeuralFit"]

_TITLES = {
    "chinchilla": "L = E + A/N^alpha + B/D^beta (Hoffmann et al. 2022)",
    "chinchilla_tied": "L = E + A/N^alpha + B/D^alpha (Hoffmann et al. 2022, tied exponents)",
    "power_offset": "L = E + A/X^alpha",
    "kaplan": "L = [(Nc/N)^(alpha_N/alpha_D) + Dc/D]^alpha_D (Kaplan et al. 2020)",
    "data_constrained": "L = E + A/N^alpha + B/D'^beta, D' = U + U R*(1 - e^(-R/R*)) "
    "(Muennighoff et al. 2023)",
    "broken_power": "L = a + b X^-c0 (1 + (X/d1)^(1/f1))^(-c1 f1) (Caballero et al. 2023)",
}


@dataclass(frozen=True, eq=False, repr=False)
class NeuralFit(FitResult):
    """A neural scaling law fitted to final losses of a ladder of runs.

    ``params`` holds the law's natural parameters (for ``chinchilla``: E, A, B,
    alpha, beta). ``objective`` is the summed robust loss at the optimum;
    ``n_best_basin`` of ``n_starts`` starts ended in the best basin. With
    bootstrap replicates (:meth:`with_bootstrap`), ``stderr`` is their standard
    deviation and ``conf_int`` / ``predict`` / ``compute_optimal`` give percentile
    intervals; without them ``stderr`` is empty.
    """

    kind = "neural"

    form: str
    variable: str
    N: FloatArray
    D: FloatArray
    L: FloatArray
    C: FloatArray
    c_given: bool
    flops_per_token: float
    loss: str
    delta: float
    theta: FloatArray  # fit space (log scales, exponents)
    objective: float
    n_starts: int
    n_best_basin: int
    candidates: FloatArray  # distinct local optima of the search, best first
    boot: FloatArray | None = None  # (n_boot, q) natural parameters, failed replicates dropped
    boot_failed: int = 0
    asymmetry: float = 1.0  # weight on under-predictions (loss="asymmetric")
    U: FloatArray | None = None  # unique tokens per run (form="data_constrained")
    warnings: tuple[str, ...] = field(default=(), kw_only=True)

    # --- parameters ----------------------------------------------------------------
    @property
    def params(self) -> dict[str, float]:
        values = FORMS[self.form].natural(self.theta)
        return {
            name: float(v) for name, v in zip(FORMS[self.form].param_names, values, strict=True)
        }

    @property
    def stderr(self) -> dict[str, float]:
        if self.boot is None or self.boot.shape[0] < 2:
            return {}
        spread = np.std(self.boot, axis=0, ddof=1)
        return {
            name: float(s) for name, s in zip(FORMS[self.form].param_names, spread, strict=True)
        }

    @property
    def n_runs(self) -> int:
        return int(self.L.size)

    @property
    def single_resource(self) -> bool:
        """True for laws in one resource X = `variable` (power_offset, broken_power)."""
        return FORMS[self.form].n_features == 1

    @property
    def _chinchilla_like(self) -> bool:
        return self.form in ("chinchilla", "chinchilla_tied")

    def _derived_samples(self, natural: FloatArray) -> dict[str, FloatArray]:
        if not self._chinchilla_like:
            return {}
        a, b = law.frontier_exponents(natural[..., 3], natural[..., 4])
        return {"a": np.asarray(a), "b": np.asarray(b)}

    @property
    def frontier(self) -> dict[str, float]:
        """Compute-optimal exponents a (N_opt ~ C^a) and b (D_opt ~ C^b); Chinchilla forms only."""
        self._require_chinchilla("frontier")
        point = FORMS[self.form].natural(self.theta)
        return {k: float(v) for k, v in self._derived_samples(point).items()}

    def _require_boot(self, what: str) -> FloatArray:
        if self.boot is None or self.boot.shape[0] == 0:
            raise InvalidOptionError(
                f"{what} needs bootstrap replicates; call fit.with_bootstrap(1000) "
                "or fit_neural(..., n_boot=1000) first."
            )
        return self.boot

    def _require_chinchilla(self, what: str) -> None:
        if not self._chinchilla_like:
            raise InvalidOptionError(
                f"{what} needs both an N and a D term of the Chinchilla form; this fit has "
                f"form={self.form!r}; refit with form='chinchilla' or 'chinchilla_tied'."
            )

    def conf_int(self, level: float = 0.95) -> pd.DataFrame:
        """Bootstrap percentile intervals for every parameter and for a, b (Chinchilla forms).

        Without bootstrap replicates there are no intervals: the table is empty. An
        interval that misses the point estimate (a skewed bootstrap) is widened to
        include it.
        """
        level = check_level(level)
        if self.boot is None or self.boot.shape[0] == 0:
            return super().conf_int(level)
        point = {**self.params, **self._derived_point()}
        samples = dict(zip(FORMS[self.form].param_names, self.boot.T, strict=True))
        samples.update(self._derived_samples(self.boot))
        rows = {name: percentile_interval(samples[name], level) for name in point}
        return pd.DataFrame(
            {
                "estimate": list(point.values()),
                "lower": [min(rows[n][0], point[n]) for n in point],
                "upper": [max(rows[n][1], point[n]) for n in point],
            },
            index=pd.Index(list(point), name="param"),
        )

    def _derived_point(self) -> dict[str, float]:
        return self.frontier if self._chinchilla_like else {}

    # --- predictions ---------------------------------------------------------------
    def _law(
        self, natural: FloatArray, x: FloatArray, d: FloatArray | None, u: FloatArray | None = None
    ) -> FloatArray:
        p = np.moveaxis(np.atleast_2d(natural), -1, 0)[..., None]  # (q, B, 1)
        if self.form == "power_offset":
            return np.asarray(law.power_offset(x, p[0], p[1], p[2]))
        if self.form == "broken_power":
            return np.asarray(law.broken_power(x, *p))
        assert d is not None  # two-resource forms always carry D (checked in _inputs)
        if self.form == "data_constrained":
            assert u is not None  # checked in _inputs
            return np.asarray(law.data_constrained(x, d, u, *p))
        if self.form == "kaplan":
            return np.asarray(law.kaplan(x, d, p[0], p[1], p[2], p[3]))
        return np.asarray(law.chinchilla(x, d, p[0], p[1], p[2], p[3], p[4]))

    def _unique(self, u: Any, size: int) -> FloatArray | None:
        if self.form != "data_constrained":
            if u is not None:
                raise InvalidOptionError("unique_tokens applies to form='data_constrained' only.")
            return None
        if u is None:
            raise InvalidOptionError(
                "predict(N, D, unique_tokens=U): the data-constrained law needs the unique tokens."
            )
        us = np.broadcast_to(as_float_vector(np.atleast_1d(u), "unique_tokens"), (size,))
        require_positive(us, "unique_tokens")
        return np.asarray(us, dtype=np.float64)

    def _inputs(self, x: Any, d: Any) -> tuple[FloatArray, FloatArray | None]:
        name = self.variable if self.single_resource else "N"
        xs = as_float_vector(np.atleast_1d(x), name)
        require_positive(xs, name)
        if self.single_resource:
            if d is not None:
                raise InvalidOptionError(
                    f"form={self.form!r} is a law in {self.variable} alone; call predict(x)."
                )
            return xs, None
        if d is None:
            raise InvalidOptionError("predict(N, D): this law needs both N and D.")
        ds = as_float_vector(np.atleast_1d(d), "D")
        require_positive(ds, "D")
        xs, ds = np.broadcast_arrays(xs, ds) if xs.size == 1 or ds.size == 1 else (xs, ds)
        if xs.size != ds.size:
            raise InvalidInputError(f"predict: N has {xs.size} values but D has {ds.size}.")
        return np.asarray(xs, dtype=np.float64), np.asarray(ds, dtype=np.float64)

    def predict(
        self, x: Any, d: Any = None, *, unique_tokens: Any = None, level: float | None = None
    ) -> Any:
        """Predicted loss at (N, D) (at X for the one-resource forms; with the unique
        tokens U for ``data_constrained``).

        Returns an array; with `level` (needs the bootstrap) a DataFrame with columns
        N, D, loss, lower, upper (percentile intervals of the fitted curve).
        """
        xs, ds = self._inputs(x, d)
        us = self._unique(unique_tokens, xs.size)
        point = FORMS[self.form].natural(self.theta)
        with np.errstate(all="ignore"):
            loss = self._law(point, xs, ds, us)[0]
        if not np.isfinite(loss).all():
            shown = ", ".join(f"{k} = {v:.4g}" for k, v in self.params.items())
            raise FitError(
                f"the fitted law ({shown}) has no finite value in float64 at N = "
                f"{xs[~np.isfinite(loss)][0]:g}; a degenerate fit (a term at 0 with a huge "
                "exponent) or a point far outside the runs; check the fit's warnings."
            )
        if level is None:
            return loss
        level = check_level(level)
        curves = self._law(self._require_boot("predict(level=...)"), xs, ds, us)  # (B, n)
        bounds = np.array([percentile_interval(col, level) for col in curves.T]).reshape(-1, 2)
        table = {self.variable if ds is None else "N": xs} | ({} if ds is None else {"D": ds})
        return pd.DataFrame({**table, "loss": loss, "lower": bounds[:, 0], "upper": bounds[:, 1]})

    def compute_optimal(self, C: Any, *, level: float | None = None) -> pd.DataFrame:
        """Compute-optimal N_opt, D_opt, loss and tokens per parameter at budgets C.

        Closed form of Hoffmann et al. (2022, eq. 4) under C = flops_per_token * N * D.
        With `level` (needs the bootstrap), ``*_lower`` / ``*_upper`` columns hold
        percentile intervals.
        """
        self._require_chinchilla("compute_optimal")
        budgets = as_float_vector(np.atleast_1d(C), "C")
        require_positive(budgets, "C")
        falling = {k: v for k, v in self.params.items() if k in ("A", "B", "alpha", "beta")}
        if min(falling.values()) <= 0:  # eq. 4 takes (alpha A / (beta B))^(1/(alpha+beta))
            shown = ", ".join(f"{k} = {v:.3g}" for k, v in falling.items())
            raise FitError(
                f"the fitted law has no compute-optimal allocation ({shown}): the loss "
                "must fall with both N and D (A, B, alpha, beta > 0); these runs do not "
                "show that, so add runs that vary N and D."
            )
        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
            table = pd.DataFrame({"C": budgets, **self._optimal(self.params, budgets)})
        if not np.isfinite(table.to_numpy(float)).all():
            raise FitError(
                f"compute_optimal: at C = {budgets.min():g} to {budgets.max():g} the optimal "
                "N, D or tokens per parameter lie beyond float64's range in these units; "
                "ask at budgets nearer the runs, or express N and D in other units."
            )
        if level is None:
            return table
        level = check_level(level)
        names = FORMS[self.form].param_names
        draws = [
            self._optimal(dict(zip(names, row, strict=True)), budgets)
            for row in self._require_boot("compute_optimal(level=...)")
        ]
        for column in ("N_opt", "D_opt", "loss", "tokens_per_param"):
            stacked = np.array([draw[column] for draw in draws])  # (B, n)
            bounds = np.array([percentile_interval(col, level) for col in stacked.T])
            table[f"{column}_lower"], table[f"{column}_upper"] = bounds[:, 0], bounds[:, 1]
        return table

    def _optimal(self, p: dict[str, float], budgets: FloatArray) -> dict[str, FloatArray]:
        n_opt, d_opt, loss = law.compute_optimal(
            budgets,
            p["E"],
            p["A"],
            p["B"],
            p["alpha"],
            p["beta"],
            flops_per_token=self.flops_per_token,
        )
        return {"N_opt": n_opt, "D_opt": d_opt, "loss": loss, "tokens_per_param": d_opt / n_opt}

    def predict_runs(self, runs: NeuralFit, mask: Any = None) -> FloatArray:
        """This law's predictions for the runs of another fit (``mask`` selects runs)."""
        keep = np.ones(runs.L.size, dtype=bool) if mask is None else np.asarray(mask)
        if self.single_resource:
            return np.asarray(self.predict(getattr(runs, self.variable)[keep]))
        u = None if runs.U is None else runs.U[keep]
        return np.asarray(self.predict(runs.N[keep], runs.D[keep], unique_tokens=u))

    def residuals(self) -> FloatArray:
        """log L_observed - log L_fitted for every run."""
        return np.asarray(np.log(self.L) - np.log(self.predict_runs(self)), dtype=np.float64)

    def backtest(self, cutoff: float | None = None, *, quantile: float = 0.75) -> Backtest:
        """Refit on runs with C <= cutoff (default: the 75th percentile of C) and report
        the relative error of the predictions for the runs above it."""
        from scalinglaws.neural.backtest import backtest

        return backtest(self, cutoff, quantile=quantile)

    # --- bootstrap -----------------------------------------------------------------
    def with_bootstrap(
        self,
        n_boot: int = 1000,
        *,
        rng: RandomLike = 0,
        starts: str = "warm",
        workers: int | None = None,
        progress: Progress | None = None,
    ) -> NeuralFit:
        """A copy with `n_boot` bootstrap replicates over runs (resampled with replacement).

        Seeded and parallel (:func:`scalinglaws.uncertainty.run_replicates`); the
        result does not depend on `workers`. ``starts="warm"`` starts each refit at
        the local optima of the full-data search; ``"grid"`` reruns the full grid.
        """
        from scalinglaws.neural.fit import bootstrap_samples

        rows = bootstrap_samples(
            self, n_boot, rng=rng, starts=starts, workers=workers, progress=progress
        )
        good = np.isfinite(rows).all(axis=1)
        return replace(self, boot=rows[good], boot_failed=int((~good).sum()))

    # --- rendering -----------------------------------------------------------------
    def _summary(self) -> Summary:
        errors = self.stderr
        rows = [
            (
                "form",
                _TITLES[self.form] + (f", X = {self.variable}" if self.single_resource else ""),
            )
        ]
        rows.append(("runs", f"{self.n_runs}"))
        fit_text = (
            "least squares" if self.loss == "least_squares" else f"Huber, delta = {self.delta:g}"
        )
        if self.loss == "asymmetric":
            fit_text += f", under-predictions weighted {self.asymmetry:g}x"
        rows.append(("objective", f"{fit_text}, summed over runs, on log L: {self.objective:.6g}"))
        rows.append(("starts", f"{self.n_best_basin} of {self.n_starts} reached the best basin"))
        for name, value in self.params.items():
            err = f" ± {errors[name]:.4g}" if name in errors else ""
            rows.append((name, f"{value:.6g}{err}"))
        if self._chinchilla_like:
            rows += [(k, f"{v:.4f}") for k, v in self.frontier.items()]
        notes = []
        if self.boot is not None:
            notes.append(
                f"± is the standard deviation of {self.boot.shape[0]} bootstrap replicates "
                "over runs" + (f" ({self.boot_failed} failed)" if self.boot_failed else "")
            )
        return Summary(f"Neural scaling law ({self.form})", tuple(rows), tuple(notes))

    def plot(self, ax: Axes | None = None) -> Axes:
        """Runs in the (N, D) plane with iso-loss contours and the compute-optimal frontier."""
        from scalinglaws.neural._plot import plot_fit

        return plot_fit(self, ax)

    def _payload(self) -> dict[str, Any]:
        return {
            "form": self.form,
            "variable": self.variable,
            "N": self.N,
            "D": self.D,
            "L": self.L,
            "C": self.C,
            "c_given": self.c_given,
            "flops_per_token": self.flops_per_token,
            "loss": self.loss,
            "delta": self.delta,
            "theta": self.theta,
            "objective": self.objective,
            "n_starts": self.n_starts,
            "n_best_basin": self.n_best_basin,
            "candidates": self.candidates,
            "boot": None if self.boot is None else self.boot,
            "boot_failed": self.boot_failed,
            "asymmetry": self.asymmetry,
            "U": self.U,
            "params": self.params,
        }

    @classmethod
    def _from_payload(cls, payload: dict[str, Any]) -> NeuralFit:
        form = check_choice(payload.get("form"), "form", FORMS)
        width = len(FORMS[form].theta_names)

        def arr(key: str) -> FloatArray:
            return np.asarray(payload[key], dtype=np.float64)

        boot = payload.get("boot")
        return cls(
            form=form,
            variable=str(payload["variable"]),
            N=arr("N"),
            D=arr("D"),
            L=arr("L"),
            C=arr("C"),
            c_given=bool(payload["c_given"]),
            flops_per_token=float(payload["flops_per_token"]),
            loss=str(payload["loss"]),
            delta=float(payload["delta"]),
            theta=arr("theta"),
            objective=float(payload["objective"]),
            n_starts=int(payload["n_starts"]),
            n_best_basin=int(payload["n_best_basin"]),
            candidates=arr("candidates").reshape(-1, width),
            boot=None
            if boot is None
            else np.asarray(boot, dtype=np.float64).reshape(-1, len(FORMS[form].param_names)),
            boot_failed=int(payload.get("boot_failed", 0)),
            asymmetry=float(payload.get("asymmetry", 1.0)),
            U=None if payload.get("U") is None else arr("U"),
        )

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={v:.4g}" for k, v in self.params.items())
        return f"<NeuralFit {self.form} {shown} n={self.n_runs}>"
