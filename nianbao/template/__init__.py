"""The report template as data: tables, forms, labels, canonical keys and constraints.

Everything a stage knows about the national format comes from ``annual_report.toml``
through these types, so a second template is a second TOML file, not new code.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ..values import CellReader

ANY_FORM = "any"
"""Form name of a table whose grid is the same in every form."""


@dataclass(frozen=True, slots=True)
class Label:
    """A row or column of a form: its key, printed label, group label and variants."""

    key: str
    label: str
    group: str = ""
    aliases: tuple[str, ...] = ()
    kind: str = "count"
    """``count`` (non-negative integer), ``signed`` (integer) or ``amount`` (decimal)."""
    unit: str = ""

    @property
    def variants(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)


@dataclass(frozen=True, slots=True)
class Constraint:
    """One family of linear equalities: sum(lhs) = sum(rhs) along rows or columns."""

    name: str
    along: str
    lhs: tuple[str, ...]
    rhs: tuple[str, ...]
    only: tuple[str, ...] = ()
    """The rows (along="row") or columns (along="column") it applies to; all when empty."""


@dataclass(frozen=True, slots=True)
class Form:
    """One form of one table: its grid of rows and columns and its arithmetic."""

    table: str
    form: str
    row_labels: str
    rows: tuple[Label, ...]
    columns: tuple[Label, ...]
    cells: tuple[tuple[str, str], ...]
    constraints: tuple[Constraint, ...]
    in_force_from: int = 0
    """First report year the form is prescribed for (0: no date, as for a form shared by all
    years). Only a tie between forms, or a table not found, is settled by the year."""

    def row(self, key: str) -> Label:
        return next(r for r in self.rows if r.key == key)

    def column(self, key: str) -> Label:
        return next(c for c in self.columns if c.key == key)


@dataclass(frozen=True, slots=True)
class Table:
    key: str
    section: str
    heading: str
    forms: tuple[Form, ...]


@dataclass(frozen=True, slots=True)
class YearLink:
    """sum(lhs) = sum(rhs) between this year's and last year's report of one publisher.

    Terms are (sign, year, key pattern): year ``this`` or ``last``, sign +1 or -1, and a
    key in which one part may be ``*``, bound to the same value in every term."""

    name: str
    lhs: tuple[tuple[int, str, str], ...]
    rhs: tuple[tuple[int, str, str], ...]


@dataclass(frozen=True, slots=True)
class SectionSpec:
    """One numbered section of the report: its numeral, the core words of its heading, and
    the template table it holds, if any."""

    number: str
    heading: str
    table: str = ""


@dataclass(frozen=True, slots=True)
class TitleSpec:
    """How the report's title is worded around the publishing body and the year
    (``layout.title``): ``[body][before_year]YEAR年[度][after_year]subject``, or
    ``[body]subject（YEAR年[度]）``."""

    subject: str
    """Regular expression of the title's words after the year; it ends in a plain character."""
    before_year: tuple[str, ...] = ()
    """Words that may stand between the body and the year (关于): never the body."""
    after_year: tuple[str, ...] = ()
    """Words that may stand between the year and the subject (本级): never the body."""


@dataclass(frozen=True, slots=True)
class Template:
    name: str
    tables: tuple[Table, ...]
    year_links: tuple[YearLink, ...] = ()
    sections: tuple[SectionSpec, ...] = ()
    title: TitleSpec | None = None
    """The title's wording; without it no title, body or year is read."""
    units: tuple[tuple[str, int], ...] = ()
    """The units its amounts are printed in, each with the power of ten of 元 it stands for."""
    panel_unit: str = ""
    """The one unit of every amount column of the panel (one of ``units``)."""

    @property
    def reader(self) -> CellReader:
        """What its cells read as: numbers, with or without one of its units, blanks, text."""
        return CellReader(self.units)

    @property
    def headings(self) -> tuple[str, ...]:
        """The sections' headings, in order (what the layout looks for)."""
        return tuple(s.heading for s in self.sections)

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)

    def form(self, table: str, form: str) -> Form:
        return next(f for f in self.table(table).forms if f.form == form)

    def all_keys(self) -> list[str]:
        """Every canonical key of every form, in template order, without repeats."""
        keys: dict[str, None] = {}
        for table in self.tables:
            for form in table.forms:
                for row, col in form.cells:
                    keys[f"{table.key}.{row}.{col}"] = None
        return list(keys)


