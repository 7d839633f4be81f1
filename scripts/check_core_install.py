"""Check the core install (``pip install scalinglaws``, no extras): what it pulls and that it works.

``make core-check`` (run by ``.ci/run``) makes a fresh venv and calls this script twice::

    python scripts/check_core_install.py plan PLAN.json  # from pip install --dry-run --report
    python scripts/check_core_install.py smoke           # in the core venv, after pip install .

``plan`` fails when pip would install any package an extra declares (torch,
transformers, fastapi, uvicorn, plotly and the rest of pyproject.toml's extras).
``smoke`` fits the four families on bundled data, runs one fit from the command
line, and checks that a missing extra is one clear line naming
``pip install 'scalinglaws[EXTRA]'``, from the CLI (exit 1) and from Python (a
``MissingDependencyError``, also an ImportError).
It needs nothing but the core install itself: no pytest.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable
from importlib import resources
from importlib.util import find_spec
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def extras_distributions() -> set[str]:
    """Every distribution an extra of pyproject.toml declares: none may come with the core."""
    extras = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    lines = [line for group in extras["optional-dependencies"].values() for line in group]
    names = {_normal(re.split(r"[\s\[<>=!~;]", line, maxsplit=1)[0]) for line in lines}
    return names - {"scalinglaws"}


def check_plan(report: Path) -> None:
    """Fail when ``pip install --dry-run --report`` would install a heavy package."""
    plan = json.loads(report.read_text(encoding="utf-8"))
    names = sorted(_normal(item["metadata"]["name"]) for item in plan["install"])
    print(f"the core install pulls {len(names)} distributions: {', '.join(names)}")
    heavy = sorted(set(names) & extras_distributions())
    if heavy:
        raise SystemExit(f"the core install pulls heavy packages: {', '.join(heavy)}")


def _near(what: str, value: float, published: float, tolerance: float, source: str) -> None:
    if not abs(value - published) <= tolerance:
        raise AssertionError(f"{what} = {value:.4g}, not {published} ± {tolerance} ({source})")
    print(f"  {what} = {value:.4g} (published {published}, {source})")


def _import_is_light() -> None:
    from scalinglaws._optional import EXTRAS

    code = (
        "import sys, scalinglaws; "
        f"print(','.join(m for m in {EXTRAS['all']!r} if m in sys.modules))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    if run.stdout.strip():
        raise AssertionError(f"import scalinglaws loaded {run.stdout.strip()}")
    present = [m for m in ("torch", "transformers", "fastapi", "plotly") if find_spec(m)]
    if present:
        raise AssertionError(f"not a core-only venv: {', '.join(present)} installed")


def _wheel_is_lean() -> None:
    """The installed wheel: the package, its data and corpus, py.typed, LICENSE; no tests."""
    from importlib.metadata import files

    installed = [f for f in files("scalinglaws") or () if not f.parts[-1].endswith(".pyc")]
    names = {str(f) for f in installed}
    if "scalinglaws/py.typed" not in names or not any(n.endswith("/LICENSE") for n in names):
        raise AssertionError("the wheel lacks py.typed or LICENSE")
    tops = {f.parts[0] for f in installed} - {"scalinglaws", ".."}  # "..": the bin/ script
    strays = [top for top in tops if not top.endswith(".dist-info")]
    if strays:
        raise AssertionError(f"the wheel ships folders beside the package: {sorted(strays)}")
    sizes = {str(f): f.size or 0 for f in installed if str(f).startswith("scalinglaws/")}
    total = sum(sizes.values())
    print(f"  {len(sizes)} package files, {total / 1e6:.2f} MB unpacked; largest:")
    for name in sorted(sizes, key=sizes.__getitem__, reverse=True)[:3]:
        print(f"    {sizes[name] / 1e6:.2f} MB {name}")
    if total > 6e6:  # 3.9 MB today: the Shakespeare corpus (1.9 MB) and the datasets
        raise AssertionError(f"the wheel unpacks to {total / 1e6:.1f} MB; what grew?")


def _four_fits() -> None:
    import scalinglaws as sl

    cities = sl.load_dataset("clauset2009/cities")
    tail = sl.fit_tail(cities.data)
    _near("cities alpha", tail.alpha, 2.37, 2 * 0.08, "Clauset, Shalizi & Newman 2009, Table 3")

    mammals = sl.load_dataset("allometry/mammals_brain_body")
    relation = sl.fit_relation(mammals.data["body"], mammals.data["brain"])
    _near("mammals brain ~ body^b", relation.params["b"], 0.752, 0.001, "Venables & Ripley 2002")

    census = sl.load_dataset("growth/us_census_1790_2000").data
    early = census[census["year"] <= 1910]
    growth = sl.fit_growth(early["year"], early["population"], law="logistic")
    _near("US census logistic K", growth.params["K"], 197.27, 5.0, "Pearl & Reed 1920")

    runs = sl.load_dataset("neural/epoch_chinchilla").data.sort_values("loss").iloc[:-5]
    n = runs["Model Size"].to_numpy()
    neural = sl.fit_neural(n, runs["Training FLOP"].to_numpy() / (6 * n), runs["loss"].to_numpy())
    headline = {"E": (1.82, 0.03), "alpha": (0.3478, 0.02), "beta": (0.3658, 0.02)}
    for name, (value, se) in headline.items():  # Besiroglu et al. 2024: estimate ± 3 se
        _near(f"Chinchilla {name}", neural.params[name], value, 3 * se, "Epoch 2024")


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    command = Path(sys.executable).with_name("scalinglaws")
    return subprocess.run([str(command), *args], capture_output=True, text=True, check=False)


def _cli_fit() -> None:
    bundled = resources.files("scalinglaws.datasets").joinpath("data", "clauset2009", "cities.txt")
    with resources.as_file(bundled) as path:
        done = _cli("fit", "tail", str(path), "--json")
    if done.returncode != 0:
        raise AssertionError(f"scalinglaws fit tail failed: {done.stderr}")
    alpha = json.loads(done.stdout)["alpha"]
    _near("CLI cities alpha", alpha, 2.37, 2 * 0.08, "Clauset, Shalizi & Newman 2009, Table 3")


def _one_line(stderr: str, extra: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    wanted = f"pip install 'scalinglaws[{extra}]'"
    if len(lines) != 1 or not lines[0].startswith("error: ") or wanted not in lines[0]:
        raise AssertionError(f"expected one line 'error: ... {wanted}', got:\n{stderr}")
    return lines[0]


def _missing_extras() -> None:
    from scalinglaws.errors import MissingDependencyError

    done = _cli("serve", "--port", "8765")
    if done.returncode != 1:
        raise AssertionError(f"scalinglaws serve exited {done.returncode}: {done.stderr}")
    print(f"  scalinglaws serve -> {_one_line(done.stderr, 'web')}")
    done = _cli("fit", "tail", "no-such-file.csv", "--plot", "plot.png")  # refused before reading
    if done.returncode != 1:
        raise AssertionError(f"scalinglaws fit tail --plot exited {done.returncode}")
    print(f"  scalinglaws fit tail --plot -> {_one_line(done.stderr, 'plot')}")

    import scalinglaws as sl

    words = sl.fit_tail(sl.load_dataset("clauset2009/words").data)
    attempts: dict[str, Callable[[], object]] = {
        "plot": words.plot,
        "lm": lambda: __import__("scalinglaws.lm"),
        "report": lambda: __import__("scalinglaws.report"),
        "web": lambda: __import__("scalinglaws.web"),
        # retrieval (BM25 + MiniLM) is the ask extra's; see _structured_ask for the rest
        "ask": lambda: sl.ask("Summarise the results", words),
    }
    for extra, attempt in attempts.items():
        try:
            attempt()
        except MissingDependencyError as exc:
            if not isinstance(exc, ImportError) or f"scalinglaws[{extra}]" not in str(exc):
                raise AssertionError(f"{extra}: unclear error {exc!r}") from exc
            print(f"  {extra}: {exc}")
        else:
            raise AssertionError(f"{extra}: worked without its extra")


def _structured_ask() -> None:
    """A question naming a quantity is a lookup in the results: no extra needed."""
    import scalinglaws as sl

    words = sl.fit_tail(sl.load_dataset("clauset2009/words").data)
    answer = sl.ask("What is the exponent?", words)  # alpha 1.95 in Clauset et al. 2009, Table 3
    if answer.method != "structured" or answer.value is None or abs(answer.value - 1.9527) > 1e-3:
        raise AssertionError(f"ask without its extra: {answer!r}")
    print(f"  ask 'What is the exponent?' -> {answer.value:.4f} ({answer.kind}, {answer.method})")


def smoke() -> None:
    """Everything the core promises, in the core venv."""
    for check in (
        _import_is_light,
        _wheel_is_lean,
        _four_fits,
        _cli_fit,
        _structured_ask,
        _missing_extras,
    ):
        start = time.perf_counter()
        print(f"{check.__name__.strip('_').replace('_', ' ')}:")
        check()
        print(f"  ok ({time.perf_counter() - start:.1f} s)")


def main(argv: list[str]) -> None:
    if argv[:1] == ["plan"] and len(argv) == 2:
        check_plan(Path(argv[1]))
    elif argv == ["smoke"]:
        smoke()
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
