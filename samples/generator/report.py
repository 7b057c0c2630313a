"""Assemble one sample report: title, the six sections, narrative and the three tables."""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass, field
from pathlib import Path

from reportlab.pdfgen.canvas import Canvas

from .grids import GridSpec, Labels, SpecCell, active_grid, appeals_grid, applications_grid
from .render import Flow, Layout, Style

SENTENCES = [
    "坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息公开条例》。",
    "围绕“放管服”改革新任务新举措，着力做好审批事项取消下放、告知承诺制试点改革等方面的公开工作。",
    "以政府门户网站为主体，以政务新媒体为依托，创新解读方式，全年发布政策解读类信息若干条。",
    "严格落实政府信息公开保密审查制度，坚持“先审查、后公开”和“一事一审”原则。",
    "加强政府信息公开平台建设，规范栏目设置，及时更新内容，确保信息发布准确、及时、规范。",
    "畅通依申请公开渠道，规范申请登记、审核、办理、答复、归档等环节，按时答复申请人。",
    "组织开展政务公开业务培训，提升工作人员的业务能力和服务水平。",
    "部分单位对政务公开工作重视程度不够，公开内容不够全面，解读形式较为单一。",
    "下一步，将进一步完善工作机制，加强督促检查，推动政务公开工作提质增效。",
    "本年度未收取信息处理费。",
]
SUBHEADINGS = ["主动公开情况", "依申请公开情况", "政府信息管理", "平台建设", "监督保障"]
NUMERALS = "一二三四五六七八九十"
HEADINGS = [
    "总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况",
    "政府信息公开行政复议、行政诉讼情况", "存在的主要问题及改进情况", "其他需要报告的事项",
]


@dataclass
class Sample:
    name: str
    body: str
    year: int
    forms: dict[str, str]
    values: dict[str, str]
    units: dict[str, str] = field(default_factory=dict)
    style: Style = field(default_factory=Style)
    labels: Labels = field(default_factory=Labels)
    amount_header: str = "本年收费金额（单位：万元，保留4位小数）"
    title_template: str = "{body}{year}年政府信息公开工作年度报告"
    publisher_errors: list[str] = field(default_factory=list)
    layout: Layout = field(default_factory=Layout)

    def truth(self) -> dict:
        return {
            "document": self.name,
            "body": self.body,
            "year": self.year,
            "forms": self.forms,
            "cells": self.values,
            "units": self.units,
            "publisher_errors": self.publisher_errors,
            "style": asdict(self.style),
            "labels": asdict(self.labels),
            "layout_style": asdict(self.layout),
        }


def _subheading(layout: Layout, i: int, text: str) -> str:
    if layout.subheadings == "arabic":
        return f"{i + 1}.{text}"
    return f"（{NUMERALS[i]}）{text}"


def narrative(layout: Layout, rng: random.Random, paragraphs: int, subheadings: bool) -> list[tuple[str, str]]:
    """A section's prose as (layout class, text) pairs: sub-headings and body paragraphs."""
    parts = []
    for i in range(paragraphs):
        text = "".join(rng.sample(SENTENCES, rng.randint(2, 4)))
        if subheadings and i < len(SUBHEADINGS) and layout.subheadings == "shi":
            text = f"{NUMERALS[i]}是{SUBHEADINGS[i]}。" + text  # the sub-heading runs into its paragraph
        elif subheadings and i < len(SUBHEADINGS):
            parts.append(("subheading", _subheading(layout, i, SUBHEADINGS[i])))
        parts.append(("body", text))
    return parts


def _narrative(flow: Flow, rng: random.Random, paragraphs: int, subheadings: bool) -> None:
    size = flow.style.size
    for kind, text in narrative(flow.layout, rng, paragraphs, subheadings):
        flow.kind = kind
        flow.block(text, size, indent=2 * size, gap=2 if kind == "subheading" else 4.0)
    flow.kind = "body"


def _heading(flow: Flow, number: int, size: float) -> None:
    layout = flow.layout
    flow.kind = "heading"
    text = f"{NUMERALS[number]}、{HEADINGS[number]}"
    indent = 2 * flow.style.size if layout.heading_align == "indent" else 0.0
    align = "center" if layout.heading_align == "center" else "left"
    flow.block(text, size, indent=indent, align=align, font=layout.heading_font)
    flow.kind = "body"


def _extra_table(flow: Flow, rng: random.Random, year: int) -> None:
    """A table of the publisher's own (not in the template), with its caption."""
    rows = ["政府网站发布信息", "政务新媒体发布信息", "新闻发布会", "政策解读"]
    cells = [SpecCell(0, 0, "项目", header=True), SpecCell(0, 1, "数量（条）", header=True)]
    for r, label in enumerate(rng.sample(rows, 3), start=1):
        cells += [SpecCell(r, 0, label), SpecCell(r, 1, str(rng.randint(10, 5000)))]
    flow.kind = "other"  # a caption
    flow.block(f"表1 {year}年政务公开工作情况", flow.style.size, align="center", gap=2)
    flow.kind = "body"
    flow.table(GridSpec(4, [2.0, 1.0], cells), {}, {})


def _signature(flow: Flow, body: str, year: int, seal: bool) -> None:
    size = flow.style.size
    flow.y += size
    flow.kind = "other"
    top = flow.y
    flow.block(body, size, align="right", gap=0)
    flow.block(f"{year + 1}年1月{15 + len(body) % 10}日", size, align="right")
    flow.kind = "body"
    if seal:
        _seal(flow, body, flow.width - flow.style.margin - 50, top + size)


