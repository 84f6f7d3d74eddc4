"""The rules of a note's body (VAULT_FORMAT §4, §6), written once.

Two readers find a note's structure: the markdown-it walk (`mdwalk.py`) for any note, and the
line scan (`simple.py`) for the common simple one. Both tell a `Collector` what they meet —
a heading, a list item, a link, a piece of text — and the collector alone decides what that
means: which section is a log, which items and headings carry a date, which links sit in a
task, what a task's due and done dates are, which tags and template placeholders a note holds.
So a rule lives here and nowhere else, and the differential test (tests/test_simple.py) only
has to hold the two readers to the same structure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..core import kinds
from ..core.models import Issue, LineTag, Link, LinkKind, LogItem, Task, TaskState
from ..text.dates import DateValueError, leading_date, real_date
from ..text.topics import topic_key

MAX_CONTEXT = 240
_TASK_RE = re.compile(r"^\[(.)\](?:[ \t]+|$)")
# Logseq's task keywords (VAULT_FORMAT §13), as the checkbox they stand for, and its dates
_LOGSEQ_TASK_RE = re.compile(
    r"^(TODO|LATER|NOW|DOING|WAITING|WAIT|IN-PROGRESS|DONE|CANCELED|CANCELLED)"
    r"(?:[ \t]+\[#[A-Ca-c]\])?(?:[ \t]+|$)"
)
_LOGSEQ_MARKS = {"DONE": "x", "CANCELED": "-", "CANCELLED": "-"}
# a priority anywhere in a block (`[#A]`), which Logseq shows as a badge, never as text
_LOGSEQ_PRIORITY_RE = re.compile(r"[ \t]*(?<!\[)\[#[A-Ca-c]\](?!\])")
_LOGSEQ_DUE_RE = re.compile(r"\b(?:DEADLINE|SCHEDULED):[ \t]*<(\d{4})-(\d{2})-(\d{2})")
_DUE_RE = re.compile(
    r"(?:📅|🗓️?)\s*(\d{4})-(\d{2})-(\d{2})|[\[(]due::\s*(\d{4})-(\d{2})-(\d{2})\s*[\])]"
)
_DONE_RE = re.compile(r"✅\s*(\d{4})-(\d{2})-(\d{2})|[\[(]completion::\s*(\d{4})-(\d{2})-(\d{2})")
_TAG_RE = re.compile(r"(?:^|(?<=\s))#([\w\-/]*[^\W\d][\w\-/]*)")
_PREFIX_RE = re.compile(r"^\s*(?:>\s*)*(?:(?:[-*+]|\d+[.)])\s+)?(?:\[.\]\s+)?")
_CELL_SPLIT_RE = re.compile(r"(?<!\\)\|")
# Obsidian's core template variables and Templater's tags (VAULT_FORMAT §8).
PLACEHOLDER_RE = re.compile(
    r"\{\{\s*(?:date|time|title)(?:\s*:[^{}\n]*)?\s*\}\}|<%[-_*+]?[ \t\n]", re.IGNORECASE
)
# a Logseq block's `tags::` property line (a page's are its properties, §13)
TAGS_LINE_RE = re.compile(r"[ \t]*(?:- )?tags::", re.IGNORECASE)
_HEADING_LINE_RE = re.compile(r" {0,3}#{1,6}(?:[ \t]|$)")
# What a log heading may carry before its name: emoji, punctuation, spaces (`## 📞 Calls`).
_HEADING_LEAD_RE = re.compile(r"^[\W_]+")


@dataclass(slots=True)
class Item:
    """A list item being read: the task it belongs to and the dated entry it belongs to.

    Both are inherited by nested items: a link in an item under an open task is part of that
    follow-up, a link in an item under a dated log item is part of that interaction.
    """

    line: int
    parent: Item | None
    started: bool = False
    task: TaskState | None = None  # own task state, else the enclosing task's
    task_line: int | None = None
    log_line: int | None = None  # own or inherited dated entry
    log_block: bool = False  # a Logseq block named like a log, or one nested in it (§13)


@dataclass
class Collector:
    """What one note's body holds, told piece by piece by a reader."""

    path: str
    lines: list[str]  # the whole file's lines: headings look ahead for an entry's text
    offset: int  # 0-based file line of the body's first line
    log_headings: frozenset[str]
    daily_format: str
    links: list[Link] = field(default_factory=list)
    tags: set[str] = field(default_factory=set)
    tasks: list[Task] = field(default_factory=list)
    log_items: list[LogItem] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    line_tags: list[LineTag] = field(default_factory=list)  # of `kinds.LINE_TAGS`
    _log_level: int | None = None
    _entry: tuple[int, int] | None = None  # an open date heading: (level, line)
    _contexts: dict[int, str] = field(default_factory=dict)
    _placeholder: bool = False
    logseq: bool = False  # a Logseq graph's page: `TODO`/`DONE` blocks are tasks (§13)
    titles: str = ""  # a graph's journal title format: `[[Nov 25th, 2026]]` is a date (§13)

    # --- headings -------------------------------------------------------------------------

    def heading(self, level: int, title: str, line: int) -> None:
        """A heading closes the log section and dated entry it does not nest in; it opens a
        log section (`## 📞 Interactions`) or a dated entry (`### 2026-11-19`)."""
        if self._log_level is not None and level <= self._log_level:
            self._log_level = None
        if self._entry is not None and level <= self._entry[0]:
            self._entry = None
        if heading_name(title) in self.log_headings:
            self._log_level = level
        try:
            found = leading_date(title.strip(), self.daily_format, self.titles)
        except DateValueError as exc:
            self.issues.append(Issue("bad-date", self.path, line, f"heading: {exc}"))
            return
        if found is not None:
            when, rest = found
            self._entry = (level, line)
            text = self._entry_text(line) or title.strip()[rest:].strip()
            self.log_items.append(LogItem(when, line, text[:MAX_CONTEXT], heading=True))

    def _entry_text(self, line: int) -> str:
        """A dated entry's text: its first non-empty line, unless a heading comes first."""
        for raw in self.lines[line:]:
            if raw.strip():
                return "" if _HEADING_LINE_RE.match(raw) else context_text(raw, self.logseq)
        return ""

    # --- list items -----------------------------------------------------------------------

    def new_item(self, line: int, parent: Item | None) -> Item:
        if parent is None:
            entry = self._entry[1] if self._entry else None
            return Item(line, None, log_line=entry)
        return Item(
            line, parent, False, parent.task, parent.task_line, parent.log_line, parent.log_block
        )

    def item(self, item: Item, content: str) -> None:
        """The first line of a list item: is it a task, a dated log item? In a graph, a dated
        block or a block named like a log (§13)?"""
        first = content.split("\n", 1)[0]
        m = (_LOGSEQ_TASK_RE if self.logseq else _TASK_RE).match(first)
        rest = first[m.end() :] if m else first
        in_log = self._log_level is not None
        done: date | None = None
        if m:
            mark = _LOGSEQ_MARKS.get(m[1], " ") if self.logseq else m[1]
            item.task = "open" if mark in " /" else "done" if mark in "xX" else "other"
            item.task_line = item.line
            due = self._due(rest, content, item.line)
            if item.task == "done":
                done = self._task_date(_DONE_RE, rest, item.line, "done date")
            self.tasks.append(Task(item.line, rest.strip(), item.task, due, in_log, done))
        if self.logseq and not in_log:
            self._block(item, rest, done)
            return
        if not in_log or item.task in ("open", "other"):
            return
        try:
            found = leading_date(rest, self.daily_format, self.titles)
        except DateValueError as exc:
            self.issues.append(Issue("bad-date", self.path, item.line, f"log item: {exc}"))
            return
        if found is None and done is None:
            return
        when, start = found if found is not None else (done, 0)
        assert when is not None
        if done is not None:  # the day it was done wins over the day it was written under
            when = done
        item.log_line = item.line
        self.log_items.append(LogItem(when, item.line, rest[start:].strip()[:MAX_CONTEXT]))

    def _block(self, item: Item, rest: str, done: date | None) -> None:
        """A Logseq block outside a log heading (§13). One named `Log`, `Interactions` or
        `Timeline` (as a heading is) holds its page's log. One that starts with a date is a
        dated entry, as a date heading is: the people it and its children reference get
        contact on that date (the block's date wins over the journal's); on a person page, a
        top-level one, or one in a log block, is contact with that person too (`own`)."""
        if heading_name(rest.strip().rstrip("*_] ")) in self.log_headings:
            item.log_block = True
            return
        if item.task in ("open", "other"):
            return
        try:
            found = leading_date(rest, self.daily_format, self.titles)
        except DateValueError as exc:
            self.issues.append(Issue("bad-date", self.path, item.line, f"block: {exc}"))
            return
        if found is None:
            return
        when, start = found
        own = item.parent is None or item.parent.log_block
        text = rest[start:].strip()
        if not text or only_links(text):  # `- [[Nov 20th, 2026]]`, what happened under it
            text = self._child_text(item.line) or text
        item.log_line = item.line
        entry = LogItem(done or when, item.line, text[:MAX_CONTEXT], heading=True, own=own)
        self.log_items.append(entry)

    def _child_text(self, line: int) -> str:
        """The first line of a block's first child: the text of a block that holds only its
        date or links (`- [[Maya Chen]]` with what was said nested under it); "" when the
        line starts no block or the next block is not nested under it."""
        own = self.lines[line - 1].expandtabs(4) if 0 < line <= len(self.lines) else ""
        if not own.lstrip().startswith("- "):
            return ""
        depth = len(own) - len(own.lstrip())
        for raw in self.lines[line:]:
            if raw.strip():
                flat = raw.expandtabs(4)
                deeper = len(flat) - len(flat.lstrip()) > depth
                return context_text(raw, self.logseq) if deeper else ""
        return ""

    def _due(self, rest: str, content: str, line: int) -> date | None:
        """A task's due date; a Logseq block's is its `DEADLINE: <...>`, else `SCHEDULED:`."""
        if not self.logseq:
            return self._task_date(_DUE_RE, rest, line, "due date")
        found = {m[0].split(":", 1)[0]: m for m in _LOGSEQ_DUE_RE.finditer(content)}
        m = found.get("DEADLINE") or found.get("SCHEDULED")
        if m is None:
            return None
        try:
            return real_date(int(m[1]), int(m[2]), int(m[3]), f"{m[1]}-{m[2]}-{m[3]}")
        except DateValueError as exc:
            self.issues.append(Issue("bad-date", self.path, line, f"due date: {exc}"))
            return None

    def _task_date(self, pattern: re.Pattern[str], text: str, line: int, what: str) -> date | None:
        m = pattern.search(text)
        if not m:
            return None
        y, mo, d = (m[1], m[2], m[3]) if m[1] else (m[4], m[5], m[6])
        try:
            return real_date(int(y), int(mo), int(d), f"{y}-{mo}-{d}")
        except DateValueError as exc:
            self.issues.append(Issue("bad-date", self.path, line, f"{what}: {exc}"))
            return None

    # --- inline content -------------------------------------------------------------------

    def link(self, target: str, line: int, kind: LinkKind, embed: bool, item: Item | None) -> None:
        if self.logseq and kind == "wiki":
            kind = "page"  # `[[People/Maya Chen]]` names a page in a namespace, not a path
        if item is not None:
            task, task_line, log_line = item.task, item.task_line, item.log_line
        else:
            task = task_line = None
            log_line = self._entry[1] if self._entry else None
        link = Link(target, line, self._context(line), kind, embed, task, task_line, log_line)
        self.links.append(link)

    def text(self, text: str, line: int, item: Item | None = None) -> None:
        """Plain text (one line of it): tags, the line tags of registered kinds (asks and
        offers: `#ask/housing`), and template placeholders left in a note."""
        if "#" in text:
            if self.logseq and self._tags_line(line):  # a block's `tags::`: references only
                for tag in _TAG_RE.finditer(text):
                    self.link(tag[1], line, "tag", False, item)
                return
            line_tags = kinds.LINE_TAGS
            for tag in _TAG_RE.finditer(text):
                name = tag[1].casefold()
                self.tags.add(name)
                kind = line_tags.get(name.partition("/")[0])
                if kind is not None:
                    self._line_tag(tag[1], kind, line, item)
                elif self.logseq:  # a graph's `#maya` is a reference to the page `maya` (§13)
                    self.link(tag[1], line, "tag", False, item)
        # Logseq's own syntax (`{{query ...}}`, `<% today %>`) is no left-over placeholder
        if ("{{" in text or "<%" in text) and not self._placeholder and not self.logseq:
            found = PLACEHOLDER_RE.search(text)
            if found:  # one per note: the vault gets one hint in all
                self._placeholder = True
                self.issues.append(placeholder_issue(self.path, line, found[0]))

    def _tags_line(self, line: int) -> bool:
        """A block's `tags::` line (§13): it tags the block, not the page, so its values are
        only references (`tags:: person` makes no person, `tags:: gift` no gift idea)."""
        return 0 < line <= len(self.lines) and TAGS_LINE_RE.match(self.lines[line - 1]) is not None

    def _line_tag(self, tag: str, kind: kinds.Kind[Any], line: int, item: Item | None) -> None:
        """A `#head[/topic]` tag of a registered kind (an ask or offer, VAULT_FORMAT §11):
        closed when its own line is a checked task; dated by the log item or date heading it
        sits under (the note's date is added by the rules). A kind whose tags need a topic
        takes only `#head/<topic>`, and reports `#head/` with none."""
        head, slash, rest = tag.partition("/")
        head = head.casefold()
        topic = topic_key(rest) if slash else ""
        if kind.topic_required and not topic:
            if slash:
                message = f"'#{tag}' has no topic; write it like #{head}/housing"
                self.issues.append(Issue(f"bad-{head}", self.path, line, message))
            return
        closed = item is not None and item.task == "done" and item.task_line == line
        entry = self._entry[1] if self._entry else None
        log_line = item.log_line if item is not None else entry
        self.line_tags.append(LineTag(head, topic, line, self._context(line), closed, log_line))

    def _context(self, line: int) -> str:
        """Once per line, not per link: a line of 100k links must stay linear."""
        text = self._contexts.get(line)
        if text is None:
            raw = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
            text = context_text(raw, self.logseq)
            if self.logseq and only_links(text):  # `- [[Maya Chen]]`, the talk nested under it
                text = self._child_text(line) or text
            self._contexts[line] = text
        return text


