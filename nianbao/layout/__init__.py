"""Layout: what each line of a page is, the report's six sections, and which section
each table lies in.

``find_layout`` classifies every line (``classifier``) and segments the report into its
numbered sections (``sections``); ``drop_foreign_tables`` sets aside tables of the
publisher's own that stand inside a narrative section; ``name_tables`` records which
section holds each template table. Plain-text and markup pages have no geometry for the
classifier: their lines are judged by numbering and wording alone.
"""

from __future__ import annotations

from ..model import Document, Line, TextSource
from ..settings import DEFAULT_SETTINGS, LayoutSettings, Settings
from .classifier import CLASSES, ModelMissing, classify_lines
from .features import heading_similarity
from .sections import enclosed_by_narrative, find_sections, section_at
from .title import find_title, read_title


def _plain_lines(document: Document, headings: tuple[str, ...], layout: LayoutSettings) -> list[Line]:
    """Lines of pages without geometry (plain text, markup): one per word, in order; a
    word close to one of the template's section ``headings`` (``sure_heading``) is a heading."""
    lines = []
    for page in document.pages:
        if page.text_source in (TextSource.PLAIN_TEXT, TextSource.MARKUP):
            for word in page.words:
                label = "heading" if heading_similarity(word.text, headings, layout.features) >= layout.sure_heading else "body"
                lines.append(Line(page.number, word.box, [word], label, 1.0))
    return lines


def find_layout(document: Document, settings: Settings = DEFAULT_SETTINGS) -> Document:
    """Classify every line and find the sections."""
    laid_out = Document(document.path, [p for p in document.pages if p.text_source in (TextSource.TEXT_LAYER, TextSource.OCR)])
    headings = settings.template.headings
    layout = settings.layout
    lines = (classify_lines(laid_out, headings, layout.features) if laid_out.pages else []) + _plain_lines(document, headings, layout)
    document.lines = sorted(lines, key=lambda line: line.page)  # stable: each page keeps its order
    document.sections = find_sections(document.lines, settings.template, layout)
    return document


def drop_foreign_tables(document: Document, settings: Settings = DEFAULT_SETTINGS) -> Document:
    """Set aside grids that stand between two narrative sections' headings (一 and 二, 五
    and 六): the publisher's own tables, which no template cell may come from."""
    kept = []
    for grid in document.grids:
        first = min(grid.cells, key=lambda c: (c.page, c.box[1]), default=None)
        if first is None or not enclosed_by_narrative(document.sections, first.page, first.box, settings.template):
            kept.append(grid)
    document.grids = kept
    return document


def name_tables(document: Document, settings: Settings = DEFAULT_SETTINGS) -> Document:
    """Record in each section the template tables found in it."""
    for table in settings.template.tables:
        placed = [(c.page, c.box[1]) for c in document.cells if c.table == table.key and c.page is not None and c.box]
        if placed:
            section = section_at(document.sections, *min(placed))
            if section is not None:
                section.tables.append(table.key)
    return document


__all__ = ["CLASSES", "ModelMissing", "drop_foreign_tables", "find_layout", "find_title", "name_tables", "read_title"]
