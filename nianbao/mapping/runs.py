"""Template rows in plain text whose table lost its cell boundaries.

An archived web page keeps a table as one line: each row label followed by its cells'
digits run together ("一、本年新收政府信息公开申请数量801000081"). Each row is found by
its label (the template's labels and variants, in template order, from the table's
heading on), and what follows it up to the next row's label is the row's run. Table 四,
whose rows are groups of columns, is one run after its headers. Splitting the runs is
the arithmetic's job (``reconcile.split``).
"""

from __future__ import annotations

import re
import unicodedata

from ..model import Document, RowRun, TextSource
from ..settings import DEFAULT_SETTINGS, Settings
from ..template import Form, Table

WHOLE_TABLE = "*"
"""The row of a run that holds every cell of a column-header table, in template order."""
_RUN = re.compile(r"[\d\s.,\-]*")


class _Text:
    """The document's text in NFKC form, searchable with spaces ignored."""

    def __init__(self, raw: str) -> None:
        self.flat = unicodedata.normalize("NFKC", raw)
        kept = [(c, i) for i, c in enumerate(self.flat) if not c.isspace()]
        self.squeezed = "".join(c for c, _ in kept)
        self.index = [i for _, i in kept] + [len(self.flat)]

    def find(self, labels: tuple[str, ...], start: int) -> tuple[int, int] | None:
        """(start, end) in squeezed text of the earliest of ``labels`` from ``start`` on,
        the longest where several start there (a label before its short alias)."""
        hits = []
        for label in labels:
            needle = "".join(unicodedata.normalize("NFKC", label).split())
            at = self.squeezed.find(needle, start)
            if at >= 0:
                hits.append((at, at + len(needle)))
        return min(hits, key=lambda h: (h[0], -h[1]), default=None)

    def run_between(self, end: int, limit: int | None) -> str:
        """The digits (with the spaces between them) right after squeezed offset ``end``."""
        stop = self.index[limit] if limit is not None else len(self.flat)
        match = _RUN.match(self.flat, self.index[end], stop)
        assert match is not None  # the pattern matches the empty string too
        return match.group().strip()


def _row_runs(text: _Text, table: Table, form: Form) -> list[RowRun]:
    heading = text.find((table.heading,), 0)
    position = heading[1] if heading else 0
    if form.row_labels == "column_header":
        headers = [text.find(column.variants, position) for column in form.columns]
        ends = [h[1] for h in headers if h]
        if not ends:
            return []
        digits = re.search(r"\d", text.squeezed[max(ends):])
        if digits is None:
            return []
        run = text.run_between(max(ends) + digits.start(), None)
        return [RowRun(table.key, form.form, WHOLE_TABLE, run)] if run else []
    hits: list[tuple[str, int, int]] = []
    for row in form.rows:
        found = text.find(row.variants, position)
        if found:
            hits.append((row.key, *found))
            position = found[1]
    runs = []
    for i, (key, _, end) in enumerate(hits):
        run = text.run_between(end, hits[i + 1][1] if i + 1 < len(hits) else None)
        if run:
            runs.append(RowRun(table.key, form.form, key, run))
    return runs


def find_row_runs(document: Document, settings: Settings = DEFAULT_SETTINGS) -> Document:
    """Stage: the row runs of every template table in a plain-text document, in the
    form whose labels the text holds most of."""
    if not document.pages or any(p.text_source != TextSource.PLAIN_TEXT for p in document.pages):
        return document
    template = settings.template
    text = _Text("\n".join(w.text for p in document.pages for w in p.words))
    for table in template.tables:
        found = [_row_runs(text, table, form) for form in table.forms]
        best = max(found, key=len)
        document.runs.extend(best)
    return document