_REFERENCE_RE = re.compile(r"#?\[\[[^\[\]]*\]\]|#[\w\-/]+|\(\([^()]*\)\)")


def only_links(text: str) -> bool:
    """A Logseq block that says nothing but whom or what it references (`[[Maya Chen]]`,
    `#maya, [[Sam]]`): its text is in the block nested under it (§13)."""
    if "[[" not in text and "#" not in text:
        return False
    rest = _REFERENCE_RE.sub("", text)
    return not any(c.isalnum() for c in rest)


def heading_name(title: str) -> str:
    """A heading as the log rule compares it: no emoji or punctuation before it, no `:` after,
    case-folded (`## 📞 Interactions:` is `interactions`). `vaultkit log` uses it too."""
    return _HEADING_LEAD_RE.sub("", title.strip()).rstrip(":").strip().casefold()


def placeholder_issue(path: str, line: int | None, found: str) -> Issue:
    shown = " ".join(found.split())
    return Issue("template-placeholder", path, line, f"template placeholder '{shown}'")


def context_text(raw: str, logseq: bool = False) -> str:
    """A link's line as pages show it: no list, task or quote markers; table cells joined. In a
    Logseq graph (`logseq`) a task's keyword and a priority are markers too (`DONE [#A] texted
    [[Lucas]]` reads `texted [[Lucas]]`, as `- [x] texted [[Lucas]]` does)."""
    text = _PREFIX_RE.sub("", raw, count=1).strip()
    if logseq:
        m = _LOGSEQ_TASK_RE.match(text)
        text = text[m.end() :] if m else text
        if "[#" in text:
            text = _LOGSEQ_PRIORITY_RE.sub("", text).strip()
    if text.startswith("|"):
        cells = [c.strip() for c in _CELL_SPLIT_RE.split(text.strip("|"))]
        text = " · ".join(c.replace("\\|", "|") for c in cells if c)
    return text[:MAX_CONTEXT]
