"""Edits vaultkit makes to the user's own notes, as pure text functions: `log` and `add`.

Both edit text, never YAML: the user's front matter is copied byte for byte.
"""

from __future__ import annotations

import itertools
import json
import re
import unicodedata
from datetime import date, timedelta
from typing import Any

from ..pages.person_block import line_ending
from ..read.collect import heading_name
from ..read.markers import BLOCK_BEGIN, BLOCK_END
from ..text.dates import DateValueError, leading_date

_HEADING_RE = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$")
_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_UNSAFE_CHARS = re.compile(r'[\\/:*?"<>|#^\[\]\x00-\x1f\x7f]')
_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$", re.IGNORECASE)
MAX_NAME_BYTES = 200


def safe_filename(name: str) -> str:
    """A note name safe on every OS and in a wikilink; Unicode letters and emoji are kept.

    Raises ValueError when nothing usable is left.
    """
    text = unicodedata.normalize("NFC", name)
    text = _UNSAFE_CHARS.sub(" ", text)
    text = " ".join(text.split()).strip(". ")
    while len(text.encode("utf-8")) > MAX_NAME_BYTES:
        text = text[:-1].rstrip(". ")
    if _RESERVED.match(text):
        text = f"{text} (person)"
    if not text or set(text) <= {"."}:
        raise ValueError(f"{name!r} leaves no usable file name")
    return text


def log_line(when: date, text: str) -> str:
    return f"- {when.isoformat()} {' '.join(text.split())}"


def append_block(text: str, item: str) -> str:
    """`text` with the Logseq block `item` added last, at the top level (§13): a graph's
    `log` writes `- [[Dec 7th, 2026]] TEXT` to the person page, `--journal` `- [[Maya Chen]]
    TEXT` to the day's journal. Every byte before it stays."""
    eol = line_ending(text)
    sep = "" if not text or text.endswith(("\n", "\r")) else eol
    return text + sep + item + eol


def logseq_page(fields: dict[str, Any]) -> str:
    """A new Logseq page holding `fields` as page properties (`key:: value`, not YAML; a list
    as `a, b`), as Logseq writes a page's first block (§13)."""
    lines = []
    for key, value in fields.items():
        if value in (None, "", [], ()):
            continue
        items = value if isinstance(value, list | tuple) else [value]
        shown = ", ".join(v.isoformat() if isinstance(v, date) else str(v) for v in items)
        lines.append(f"{key}:: {' '.join(shown.split())}")
    return "".join(line + "\n" for line in lines)


def insert_log(text: str, item: str, headings: tuple[str, ...]) -> str:
    """`text` with `item` added to its log section, or under a new `## Log`.

    The user's order is kept: when the log's dated items run newest first (at least two, each
    older than the one before), the new item goes on top; otherwise it goes last.
    """
    eol = line_ending(text)
    lines = text.splitlines(keepends=True)
    names = {h.casefold() for h in headings}
    start, level = _log_heading(lines, names)
    if start is None:
        sep = "" if not text or text.endswith(("\n", "\r")) else eol
        return text + sep + eol + "## Log" + eol + eol + item + eol
    end = _section_end(lines, start, level)
    first = _newest_first(lines, start + 1, end)
    if first is not None:
        return "".join([*lines[:first], item + eol, *lines[first:]])
    last = end
    while last > start + 1 and not lines[last - 1].strip():
        last -= 1
    if not lines[last - 1].endswith(("\n", "\r")):
        lines[last - 1] += eol
    if last == start + 1:  # heading with nothing under it yet
        return "".join([*lines[:last], eol, item + eol, *lines[last:]])
    return "".join([*lines[:last], item + eol, *lines[last:]])


_ITEM_RE = re.compile(r"^[-*+] (?:\[.\] )?(.*)$")


def _newest_first(lines: list[str], start: int, end: int) -> int | None:
    """The line of the log's first item when its dated items run newest first, else None."""
    first: int | None = None
    dates: list[date] = []
    for i in range(start, end):
        m = _ITEM_RE.match(lines[i].rstrip("\r\n"))  # top-level items only
        if not m:
            continue
        first = i if first is None else first
        try:
            found = leading_date(m[1])
        except DateValueError:
            continue
        if found is not None:
            dates.append(found[0])
    descending = len(dates) >= 2 and all(a > b for a, b in itertools.pairwise(dates))
    return first if descending else None


def _log_heading(lines: list[str], names: set[str]) -> tuple[int | None, int]:
    fence: str | None = None
    for i, raw in enumerate(lines):
        line = raw.rstrip("\r\n")
        m = _FENCE_RE.match(line)
        if m and (fence is None or m[1].startswith(fence)):
            fence = m[1][:3] if fence is None else None
            continue
        h = None if fence else _HEADING_RE.match(line)
        if h and heading_name(h[2]) in names:
            return i, len(h[1])
    return None, 0