def _label(raw: dict) -> Label:
    return Label(
        key=raw["key"],
        label=raw["label"],
        group=raw.get("group", ""),
        aliases=tuple(raw.get("aliases", ())),
        kind=raw.get("kind", "count"),
        unit=raw.get("unit", ""),
    )


def _form(table: str, raw: dict) -> Form:
    rows = tuple(_label(r) for r in raw["rows"])
    columns = tuple(_label(c) for c in raw["columns"])
    cells: list[tuple[str, str]] = []
    for row in rows:
        for col in raw["cells"].get(row.key, raw["cells"].get("*", [])):
            cells.append((row.key, col))
    constraints = tuple(
        Constraint(
            name=c["name"],
            along=c["along"],
            lhs=tuple(c["lhs"]),
            rhs=tuple(c["rhs"]),
            only=tuple(c.get("only", ())),
        )
        for c in raw.get("constraints", ())
    )
    return Form(table, raw["form"], raw["row_labels"], rows, columns, tuple(cells), constraints, raw.get("in_force_from", 0))


def _term(raw: str) -> tuple[int, str, str]:
    sign = -1 if raw.startswith("-") else 1
    year, _, key = raw.lstrip("-").partition(":")
    if year not in ("this", "last") or key.count("*") > 1:
        raise ValueError(f"bad year-link term {raw!r}")
    return sign, year, key


def _title(raw: dict | None) -> TitleSpec | None:
    if raw is None:
        return None
    spec = TitleSpec(raw["subject"], tuple(raw.get("before_year", ())), tuple(raw.get("after_year", ())))
    if not spec.subject or re.escape(spec.subject[-1]) != spec.subject[-1]:
        raise ValueError(f"title subject {spec.subject!r} must end in a plain character")
    return spec


def _amounts(raw: dict, tables: tuple[Table, ...]) -> tuple[tuple[tuple[str, int], ...], str]:
    """``[amounts]``: the units (name, power of ten of 元) and the panel's unit, checked
    against the labels: every unit a label names is declared, and amount columns have a
    panel unit to be given in."""
    units = tuple(raw.get("units", {}).items())
    for name, power in units:
        if not name or isinstance(power, bool) or not isinstance(power, int):
            raise ValueError(f"unit {name!r} needs a name and a whole power of ten of 元, got {power!r}")
    declared = {name for name, _ in units}
    labels = [label for t in tables for f in t.forms for label in (*f.rows, *f.columns)]
    undeclared = sorted({label.unit for label in labels} - {"", *declared})
    if undeclared:
        raise ValueError(f"label units {undeclared} are not among the template's [amounts] units")
    panel = raw.get("panel_unit", "")
    if (panel or any(label.kind == "amount" for label in labels)) and panel not in declared:
        raise ValueError(f"[amounts] panel_unit {panel!r} must be one of its units {sorted(declared)}")
    return units, panel


def parse_template(text: str) -> Template:
    raw = tomllib.loads(text)
    tables = tuple(
        Table(
            key=t["key"],
            section=t["section"],
            heading=t["heading"],
            forms=tuple(_form(t["key"], f) for f in t["forms"]),
        )
        for t in raw["tables"]
    )
    links = tuple(
        YearLink(link["name"], tuple(map(_term, link["lhs"])), tuple(map(_term, link["rhs"])))
        for link in raw.get("year_links", ())
    )
    sections = tuple(SectionSpec(s["number"], s["heading"], s.get("table", "")) for s in raw.get("sections", ()))
    units, panel_unit = _amounts(raw.get("amounts", {}), tables)
    return Template(raw["name"], tables, links, sections, _title(raw.get("title")), units, panel_unit)


@cache
def load_template(name: str = "annual_report") -> Template:
    """Load a template shipped in this package by file stem."""
    text = resources.files(__package__).joinpath(f"{name}.toml").read_text(encoding="utf-8")
    return parse_template(text)
