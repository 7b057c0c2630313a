"""Assemble one sample report: title, the six sections, narrative and the three tables."""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass, field
from pathlib import Path

from reportlab.pdfgen.canvas import Canvas

from .grids import Labels, active_grid, applications_grid, appeals_grid
from .render import Flow, Style

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
SUBHEADINGS = ["（一）主动公开情况", "（二）依申请公开情况", "（三）政府信息管理", "（四）平台建设", "（五）监督保障"]


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
        }


def _narrative(flow: Flow, rng: random.Random, paragraphs: int, subheadings: bool) -> None:
    size = flow.style.size
    for i in range(paragraphs):
        if subheadings and i < len(SUBHEADINGS):
            flow.block(SUBHEADINGS[i], size, indent=2 * size, gap=2)
        text = "".join(rng.sample(SENTENCES, rng.randint(2, 4)))
        flow.block(text, size, indent=2 * size)


def render_pdf(sample: Sample, path: Path, rng: random.Random) -> None:
    """Draw ``sample`` as a digital PDF at ``path``."""
    canvas = Canvas(str(path), pageCompression=1)
    canvas.setTitle(sample.title_template.format(body=sample.body, year=sample.year))
    flow = Flow(canvas, sample.style)
    size = sample.style.size
    flow.block(sample.title_template.format(body=sample.body, year=sample.year), size + 6, align="center", gap=12)
    flow.block(
        f"本报告依据《中华人民共和国政府信息公开条例》有关规定编制。报告中所列数据的统计期限为{sample.year}年1月1日至{sample.year}年12月31日。",
        size,
        indent=2 * size,
    )
    heading = size + 2
    flow.block("一、总体情况", heading)
    _narrative(flow, rng, rng.randint(2, 5), subheadings=rng.random() < 0.7)
    flow.block("二、主动公开政府信息情况", heading)
    flow.table(active_grid(sample.forms["active_disclosure"], sample.labels, sample.amount_header), sample.values, sample.units)
    flow.y += sample.style.top_space
    flow.block("三、收到和处理政府信息公开申请情况", heading)
    flow.table(applications_grid(sample.forms["applications"], sample.labels), sample.values, sample.units)
    flow.block("四、政府信息公开行政复议、行政诉讼情况", heading)
    flow.table(appeals_grid(), sample.values, sample.units)
    flow.block("五、存在的主要问题及改进情况", heading)
    _narrative(flow, rng, rng.randint(1, 3), subheadings=False)
    flow.block("六、其他需要报告的事项", heading)
    flow.block(rng.choice(["无。", "本年度未收取信息处理费。", SENTENCES[-1] + SENTENCES[6]]), size, indent=2 * size)
    flow.finish()
