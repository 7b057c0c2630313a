"""The printed grids of the three tables, with the merged cells of the national template.

Geometry follows ../shared/data/gov_template_docx (2021 form); the 2019 form's table 二
follows the 2019 template. A grid is a list of SpecCells; numbers are looked up in the
truth by canonical key so that the drawing never decides a value.
"""

from __future__ import annotations

from dataclasses import dataclass

from .numbers import APPEAL_PARTS, APPEAL_ROWS, APPLICANTS, OTHER_ROWS, RESULT_ROWS_2021


@dataclass
class SpecCell:
    row: int
    col: int
    text: str = ""
    rowspan: int = 1
    colspan: int = 1
    key: str = ""  # canonical key of a number cell
    header: bool = False


@dataclass
class GridSpec:
    n_rows: int
    widths: list[float]  # relative column widths
    cells: list[SpecCell]
    header_rows: int = 0  # rows repeated after a page break when the style asks


@dataclass
class Labels:
    """Label wording of one document: how this publisher prints the template's labels."""

    bracket_full: bool = True
    social_org: str = "社会公益组织"
    other_law: str = "2.其他法律行政法规禁止公开"
    spaced: bool = False  # "商业 企业"

    def b(self, text: str) -> str:
        return text if self.bracket_full else text.replace("（", "(").replace("）", ")")

    def s(self, text: str) -> str:
        if self.spaced and len(text) == 4:
            return text[:2] + " " + text[2:]
        return text


APPLICATION_LABELS = {
    "new": "一、本年新收政府信息公开申请数量",
    "carried_over": "二、上年结转政府信息公开申请数量",
    "granted": "（一）予以公开",
    "partly_granted": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "withheld_state_secret": "1.属于国家秘密",
    "withheld_other_law": None,
    "withheld_security": "3.危及“三安全一稳定”",
    "withheld_third_party": "4.保护第三方合法权益",
    "withheld_internal": "5.属于三类内部事务信息",
    "withheld_process": "6.属于四类过程性信息",
    "withheld_enforcement": "7.属于行政执法案卷",
    "withheld_query": "8.属于行政查询事项",
    "unable_not_held": "1.本机关不掌握相关政府信息",
    "unable_needs_creation": "2.没有现成信息需要另行制作",
    "unable_unclear": "3.补正后申请内容仍不明确",
    "rejected_petition": "1.信访举报投诉类申请",
    "rejected_repeat": "2.重复申请",
    "rejected_publication": "3.要求提供公开出版物",
    "rejected_excessive": "4.无正当理由大量反复申请",
    "rejected_confirmation": "5.要求行政机关确认或重新出具已获取信息",
    "other_no_correction": "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "other_no_fee": "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "other": "3.其他",
    "other_processing": "（六）其他处理",
    "results_total": "（七）总计",
    "carried_forward": "四、结转下年度继续办理",
}
GROUPS = [
    ("（三）不予公开", RESULT_ROWS_2021[2:10]),
    ("（四）无法提供", RESULT_ROWS_2021[10:13]),
    ("（五）不予处理", RESULT_ROWS_2021[13:18]),
    ("（六）其他处理", OTHER_ROWS),
]


def applications_grid(form: str, labels: Labels) -> GridSpec:
    cells = [
        SpecCell(0, 0, labels.b("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"), 3, 3, header=True),
        SpecCell(0, 3, "申请人情况", 1, 7, header=True),
        SpecCell(1, 3, "自然人", 2, 1, header=True),
        SpecCell(1, 4, "法人或其他组织", 1, 5, header=True),
        SpecCell(1, 9, "总计", 2, 1, header=True),
    ]
    for i, text in enumerate(["商业企业", "科研机构", labels.social_org, "法律服务机构", "其他"]):
        cells.append(SpecCell(2, 4 + i, labels.s(text), header=True))
    row = 3

    def number_row(key: str, r: int) -> None:
        for i, col in enumerate(APPLICANTS + ["total"]):
            cells.append(SpecCell(r, 3 + i, key=f"applications.{key}.{col}"))

    def label(key: str) -> str:
        text = labels.other_law if key == "withheld_other_law" else APPLICATION_LABELS[key]
        return labels.b(text)

    for key in ("new", "carried_over"):
        cells.append(SpecCell(row, 0, label(key), 1, 3))
        number_row(key, row)
        row += 1
    results_start = row
    for key in ("granted", "partly_granted"):
        cells.append(SpecCell(row, 1, label(key), 1, 2))
        number_row(key, row)
        row += 1
    for group, keys in GROUPS:
        if form == "2019" and group.startswith("（六）"):
            cells.append(SpecCell(row, 1, label("other_processing"), 1, 2))
            number_row("other_processing", row)
            row += 1
            continue
        cells.append(SpecCell(row, 1, labels.b(group), len(keys), 1))
        for key in keys:
            cells.append(SpecCell(row, 2, label(key)))
            number_row(key, row)
            row += 1
    cells.append(SpecCell(row, 1, label("results_total"), 1, 2))
    number_row("results_total", row)
    row += 1
    cells.append(SpecCell(results_start, 0, "三、本年度办理结果", row - results_start, 1))
    cells.append(SpecCell(row, 0, label("carried_forward"), 1, 3))
    number_row("carried_forward", row)
    row += 1
    return GridSpec(row, [0.55, 0.75, 3.1] + [0.8] * 7, cells, header_rows=3)


