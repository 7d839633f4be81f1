"""Questions about results (issue 15): latency per question and accuracy on the held-out set.

Run from the repository root (under the heavy lock on the shared machine):

    OMP_WAIT_POLICY=PASSIVE HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/bench_ask.py
    ... benchmarks/bench_ask.py --results demo-output/results.json   # another bundle

The table is also written to ``benchmarks/out/ask.md`` (gitignored).

Results: by default those of the question set (tests/ask_eval.py ``eval_results``: the
demo's fits without the ladder, plus three results of a user's own files), saved as a
bundle first; ``--results`` times another bundle (accuracy is then not scored).

* **first question**: a fresh Python process that imports scalinglaws, loads the
  bundle and answers one question (wall clock of the whole process, median of 3), for a
  question naming a quantity (the structured path, no model) and for one naming none
  (retrieval: torch and the MiniLM embedder load, as torch layers: ask/_minilm.py);
* **after the first**: in one process, every question of the set asked once after a
  warm-up question; median, 95th percentile and largest time per question; the same
  for the results passed in memory (a list of bundle entries, as a notebook does); then, with
  the embedder loaded, five questions that name no quantity (the retrieval path);
* **accuracy**: per split (dev; test, scored once in the first round and development
  data since; test2, held out in the second round; test3 to test17, held
  out in the third to seventeenth, development data since they were scored) and language, answerable
  questions with the right value, unanswerable ones abstained, and answers presenting
  a fitted value as published or the reverse (tests/ask_eval.py ``grade``).

Torch runs on ``--threads`` threads (2: the machine the targets name).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out"
sys.path.insert(0, str(ROOT))

STRUCTURED = "What is the power-law exponent of city sizes?"
RETRIEVAL = "Who replicated the Chinchilla scaling study?"
#: Questions that name no quantity (answered by retrieval, or abstained), timed once the
#: embedder is loaded: the question set's questions all name one.
FALLBACK = (
    RETRIEVAL,
    "Who collected the earthquake data?",
    "How was the Chinchilla data obtained?",
    "Which paper do the terrorism data come with?",
    "What happened to the urban GDP data?",
)


def first_question(bundle: Path, question: str, threads: int, repeats: int = 3) -> float:
    """Median wall-clock seconds of a fresh process answering ``question``."""
    setup = f"import torch; torch.set_num_threads({threads})\n" if question == RETRIEVAL else ""
    code = setup + f"import scalinglaws as sl\nsl.ask({question!r}, {str(bundle)!r})\n"
    env = {**os.environ, "OMP_WAIT_POLICY": "PASSIVE", "HF_HUB_OFFLINE": "1"}
    seconds = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, env=env, capture_output=True)
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--results", type=Path, help="a results bundle (default: the set's)")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()

    import torch

    torch.set_num_threads(args.threads)
    import scalinglaws as sl
    from scalinglaws.bundle import load_bundle, save_results
    from tests import ask_eval

    questions = ask_eval.all_questions()
    folder = Path(tempfile.mkdtemp(prefix="bench-ask-"))
    bundle = args.results
    if bundle is None:
        bundle = save_results(ask_eval.eval_results(), folder / "results.json")
    cold = {
        "structured": first_question(bundle, STRUCTURED, args.threads),
        "retrieval": first_question(bundle, RETRIEVAL, args.threads),
    }
    sl.ask(STRUCTURED, str(bundle))  # warm-up: the bundle is read and prepared once
    times, grades = [], {}
    by_label = ask_eval.labels_of(list(load_bundle(bundle).entries))
    for q in questions:
        start = time.perf_counter()
        answer = sl.ask(q["q"], str(bundle))
        times.append(time.perf_counter() - start)
        if args.results is None:
            key = (q["split"], q["lang"], "why" not in q)
            grades.setdefault(key, []).append(ask_eval.grade(q, answer, by_label))
    times_ms = sorted(1000 * t for t in times)
    # the same questions asked of the results in memory (a notebook's list of results):
    # prepared once, remembered by the identity of the result objects
    in_memory = list(load_bundle(bundle).entries)
    sl.ask(STRUCTURED, in_memory)
    memory_ms = []
    for q in questions:
        start = time.perf_counter()
        sl.ask(q["q"], in_memory)
        memory_ms.append(1000 * (time.perf_counter() - start))
    memory_ms.sort()
    sl.ask(RETRIEVAL, str(bundle))  # loads torch and the embedder
    fallback = []
    for question in FALLBACK:
        start = time.perf_counter()
        sl.ask(question, str(bundle))
        fallback.append(1000 * (time.perf_counter() - start))
    lines = [
        f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs "
        f"(shared), torch threads {args.threads}; {len(questions)} questions.",
        "",
        "| measure | value |",
        "|---|---|",
        f"| first question, structured (fresh process, with import) | {cold['structured']:.2f} s |",
        f"| first question, retrieval path (loads torch + MiniLM) | {cold['retrieval']:.2f} s |",
        f"| after the first: median per question | {statistics.median(times_ms):.0f} ms |",
        f"| after the first: 95th percentile | {times_ms[int(0.95 * len(times_ms)) - 1]:.0f} ms |",
        f"| after the first: largest | {times_ms[-1]:.0f} ms |",
        f"| after the first, results in memory: median / 95th percentile | "
        f"{statistics.median(memory_ms):.0f} / {memory_ms[int(0.95 * len(memory_ms)) - 1]:.0f}"
        " ms |",
        f"| retrieval path after the first, {len(FALLBACK)} questions: median / largest | "
        f"{statistics.median(fallback):.0f} / {max(fallback):.0f} ms |",
    ]
    if grades:
        lines += [
            "",
            "| split | language | answerable right | unanswerable abstained | mislabelled |",
            "|---|---|---|---|---|",
        ]
        for split in ("dev", "test", "test2", *ask_eval.HELD_OUT):
            for lang in ("en", "zh"):
                ok = grades[(split, lang, True)]
                no = grades[(split, lang, False)]
                wrong = sum(g.mislabelled for g in ok + no)
                lines.append(
                    f"| {split} | {lang} | {sum(g.right for g in ok)}/{len(ok)} "
                    f"({sum(g.right for g in ok) / len(ok):.1%}) | {sum(g.right for g in no)}/"
                    f"{len(no)} ({sum(g.right for g in no) / len(no):.1%}) | {wrong} |"
                )
    text = "\n".join(lines)
    print(text)
    OUT.mkdir(exist_ok=True)
    (OUT / "ask.md").write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
