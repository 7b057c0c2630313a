"""The command line: bad files get a one-line error and missing cells, the rest goes on."""

import csv
import json
import shutil
import subprocess
import sys

from conftest import BAD, DIGITAL, SCANNED


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "nianbao.cli", *args], capture_output=True, text=True, timeout=300)


def test_bad_files_do_not_stop_the_others(tmp_path):
    bad = sorted(BAD.glob("*.pdf"))
    good = DIGITAL / "seed002.pdf"
    result = run("extract", *map(str, bad), str(good), "--out", str(tmp_path))
    assert result.returncode == 1  # some files failed
    errors = result.stderr.strip().splitlines()
    assert len(errors) == len(bad)
    messages = "\n".join(errors)
    assert "encrypted.pdf: failed" in messages and "password" in messages
    assert "empty.pdf: failed" in messages and "0 bytes" in messages
    assert "not_a_pdf.pdf: failed" in messages and "not a PDF" in messages
    assert "no_report.pdf: no_report" in messages
    assert "truncated.pdf: failed" in messages and "damaged PDF" in messages
    assert "image_only.pdf: no_report" in messages  # read by OCR: a drawing, no tables
    assert "seed002.pdf: done" in result.stdout
    with (tmp_path / "cells.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    by_doc = {}
    for row in rows:
        by_doc.setdefault(row["file_name"], []).append(row)
    for path in bad:
        assert {r["status"] for r in by_doc[path.name]} == {"missing"}
        assert all(r["value"] == "" for r in by_doc[path.name])
    assert all(r["status"] in ("ok", "blank") for r in by_doc["seed002.pdf"])


def test_csv_contract_and_encodings(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(DIGITAL / "seed000.pdf", src / "seed000.pdf")
    assert run("extract", str(src / "seed000.pdf"), "--out", str(tmp_path / "bom")).returncode == 0
    raw = (tmp_path / "bom" / "cells.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    header = raw.decode("utf-8-sig").splitlines()[0].split(",")
    assert header[:10] == ["document", "file_name", "sha256", "table", "row", "column", "value", "status", "raw", "unit"]
    assert run("extract", str(src / "seed000.pdf"), "--out", str(tmp_path / "plain"), "--encoding", "utf-8").returncode == 0
    assert not (tmp_path / "plain" / "cells.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    with (tmp_path / "plain" / "reports.csv").open(encoding="utf-8") as handle:
        report = next(csv.DictReader(handle))
    assert report["body"] == "周口市人民政府" and report["year"] == "2021" and report["form"] == "2021"
    assert report["active_disclosure.fees.amount"] == "129127.0135"
    assert report["applications.results_total.total"] == "335"
    with (tmp_path / "plain" / "cells.csv").open(encoding="utf-8") as handle:
        fees = next(r for r in csv.DictReader(handle) if r["row"] == "fees")
    assert fees["unit"] == "万元"
    assert run("extract", str(src / "seed000.pdf"), "--out", str(tmp_path / "j"), "--format", "json").returncode == 0
    data = json.loads((tmp_path / "j" / "documents.json").read_text(encoding="utf-8"))
    assert data[0]["status"] == "done" and len(data[0]["cells"]) == 200


def test_a_scan_without_its_ocr_engine_fails_with_the_extra_named(tmp_path):
    import importlib.util

    import pytest

    if importlib.util.find_spec("paddleocr") is not None:
        pytest.skip("paddle is installed here")
    result = run("extract", str(SCANNED / "gen03_003.pdf"), "--out", str(tmp_path), "--ocr-engine", "paddle")
    assert result.returncode == 1
    assert "gen03_003.pdf: failed" in result.stderr and "nianbao[paddle]" in result.stderr
