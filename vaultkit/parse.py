"""One note's text -> NoteFacts. Pure: no I/O, no knowledge of other notes (cacheable per file).

The body goes through markdown-it-py so that code, comments, math and escapes hide links the
way Obsidian does; a cheap pre-check skips it for text that cannot hold anything we need.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.dollarmath import dollarmath_plugin

from .config import ParseOptions
from .dailyformat import match_daily
from .dates import DateValueError, parse_date
from .frontmatter import read_frontmatter
from .links import WIKILINK_RE, markdown_target, wikilink_plugin, wikilink_target
from .mdlinear import make_linear
from .models import Issue, Link, LinkKind, LogItem, NoteFacts, Task, TaskState
from .simple import walk_simple

BLOCK_BEGIN = "<!-- vaultkit:begin -->"
BLOCK_END = "<!-- vaultkit:end -->"
_NAME_DATE_RE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_TASK_RE = re.compile(r"^\[(.)\](?:[ \t]+|$)")
_LOG_DATE_RE = re.compile(
    r"^(?:\*\*|__)?(?:\[\[)?(\d{4}-\d{2}-\d{2})(?:\|[^\]\n]*)?(?:\]\])?(?:\*\*|__)?"
    r"(?=[\s:—–]|$)[ \t]*(?:[:—–-][ \t]*)?"
)
_DUE_RE = re.compile(r"(?:📅|🗓️?)\s*(\d{4}-\d{2}-\d{2})|[\[(]due::\s*(\d{4}-\d{2}-\d{2})\s*[\])]")
_TAG_RE = re.compile(r"(?:^|(?<=\s))#([\w\-/]*[^\W\d][\w\-/]*)")
_PREFIX_RE = re.compile(r"^\s*(?:>\s*)*(?:(?:[-*+]|\d+[.)])\s+)?(?:\[.\]\s+)?")
_OBSIDIAN_COMMENT_RE = re.compile(r"%%.*?%%", re.DOTALL)
_CELL_SPLIT_RE = re.compile(r"(?<!\\)\|")
MAX_CONTEXT = 240


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    """CommonMark + tables + math + wikilinks; emphasis is off because we only need raw text."""
    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    md.disable(["emphasis", "entity"])
    md.use(dollarmath_plugin, allow_space=False, allow_digits=False, double_inline=True)
    md.use(wikilink_plugin)
    md.options["maxNesting"] = 100  # the preset's 20 drops links ten list levels deep
    make_linear(md)  # the same tokens, in linear time on hostile text
    return md


def parse(relpath: str, text: str, options: ParseOptions | None = None) -> NoteFacts:
    """Facts of the note at vault-relative `relpath` with content `text` (BOM already removed)."""
    opts = options or ParseOptions()
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    fm = read_frontmatter(text)
    issues = [Issue("front-matter", relpath, line, msg) for line, msg in fm.errors]
    lines = text.split("\n")
    block, block_problem = find_block(lines)
    if block_problem:
        issues.append(Issue("markers", relpath, block_problem[0], block_problem[1]))
    body_lines = lines[fm.body_line :]
    if block:
        for i in range(block[0] - 1, block[1]):  # the block is ours: never read it back
            if i >= fm.body_line:
                body_lines[i - fm.body_line] = ""
    walker = Walker(relpath, lines, fm.body_line, {h.casefold() for h in opts.log_headings})
    body = "\n".join(body_lines)
    if "%%" in body:
        body = _OBSIDIAN_COMMENT_RE.sub(_blank, body)
    if _may_hold_markup(body) and not walk_simple(walker, body):
        walker = Walker(relpath, lines, fm.body_line, {h.casefold() for h in opts.log_headings})
        walker.walk(_markdown().parse(body))
    issues.extend(walker.issues)
    links = _frontmatter_links(fm.data, fm.raw, lines, fm.lines) + walker.links
    note_date = _note_date(relpath, fm.data, fm.lines, opts, issues)
    return NoteFacts(
        path=relpath,
        props=fm.data,
        prop_keys=fm.keys,
        prop_lines=fm.lines,
        date=note_date,
        body_tags=frozenset(walker.tags),
        links=tuple(links),
        log_items=tuple(walker.log_items),
        tasks=tuple(walker.tasks),
        issues=tuple(issues),
        block=block,
        has_frontmatter=fm.present,
    )


def _blank(m: re.Match[str]) -> str:
    """Obsidian `%%comments%%` hide what they hold; keep the newlines so line numbers stay right."""
    return "".join(ch if ch == "\n" else " " for ch in m[0])


def _may_hold_markup(body: str) -> bool:
    """Links, tags, tasks and ATX headings need `[` or `#`; setext headings need `---`/`===`."""
    return "[" in body or "#" in body or "\n---" in body or "\n===" in body or "](" in body


_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def find_block(lines: list[str]) -> tuple[tuple[int, int] | None, tuple[int, str] | None]:
    """The 1-based (begin, end) marker lines, or a problem (line, message) when they are broken.

    Only a marker alone on its line counts. One inside a fenced code block is a problem: the user
    is probably documenting vaultkit, and we must not write into their example.
    """
    if "vaultkit:" not in "".join(lines):  # the common case, without a line-by-line scan
        return None, None
    begins: list[int] = []
    ends: list[int] = []
    fenced: list[int] = []
    fence: str | None = None
    for i, line in enumerate(lines, 1):
        m = _FENCE_RE.match(line)
        if m and (fence is None or m[1].startswith(fence)):
            fence = m[1][:3] if fence is None else None
            continue
        text = line.strip()
        if text in (BLOCK_BEGIN, BLOCK_END):
            (fenced if fence else begins if text == BLOCK_BEGIN else ends).append(i)
    leave = "; the note is left alone"
    if fenced:
        return None, (fenced[0], "a vaultkit marker is inside a code block" + leave)
    if not begins and not ends:
        return None, None
    if len(begins) == 1 and len(ends) == 1 and begins[0] < ends[0]:
        return (begins[0], ends[0]), None
    if len(begins) > 1 or len(ends) > 1:
        return None, (min(begins[1:] + ends[1:]), "vaultkit markers appear more than once" + leave)
    if not ends:
        return None, (begins[0], f"'{BLOCK_BEGIN}' has no '{BLOCK_END}'" + leave)
    if not begins:
        return None, (ends[0], f"'{BLOCK_END}' has no '{BLOCK_BEGIN}'" + leave)
    return None, (ends[0], "the vaultkit end marker comes before the begin marker" + leave)


def _note_date(
    relpath: str,
    props: dict[str, Any],
    lines: dict[str, int],
    opts: ParseOptions,
    issues: list[Issue],
) -> date | None:
    """Front matter `date`/`day`, else a YYYY-MM-DD in the file name, else the daily-note format."""
    for key in ("date", "day"):
        if key in props and props[key] not in (None, ""):
            try:
                return parse_date(props[key])
            except DateValueError as exc:
                issues.append(Issue("bad-date", relpath, lines.get(key), f"'{key}': {exc}"))
    name = relpath.rsplit("/", 1)[-1][:-3]
    for m in _NAME_DATE_RE.finditer(name):
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            continue
    folder = opts.daily_folder
    stem = relpath[:-3]
    if folder and not stem.lower().startswith(folder.lower() + "/"):
        return None
    return match_daily(stem[len(folder) + 1 :] if folder else stem, opts.daily_format)


def _frontmatter_links(
    data: dict[str, Any], raw: str, lines: list[str], key_lines: dict[str, int]
) -> list[Link]:
    """Wikilinks in front matter values (e.g. `attendees: ["[[Jane]]"]`), with their line."""
    if "[[" not in raw:
        return []
    out: list[Link] = []
    for key, value in data.items():
        for text in _strings(value):
            for m in WIKILINK_RE.finditer(text):
                target = wikilink_target(m[2])
                if target is None:
                    continue
                line = _line_of(m[0], lines, key_lines.get(key, 2))
                context = f"{key}: {text}"[:MAX_CONTEXT]
                out.append(Link(target, line, context, "wiki", bool(m[1]), in_frontmatter=True))
    return out


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    return []


def _line_of(needle: str, lines: list[str], start: int) -> int:
    for i in range(start - 1, len(lines)):
        if needle in lines[i]:
            return i + 1
    return start


@dataclass
class Item:
    """A list item being walked: its task state and the date of the log item it belongs to."""

    line: int
    parent: Item | None
    started: bool = False
    task: TaskState | None = None
    log_line: int | None = None  # own or inherited dated log item


@dataclass
class Walker:
    """Walks markdown-it tokens once, collecting links, tags, tasks and log items."""

    path: str
    lines: list[str]
    offset: int  # 0-based file line of the body's first line
    log_headings: set[str]
    links: list[Link] = field(default_factory=list)
    tags: set[str] = field(default_factory=set)
    tasks: list[Task] = field(default_factory=list)
    log_items: list[LogItem] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    _log_level: int | None = None
    _contexts: dict[int, str] = field(default_factory=dict)

    def walk(self, tokens: list[Token]) -> None:
        items: list[Item] = []
        for i, tok in enumerate(tokens):
            kind = tok.type
            if kind == "heading_open":
                self.heading(int(tok.tag[1:]), tokens[i + 1].content)
            elif kind == "list_item_open":
                line = (tok.map[0] if tok.map else 0) + self.offset + 1
                parent = items[-1] if items else None
                items.append(Item(line, parent, log_line=parent.log_line if parent else None))
            elif kind == "list_item_close":
                items.pop()
            elif kind == "inline":
                item = items[-1] if items else None
                if item is not None and not item.started:
                    item.started = True
                    self.item(item, tok.content)
                self._inline(tok, item)

    def new_item(self, line: int, parent: Item | None) -> Item:
        return Item(line, parent, log_line=parent.log_line if parent else None)

    def heading(self, level: int, title: str) -> None:
        if self._log_level is not None and level <= self._log_level:
            self._log_level = None
        if title.strip().rstrip(":").strip().casefold() in self.log_headings:
            self._log_level = level

    def item(self, item: Item, content: str) -> None:
        first = content.split("\n", 1)[0]
        m = _TASK_RE.match(first)
        rest = first[m.end() :] if m else first
        in_log = self._log_level is not None
        if m:
            mark = m[1]
            item.task = "open" if mark in " /" else "done" if mark in "xX" else "other"
            self.tasks.append(Task(item.line, rest.strip(), item.task, _due(rest), in_log))
        if not in_log or item.task in ("open", "other"):
            return
        d = _LOG_DATE_RE.match(rest)
        if not d:
            return
        try:
            when = parse_date(d[1])
        except DateValueError as exc:
            self.issues.append(Issue("bad-date", self.path, item.line, f"log item: {exc}"))
            return
        item.log_line = item.line
        self.log_items.append(LogItem(when, item.line, rest[d.end() :].strip()[:MAX_CONTEXT]))

    def _inline(self, tok: Token, item: Item | None) -> None:
        line = (tok.map[0] if tok.map else 0) + self.offset + 1
        for child in tok.children or ():
            kind = child.type
            if kind in ("softbreak", "hardbreak"):
                line += 1
                continue
            if kind == "text":
                if "#" in child.content:
                    self.tags_in(child.content)
                continue
            target: str | None
            link_kind: LinkKind = "wiki"
            embed = False
            if kind == "wikilink":
                target, embed = wikilink_target(child.content), bool(child.meta["embed"])
            elif kind == "link_open":
                target, link_kind = markdown_target(str(child.attrGet("href") or "")), "md"
            else:
                continue
            if target is not None:
                self.add_link(target, line, link_kind, embed, item)

    def add_link(
        self, target: str, line: int, kind: LinkKind, embed: bool, item: Item | None
    ) -> None:
        task = item.task if item else None
        task_line = item.line if item and item.task else None
        log_line = item.log_line if item else None
        link = Link(target, line, self._context(line), kind, embed, task, task_line, log_line)
        self.links.append(link)

    def tags_in(self, text: str) -> None:
        for m in _TAG_RE.finditer(text):
            self.tags.add(m[1].casefold())

    def _context(self, line: int) -> str:
        """Once per line, not per link: a line of 100k links must stay linear."""
        text = self._contexts.get(line)
        if text is None:
            raw = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
            text = self._contexts[line] = context_text(raw)
        return text


def context_text(raw: str) -> str:
    """A link's line as pages show it: no list, task or quote markers; table cells joined."""
    text = _PREFIX_RE.sub("", raw, count=1).strip()
    if text.startswith("|"):
        cells = [c.strip() for c in _CELL_SPLIT_RE.split(text.strip("|"))]
        text = " · ".join(c.replace("\\|", "|") for c in cells if c)
    return text[:MAX_CONTEXT]


def _due(text: str) -> date | None:
    m = _DUE_RE.search(text)
    if not m:
        return None
    try:
        return parse_date(m[1] or m[2])
    except DateValueError:
        return None
