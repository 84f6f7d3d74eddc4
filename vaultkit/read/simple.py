"""A fast path for the common note: the same facts as markdown-it-py, from a line scan.

Most notes are headings, paragraphs and short lists with wikilinks, tags and inline code. For
those, a line scan finds exactly what the markdown-it walk finds, several times faster. Anything
that could make the two differ (indented code, HTML, math, escapes, quotes, tables, Markdown
links, setext headings, rules, deep indentation, numbered lists) sends the note to markdown-it-py
instead. A differential test (tests/test_simple.py) holds the two to the same answers.
"""

from __future__ import annotations

import re

from .collect import Collector, Item
from .links import wikilink_target

# Lines or characters whose Markdown meaning the line scan does not model.
# Substrings whose Markdown meaning the line scan does not model (plain `in` tests: a regex
# search over the whole note cost more than the rest of the scan). `]:` is checked apart:
# it can end a reference definition's label, but never right after another `]` (a label
# holds no unescaped brackets), so log items like `[[2026-11-20]]: ...` stay on this path.
# `~~` is struck-through text (it hides links) or a fence the scan did not take: markdown-it's.
# Backticks are modelled: fences in column 0 (`_fences`) and code spans (`_Ticks`).
_UNSAFE_TEXT = ("<", "$", "\\", "\t", "\r", "\x00", "~~", "](", "][")
# A fenced code block that starts in column 0: modelled (its lines hold nothing for us).
_FENCE_OPEN = re.compile(r"(`{3,})[^`]*|(~{3,}).*")
# Lines the scan does not model, tested only on lines whose first character can start one.
_LINE_STARTS = frozenset(">0123456789-*+_=|:")
_UNSAFE_LINE = re.compile(
    r"^(?: {4}"  # indented code, or nesting deeper than we model
    r"| {0,3}(?:>"  # block quotes and callouts
    r"|\d{1,9}[.)](?:[ \t]|$)"  # ordered lists (interruption rules differ)
    r"|[-*+][ \t]*$"  # empty list items
    r"|[-*+] {5,}"  # list items whose content is indented code
    r"|[-*+] +(?:#|>|[-*+](?:[ \t]|$)|\d{1,9}[.)])"  # a heading, quote or list inside an item
    r"|([-*_])[ \t]*\1[ \t]*\1[-*_ \t]*$"  # thematic breaks (and `- - -`)
    r"|[=-]+[ \t]*$"  # setext underlines
    r"|\|?[ \t]*:?-+:?[ \t]*\|"  # a table's delimiter row
    r"))",
    re.MULTILINE,
)
_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_BULLET = re.compile(r"^( {0,3})[-*+]( {1,4})(\S.*)$")


def _fences(lines: list[str]) -> dict[int, int] | None:
    """Fenced code blocks opened in column 0: {first line index: index after the block}.

    None when a fence opens anywhere else (indented, or inside a list item's content), which
    the line scan does not model. An unclosed fence runs to the end, as in CommonMark.
    """
    found: dict[int, int] = {}
    i = 0
    while i < len(lines):
        line = lines[i]
        if "``" in line or "~~" in line:
            m = _FENCE_OPEN.fullmatch(line)
            if m is None:
                if re.match(r" {1,3}(?:`{3,}|~{3,})", line):
                    return None
                i += 1
                continue
            fence = m[1] or m[2]
            closing = re.compile(rf" {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*")
            end = i + 1
            while end < len(lines) and not closing.fullmatch(lines[end]):
                end += 1
            found[i] = min(end + 1, len(lines))
            i = found[i]
            continue
        i += 1
    return found


def walk_simple(collector: Collector, body: str) -> bool:
    """Tell `collector` what a line scan finds; False (and nothing told) when the note is not
    simple enough for the scan to be sure."""
    lines = body.split("\n")
    if "```" in body or "~~~" in body:
        fences = _fences(lines)
        if fences is None:
            return False
        for start, end in fences.items():
            lines[start:end] = [_CODE] * (end - start)
        body = "\n".join("" if line is _CODE else line for line in lines)
    defs = _trailing_definitions(lines)
    if defs is not None:  # Foam's link reference definitions (VAULT_FORMAT §14): no links
        start, labels = defs
        body = "\n".join("" if line is _CODE else line for line in lines[:start])
        if not _no_shortcut_to(body, labels):
            return False  # a `[label]` that markdown-it would take for a link
        lines[start:] = [""] * (len(lines) - start)
    if _unsafe_text(body):
        return False
    return _scan(collector, lines)


