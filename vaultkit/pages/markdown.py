"""What every generated page is made of: the page frame and its marker, table lines, links to
notes, and text made safe for a table cell or a list item.

The pages (render.py, reachout.py, helppage.py) and the person blocks all build on these, and
nothing here imports a page: page modules depend on this one, never on each other. Every table
cell goes through `cell`, every link through `note_link`, so a name holding `|`, `]]` or `#` can
never break a table or a link.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from ..core.stats import plural as plural  # one plural for pages and terminal lines
from ..read.links import markdown_target

if TYPE_CHECKING:
    from ..core.kinds import Relation
    from ..core.models import Interaction, Person
    from ..engine.index import VaultView

MARKER = "generated_by: vaultkit"
LOGSEQ_MARKER = "generated-by:: vaultkit"  # a Logseq page's first block says it (§13)
HEADER = f"---\n{MARKER}\n---\n"
NOTICE = "*Written by vaultkit: edits here are replaced on the next `vaultkit sync`.*"
# Characters a wikilink target cannot carry, and whitespace other than one plain space, which
# table cells and Obsidian would fold: such paths get a percent-encoded Markdown link instead.
_UNSAFE_TARGET = re.compile(r"[\[\]|#^\\]|[^\S ]")


_BREAKING = re.compile(r"[ \t\n\r\f\v]+")


def cell(text: str) -> str:
    """One line, every `|` escaped: `[[a|b]]` becomes `[[a\\|b]]`, as Obsidian wants in tables;
    no `#tag` (`untag`). A no-break space is kept (the rhythm's blank months are made of
    them), where `str.split` would fold it with the rest."""
    one = " ".join(text.split()) if "\xa0" not in text else _BREAKING.sub(" ", text).strip()
    flat = untag(one)
    return flat.replace("\\|", "|").replace("|", "\\|")


def inline(text: str) -> str:
    """Text placed at the start of a list item: one line, never the start of an HTML block, and
    no `#tag` (`untag`)."""
    flat = untag(" ".join(text.split()))
    return "\\" + flat if flat.startswith("<") else flat


# A `#` that Obsidian could take for the start of a tag: not after a word character, `/`, `&`
# (`&#39;`), `#` or `\`, and followed by a tag's characters, not only digits (`#12`).
_TAG_START = re.compile(r"(?<![\w/&#\\])#(?=[\w\-/]*[^\W\d])")
# What copied text keeps as it is, `#` and all: wikilinks and embeds, HTML tags and autolinks
# (code spans are paired in `_kept`). Neither pattern can look past a bracket: linear in all.
_KEPT = re.compile(r"!?\[\[[^\[\]]*\]\]|<[A-Za-z/!][^<>]*>")
_TICKS = re.compile(r"`+")


def untag(text: str) -> str:
    """Copied text without tags: `asked about #ask/climbing` is written `asked about
    \\#ask/climbing`, which Obsidian shows as `#ask/climbing` but does not count, so vaultkit's
    pages and blocks never appear in the tag pane (or tag searches) as tagged notes."""
    if "#" not in text:
        return text
    kept = _kept(text)
    out: list[str] = []
    done = k = 0
    for m in _TAG_START.finditer(text):
        at = m.start()
        while k < len(kept) and kept[k][1] <= at:
            k += 1
        if k < len(kept) and kept[k][0] <= at:
            continue  # in a code span, a link or a tag: left as written
        out += [text[done:at], "\\"]
        done = at
    return "".join(out) + text[done:] if out else text


def _kept(text: str) -> list[tuple[int, int]]:
    """(start, end) of the code spans, wikilinks and HTML tags, disjoint and in order: a code
    span runs from a backtick run to the next run of the same length (markdown's rule)."""
    spans = [m.span() for m in _KEPT.finditer(text)]
    if "`" in text:
        runs = [m.span() for m in _TICKS.finditer(text)]
        after: list[int] = [-1] * len(runs)  # the next run of the same length
        last: dict[int, int] = {}
        for i in range(len(runs) - 1, -1, -1):
            width = runs[i][1] - runs[i][0]
            after[i], last[width] = last.get(width, -1), i
        i = 0
        while i < len(runs):
            if after[i] < 0:
                i += 1
                continue
            spans.append((runs[i][0], runs[after[i]][1]))
            i = after[i] + 1
    spans.sort()
    merged: list[tuple[int, int]] = []  # a link inside a code span, ...: one span, disjoint
    for start, end in spans:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _display(text: str) -> str:
    """Shown text of a link: brackets and pipes would end the link early."""
    return " ".join(text.translate(str.maketrans("[]|", "()/")).split()) or "?"


@dataclass(frozen=True, slots=True)
class Here:
    """Where the file being written sits, which a Markdown link is relative to (§9a):
    `folder` is its folder in the vault ("" the root), or None for a file outside the vault,
    which reaches a note through `back`, its route to the vault root (`../../Notes`)."""

    markdown: bool = False
    folder: str | None = "Vaultkit"
    back: str = ".."
    # In a Logseq graph: a note's page name (§13), and every link is `[[Page name]]`
    names: Callable[[str], str] | None = None
    # The people by note path: a link to a person's note that says no text of its own (a
    # source note) shows their name, not the file name (a Foam slug: `lucas-ferreira`)
    people: Mapping[str, Person] | None = field(default=None, compare=False, repr=False)
    # The note a Markdown link in a note's text reaches (`VaultView.resolve`), for `quoted`
    resolve: Callable[[str, str], str | None] | None = field(
        default=None, compare=False, repr=False
    )

    @property
    def scope(self) -> str:
        """What a kept row or entry adds to its name: "" where the links are those of a page
        in a top-level folder in wikilink style (today's, so kept values stay keyed as
        before), else the style and the place, so rows made for one place serve no other."""
        if self.names is not None:
            return "@logseq"  # links by page name: the same from every place
        if not self.markdown and self.folder is not None and self.folder.count("/") == 0:
            return "" if self.folder else "@root"
        return f"@{'md' if self.markdown else 'wiki'}:{self.folder}:{self.back}"


_HERE = Here()


def here_of(style: str, folder: str | None, back: str = "..") -> Here:
    return Here(style == "markdown", folder, back)


def reading(here: Here, view: VaultView) -> Here:
    """`here` that labels a person's note by their name and routes the links of copied text
    (`quoted`) as `view` reads them."""
    return replace(here, people=view.people, resolve=view.resolve)


@contextmanager
def linking(here: Here) -> Iterator[None]:
    """Every link written inside is relative to `here`: the page and the block functions are
    called without the path they are written to, so the writer of the file says it once."""
    global _HERE
    before, _HERE = _HERE, here
    try:
        yield
    finally:
        _HERE = before


def scoped(kind: str) -> str:
    """A name for kept rows that holds the links' style and place (`Here.scope`)."""
    return kind + _HERE.scope


def note_link(path: str, shown: str | None = None) -> str:
    """A link to a vault note from the file being written (`linking`): a wikilink, or a
    Markdown link relative to that file (`link_style`, §9a, or a path that would break a
    wikilink)."""
    here = _HERE
    if here.names is not None:
        return f"[[{here.names(path)}]]"
    if shown is None and here.people is not None and (person := here.people.get(path)):
        shown = person.name
    if here.markdown:
        return _markdown_link(path, shown, here.folder, here.back)
    return _wikilink(path, shown, here.folder, here.back)


@lru_cache(maxsize=1 << 16)
def _wikilink(path: str, shown: str | None, folder: str | None, back: str) -> str:
    """Memoised: the pages link the same people and notes thousands of times per sync."""
    target = path[:-3] if path.lower().endswith(".md") else path
    label = _display(shown if shown is not None else target.rsplit("/", 1)[-1])
    if _UNSAFE_TARGET.search(target) or "  " in target or target != target.strip(" /"):
        return f"[{_escaped(label)}](<{_route(path, folder, back)}>)"
    return f"[[{target}|{label}]]" if label != target else f"[[{target}]]"


@lru_cache(maxsize=1 << 16)
def _markdown_link(path: str, shown: str | None, folder: str | None, back: str) -> str:
    """`[Maya Chen](../People/Maya%20Chen.md)`: memoised per (target, shown, place)."""
    target = path[:-3] if path.lower().endswith(".md") else path
    label = _display(shown if shown is not None else target.rsplit("/", 1)[-1])
    return f"[{_escaped(label)}]({_route(path, folder, back)})"


_LABEL_ESCAPES = str.maketrans({c: "\\" + c for c in "\\*_`<"})


def _escaped(label: str) -> str:
    """A Markdown link's text shown as written: no emphasis, code span or HTML tag starts in
    it (`text/shown.py` reads the escapes back for the terminal and mail)."""
    return label.translate(_LABEL_ESCAPES)


def _route(path: str, folder: str | None, back: str) -> str:
    """The note's path from `folder` (or, outside the vault, through `back`), percent-encoded
    as CommonMark wants a link destination (spaces, `(`, `)`, `%`, `<`, `>`, `#`, ...), `/`
    kept."""
    if folder is None:
        rel = f"{back}/{path}"
    else:
        rel = posixpath.relpath("/" + path, "/" + folder) if folder else path
    return quote(rel, safe="/")


# An inline Markdown link or image: `[text](dest "title")`, `dest` bare or in `<...>`
_MD_LINK = re.compile(
    r"(!?\[(?:[^\[\]\\\n]|\\.)*\]\()(<[^<>\n]*>|[^\s()<>]+)((?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'))?\s*\))"
)


class Names(Mapping[str, str]):
    """People's names by note path, each looked up when asked for: a page names a few people
    (an introduction's other side), so it reads those, not everyone (`store.answers`' view
    reads a person's row when looked up)."""

    def __init__(self, people: Mapping[str, Any]) -> None:
        self._people = people

    def __getitem__(self, path: str) -> str:
        name: str = self._people[path].name
        return name

    def __iter__(self) -> Iterator[str]:
        return iter(self._people)

    def __len__(self) -> int:
        return len(self._people)


def quoted(text: str, source: str) -> str:
    """Text copied from the note `source` for the file being written (`linking`): a Markdown
    link in it to a note (`[Aisha](aisha-bello.md)`) is relative to that note, so it would
    lead nowhere from a page in another folder: it is written to the note it reaches, as
    vaultkit reads the link (relative to its note first, §9a), from this file instead
    (`../people/aisha-bello.md`). A link that reaches no note, a URL, a `#...` link,
    wikilinks and code spans stay as written; so does everything in wikilink style and in a
    Logseq graph, whose pages show the text as the notes do."""
    here = _HERE
    if not here.markdown or here.resolve is None or here.names is not None or "](" not in text:
        return text
    kept = _kept(text) if "`" in text else []
    out: list[str] = []
    done = 0
    for m in _MD_LINK.finditer(text):
        if any(start <= m.start() < end for start, end in kept):
            continue
        dest = _rebased(m.group(2), source, here)
        if dest is not None:
            out += [text[done : m.start(2)], dest]
            done = m.end(2)
    return "".join(out) + text[done:] if out else text


def reached(text: str, source: str, resolve: Callable[[str, str], str | None]) -> tuple[Any, ...]:
    """The notes the Markdown links in `text`, written in `source`, reach (None: none), in
    order: what `quoted` makes of the text besides the text itself, for a key of kept
    entries (`overview.plain`)."""
    found = []
    for m in _MD_LINK.finditer(text):
        dest = m.group(2)
        target = markdown_target(dest[1:-1] if dest.startswith("<") else dest)
        found.append(resolve(target, source) if target is not None else None)
    return tuple(found)


def _rebased(dest: str, source: str, here: Here) -> str | None:
    """The route from `here` to the note `dest`, written in `source`, reaches; None to keep
    it as written."""
    raw = dest[1:-1] if dest.startswith("<") else dest
    target = markdown_target(raw)
    path = here.resolve(target, source) if target is not None and here.resolve else None
    if path is None:
        return None
    _, mark, fragment = raw.partition("#")
    return _route(path, here.folder, here.back) + mark + fragment


def beside_link(i: Interaction) -> str:
    """An interaction's text where a link to its note stands next to it: a link from the front
    matter of a note without text reads `Offsite planning (attendees)`, which beside
    `[[Offsite planning]]` says `listed in attendees`."""
    stem = i.note.rsplit("/", 1)[-1]
    stem = stem[:-3] if stem.lower().endswith(".md") else stem
    if i.text.startswith(stem + " (") and i.text.endswith(")"):
        return f"listed in {i.text[len(stem) + 2 : -1]}"
    return i.text


def table(headers: list[str], rows: Iterable[list[str]]) -> list[str]:
    return table_head(headers) + [table_row(row) for row in rows]


def table_head(headers: list[str]) -> list[str]:
    return ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]