def _section_end(lines: list[str], start: int, level: int) -> int:
    fence: str | None = None
    for i in range(start + 1, len(lines)):
        line = lines[i].rstrip("\r\n")
        m = _FENCE_RE.match(line)
        if m and (fence is None or m[1].startswith(fence)):
            fence = m[1][:3] if fence is None else None
            continue
        if fence:
            continue
        h = _HEADING_RE.match(line)
        if (h and len(h[1]) <= level) or line.strip() == BLOCK_BEGIN:
            return i
    return len(lines)


def new_person_note(
    name: str,
    *,
    fields: dict[str, Any],
    template: str | None,
    today: date,
    body: str = "",
    imported: bool = False,
) -> str:
    """A new person note: the vault's template (placeholders filled) or vaultkit's own, with
    `fields` set in its front matter (written as YAML flow values; None and "" are left out)
    and `body` (an imported card's note, quoted: `quoted_body`) under its title. For an
    `imported` contact, template lines that start with today's date are left out: a template's
    `- {{date}} met [[{{title}}]]` records a meeting, and an import is not one (it would make
    every contact "seen today")."""
    source = PERSON_TEMPLATE if template is None else template
    if imported:
        source = "".join(
            line for line in source.splitlines(keepends=True) if not _DATED_LINE.match(line)
        )
    text = fill_placeholders(source, name, today)
    values = {
        key: flow_yaml(value) for key, value in fields.items() if value not in (None, "", [], ())
    }
    return _with_body(_fill_frontmatter(text, values), body)


def yaml_value(text: str) -> Any:
    """A value typed on the command line (`--set aliases=[Mom]`), read as front matter reads
    it (YAML 1.2 scalars and flow lists: numbers, dates, `[a, b]`, quoted strings). A mapping,
    text that is no YAML, or text YAML would not read whole (a ` #` comment, an `&` anchor), is
    the text itself; `[[Ana]]` is a link, as Obsidian writes a link property, not a list."""
    from ..read.frontmatter import read_frontmatter

    if "\n" in text or "\r" in text:
        return text
    if _LINK_RE.fullmatch(text):  # a link property, as Obsidian writes one
        return text
    links = _LINKS_RE.fullmatch(text)
    if links:
        return _LINK_RE.findall(links[1])
    if not _all_read(text):
        return text
    if _ISO_DAY.match(text):  # a date, written back as one (the loader keeps it as text)
        try:
            return date.fromisoformat(text)
        except ValueError:
            return text
    found = read_frontmatter(f"---\nvalue: {text}\n---\n")
    value = found.data.get("value", text) if not found.errors else text
    return text if isinstance(value, dict) else value


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_LINK = r"\[\[[^\[\]]+\]\]"
_LINK_RE = re.compile(_LINK)
_LINKS_RE = re.compile(rf"\[\s*({_LINK}(?:\s*,\s*{_LINK})*)\s*\]")


def _all_read(text: str) -> bool:
    """Whether YAML reads every character typed: ` #...` is a comment to it and `&x`, `*x`
    and `!x` are anchors, aliases and tags, all dropped from the value, and a typed word is
    never dropped (`company=Acme #1 client`)."""
    import yaml

    doc = f"value: {text}"
    try:
        tokens = list(yaml.scan(doc, Loader=yaml.SafeLoader))
    except yaml.YAMLError:
        return False
    if any(isinstance(t, yaml.AnchorToken | yaml.AliasToken | yaml.TagToken) for t in tokens):
        return False
    ends = yaml.StreamEndToken | yaml.BlockEndToken
    read: int = max(t.end_mark.index for t in tokens if not isinstance(t, ends))
    return read >= len(doc.rstrip())


