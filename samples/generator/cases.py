"""The committed samples of issue 13's six cases (samples/world/), made by the publishers'
renderers rather than drawn by hand.

Where a word processor breaks a page is its own affair, so a case that needs a break in a
given place (inside a group; before the last two rows only) is found, not forced: each
case writes variants of one report that differ only in how many empty lines precede
section 三 (and the row height), prints them all in one LibreOffice run, and keeps the
first whose printed table breaks as the case asks (read back by pages.py). A case whose
every variant misses is reported, not faked.

    python -m samples.generator samples/world --cases
"""

from __future__ import annotations

import random
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from .__main__ import random_sample
from .pages import print_facts
from .print import docx_to_pdf, html_to_pdf, store_landscape_rotated
from .report import Sample, grid
from .web import WebStyle, write_html
from .word import WordStyle, write_docx
from .world import finish, write_truth

GROUP_INSIDE = {
    "withheld_other_law", "withheld_security", "withheld_third_party", "withheld_internal", "withheld_process",
    "withheld_enforcement", "withheld_query", "unable_needs_creation", "unable_unclear", "rejected_repeat",
    "rejected_publication", "rejected_excessive", "rejected_confirmation", "other_no_fee", "other",
}
"""Rows of table 三 that are not the first of their group: a page opening on one of them
has the group's label cut or empty."""
LEAD_LINES = range(0, 30, 3)
BATCH = 10  # variants printed per LibreOffice run
SCAN_DPI = 150  # committed scans stay under 1 MB


Facts = dict


@dataclass
class Case:
    name: str
    why: str  # the README line
    form: str = "2021"
    word: WordStyle | None = None
    web: WebStyle | None = None
    profile: str = ""  # scan profile, "" for the digital print
    wanted: Callable[[Facts], bool] = lambda facts: True
    row_heights: list[float] = field(default_factory=list)  # tried besides the style's own
    dpi: int = SCAN_DPI


def _pages(n: int) -> Callable[[Facts], bool]:
    return lambda facts: len(facts.get("applications_pages", [])) >= n


def _inside_group(facts: Facts) -> bool:
    return any(row in GROUP_INSIDE for row in facts.get("continuation_rows", []))


def _shared_rows_last(facts: Facts) -> bool:
    return facts.get("continuation_rows", [])[-1:] in (["results_total"], ["carried_forward"])


def _two_up_across(facts: Facts) -> bool:
    pages = facts.get("applications_pages", [])
    return len(pages) == 2 and pages[0] % 2 == 1  # left half to right half of one sheet


def _one_page(facts: Facts) -> bool:
    return len(facts.get("applications_pages", [])) == 1


def _alone_on_its_page(facts: Facts) -> bool:
    """Table 三 whole on one page that table 四 does not finish on."""
    return _one_page(facts) and facts.get("heading_pages", {}).get("五") != facts["applications_pages"][0]


def _profile(truth: dict) -> str:
    return truth.get("scan", {}).get("profile", "")


def _facts(truth: dict) -> Facts:
    return truth.get("print", {})


ISSUE_CASES: dict[str, Callable[[dict], bool]] = {
    "1 table 三 on 3+ pages": lambda t: _pages(3)(_facts(t)),
    "2 continuation opens inside a group": lambda t: _inside_group(_facts(t)),
    "3 landscape pages (/Rotate or turned scan)": lambda t: bool(t.get("rotated_pages"))
    or (_profile(t) == "landscape_sideways" and bool(t.get("word_style", {}).get("landscape"))),
    "4 partial photo": lambda t: _profile(t) == "partial_photo",
    "5 two-up scan": lambda t: _profile(t) == "two_up",
    "6 last piece holds only shared rows": lambda t: t["forms"].get("applications") == "2021" and _shared_rows_last(_facts(t)),
}
"""Issue 13's cases, told from a document's truth file (a document may be in several)."""


