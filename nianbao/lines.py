"""Printed lines: grouping words into lines, and telling a page number when one is seen.
Shared by cell text, title reading, page-break checks and the layout features."""

from __future__ import annotations

import re

from .model import Word

_PAGE_NUMBER = re.compile(
    r"^[-—–－_\s一二]*(?:第)?\s*\d+\s*(?:页)?(?:\s*共\s*\d+\s*页)?[-—–－_\s一二]*$|^\d+\s*/\s*\d+$"
)
"""A page number: 1, — 1 —, - 1 -, 第1页, 第1页共5页, 1/5; its dashes as OCR may read them (一, 二)."""


NUMBERED = re.compile(r"^\s*([（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+[、.．]|\d+[、.．])")
"""A label's own numbering: （三）, 三、, 4. — where a new label starts, not a wrapped one."""


def is_page_number(text: str) -> bool:
    return bool(_PAGE_NUMBER.match(text))


def group_lines(words: list[Word], overlap: float = 0.5) -> list[list[Word]]:
    """Lines top to bottom, each left to right. A word joins a line when its centre lies
    within ``overlap`` of its own height from the line's first word's centre."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: w.center[1]):
        height = word.box[3] - word.box[1]
        if lines and abs(lines[-1][0].center[1] - word.center[1]) < height * overlap:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [sorted(line, key=lambda w: w.box[0]) for line in lines]
