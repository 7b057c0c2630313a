import csv
import io

import pytest

from nianbao.codebook import codebook, print_codebook
from nianbao.export import export_store
from nianbao.mapping.grids import _year_form
from nianbao.model import Status
from nianbao.pipeline import extract
from nianbao.reconcile import equations
from nianbao.review.queue import build_queue
from nianbao.settings import Settings
from nianbao.store import FileRecord, Store, document_to_json
from nianbao.template import load_template, parse_template

SPEC_APPLICATION_ROWS_2021 = [
    "new", "carried_over", "granted", "partly_granted", "withheld_state_secret", "withheld_other_law",
    "withheld_security", "withheld_third_party", "withheld_internal", "withheld_process", "withheld_enforcement",
    "withheld_query", "unable_not_held", "unable_needs_creation", "unable_unclear", "rejected_petition",
    "rejected_repeat", "rejected_publication", "rejected_excessive", "rejected_confirmation",
    "other_no_correction", "other_no_fee", "other", "results_total", "carried_forward",
]


def test_both_forms_of_every_table_are_data():
    t = load_template()
    assert [tb.key for tb in t.tables] == ["active_disclosure", "applications", "appeals"]
    assert {f.form for f in t.table("active_disclosure").forms} == {"2019", "2021"}
    assert {f.form for f in t.table("applications").forms} == {"2019", "2021"}
    apps21 = t.form("applications", "2021")
    assert [r.key for r in apps21.rows] == SPEC_APPLICATION_ROWS_2021
    apps19 = [r.key for r in t.form("applications", "2019").rows]
    assert "other_processing" in apps19 and "other_no_fee" not in apps19
    assert len(apps21.cells) == 25 * 7
    assert len(t.form("active_disclosure", "2021").cells) == 10
    assert len(t.form("active_disclosure", "2019").cells) == 22
    assert len(t.form("appeals", "any").cells) == 15


def test_constraints_expand_to_every_row_and_column():
    t = load_template()
    eqs = equations(t.form("applications", "2021"))
    by_name = {}
    for eq in eqs:
        by_name.setdefault(eq.name, []).append(eq)
    assert len(by_name["申请人合计"]) == 25  # every row
    assert len(by_name["办理结果合计"]) == 7  # every column
    assert len(by_name["一+二=三+四"]) == 7
    assert len(equations(t.form("appeals", "any"))) == 3
    assert equations(t.form("active_disclosure", "2021")) == []


TINY = """
name = "visits"
[[tables]]
key = "visits"
section = "一"
heading = "来访情况"
  [[tables.forms]]
  form = "v1"
  row_labels = "row_header"
  columns = [{ key = "men", label = "男" }, { key = "women", label = "女" }, { key = "total", label = "合计" }]
  rows = [{ key = "spring", label = "上半年" }, { key = "autumn", label = "下半年" }]
  cells = { "*" = ["men", "women", "total"] }
  constraints = [{ name = "男+女=合计", along = "row", lhs = ["men", "women"], rhs = ["total"] }]
"""


def test_a_second_template_is_just_data():
    t = parse_template(TINY)
    assert t.all_keys() == [f"visits.{r}.{c}" for r in ("spring", "autumn") for c in ("men", "women", "total")]
    assert len(equations(t.form("visits", "v1"))) == 2  # the row sum, once per row


VISIT_KEYS = [f"visits.{r}.{c}" for r in ("spring", "autumn") for c in ("men", "women", "total")]


def _visits_page(tmp_path):
    page = tmp_path / "visits.html"
    page.write_text(
        "<html><head><meta charset='utf-8'></head><body><p>某局2023年来访情况</p><table>"
        "<tr><td></td><td>男</td><td>女</td><td>合计</td></tr>"
        "<tr><td>上半年</td><td>3</td><td>4</td><td>7</td></tr>"
        "<tr><td>下半年</td><td>5</td><td>1</td><td>9</td></tr></table></body></html>",
        encoding="utf-8",
    )
    return page


def test_a_second_template_runs_end_to_end(tmp_path):
    """The template is passed in through Settings: a one-table, two-row format of its own is
    read from a web page, mapped, and checked by its own arithmetic (下半年 5 + 1 is not 9)."""
    document = extract(_visits_page(tmp_path), Settings(template=parse_template(TINY)))
    cells = {c.key: c for c in document.cells}
    assert sorted(cells) == sorted(VISIT_KEYS)
    assert [cells[f"visits.spring.{c}"].value for c in ("men", "women", "total")] == ["3", "4", "7"]
    assert all(cells[f"visits.spring.{c}"].status == Status.OK for c in ("men", "women", "total"))
    assert [cells[f"visits.autumn.{c}"].value for c in ("men", "women", "total")] == ["5", "1", "9"]
    assert any(cells[f"visits.autumn.{c}"].status == Status.FLAGGED for c in ("men", "women", "total"))
    assert document.forms == {"visits": "v1"} and any("男+女=合计" in e for e in document.source_errors)


