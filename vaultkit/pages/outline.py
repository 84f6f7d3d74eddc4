"""vaultkit's pages and person blocks as a Logseq graph holds them (VAULT_FORMAT §13): an
outline, every line a `- ` block, nested with tabs.

One pure transform of the Markdown every page module already writes, so the page modules and
the catalog know nothing of Logseq: a heading becomes a block (`- ## Overdue`) with what
follows it nested under it, each table row one block (its first cell, then the others as
`Header: value`), a list item a block, a paragraph a block. The links are written by page
name already (`markdown.Here.names`, filled by `page_names`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING

from ..read.logseq import page_name
from ..text.daily_names import daily_date
from ..text.journal_titles import journal_title
from .markdown import LOGSEQ_MARKER

if TYPE_CHECKING:
    from ..engine.index import VaultView
    from ..read.config import Config

_HEADING = re.compile(r"(#{1,6}) ")
_ITEM = re.compile(r"( *)[-*+] (.*)")
_LABEL = re.compile(r"\*\*[^*]+\*\*")  # a paragraph that is only `**Open follow-ups**`
_ROW_SPLIT = re.compile(r"(?<!\\)\|")


def page_names(view: VaultView, config: Config) -> Callable[[str], str]:
    """A note's Logseq page name, as a `[[link]]` must write it: a person's name; a journal's
    title (`journals/2026_11_20.md` is `Nov 20th, 2026`); else the file name with `___` read
    as `/` (`pages/People___Maya Chen.md` is `People/Maya Chen`)."""
    people = view.people

    @lru_cache(maxsize=1 << 14)
    def name(path: str) -> str:
        person = people.get(path)
        if person is not None:
            return person.name
        day = daily_date(path, config.daily_folder, config.daily_format)
        if day is not None:
            return journal_title(day, config.journal_title)
        return page_name(path, None, config.file_names)

    return name


def _cells(line: str) -> list[str]:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return [c.strip().replace("\\|", "|") for c in _ROW_SPLIT.split(inner)]


def _row(headers: list[str], cells: list[str]) -> str:
    """`[[Ben Carter]] — Last contact: [[Oct 31st, 2026]] · Due: 2026-11-21`."""
    first, rest = (cells[0] if cells else ""), cells[1:]
    pairs = [f"{h}: {c}" if h else c for h, c in zip(headers[1:], rest, strict=False) if c]
    if not pairs:
        return first
    return f"{first} — {' · '.join(pairs)}" if first else " · ".join(pairs)


def outline(lines: list[str], indent: str = "") -> list[str]:
    """Markdown lines (a page's body, a person block) as Logseq blocks, each at `indent` or
    nested below it with tabs. Blank lines go: in an outline the blocks are the spacing."""
    out: list[str] = []
    base = 0  # the depth of what follows the last heading
    under = 0  # the depth of list items: below a `**Label**` paragraph, one more
    headers: list[str] | None = None  # the table being read
    for line in lines:
        text = line.strip()
        if not text:
            headers = None
            continue
        if text.startswith("|"):
            cells = _cells(text)
            if headers is None:
                headers = cells
            elif not all(set(c) <= set("-: ") for c in cells):
                out.append(f"{indent}{chr(9) * base}- {_row(headers, cells)}")
            continue
        headers = None
        heading = _HEADING.match(text)
        if heading is not None:
            depth = max(len(heading[1]) - 2, 0)
            out.append(f"{indent}{chr(9) * depth}- {text}")
            base = under = depth + 1
            continue
        item = _ITEM.fullmatch(line.rstrip())
        if item is not None:
            depth = under + len(item[1]) // 2
            out.append(f"{indent}{chr(9) * depth}- {item[2]}")
            continue
        out.append(f"{indent}{chr(9) * base}- {text}")
        under = base + 1 if _LABEL.fullmatch(text) else base
    return out


def outline_page(text: str, name: str) -> str:
    """A rendered page (front matter, `# Title`, body) as the Logseq page `name`: the marker
    and the page's name (`title::`: the same page whatever `:file/name-format` the graph
    has) as its first block, then the body as blocks. The `# Title` goes: Logseq shows the
    page's name above it."""
    lines = text.split("\n")
    if lines and lines[0] == "---":
        end = lines.index("---", 1) if "---" in lines[1:] else 0
        lines = lines[end + 1 :]
    if lines and lines[0].startswith("# "):
        lines = lines[1:]
    return "\n".join([LOGSEQ_MARKER, f"title:: {name}", "", *outline(lines)]) + "\n"
