"""The full-screen review driven headlessly: the real application writes its escape codes
to a virtual 80×24 terminal (pyte), one answer per redraw, and each screen is checked."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pyte
import pytest
from conftest import ROOT
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output.vt100 import Vt100_Output

from nianbao.review.fullscreen import ReviewScreen
from nianbao.review.queue import build_queue
from nianbao.review.session import NOT_BY_ENTER, Session
from nianbao.store import Store

COLUMNS, ROWS = 80, 24
ALTERNATE_SCREEN = "\x1b[?1049h"
"""What a full-screen application writes first: the terminal's alternate screen."""


class Terminal:
    """What prompt_toolkit writes to, drawn as a terminal of ``COLUMNS``×``ROWS`` draws it."""

    encoding = "utf-8"

    def __init__(self) -> None:
        self.screen = pyte.Screen(COLUMNS, ROWS)
        self.stream = pyte.Stream(self.screen)

    def write(self, data: str) -> None:
        self.stream.feed(data)

    def flush(self) -> None:
        pass


def drive(out: Path, answers: list[str], color: bool = False) -> tuple[list[list[str]], list[str], Terminal]:
    """Review ``out`` on the full screen, one answer per redraw; return each screen shown
    before an answer (and the last), the messages shown, and the terminal."""
    terminal = Terminal()
    output = Vt100_Output(terminal, lambda: Size(rows=ROWS, columns=COLUMNS), term="xterm-256color", enable_cpr=False)
    screens: list[list[str]] = []
    pending = list(answers)
    with Store(out) as store, create_pipe_input() as keys:
        session = Session(store, "tester")
        review = ReviewScreen(session, color, input=keys, output=output)
        answer, answered = session.answer, []

        def counted(line: str) -> list[str]:
            answered.append(line)
            return answer(line)

        def after_render(app: object) -> None:
            if len(screens) == len(answered) and not session.finished:  # the first redraw after an answer
                screens.append(list(terminal.screen.display))
                if pending:
                    keys.send_text(pending.pop(0) + "\r")

        session.answer = counted  # type: ignore[method-assign]
        review.app.after_render += after_render
        review.run()
    return screens, [s[ROWS - 4] for s in screens], terminal


def test_every_cell_is_a_whole_80x24_screen_with_its_header(out_dir: Path) -> None:
    with Store(out_dir) as store:
        queue = build_queue(store)
    n = len(queue)
    answers = ["", "seven", *["p"] * n, "x", "u", "?", "s", "q"]
    screens, messages, _ = drive(out_dir, answers)
    assert len(screens) == len(answers)
    for screen in screens:  # the header, the keys and the input line on every screen
        assert len(screen) == ROWS and screen[0].startswith("[") and " decided · " in screen[0]
        assert "[u]ndo" in screen[ROWS - 3] + screen[ROWS - 2] and screen[ROWS - 1].startswith(">")
    for k, screen in enumerate(screens[2: n + 2]):  # each cell in turn, after k answers "as printed"
        item = queue[k]
        assert screen[0].startswith(f"[{k + 1}/{n}] {k} decided · ") and item.name[-20:] in screen[0]
        assert f"({item.cell.table})" in screen[1]
        assert item.cell.row_label in screen[2] and item.cell.column_label in screen[3]
        assert f"[a] accept proposal {item.proposal}" in screen[ROWS - 3]
        assert sum(bool(set(line.strip()) & set("#%@=+*")) for line in screen[8:ROWS - 4]) >= 4  # the row picture
    assert NOT_BY_ENTER[:COLUMNS - 1] in messages[1] and "'seven' is not a number" in messages[2]
    end = screens[n + 2]
    assert end[0].startswith(f"[{n}/{n}] {n} decided") and "Nothing left to review" in end[2]
    assert "nothing is left to review" in messages[n + 3]
    assert f"undone: {queue[-1].cell.key}" in messages[n + 4] and queue[-1].cell.row_label in screens[n + 4][2]
    assert "keys (then Enter):" in screens[n + 5][2] and any("accept the proposal" in line for line in screens[n + 5])
    assert "Nothing left to review" in screens[n + 6][2]  # the last cell skipped
    with Store(out_dir) as store:
        assert len(store.decisions()) == n - 1


def test_the_picture_is_drawn_in_colour_half_blocks(out_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLORTERM", "truecolor")
    screens, _, terminal = drive(out_dir, ["q"], color=True)
    picture = [y for y, line in enumerate(screens[0]) if "▀" in line]
    assert len(picture) >= 4 and all(y < ROWS - 4 for y in picture)
    colours = {(c.fg, c.bg) for y in picture for c in terminal.screen.buffer[y].values() if c.data == "▀"}
    assert len(colours) >= 3 and any(fg != "default" for fg, _ in colours)


def _read(fd: int) -> bytes:
    """What the program wrote next; b"" once it has closed the terminal (a stuck program
    fails the test after a minute instead of hanging it)."""
    ready, _, _ = select.select([fd], [], [], 60)
    assert ready, "nothing on the terminal for a minute"
    try:
        return os.read(fd, 65536)
    except OSError:  # the terminal closed with the process
        return b""


def _in_a_terminal(out: Path, *flags: str) -> tuple[int, str]:
    """Run ``nianbao review`` on an 80×24 pseudo-terminal, answer q; (exit code, output)."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TERM": "xterm-256color"}
    process = subprocess.Popen([sys.executable, "-m", "nianbao.cli", "review", str(out), *flags],
                               stdin=follower, stdout=follower, stderr=follower, env=env, close_fds=True)
    os.close(follower)
    shown = b""
    while b"[q]uit" not in shown:  # the first screen is up: answer
        shown += _read(leader)
    os.write(leader, b"q\r")
    while chunk := _read(leader):
        shown += chunk
    os.close(leader)
    return process.wait(timeout=60), shown.decode("utf-8", "replace")


def test_a_real_terminal_gets_the_full_screen_and_line_mode_on_request(out_dir: Path) -> None:
    code, shown = _in_a_terminal(out_dir)
    assert code == 0 and ALTERNATE_SCREEN in shown and "0 decision(s) saved" in shown
    code, shown = _in_a_terminal(out_dir, "--line-mode")
    assert code == 0 and ALTERNATE_SCREEN not in shown and "0 decision(s) saved" in shown
