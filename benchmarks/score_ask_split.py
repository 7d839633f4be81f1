"""Score one question split of ``scalinglaws.ask`` and list every miss (issue 15).

    OMP_WAIT_POLICY=PASSIVE HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/score_ask_split.py test8

Per language: answerable questions with the right value, unanswerable ones abstained,
mislabelled answers (tests/ask_eval.py ``grade``), then each miss with the truth the
oracle reads and the answer ask gave. Writes the same to ``benchmarks/out/<split>.md``.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    import torch

    torch.set_num_threads(2)
    import scalinglaws as sl
    from tests import ask_eval

    split = sys.argv[1] if len(sys.argv) > 1 else ask_eval.HELD_OUT[-1]
    questions = ask_eval.questions_of(split)
    entries = ask_eval.eval_results()
    by_label = ask_eval.labels_of(entries)
    counts: dict[tuple[str, bool], list[int]] = {}
    misses = []
    for q in questions:
        answer = sl.ask(q["q"], entries, model=None)
        g = ask_eval.grade(q, answer, by_label)
        key = (q["lang"], "why" not in q)
        right, total, wrong = counts.get(key, [0, 0, 0])
        counts[key] = [right + g.right, total + 1, wrong + g.mislabelled]
        if not g.right or g.mislabelled:
            want = q.get("why") or f"{q['result']} {q['truth']} ({q['kind']})"
            got = (
                f"abstained={answer.abstained} result={answer.result} value={answer.value} "
                f"interval={answer.interval} kind={answer.kind}"
            )
            misses.append(
                f"- [{q['lang']}] {q['q']}\n  want: {want}\n  got: {got}\n  text: {g.detail}"
            )
    lines = [f"# {split}"]
    for lang in ("en", "zh"):
        ok, no = counts[(lang, True)], counts[(lang, False)]
        lines.append(
            f"{lang}: answerable {ok[0]}/{ok[1]} ({ok[0] / ok[1]:.1%}), unanswerable abstained "
            f"{no[0]}/{no[1]} ({no[0] / no[1]:.1%}), mislabelled {ok[2] + no[2]}"
        )
    lines += ["", f"misses ({len(misses)}):", *misses]
    text = "\n".join(lines)
    print(text)
    (ROOT / "benchmarks" / "out").mkdir(exist_ok=True)
    (ROOT / "benchmarks" / "out" / f"{split}.md").write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