def table_row(row: list[str]) -> str:
    """Every value through `cell`: a page never writes a raw value into a table."""
    return "| " + " | ".join(cell(c) for c in row) + " |"


def ordinal(day: date | None) -> int | None:
    """A day as a plain int, for the keys pages keep entries by (the cache stores plain values)."""
    return day.toordinal() if day else None


def page_text(title: str, lines: list[str]) -> str:
    """A whole page: the marker that makes it ours (`is_generated`), its title, the notice.

    One join and no copy of the result: at 100k notes `Reach out.md` is 10 million
    characters, stored at 4 bytes each once one is above U+FFFF (a `📅` from a task), and
    joining, stripping and prefixing the whole text held three 38 MiB copies at once."""
    parts = [f"{HEADER}# {title}", "", NOTICE, "", *lines]
    while not parts[-1].strip("\n"):  # only newlines: stripped (the first part never is)
        parts.pop()
    parts[-1] = parts[-1].rstrip("\n")
    parts.append("")
    return "\n".join(parts)


def ago(day: date, today: date) -> str:
    days = (today - day).days
    return "today" if days == 0 else "yesterday" if days == 1 else f"{days} days ago"


def ahead(day: date, today: date) -> str:
    days = (day - today).days
    if days < 0:
        return f"{-days} days ago"
    return "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"


