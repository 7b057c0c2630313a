"""Read the publishing body and the year from the report's title.

The title is the first lines of the first page with text, e.g.
周口市人民政府2021年政府信息公开工作年度报告 or …关于2021年政府信息公开工作的年度报告,
sometimes broken over two lines and sometimes with the year in Chinese numerals.
"""

from __future__ import annotations

import re
from functools import cache

from ..lines import group_lines
from ..model import Document
from ..settings import DEFAULT_SETTINGS, LayoutSettings, Settings
from ..template import TitleSpec
from ..values import normalize_text

_CN_DIGITS = str.maketrans("〇零○一二三四五六七八九", "000123456789")
_YEAR = r"(?P<year>(?:19|20)\d{2}|[〇零○一二][〇零○一二三四五六七八九]{3})"
_BODY = r"(?P<body>[^\s，。；：、]{2,40}?)"


def _any_of(words: tuple[str, ...]) -> str:
    """A regular expression for one of ``words`` or nothing."""
    return "(?:" + "|".join(map(re.escape, words)) + ")?" if words else ""


@cache
def _patterns(spec: TitleSpec) -> tuple[tuple[re.Pattern[str], ...], tuple[re.Pattern[str], ...]]:
    """The template's title wording as patterns: first a whole title (the year before the
    subject, or after it in brackets); then a title line ending one character short of
    its subject (the 告 of 报告 went alone onto the next line, which OCR may misread: tiny
    read it 牛 on a photographed page), tried only when no whole title is found."""
    year_first = _BODY + _any_of(spec.before_year) + _YEAR + r"\s*年(?:度)?" + _any_of(spec.after_year) + spec.subject
    year_after = _BODY + spec.subject + r"[(（]" + _YEAR + r"年(?:度)?[)）]"
    return (re.compile(year_first), re.compile(year_after)), (re.compile(year_first[:-1] + "$"),)


def find_title(lines: list[str], settings: LayoutSettings = DEFAULT_SETTINGS.layout,
               spec: TitleSpec | None = DEFAULT_SETTINGS.template.title) -> tuple[str, str, int | None]:
    """(title, body, year) from the opening lines of a report, worded as the template's
    ``spec`` says; empty when not found. A title on one line is preferred to one pieced
    together from two or more (``title_span``). What can stand before or after the year
    (``before_year``, ``after_year``) is no body: on a title's second line, the body is
    on the line above."""
    if spec is None:
        return "", "", None
    not_bodies = {*spec.before_year, *spec.after_year}
    for patterns in _patterns(spec):
        for span in range(1, settings.title_span + 1):
            for i in range(len(lines)):
                text = normalize_text("".join(lines[i : i + span])).lstrip("#*-·>")
                m = next((m for m in (p.search(text) for p in patterns) if m), None)
                if m and m["body"].strip() not in not_bodies:
                    year = int(m["year"].translate(_CN_DIGITS))
                    return m.group(0), m["body"].strip(), year
    return "", "", None


def read_title(document: Document, settings: Settings = DEFAULT_SETTINGS) -> Document:
    """Body and year from the lines the layout classifier calls title, else from the
    opening lines of the first pages."""
    layout = settings.layout
    titles = [line.text for line in document.lines if line.label == "title"][: layout.title_lines]
    if titles:
        document.title, document.body, document.year = find_title(titles, layout, settings.template.title)
        if document.title:
            return document
    for page in document.pages[: layout.title_pages]:
        if page.words:
            lines = ["".join(w.text for w in line) for line in group_lines(page.words, layout.line_offset)]
            document.title, document.body, document.year = find_title(lines[: layout.opening_lines], layout, settings.template.title)
            if document.title:
                break
    return document
