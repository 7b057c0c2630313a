"""Mapping grids onto the template by labels: regression tests for real-world traps."""

from pathlib import Path

from nianbao.mapping import map_to_template
from nianbao.mapping.grids import label_similarity
from nianbao.model import Document, GridCell, Status, TableGrid, Word
from nianbao.settings import Settings

APPLICANT_HEADER = [
    (0, 0, 3, 1, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"),
    (0, 1, 1, 7, "申请人情况"),
    (1, 1, 2, 1, "自然人"),
    (1, 2, 1, 5, "法人或其他组织"),
    (1, 7, 2, 1, "总计"),
    (2, 2, 1, 1, "商业企业"),
    (2, 3, 1, 1, "科研机构"),
    (2, 4, 1, 1, "社会组织"),
    (2, 5, 1, 1, "法律服务机构"),
    (2, 6, 1, 1, "其他"),
]


def grid(cells: list[tuple[int, int, int, int, str]]) -> TableGrid:
    out = []
    for r, c, rs, cs, text in cells:
        box = (c * 50.0, r * 20.0, (c + cs) * 50.0, (r + rs) * 20.0)
        words = [Word(text, box)] if text else []
        out.append(GridCell(r, c, rs, cs, box, 1, words))
    n_rows = max(r + rs for r, _, rs, _, _ in cells)
    n_cols = max(c + cs for _, c, _, cs, _ in cells)
    return TableGrid(n_rows, n_cols, out, [1], [c * 50.0 for c in range(n_cols + 1)])


def number_row(row: int, label: str, values: list[str]) -> list[tuple[int, int, int, int, str]]:
    return [(row, 0, 1, 1, label)] + [(row, 1 + i, 1, 1, v) for i, v in enumerate(values)]


def mapped(*grids: TableGrid) -> dict[str, object]:
    document = Document(path=Path("x.pdf"), grids=list(grids))
    map_to_template(document)
    return {c.key: c for c in document.cells}


def test_blank_cells_never_shift_values_left():
    # The trap of generic extractors: zeros printed blank, values read left to right.
    g = grid(APPLICANT_HEADER + number_row(3, "一、本年新收政府信息公开申请数量", ["5", "", "", "2", "", "", "7"]))
    cells = mapped(g)
    assert cells["applications.new.natural_person"].value == "5"
    assert cells["applications.new.commercial"].status == Status.BLANK
    assert cells["applications.new.commercial"].value == "0"
    assert cells["applications.new.social_org"].value == "2"  # printed under 社会组织
    assert cells["applications.new.total"].value == "7"


def test_a_dropped_row_is_missing_not_filled_by_its_neighbour():
    rows = APPLICANT_HEADER + number_row(3, "一、本年新收政府信息公开申请数量", ["1"] * 6 + ["6"])
    # 二、上年结转 is not printed at all; the next printed row is 四、结转下年度继续办理.
    rows += number_row(4, "四、结转下年度继续办理", ["0"] * 7)
    cells = mapped(grid(rows))
    assert cells["applications.carried_over.natural_person"].status == Status.MISSING
    assert cells["applications.carried_forward.natural_person"].value == "0"
    assert cells["applications.new.total"].value == "6"


def test_label_variants_and_typo_map_to_the_same_key():
    rows = list(APPLICANT_HEADER)
    labels = ["三、本年度办理结果 (三) 不予公开 2.其他法律行政止公开", "(四)无 法提供 3.补正后申请内容仍不明确"]
    for i, label in enumerate(labels):
        rows += number_row(3 + i, label, [str(i + 1)] + ["0"] * 5 + [str(i + 1)])
    cells = mapped(grid(rows))
    assert cells["applications.withheld_other_law.natural_person"].value == "1"
    assert cells["applications.unable_unclear.natural_person"].value == "2"


def test_form_is_recognised_per_table_from_labels():
    rows = list(APPLICANT_HEADER)
    rows += number_row(3, "三、本年度办理结果（六）其他处理", ["4"] + ["0"] * 5 + ["4"])
    rows += number_row(4, "（七）总计", ["4"] + ["0"] * 5 + ["4"])
    active = grid(
        [(0, 0, 1, 4, "第二十条第（一）项"), (1, 0, 1, 1, "信息内容"), (1, 1, 1, 1, "本年制发件数"),
         (1, 2, 1, 1, "本年废止件数"), (1, 3, 1, 1, "现行有效件数"), (2, 0, 1, 1, "规章"),
         (2, 1, 1, 1, "1"), (2, 2, 1, 1, "0"), (2, 3, 1, 1, "9")]
    )
    document = Document(path=Path("x.pdf"), grids=[active, grid(rows)])
    map_to_template(document)
    assert document.forms["applications"] == "2019"
    assert document.forms["active_disclosure"] == "2021"
    assert document.form == "mixed"
    cells = {c.key: c for c in document.cells}
    assert cells["applications.other_processing.natural_person"].value == "4"
    assert cells["active_disclosure.regulations.in_force"].value == "9"


def test_a_table_that_is_not_the_templates_is_ignored():
    other = grid([(0, 0, 1, 1, "项目"), (0, 1, 1, 1, "金额"), (1, 0, 1, 1, "办公经费"), (1, 1, 1, 1, "12.5")])
    document = Document(path=Path("x.pdf"), grids=[other])
    map_to_template(document)
    assert all(c.status == Status.MISSING for c in document.cells)
    assert document.status == "no_report"


def test_a_table_whose_cells_a_seal_split_is_still_its_table():
    """A grey seal inside table 二 (seed-63 trust corpus, gen63_002): its strokes split the
    rows into pieces, and the grid held 33 value cells, most of them empty slivers with no
    label; only 9 answered a template cell, under the half the rule asked, and all of the
    table was lost. Holding most of a form's cells makes a grid that table too."""
    rows = [(0, 0, 1, 4, "第二十条第（一）项"), (1, 0, 1, 1, "信息内容"), (1, 1, 1, 1, "本年制发件数"),
            (1, 2, 1, 1, "本年废止件数"), (1, 3, 1, 1, "现行有效件数"), (2, 0, 1, 1, "规章"),
            (2, 1, 1, 1, "1"), (2, 2, 1, 1, "0"), (2, 3, 1, 1, "9"),
            (3, 0, 1, 1, "行政规范性文件"), (3, 1, 1, 1, "4"), (3, 2, 1, 1, "2"), (3, 3, 1, 1, "30")]
    rows += [(r, c, 1, 1, "") for r in range(4, 12) for c in range(4)]  # slivers between the seal's strokes
    cells = mapped(grid(rows))
    assert cells["active_disclosure.regulations.in_force"].value == "9"
    assert cells["active_disclosure.normative_documents.in_force"].value == "30"


APPLICATION_ROWS = ["一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "三、本年度办理结果（一）予以公开",
                    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "（三）不予公开 1.属于国家秘密"]


def test_a_table_whose_header_a_photo_cut_off_is_placed_by_its_columns_and_flagged():
    """A phone photo of part of a page (issue 13, samples/world/world_08 and _09): table 三
    without its header. Its values have no header to name their columns, and all 175 were
    lost. As many value columns as the form has are its columns in order; the print does
    not say so, so each cell is flagged, what it shows kept (a blank read is still a 0)."""
    rows = [cell for i, label in enumerate(APPLICATION_ROWS)
            for cell in number_row(i, label, [str(i + 1), "0", "", "0", "0", "", str(i + 1)])]
    cells = mapped(grid(rows))
    assert cells["applications.new.natural_person"].value == "1"
    assert cells["applications.withheld_state_secret.total"].value == "5"
    assert (cells["applications.granted.research"].value, cells["applications.granted.research"].status) == ("0", Status.FLAGGED)
    placed = [cells[f"applications.{row}.{col}"] for row in ("new", "carried_over") for col in ("natural_person", "total")]
    assert all(c.status == Status.FLAGGED and "by its place" in c.reason for c in placed)


def test_columns_are_placed_only_where_the_count_leaves_no_doubt():
    """Two header cells read (商业企业 and 其他, the rest cut off) fix those columns; the
    columns between and beside them are placed only where as many are left as the form
    has there. With one value column too few nothing is placed by order."""
    header = [(0, 2, 1, 1, "商业企业"), (0, 6, 1, 1, "其他")]
    rows = header + number_row(1, APPLICATION_ROWS[0], ["5", "1", "2", "0", "3", "4", "15"])
    cells = mapped(grid(rows))
    assert cells["applications.new.commercial"].value == "1" and cells["applications.new.commercial"].status == Status.OK
    assert [cells[f"applications.new.{c}"].value for c in ("natural_person", "research", "social_org", "legal_service", "other_org", "total")] \
        == ["5", "2", "0", "3", "4", "15"]
    short = mapped(grid(number_row(0, APPLICATION_ROWS[0], ["5", "1", "2", "0", "3", "15"])))
    assert all(c.status == Status.MISSING for c in short.values() if c.table == "applications")


def test_a_row_numbering_another_item_is_never_that_item():
    """A black seal's ring cut a sliver row off (三)不予公开 (seed 64, gen64_003): its only
    labels were the group cells 三、本年度办理结果 and (三)不予公开, alike enough to
    (一)予以公开 and (二)部分公开 to pass for them (0.78, 0.67), and the template's 部分公开
    row was given it over its own, whose label the seal had cut. A path that numbers
    another item than the template's label never matches it; the same item still does."""
    settings = Settings()
    rows = {r.key: r for r in settings.template.table("applications").forms[0].rows}
    sliver = ("三、本年度办理结果", "(三)不予公开")
    for key in ("granted", "partly_granted", "results_total"):
        assert label_similarity(sliver, rows[key], settings.mapping) == 0.0
    assert label_similarity(("三、本年度办理结果", "（二）部分公开（区分处理的，"), rows["partly_granted"], settings.mapping) > 0.55
    assert label_similarity((*sliver, "1.属于国家秘密"), rows["withheld_state_secret"], settings.mapping) > 0.9
    # Group labels may run together (a fax lost the line between them: seed 918, gen918_027).
    merged = ("三、本年度办理结果", "(四)无法提供(五,不予处理", "1.信访举报投诉类申请")
    assert label_similarity(merged, rows["rejected_petition"], settings.mapping) > 0.9


def test_text_misread_in_a_value_row_heads_no_column():
    """A red seal's remains over a 1 in table 三 were read 片 (seed-923 Chromium scans,
    gen923_026): taken for a label, it headed every cell below it in its column, and two
    columns were lost from there down (40 cells missing). Text right of a number in its
    row is a value misread: flagged, and the column below keeps its header."""
    rows = APPLICANT_HEADER + number_row(3, "一、本年新收政府信息公开申请数量", ["5", "片", "0", "0", "0", "0", "6"])
    rows += number_row(4, "二、上年结转政府信息公开申请数量", ["0", "1", "0", "0", "0", "0", "1"])
    cells = mapped(grid(rows))
    assert cells["applications.new.commercial"].status == Status.FLAGGED
    assert cells["applications.carried_over.commercial"].value == "1"
    assert cells["applications.carried_over.commercial"].status != Status.MISSING