def test_a_second_template_is_exported_reviewed_and_described_by_its_own_keys(tmp_path):
    """Past extraction, the store, the export, the review queue and the codebook take the
    template from the same Settings: the panel's columns are the tiny template's keys (none of
    the national one's), the queue names its table, the codebook lists its six keys."""
    settings = Settings(template=parse_template(TINY))
    document = extract(_visits_page(tmp_path), settings)
    out = tmp_path / "out"
    with Store(out, settings=settings) as store:
        store.save(FileRecord("h" * 64, "visits.html", "x", document.status), document_to_json(document))
        queue = build_queue(store)
    cells_csv, reports_csv = export_store(out, settings=settings)
    [panel] = list(csv.DictReader(reports_csv.open(encoding="utf-8-sig")))
    assert [k for k in panel if "." in k] == VISIT_KEYS
    assert [panel[f"visits.spring.{c}"] for c in ("men", "women", "total")] == ["3", "4", "7"]
    assert all(panel[f"visits.autumn.{c}"] == "" for c in ("men", "women", "total"))  # flagged: not in the panel
    rows = list(csv.DictReader(cells_csv.open(encoding="utf-8-sig")))
    assert sorted(f"{r['table']}.{r['row']}.{r['column']}" for r in rows) == sorted(VISIT_KEYS)
    assert queue and {i.table_heading for i in queue} == {"一、来访情况"} and {i.kind for i in queue} == {"count"}
    assert [e.key for e in codebook(settings.template)] == VISIT_KEYS
    printed = io.StringIO()
    print_codebook(printed, settings.template)
    assert "一、来访情况 (visits)" in printed.getvalue() and "上半年 × 男" in printed.getvalue()

FEES = """
name = "fees"
[amounts]
panel_unit = "千元"
units = { "千元" = 3, "元" = 0 }
[[tables]]
key = "fees"
section = "一"
heading = "收费情况"
  [[tables.forms]]
  form = "f1"
  row_labels = "row_header"
  columns = [{ key = "amount", label = "金额", kind = "amount", unit = "千元" }]
  rows = [{ key = "copies", label = "复制费" }, { key = "post", label = "邮寄费" }]
  cells = { "*" = ["amount"] }
"""


def test_a_template_with_units_of_its_own_reads_and_converts_by_them(tmp_path):
    """A template in 千元: 12千元 is a number in its unit (the national template reads it as
    text), 3500元 too, and the panel gives both in its 千元; a label's unit and the panel's
    must be ones the template declares."""
    page = tmp_path / "fees.html"
    page.write_text(
        "<html><head><meta charset='utf-8'></head><body><p>某局2023年收费情况</p><table>"
        "<tr><td></td><td>金额</td></tr><tr><td>复制费</td><td>12千元</td></tr>"
        "<tr><td>邮寄费</td><td>3500元</td></tr></table></body></html>",
        encoding="utf-8",
    )
    settings = Settings(template=parse_template(FEES))
    document = extract(page, settings)
    cells = {c.key: c for c in document.cells}
    assert [(cells[k].value, cells[k].unit, cells[k].status) for k in ("fees.copies.amount", "fees.post.amount")] == [
        ("12", "千元", Status.OK), ("3500", "元", Status.OK)]
    out = tmp_path / "out"
    with Store(out, settings=settings) as store:
        store.save(FileRecord("f" * 64, "fees.html", "x", document.status), document_to_json(document))
    _, reports_csv = export_store(out, settings=settings)
    [panel] = list(csv.DictReader(reports_csv.open(encoding="utf-8-sig")))
    assert (panel["fees.copies.amount"], panel["fees.post.amount"], panel["unit_unknown"]) == ("12", "3.500", "0")
    assert [e.unit for e in codebook(settings.template)] == ["千元", "千元"]
    with pytest.raises(ValueError, match="label units"):
        parse_template(FEES.replace('"千元" = 3, ', ""))
    with pytest.raises(ValueError, match="panel_unit"):
        parse_template(FEES.replace('panel_unit = "千元"\n', ""))


def test_the_year_settles_forms_as_the_template_dates_them():
    """Which form is in force in a year comes from the template's ``in_force_from``."""
    applications = load_template().table("applications")
    assert [_year_form(applications, y) for y in (2018, 2019, 2020, 2021, 2024, None)] == \
        ["2019", "2019", "2019", "2021", "2021", ""]
    assert _year_form(load_template().table("appeals"), 2021) == ""
