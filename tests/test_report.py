"""The check report: what it writes, and that it loads in a real browser.

The report is built once per module from a committed digital and a committed scanned
sample (extracted by the session fixtures). The browser test runs Debian's headless
Chromium on a copy of the report folder and is skipped where Chromium is absent.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from copy import deepcopy
from html.parser import HTMLParser
from pathlib import Path

import cv2
import pytest
from conftest import DIGITAL, SCANNED

from nianbao.cli import main
from nianbao.mapping import map_to_template
from nianbao.model import Document, Status
from nianbao.report import ReportSettings, write_report
from nianbao.report.batch_page import batch_page
from nianbao.report.cells import cell_details
from nianbao.report.images import page_images
from nianbao.report.index_page import IndexEntry, index_page
from nianbao.settings import Settings
from nianbao.store import Decision, FileRecord, Store, content_hash, document_from_json, document_to_json
from nianbao.template import load_template

DIGITAL_SAMPLE = DIGITAL / "seed000.pdf"
SCANNED_SAMPLE = SCANNED / "gen03_003.pdf"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


class Elements(HTMLParser):
    """Every start tag of a page, as (tag, attributes)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, {k: v or "" for k, v in attrs}))


def elements(html: str) -> list[tuple[str, dict[str, str]]]:
    parser = Elements()
    parser.feed(html)
    return parser.found


def keys_in(html: str, tag: str) -> set[str]:
    return {a["data-key"] for t, a in elements(html) if t == tag and "data-key" in a}


def _save(store: Store, source: Path, document, path: str | None = None) -> str:
    digest = content_hash(source)
    record = FileRecord(digest, source.name, path or str(source), document.status, pages=len(document.pages),
                        kind="scanned" if "scanned" in str(source) else "digital", seconds=1.5)
    store.save(record, document_to_json(document))
    return digest


@pytest.fixture(scope="module")
def report(tmp_path_factory, extracted, scanned):
    """A report of one digital and one scanned sample: (out dir, {kind: (document, digest)}, what was written)."""
    out = tmp_path_factory.mktemp("report")
    documents = {"digital": extracted(DIGITAL_SAMPLE.stem), "scanned": scanned(SCANNED_SAMPLE.stem)}
    with Store(out) as store:
        digests = {"digital": _save(store, DIGITAL_SAMPLE, documents["digital"]),
                   "scanned": _save(store, SCANNED_SAMPLE, documents["scanned"])}
    written = write_report(out)
    assert written.index == out / "report" / "index.html" and written.notes() == []
    return out, {k: (documents[k], digests[k]) for k in documents}, written


def doc_html(out: Path, digest: str) -> str:
    return (out / "report" / "docs" / f"{digest[:16]}.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", ["digital", "scanned"])
def test_every_template_cell_is_in_the_grid_and_every_read_cell_on_its_page(report, kind):
    out, documents, _ = report
    document, digest = documents[kind]
    html = doc_html(out, digest)
    assert keys_in(html, "td") == {c.key for c in document.cells}
    placed = {c.key for c in document.cells if c.box is not None and c.page is not None}
    assert placed and keys_in(html, "div") == placed
    for cell in document.cells:
        assert f'<td class="c st-{cell.status}" data-key="{cell.key}"' in html


@pytest.mark.parametrize("kind", ["digital", "scanned"])
def test_only_table_pages_are_pictured_as_small_jpegs(report, kind):
    out, documents, written = report
    document, digest = documents[kind]
    mine = written.pictures[digest]
    table_pages = {c.page for c in document.cells if c.page is not None} | {n for g in document.grids for n in g.pages}
    assert {p.number for p in mine} == table_pages
    dpi = ReportSettings().dpi
    for picture in mine:
        data = (out / "report" / picture.file).read_bytes()
        assert data[:3] == b"\xff\xd8\xff"  # JPEG
        image = cv2.imread(str(out / "report" / picture.file))
        page = next(p for p in document.pages if p.number == picture.number)
        assert abs(image.shape[1] - page.width * dpi / 72) <= 2 and dpi <= 150
        assert f'src="../{picture.file}"' in doc_html(out, digest)


def test_a_page_without_a_table_is_not_pictured(tmp_path, report):
    document, digest = deepcopy(report[1]["digital"][0]), report[1]["digital"][1]
    document.cells = [c for c in document.cells if c.page != 1]
    document.grids = [g for g in document.grids if 1 not in g.pages]
    pictures = page_images(document, DIGITAL_SAMPLE, digest, tmp_path, Settings(), ReportSettings())
    assert 1 in {p.number for p in document.pages} and pictures
    assert 1 not in {p.number for p in pictures} and all(p.file for p in pictures)
    assert sorted(f.name for f in (tmp_path / "pages").iterdir()) == sorted(Path(p.file).name for p in pictures)


