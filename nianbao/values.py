"""Read what is printed in a table cell: a number (with its unit), a blank, a dash, or text.

Counts keep their digits, amounts keep the decimals as printed: nothing is rounded here.
The units a number may end in are the template's (``CellReader``, ``Template.reader``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

_SIGNED_NUMBER = r"^(?P<sign>[+\-−－—–]?)(?P<digits>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*"
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


@cache
def _longest_first(units: tuple[tuple[str, int], ...]) -> tuple[str, ...]:
    return tuple(sorted((name for name, _ in units), key=len, reverse=True))


@cache
def _number_pattern(units: tuple[tuple[str, int], ...]) -> re.Pattern[str]:
    """A cell's number, optionally ending in one of ``units``."""
    return re.compile(_SIGNED_NUMBER + "(?P<unit>" + "|".join(map(re.escape, _longest_first(units))) + ")?$")


@dataclass(frozen=True, slots=True)
class CellReader:
    """Reads printed cells with a template's units (``[amounts] units`` in its TOML): a cell's
    number may end in one (``12万元`` is a number), a column header may name one, and the
    panel converts amounts between them. Without units only bare numbers are numbers."""

    units: tuple[tuple[str, int], ...] = ()
    """Each unit with the power of ten of 元 it stands for."""

    @property
    def names(self) -> tuple[str, ...]:
        """The units, longest first: 万元 is looked for before the 元 inside it."""
        return _longest_first(self.units)

    def read(self, text: str) -> Printed:
        if _SPACED_DIGITS.search(unicodedata.normalize("NFKC", text)):
            return Printed("text")  # two numbers in one cell, or one broken: a person decides
        t = normalize_text(text)
        if not t:
            return Printed("blank")
        if t in _DASHES:
            return Printed("blank")
        m = _number_pattern(self.units).match(t)
        if m is None:
            return Printed("text")
        sign = "-" if m["sign"] in ("-", "−", "－", "—", "–") else ""
        return Printed("number", sign + m["digits"].replace(",", ""), m["unit"] or "")

    def is_number(self, text: str) -> bool:
        return self.read(text).kind == "number"

    def is_label(self, text: str) -> bool:
        """Text that names a row or column. A number with a stray mark or character beside
        it ("1—", "0三", "2.": a scan's leftovers) is a value that reads badly, not a label."""
        if self.read(text).kind != "text":
            return False
        if not any(ch.isdigit() for ch in text):
            return True
        return sum(1 for ch in text if ch.isalpha() and not ch.isdigit()) >= LABEL_LETTERS

    def printed_value(self, raw: str) -> str | None:
        """The whole number a cell was read as, before any correction: its digits, ``0`` for a
        printed blank or dash, None when it holds text."""
        printed = self.read(raw)
        return {"number": printed.value, "blank": "0"}.get(printed.kind)

    def named_in(self, text: str) -> str:
        """The unit a header's text names (the longest that it holds), or ``""``."""
        return next((u for u in self.names if u in text), "")

    def shift(self, unit: str, into: str) -> int | None:
        """The power of ten that turns an amount in ``unit`` into one in ``into``; None
        when either is not one of the units."""
        powers = dict(self.units)
        return None if unit not in powers or into not in powers else powers[unit] - powers[into]


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
