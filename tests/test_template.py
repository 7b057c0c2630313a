from nianbao.reconcile import equations
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


def test_a_second_template_is_just_data():
    text = """
name = "tiny"
[[tables]]
key = "t"
section = "一"
heading = "表"
  [[tables.forms]]
  form = "v1"
  row_labels = "row_header"
  columns = [{ key = "a", label = "甲" }, { key = "s", label = "合计" }]
  rows = [{ key = "x", label = "行" }]
  cells = { "*" = ["a", "s"] }
  constraints = [{ name = "sum", along = "row", lhs = ["a"], rhs = ["s"] }]
"""
    t = parse_template(text)
    assert t.all_keys() == ["t.x.a", "t.x.s"]
    assert len(equations(t.form("t", "v1"))) == 1
