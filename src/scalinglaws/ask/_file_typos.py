"""File names in a question: a result's typed with a slip, a path's folders, a data set's file.

A file name the results do not hold names a file not fitted, and ask abstains. A name one
or two slips away from a result's own file name (a letter dropped, doubled, swapped with
the next or replaced, an underscore left out) is that file typed in a hurry, as on a
phone ("metabolsim.csv"); :func:`respelt_files` writes it as the result's label. A slip
that changes a digit or adds one ("my_runs_2.csv", "followers2024.txt") is another file,
and so is a name further away ("followers_weibo.txt").

A pasted path's folders ("~/Downloads/", "/home/wang/data/", a Windows drive's) name nothing
(:func:`without_folders`); a file named by a data set's own alias and years
("terror_deaths_1968_2006.txt", "socal_quakes.txt") is that data set's, loaded by the
user (:func:`files_named_as_data`), unlike a file of other data or another year.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from scalinglaws.ask.names import ALIAS_WEIGHT, Subject
from scalinglaws.ask.understand import understand

__all__ = ["files_named_as_data", "respelt_files", "without_folders"]

#: A file name in a question: ASCII letters, digits, underscores, dots and hyphens before
#: an extension (not the Chinese before it: 不是my_runs.csv).
_FILE = re.compile(
    r"(?<![A-Za-z0-9_./~-])[A-Za-z0-9_.-]+\.(?:csv|txt|tsv|json|parquet|xlsx?)(?![A-Za-z0-9])", re.I
)


def _slips(typed: str, label: str) -> int:
    """The optimal string alignment distance between the two names (Damerau 1964)."""
    rows = len(typed) + 1
    cols = len(label) + 1
    d = [[0] * cols for _ in range(rows)]
    for i in range(rows):
        d[i][0] = i
    for j in range(cols):
        d[0][j] = j
    for i in range(1, rows):
        for j in range(1, cols):
            cost = 0 if typed[i - 1] == label[j - 1] else 1
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and typed[i - 1] == label[j - 2] and typed[i - 2] == label[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[-1][-1]


def _meant(typed: str, labels: Iterable[str]) -> str | None:
    """The one label ``typed`` is a slip of, or None."""
    lowered = typed.lower()
    digits = re.sub(r"\D", "", lowered)
    close = [
        label
        for label in labels
        if label.lower() != lowered
        and re.sub(r"\D", "", label) == digits  # no digit changed or added
        and len(label) >= 8
        and _slips(lowered, label.lower()) <= 2
    ]
    return close[0] if len(close) == 1 else None


def respelt_files(question: str, labels: Iterable[str]) -> str:
    """``question`` with each file name typed with a slip written as the result's label."""
    files = [label for label in labels if _FILE.fullmatch(label)]
    if not files:
        return question
    return _FILE.sub(lambda m: _meant(m.group(0), files) or m.group(0), question)


#: The folders of a path before its file's name: "C:\\Users\\me\\Downloads\\", "~/Downloads/",
#: "/home/wang/data/", "./猪圈/" (where the user keeps a file; they name no data).
_FOLDERS = re.compile(
    r"(?<![\w])(?:[A-Za-z]:\\(?:[^\\\s:*?\"<>|]+\\)*|(?:~|\.{1,2})?/(?:[^/\s]+/)+)"
    r"(?=[A-Za-z0-9_.-]+\.[A-Za-z]{2,8}\b)"  # before a file name in ASCII, which is read
)


def without_folders(question: str) -> str:
    """``question`` with the folders of each path blanked, its file's name kept."""
    return _FOLDERS.sub(lambda m: " " * len(m.group(0)), question)


def files_named_as_data(question: str, subjects: Sequence[Subject]) -> str:
    """``question`` with a file name that names a result's data read as its words.

    "terror_deaths_1968_2006.txt", "socal_quakes.txt", "cities2000.txt": a file the user
    loaded the bundled data from, named by words that are a result's own alias
    (terror deaths, quakes, cities); not a file of other data ("仔猪体重.csv",
    "kelp_yields_2025.csv"), nor a result's own label (metabolism.csv).
    """
    results = [s for s in subjects if s.label is not None]
    labels = {str(s.label).lower() for s in results}
    # named as a data set's alias: not as another file of the user ("my_runs_final.csv")
    catalogued = {s.key for s in results if s.meta}
    out = question
    for match in _FILE.finditer(question):
        name = match.group(0)
        if name.lower() in labels:
            continue
        # its words and its years ("cities_2010.csv": the cities of 2010, not of the data)
        stem = re.sub(r"(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])", " ", name.rsplit(".", 1)[0])
        words = re.sub(
            r"[\s_.\-]+", " ", re.sub(r"\b(?!1[5-9]\d\d|20\d\d)\d+\b", " ", stem)
        ).strip()
        words = re.sub(r"\bus\b", "US", words)  # "us_blackouts": the US's
        words = re.sub(r"\bpop\b", "population", words, flags=re.I)  # "us_pop_1790_2000"
        read = understand(words, results) if words else None
        # a data set's own alias, whole (not a word the spelling corrector moved: "braking"),
        # and its years the data's (fitted or in its title: "cities_2020.csv" is another
        # census's file)
        years = [int(y) for y in re.findall(r"\b(?:1[5-9]\d\d|20\d\d)\b", words)]
        aliased = (
            {k for k in read.phrased & catalogued if read.link.get(k, 0.0) >= ALIAS_WEIGHT}
            if read
            else set()
        )
        if any(
            s.key in aliased
            and all(any(a <= y <= b for a, b in s.years) or str(y) in s.title for y in years)
            for s in results
        ):
            out = out[: match.start()] + words.ljust(len(name)) + out[match.end() :]
    return out
