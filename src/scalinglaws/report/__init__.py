"""Render results as one self-contained, offline HTML report (interactive Plotly plots).

:func:`render_report` takes results, bundle entries, bundles (or bundle files)
and returns the page as text; :func:`write_report` writes it. The page embeds
plotly.js from the installed plotly package (no CDN), one section per result:
its figures (see :mod:`.figures`), the parameter table with 95% intervals, the
verdicts and warnings in words (:mod:`.words`), the input's provenance and the
command that reproduces it. Nothing is fitted here: every number comes from the
results and what the fitting command saved beside them. The output is
deterministic: the same input gives the same bytes (figure ids are numbered,
floats rounded, the time shown is the bundle's creation time).

plotly and jinja2 come with the ``report`` extra (``pip install 'scalinglaws[report]'``).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scalinglaws._optional import needs_extra
from scalinglaws.bundle import Bundle, BundleEntry, load_bundle
from scalinglaws.errors import InvalidInputError
from scalinglaws.io import write_atomic
from scalinglaws.report import tables
from scalinglaws.report.words import verdicts, warnings_for
from scalinglaws.results import FitResult

#: What needs the ``report`` extra, as a missing-extra message names it.
FEATURE = "`scalinglaws.report` (the HTML report)"

with needs_extra("report", FEATURE):
    import jinja2
    import plotly.io as pio

    from scalinglaws.report.kinds import build_figures, tables_for

__all__ = [
    "FigureView",
    "Section",
    "build_section",
    "figure_json",
    "render_report",
    "render_sections",
    "write_report",
]

Reportable = FitResult | BundleEntry | Bundle | str | os.PathLike[str]
_JS_PLACEHOLDER = "/* plotly.js omitted (include_plotlyjs=False) */"


@dataclass(frozen=True)
class FigureView:
    """A figure of a report section: an id, its caption, the figure as JSON.

    Attributes
    ----------
    id : str
        The HTML id of the figure's element.
    caption : str
        What the figure shows.
    spec : str
        The plotly figure as JSON, safe inside ``<script type="application/json">``.
    """

    id: str
    caption: str
    spec: str  # the figure as JSON, safe inside <script type="application/json">


@dataclass(frozen=True)
class Section:
    """The report's view of one result: figures, tables, verdicts and warnings.

    Attributes
    ----------
    id : str
        The section's HTML id.
    title : str
        The result's label.
    kind : str
        The result's kind (``"tail"``, ``"relation"``, ...).
    provenance : list of (str, str)
        Where the result came from, as (name, value) rows.
    verdicts : list of str
        The result's verdicts in words.
    warnings : list of str
        The fit's warnings.
    figures : list of FigureView
        The section's figures.
    tables : list of Table
        The section's tables.
    summary : list of (str, str)
        The result's summary rows (label, value).
    notes : list of str
        The summary's notes.
    command : str or None
        The command line that reproduces the result, when recorded.
    """

    id: str
    title: str
    kind: str
    provenance: list[tuple[str, str]]
    verdicts: list[str]
    warnings: list[str]
    figures: list[FigureView]
    tables: list[tables.Table]
    summary: list[tuple[str, str]]
    notes: list[str]
    command: str | None


@dataclass(frozen=True)
class _Item:
    entry: BundleEntry
    created: str | None = None
    version: str | None = None
    source: str | None = None


@dataclass
class _Collected:
    items: list[_Item] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


def _collect(items: Reportable | Iterable[Reportable]) -> _Collected:
    single = isinstance(items, (FitResult, BundleEntry, Bundle, str, os.PathLike))
    listed: list[Any] = [items] if single else list(items)  # type: ignore[arg-type]
    out = _Collected()
    for item in listed:
        source = None
        if isinstance(item, (str, os.PathLike)):
            source = str(item)
            item = load_bundle(item)
        if isinstance(item, Bundle):
            if source is not None:
                out.sources.append(source)
            out.items += [
                _Item(entry, item.created or None, item.package_version, source)
                for entry in item.entries
            ]
        elif isinstance(item, BundleEntry):
            out.items.append(_Item(item))
        elif isinstance(item, FitResult):
            out.items.append(_Item(BundleEntry(item)))
        else:
            raise InvalidInputError(
                f"render_report: {type(item).__name__} is not a result, bundle or bundle file."
            )
    return out


def figure_json(figure: Any) -> str:
    """Compact figure JSON with <, > and & escaped, safe inside a <script> element.

    Parameters
    ----------
    figure : plotly.graph_objects.Figure
        The figure.

    Returns
    -------
    str
        The JSON text.
    """
    text = str(pio.to_json(figure, validate=False, pretty=False))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _section(index: int, item: _Item) -> Section:
    entry, result = item.entry, item.entry.result
    summary = result.summary()
    ident = f"result-{index}"
    figures = [
        FigureView(f"{ident}-fig-{number}", caption, figure_json(figure))
        for number, (caption, figure) in enumerate(build_figures(result, entry.extras), start=1)
    ]
    prov = entry.provenance
    where = prov.get("dataset") or prov.get("file")
    headline = entry.extras.get("title")  # a section's own heading, e.g. a sweep's
    if headline:
        title = f"{headline} — {summary.title}"
    else:
        title = summary.title + (f" — {where}" if where else "")
    return Section(
        id=ident,
        title=title,
        kind=result.kind,
        provenance=_provenance_rows(item),
        verdicts=verdicts(result, entry.extras),
        warnings=warnings_for(result, entry.extras),
        figures=figures,
        tables=tables_for(result, entry.extras),
        summary=list(summary.rows),
        notes=list(summary.notes),
        command=entry.command,
    )


def build_section(entry: BundleEntry | FitResult, index: int = 1) -> Section:
    """The report's view of one result.

    For pages that embed a single result, such as the web app's result page.

    Parameters
    ----------
    entry : BundleEntry or FitResult
        The result, with its provenance when it comes from a bundle.
    index : int, default 1
        Its position on the page (the section's HTML id).

    Returns
    -------
    Section
        Figures, tables, verdicts and warnings of the result.
    """
    item = _Item(entry if isinstance(entry, BundleEntry) else BundleEntry(entry))
    return _section(index, item)


def _provenance_rows(item: _Item) -> list[tuple[str, str]]:
    prov = item.entry.provenance
    rows: list[tuple[str, str]] = []
    for key, label in (("dataset", "dataset"), ("file", "input file"), ("sha256", "SHA-256")):
        if prov.get(key):
            rows.append((label, str(prov[key])))
    columns = prov.get("columns")
    if isinstance(columns, Mapping) and columns:
        rows.append(("columns", ", ".join(f"{k} = {v}" for k, v in columns.items())))
    if item.source:
        rows.append(("results file", item.source))
    if item.created or item.version:
        saved = item.created or "unknown time"
        rows.append(("saved", f"{saved} by scalinglaws {item.version or 'unknown'}"))
    return rows


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("scalinglaws.report", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )


def render_report(
    results: Reportable | Iterable[Reportable],
    *,
    title: str = "scalinglaws report",
    include_plotlyjs: bool = True,
) -> str:
    """The report page for results, bundle entries, bundles or bundle files, as HTML text.

    One offline HTML page (needs the ``report`` extra): a section per result with its
    figures, tables, verdicts and warnings.

    Parameters
    ----------
    results : FitResult, BundleEntry, Bundle, path, or an iterable of them
        What to report; bundle files are read with :func:`scalinglaws.bundle.load_bundle`.
    title : str, default "scalinglaws report"
        The page's title.
    include_plotlyjs : bool, default True
        Embed plotly.js; False leaves it out (a comment in its place): the page is
        then not interactive offline; it is meant for tests and diffs.

    Returns
    -------
    str
        The HTML page.

    Raises
    ------
    DataFormatError
        A bundle file that cannot be read.
    """
    collected = _collect(results)
    sections = [_section(i, item) for i, item in enumerate(collected.items, start=1)]
    created = sorted({item.created for item in collected.items if item.created})
    return render_sections(
        sections,
        title=title,
        sources=collected.sources,
        created=created[-1] if created else None,
        include_plotlyjs=include_plotlyjs,
    )


def render_sections(
    sections: list[Section],
    *,
    title: str,
    sources: list[str] | None = None,
    created: str | None = None,
    include_plotlyjs: bool = True,
) -> str:
    """The report page for ready-made sections (e.g. the bench's), as HTML text.

    Parameters
    ----------
    sections : list of Section
        The sections, in order.
    title : str
        The page's title.
    sources : list of str, optional
        The input files named in the page's header.
    created : str, optional
        When the results were saved, shown in the header (nothing when None).
    include_plotlyjs : bool, default True
        Embed plotly.js (False: a comment in its place).

    Returns
    -------
    str
        The HTML page.
    """
    if include_plotlyjs:
        with needs_extra("report", FEATURE):
            from plotly.offline import get_plotlyjs

        plotlyjs = get_plotlyjs()
    else:
        plotlyjs = _JS_PLACEHOLDER
    template = _environment().get_template("report.html.j2")
    return template.render(
        title=title,
        sections=sections,
        sources=sources or [],
        created=created,
        plotlyjs=plotlyjs,
        config=json.dumps({"responsive": True, "displaylogo": False}),
    )


def write_report(
    results: Reportable | Iterable[Reportable],
    path: str | os.PathLike[str],
    *,
    title: str = "scalinglaws report",
    include_plotlyjs: bool = True,
) -> Path:
    """Write :func:`render_report` to ``path`` (UTF-8, atomically) and return the path.

    Parameters
    ----------
    results : FitResult, BundleEntry, Bundle, path, or an iterable of them
        What to report.
    path : str or os.PathLike
        The HTML file to write.
    title : str, default "scalinglaws report"
        The page's title.
    include_plotlyjs : bool, default True
        Embed plotly.js.

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    DataFormatError
        A bundle file that cannot be read.
    """
    text = render_report(results, title=title, include_plotlyjs=include_plotlyjs)
    return write_atomic(path, text)  # an interrupted write keeps the old report whole
