"""``scalinglaws ask "QUESTION" --results RESULTS.json``: a question about saved results.

Loads a results bundle (:func:`scalinglaws.bundle.save_results`, written by the
fit commands), answers with :func:`scalinglaws.ask.ask` and prints the answer
(the number first, or "Not in these results: ..."), which result it comes from
and how (fitted, published or derived), and the supporting sentence; ``--json``
prints every field (value, unit, interval, kind, result, abstained, ...). The library
(and with it torch and transformers) is imported only when the command runs, so the
CLI starts fast.
Offline by default: ``--allow-download`` lets transformers fetch ``--model``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, cast

import typer
from rich.text import Text

from scalinglaws._optional import check_extra
from scalinglaws.ask.reader import DEFAULT_MODEL
from scalinglaws.cli._shell import JsonOption, err_console, out_console, print_json

if TYPE_CHECKING:
    from scalinglaws.ask.retrieve import Retrieval

__all__ = ["ask"]


def ask(
    question: Annotated[str, typer.Argument(help="The question, in English or Chinese.")],
    results: Annotated[
        Path,
        typer.Option(
            "--results",
            exists=True,
            dir_okay=False,
            help="A results bundle (JSON) written by `scalinglaws fit ... --save`.",
        ),
    ],
    model: Annotated[
        str,
        typer.Option(
            help="Extractive QA model for questions that name no quantity: a name in the "
            "local Hugging Face cache or a folder.",
        ),
    ] = DEFAULT_MODEL,
    allow_download: Annotated[
        bool,
        typer.Option("--allow-download", help="Let transformers download the model if missing."),
    ] = False,
    retrieval: Annotated[
        str, typer.Option(help="Retrieval: fused (BM25 + MiniLM), bm25 or dense.")
    ] = "fused",
    as_json: JsonOption = False,
) -> None:
    """Answer a question about saved results, with the sentence that supports it."""
    check_extra("ask", "`scalinglaws ask`")
    from scalinglaws.ask import ask as answer_question

    answer = answer_question(
        question,
        results,
        model=model,
        allow_download=allow_download,
        retrieval=cast("Retrieval", retrieval),
    )
    if as_json:
        print_json(answer.to_dict())
        return
    console = out_console()
    console.print(Text(answer.text, style="bold"))
    if not answer.abstained:
        how = f"{answer.kind}, " if answer.kind else ""
        line = f"source: {answer.source}  ({how}score {answer.score:.2f}, {answer.method})"
        console.print(Text(line))
    if answer.sentence and answer.sentence != answer.text:
        console.print(Text(f"from: {answer.sentence}"))
    if answer.note:
        err_console().print(Text(f"note: {answer.note}", style="yellow"))
