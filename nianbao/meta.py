"""Metadata from the scrape: the body, year and URL a scraper already knows per file.

A scraper usually knows which body published a file, for which year, and where it came
from; the title may not say (or say it in a way the title reader misses). ``--meta
FILE.csv`` (columns ``path`` and any of ``body``, ``year``, ``url``; ``path`` as in the
``document`` column) overrides what nianbao read, and the panel says which fields were
supplied. The checked file is kept in the output folder as ``meta.csv`` and applied by
every later export, so review and re-export keep it.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .atomic import write_atomic
from .ingest.text import decode_text
from .model import Document

META_NAME = "meta.csv"
META_FIELDS = ("body", "year", "url")
YEARS = range(1990, 2100)
"""Years a report can be for; anything else in the year column is a typo."""


@dataclass(frozen=True, slots=True)
class Meta:
    body: str = ""
    year: int | None = None
    url: str = ""


def meta_key(path: str) -> str:
    """A path as the ``document`` column writes it: forward slashes, no leading ``./``."""
    return PurePosixPath(path.strip().replace("\\", "/")).as_posix()


def _entry(row: dict[str, str]) -> Meta:
    year = (row.get("year") or "").strip()
    if year and not (year.isascii() and year.isdigit() and int(year) in YEARS):
        raise ValueError(f"year {year!r} is not a year between {YEARS.start} and {YEARS.stop - 1}")
    return Meta((row.get("body") or "").strip(), int(year) if year else None, (row.get("url") or "").strip())


def read_meta(path: Path) -> dict[str, Meta]:
    """The entries of a metadata CSV (UTF-8, UTF-8 with BOM, UTF-16 or GB18030) by path;
    ValueError naming every bad line when it has any."""
    text = decode_text(path.read_bytes())
    if text is None:
        raise ValueError(f"{path}: not text in UTF-8, UTF-16 or GB18030; save it as CSV UTF-8")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = set(reader.fieldnames or [])
    if "path" not in columns or not columns & set(META_FIELDS):
        raise ValueError(f"{path}: a metadata file needs a column path and one of {', '.join(META_FIELDS)}")
    entries, problems = {}, []
    for line, row in enumerate(reader, start=2):
        key = meta_key(row.get("path") or "")
        try:
            if key in ("", "."):
                raise ValueError("no path")
            if key in entries:
                raise ValueError(f"{key} is given twice")
            entries[key] = _entry(row)
        except ValueError as exc:
            problems.append(f"line {line}: {exc}")
    if problems:
        raise ValueError(f"{path}: " + "; ".join(problems))
    return entries


def keep_meta(source: Path, out_dir: Path) -> int:
    """Check ``source`` and keep it as the output folder's ``meta.csv``; return its entries."""
    entries = read_meta(source)
    write_atomic(out_dir / META_NAME, source.read_bytes())
    return len(entries)


def kept_meta(out_dir: Path) -> dict[str, Meta]:
    """The output folder's metadata, empty when it has none."""
    path = out_dir / META_NAME
    return read_meta(path) if path.is_file() else {}


def apply_meta(document: Document, entries: dict[str, Meta]) -> None:
    """Override the document's body, year and URL with what the scrape supplied."""
    meta = entries.get(meta_key(document.identity))
    if meta is None:
        return
    for name in META_FIELDS:
        value = getattr(meta, name)
        if value not in ("", None):
            setattr(document, name, value)
            document.supplied.append(name)
