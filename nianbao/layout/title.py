"""Read the publishing body and the year from the report's title.

The title is the first lines of the first page with text, e.g.
周口市人民政府2021年政府信息公开工作年度报告 or …关于2021年政府信息公开工作的年度报告,
sometimes broken over two lines and sometimes with the year in Chinese numerals.
"""

from __future__ import annotations

import re

from ..lines import group_lines
from ..model import Document
from ..settings import DEFAULT_SETTINGS, LayoutSettings, Settings
from ..values import normalize_text

_CN_DIGITS = str.maketrans("〇零○一二三四五六七八九", "000123456789")
_YEAR = r"(?P<year>(?:19|20)\d{2}|[〇零○一二][〇零○一二三四五六七八九]{3})"
_TITLE_YEAR_AFTER = re.compile(
    r"(?P<body>[^\s，。；：、]{2,40}?)政府信息公开(?:工作)?(?:年度)?报告[(（]" + _YEAR + r"年(?:度)?[)）]"
)
_TITLE = re.compile(
    r"(?P<body>[^\s，。；：、]{2,40}?)(?:关于)?(?P<year>(?:19|20)\d{2}|[〇零○一二][〇零○一二三四五六七八九]{3})\s*年(?:度)?"
    r"(?:本机关|本级)?政府信息公开(?:工作)?(?:的)?(?:年度)?报告"
)
_TITLE_CUT = re.compile(_TITLE.pattern.removesuffix("告") + "$")
"""A title line ending in its 报 where the 告 went alone onto the next line, which OCR may
misread (tiny read it 牛 on a photographed page): tried only when no whole title is found."""


_NOT_BODIES = {"关于", "本机关", "本级"}
"""What can stand before the year in a title's second line: the body is on the line above."""


def find_title(lines: list[str], settings: LayoutSettings = DEFAULT_SETTINGS.layout) -> tuple[str, str, int | None]:
    """(title, body, year) from the opening lines of a report; empty when not found. A
    title on one line is preferred to one pieced together from two or more
    (``title_span``)."""
    for patterns in ((_TITLE, _TITLE_YEAR_AFTER), (_TITLE_CUT,)):
        for span in range(1, settings.title_span + 1):
            for i in range(len(lines)):
                text = normalize_text("".join(lines[i : i + span])).lstrip("#*-·>")
                m = next((m for m in (p.search(text) for p in patterns) if m), None)
                if m and m["body"].strip() not in _NOT_BODIES:
                    year = int(m["year"].translate(_CN_DIGITS))
                    return m.group(0), m["body"].strip(), year
    return "", "", None


def read_title(document: Document, settings: Settings = DEFAULT_SETTINGS) -> Document:
    """Body and year from the lines the layout classifier calls title, else from the
    opening lines of the first pages."""
    layout = settings.layout
    titles = [line.text for line in document.lines if line.label == "title"][: layout.title_lines]
    if titles:
        document.title, document.body, document.year = find_title(titles, layout)
        if document.title:
            return document
    for page in document.pages[: layout.title_pages]:
        if page.words:
            lines = ["".join(w.text for w in line) for line in group_lines(page.words, layout.line_offset)]
            document.title, document.body, document.year = find_title(lines[: layout.opening_lines], layout)
            if document.title:
                break
    return document
