"""One note's text -> NoteFacts. Pure: no I/O, no knowledge of other notes (cacheable per file).

The front matter is split and loaded here; the body is read by the line scan (`simple.py`)
when it is simple enough, else by markdown-it-py (`mdwalk.py`), and both tell the same
`Collector` (`collect.py`), where the rules of the body live.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from functools import partial
from typing import Any

from ..core.models import Issue, Link, NoteFacts
from ..text.daily_names import NAME_DATE_RE, daily_date
from ..text.dates import DateValueError, parse_date
from . import logseq
from .collect import (
    MAX_CONTEXT,
    PLACEHOLDER_RE,
    TAGS_LINE_RE,
    Collector,
    context_text,
    placeholder_issue,
)
from .config import ParseOptions
from .frontmatter import FrontMatter, norm_key, read_frontmatter
from .links import WIKILINK_RE, wikilink_target
from .markers import find_block
from .mdwalk import walk_markdown
from .simple import walk_simple

_OBSIDIAN_COMMENT_RE = re.compile(r"%%.*?%%", re.DOTALL)


def parse(relpath: str, text: str, options: ParseOptions | None = None) -> NoteFacts:
    """Facts of the note at vault-relative `relpath` with content `text` (BOM already removed)."""
    opts = options or ParseOptions()
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    fm = read_frontmatter(text)
    fm = _with_properties(fm, text, opts)
    if is_page(fm.data):  # vaultkit's own page, wherever it lies: its body is not read
        return NoteFacts(relpath, fm.data, fm.keys, fm.lines, None, frozenset(), (), (), (), ())
    issues = [Issue("front-matter", relpath, line, msg) for line, msg in fm.errors]
    lines = text.split("\n")
    block, block_problem = find_block(lines, bullets=opts.dialect == "logseq")
    if block_problem:
        issues.append(Issue("markers", relpath, block_problem[0], block_problem[1]))
    body_lines = lines[fm.body_line :]
    if block:
        for i in range(block[0] - 1, block[1]):  # the block is ours: never read it back
            if i >= fm.body_line:
                body_lines[i - fm.body_line] = ""
    headings = frozenset(h.casefold() for h in opts.log_headings)
    graph = opts.dialect == "logseq"
    titles = _titles(opts)
    # told afresh each time a reader starts over
    fresh = partial(
        Collector,
        relpath,
        lines,
        fm.body_line,
        headings,
        opts.daily_format,
        logseq=graph,
        titles=titles,
    )
    collector = fresh()
    body_lines = _graph_body(body_lines) if graph else body_lines
    body = "\n".join(body_lines)
    if "%%" in body:
        body = _OBSIDIAN_COMMENT_RE.sub(_blank, body)
    if _may_hold_markup(body) and not walk_simple(collector, body):
        # the line scan gave up part way: markdown-it reads the body again, told afresh
        collector = fresh()
        try:
            walk_markdown(collector, body)
        except Exception as exc:
            # markdown-it-py 4.3 raises IndexError on a few odd shapes (`> - <!--` then `> `
            # at the end of a note). Never a crash: the body is reported and not read; the
            # front matter still counts (a person stays a person).
            collector = fresh()
            issues.append(_unreadable_body(relpath, fm.body_line, exc))
    if (
        fm.raw
        and ("{{" in fm.raw or "<%" in fm.raw)
        and not any(i.kind == "template-placeholder" for i in collector.issues)
    ):
        m = PLACEHOLDER_RE.search(fm.raw)
        if m:
            issues.append(placeholder_issue(relpath, _line_of(m[0], lines, 2), m[0]))
    issues.extend(collector.issues)
    note_date = _note_date(relpath, fm.data, fm.lines, opts, issues)
    body_text = body_lines if note_date is not None else []  # a meeting: what it was about
    links = _frontmatter_links(relpath, fm, lines, body_text) + collector.links
    return NoteFacts(
        path=relpath,
        props=fm.data,
        prop_keys=fm.keys,
        prop_lines=fm.lines,
        date=note_date,
        body_tags=frozenset(collector.tags),
        line_tags=tuple(collector.line_tags),
        links=tuple(links),
        log_items=tuple(collector.log_items),
        tasks=tuple(collector.tasks),
        issues=tuple(issues),
        block=block,
        has_frontmatter=fm.present,
        title=_title_of(relpath, fm.data, body_lines, opts),
    )


def _titles(opts: ParseOptions) -> str:
    """A graph's journal title format (§13): a link to a journal title is a date; "" elsewhere."""
    return (opts.journal_title or logseq.JOURNAL_TITLE) if opts.dialect == "logseq" else ""