def _seal(flow: Flow, body: str, cx: float, cy: float) -> None:
    """A red round seal: the body's name on an arc, drawn character by character."""
    import math

    c, radius, size = flow.canvas, 42.0, 9.0
    c.saveState()
    c.setStrokeColorRGB(0.85, 0.1, 0.1)
    c.setFillColorRGB(0.85, 0.1, 0.1)
    c.circle(cx, flow.height - cy, radius, stroke=1, fill=0)
    text = body[:12]
    for i, ch in enumerate(text):
        angle = math.radians(200 - i * 220 / max(1, len(text) - 1))
        x, y = cx + (radius - 12) * math.cos(angle), flow.height - cy + (radius - 12) * math.sin(angle)
        c.saveState()
        c.translate(x, y)
        c.rotate(math.degrees(angle) - 90)
        c.setFont(flow.style.font, size)
        c.drawCentredString(0, 0, ch)
        c.restoreState()
        flow.records.append([flow.page, round(x - size / 2, 2), round(flow.height - y - size, 2), round(x + size / 2, 2),
                             round(flow.height - y, 2), "seal", ch])
    c.restoreState()


def render_pdf(sample: Sample, path: Path, rng: random.Random) -> list[list]:
    """Draw ``sample`` as a digital PDF at ``path``; return its layout truth (one record per
    line drawn: page, box, class, text)."""
    canvas = Canvas(str(path), pageCompression=1)
    canvas.setTitle(sample.title_template.format(body=sample.body, year=sample.year))
    layout = sample.layout
    flow = Flow(canvas, sample.style, layout=layout)
    size = sample.style.size
    title = sample.title_template.format(body=sample.body, year=sample.year)
    flow.kind = "title"
    if layout.title_lines == 2 and title.startswith(sample.body):
        flow.block(sample.body, size + layout.title_delta, align="center", gap=2)
        title = title[len(sample.body):]
    flow.block(title, size + layout.title_delta, align="center", gap=12)
    flow.kind = "body"
    flow.block(
        f"本报告依据《中华人民共和国政府信息公开条例》有关规定编制。报告中所列数据的统计期限为{sample.year}年1月1日至{sample.year}年12月31日。",
        size,
        indent=2 * size,
    )
    heading = size + layout.heading_delta
    _heading(flow, 0, heading)
    _narrative(flow, rng, rng.randint(2, 5), subheadings=rng.random() < 0.7)
    if layout.extra_table:
        _extra_table(flow, rng, sample.year)
    _heading(flow, 1, heading)
    flow.table(active_grid(sample.forms["active_disclosure"], sample.labels, sample.amount_header), sample.values, sample.units)
    flow.y += sample.style.top_space
    _heading(flow, 2, heading)
    flow.table(applications_grid(sample.forms["applications"], sample.labels), sample.values, sample.units)
    _heading(flow, 3, heading)
    flow.table(appeals_grid(), sample.values, sample.units)
    _heading(flow, 4, heading)
    _narrative(flow, rng, rng.randint(1, 3), subheadings=False)
    _heading(flow, 5, heading)
    flow.block(rng.choice(["无。", "本年度未收取信息处理费。", SENTENCES[-1] + SENTENCES[6]]), size, indent=2 * size)
    if layout.signature:
        _signature(flow, sample.body, sample.year, layout.seal)
    flow.finish()
    return flow.records


TABLE_SECTIONS = {1: "active_disclosure", 2: "applications", 3: "appeals"}
"""The section (by index into HEADINGS) that holds each template table."""


def grid(sample: Sample, table: str) -> GridSpec:
    """The printed grid of one of the sample's template tables."""
    if table == "active_disclosure":
        return active_grid(sample.forms[table], sample.labels, sample.amount_header)
    if table == "applications":
        return applications_grid(sample.forms[table], sample.labels)
    return appeals_grid()


def compose(sample: Sample, rng: random.Random) -> list[tuple[str, str]]:
    """The whole report as (kind, text) parts in reading order, for the writers that lay
    out pages themselves (word processor, browser): kinds are the layout classes, plus
    ``table`` whose text names the template table."""
    title = sample.title_template.format(body=sample.body, year=sample.year)
    parts = []
    if sample.layout.title_lines == 2 and title.startswith(sample.body):
        parts.append(("title", sample.body))
        title = title[len(sample.body):]
    parts.append(("title", title))
    parts.append(("body", "本报告依据《中华人民共和国政府信息公开条例》有关规定编制。"
                          f"报告中所列数据的统计期限为{sample.year}年1月1日至{sample.year}年12月31日。"))
    for number, heading in enumerate(HEADINGS):
        parts.append(("heading", f"{NUMERALS[number]}、{heading}"))
        if number in TABLE_SECTIONS:
            parts.append(("table", TABLE_SECTIONS[number]))
        elif number == 0:
            parts += narrative(sample.layout, rng, rng.randint(2, 5), subheadings=rng.random() < 0.7)
        elif number == 4:
            parts += narrative(sample.layout, rng, rng.randint(1, 3), subheadings=False)
        else:
            parts.append(("body", rng.choice(["无。", "本年度未收取信息处理费。", SENTENCES[-1] + SENTENCES[6]])))
    if sample.layout.signature:
        parts += [("signature", sample.body), ("signature", f"{sample.year + 1}年1月{15 + len(sample.body) % 10}日")]
    return parts