def flow_yaml(value: Any) -> str:
    """A value as one line of YAML that reads back as itself: strings quoted, lists in flow
    style, dates as dates."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "[" + ", ".join(flow_yaml(v) for v in value) + "]"
    if isinstance(value, dict):
        return (
            "{" + ", ".join(f"{flow_yaml(str(k))}: {flow_yaml(v)}" for k, v in value.items()) + "}"
        )
    return json.dumps(value if isinstance(value, str) else str(value), ensure_ascii=False)


_H1_RE = re.compile(r"^ {0,3}#[ \t]")


IMPORTED_HEADING = "## Notes from import"


def quoted_body(body: str) -> list[str]:
    """An imported card's note as a section of its own, its text in a fenced code block
    (longer than any run of backticks in it): whatever the card holds, a `## Log` heading,
    a dated list item, a task, a tag or a link, it is shown, never read as the note's own
    structure. A vaultkit marker line in it gets a backslash, so it marks nothing either.
    [] when there is no text."""
    lines = [line.rstrip() for line in body.splitlines()]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    if not lines:
        return []
    longest = max((len(run) for run in re.findall(r"`+", body)), default=0)
    fence = "`" * max(3, longest + 1)
    lines = ["\\" + line if line.strip() in (BLOCK_BEGIN, BLOCK_END) else line for line in lines]
    return [IMPORTED_HEADING, "", fence + "text", *lines, fence]


def _with_body(text: str, body: str) -> str:
    """`body` (`quoted_body`) after the note's first `# title` (else after the front matter),
    in the note's own line endings; blank lines around it, never inside the front matter."""
    lines = quoted_body(body)
    if not lines:
        return text
    eol = line_ending(text)
    rows = text.splitlines(keepends=True)
    start = 0
    if rows and rows[0].strip() == "---":
        close = next((i for i in range(1, len(rows)) if rows[i].strip() == "---"), None)
        start = 0 if close is None else close + 1
    at = next((i + 1 for i in range(start, len(rows)) if _H1_RE.match(rows[i])), start)
    if at and not rows[at - 1].endswith(("\n", "\r")):
        rows[at - 1] += eol
    block = [eol if at and rows[at - 1].strip() else "", *(line + eol for line in lines)]
    if at < len(rows) and rows[at].strip():
        block.append(eol)
    return "".join([*rows[:at], *block, *rows[at:]])


_DATE_PLACEHOLDER = re.compile(r"\{\{\s*date(?::([^}]*))?\s*\}\}")
# A template line that starts (after a list marker, task box or heading marks) with today's date.
_DATED_LINE = re.compile(
    r"[ \t]*(?:[-*+][ \t]+(?:\[.\][ \t]+)?|#{1,6}[ \t]+)?[*_]*"
    r"(?:\{\{\s*date[^}]*\}\}|<%[-_]?\s*tp\.date\.now\()"
)
# Templater's tags vaultkit can fill: the title, and dates (the note is created today).
_TP_TITLE = re.compile(r"<%[-_]?\s*tp\.file\.title\s*[-_]?%>")
_TP_DATE = re.compile(
    r"<%[-_]?\s*tp\.(?:date\.(?:now|today)|file\.(?:creation_date|last_modified_date))"
    r"\(\s*(?:([\"'])([^\"']*)\1\s*(?:,\s*(-?\d+)\s*)?)?\)\s*[-_]?%>"
)
# Any other Templater code: it runs only when Templater makes the note, so in a note vaultkit
# makes it would stay as code (and be reported as a placeholder): it is left out.
_TP_ANY = re.compile(r"<%[\s\S]*?%>")
_TP_LINE = re.compile(r"^[ \t]*<%[\s\S]*?%>[ \t]*(?:\r?\n|$)", re.MULTILINE)
_MOMENT = re.compile(r"YYYY|YY|MMMM|MMM|MM|M|DD|D|dddd|ddd|HH|mm|ss|\[[^\]]*\]")
_MONTHS = "January February March April May June July August September October November December"
_DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday"


def format_day(when: date, fmt: str | None) -> str:
    """A date in a moment.js format, as Obsidian and Templater write it (`YYYY-MM-DD`,
    `DD.MM.YYYY`, `dddd, MMMM D`, `[Week] ...`); the time of day is midnight."""
    month, weekday = _MONTHS.split()[when.month - 1], _DAYS.split()[when.weekday()]
    values = {
        "YYYY": f"{when.year:04d}",
        "YY": f"{when.year % 100:02d}",
        "MMMM": month,
        "MMM": month[:3],
        "MM": f"{when.month:02d}",
        "M": str(when.month),
        "DD": f"{when.day:02d}",
        "D": str(when.day),
        "dddd": weekday,
        "ddd": weekday[:3],
        "HH": "00",
        "mm": "00",
        "ss": "00",
    }
    return _MOMENT.sub(lambda m: values.get(m[0], m[0][1:-1]), (fmt or "YYYY-MM-DD").strip())


