"""The registry of per-person list kinds: one declaration per kind, read by everything else.

A kind of per-person list (contacts, follow-ups, mentions, asks and offers, ...) is a model,
the field naming the note an item comes from, the one order of a person's list, and a few
flags. The rules (`relations.Builder`), the contribution a note makes, the engine's lists
and versions (`index.py`), the snapshot and the cache sections, and the collector's line
tags (`collect.py`) all loop over `KINDS`, so adding a kind is one declaration here plus its
rule (or just `from_tag`, for a kind read from `#tag` lines) and its page; its `rows` are its
read-only view(s) in the database (`store/data_views.py`).

Readers look `KINDS`, `LINE_TAGS` and `EMPTY` up on this module when they run (never
`from .kinds import KINDS`), so `declared()` can add a kind for a test.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any, Generic, TypeVar

from .codec import Codec
from .models import FollowUp, Interaction, Issue, LineTag, Mention, Need

T = TypeVar("T")

# (owner, the tag, its date, the note it is in) -> the item: the generic line-tag rule
FromTag = Callable[[str, LineTag, date | None, str], Any]


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a kind's rows in the database, after `person` (its name is a documented
    contract: README, "Your data in SQLite"; a column may be added, none renamed)."""

    name: str
    sql: str  # its SQL type and constraint: `TEXT NOT NULL`, `INTEGER`
    get: Callable[[Any], Any]  # from one item: str, int or None


@dataclass(frozen=True, slots=True)
class View:
    """One read-only view of a kind's rows: all of them, or those whose column `where[0]`
    holds `where[1]` (then that column is left out of the view: it says nothing there)."""

    name: str
    where: tuple[str, str] | None = None


@dataclass(frozen=True, slots=True)
class Rows:
    """How people query a kind: its table's columns (each row also has `person`, first) and
    the views over that table (`store/data_views.py` makes and fills them)."""

    columns: tuple[Column, ...]
    views: tuple[View, ...]


def column(name: str, sql: str, attr: str = "") -> Column:
    """A column holding the item's field `attr` (default: `name`); a date as ISO text, a
    bool as 0/1."""
    get = operator.attrgetter(attr or name)

    def plain(item: Any) -> Any:
        value = get(item)
        if isinstance(value, date):
            return value.isoformat()
        return int(value) if isinstance(value, bool) else value

    return Column(name, sql, plain)