def is_generated(text: str, logseq: bool = False) -> bool:
    """Only files whose front matter carries the marker are ours to replace or delete; in a
    Logseq graph (`logseq`), also a page whose first block is `generated-by:: vaultkit`."""
    if logseq and _logseq_marked(text):
        return True
    if not text.startswith("---"):
        return False
    end = text.find("\n---", 3)
    head = text[: end if end >= 0 else 2000]
    return any(line.strip() == MARKER for line in head.splitlines()[1:])


_PLURALS = {"partner": "partners", "parent": "parents", "child": "children", "sibling": "siblings"}


def relation_groups(relations: Iterable[Relation], linked: bool = True) -> list[tuple[str, str]]:
    """The people around a person (VAULT_FORMAT §15), one group per relation in the order
    given: (`children`, `[[Mia Carter]], Leo`); a name that names no person is text."""
    groups: dict[str, list[str]] = {}
    for r in relations:
        if r.other is not None and linked:
            shown = note_link(r.other, r.name)
        else:
            shown = untag(" ".join(r.name.split()))
        groups.setdefault(r.relation, []).append(shown)
    return [
        (_PLURALS.get(relation, relation) if len(names) > 1 else relation, ", ".join(names))
        for relation, names in groups.items()
    ]


def _logseq_marked(text: str) -> bool:
    """The page's first block, bare properties or a `- ` block, holds the Logseq marker among
    its lines (Logseq may write `title::` first, or the properties as a block of their own)."""
    lines = text.lstrip("\ufeff \t\r\n").split("\n", 40)[:40]
    for i, line in enumerate(lines):
        if not line.strip() or (i and line.startswith("- ")):
            break  # the first block ends at a blank line or the next top-level block
        words = line.strip()
        if (words[2:].lstrip() if words.startswith("- ") else words) == LOGSEQ_MARKER:
            return True
    return False