def appeals_grid() -> GridSpec:
    cells = [SpecCell(0, 0, "行政复议", 1, 5, header=True), SpecCell(0, 5, "行政诉讼", 1, 10, header=True)]
    names = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    for i, name in enumerate(names):
        cells.append(SpecCell(1, i, name, 2, 1, header=True))
    cells.append(SpecCell(1, 5, "未经复议直接起诉", 1, 5, header=True))
    cells.append(SpecCell(1, 10, "复议后起诉", 1, 5, header=True))
    for i in range(10):
        cells.append(SpecCell(2, 5 + i, names[i % 5], header=True))
    for g, row_key in enumerate(APPEAL_ROWS):
        for i, col in enumerate(APPEAL_PARTS + ["total"]):
            cells.append(SpecCell(3, g * 5 + i, key=f"appeals.{row_key}.{col}"))
    return GridSpec(4, [1.0] * 15, cells, header_rows=3)


def _block(cells: list[SpecCell], row: int, item: str, headers: list[str], spans: list[int]) -> int:
    cells.append(SpecCell(row, 0, item, 1, 4, header=True))
    col = 0
    for text, span in zip(["信息内容"] + headers, [1] + spans, strict=True):
        cells.append(SpecCell(row + 1, col, text, 1, span, header=True))
        col += span
    return row + 2


def _values(cells: list[SpecCell], row: int, label: str, keys: list[str], spans: list[int]) -> int:
    cells.append(SpecCell(row, 0, label))
    col = 1
    for key, span in zip(keys, spans, strict=True):
        cells.append(SpecCell(row, col, key=key, colspan=span))
        col += span
    return row + 1


def active_grid(form: str, labels: Labels, amount_header: str) -> GridSpec:
    cells: list[SpecCell] = []
    k = "active_disclosure"
    if form == "2021":
        r = _block(cells, 0, labels.b("第二十条第（一）项"), ["本年制发件数", "本年废止件数", "现行有效件数"], [1, 1, 1])
        for row, text in (("regulations", "规章"), ("normative_documents", "行政规范性文件")):
            r = _values(cells, r, text, [f"{k}.{row}.{c}" for c in ("issued", "repealed", "in_force")], [1, 1, 1])
        r = _block(cells, r, labels.b("第二十条第（五）项"), ["本年处理决定数量"], [3])
        r = _values(cells, r, "行政许可", [f"{k}.licensing.decisions"], [3])
        r = _block(cells, r, labels.b("第二十条第（六）项"), ["本年处理决定数量"], [3])
        for row, text in (("penalty", "行政处罚"), ("coercion", "行政强制")):
            r = _values(cells, r, text, [f"{k}.{row}.decisions"], [3])
        r = _block(cells, r, labels.b("第二十条第（八）项"), [labels.b(amount_header)], [3])
        r = _values(cells, r, "行政事业性收费", [f"{k}.fees.amount"], [3])
    else:
        r = _block(cells, 0, labels.b("第二十条第（一）项"), ["本年新制作数量", "本年新公开数量", "对外公开总数量"], [1, 1, 1])
        for row, text in (("regulations", "规章"), ("normative_documents", "规范性文件")):
            r = _values(cells, r, text, [f"{k}.{row}.{c}" for c in ("created", "published", "total_published")], [1, 1, 1])
        three = ["上一年项目数量", "本年增/减", "处理决定数量"]
        r = _block(cells, r, labels.b("第二十条第（五）项"), three, [1, 1, 1])
        for row, text in (("licensing", "行政许可"), ("other_services", "其他对外管理服务事项")):
            r = _values(cells, r, text, [f"{k}.{row}.{c}" for c in ("prior_items", "change", "decisions")], [1, 1, 1])
        r = _block(cells, r, labels.b("第二十条第（六）项"), three, [1, 1, 1])
        for row, text in (("penalty", "行政处罚"), ("coercion", "行政强制")):
            r = _values(cells, r, text, [f"{k}.{row}.{c}" for c in ("prior_items", "change", "decisions")], [1, 1, 1])
        r = _block(cells, r, labels.b("第二十条第（八）项"), three[:2], [1, 2])
        r = _values(cells, r, "行政事业性收费", [f"{k}.fees.prior_items", f"{k}.fees.change"], [1, 2])
        r = _block(cells, r, labels.b("第二十条第（九）项"), ["采购项目数量", amount_header], [1, 2])
        r = _values(cells, r, "政府集中采购", [f"{k}.procurement.projects", f"{k}.procurement.amount"], [1, 2])
    return GridSpec(r, [1.6, 1.2, 1.2, 1.2], cells)