def _unreadable_body(relpath: str, body_line: int, exc: Exception) -> Issue:
    reason = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return Issue(
        "unreadable",
        relpath,
        body_line + 1,
        f"its text could not be read as Markdown (markdown-it-py: {reason}); only its front "
        "matter is used. Unusual quote or comment shapes near the end cause this; please "
        "report it with the note's text",
    )


def is_page(props: dict[str, Any]) -> bool:
    """A page vaultkit wrote (`generated_by: vaultkit` in its front matter) is never a note
    (§1, §9): not a person, not a contact, not a mention, not counted; a page the output
    folder left behind when it was renamed, or one `[outputs]` sent into the vault, included."""
    return props.get("generated_by") == "vaultkit"


def _blank(m: re.Match[str]) -> str:
    """Obsidian `%%comments%%` hide what they hold; keep the newlines so line numbers stay right."""
    return "".join(ch if ch == "\n" else " " for ch in m[0])


def _may_hold_markup(body: str) -> bool:
    """Links, tags, tasks and ATX headings need `[` or `#`; setext headings need `---`/`===`;
    template placeholders `{{` or `<%`."""
    return (
        "[" in body
        or "#" in body
        or "\n---" in body
        or "\n===" in body
        or "](" in body
        or "{{" in body
        or "<%" in body
    )


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
                return parse_date(props[key], opts.daily_format, _titles(opts))
            except DateValueError as exc:
                issues.append(Issue("bad-date", relpath, lines.get(key), f"'{key}': {exc}"))
    name = relpath.rsplit("/", 1)[-1][:-3]
    for m in NAME_DATE_RE.finditer(name):
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            continue
    return daily_date(relpath, opts.daily_folder, opts.daily_format)


def _frontmatter_links(
    relpath: str, fm: FrontMatter, lines: list[str], body: list[str]
) -> list[Link]:
    """Wikilinks in front matter values (e.g. `attendees: ["[[Jane]]"]`), with their line.
    Their text, shown for the interaction or mention, is the first line of text of `body` (a
    dated note's: what the meeting was about); else the note's title and the property
    (`Offsite planning (attendees)`, `Jane Doe (partner)`): the YAML line itself says nothing
    a reader needs."""
    if "[[" not in fm.raw:
        return []
    out: list[Link] = []
    title = _title(relpath, fm.data)
    first = _first_text(body)
    for key, value in fm.data.items():
        context = first or f"{title} ({fm.keys.get(key, key)})"[:MAX_CONTEXT]
        for text in _strings(value):
            for m in WIKILINK_RE.finditer(text):
                target = wikilink_target(m[2])
                if target is None:
                    continue
                line = _line_of(m[0], lines, fm.lines.get(key, 2))
                out.append(Link(target, line, context, "wiki", bool(m[1]), in_frontmatter=True))
    return out


_NOT_TEXT_RE = re.compile(r" {0,3}(?:#{1,6}(?:\s|$)|```|~~~|<!--|%%|\||(?:[-*_=][ \t]*)+$)")


def _first_text(body: list[str]) -> str:
    """A note's first line of text as pages show lines: headings, fences, comments, rules and
    tables are passed over (a meeting note's `# Title` or `## Agenda` says nothing new)."""
    for raw in body:
        if raw.strip() and not _NOT_TEXT_RE.match(raw):
            text = context_text(raw)
            if text:
                return text
    return ""