# A link reference definition on one line, in column 0, as Foam writes them at the end of a
# note: `[maya-chen]: maya-chen "Maya Chen"`. Other forms are left to markdown-it.
_REF_DEF = re.compile(r'\[([^\[\]\\^][^\[\]\\]{0,998})\]: +([^\s<"]\S*)(?: +"[^"\\]*")? *')


def _trailing_definitions(lines: list[str]) -> tuple[int, list[str]] | None:
    """(index of the first line, labels) of the definitions that end a note after a blank
    line; None when it ends otherwise. The labels are as markdown-it compares them."""
    end = len(lines)
    while end and lines[end - 1] is not _CODE and not lines[end - 1].strip():
        end -= 1
    start, labels = end, []
    while start and lines[start - 1] is not _CODE:
        m = _REF_DEF.fullmatch(lines[start - 1])
        if m is None:
            break
        label = " ".join(m[1].split()).casefold()
        if not label or not label.isascii():
            return None
        labels.append(label)
        start -= 1
    if start == end or (start and (lines[start - 1] is _CODE or lines[start - 1].strip())):
        return None
    return start, labels


def _no_shortcut_to(body: str, labels: list[str]) -> bool:
    """No `[label]` in the body but inside a plain `[[label]]` wikilink: once defined, the
    label makes a lone `[label]` a link, which only markdown-it models."""
    flat = " ".join(body.split()).casefold()
    for label in labels:
        key = f"[{label}]"
        at = flat.find(key)
        while at >= 0:
            after = at + len(key)
            opened = at >= 1 and flat[at - 1] == "[" and (at < 2 or flat[at - 2] != "[")
            closed = flat[after : after + 1] == "]" and flat[after + 1 : after + 2] != "]"
            if not (opened and closed):
                return False
            at = flat.find(key, at + 1)
    return True


def _unsafe_text(body: str) -> bool:
    if any(bad in body for bad in _UNSAFE_TEXT):
        return True
    at = body.find("]:")
    while at >= 0:
        if at == 0 or body[at - 1] != "]":
            return True
        at = body.find("]:", at + 2)
    return False


# Stands for a line of a fenced code block; compared by identity, so no text can be taken for it.
_CODE = "".join(["\x00", "code"])


def _scan(collector: Collector, lines: list[str]) -> bool:
    items: list[tuple[int, Item]] = []  # (content column, item), innermost last
    para: list[str] = []  # the open paragraph's lines, stripped
    para_line = 0
    para_item: Item | None = None

    def close() -> None:
        nonlocal para
        if para:
            _inline(collector, "\n".join(para), para_line, para_item)
            para = []

    for index, raw in enumerate(lines):
        if raw is _CODE:  # a code block in column 0 ends any list and paragraph
            close()
            items.clear()
            continue
        shape = _shape(raw)
        if shape is None:
            return _reset(collector)  # indented code, quotes, tables, ...: markdown-it's job
        indent, text, heading, bullet = shape
        if not text:
            close()
            continue
        line = collector.offset + index + 1
        if heading:
            if items and indent >= items[0][0]:
                return _reset(collector)  # a heading inside a list item: leave it to markdown-it
            close()
            items.clear()
            title = (heading[2] or "").strip()
            collector.heading(len(heading[1]), title, line)
            _inline(collector, title, line, None)
        elif bullet:
            close()
            _pop_to(items, indent)
            parent = items[-1][1] if items else None
            content = bullet[3].strip()
            if content.startswith("```"):
                return _reset(collector)  # a fenced code block inside a list item
            item = collector.new_item(line, parent)
            item.started = True
            collector.item(item, content)
            items.append((indent + 1 + len(bullet[2]), item))
            para, para_line, para_item = [content], line, item
        elif para and (para_item is None or indent >= items[-1][0]):
            para.append(text)  # a continuation line: same paragraph, same item
        else:  # a line less indented than the item's content stands on its own (§4)
            close()
            _pop_to(items, indent)
            para, para_line, para_item = [text], line, items[-1][1] if items else None
    close()
    return True


def _pop_to(items: list[tuple[int, Item]], indent: int) -> None:
    """Close the list items this line is not indented enough to belong to."""
    while items and indent < items[-1][0]:
        items.pop()


Shape = tuple[int, str, "re.Match[str] | None", "re.Match[str] | None"]


