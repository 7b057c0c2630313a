"""Sections from classified lines: the six numbered headings, each section's text, and
which section each table lies in.

A line starts a section when the classifier calls it a heading and either its words are
close to one of the template's section headings or it carries a section numeral (一、 …
六、); or when, whatever the classifier said, it is numbered and its words are close to a
section heading (a heading the model missed). Where the words match a heading, they
number the section, not the printed numeral: OCR reads 一, 二 and 三 as dashes, or 三 as
二 and a stray stroke. A numeral read as nothing like one (一、 of a fax as "11" or "—1")
still shows where it stood: a mark or two before the heading's words, which then number
the section whatever the classifier said. Numerals must rise: a 二、 after 三、 is a list
item, not a section.
"""

from __future__ import annotations

import re

from ..model import Box, Line, Section
from ..settings import DEFAULT_SETTINGS, LayoutSettings
from ..template import Template
from ..values import normalize_text
from .features import clean_line, heading_scores

_NUMERAL = re.compile(r"^(?P<n>[一二三四五六七八九十]{1,2})[、.．,，]")
_UNREADABLE_NUMERAL = re.compile(r"^[0-9一二三丨|Il—–\-－_.．、,，:：]{1,3}(?=[\u4e00-\u9fff])")
"""What an unreadable section numeral leaves before a heading's words: digits, dashes,
strokes and its comma, read in place of 一、 二、 or 三、."""
NARRATIVE = ("body", "subheading")


def _numeral(line: Line) -> str | None:
    m = _NUMERAL.match(clean_line(line.text))
    return m["n"] if m else None


def _section_number(line: Line, numerals: list[str], headings: tuple[str, ...], layout: LayoutSettings) -> str | None:
    """The section a line opens, or None (``numerals`` and ``headings``: the template's sections')."""
    if line.label == "table":
        return None
    numeral = _numeral(line)
    text = clean_line(line.text)
    unreadable = None if numeral else _UNREADABLE_NUMERAL.match(text)
    scores = heading_scores(text[unreadable.end() :] if unreadable else text, headings, layout.features)
    if scores and max(scores) >= layout.sure_heading and (line.label == "heading" or numeral is not None or unreadable is not None):
        return numerals[scores.index(max(scores))]  # the words: OCR reads 三 as 二 and a stroke
    if numeral in numerals and line.label == "heading":
        return numeral
    return None


def find_sections(lines: list[Line], template: Template, layout: LayoutSettings = DEFAULT_SETTINGS.layout) -> list[Section]:
    """The numbered sections in reading order, each with its narrative text."""
    numerals = [s.number for s in template.sections]
    starts: list[tuple[int, Section]] = []
    for i, line in enumerate(lines):
        numeral = _section_number(line, numerals, template.headings, layout)
        if numeral is None:
            continue
        if starts and numerals.index(numeral) <= numerals.index(starts[-1][1].number):
            continue
        starts.append((i, Section(numeral, clean_line(line.text), line.page, line.box[1])))
    for k, (i, section) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(lines)
        section.text = "\n".join(normalize_text(ln.text) for ln in lines[i + 1 : end] if ln.label in NARRATIVE)
    return [section for _, section in starts]


def section_at(sections: list[Section], page: int, top: float) -> Section | None:
    """The section a point of the document lies in (the last one starting before it)."""
    before = [s for s in sections if (s.page, s.top) <= (page, top)]
    return before[-1] if before else None


def enclosed_by_narrative(sections: list[Section], page: int, box: Box, template: Template) -> bool:
    """True when ``box`` lies between the headings of two consecutive sections and the
    first of them holds no template table: a table of the publisher's own."""
    numerals = [s.number for s in template.sections]
    holds = {s.number: s.table for s in template.sections}
    section = section_at(sections, page, box[1])
    if section is None or holds.get(section.number):
        return False
    following = [s for s in sections if (s.page, s.top) > (page, box[1])]
    if not following:
        return False
    return numerals.index(following[0].number) == numerals.index(section.number) + 1
