"""Read what is printed in a table cell: a number (with its unit), a blank, a dash, or text.

Counts keep their digits, amounts keep the decimals as printed: nothing is rounded here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

UNITS = {"万元": 4, "元": 0}
"""The units an amount is printed in, longest first, each with the power of ten of 元 it
stands for: the one list of them (a cell's number may end in one, a column header may
name one, the panel converts between them)."""
_NUMBER = re.compile(r"^(?P<sign>[+\-−－—–]?)(?P<digits>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?P<unit>"
                     + "|".join(map(re.escape, UNITS)) + ")?$")
_SPACED_DIGITS = re.compile(r"\d\s+\d")
_DASHES = {"-", "—", "–", "－", "/", "／", "无", "——", "--", "\\"}
LABEL_LETTERS = 2
"""Fewest letters (not digits) that make text with digits in it a label ("2021年度",
"第1项"): one beside a number ("0三", "1了") is a scan's leftover on a value. Part of what
a printed cell is, like the dashes above, not a tuning number: read the same by every
stage and template."""


@dataclass(frozen=True, slots=True)
class Printed:
    """One cell's printed content, classified."""

    kind: str
    """``number``, ``blank`` (empty or a dash meaning none) or ``text``."""
    value: str = ""
    unit: str = ""


RADICALS = str.maketrans(
    "⺠⻅⻆⻉⻋⻓⻔⻙⻚⻛⻜⻢⻥⻦⻧⻨⻩⻪⻬⻮⻰⻳",
    "民见角贝车长门韦页风飞马鱼鸟卤麦黄黾齐齿龙龟",
)
"""CJK radical code points (U+2E80 block) that stand for a whole character, as the
ideograph: a browser printing with a font that maps 民 to the radical ⺠ writes
人⺠政府 into the text layer. NFKC folds the Kangxi radicals (U+2F00) but not these."""


def normalize_text(text: str) -> str:
    """Labels, headings and titles as compared and stored: NFKC, radicals as their
    characters, no spaces. A cell's number is parsed from it too: digits are untouched."""
    return unicodedata.normalize("NFKC", text).translate(RADICALS).replace(" ", "").replace("\u3000", "").strip()


def read_printed(text: str) -> Printed:
    if _SPACED_DIGITS.search(unicodedata.normalize("NFKC", text)):
        return Printed("text")  # two numbers in one cell, or one broken: a person decides
    t = normalize_text(text)
    if not t:
        return Printed("blank")
    if t in _DASHES:
        return Printed("blank")
    m = _NUMBER.match(t)
    if m is None:
        return Printed("text")
    sign = "-" if m["sign"] in ("-", "−", "－", "—", "–") else ""
    return Printed("number", sign + m["digits"].replace(",", ""), m["unit"] or "")


def is_number(text: str) -> bool:
    return read_printed(text).kind == "number"


def is_label(text: str) -> bool:
    """Text that names a row or column. A number with a stray mark or character beside
    it ("1—", "0三", "2.": a scan's leftovers) is a value that reads badly, not a label."""
    if read_printed(text).kind != "text":
        return False
    if not any(ch.isdigit() for ch in text):
        return True
    return sum(1 for ch in text if ch.isalpha() and not ch.isdigit()) >= LABEL_LETTERS


def printed_value(raw: str) -> str | None:
    """The whole number a cell was read as, before any correction: its digits, ``0`` for a
    printed blank or dash, None when it holds text."""
    printed = read_printed(raw)
    return {"number": printed.value, "blank": "0"}.get(printed.kind)


def out_of_bounds(value: str, kind: str, max_count: int, max_amount: float) -> str:
    """Why a cell's number cannot be what a report prints (empty when it can): digits
    other than ASCII, or a magnitude beyond the bound of its kind. The length is checked
    before any conversion, so a 6,000-digit string costs nothing and never reaches int()."""
    if not value.isascii():
        return f"{value[:12]!r} has non-ASCII digits"
    whole = value.lstrip("-").partition(".")[0]
    bound = max_amount if kind == "amount" else max_count
    if whole.isdigit() and (len(whole) > len(str(int(bound))) or int(whole) > bound):
        return f"a {len(whole)}-digit number, beyond the bound for a {kind} ({bound:,.0f})"
    return ""
