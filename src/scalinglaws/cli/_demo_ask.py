"""The demo's questions: three questions in plain language, answered from ``results.json``.

:func:`scalinglaws.ask.ask` retrieves the facts of every saved result and reads the
answer with an extractive QA model; offline, without the model in the local cache,
it answers with the best retrieved sentence and says so in its note.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.text import Text

from scalinglaws.ask import ask
from scalinglaws.cli._demo_common import Line, SummaryRow

if TYPE_CHECKING:
    from scalinglaws.ask import Answer

__all__ = ["QUESTIONS", "answer_questions", "answers_summary", "answers_view"]

QUESTIONS = (
    "What is the power-law exponent of city sizes?",
    "How does GDP scale with population?",
    "How many tokens per parameter are compute-optimal?",
)


def answer_questions(
    results: Path, line: Line, questions: Sequence[str] = QUESTIONS
) -> list[tuple[str, Answer]]:
    """Ask each question of the bundle at `results` (retrieval and reader stay offline)."""
    line.start(total=len(questions))
    answers = []
    for question in questions:
        line.update(question)
        answers.append((question, ask(question, results=results)))
        line.update(advance=1)
    line.finish(f"{len(questions)} answered")
    return answers


def answers_view(answers: Sequence[tuple[str, Answer]]) -> RenderableType:
    """Each question, its answer, score and source; the reader's note once when shared."""
    parts: list[RenderableType] = [Text("Questions about the results", style="bold")]
    notes = {answer.note for _, answer in answers if answer.note}
    for question, answer in answers:
        parts.append(Text(f"Q: {question}", style="bold cyan"))
        parts.append(Text(f"A: {answer.text}"))
        if answer.abstained:
            continue
        detail = f"   score {answer.score:.2f} ({answer.method}), source: {answer.source}"
        if answer.sentence and answer.text != answer.sentence:
            detail += f"\n   from: {answer.sentence}"
        if answer.note and len(notes) > 1:
            detail += f"\n   note: {answer.note}"
        parts.append(Text(detail, style="dim"))
    if len(notes) == 1:
        parts.append(Text(f"note: {notes.pop()}", style="dim"))
    return Group(*parts)


def answers_summary(answers: Sequence[tuple[str, Answer]]) -> list[SummaryRow]:
    methods = sorted({answer.method for _, answer in answers})
    return [SummaryRow(f"{len(answers)} questions answered", f"by {', '.join(methods)}")]
