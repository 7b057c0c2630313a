"""Read what is printed in a table cell: a number (with its unit), a blank, a dash, or text.

Counts keep their digits, amounts keep the decimals as printed: nothing is rounded here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_NUMBER = re.compile(r"^(?P<sign>[+\-−－—–]?)(?P<digits>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?P<unit>万元|元)?$")
_SPACED_DIGITS = re.compile(r"\d\s+\d")
_DASHES = {"-", "—", "–", "－", "/", "／", "无", "——", "--", "\\"}


@dataclass(frozen=True, slots=True)
class Printed:
    """One cell's printed content, classified."""

    kind: str
    """``number``, ``blank`` (empty or a dash meaning none) or ``text``."""
    value: str = ""
    unit: str = ""


def normalize_text(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace(" ", "").replace("\u3000", "").strip()


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


def printed_value(raw: str) -> str | None:
    """The whole number a cell was read as, before any correction: its digits, ``0`` for a
    printed blank or dash, None when it holds text."""
    printed = read_printed(raw)
    return {"number": printed.value, "blank": "0"}.get(printed.kind)
