"""The ``nianbao`` command.

Exit codes: 0 every file done; 1 some file failed, timed out, was partial or held no
report (or a decision line was refused); 2 a usage or input error (a missing input,
output folder or store), or an internal error; 130 interrupted (Ctrl-C, SIGTERM). Every
ending is one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import functools
import getpass
import os
import shutil
import signal
import sqlite3
import sys
import threading
import webbrowser
from dataclasses import replace
from itertools import chain
from pathlib import Path

from . import __version__
from .batch import AUTO, BatchOptions, Limits, run_batch
from .batch.discover import ARCHIVE_SUFFIX, entry_problem
from .batch.executors import EXECUTORS
from .batch.pool import run_local
from .batch.worker import Job, Outcome, failed
from .codebook import print_codebook, write_codebook
from .export import ENCODINGS, FORMATS, export_store
from .lock import Locked, output_lock
from .logs import LOG_NAME, routed_logs
from .meta import META_NAME, keep_meta, read_meta
from .names import shown
from .ocr.engine import ENGINES, MODELS
from .report import write_report
from .review.queue import export_queue, import_decisions
from .review.screen import KEYS
from .review.session import Session
from .settings import DEFAULT_SETTINGS, Settings
from .store import Store, StoreError, content_hash, make_output_folder

DEFAULT_LIMITS = Limits()
ARCHIVES_NEED_BATCH = "a zip archive: `nianbao batch` reads archives (put it in a folder)"
EXIT_CODES = """exit codes:
  0    every file done
  1    some file failed, timed out, was partial or held no report; a decision line refused
  2    usage or input error (missing input, output folder or store); internal error
  130  interrupted (Ctrl-C or SIGTERM); what was finished is saved"""
DONE = "done"
"""The one file status that leaves the exit code 0."""


class UsageError(Exception):
    """A command that cannot start as typed (exit code 2): nothing was read or written."""


def _exit_code(statuses: list[str]) -> int:
    """0 when every file is done, 1 when some is not (failed, timed out, partial, no report)."""
    return 0 if all(s == DONE for s in statuses) else 1


def _say(args: argparse.Namespace, text: str) -> None:
    """An informational line, which ``-q`` silences."""
    if not args.quiet:
        print(text)


def _limits(args: argparse.Namespace) -> Limits:
    return Limits(seconds=args.time_limit, memory_mb=args.memory_limit)


def _extract_line(outcome: Outcome) -> str:
    record, document = outcome.record, outcome.document
    cells = len(document["cells"]) if document else 0
    missing = sum(c["status"] == "missing" for c in document["cells"]) if document else 0
    line = f"{record.name}: {record.status} ({cells} cells, {record.flagged} flagged, {missing} missing)"
    return line + (" — " + record.reason if record.reason else "")


def _extract_jobs(paths: list[Path]) -> tuple[list[Job], list[Outcome]]:
    """A job per readable file; a failed outcome, at once, for what is not a regular file
    (a FIFO would block the reader forever, a device never ends) and for an archive."""
    jobs, refused = [], []
    for path in paths:
        job = Job(str(path), str(path), path.name, str(path))
        problem = entry_problem(path)
        if not problem and path.suffix.lower() == ARCHIVE_SUFFIX:
            problem = ARCHIVES_NEED_BATCH
        if problem:
            refused.append(failed(job, "failed", problem))
        else:
            try:
                jobs.append(replace(job, digest=content_hash(path)))
            except OSError as exc:
                refused.append(failed(job, "failed", f"cannot read file: {exc.strerror or exc}"))
    return jobs, refused


def _workers(text: str) -> int:
    """``--workers``: a positive number, or ``auto``; anything else is a one-line usage error."""
    if text == "auto":
        return AUTO
    if not text.isdigit() or int(text) < 1:
        raise UsageError(f"--workers must be a positive number or auto, got {text!r}")
    return int(text)


def _settings(args: argparse.Namespace) -> Settings:
    return Settings(ocr_engine=args.ocr_engine, ocr_model=args.ocr_model)


def _extract(args: argparse.Namespace) -> int:
    """Each file in a worker process under the same time and memory limits as a batch."""
    if absent := [str(p) for p in args.files if not (p.exists() or p.is_symlink())]:
        raise UsageError(f"no such file: {', '.join(map(shown, absent))}")
    _check_meta(args)
    settings = _settings(args)
    statuses = []
    with Store(args.out) as store, output_lock(args.out), routed_logs(args.out, args.verbose):
        _keep_meta(args, args.out)
        jobs, refused = _extract_jobs(args.files)
        for outcome in chain(refused, run_local(jobs, settings, 1, _limits(args))):
            store.save(outcome.record, outcome.document, outcome.crops)
            statuses.append(outcome.record.status)
            if outcome.record.reason:
                print(_extract_line(outcome), file=sys.stderr)
            else:
                _say(args, _extract_line(outcome))
        paths = export_store(args.out, args.format, args.encoding, settings)
    for path in paths:
        _say(args, f"wrote {path}")
    return _exit_code(statuses)


def _batch(args: argparse.Namespace) -> int:
    if not args.input_dir.is_dir():
        why = "is not a folder" if args.input_dir.exists() else "does not exist"
        raise UsageError(f"input folder {shown(str(args.input_dir))} {why}")
    _check_meta(args)
    settings = _settings(args)
    if args.executor == "dask" and (args.time_limit, args.memory_limit) != (DEFAULT_LIMITS.seconds, DEFAULT_LIMITS.memory_mb):
        print("warning: --time-limit and --memory-limit do not apply under --executor dask; "
              "the cluster's own worker limits (memory_limit, nanny restarts) do", file=sys.stderr)
    options = BatchOptions(
        workers=_workers(args.workers), executor=args.executor, scheduler=args.scheduler, retry_failed=args.retry_failed,
        quiet=args.quiet, limits=_limits(args), encoding=args.encoding,
    )
    make_output_folder(args.out)
    with output_lock(args.out), routed_logs(args.out, args.verbose):
        _keep_meta(args, args.out)
        summary = run_batch(args.input_dir, args.out, settings, options)
    counts = ", ".join(f"{n} {status}" for status, n in summary["by_status"].items())
    print(f"{summary['files']} files ({counts}), {summary['flagged_cells']} flagged cells; see {args.out / 'summary.md'}",
          file=sys.stderr)
    return _exit_code(list(summary["by_status"]))


def _review(args: argparse.Namespace) -> int:
    with Store(args.out_dir, create=False) as store:
        if args.export_queue:
            n = export_queue(store, args.export_queue, args.all)
            _say(args, f"wrote {n} cell(s) to review to {args.export_queue}")
            return 0
        if args.import_decisions:
            applied, problems = import_decisions(store, args.import_decisions, args.reviewer)
            for problem in problems:
                print(problem, file=sys.stderr)
            _say(args, f"applied {applied} decision(s) from {args.import_decisions}")
            return 1 if problems else 0
        terminal = sys.stdin.isatty() and sys.stdout.isatty() and os.environ.get("TERM") != "dumb"
        full_screen = args.full_screen or (terminal and not args.line_mode)
        color = (full_screen or sys.stdout.isatty()) and not args.no_color and "NO_COLOR" not in os.environ
        columns = shutil.get_terminal_size((100, 40)).columns
        session = Session(store, args.reviewer, args.all, columns, color)
        try:
            if full_screen:
                from .review.fullscreen import ReviewScreen  # prompt_toolkit: not for the workers, which import this module

                ReviewScreen(session, color).run()
                print(session.summary())
            else:
                session.run(sys.stdin, sys.stdout)
        except KeyboardInterrupt:  # every decision already made is in the store
            print("\ninterrupted; every decision made so far is saved. Run again to resume.")
    return 0


def _export(args: argparse.Namespace) -> int:
    _check_meta(args)
    Store(args.out_dir, create=False).close()  # a folder without output: refused before the metadata is kept
    with output_lock(args.out_dir):
        _keep_meta(args, args.out_dir)
        paths = export_store(args.out_dir, args.format, args.encoding)
    for path in paths:
        _say(args, f"wrote {path}")
    return 0


def _report(args: argparse.Namespace) -> int:
    Store(args.out_dir, create=False).close()  # a folder without output: refused, one line
    with routed_logs(args.out_dir, args.verbose):
        written = write_report(args.out_dir, _settings(args))
    for note in written.notes():
        print(f"no picture of {note}", file=sys.stderr)
    pictured = sum(bool(p.file) for images in written.pictures.values() for p in images)
    _say(args, f"wrote {written.index} ({len(written.pictures)} documents, {pictured} page pictures)")
    if args.open:
        webbrowser.open(written.index.resolve().as_uri())
    return 0


def _check_meta(args: argparse.Namespace) -> None:
    """A metadata file is checked, every bad line named, before anything is done."""
    if args.meta is not None:
        if not args.meta.is_file():
            raise UsageError(f"no such metadata file: {shown(str(args.meta))}")
        read_meta(args.meta)


def _keep_meta(args: argparse.Namespace, out_dir: Path) -> None:
    if args.meta is not None:
        _say(args, f"kept {keep_meta(args.meta, out_dir)} metadata entries as {out_dir / META_NAME}")


def _codebook(args: argparse.Namespace) -> int:
    if args.csv:
        if not args.csv.parent.is_dir():
            raise UsageError(f"folder {shown(str(args.csv.parent))} does not exist")
        n = write_codebook(args.csv, DEFAULT_SETTINGS.template, args.encoding)
        _say(args, f"wrote {n} keys to {args.csv}")
    else:
        print_codebook(sys.stdout, DEFAULT_SETTINGS.template)
    return 0


def _output_options(parser: argparse.ArgumentParser, formats: bool = True, engine: bool = True) -> None:
    parser.add_argument("--meta", type=Path, metavar="FILE.csv",
                        help=f"the scrape's metadata (columns path, body, year, url): overrides what was read; kept as DIR/{META_NAME}")
    if formats:
        parser.add_argument("--format", choices=FORMATS, default="csv",
                            help="xlsx (sheets cells, panel, codebook) and parquet need: pip install 'nianbao[analysis]'")
    parser.add_argument("--encoding", choices=ENCODINGS, default="utf-8-sig", help="CSV encoding (default: UTF-8 with BOM, for Excel)")
    if engine:
        parser.add_argument("--ocr-engine", choices=sorted(ENGINES), default="rapidocr", help="OCR for scanned pages (paddle needs nianbao[paddle])")
        parser.add_argument("--ocr-model", choices=MODELS, default=DEFAULT_SETTINGS.ocr_model,
                            help="PP-OCRv6 recognizer of the rapidocr engine (default tiny, its unsure readings re-read by small; small: alone, slower)")


def _limit_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--time-limit", type=float, default=DEFAULT_LIMITS.seconds, metavar="SECONDS",
                        help=f"per file (default {DEFAULT_LIMITS.seconds:.0f})")
    parser.add_argument("--memory-limit", type=float, default=DEFAULT_LIMITS.memory_mb, metavar="MB",
                        help=f"per worker process (default {DEFAULT_LIMITS.memory_mb:.0f})")


def _common() -> argparse.ArgumentParser:
    """-q and -v, the same on every command."""
    common = argparse.ArgumentParser(add_help=False)
    loudness = common.add_mutually_exclusive_group()
    loudness.add_argument("-q", "--quiet", action="store_true",
                          help="only errors on the terminal (batch: no progress bar, one JSON line per file on stdout)")
    loudness.add_argument("-v", "--verbose", action="count", default=0,
                          help=f"log INFO (-vv: DEBUG) in every process, worker processes included, and show it, "
                          f"the libraries' messages too, on the terminal (by default WARNING, only in DIR/{LOG_NAME})")
    return common


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="nianbao", description="Extract the tables of 政府信息公开工作年度报告 into checked data.",
                                     epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"nianbao {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    common = _common()
    add = functools.partial(sub.add_parser, parents=[common])
    ex = add("extract", help="extract reports into cells.csv and reports.csv")
    ex.add_argument("files", nargs="+", type=Path, metavar="FILE", help="PDF (digital or scanned), PNG/JPEG/TIFF, or .txt")
    ex.add_argument("--out", type=Path, required=True, metavar="DIR")
    _limit_options(ex)
    _output_options(ex)
    ex.set_defaults(run=_extract)

    ba = add("batch", help="process a whole scraped folder (recursively, .zip included), resumable")
    ba.add_argument("input_dir", type=Path, metavar="INPUT_DIR")
    ba.add_argument("--out", type=Path, required=True, metavar="DIR")
    ba.add_argument("--workers", default="auto", metavar="N|auto",
                    help="parallel worker processes (default auto: one per core, as many as the memory holds)")
    ba.add_argument("--executor", choices=EXECUTORS, default="local")
    ba.add_argument("--scheduler", metavar="tcp://HOST:PORT", help="dask scheduler, with --executor dask")
    ba.add_argument("--retry-failed", action="store_true", help="process again files that failed or timed out")
    _limit_options(ba)
    _output_options(ba, formats=False)
    ba.set_defaults(run=_batch)

    re = add(
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
    screen = re.add_mutually_exclusive_group()
    screen.add_argument("--full-screen", action="store_true",
                        help="one cell per screen, redrawn (the default when stdin and stdout are a terminal)")
    screen.add_argument("--line-mode", action="store_true",
                        help="one line per answer, the screen scrolls (the default for pipes and scripts)")
    re.add_argument("--export-queue", type=Path, metavar="FILE.csv", help="write the queue as a spreadsheet and exit")
    re.add_argument("--import-decisions", type=Path, metavar="FILE.csv", help="apply the filled `decision` column of a queue file")
    re.set_defaults(run=_review)

    exp = add("export", help="rewrite cells.csv / reports.csv of DIR with review decisions applied")
    exp.add_argument("out_dir", type=Path, metavar="DIR")
    _output_options(exp, engine=False)
    exp.set_defaults(run=_export)

    rp = add("report", help="write a static HTML check report of DIR (DIR/report/index.html)")
    rp.add_argument("out_dir", type=Path, metavar="DIR")
    rp.add_argument("--open", action="store_true", help="open the report in the web browser")
    rp.add_argument("--ocr-engine", choices=sorted(ENGINES), default="rapidocr",
                    help="the engine extraction used: scanned pages are repaired again with it for their pictures")
    rp.add_argument("--ocr-model", choices=MODELS, default=DEFAULT_SETTINGS.ocr_model, help="the recognizer extraction used")
    rp.set_defaults(run=_report)

    cb = add("codebook", help="every canonical key with its table, Chinese labels, forms, kind and unit")
    cb.add_argument("--csv", type=Path, metavar="FILE.csv", help="write it as CSV instead of printing it")
    cb.add_argument("--encoding", choices=ENCODINGS, default="utf-8-sig")
    cb.set_defaults(run=_codebook)
    return parser


def _stop(signum: int, frame: object) -> None:
    """SIGTERM ends a command as Ctrl-C does: cleanly, with a message."""
    raise KeyboardInterrupt(signal.Signals(signum).name)


def one_line(exc: BaseException) -> str:
    """An error as one printable line."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return shown(text)


def main(argv: list[str] | None = None) -> int:
    """Run a command; whatever goes wrong ends it with one line on stderr, never a traceback
    (``NIANBAO_TRACEBACK=1`` shows one, for a bug report)."""
    args = build_parser().parse_args(argv)
    on_main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _stop) if on_main_thread else None
    try:
        return args.run(args)
    except BrokenPipeError:  # `nianbao batch --quiet | head`: the reader left; what is done is stored
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except KeyboardInterrupt as exc:
        why = f" ({exc})" if str(exc) else ""
        print(f"\nnianbao: interrupted{why}; every file finished so far is saved: run the same command again to resume",
              file=sys.stderr)
        return 130
    except Exception as exc:
        if os.environ.get("NIANBAO_TRACEBACK"):
            raise
        known = isinstance(exc, (UsageError, StoreError, Locked, OSError, sqlite3.Error, ValueError))
        prefix = "error" if known else f"internal error ({type(exc).__name__}, please report it)"
        print(f"nianbao: {prefix}: {one_line(exc)}", file=sys.stderr)
        return 2
    finally:
        if on_main_thread:
            signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":
    raise SystemExit(main())
