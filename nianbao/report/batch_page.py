"""The batch view: what became of the files and their cells, at a glance.

Built from the batch summary (``batch.summary.summarize``) so that it says what
summary.md says: documents per status, the slowest files, breaks between consecutive
years of a publisher, the publishers' own arithmetic errors; plus cells per status.
"""

from __future__ import annotations

from collections import Counter

from .html import STATUS_NAMES, STATUS_ORDER, bars, items_list, shell


def batch_page(summary: dict, cells: Counter[str]) -> str:
    documents = bars([(status, n, "st-doc") for status, n in summary["by_status"].items()])
    per_status = bars([(STATUS_NAMES[s], cells.get(s, 0), f"st-{s}") for s in STATUS_ORDER])
    slowest = bars([(f"{s['name']} ({s['pages']} p, {s['kind'] or '?'})", s["seconds"], "st-time")
                    for s in summary["slowest"]], unit=" s")
    source_errors = [f"{name}: {e}" for name, errs in summary["source_errors"].items() for e in errs]
    problems = [f"{name}: {why}" for name, why in summary["problems"].items()]
    duplicates = [f"{d['path']} = {d['same_as']}" for d in summary["duplicates"]]
    skipped = [f"{s['path']}: {s['reason']}" for s in summary["skipped"]]
    body = f"""<header><a href="index.html">← all documents 全部文件</a><h1>Batch view 批量概览</h1>
<p>{summary['files']} files, {summary['pages']} pages, {summary['flagged_cells']} flagged cells.</p></header>
<main class="batch">
<section><h2>Documents per status</h2>{documents}</section>
<section><h2>Cells per status 单元格状态</h2>{per_status}</section>
<section><h2>Slowest files</h2>{slowest}</section>
<section><h2>Breaks between consecutive years (hints, not fixes) 跨年度衔接</h2>
{items_list(summary["year_breaks"], "no break between consecutive years of one publisher")}</section>
<section><h2>Publishers' own arithmetic errors</h2>{items_list(source_errors, "none")}</section>
<section><h2>Files that failed, timed out or held no report</h2>{items_list(problems, "none")}</section>
<section><h2>Duplicates and files that are not inputs</h2>{items_list(duplicates + skipped, "none recorded")}</section>
</main>"""
    return shell("nianbao batch view", body)
