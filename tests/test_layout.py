"""The layout stage: line classes, the six sections, table naming, continued and foreign tables."""

from __future__ import annotations

import json

import pytest
from conftest import ROOT

from nianbao.export import document_json
from nianbao.ingest import load_document
from nianbao.layout import find_layout
from nianbao.layout.classifier import CLASSES, load_model
from nianbao.layout.sections import find_sections, section_at
from nianbao.model import Line, Word
from nianbao.pipeline import extract
from nianbao.tables import recover_tables
from nianbao.template import load_template
from nianbao.values import normalize_text

LAYOUTS = ROOT / "samples" / "layouts"
SEEDS = ROOT.parent / "shared" / "seeds"
NUMERALS = ["一", "二", "三", "四", "五", "六"]


def _truth(name: str) -> dict:
    return json.loads((LAYOUTS / f"{name}.truth.json").read_text(encoding="utf-8"))


def test_the_shipped_model_loads_without_pickle_and_knows_every_class() -> None:
    model = load_model()
    assert set(model.classes_) <= set(CLASSES)
    assert {"title", "heading", "table", "body", "furniture"} <= set(model.classes_)


@pytest.mark.parametrize("name", ["gen303_007", "gen303_018", "seed004"])
def test_unseen_layouts_give_six_sections_and_named_tables(name: str) -> None:
    document = extract(LAYOUTS / f"{name}.pdf")
    truth = _truth(name)
    assert [s.number for s in document.sections] == NUMERALS
    assert {s.number: s.tables for s in document.sections if s.tables} == {
        "二": ["active_disclosure"], "三": ["applications"], "四": ["appeals"]}
    assert (document.body, document.year) == (truth["body"], truth["year"])
    got = {c.key: c.value for c in document.cells}
    assert got == truth["cells"]
    titles = [line.text for line in document.lines if line.label == "title"]
    assert "".join(titles).replace(" ", "") == "".join(r[6] for r in truth["layout"] if r[5] == "title").replace(" ", "")


def test_a_table_continued_under_a_running_header_is_joined() -> None:
    """Regression: the running header stood between the two parts of table 四, so they
    were not joined and table 四 came out missing."""
    document = extract(LAYOUTS / "gen303_007.pdf")
    appeals = [c for c in document.cells if c.table == "appeals"]
    assert len({c.page for c in appeals}) == 1 and all(c.status == "ok" for c in appeals)
    header = _truth("gen303_007")["layout_style"]["header"]
    furniture = [line.text for line in document.lines if line.label == "furniture"]
    assert header in furniture


def test_a_table_of_the_publishers_own_is_set_aside() -> None:
    document = load_document(LAYOUTS / "gen303_018.pdf")
    document = recover_tables(find_layout(document))
    in_section_one = [g for g in document.grids if section_at(document.sections, g.cells[0].page, g.cells[0].box[1]).number == "一"]
    assert in_section_one, "the extra table is a grid before the layout sets it aside"
    extracted = extract(LAYOUTS / "gen303_018.pdf")
    assert not [g for g in extracted.grids if section_at(extracted.sections, g.cells[0].page, g.cells[0].box[1]).number == "一"]


def test_json_output_carries_each_sections_text() -> None:
    document = extract(LAYOUTS / "seed004.pdf")
    sections = document_json(document)["sections"]
    assert [s["number"] for s in sections] == NUMERALS
    records = _truth("seed004")["layout"]
    start = next(i for i, r in enumerate(records) if r[5] == "heading" and r[6].startswith("一"))
    end = next(i for i, r in enumerate(records) if r[5] == "heading" and r[6].startswith("二"))
    drawn = "".join(normalize_text(r[6]) for r in records[start:end] if r[5] in ("body", "subheading"))
    assert drawn and sections[0]["text"].replace("\n", "") == drawn


@pytest.mark.skipif(not SEEDS.is_dir(), reason="needs ../shared/seeds")
@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.glob("*.txt")) if SEEDS.is_dir() else [])
def test_real_reports_as_text_are_cut_into_their_six_sections(seed: str) -> None:
    document = extract(SEEDS / seed)
    assert [s.number for s in document.sections] == NUMERALS
    assert all(s.text for s in document.sections if s.number in ("一", "五"))


def test_scanned_samples_give_six_sections_and_named_tables(scanned) -> None:
    from conftest import scanned_names

    for name in scanned_names():
        document = scanned(name)
        assert [s.number for s in document.sections] == NUMERALS, name
        assert [s.number for s in document.sections if s.tables] == ["二", "三", "四"], name


@pytest.mark.parametrize("numeral", ["11", "—1", "1", "丨、"])
@pytest.mark.parametrize("label", ["heading", "body", "subheading"])
def test_a_heading_whose_numeral_is_unreadable_is_numbered_by_its_words(numeral: str, label: str) -> None:
    """A fax's 一、 read as "11" or "—1": the heading's words number the section."""

    def line(text: str, top: float, label: str) -> Line:
        return Line(1, (72.0, top, 300.0, top + 12), [Word(text, (72.0, top, 300.0, top + 12))], label)

    lines = [
        line(f"{numeral}总体情况", 100, label),
        line("2023年，本机关认真贯彻落实《条例》。", 120, "body"),
        line("二、主动公开政府信息情况", 140, "heading"),
    ]
    assert [s.number for s in find_sections(lines, load_template())] == ["一", "二"]
    assert find_sections([line(f"{numeral}年度工作安排如下", 100, "body")], load_template()) == []
