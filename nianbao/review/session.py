"""The review loop: one cell at a time, one answer per decision, every decision saved.

An answer is a line (a key, then Enter), so the session works over ssh, in any terminal,
and headless from a test or a script; the full-screen terminal UI (``fullscreen``) sends
the same answers to the same ``Session``. Each decision is committed to the store before
the next cell is shown: a crash or Ctrl-C loses at most the cell on screen. After a
decision the document is rebuilt from the store with all decisions applied, so the
equations shown and the queue (cells the arithmetic now confirms drop out) are current.

"As printed for this whole table" is one answer, so it is one undo: its decisions share a
``reason`` naming the answer, and undo takes back every standing decision of that answer.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import TextIO

from ..store import Decision, Store
from .decisions import apply_decisions
from .queue import AS_PRINTED, Item, build_queue, decision_for, document_items
from .screen import KEYS, describe, key_line

NOT_BY_ENTER = "Enter alone decides nothing: [a] accept proposal · [p] as printed · or a value"
THE_END = "Nothing left to review."
END_KEYS = "[u]ndo the last answer · [q]uit"
WHOLE_TABLE = "as printed for the whole table"
"""How the decisions of one ``t`` answer are marked (with the table and the answer's id)."""


class Session:
    def __init__(self, store: Store, reviewer: str, include_corrected: bool = False, columns: int = 100, color: bool = False) -> None:
        self.store = store
        self.reviewer = reviewer
        self.include_corrected = include_corrected
        self.columns = columns
        self.color = color
        self.queue: list[Item] = build_queue(store, include_corrected)
        self.skipped: list[Item] = []
        self.total = len(self.queue)
        self.decided = 0
        self.finished = False
        """Set when the reviewer has quit (or ended at the end of the queue)."""
        self.help = False
        """Set by ``?`` until the next answer: the screen shows the keys."""
        self._said: list[str] = []

    @property
    def current(self) -> Item | None:
        return self.queue[0] if self.queue else None

    @property
    def position(self) -> int:
        """The current cell's number in the review, 1 for the first."""
        return self.total - len(self.queue) - len(self.skipped) + 1

    @property
    def left(self) -> int:
        return len(self.queue) + len(self.skipped)

    def _tell(self, text: str) -> None:
        self._said.append(text)

    def _refresh(self, digest: str) -> None:
        """Rebuild one document's items after a decision: new sums, confirmed cells gone."""
        document = self.store.document(digest)
        assert document is not None, "a reviewed document is in the store"
        apply_decisions(document, digest, self.store.decisions(), self.store.settings)
        fresh = {i.cell.key: i for i in document_items(self.store, digest, document, self.include_corrected)}
        self.queue = [fresh[i.cell.key] if i.digest == digest else i
                      for i in self.queue if i.digest != digest or i.cell.key in fresh]

    def _save(self, decision: Decision, item: Item) -> None:
        self.store.decide(decision)
        self.decided += 1
        self.queue.remove(item)
        self._tell(f"saved: {decision.key} = {decision.new_value} ({decision.action})")

    def _decide(self, decision: Decision) -> None:
        self._save(decision, self.queue[0])
        self._refresh(decision.hash)

    def _as_printed_table(self, item: Item) -> None:
        """Every cell of ``item``'s table still in the queue confirmed as printed (a
        publisher's error that breaks a whole table), as one answer; a cell with nothing
        numeric printed stays, named."""
        answer = f"{WHOLE_TABLE} {item.cell.table}, answer {uuid.uuid4().hex[:12]}"
        same = [i for i in self.queue if i.digest == item.digest and i.cell.table == item.cell.table]
        saved = 0
        for other in same:
            try:
                decision = decision_for(other, AS_PRINTED, self.reviewer)
            except ValueError as exc:
                self._tell(f"{other.cell.key} stays: {exc}")
                continue
            self._save(replace(decision, reason=answer), other)
            saved += 1
        self._refresh(item.digest)
        stay = len(same) - saved
        self._tell(f"{saved} cell(s) of table {item.cell.table} confirmed as printed; [u] undoes them all"
                   + (f"; {stay} stay" if stay else ""))

    def _undo_answer(self) -> list[Decision]:
        """Take back the last answer: its decision, or every decision of a whole-table one."""
        undone = self.store.undo_last()
        if undone is None:
            return []
        taken = [undone]
        while undone.reason.startswith(WHOLE_TABLE) and (standing := self.store.decisions()):
            if (standing[-1].hash, standing[-1].reason) != (undone.hash, undone.reason) or not (more := self.store.undo_last()):
                break
            taken.append(more)
        return taken

    def _undo(self) -> None:
        taken = self._undo_answer()
        if not taken:
            self._tell("nothing to undo")
            return
        self.decided = max(0, self.decided - len(taken))
        digest, keys = taken[0].hash, [d.key for d in reversed(taken)]
        self._refresh(digest)
        if any(not any(i.digest == digest and i.cell.key == k for i in self.queue) for k in keys):  # some had left it
            skipped = {(i.digest, i.cell.key) for i in self.skipped}
            self.queue = [i for i in build_queue(self.store, self.include_corrected) if (i.digest, i.cell.key) not in skipped]
        back = [i for k in keys for i in self.queue if i.digest == digest and i.cell.key == k]
        self.queue = back + [i for i in self.queue if all(i is not b for b in back)]
        if len(taken) == 1:
            self._tell(f"undone: {taken[0].key} (was set to {taken[0].new_value})")
        else:
            self._tell(f"undone: {len(taken)} decisions of table {taken[0].key.split('.')[0]} ({WHOLE_TABLE})")

    def _jump(self, name: str) -> None:
        target = next((i for i in self.queue if name and name in i.name), None)
        if target is None:
            self._tell(f"no cell to review in a document named like {name!r}")
            return
        self.queue.remove(target)
        self.queue.insert(0, target)

    def answer(self, line: str) -> list[str]:
        """Act on one answer (a line without its newline); return what to tell the reviewer."""
        self._said, self.help = [], False
        answer = line.strip()
        command = answer.lower()
        item = self.current
        if item is None:  # the end of the queue: the last answer can still be taken back
            if command == "u":
                self._undo()
            elif command in ("q", ""):
                self.finished = True
            else:
                self._tell(f"{command!r}: nothing is left to review; [u]ndo or [q]uit")
        elif command == "":
            self._tell(NOT_BY_ENTER)
        elif command == "a":
            if item.proposal:
                self._decide(Decision(item.digest, item.cell.key, "accept", item.cell.value, item.proposal, reviewer=self.reviewer))
            else:
                self._tell("no proposal to accept: type the value, or p")
        elif command == "t":
            self._as_printed_table(item)
        elif command == "q":
            self.finished = True
        elif command == "s":
            self.skipped.append(self.queue.pop(0))
        elif command == "u":
            self._undo()
        elif command == "?":
            self.help = True
        elif command.startswith("j"):
            self._jump(answer[1:].strip())
        else:
            try:
                self._decide(decision_for(item, AS_PRINTED if command == "p" else answer, self.reviewer))
            except ValueError as exc:
                self._tell(str(exc))
        return self._said

    def summary(self) -> str:
        return f"{self.decided} decision(s) saved; {self.left} cell(s) left to review."

    def run(self, stdin: TextIO, out: TextIO) -> int:
        """Review line by line until the queue is empty, the input ends, or the reviewer
        quits; return the number of decisions made."""
        while not self.finished:
            item = self.current
            if item is None:
                out.write(f"{THE_END} {END_KEYS} > ")
            else:
                out.write("\n".join(describe(item, self.position, self.total, self.columns, self.color)) + "\n")
                out.write(key_line(item) + " > ")
            out.flush()
            line = stdin.readline()
            if not line:
                break
            said = self.answer(line)
            out.write("".join(f"  {text}\n" for text in said) + (KEYS + "\n" if self.help else ""))
        out.write(f"\n{self.summary()}\n")
        return self.decided