def _title(relpath: str, props: dict[str, Any]) -> str:
    """A note's title: its `title` property, else its file name (as Obsidian shows it)."""
    title = props.get("title")
    if isinstance(title, str) and title.strip():
        return " ".join(title.split())
    name = relpath.rsplit("/", 1)[-1]
    return name[:-3] if name.lower().endswith(".md") else name


_H1_RE = re.compile(r" {0,3}# +(.*?)(?: +#+)? *$")
_FENCE_RE = re.compile(r" {0,3}(```|~~~)")


def _title_of(relpath: str, props: dict[str, Any], body: list[str], opts: ParseOptions) -> str:
    if opts.dialect == "foam":
        return foam_title(props, body)
    if opts.dialect == "logseq":
        return logseq.page_name(relpath, props.get("title"), opts.file_names)
    return ""


def _with_properties(fm: FrontMatter, text: str, opts: ParseOptions) -> FrontMatter:
    """A Logseq page's properties (§13) play the role of front matter and win over YAML
    front matter on a clash; the body starts after them."""
    if opts.dialect != "logseq":
        return fm
    found, where, end = logseq.page_properties(text.split("\n"), fm.body_line, _titles(opts))
    if not found:
        return fm
    data, keys, lines = dict(fm.data), dict(fm.keys), dict(fm.lines)
    for key, value in found.items():
        k = norm_key(key)
        data[k], keys[k], lines[k] = value, key, where[key]
    return dataclasses.replace(fm, data=data, keys=keys, lines=lines, body_line=end)


# Logseq's macros that show other blocks or pages: what they name is not written here (§13)
_SHOWN_RE = re.compile(r"\{\{[ \t]*(?:embed|query)\b.*?\}\}")
# a block's own `tags::` (a page's are its properties): each value is a reference (§13)
_BLOCK_TAGS_RE = re.compile(TAGS_LINE_RE.pattern + r"([ \t]*)(\S.*?)[ \t]*$", re.IGNORECASE)


def _graph_body(lines: list[str]) -> list[str]:
    """A Logseq page's body as the rules read it (§13): `{{embed ...}}` and `{{query ...}}`
    blanked (what they show is no contact), and a block's `tags:: maya, book club` written as
    the references they are (`#maya, #[[book club]]`). Only what is read changes: line
    numbers stay, and a link's shown text comes from the file's own lines."""
    out = lines
    for i, line in enumerate(lines):
        if "{{" in line or "tags::" in line.casefold():
            changed = _SHOWN_RE.sub(_hollow, line)
            m = _BLOCK_TAGS_RE.match(changed)
            if m:
                head = changed[: m.start(2)]
                changed = head + ", ".join(_as_reference(v) for v in m[2].split(","))
            if changed != line:
                out = out if out is not lines else list(lines)
                out[i] = changed
    return out


def _hollow(m: re.Match[str]) -> str:
    """A macro with what it names blanked: its braces stay, so the block keeps its shape (a
    bullet followed by spaces only would be read as an empty item, or as code)."""
    return "{{" + " " * (len(m[0]) - 4) + "}}"


def _as_reference(value: str) -> str:
    """One `tags::` value as a reference: `[[x]]` and `#x` as written, a word as `#word`, words
    as `#[[two words]]`."""
    value = value.strip()
    if not value or value.startswith(("[[", "#")):
        return value
    return f"#{value}" if len(value.split()) == 1 else f"#[[{value}]]"


def foam_title(props: dict[str, Any], body: list[str]) -> str:
    """A Foam note's name (VAULT_FORMAT §14): its `title` property, else its first `# `
    heading outside code fences; "" when it has neither (the file name is its name)."""
    title = props.get("title")
    if isinstance(title, str) and title.strip():
        return " ".join(title.split())
    fence = ""
    for line in body:
        m = _FENCE_RE.match(line)
        if m:
            fence = "" if fence and m[1] == fence else fence or m[1]
            continue
        if not fence:
            h = _H1_RE.match(line)
            if h and h[1].strip():
                return " ".join(h[1].split())
    return ""


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
