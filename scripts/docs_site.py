"""MkDocs hook and figure helper for the documentation site (``mkdocs.yml``: ``hooks``).

The site's examples run at build time (markdown-exec). Loaded as a hook, this module
puts its own folder on ``sys.path`` so the examples can ``from docs_site import svg``
and embed the library's own matplotlib figures as inline SVG: no image files to
manage and nothing fetched when the site is opened from ``file://``.
"""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path
from typing import Any

HERE = str(Path(__file__).resolve().parent)

#: A Sphinx role left in a docstring, as Markdown renders it: ``:class:`~a.b.C` ``.
SPHINX_ROLE = re.compile(r":(?:py:)?(?:mod|class|func|meth|attr|data|exc|obj):<code>~?")


def on_config(config: Any) -> Any:
    """MkDocs hook: make ``docs_site`` importable from the executed examples."""
    if HERE not in sys.path:
        sys.path.insert(0, HERE)
    return config


def on_page_content(html: str, **_: Any) -> str:
    """MkDocs hook: show a docstring's Sphinx roles (``:class:`x` ``) as plain code."""
    return SPHINX_ROLE.sub("<code>", html)


def svg(ax: Any, *, width: float = 6.4, height: float = 4.0) -> str:
    """The figure holding the matplotlib Axes `ax` as an inline ``<svg>`` element.

    Parameters
    ----------
    ax
        The Axes a result's ``plot()`` returned.
    width, height
        Figure size in inches.

    Returns
    -------
    str
        SVG markup wrapped in ``<div class="sl-figure">``; the figure is closed.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = ax.figure
    fig.set_size_inches(width, height)
    fig.tight_layout()
    out = io.StringIO()
    fig.savefig(out, format="svg")
    plt.close(fig)
    markup = out.getvalue()
    start = markup.index("<svg")  # drop the XML prolog and doctype
    return f'<div class="sl-figure">{markup[start:]}</div>'