@dataclass(eq=False)
class Kind(Generic[T]):
    """One kind of per-person list. Its items are frozen dataclasses with a `person` field
    (whose list they are in) and a `source` field (the note they come from: the key they are
    stored under in the cache)."""

    name: str  # the view's name for it (`view.of(kind)`), its cache section
    model: type[T]
    source: str  # the field naming the item's note
    order: Callable[[T], Any]  # the one order of a person's list
    lazy: bool = True  # left in the cache file until a person's list is first read
    version: bool = True  # replacing a person's list moves their version (kept values go)
    line_tags: tuple[str, ...] = ()  # `#head` or `#head/topic` tags the collector yields
    topic_required: bool = False  # `#head/` with no topic is reported (`bad-<head>`)
    # the generic rule (`relations.Builder._tagged`): None when the kind has its own rule
    from_tag: FromTag | None = None
    digest_groups: frozenset[str] = frozenset()  # reach-out groups whose entries list them
    title: str = ""  # how pages and the terminal name the list
    rows: Rows | None = None  # its view(s) in the database, for people to query
    codec: Codec[T] = field(init=False, repr=False)
    at: int = field(init=False, default=-1)  # its place in KINDS and in Contribution.lists
    source_of: Callable[[T], str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.codec = Codec(self.model, key=self.source)
        self.source_of = operator.attrgetter(self.source)

    def raw(self, items: list[T]) -> tuple[Any, ...]:
        """A person's list in the cache: (source, item) pairs, in the list's order."""
        encode, source = self.codec.encode, self.source_of
        return tuple([(source(x), encode(x)) for x in items])

    def text_of(self, item: T) -> str:
        """An item as a page or the terminal shows it: its `text`."""
        return str(getattr(item, "text", ""))

    def item_json(self, item: T) -> dict[str, Any]:
        """An item in `--json` output: its fields but `person` (whose list it is in), dates
        as ISO text."""
        out: dict[str, Any] = {}
        for f in fields(self.model):  # type: ignore[arg-type]
            if f.name != "person":
                value = getattr(item, f.name)
                out[f.name] = value.isoformat() if isinstance(value, date) else value
        return out

    def decode(self, _who: str, raw: Any) -> list[T]:
        """Back from `raw`; raises on a malformed form (the caller treats it as damage)."""
        decode = self.codec.decode
        return [decode(item, key) for key, item in raw]


def _by_date(i: Interaction) -> tuple[int, str, int]:
    return (-i.date.toordinal(), i.note, i.line or 0)


def _followup_order(f: FollowUp) -> tuple[str, int]:
    return (f.source, f.line)


def _mention_order(m: Mention) -> tuple[str, int]:
    return (m.note, m.line)


def _need_order(n: Need) -> tuple[str, int, str, str, str]:
    return (n.source, n.line or 0, n.kind, n.topic, n.text)


_NOTE = column("note", "TEXT NOT NULL", "source")  # the note an item is written in
INTERACTIONS = Kind(
    "interactions",
    Interaction,
    "note",
    _by_date,
    title="Interactions",
    rows=Rows(
        (
            column("date", "TEXT NOT NULL"),
            column("note", "TEXT NOT NULL"),
            column("line", "INTEGER"),
            column("text", "TEXT NOT NULL"),
        ),
        (View("interactions"),),
    ),
)
FOLLOWUPS = Kind(
    "followups",
    FollowUp,
    "source",
    _followup_order,
    title="Follow-ups",
    rows=Rows(
        (
            _NOTE,
            column("line", "INTEGER NOT NULL"),
            column("text", "TEXT NOT NULL"),
            column("due", "TEXT"),
        ),
        (View("followups"),),
    ),
)
MENTIONS = Kind("mentions", Mention, "note", _mention_order, title="Mentions")
# Asks and offers: read whole by `helping.py` on every run, so not lazy; their owner rule
# (front matter, introductions that close asks) is `relations.Builder._needs`.
NEEDS = Kind(
    "needs",
    Need,
    "source",
    _need_order,
    lazy=False,
    line_tags=("ask", "offer"),
    topic_required=True,
    title="Asks and offers",
    rows=Rows(
        (
            column("kind", "TEXT NOT NULL"),
            column("topic", "TEXT NOT NULL"),
            column("text", "TEXT NOT NULL"),
            _NOTE,
            column("line", "INTEGER"),
            column("date", "TEXT"),
            column("front_matter", "INTEGER NOT NULL"),
        ),
        (View("asks", ("kind", "ask")), View("offers", ("kind", "offer"))),
    ),
)


@dataclass(frozen=True, slots=True)
class Gift:
    """A gift idea for a person (VAULT_FORMAT §17): a `#gift` or `#gift/<topic>` line that is
    not a checked task (a checked one is a gift given)."""

    person: str
    text: str  # the line, as pages show it
    date: date | None  # the log item's or date heading's date, else the note's, else none
    source: str
    line: int


def _gift_order(g: Gift) -> tuple[bool, int, str, int]:
    """Newest first, undated last; then where they are written."""
    return (g.date is None, -g.date.toordinal() if g.date else 0, g.source, g.line)


def _gift(person: str, tag: LineTag, when: date | None, source: str) -> Gift:
    return Gift(person, tag.text, when, source, tag.line)


# Gift ideas: owned, dated and closed by the generic line-tag rule; shown in the reach-out
# entry of a person listed for a birthday.
GIFTS = Kind(
    "gifts",
    Gift,
    "source",
    _gift_order,
    line_tags=("gift",),
    from_tag=_gift,
    digest_groups=frozenset({"birthday"}),
    title="Gift ideas",
    rows=Rows(
        (
            column("text", "TEXT NOT NULL"),
            column("date", "TEXT"),
            _NOTE,
            column("line", "INTEGER NOT NULL"),
        ),
        (View("gifts"),),
    ),
)


# The people around a person (VAULT_FORMAT §15): front matter key (any spelling) -> the
# relation it writes; the relation as shown on the other person is `inverse(relation)`.
RELATION_KEYS: dict[str, str] = {
    **dict.fromkeys(("partner", "spouse", "wife", "husband"), "partner"),
    **dict.fromkeys(("parents", "parent", "mother", "father"), "parent"),
    **dict.fromkeys(("children", "child", "kids", "son", "daughter"), "child"),
    **dict.fromkeys(("siblings", "sibling", "brother", "sister"), "sibling"),
    **dict.fromkeys(("introduced_by", "met_through"), "introduced by"),
}
_INVERSES = {
    "partner": "partner",
    "parent": "child",
    "child": "parent",
    "sibling": "sibling",
    "introduced by": "introduced",
    "introduced": "introduced by",
}
_RANKS = {r: n for n, r in enumerate(_INVERSES)}  # the table's order, custom labels after


def inverse(relation: str) -> str:
    """How a relation shows on the other person: `parent` -> `child`, `mentor` -> `mentor of`."""
    return _INVERSES.get(relation) or f"{relation} of"


@dataclass(frozen=True, slots=True)
class Relation:
    """One person around `person` (VAULT_FORMAT §15): `relation` is what the other is to them
    (`partner`, `child`, `mentor`, `mentor of`, ...); `other` the other's note, or None for
    a name that names no person (kept as text); `name` the other's name as shown then;
    `derived` when it is shown only because the other's note (`source`) wrote it."""

    person: str
    relation: str
    other: str | None
    name: str
    derived: bool
    source: str
    line: int | None
    # the other's birthday when they are a person, not archived (§16: a family member's
    # birthday is a date for this person); carried here so that it moves this list, and this
    # person's version, when it changes
    birthday: tuple[int | None, int, int] | None = None


def relation_rank(relation: str) -> tuple[int, str]:
    """The table's order of relations (partner, parent, child, ...), custom labels after."""
    return (_RANKS.get(relation, len(_RANKS)), relation)


def _relation_order(r: Relation) -> tuple[tuple[int, str], str, bool, str, int]:
    return (relation_rank(r.relation), r.name.casefold(), r.derived, r.source, r.line or 0)


# Relations: filled by their own rule (`relations.Builder._relations`), from person notes'
# front matter: the written relation on the note's person, its inverse on the other person.
RELATIONS = Kind(
    "relations",
    Relation,
    "source",
    _relation_order,
    title="Relations",
    rows=Rows(
        (
            column("relation", "TEXT NOT NULL"),
            column("name", "TEXT NOT NULL"),
            column("other", "TEXT"),
            column("derived", "INTEGER NOT NULL"),
            _NOTE,
            column("line", "INTEGER"),
        ),
        (View("relations"),),
    ),
)


@dataclass(frozen=True, slots=True)
class Contribution:
    """What one note adds to the view, once its links are resolved: per kind (`kind.at`),
    person -> the items of that kind the note adds to their list; and the note's issues."""

    lists: tuple[dict[str, list[Any]], ...]
    issues: tuple[Issue, ...]

    def of(self, kind: Kind[T]) -> dict[str, list[T]]:
        return self.lists[kind.at]


def _numbered(*kinds: Kind[Any]) -> tuple[Kind[Any], ...]:
    names = [k.name for k in kinds]
    if len(set(names)) != len(names):
        raise ValueError(f"two kinds share a name: {names}")
    for at, kind in enumerate(kinds):
        kind.at = at
    return kinds


def _line_tags(kinds: tuple[Kind[Any], ...]) -> dict[str, Kind[Any]]:
    found: dict[str, Kind[Any]] = {}
    for kind in kinds:
        for head in kind.line_tags:
            if head in found:
                raise ValueError(f"#{head} is declared by {found[head].name} and {kind.name}")
            found[head] = kind
    return found


KINDS: tuple[Kind[Any], ...] = _numbered(INTERACTIONS, FOLLOWUPS, MENTIONS, NEEDS, GIFTS, RELATIONS)
LINE_TAGS: dict[str, Kind[Any]] = _line_tags(KINDS)  # a tag's head -> its kind
EMPTY = Contribution(tuple({} for _ in KINDS), ())  # a note that adds nothing (compared by `is`)


def named(name: str) -> Kind[Any]:
    """The kind of this name (KeyError if none is declared)."""
    for kind in KINDS:
        if kind.name == name:
            return kind
    raise KeyError(name)


@contextmanager
def declared(*extra: Kind[Any]) -> Iterator[tuple[Kind[Any], ...]]:
    """The registry with `extra` kinds added, for as long as the block runs (tests)."""
    global KINDS, LINE_TAGS, EMPTY
    before = (KINDS, LINE_TAGS, EMPTY)
    try:
        KINDS = _numbered(*before[0], *extra)
        LINE_TAGS = _line_tags(KINDS)
        EMPTY = Contribution(tuple({} for _ in KINDS), ())
        yield KINDS
    finally:
        KINDS, LINE_TAGS, EMPTY = before
        _numbered(*KINDS)
