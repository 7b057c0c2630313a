"""End to end on the committed digital samples: every cell exactly as printed."""

import pytest
from conftest import sample_names, truth

from nianbao.model import Status
from nianbao.template import load_template

SPLIT_AND_VARIED = ["seed000", "seed002", "gen07_003", "gen07_005"]


@pytest.mark.parametrize("name", SPLIT_AND_VARIED + sample_names(lambda t: bool(t["publisher_errors"]))[:2])
def test_every_cell_as_printed(name, extracted):
    document = extracted(name)
    expected = truth(name)
    got = {c.key: c for c in document.cells}
    assert set(got) == set(expected["cells"])
    wrong = {k: (got[k].value, v) for k, v in expected["cells"].items() if got[k].value != v}
    assert wrong == {}
    assert document.forms == expected["forms"]
    assert (document.body, document.year) == (expected["body"], expected["year"])


def test_publisher_errors_are_flagged_never_fixed(extracted):
    names = sample_names(lambda t: bool(t["publisher_errors"]))
    assert names, "the committed samples must include publisher errors"
    for name in names:
        document = extracted(name)
        expected = truth(name)
        got = {c.key: c for c in document.cells}
        for key in expected["publisher_errors"]:
            assert got[key].status == Status.FLAGGED
            assert got[key].value == expected["cells"][key]  # kept as printed
            assert "arithmetic broken as printed" in got[key].reason
        assert document.source_errors


def test_blank_cells_are_zero_with_status_blank(extracted):
    name = sample_names(lambda t: t["style"]["blank_zero"])[0]
    document = extracted(name)
    blanks = [c for c in document.cells if c.status == Status.BLANK]
    assert blanks and all(c.value == "0" and load_template().reader.read(c.raw).kind == "blank" for c in blanks)


def test_digital_cells_carry_page_box_and_source(extracted):
    document = extracted("seed000")
    cell = next(c for c in document.cells if c.key == "applications.new.total")
    assert cell.source == "text_layer" and cell.box is not None
    page = document.pages[cell.page - 1]
    inside = [w for w in page.words if w.text == "334" and cell.box[0] <= w.center[0] <= cell.box[2] and cell.box[1] <= w.center[1] <= cell.box[3]]
    assert len(inside) == 1  # the box points at the printed number on that page
    assert "本年新收" in cell.row_label and "总计" in cell.column_label
