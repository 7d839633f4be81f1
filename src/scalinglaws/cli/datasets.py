"""``scalinglaws datasets list | show NAME``: the bundled real data sets.

``list`` shows :func:`scalinglaws.datasets.list_datasets` as a table;
``show`` shows one data set's provenance and published values
(:func:`scalinglaws.datasets.load_dataset`). Both accept ``--json``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Annotated, Any

import typer
from rich.console import Group
from rich.table import Table

from scalinglaws.cli._shell import out_console, print_json
from scalinglaws.datasets import list_datasets, load_dataset

__all__ = ["app", "flatten", "list_command", "show_command"]

app = typer.Typer(help="Bundled real data sets with provenance and published values.")

_JSON_HELP = "Print JSON instead of a table."
_META_ORDER = ("title", "kind", "discrete", "units", "transform", "source", "citation")


def flatten(mapping: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """Yield ``(dotted.key, value)`` pairs of a nested mapping, depth first, in order."""
    for key, value in mapping.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            yield from flatten(value, prefix=f"{name}.")
        else:
            yield name, value


def _text(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.12g}"
    return str(value)


@app.command("list")
def list_command(
    as_json: Annotated[bool, typer.Option("--json", help=_JSON_HELP)] = False,
) -> None:
    """List the bundled data sets: name, kind, size and source."""
    frame = list_datasets()
    if as_json:
        print_json(frame.to_dict(orient="records"))
        return
    table = Table(title=f"{len(frame)} bundled data sets", title_justify="left")
    for column in frame.columns:
        table.add_column(
            str(column),
            justify="right" if column == "n" else "left",
            no_wrap=column in ("name", "kind", "n"),
        )
    for row in frame.itertuples(index=False):
        table.add_row(*(_text(value) for value in row))
    out_console().print(table)


@app.command("show")
def show_command(
    name: Annotated[str, typer.Argument(help="Data set name, e.g. clauset2009/words.")],
    as_json: Annotated[bool, typer.Option("--json", help=_JSON_HELP)] = False,
) -> None:
    """Show one data set's provenance, units and published values."""
    dataset = load_dataset(name)
    meta: dict[str, Any] = dict(dataset.meta)
    if as_json:
        print_json({"name": dataset.name, "n": len(dataset.data), "meta": meta})
        return
    about = Table(title=dataset.name, show_header=False, title_justify="left")
    about.add_column("field", style="bold")
    about.add_column("value", overflow="fold")
    about.add_row("n", str(len(dataset.data)))
    keys = [key for key in _META_ORDER if key in meta]
    keys += [key for key in meta if key not in _META_ORDER and key != "published"]
    for key in keys:
        about.add_row(key, _text(meta[key]))
    published = meta.get("published") or {}
    values = Table(title="published values", title_justify="left")
    values.add_column("quantity")
    values.add_column("value", justify="right")
    for key, value in flatten(published):
        values.add_row(key, _text(value))
    out_console().print(Group(about, values) if published else about)
