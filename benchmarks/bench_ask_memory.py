"""Time per question of ``sl.ask`` on results held in memory (issue 15), for any checkout.

A notebook passes its fitted results to ``sl.ask`` as a list; before round 12 each
question re-verbalised every result. This times 300 questions of the held-out splits
test10 and test11 asked of the question set's results (tests/ask_eval.py), as a list of
bundle entries, after one warm-up question. To compare two versions side by side, run it
twice in one job with each checkout's ``src`` first on the path:

    for root in /path/to/old-checkout /path/to/this-checkout; do
        PYTHONPATH=$root/src OMP_WAIT_POLICY=PASSIVE HF_HUB_OFFLINE=1 \\
            .venv/bin/python benchmarks/bench_ask_memory.py
    done

The results are fitted once per run (about a minute) and are the same for both.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    import torch

    torch.set_num_threads(2)
    import scalinglaws as sl
    from tests import ask_eval

    entries = ask_eval.eval_results()
    questions = [q["q"] for s in ("test10", "test11") for q in ask_eval.questions_of(s)][:300]
    sl.ask(questions[0], entries, model=None)
    times = []
    for question in questions:
        start = time.perf_counter()
        sl.ask(question, entries, model=None)
        times.append(1000 * (time.perf_counter() - start))
    times.sort()
    print(
        f"{sl.__file__}: {len(times)} questions, median {statistics.median(times):.1f} ms, "
        f"95th percentile {times[int(0.95 * len(times))]:.1f} ms, largest {times[-1]:.0f} ms"
    )


if __name__ == "__main__":
    main()