def _shape(raw: str) -> Shape | None:
    """(indent, text, heading, bullet) of one line; None when the scan does not model it."""
    stripped = raw.lstrip(" ")
    indent = len(raw) - len(stripped)
    if indent >= 4 or (stripped[:1] in _LINE_STARTS and _UNSAFE_LINE.match(raw)):
        return None
    text = raw.strip()
    first = text[:1]
    heading = _HEADING.match(raw) if first == "#" else None
    bullet = _BULLET.match(raw) if first and first in "-*+" else None
    return indent, text, heading, bullet


def _reset(collector: Collector) -> bool:
    """Give up on this body: the caller starts a fresh collector for markdown-it
    (`parse.parse`), so what was told so far is simply dropped."""
    return False


def _inline(collector: Collector, src: str, line: int, item: Item | None) -> None:
    """Wikilinks, code spans and text of one paragraph, met left to right as markdown-it's
    inline rules meet them: a code span hides the links and tags in it, a link the backticks
    in it."""
    pos = text_start = 0
    lines = _Lines(src, line)
    close = newline = start = -1
    length = len(src)
    ticks = _Ticks(src) if "`" in src else _NO_TICKS
    links = True  # a `]]` may still lie ahead
    while pos < length:
        if links and start < pos:
            start = src.find("[[", pos)
        found = ticks.before(pos, start)
        if found is not None:
            tick, pos, span = found
            if span:  # the text before it ends there; the text after it starts at `pos`
                _text(collector, lines, text_start, tick, item)
                text_start = pos
            continue
        if start < 0:
            break
        embed = start > 0 and src[start - 1] == "!"
        if close < start + 2:  # the last `]]` found is still ahead of us: no need to search
            close = src.find("]]", start + 2)
            if close < 0:  # no `]]` anywhere after: no more links, perhaps code spans
                links, start = False, -1
                continue
        end = close
        if newline < start + 2:
            newline = src.find("\n", start + 2)
            newline = length if newline < 0 else newline
        # each test looks only as far as it must, so a line of 10k `[` stays linear
        if newline < end or src.find("[[", start + 2, end) >= 0:
            pos = start + 1
            continue
        inner = src[start + 2 : end]
        if not inner.strip():
            pos = start + 1
            continue
        _text(collector, lines, text_start, start - 1 if embed else start, item)
        target = wikilink_target(inner)
        if target is not None:
            collector.link(target, lines.at(start), "wiki", embed, item)
        pos = text_start = end + 2
    _text(collector, lines, text_start, length, item)


class _Ticks:
    """The backtick runs of a paragraph, for markdown-it's code span rule: a run opens a span
    that the next run of the same length closes; a run with no such run after it is text.

    Runs are asked for in increasing order, each pairing found by one pass: linear in all.
    """

    def __init__(self, src: str) -> None:
        self.src = src
        runs = [(m.start(), m.end()) for m in _TICK_RUN.finditer(src)]
        after: list[int] = [-1] * len(runs)  # the index of the next run of the same length
        last: dict[int, int] = {}
        for i in range(len(runs) - 1, -1, -1):
            width = runs[i][1] - runs[i][0]
            after[i] = last.get(width, -1)
            last[width] = i
        self.runs, self.after, self.at = runs, after, 0

    def before(self, pos: int, limit: int) -> tuple[int, int, bool] | None:
        """The first run at or after `pos` and before `limit` (if `limit` >= 0): (its start,
        where the scan goes on, whether it opens a code span); None when there is none."""
        runs, at = self.runs, self.at
        while at < len(runs) and runs[at][0] < pos:
            at += 1
        self.at = at
        if at == len(runs) or 0 <= limit < runs[at][0]:
            return None
        start, end = runs[at]
        closer = self.after[at]
        if closer < 0:
            return start, end, False  # no closing run: the backticks are text
        return start, runs[closer][1], True  # over lines too: `_Lines` counts them


_TICK_RUN = re.compile(r"`+")
_NO_TICKS = _Ticks("")  # a paragraph without backticks (never changes: it has no runs)


class _Lines:
    """Line numbers of offsets in a paragraph, asked in increasing order: linear in all."""

    def __init__(self, src: str, first: int) -> None:
        self.src, self.counted, self.line = src, 0, first

    def at(self, offset: int) -> int:
        self.line += self.src.count("\n", self.counted, offset)
        self.counted = offset
        return self.line


def _text(collector: Collector, lines: _Lines, start: int, end: int, item: Item | None) -> None:
    text = lines.src[start:end]
    if "#" in text or "{{" in text or "<%" in text:
        line = lines.at(start)
        for n, piece in enumerate(text.split("\n")):  # markdown-it's text ends at line breaks
            collector.text(piece.rstrip(), line + n, item)
