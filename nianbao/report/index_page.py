"""The report's first page: every document, the ones that most need a person first.

Order: files that could not be read (failed, timed out), then by missing cells, flagged
cells and the publisher's own arithmetic errors, most first. Filters (status, "needs a
person", text) hide rows in the browser; the page is complete without them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from html import escape

from ..model import Document, Status
from ..store import FileRecord
from .html import STATUS_ORDER, legend, shell

UNREAD = ("failed", "timed_out")


@dataclass(frozen=True, slots=True)
class IndexEntry:
    """What the index keeps of one file: small, so a batch of any size fits."""

    record: FileRecord
    status: str
    """The document's status, or the record's when the file has no document."""
    page: str = ""
    """The document's report page, relative to the report folder; empty when unread."""
    body: str = ""
    year: int | None = None
    counts: dict[str, int] = field(default_factory=dict)
    source_errors: int = 0
    problems: str = ""

    @property
    def need(self) -> tuple[int, int, int, int]:
        """How much needs a person, compared field by field (larger first)."""
        unread = self.status in UNREAD or self.record.status in UNREAD
        return (int(unread), self.counts.get(Status.MISSING, 0), self.counts.get(Status.FLAGGED, 0), self.source_errors)


def entry(record: FileRecord, document: Document | None, page: str) -> IndexEntry:
    if document is None:
        return IndexEntry(record, record.status, problems=record.reason)
    counts = Counter(str(c.status) for c in document.cells)
    return IndexEntry(record, document.status, page, document.body, document.year, dict(counts),
                      len(document.source_errors), "; ".join(document.error_lines) or record.reason)


def _row(item: IndexEntry) -> str:
    name = escape(item.record.name)
    link = f'<a href="{escape(item.page)}">{name}</a>' if item.page else name
    counts = "".join(f'<td class="num st-{s}">{item.counts.get(s, 0) or ""}</td>' for s in STATUS_ORDER)
    text = f"{item.record.name} {item.body} {item.year or ''} {item.problems}".lower()
    return (
        f'<tr data-status="{escape(item.status)}" data-need="{int(any(item.need))}" data-text="{escape(text)}">'
        f"<td>{link}</td><td>{escape(item.status)}</td><td>{escape(item.record.kind)}</td>"
        f"<td>{escape(item.body)}</td><td>{item.year or ''}</td>{counts}<td class=\"num\">{item.source_errors or ''}</td>"
        f'<td class="num">{item.record.seconds:.1f}</td><td class="why">{escape(item.problems)}</td></tr>'
    )


def index_page(entries: list[IndexEntry]) -> str:
    ordered = sorted(entries, key=lambda e: (tuple(-n for n in e.need), e.record.name, e.record.path))
    statuses = Counter(e.status for e in entries)
    cells: Counter[str] = Counter()
    for e in entries:
        cells.update(e.counts)
    options = "".join(f'<option value="{escape(s)}">{escape(s)} ({n})</option>' for s, n in sorted(statuses.items()))
    heads = "".join(f'<th class="st-{s}">{escape(s)}</th>' for s in STATUS_ORDER)
    needing = sum(any(e.need) for e in entries)
    body = f"""<header><h1>nianbao check report 核对报告</h1>
<p>{len(entries)} documents, {needing} need a person. <a href="batch.html">Batch view 批量概览 →</a></p>
{legend(dict(cells))}</header>
<main><form id="filters" class="filters" onsubmit="return false">
<label>status <select name="status"><option value="">all</option>{options}</select></label>
<label><input type="checkbox" name="need"> only those needing a person 仅需人工</label>
<label>search <input type="search" name="text" placeholder="name, body, year"></label>
<span id="shown"></span></form>
<table class="index"><thead><tr><th>document</th><th>status</th><th>kind</th><th>body 机关</th><th>year</th>
{heads}<th>source errors</th><th>seconds</th><th>problems</th></tr></thead>
<tbody>{"".join(_row(e) for e in ordered)}</tbody></table></main>"""
    return shell("nianbao check report", body)
