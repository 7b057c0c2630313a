"""Web pages and Word files: their own tables read as grids, end to end on committed samples
(a handcrafted page of the 上海市人民政府办公厅 shape, a GBK page, a Word file with merged
cells and thousands separators), and the readers' parts: charset, spans, runs, pictures."""

from __future__ import annotations

import base64
import io
import shutil
from pathlib import Path

import docx
import pytest
from conftest import ROOT, truth
from PIL import Image

from nianbao.ingest import IngestError, load_document, sniff
from nianbao.ingest.docx import read_binary_word, read_docx
from nianbao.ingest.html import decode_page, file_fetcher, page_blocks
from nianbao.ingest.markup import MarkupTable, Paragraph, Picture, place_cells
from nianbao.model import ErrorItem, ErrorKind, Status, TextSource
from nianbao.pipeline import extract

HTML = ROOT / "samples" / "html"
DOCX = ROOT / "samples" / "docx"


def _cells(document) -> dict:
    return {c.key: c for c in document.cells}


@pytest.mark.parametrize("path", [HTML / "shanghai_like.html", HTML / "html15_000.html", DOCX / "docxth25_000.docx"],
                         ids=lambda p: p.name)
def test_every_cell_as_printed(extracted_path, path):
    expected = truth(path.stem, path.parent)
    document = extracted_path(path)
    got = _cells(document)
    assert {k: got[k].value for k in expected["cells"]} == expected["cells"]
    assert (document.body, document.year, document.forms) == (expected["body"], expected["year"], expected["forms"])
    assert [s.number for s in document.sections] == list("一二三四五六")
    assert all(got[k].source == TextSource.TEXT_LAYER for k in expected["cells"])
    for key in expected["publisher_errors"]:
        assert got[key].status == Status.FLAGGED, key


def test_a_blank_total_column_stays_blank_and_its_sums_are_flagged(extracted_path):
    document = extracted_path(HTML / "shanghai_like.html")
    got = _cells(document)
    blank_totals = truth("shanghai_like", HTML)["publisher_errors"]
    assert len(blank_totals) >= 10
    for key in blank_totals:
        cell = got[key]  # printed blank: read as printed (0), never the sum, and flagged with the sums
        assert (cell.value, cell.raw, cell.status) == ("0", "", Status.FLAGGED)
        assert "arithmetic broken as printed" in cell.reason and " ≠ 0" in cell.reason
    fees = got["active_disclosure.fees.amount"]
    assert (fees.value, fees.unit, fees.status) == ("251000", "元", Status.OK)


def test_site_navigation_footer_and_links_to_other_years_are_left_out(extracted_path):
    document = extracted_path(HTML / "shanghai_like.html")
    text = "".join(w.text for p in document.pages for w in p.words)
    for chrome in ("首页", "相关年度报告", "2019年", "版权所有", "网站地图"):
        assert chrome not in text


def test_gbk_page_and_its_declared_charset():
    data = (HTML / "html15_000.html").read_bytes()
    assert b"charset=gbk" in data
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert "政府信息公开" in decode_page(data)
    undeclared = "<html><body><p>政府信息公开工作年度报告</p></body></html>".encode("gbk")
    assert "年度报告" in decode_page(undeclared)  # neither BOM nor meta: UTF-8 fails, GB18030 reads it
    assert decode_page("\ufeff<p>年报</p>".encode("utf-8")) == "<p>年报</p>"


def test_html_table_spans_breaks_and_blanks():
    blocks = page_blocks(
        "<html><body><div class='nav'><a href='/'>首页</a></div><h1>标题</h1>"
        "<table border=1><tr><td rowspan='2'>项目</td><td colspan='2'>申请人<br />情况</td></tr>"
        "<tr><td>&nbsp;</td><td>1,234</td></tr></table><p>正文 一段</p></body></html>",
        fetch=lambda src: Picture(None, src, "unused"),
    )
    assert blocks[0] == Paragraph("标题") and blocks[-1] == Paragraph("正文一段")  # no blank between Chinese words
    table = blocks[1]
    assert isinstance(table, MarkupTable)
    assert [(r, c, cell.text, cell.rowspan, cell.colspan) for r, c, cell in place_cells(table)] == [
        (0, 0, "项目", 2, 1), (0, 1, "申请人\n情况", 1, 2), (1, 1, "", 1, 1), (1, 2, "1,234", 1, 1),
    ]


def test_a_missing_picture_is_reported_and_the_rest_still_read(tmp_path):
    page = (HTML / "shanghai_like.html").read_text(encoding="utf-8")
    page = page.replace("<p>&nbsp;</p>", '<p><img src="shanghai_like_files/table9.png" /></p>', 1)
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    document = extract(tmp_path / "page.html")
    assert document.errors == [ErrorItem("load_document", ErrorKind.NOT_READ,
                                         "picture shanghai_like_files/table9.png missing beside the page: its table is not read")]
    assert sum(c.status != Status.MISSING for c in document.cells) == 200


