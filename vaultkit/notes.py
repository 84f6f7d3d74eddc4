"""Edits vaultkit makes to the user's own notes, as pure text functions: `log` and `add`.

Both edit text, never YAML: the user's front matter is copied byte for byte.
"""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import date

from .block import BLOCK_BEGIN
from .personblock import line_ending

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


def insert_log(text: str, item: str, headings: tuple[str, ...]) -> str:
    """`text` with `item` added as the last line of its log section, or under a new `## Log`."""
    eol = line_ending(text)
    lines = text.splitlines(keepends=True)
    names = {h.casefold() for h in headings}
    start, level = _log_heading(lines, names)
    if start is None:
        sep = "" if not text or text.endswith(("\n", "\r")) else eol
        return text + sep + eol + "## Log" + eol + eol + item + eol
    end = _section_end(lines, start, level)
    last = end
    while last > start + 1 and not lines[last - 1].strip():
        last -= 1
    if not lines[last - 1].endswith(("\n", "\r")):
        lines[last - 1] += eol
    if last == start + 1:  # heading with nothing under it yet
        return "".join([*lines[:last], eol, item + eol, *lines[last:]])
    return "".join([*lines[:last], item + eol, *lines[last:]])


def _log_heading(lines: list[str], names: set[str]) -> tuple[int | None, int]:
    fence: str | None = None
    for i, raw in enumerate(lines):
        line = raw.rstrip("\r\n")
        m = _FENCE_RE.match(line)
        if m and (fence is None or m[1].startswith(fence)):
            fence = m[1][:3] if fence is None else None
            continue
        h = None if fence else _HEADING_RE.match(line)
        if h and h[2].strip().rstrip(":").strip().casefold() in names:
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
    cadence: str | None,
    birthday: str | None,
    tags: tuple[str, ...],
    template: str | None,
    today: date,
) -> str:
    """A new person note: the vault's template (placeholders filled) or vaultkit's own."""
    source = PERSON_TEMPLATE if template is None else template
    text = fill_placeholders(source, name, today)
    values = {
        k: json.dumps(v, ensure_ascii=False)
        for k, v in {"cadence": cadence, "birthday": birthday}.items()
        if v
    }
    if tags:
        values["tags"] = json.dumps(["person", *tags], ensure_ascii=False)
    return _fill_frontmatter(text, values)


_DATE_PLACEHOLDER = re.compile(r"\{\{\s*date(?::([^}]*))?\s*\}\}")


def fill_placeholders(template: str, title: str, today: date) -> str:
    """Obsidian core-template placeholders: `{{title}}`, `{{date}}`, `{{date:YYYY-MM-DD}}`."""

    def when(m: re.Match[str]) -> str:
        fmt = (m[1] or "YYYY-MM-DD").strip()
        out = fmt.replace("YYYY", f"{today.year:04d}").replace("MM", f"{today.month:02d}")
        return out.replace("DD", f"{today.day:02d}")

    return _DATE_PLACEHOLDER.sub(when, template.replace("{{title}}", title))


def _fill_frontmatter(text: str, values: dict[str, str]) -> str:
    """Set keys in a template's front matter by editing lines (templates are plain text too)."""
    if not values:
        return text
    eol = line_ending(text)
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---" or "---" not in [x.strip() for x in lines[1:]]:
        head = ["---", *(f"{k}: {v}" for k, v in values.items()), "---"]
        return eol.join(head) + eol + text
    close = 1 + [x.strip() for x in lines[1:]].index("---")
    for key, value in values.items():
        pattern = re.compile(rf"^{re.escape(key)}\s*:", re.IGNORECASE)
        for i in range(1, close):
            if pattern.match(lines[i]):
                lines[i] = f"{key}: {value}"
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

# Never read (note templates hold placeholder links).
# templates_folders = ["Templates"]

# Globs of notes to skip: "Archive/**", "*.excalidraw.md", "Private/".
# ignore = []

# Daily notes; by default taken from .obsidian/daily-notes.json.
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
