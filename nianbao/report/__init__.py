"""The check report: a static HTML view of an output directory, for a person to look at.

``nianbao report OUT_DIR`` writes ``OUT_DIR/report/``: ``index.html`` (every document,
those most needing a person first), ``batch.html`` (the batch at a glance), one page per
document under ``docs/`` and the pictures of its table pages under ``pages/``. Everything
is linked relatively and nothing is fetched, so the folder opens from a file:// URL and
can be copied elsewhere. Documents are read from the store one at a time, with review
decisions applied; page pictures already written are reused. Every file is written whole
or not at all, so a report killed halfway leaves no truncated picture to be reused.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from ..atomic import write_atomic
from ..batch.summary import PanelRow, panel_row, summarize
from ..export import decided_documents
from ..settings import DEFAULT_SETTINGS, Settings
from ..store import Store
from .batch_page import batch_page
from .document_page import document_page
from .images import PageImage, ReportSettings, page_images
from .index_page import IndexEntry, entry, index_page

REPORT_DIR = "report"
DOCS_DIR = "docs"
STATIC = ("report.css", "report.js")


@dataclass(slots=True)
class Written:
    """What ``write_report`` wrote: its first page, and each document's page pictures."""

    index: Path
    pictures: dict[str, list[PageImage]] = field(default_factory=dict)
    """By the document's content hash (two files of one name may sit in two folders)."""
    names: dict[str, str] = field(default_factory=dict)
    """The file name of each hash."""

    def notes(self) -> list[str]:
        """One line per table page left without a picture, and why."""
        return [f"{self.names[digest]} page {p.number}: {p.note}"
                for digest, images in self.pictures.items() for p in images if p.note]


def _listed(summary_path: Path, field_name: str, keys: tuple[str, str]) -> list[tuple[str, str]]:
    """Duplicates or skipped files from a batch's summary.json (``extract`` writes none)."""
    try:
        data = json.loads(summary_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [(item[keys[0]], item[keys[1]]) for item in data.get(field_name, [])]


def write_report(out_dir: Path, settings: Settings = DEFAULT_SETTINGS, report: ReportSettings = ReportSettings()) -> Written:
    """Write the report of ``out_dir``, whose documents were read with ``settings``."""
    template = settings.template
    root = out_dir / REPORT_DIR
    written = Written(root / "index.html")
    entries: list[IndexEntry] = []
    rows: list[PanelRow] = []
    cells: Counter[str] = Counter()
    with Store(out_dir, create=False, settings=settings) as store:  # a missing, empty or damaged store is refused, nothing written
        (root / DOCS_DIR).mkdir(parents=True, exist_ok=True)
        records = store.records()
        unread = {r.hash: r for r in records}
        for digest, document in decided_documents(store):
            record = unread.pop(digest)
            images = page_images(document, Path(record.path), digest, root, settings, report)
            page = f"{DOCS_DIR}/{digest[:16]}.html"
            write_atomic(root / page, document_page(document, record, images, template))
            entries.append(entry(record, document, page))
            rows.append(panel_row(document))
            cells.update(str(c.status) for c in document.cells)
            written.pictures[digest], written.names[digest] = images, record.name
    entries.extend(entry(record, None, "") for record in unread.values())  # no document stored (timed out, crashed)
    summary_path = out_dir / "summary.json"
    summary = summarize(records, rows, _listed(summary_path, "duplicates", ("path", "same_as")),
                        _listed(summary_path, "skipped", ("path", "reason")), template)
    write_atomic(root / "batch.html", batch_page(summary, cells))
    write_atomic(written.index, index_page(entries))
    for name in STATIC:
        write_atomic(root / name, resources.files(__package__).joinpath(name).read_text(encoding="utf-8"))
    return written


__all__ = ["ReportSettings", "Written", "write_report"]
