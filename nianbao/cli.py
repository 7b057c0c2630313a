"""The ``nianbao`` command."""

from __future__ import annotations

import argparse
import getpass
import os
import shutil
import sys
from pathlib import Path

from .batch import AUTO, BatchOptions, Limits, run_batch
from .batch.executors import EXECUTORS
from .batch.worker import Job, process_file
from .export import ENCODINGS, export_store
from .ocr.engine import ENGINES, MODELS
from .settings import DEFAULT_SETTINGS, Settings
from .review.queue import export_queue, import_decisions
from .review.screen import KEYS
from .review.session import Session
from .store import STORE_NAME, Store, content_hash


def _workers(text: str) -> int:
    if text == "auto":
        return AUTO
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"workers must be a positive number or auto, not {text!r}")
    return int(text)


def _settings(args: argparse.Namespace) -> Settings:
    return Settings(ocr_engine=args.ocr_engine, ocr_model=args.ocr_model)


def _extract(args: argparse.Namespace) -> int:
    settings = _settings(args)
    statuses = []
    with Store(args.out) as store:
        for path in args.files:
            outcome = process_file(Job(str(path), content_hash(path) if path.is_file() else str(path), path.name), settings)
            store.save(outcome.record, outcome.document, outcome.crops)
            record = outcome.record
            statuses.append(record.status)
            cells = len(outcome.document["cells"]) if outcome.document else 0
            missing = sum(c["status"] == "missing" for c in outcome.document["cells"]) if outcome.document else 0
            line = f"{record.name}: {record.status} ({cells} cells, {record.flagged} flagged, {missing} missing)"
            if record.reason:
                line += " — " + record.reason
            print(line, file=sys.stderr if record.reason else sys.stdout)
    for path in export_store(args.out, args.format, args.encoding):
        print(f"wrote {path}")
    return 1 if all(s in ("failed", "no_report") for s in statuses) else 0


def _batch(args: argparse.Namespace) -> int:
    settings = _settings(args)
    options = BatchOptions(
        workers=args.workers, executor=args.executor, scheduler=args.scheduler, retry_failed=args.retry_failed,
        quiet=args.quiet, limits=Limits(seconds=args.time_limit, memory_mb=args.memory_limit), encoding=args.encoding,
    )
    summary = run_batch(args.input_dir, args.out, settings, options)
    counts = ", ".join(f"{n} {status}" for status, n in summary["by_status"].items())
    print(f"{summary['files']} files ({counts}), {summary['flagged_cells']} flagged cells; see {args.out / 'summary.md'}",
          file=sys.stderr)
    return 0


def _review(args: argparse.Namespace) -> int:
    if not (args.out_dir / STORE_NAME).exists():
        print(f"{args.out_dir} holds no nianbao output (no {STORE_NAME}): run extract or batch first", file=sys.stderr)
        return 2
    with Store(args.out_dir) as store:
        if args.export_queue:
            n = export_queue(store, args.export_queue, args.all)
            print(f"wrote {n} cell(s) to review to {args.export_queue}")
            return 0
        if args.import_decisions:
            applied, problems = import_decisions(store, args.import_decisions, args.reviewer)
            for problem in problems:
                print(problem, file=sys.stderr)
            print(f"applied {applied} decision(s) from {args.import_decisions}")
            return 1 if problems else 0
        color = sys.stdout.isatty() and not args.no_color and "NO_COLOR" not in os.environ
        columns = shutil.get_terminal_size((100, 40)).columns
        try:
            Session(store, args.reviewer, args.all, columns, color).run(sys.stdin, sys.stdout)
        except KeyboardInterrupt:  # every decision already made is in the store
            print("\ninterrupted; every decision made so far is saved. Run again to resume.")
    return 0


def _export(args: argparse.Namespace) -> int:
    for path in export_store(args.out_dir, args.format, args.encoding):
        print(f"wrote {path}")
    return 0


def _output_options(parser: argparse.ArgumentParser, formats: bool = True, engine: bool = True) -> None:
    if formats:
        parser.add_argument("--format", choices=["csv", "json"], default="csv")
    parser.add_argument("--encoding", choices=ENCODINGS, default="utf-8-sig", help="CSV encoding (default: UTF-8 with BOM, for Excel)")
    if engine:
        parser.add_argument("--ocr-engine", choices=sorted(ENGINES), default="rapidocr", help="OCR for scanned pages (paddle needs nianbao[paddle])")
        parser.add_argument("--ocr-model", choices=MODELS, default=DEFAULT_SETTINGS.ocr_model,
                            help="PP-OCRv6 recognizer of the rapidocr engine (tiny: faster; small where tiny is not installed)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="nianbao", description="Extract the tables of 政府信息公开工作年度报告 into checked data.")
    sub = parser.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("extract", help="extract reports into cells.csv and reports.csv")
    ex.add_argument("files", nargs="+", type=Path, metavar="FILE", help="PDF (digital or scanned), PNG/JPEG/TIFF, or .txt")
    ex.add_argument("--out", type=Path, required=True, metavar="DIR")
    _output_options(ex)
    ex.set_defaults(run=_extract)

    ba = sub.add_parser("batch", help="process a whole scraped folder (recursively, .zip included), resumable")
    ba.add_argument("input_dir", type=Path, metavar="INPUT_DIR")
    ba.add_argument("--out", type=Path, required=True, metavar="DIR")
    ba.add_argument("--workers", type=_workers, default="auto", metavar="N|auto",
                    help="parallel worker processes (default auto: one per core, as many as the memory holds)")
    ba.add_argument("--executor", choices=EXECUTORS, default="local")
    ba.add_argument("--scheduler", metavar="tcp://HOST:PORT", help="dask scheduler, with --executor dask")
    ba.add_argument("--retry-failed", action="store_true", help="process again files that failed or timed out")
    ba.add_argument("--time-limit", type=float, default=600.0, metavar="SECONDS", help="per file (default 600)")
    ba.add_argument("--memory-limit", type=float, default=3000.0, metavar="MB", help="per worker (default 3000)")
    ba.add_argument("--quiet", action="store_true", help="no progress bar; one JSON line per file on stdout")
    _output_options(ba, formats=False)
    ba.set_defaults(run=_batch)

    re = sub.add_parser(
        "review", help="settle flagged cells one by one in the terminal", epilog=KEYS,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Walks the flagged cells of DIR (the output of extract or batch), most important first. "
        "Every decision is saved at once in DIR/nianbao.sqlite; run again to resume. "
        "Then `nianbao export DIR` writes the CSVs with the decisions applied.",
    )
    re.add_argument("out_dir", type=Path, metavar="DIR")
    re.add_argument("--all", action="store_true", help="also review the cells the reconciler corrected")
    re.add_argument("--reviewer", default=getpass.getuser(), help="name stored with each decision (default: login name)")
    re.add_argument("--no-color", action="store_true", help="ASCII pictures, no colour (also when NO_COLOR is set)")
    re.add_argument("--export-queue", type=Path, metavar="FILE.csv", help="write the queue as a spreadsheet and exit")
    re.add_argument("--import-decisions", type=Path, metavar="FILE.csv", help="apply the filled `decision` column of a queue file")
    re.set_defaults(run=_review)

    exp = sub.add_parser("export", help="rewrite cells.csv / reports.csv of DIR with review decisions applied")
    exp.add_argument("out_dir", type=Path, metavar="DIR")
    _output_options(exp, engine=False)
    exp.set_defaults(run=_export)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except BrokenPipeError:  # `nianbao batch --quiet | head`: the reader left; what is done is stored
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