def test_grid_outlines_are_drawn_from_the_stored_grids(report):
    out, documents, _ = report
    document, digest = documents["digital"]
    html = doc_html(out, digest)
    table_pages = {p.number for p in document.pages}
    expected = sum(1 for g in document.grids for c in g.cells if c.page in table_pages)
    assert expected and html.count('<div class="g"') == expected


def test_the_store_keeps_grids_and_reads_stores_written_without_them(report):
    document, _ = report[1]["digital"]
    data = document_to_json(document)
    again = document_from_json(data)
    assert [(c.row, c.col, c.box, c.page) for g in again.grids for c in g.cells] == \
        [(c.row, c.col, c.box, c.page) for g in document.grids for c in g.cells]
    del data["grids"]
    assert document_from_json(data).grids == []


def test_a_cell_tells_its_labels_and_equations(report):
    document = deepcopy(report[1]["digital"][0])
    total = next(c for c in document.cells if c.key == "applications.new.total")
    total.value = str(int(total.value) + 1)
    lost = next(c for c in document.cells if c.key == "applications.granted.natural_person")
    lost.status, lost.value = Status.MISSING, ""
    details = cell_details(document, load_template())
    shown = details[total.key]
    assert "本年新收政府信息公开申请数量" in shown["template"] and "总计" in shown["template"]
    assert shown["value"] == total.value and shown["raw"] == total.raw
    assert len(shown["equations"]) == 2 and all("≠" in e for e in shown["equations"])  # its row and its column
    assert any(e.startswith("申请人合计") and "not checked" in e and "? +" in e for e in details[lost.key]["equations"])
    untouched = details["applications.carried_over.total"]["equations"]
    assert any(e.startswith("申请人合计") and " = " in e for e in untouched)


def test_the_index_puts_what_needs_a_person_first():
    def item(name: str, status: str, missing: int = 0, flagged: int = 0, errors: int = 0) -> IndexEntry:
        record = FileRecord(name, name, name, status)
        return IndexEntry(record, status, counts={"missing": missing, "flagged": flagged, "ok": 5}, source_errors=errors)

    entries = [item("calm.pdf", "done"), item("err.pdf", "done", errors=1), item("flag.pdf", "done", flagged=2),
               item("gone.pdf", "failed", missing=200), item("part.pdf", "partial", missing=3, flagged=9),
               item("late.pdf", "timed_out")]
    html = index_page(entries)
    order = [a["data-text"].split()[0] for t, a in elements(html) if t == "tr" and "data-text" in a]
    assert order == ["gone.pdf", "late.pdf", "part.pdf", "flag.pdf", "err.pdf", "calm.pdf"]
    needs = {a["data-text"].split()[0]: a["data-need"] for t, a in elements(html) if t == "tr" and "data-need" in a}
    assert needs["calm.pdf"] == "0" and needs["err.pdf"] == "1"


def test_a_moved_source_gives_a_note_not_a_crash(tmp_path, extracted):
    document = extracted(DIGITAL_SAMPLE.stem)
    with Store(tmp_path) as store:
        digest = _save(store, DIGITAL_SAMPLE, document, path=str(tmp_path / "moved-away.pdf"))
    written = write_report(tmp_path)
    pictures = written.pictures[digest]
    assert pictures and all(not p.file and "no longer there" in p.note for p in pictures)
    assert len(written.notes()) == len(pictures) and written.notes()[0].startswith(f"{document.name} page ")
    html = doc_html(tmp_path, digest)
    assert '<div class="noimg">' in html and keys_in(html, "td") == {c.key for c in document.cells}


def test_a_reviewed_cell_shows_as_reviewed(tmp_path, extracted):
    document = extracted(DIGITAL_SAMPLE.stem)
    cell = next(c for c in document.cells if c.key == "applications.new.total")
    with Store(tmp_path) as store:
        digest = _save(store, DIGITAL_SAMPLE, document, path=str(tmp_path / "moved-away.pdf"))
        store.decide(Decision(digest, cell.key, "value", cell.value, "777", reviewer="lead"))
    write_report(tmp_path)
    html = doc_html(tmp_path, digest)
    assert f'<td class="c st-reviewed" data-key="{cell.key}">777</td>' in html
    assert '"reason": "typed the value by lead' in html
    index = (tmp_path / "report" / "index.html").read_text(encoding="utf-8")
    assert '<td class="num st-reviewed">1</td>' in index


def test_a_file_without_tables_still_shows_every_template_cell_as_missing(tmp_path):
    document = map_to_template(Document(path=Path("empty.pdf")))
    with Store(tmp_path) as store:
        store.save(FileRecord("0" * 64, "empty.pdf", str(tmp_path / "empty.pdf"), document.status), document_to_json(document))
    written = write_report(tmp_path)
    html = doc_html(tmp_path, "0" * 64)
    template = load_template()
    expected = {f"{t}.{r}.{c}" for t, f in document.forms.items() for r, c in template.form(t, f).cells}
    assert len(document.forms) == 3 and keys_in(html, "td") == {c.key for c in document.cells} == expected
    assert html.count('class="c st-missing"') == len(document.cells) and written.pictures["0" * 64] == []
    details = cell_details(document, load_template())
    assert all("not checked" in e for d in details.values() for e in d.get("equations", []))


