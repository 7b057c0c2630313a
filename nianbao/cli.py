"""The ``nianbao`` command."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .export import ENCODINGS, write_csv, write_json
from .ocr.engine import ENGINES
from .pipeline import extract
from .settings import Settings


def _extract(args: argparse.Namespace) -> int:
    documents = []
    settings = Settings(ocr_engine=args.ocr_engine)
    for path in args.files:
        document = extract(path, settings)
        documents.append(document)
        flagged = sum(c.status == "flagged" for c in document.cells)
        missing = sum(c.status == "missing" for c in document.cells)
        detail = f"{len(document.cells)} cells, {flagged} flagged, {missing} missing"
        line = f"{document.name}: {document.status} ({detail})"
        if document.errors:
            line += " — " + "; ".join(document.errors)
        print(line, file=sys.stderr if document.errors else sys.stdout)
    written = write_json(documents, args.out) if args.format == "json" else write_csv(documents, args.out, args.encoding)
    for path in written:
        print(f"wrote {path}")
    return 1 if all(d.status in ("failed", "no_report") for d in documents) else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="nianbao", description="Extract the tables of 政府信息公开工作年度报告 into checked data.")
    sub = parser.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("extract", help="extract reports into cells.csv and reports.csv")
    ex.add_argument("files", nargs="+", type=Path, metavar="FILE", help="PDF (digital or scanned), PNG/JPEG/TIFF, or .txt")
    ex.add_argument("--out", type=Path, required=True, metavar="DIR")
    ex.add_argument("--format", choices=["csv", "json"], default="csv")
    ex.add_argument("--encoding", choices=ENCODINGS, default="utf-8-sig", help="CSV encoding (default: UTF-8 with BOM, for Excel)")
    ex.add_argument("--ocr-engine", choices=sorted(ENGINES), default="rapidocr", help="OCR for scanned pages (paddle needs nianbao[paddle])")
    ex.set_defaults(run=_extract)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    raise SystemExit(main())
