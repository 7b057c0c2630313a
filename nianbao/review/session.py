"""The review loop: one cell at a time, one line of input per decision, every decision saved.

Input is read line by line (a key, then Enter), so the session works over ssh, in any
terminal, and headless from a test or a script. Each decision is committed to the store
before the next cell is shown: a crash or Ctrl-C loses at most the cell on screen. After a
decision the document is rebuilt from the store with all decisions applied, so the
equations shown and the queue (cells the arithmetic now confirms drop out) are current.
"""

from __future__ import annotations

from typing import TextIO

from ..store import Decision, Store
from .decisions import apply_decisions
from .queue import AS_PRINTED, Item, build_queue, decision_for, document_items
from .screen import KEYS, describe


NOT_BY_ENTER = "Enter alone decides nothing: [a] accepts the proposal (a best guess), or type the value, or p"


class Session:
    def __init__(self, store: Store, reviewer: str, include_corrected: bool = False, columns: int = 100, color: bool = False) -> None:
        self.store = store
        self.reviewer = reviewer
        self.include_corrected = include_corrected
        self.columns = columns
        self.color = color
        self.queue: list[Item] = build_queue(store, include_corrected)
        self.total = len(self.queue)
        self.decided = 0

    def _refresh(self, digest: str) -> None:
        """Rebuild one document's items after a decision: new sums, confirmed cells gone."""
        document = self.store.document(digest)
        assert document is not None, "a reviewed document is in the store"
        apply_decisions(document, digest, self.store.decisions())
        fresh = {i.cell.key: i for i in document_items(self.store, digest, document, self.include_corrected)}
        self.queue = [fresh.get(i.cell.key) if i.digest == digest else i for i in self.queue]
        self.queue = [i for i in self.queue if i is not None]

    def _save(self, decision: Decision, item: Item, out: TextIO) -> None:
        self.store.decide(decision)
        self.decided += 1
        self.queue.remove(item)
        out.write(f"  saved: {decision.key} = {decision.new_value} ({decision.action})\n")

    def _decide(self, decision: Decision, out: TextIO) -> None:
        self._save(decision, self.queue[0], out)
        self._refresh(decision.hash)

    def _as_printed_table(self, item: Item, out: TextIO) -> None:
        """Every cell of ``item``'s table still in the queue confirmed as printed (a
        publisher's error that breaks a whole table); a cell with nothing numeric printed
        stays, named."""
        same = [i for i in self.queue if i.digest == item.digest and i.cell.table == item.cell.table]
        for other in same:
            try:
                decision = decision_for(other, AS_PRINTED, self.reviewer)
            except ValueError as exc:
                out.write(f"  {other.cell.key} stays: {exc}\n")
                continue
            self._save(decision, other, out)
        self._refresh(item.digest)

    def _undo(self, out: TextIO) -> None:
        undone = self.store.undo_last()
        if undone is None:
            out.write("  nothing to undo\n")
            return
        self.decided -= 1
        self._refresh(undone.hash)
        back = next((i for i in self.queue if i.digest == undone.hash and i.cell.key == undone.key), None)
        if back is None:  # it had left the queue: rebuild it from the store
            self.queue = build_queue(self.store, self.include_corrected)
            back = next((i for i in self.queue if i.digest == undone.hash and i.cell.key == undone.key), None)
        if back is not None:
            self.queue.remove(back)
            self.queue.insert(0, back)
        out.write(f"  undone: {undone.key} (was set to {undone.new_value})\n")

    def _jump(self, name: str, out: TextIO) -> None:
        target = next((i for i in self.queue if name and name in i.name), None)
        if target is None:
            out.write(f"  no cell to review in a document named like {name!r}\n")
            return
        self.queue.remove(target)
        self.queue.insert(0, target)

    def run(self, stdin: TextIO, out: TextIO) -> int:
        """Review until the queue is empty, the input ends, or the reviewer quits; return
        the number of decisions made."""
        skipped: list[Item] = []
        while True:
            if not self.queue:  # the end of the queue: the last decision can still be taken back
                out.write("Nothing left to review. [u]ndo the last decision · [q]uit > ")
                out.flush()
                if stdin.readline().strip().lower() != "u":
                    break
                self._undo(out)
                continue
            item = self.queue[0]
            position = self.total - len(self.queue) - len(skipped) + 1
            out.write("\n".join(describe(item, position, self.total, self.columns, self.color)) + "\n")
            accept = f"[a] accept proposal {item.proposal}" if item.proposal else "no proposal"
            out.write(f"{accept} · number · [p] as printed · [t] as printed, whole table · [s]kip · [u]ndo · "
                      "[j] NAME · [q]uit · [?] > ")
            out.flush()
            line = stdin.readline()
            if not line:
                break
            answer = line.strip()
            command = answer.lower()
            if command == "":
                out.write(f"  {NOT_BY_ENTER}\n")
            elif command == "a":
                if not item.proposal:
                    out.write("  no proposal to accept: type the value, or p\n")
                    continue
                self._decide(Decision(item.digest, item.cell.key, "accept", item.cell.value, item.proposal, reviewer=self.reviewer), out)
            elif command == "t":
                self._as_printed_table(item, out)
            elif command == "q":
                break
            elif command == "s":
                skipped.append(self.queue.pop(0))
            elif command == "u":
                self._undo(out)
            elif command == "?":
                out.write(KEYS + "\n")
            elif command.startswith("j"):
                self._jump(answer[1:].strip(), out)
            else:
                try:
                    decision = decision_for(item, "as printed" if command == "p" else answer, self.reviewer)
                except ValueError as exc:
                    out.write(f"  {exc}\n")
                    continue
                self._decide(decision, out)
        left = len(self.queue) + len(skipped)
        out.write(f"\n{self.decided} decision(s) saved; {left} cell(s) left to review.\n")
        return self.decided