def test_a_web_archive_reads_like_its_page(tmp_path, extracted_path):
    page = base64.encodebytes((HTML / "shanghai_like.html").read_bytes()).decode("ascii")
    path = tmp_path / "page.mht"
    path.write_text(
        'MIME-Version: 1.0\nContent-Type: multipart/related; boundary="B"; type="text/html"\n\n--B\n'
        'Content-Type: text/html; charset="utf-8"\nContent-Transfer-Encoding: base64\n'
        f"Content-Location: http://www.example.gov.cn/nb.html\n\n{page}\n--B--\n",
        encoding="ascii",
    )
    assert sniff(path) == "mhtml"
    document = extract(path)
    expected = {c.key: (c.value, c.status) for c in extracted_path(HTML / "shanghai_like.html").cells}
    assert {c.key: (c.value, c.status) for c in document.cells} == expected


def test_docx_merges_and_numbers_split_over_runs(tmp_path):
    document = docx.Document()
    document.add_paragraph("一、总体情况")
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(1, 0)).text = "项目"  # vMerge down
    table.cell(0, 1).merge(table.cell(0, 2)).text = "申请人情况"  # gridSpan across
    table.cell(1, 1).text, table.cell(1, 2).text = "自然人", "总计"
    table.cell(2, 0).text = "行政许可"
    paragraph = table.cell(2, 1).paragraphs[0]
    for piece in ("12", "3", "4"):  # typed in three goes: three runs
        paragraph.add_run(piece)
    path = tmp_path / "merged.docx"
    document.save(str(path))
    blocks = read_docx(path)
    assert blocks[0] == Paragraph("一、总体情况")
    placed = [(r, c, cell.text, cell.rowspan, cell.colspan) for r, c, cell in place_cells(blocks[1])]
    assert placed == [
        (0, 0, "项目", 2, 1), (0, 1, "申请人情况", 1, 2), (1, 1, "自然人", 1, 1), (1, 2, "总计", 1, 1),
        (2, 0, "行政许可", 1, 1), (2, 1, "1234", 1, 1), (2, 2, "", 1, 1),
    ]


def test_docx_picture_carries_its_displayed_width(tmp_path):
    buffer = io.BytesIO()
    Image.new("RGB", (600, 300), "white").save(buffer, "PNG")
    document = docx.Document()
    document.add_picture(io.BytesIO(buffer.getvalue()), width=docx.shared.Inches(4))
    path = tmp_path / "picture.docx"
    document.save(str(path))
    pictures = [b for b in read_docx(path) if isinstance(b, Picture)]
    assert len(pictures) == 1 and pictures[0].data == buffer.getvalue() and pictures[0].width_inches == pytest.approx(4)


def test_binary_word_without_libreoffice_names_what_to_install(tmp_path, monkeypatch):
    path = tmp_path / "report.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    assert sniff(path) == "doc"
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(IngestError, match="install LibreOffice"):
        read_binary_word(path)
    document = load_document(path)
    assert [e.kind for e in document.errors] == [ErrorKind.UNREADABLE] and "libreoffice-writer-nogui" in document.errors[0].text
    assert document.status == "failed"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_binary_word_converted_by_libreoffice(tmp_path):
    import subprocess

    source = DOCX / "docxth25_000.docx"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "doc",
                    "--outdir", str(tmp_path), str(source)], check=True, capture_output=True, timeout=300)
    document = extract(tmp_path / "docxth25_000.doc")
    assert document.kind == "doc"
    expected = truth("docxth25_000", DOCX)["cells"]
    assert {c.key: c.value for c in document.cells if c.key in expected} == expected


def test_what_is_not_a_report_file(tmp_path):
    fake = tmp_path / "report.pdf"
    fake.write_text("<html><body>404 Not Found</body></html>", encoding="utf-8")
    with pytest.raises(IngestError, match="not a PDF .* a web page"):
        sniff(fake)
    archive = tmp_path / "bundle.docx"
    import zipfile

    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("readme.txt", "hello")
    with pytest.raises(IngestError, match="zip archive that is not a Word file"):
        sniff(archive)
    picture = file_fetcher(tmp_path / "page.html")(f"data:image/png;base64,{base64.b64encode(b'PNG!').decode()}")
    assert picture.data == b"PNG!"
    outside = file_fetcher(tmp_path / "page.html")("../../etc/passwd")
    assert outside.data is None and "outside the page's folder" in outside.problem


def test_batch_finds_pages_and_word_files_with_their_pictures(tmp_path):
    import zipfile

    from nianbao.batch.discover import find_inputs

    scraped = tmp_path / "in"
    (scraped / "report_files").mkdir(parents=True)
    shutil.copy(HTML / "shanghai_like.html", scraped / "report.html")
    (scraped / "report_files" / "table1.png").write_bytes(b"\x89PNG picture of the page")
    shutil.copy(DOCX / "docxth25_000.docx", scraped / "report.docx")
    shutil.copy(DOCX / "docxth25_000.docx", scraped / "same_again.docx")
    with zipfile.ZipFile(scraped / "bundle.zip", "w") as zf:
        zf.write(HTML / "html15_000.html", "nb/2021.htm")
        zf.writestr("nb/2021_files/t.gif", b"GIF89a picture")
    inputs = find_inputs(scraped, tmp_path / "unpacked")
    names = sorted(Path(job.path).name for job in inputs.jobs)
    assert names == ["2021.htm", "report.docx", "report.html"]
    assert [Path(p).name for p, _ in inputs.duplicates] == ["same_again.docx"]
    assert not inputs.skipped
    assert list((tmp_path / "unpacked").rglob("t.gif"))  # unpacked beside its page, for the page to show