def test_the_report_command(report, capsys):
    out, documents, written = report
    assert main(["report", str(out)]) == 0
    pictured = sum(len(images) for images in written.pictures.values())
    assert f"(2 documents, {pictured} page pictures)" in capsys.readouterr().out


def test_report_of_a_folder_without_output_says_so_and_writes_nothing(tmp_path, capsys):
    assert main(["report", str(tmp_path)]) == 2
    assert "no nianbao output" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def _chromium(url: str, profile: Path) -> tuple[str, list[str]]:
    """The DOM after the page's scripts ran, and every console message Chromium logged."""
    result = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={profile}",
         "--enable-logging=stderr", "--v=0", "--dump-dom", url],
        capture_output=True, text=True, timeout=180,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout, [line for line in result.stderr.splitlines() if ":CONSOLE" in line]


def _local_links(html: str) -> list[str]:
    refs = [a.get("src") or a.get("href") or "" for t, a in elements(html) if t in ("img", "script", "link", "a")]
    return [r for r in refs if r and not r.startswith("#")]


@pytest.mark.skipif(CHROMIUM is None, reason="needs Chromium (Debian package chromium)")
def test_the_report_loads_in_chromium_from_a_copied_folder(report, tmp_path):
    out, documents, _ = report
    copy = tmp_path / "elsewhere" / "report"
    shutil.copytree(out / "report", copy)  # the report must not depend on where it was written
    pages = [copy / "index.html", copy / "batch.html"] + [copy / "docs" / f"{d[:16]}.html" for _, d in documents.values()]
    for page in pages:
        dom, console = _chromium(page.as_uri(), tmp_path / "profile")
        assert console == [], f"{page.name}: {console}"
        assert re.search(r'<body[^>]*data-ready="yes"', dom), f"{page.name}: the script did not run to its end"
        for link in _local_links(dom):
            assert link.startswith(("../", "docs/", "batch.html", "index.html", "report.")), link
            assert (page.parent / link).resolve().is_file(), f"{page.name} links to missing {link}"
    for document, digest in documents.values():
        dom, _ = _chromium((copy / "docs" / f"{digest[:16]}.html").as_uri(), tmp_path / "profile")
        assert keys_in(dom, "td") == {c.key for c in document.cells}  # every template cell shown


def test_the_batch_view_counts_documents_cells_and_lists_year_breaks(report):
    out, documents, _ = report
    html = (out / "report" / "batch.html").read_text(encoding="utf-8")
    values = re.findall(r'<span class="bar-label">([^<]*)</span>.*?<span class="bar-value">([^<]*)</span>', html)
    cells = Counter(str(c.status) for d, _ in documents.values() for c in d.cells)
    shown = {label.split()[0]: value for label, value in values}
    assert all(shown[str(s)] == str(cells.get(str(s), 0)) for s in Status)
    assert sum(int(shown[s]) for s in ("done", "partial", "no_report", "failed") if s in shown) == 2
    summary = {"files": 2, "pages": 5, "flagged_cells": 0, "by_status": {"done": 2}, "slowest": [], "source_errors": {},
               "problems": {}, "duplicates": [], "skipped": [],
               "year_breaks": ["某县 2021→2022: 结转 [total]: 3 ≠ 4 (b.pdf vs a.pdf)"]}
    assert "<li>某县 2021→2022: 结转 [total]: 3 ≠ 4 (b.pdf vs a.pdf)</li>" in batch_page(summary, Counter())


def test_a_page_turned_as_the_page_before_is_pictured_turned(tmp_path):
    """A page on which nothing tells which way up it is takes the turn of the page before
    (seed 922, gen922_007 p6). Repaired again alone for its picture, it came out standing
    and was shown as no picture; the page before is repaired first, as extraction did."""
    from PIL import Image

    from nianbao.pipeline import extract

    data = Path(__file__).parent / "data"
    sheets = [Image.open(data / name) for name in ("sideways_large_print_table_page.jpg", "last_row_alone_sideways.png")]
    source = tmp_path / "two.tif"
    sheets[0].save(source, save_all=True, append_images=sheets[1:], dpi=(200, 200))
    document = extract(source)
    assert "turned a quarter, as the page before (nothing on it tells)" in document.pages[1].repairs
    from nianbao.store import content_hash

    pictures = {p.number: p for p in page_images(document, source, content_hash(source), tmp_path / "out", Settings(), ReportSettings())}
    assert 2 in pictures and pictures[2].file and not pictures[2].note
