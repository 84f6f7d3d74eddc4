"""Plain data shared by every stage of the pipeline.

Nothing here imports the rest of the package, so any module may use these types.
Parse results are frozen and picklable because they are cached per file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal, NamedTuple

TaskState = Literal["open", "done", "other"]
# "page" and "tag": a Logseq graph's `[[page]]` and `#tag`, whose names may hold `/` (§13)
LinkKind = Literal["wiki", "md", "page", "tag"]


class FileStamp(NamedTuple):
    """What the scan knows of a file without reading it; equal stamps mean "unchanged".

    A named tuple, not a dataclass: the scan makes one per note on every run, and a tuple is
    built several times faster than a frozen dataclass; stamps also sort by path for free.
    """

    path: str  # vault-relative, POSIX separators
    mtime_ns: int
    size: int


@dataclass(frozen=True, slots=True, order=True)
class Issue:
    """Something in the vault vaultkit could not use; reported, never fatal."""

    kind: str
    path: str
    line: int | None
    message: str

    def location(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


@dataclass(frozen=True, slots=True)
class Link:
    """One link as written, before resolution (resolution needs the whole vault)."""

    target: str  # the note part: no heading, block ref or shown text
    line: int  # 1-based line in the file
    text: str  # the source line, trimmed of list/task/quote markers: the context shown in pages
    kind: LinkKind = "wiki"
    embed: bool = False
    task: TaskState | None = None  # state of the task item the link sits in, if any
    task_line: int | None = None
    log_line: int | None = None  # line of the dated log item the link sits in, if any
    in_frontmatter: bool = False


@dataclass(frozen=True, slots=True)
class LogItem:
    """A dated entry: a list item under a Log/Interactions/Timeline heading that starts with a
    date, or a heading that starts with one (`## 2026-12-02`, in any note), or a Logseq block
    that starts with one (§13)."""

    date: date
    line: int
    text: str
    heading: bool = False  # a date heading: its entry dates the links in it in any note (§4)
    # contact with the person whose note it is (a Logseq dated block nested in another block
    # that is not a log dates only the links in it, §13)
    own: bool = True


@dataclass(frozen=True, slots=True)
class Task:
    """A Markdown task item (`- [ ]`, `- [x]`, other statuses)."""

    line: int
    text: str
    state: TaskState
    due: date | None
    in_log: bool
    done: date | None = None  # the day a checked task was done (Tasks `✅`, `[completion:: ]`)


@dataclass(frozen=True, slots=True)
class LineTag:
    """A `#head` or `#head/<topic>` tag of a registered kind on a line (`kinds.LINE_TAGS`:
    `#ask/housing`, `#offer/...`), before it has an owner (§11)."""

    head: str  # case-folded: "ask", "offer", ...
    topic: str  # normalised (`needs.topic_key`); "" when the tag has none
    line: int
    text: str  # the line, as pages show it
    closed: bool = False  # its line is a checked task
    log_line: int | None = None  # the dated log item or date heading it sits under


@dataclass(frozen=True, slots=True)
class Need:
    """What a person is looking for (`ask`) or can give (`offer`), and where it is written."""

    person: str  # path of the person note
    kind: str  # "ask" | "offer"
    topic: str  # normalised
    text: str
    date: date | None
    source: str  # the note it is written in
    line: int | None
    front_matter: bool = False  # `asks:`/`offers:`: open while written there (§11)


@dataclass(frozen=True, slots=True)
class NoteFacts:
    """Everything vaultkit needs from one note; a pure function of (path, text, options)."""

    path: str
    props: dict[str, Any]  # front matter, keys normalised (casefold, '-' -> '_')
    prop_keys: dict[str, str]  # normalised key -> key as the user wrote it
    prop_lines: dict[str, int]  # normalised key -> 1-based line of that key
    date: date | None  # the date of a dated note
    body_tags: frozenset[str]
    links: tuple[Link, ...]
    log_items: tuple[LogItem, ...]
    tasks: tuple[Task, ...]
    issues: tuple[Issue, ...]
    block: tuple[int, int] | None = None  # 1-based lines of the vaultkit block markers
    has_frontmatter: bool = False
    # the tags of registered kinds (`kinds.LINE_TAGS`: asks and offers, §11), in line order
    line_tags: tuple[LineTag, ...] = ()
    # a Foam note's name (§14): its `title`, else its first `# ` heading; "" elsewhere
    title: str = ""

    @property
    def stem(self) -> str:
        name = self.path.rsplit("/", 1)[-1]
        return name[:-3] if name.lower().endswith(".md") else name


@dataclass(frozen=True, slots=True)
class Interaction:
    """Contact with a person on a date, and where it was recorded."""

    person: str  # path of the person note
    date: date
    note: str  # path of the note it came from
    line: int | None
    text: str


@dataclass(frozen=True, slots=True)
class FollowUp:
    """An open task that concerns a person."""

    person: str
    source: str
    line: int
    text: str
    due: date | None


@dataclass(frozen=True, slots=True)
class Person:
    """A person note, interpreted."""

    path: str
    name: str
    aliases: tuple[str, ...]
    tags: tuple[str, ...]
    cadence_days: int | None
    cadence_text: str | None
    birthday: tuple[int | None, int, int] | None  # (year or None, month, day)
    last_contact_prop: date | None
    snooze_until: date | None
    archived: bool
    fields: tuple[tuple[str, Any], ...] = field(default=())  # other front matter, as written
    cadence_min_days: int | None = None  # a window's lower end (`4-6 weeks`: 28); else = days
    cadence_from: str | None = None  # "note", "circle:<name>", or None (no cadence)
    circles: tuple[str, ...] = ()  # the circles of `[circles]` the person is in (§10)
    # `cadence: none` (or only `none` circles): no check-ins, no drifting
    cadence_none: bool = False
    # dates that matter (§16): (label, (year or None, month, day)), in the order written
    dates: tuple[tuple[str, tuple[int | None, int, int]], ...] = ()


@dataclass(frozen=True)
class NewPerson:
    """A person note to create: their name, any front matter fields (`cadence`, `email`, ...)
    and the text of its body (an imported card's note), all written by `notecmds.add_people`."""

    name: str
    fields: dict[str, Any] = field(default_factory=dict)
    body: str = ""


@dataclass(frozen=True, slots=True)
class Mention:
    """A link to a person that is not contact: from an undated note or outside a person's log."""

    person: str
    note: str
    line: int
    text: str
    date: date | None = None  # the mentioning note's date: the timeline shows it


@dataclass(frozen=True, slots=True)
class PersonNote:
    """What a note is to the view on its own: a person (or not), its problems, its block."""

    person: Person | None
    issues: tuple[Issue, ...] = ()
    block: tuple[int, int] | None = None  # the vaultkit block markers' lines
    broken_markers: bool = False


NOBODY = PersonNote(None)