BIG = WordStyle(font="宋体", size=16.0, table_size=14.0, row_height=1.4, margin=3.17)
MID = WordStyle(font="Noto Serif CJK SC", size=14.0, table_size=12.0, row_height=0.8, margin=2.54, footer="dash")
SMALL = WordStyle(font="宋体", size=12.0, table_size=10.5, row_height=0.5, margin=1.8)
CASES = [
    Case("long_word", "case 1: table 三 over three or more pages (16 pt text, 14 pt table, tall rows), header not repeated; Word template via LibreOffice",
         word=BIG, wanted=_pages(3)),
    Case("long_web", "case 1: table 三 over three or more pages from a browser print (16 pt, wide padding), no <thead>",
         web=WebStyle(font="'Noto Sans CJK SC', sans-serif", size=16.0, table_size=14.0, cell_padding=14.0, margin=25.0), wanted=_pages(3)),
    Case("cut_group", "case 2: a continuation page opens inside a group: the merged label is cut or left on the page before",
         word=MID, wanted=_inside_group, row_heights=[0.9, 1.0]),
    Case("cut_group_2019", "case 2 in the 2019 form (table built with python-docx merges), label at the top of its cell",
         form="2019", word=replace(MID, label_align="top", header="政府信息公开工作年度报告"), wanted=_inside_group, row_heights=[0.9, 1.0]),
    Case("cut_group_scan", "case 2 scanned: running header and page number, each page skewed its own way",
         word=replace(MID, header="政府信息公开工作年度报告"), profile="reskewed", wanted=_inside_group, row_heights=[0.9]),
    Case("landscape_rotate90", "case 3: tables 三 and 四 on landscape pages stored as portrait pages with /Rotate 90 (as Word exports)",
         word=replace(MID, landscape="tables", rotate=90)),
    Case("landscape_rotate270", "case 3: table 三 alone in a landscape section stored with /Rotate 270",
         word=replace(BIG, landscape="applications", rotate=270), wanted=_pages(2)),
    Case("landscape_scan", "case 3 scanned: the landscape pages fed the short way, stored turned a quarter",
         word=replace(MID, landscape="applications"), profile="landscape_sideways"),
    Case("partial_photo", "case 4: a phone photo of part of a page, table 三's header cut, no title, keystoned and turned 2–3°",
         word=SMALL, profile="partial_photo", wanted=_one_page),
    Case("partial_photo_b", "case 4: another phone photo, table 三's header cut",
         word=replace(SMALL, row_height=0.7), profile="partial_photo", wanted=_alone_on_its_page, row_heights=[0.75, 0.8]),
    Case("two_up", "case 5: two A5 pages to a landscape sheet, table 三 running from the left half to the right",
         word=MID, profile="two_up", wanted=_two_up_across, row_heights=[0.6, 1.0], dpi=220),
    Case("shared_rows_piece", "case 6: 2021 form whose last piece holds only （七）总计 and 四、结转下年度继续办理, rows both forms share",
         word=MID, wanted=_shared_rows_last, row_heights=[0.6, 0.7, 0.9, 1.0]),
]


def case_sample(case: Case, index: int) -> Sample:
    """A random report of the case's form, the same every run."""
    rng = random.Random(f"case{case.name}")
    while True:
        sample = random_sample(f"world_{index:02d}_{case.name}", rng)
        if sample.forms["applications"] == case.form and sample.forms["active_disclosure"] == case.form:
            sample.publisher_errors = []
            return sample


def _variants(case: Case) -> list[WordStyle]:
    heights = [case.word.row_height] + case.row_heights
    return [replace(case.word, row_height=h, lead_lines=n) for h in heights for n in LEAD_LINES]


def write_cases(out: Path, names: list[str] | None = None) -> None:
    """Write every case (or those ``names``) into ``out`` with its truth; print the cases
    that found no variant."""
    out.mkdir(parents=True, exist_ok=True)
    missed = []
    with tempfile.TemporaryDirectory(prefix="cases-") as tmp:
        for index, case in enumerate(CASES):
            if names and case.name not in names:
                continue
            sample = case_sample(case, index)
            if not _print_case(case, index, sample, Path(tmp) / case.name, out):
                missed.append(case.name)
    if missed:
        print(f"no variant printed as wanted: {', '.join(missed)}")


def _print_case(case: Case, index: int, sample: Sample, folder: Path, out: Path) -> bool:
    """Print the case's variants a batch at a time until one breaks as wanted; keep it."""
    folder.mkdir()
    spec = grid(sample, "applications")
    if case.web is not None:
        html = folder / f"{sample.name}.html"
        record = write_html(sample, html, case.web, random.Random(sample.name))
        pdf = html_to_pdf(html, folder / f"{sample.name}.pdf")
        return case.wanted(print_facts(pdf, spec)) and _keep(case, sample, pdf, record, out, index)
    variants = _variants(case)
    for start in range(0, len(variants), BATCH):
        written = []
        for v, style in enumerate(variants[start : start + BATCH], start=start):
            path = folder / f"{sample.name}__{v:03d}.docx"
            written.append((path, write_docx(sample, path, style, random.Random(sample.name))))
        for (_, record), pdf in zip(written, docx_to_pdf([path for path, _ in written], folder), strict=True):
            rotate = record["word_style"]["rotate"]
            if rotate:
                record["rotated_pages"] = store_landscape_rotated(pdf, rotate)
            if case.wanted(print_facts(pdf, spec)):
                return _keep(case, sample, pdf, record, out, index)
    return False


def _keep(case: Case, sample: Sample, pdf: Path, record: dict, out: Path, index: int) -> bool:
    named = pdf.with_name(f"{sample.name}.pdf")
    pdf.rename(named)
    truth = finish(sample, named, out, sample.truth() | record | {"case": case.name, "why": case.why}, case.profile, index, case.dpi)
    if case.profile == "partial_photo":
        truth["why"] += "; shows 三 and 四" if "appeals" in truth["forms"] else "; shows 三 only"
    write_truth(out, truth)
    print(f"{sample.name}: {truth.get('print')} {truth.get('scan', '')}")
    return True