def fill_placeholders(template: str, title: str, today: date) -> str:
    """Template placeholders: Obsidian's `{{title}}`, `{{date}}`, `{{date:YYYY-MM-DD}}`, and
    Templater's `<% tp.file.title %>`, `<% tp.date.now("YYYY-MM-DD") %>` (an offset in days
    too), `tp.date.today`, `tp.file.creation_date()`; other Templater code is left out."""

    def day(fmt: str | None, offset: str | None = None) -> str:
        when = today + timedelta(days=int(offset)) if offset and len(offset) < 6 else today
        return format_day(when, fmt)

    text = _DATE_PLACEHOLDER.sub(lambda m: day(m[1]), template.replace("{{title}}", title))
    text = _TP_TITLE.sub(lambda _: title, text)
    text = _TP_DATE.sub(lambda m: day(m[2], m[3]), text)
    if "<%" in text:
        text = _TP_ANY.sub("", _TP_LINE.sub("", text))
    return text


_KEY_RE = re.compile(r"^([^\s#:'\"\[\]{}-][^:]*?|-[^\s:][^:]*?)[ \t]*:(?:[ \t]|$)")


def _fill_frontmatter(text: str, values: dict[str, str]) -> str:
    """Set keys in a template's front matter by editing lines (templates are plain text too).
    A key the template has is matched as vaultkit reads keys (any case, `-` and `_` the
    same) and keeps the template's spelling: `Birthday:` stays `Birthday:`."""
    from ..read.frontmatter import norm_key

    if not values:
        return text
    eol = line_ending(text)
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---" or "---" not in [x.strip() for x in lines[1:]]:
        head = ["---", *(f"{k}: {v}" for k, v in values.items()), "---"]
        return eol.join(head) + eol + text
    close = 1 + [x.strip() for x in lines[1:]].index("---")
    for key, value in values.items():
        wanted = norm_key(key)
        for i in range(1, close):
            m = _KEY_RE.match(lines[i])
            if m and norm_key(m[1]) == wanted:
                end = i + 1  # the template's own value, on the lines indented under it
                while end < close and (
                    lines[end].startswith((" ", "\t", "- ")) or lines[end] == "-"
                ):
                    end += 1
                lines[i:end] = [f"{m[1]}: {value}"]
                close -= end - i - 1
                break
        else:
            lines.insert(close, f"{key}: {value}")
            close += 1
    return eol.join(lines) + (eol if text.endswith(("\n", "\r")) else "")


CONFIG_TEMPLATE = """\
# vaultkit settings. Every key is optional; these are the defaults.

# Where the generated pages go (never the vault root or a people folder).
# output_folder = "Vaultkit"

# Notes in these folders (and their subfolders) are people.
# people_folders = ["People"]

# Never read (note templates hold placeholder links); Obsidian's and Templater's templates
# folders are added to these.
# templates_folders = ["Templates"]

# The note `vaultkit add` fills for a new person; by default Person.md in a templates folder,
# else a template there whose name starts with "Person" or "People".
# person_template = "Templates/Person.md"

# Notes to skip, with .gitignore's rules: "Archive/**", "*.excalidraw.md", "Private/", "!keep.md".
# ignore = []

# Daily notes; by default taken from the Periodic Notes plugin, else .obsidian/daily-notes.json.
# daily_folder = ""
# daily_format = "YYYY-MM-DD"

# Headings whose dated list items are interactions with the person.
# log_headings = ["Log", "Interactions", "Timeline"]

# birthday_window_days = 30
# recent_days = 30
# due_soon_days = 7
# max_file_size_mb = 5

# The block between <!-- vaultkit:begin --> and <!-- vaultkit:end --> in person notes:
# "markers" (only where you placed them), "append" (add to every person note), or "off".
# person_block = "markers"
# timeline_limit = 10

# People with no cadence whom you used to see regularly are "drifting apart" when the silence
# is over twice the usual gap and the usual gap + 30 days, and at most this many days.
# drift_horizon_days = 730

# The reach-out digest (Reach out.md, `vaultkit digest`): how far ahead it looks, and at most
# how many drifting people it lists.
# digest_days = 7
# digest_drifting_limit = 5

# Asks (#ask/<topic>, or asks: in a person's front matter) dated longer ago than this are dropped.
# ask_days = 365

# Default cadences by circle. A person is in a circle when their `circle` property names it
# or one of their tags is it (#family/inlaws is in family); their own `cadence` always wins.
# [circles]
# family = "weekly"
# close-friends = "every 2-3 weeks"
# colleagues = "quarterly"

# An iCalendar feed of birthdays, check-ins and dated follow-ups, for a calendar app to
# subscribe to (it holds names and notes: keep it somewhere private).
# [calendar]
# path = "~/Calendars/people.ics"
"""

PERSON_TEMPLATE = """\
---
aliases: []
tags: [person]
cadence:
birthday:
---
# {{title}}

<!-- vaultkit:begin -->
<!-- vaultkit:end -->

## Log
"""
