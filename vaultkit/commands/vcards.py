"""vCards (2.1, 3.0, 4.0) to the person notes they become: text in, `NewPerson`s and problems
out. Pure: reading the files and writing the notes happen in `importer.py`.

vobject reads every line of every card: folding (3.0's leading space, 2.1's quoted-printable
soft breaks), quoted-printable values in their `CHARSET`, parameters, `item1.` groups; its
`stringToTextValues` unescapes the values. What is done here instead of vobject, and why:
the file is cut at its `BEGIN:VCARD` lines, so one broken card is one reported problem and
the cards after it are still read; and vobject's component decoding is not used, because it
keeps only the part of a text value before its first unescaped comma (vCard 2.1 never escapes
commas, and Outlook's notes are full of them) and decodes every `PHOTO` (a broken photo,
which is never imported, would cost the whole card).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..core.models import NewPerson
from ..text.dates import DateValueError, parse_birthday
from ..writing.note_text import safe_filename


@dataclass(frozen=True)
class Card:
    """One card of a file: where it is, and the person it makes or what is wrong with it."""

    position: int  # 1-based: the n-th card of its file
    line: int  # the line of its BEGIN:VCARD
    person: NewPerson | None = None
    problem: str = ""  # why it cannot be imported (person is None)
    notes: tuple[str, ...] = ()  # what was left out of a good card, and why
    emails: tuple[str, ...] = field(default=())

    @property
    def where(self) -> str:
        return f"card {self.position} (line {self.line})"


_BEGIN_RE = re.compile(r"^BEGIN:VCARD[ \t]*$", re.IGNORECASE)
_END_RE = re.compile(r"^END:VCARD[ \t]*$", re.IGNORECASE)
# The properties that hold binary data (a photo, a logo, a sound, a public key): never
# imported, so dropped with their folded lines before anything reads them.
_BINARY_RE = re.compile(r"(?:[A-Za-z0-9-]+\.)?(?:PHOTO|LOGO|SOUND|KEY)[;:]", re.IGNORECASE)
# C0 and C1 control characters but tab, line feed and carriage return: no text of a card
# holds them, and a NUL would make the new note one that vaultkit skips as binary.
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

NOTE_LIMIT = 64 * 1024  # bytes of a card's NOTE kept in the new note (UTF-8)
FIELDS_LIMIT = 256 * 1024  # characters of front matter a card may make; more: skipped
# Characters of any one value read at all: enough for NOTE_LIMIT bytes of text even when
# every character of it is escaped; the rest of a value is never unescaped.
_VALUE_LIMIT = 4 * NOTE_LIMIT


def split_cards(text: str) -> Iterator[tuple[int, str]]:
    """(line of BEGIN:VCARD, the card's text) for each card; text between cards is ignored.
    A card without its END:VCARD runs to the next BEGIN (and vobject then says what is
    wrong with it).

    The pass over the lines also drops the binary properties (`_BINARY_RE`) with all their
    lines: folded lines (a leading space or tab), 2.1's unindented base64 lines (no colon)
    and quoted-printable soft line breaks. A blank line stands in for each line dropped, so
    the card's line numbers stay the file's. Linear in the file's size: a 20 MB photo costs
    a split, not vobject's line-by-line unfolding (quadratic)."""
    start: int | None = None
    lines: list[str] = []
    dropping = soft = False  # soft: the line before ended in a quoted-printable soft break
    prop = ""  # the first line of the property being kept
    for number, line in enumerate(text.splitlines(), 1):
        if dropping:
            if soft or line[:1] in (" ", "\t") or (line and ":" not in line):
                soft = soft and line.endswith("=")
                lines.append("")
                continue
            dropping = False
        if _BEGIN_RE.match(line):
            if start is not None:
                yield start, "\r\n".join(lines) + "\r\n"
            start, lines, soft = number, [line], False
        elif start is not None:
            if not soft and _BINARY_RE.match(line):  # (after a soft break: a value's text)
                dropping = True
                soft = line.endswith("=") and "QUOTED-PRINTABLE" in line.upper()
                lines.append("")
                continue
            if not soft and line[:1] not in (" ", "\t"):
                prop = line
            soft = line.endswith("=") and "QUOTED-PRINTABLE" in prop.upper()
            lines.append(line)
            if _END_RE.match(line):
                yield start, "\r\n".join(lines) + "\r\n"
                start, lines = None, []
    if start is not None:
        yield start, "\r\n".join(lines) + "\r\n"


def logical_lines(chunk: str) -> Iterator[tuple[str, int]]:
    """vobject's `getLogicalLines(allowQP=True)`, line for line (a test holds them to the same
    answers), in linear time: vobject copies the whole logical line after every physical
    line it adds, so a value folded over many lines costs the square of its length."""
    physical = chunk.split("\n")
    if physical and physical[-1] == "":
        physical.pop()  # the file's last line break ends a line; no empty line after it
    parts: list[str] = []
    start = 0  # as vobject counts: 0 for the first logical line
    qp_soft = False  # the last line ended in `=` in a quoted-printable value: a soft break
    qp = False  # "quoted-printable" is in the logical line so far
    tail = ""  # its last characters, for a "quoted-printable" that spans a fold
    for number, raw in enumerate(physical, 1):
        line = raw.rstrip("\r\n")
        if not line.rstrip():
            if parts:
                yield "".join(parts), start
            start, parts, qp_soft, qp, tail = number, [], False, False, ""
            continue
        if qp_soft:
            piece = "\n" + line
            qp_soft = False
        elif line[0] in " \t":
            piece = line[1:]
        else:
            if parts:
                yield "".join(parts), start
                start = number
            parts, qp, tail = [], False, ""
            piece = line
        parts.append(piece)
        joined = tail + piece
        qp = qp or "quoted-printable" in joined.lower()
        tail = joined[-len("quoted-printable") :]
        if piece.endswith("=") and qp:
            qp_soft = True
    if parts:
        yield "".join(parts), start


def read_cards(text: str, *, skip_tags: frozenset[str] = frozenset({"mycontacts"})) -> list[Card]:
    """Every card in `text`, in order. `skip_tags`: categories that are no one's group
    (Google puts `myContacts` on every card it exports)."""
    text = _CONTROL_RE.sub("", text)
    return [
        read_card(chunk, n, line, skip_tags) for n, (line, chunk) in enumerate(split_cards(text), 1)
    ]


def read_card(chunk: str, position: int, line: int, skip_tags: frozenset[str]) -> Card:
    """One card, its lines read by vobject one by one (see the module's docstring)."""
    from vobject.base import VObjectError, textLineToContentLine

    props: dict[str, list[Any]] = {}
    depth = 0
    try:
        for text, number in logical_lines(chunk):
            prop = textLineToContentLine(text, number)
            name = prop.name.upper()
            if name in ("BEGIN", "END"):
                depth += 1 if name == "BEGIN" else -1
            elif depth == 1:  # not the lines of a card nested in this one (2.1's AGENT)
                props.setdefault(name, []).append(prop)
    except VObjectError as exc:
        at = line + max(exc.lineNumber or 1, 1) - 1 if hasattr(exc, "lineNumber") else line
        return Card(position, line, problem=f"line {at} cannot be read ({_reason(exc.msg)})")
    except (UnicodeError, LookupError) as exc:  # quoted-printable bytes not in their CHARSET
        return Card(position, line, problem=f"a value is not text in its CHARSET ({_reason(exc)})")
    if depth != 0:
        return Card(position, line, problem="it never ends (no END:VCARD before the next card)")
    try:
        return _person(props, position, line, skip_tags)
    except VObjectError as exc:  # a value vobject cannot unescape: this card only
        return Card(position, line, problem=f"a value cannot be read ({_reason(exc.msg)})")


def _reason(exc: object) -> str:
    text = " ".join(str(exc).split())
    if len(text) > 120:
        text = text[:117] + "..."
    return text or type(exc).__name__


def _person(props: dict[str, list[Any]], position: int, line: int, skip: frozenset[str]) -> Card:
    name = _name(props)
    if not name:
        problem = "has neither FN nor N (a card needs a name)"
        if "FN" in props or "N" in props:
            problem = "its FN and N are empty (a card needs a name)"
        return Card(position, line, problem=problem)
    try:
        safe_filename(name)
    except ValueError:
        return Card(position, line, problem=f"its name {name!r} leaves no usable file name")
    notes: list[str] = []
    fields: dict[str, Any] = {}
    aliases = _unique(a for p in props.get("NICKNAME", []) for a in _texts(p.value))
    fields["aliases"] = [a for a in aliases if _fold(a) != _fold(name)]
    birthday, note = _birthday(props.get("BDAY", []))
    fields["birthday"] = birthday
    if note:
        notes.append(note)
    emails = _unique(_text(p.value) for p in props.get("EMAIL", []))
    fields["email"] = _one_or_many(emails)
    fields["phone"] = _one_or_many(_unique(_phone(p) for p in props.get("TEL", [])))
    org = next((_fields(p.value) for p in props.get("ORG", [])), [])
    fields["company"] = next((part for part in org if part), None)
    fields["title"] = next((_text(p.value) for p in props.get("TITLE", [])), None)
    fields.update(_place(props.get("ADR", [])))
    fields["url"] = _one_or_many(_unique(_url(p.value) for p in props.get("URL", [])))
    tags = _unique(
        _tag(t) for p in props.get("CATEGORIES", []) for t in _texts(p.value) if t.strip()
    )
    fields["tags"] = [t for t in tags if t and t.casefold() not in skip]
    body = "\n\n".join(_text(p.value) for p in props.get("NOTE", []) if _text(p.value))
    if len(body) > NOTE_LIMIT // 4 and len(body.encode("utf-8")) > NOTE_LIMIT:
        body = body.encode("utf-8")[:NOTE_LIMIT].decode("utf-8", "ignore") + "\n(truncated)"
        notes.append(f"NOTE cut to its first {NOTE_LIMIT // 1024} KiB")
    kept = {k: v for k, v in fields.items() if v}
    if _size(kept) > FIELDS_LIMIT:  # thousands of emails, say: a note vaultkit could not read
        limit = FIELDS_LIMIT // 1024
        return Card(position, line, problem=f"its fields add up to more than {limit} KiB")
    person = NewPerson(name, kept, body)
    return Card(position, line, person, notes=tuple(notes), emails=tuple(emails))


def _size(fields: dict[str, Any]) -> int:
    """About how many characters the fields take in front matter."""
    return sum(
        len(key) + sum(len(v) + 4 for v in (value if isinstance(value, list) else [value]))
        for key, value in fields.items()
    )


def _name(props: dict[str, list[Any]]) -> str:
    """FN, else N as "prefix given additional family suffix"."""
    for p in props.get("FN", []):
        name = " ".join(_text(p.value).split())
        if name:
            return unicodedata.normalize("NFC", name)
    for p in props.get("N", []):
        parts = (_fields(p.value) + [""] * 5)[:5]
        family, given, additional, prefix, suffix = parts
        name = " ".join(" ".join([prefix, given, additional, family, suffix]).split())
        if name:
            return unicodedata.normalize("NFC", name)
    return ""


_BDAY_RE = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})(?:T.*)?$")
_NO_YEAR_RE = re.compile(r"^--(\d{2})-?(\d{2})(?:T.*)?$")


def _birthday(lines: list[Any]) -> tuple[str | None, str]:
    """`1991-12-03`, `19911203`, `--1203`, `--12-03`, a time after them, and Apple's
    `X-APPLE-OMIT-YEAR=1604` (the year it writes when there is none): (birthday, note)."""
    for p in lines:
        raw = _text(p.value).strip()
        omit = {str(v).strip() for v in p.params.get("X-APPLE-OMIT-YEAR", [])}
        m = _BDAY_RE.match(raw)
        value = None
        if m:
            year = None if m[1] in omit else m[1]
            value = f"{year}-{m[2]}-{m[3]}" if year else f"--{m[2]}-{m[3]}"
        elif n := _NO_YEAR_RE.match(raw):
            value = f"--{n[1]}-{n[2]}"
        if value is not None:
            try:
                parse_birthday(value)
            except DateValueError:
                return None, f"birthday {raw!r} left out: not a real date"
            return value, ""
        if raw:
            return None, f"birthday {raw!r} left out: not a date"
    return None, ""


def _place(lines: list[Any]) -> dict[str, str]:
    """`city` and `country` from the first address that has either."""
    for p in lines:
        parts = (_fields(p.value) + [""] * 7)[:7]
        city, country = parts[3].strip(), parts[6].strip()
        if city or country:
            return {"city": city, "country": country}
    return {}


def _phone(p: Any) -> str:
    text = _text(p.value).strip()
    return text[4:] if text.casefold().startswith("tel:") else text  # vCard 4.0: a tel: URI


_URL_ESCAPE_RE = re.compile(r"\\([:;,\\])")


def _url(value: str) -> str:
    """Apple writes `https\\://`: URL is not a text value for vobject, so unescape it here."""
    return _CONTROL_RE.sub("", _URL_ESCAPE_RE.sub(r"\1", value[:_VALUE_LIMIT])).strip()


_TAG_UNSAFE_RE = re.compile(r"[^\w/-]+")


def _tag(text: str) -> str:
    """A group name as an Obsidian tag: `Close Friends` -> `Close-Friends`."""
    return _TAG_UNSAFE_RE.sub("-", text.strip().lstrip("#")).strip("-/")


def _texts(value: str) -> list[str]:
    """A list value (`NICKNAME`, `CATEGORIES`): split at unescaped commas, unescaped."""
    from vobject.icalendar import stringToTextValues

    values = stringToTextValues(_CONTROL_RE.sub("", value[:_VALUE_LIMIT]))
    return [" ".join(v.split()) for v in values if v.strip()]


def _text(value: str) -> str:
    """A single text value, every comma kept (escaped or not) and `\\n` a new line; control
    characters (a quoted-printable `=00`, say) left out; the first `_VALUE_LIMIT` characters."""
    from vobject.icalendar import stringToTextValues

    text = ",".join(stringToTextValues(value[:_VALUE_LIMIT])).replace("\r\n", "\n")
    return _CONTROL_RE.sub("", text).strip()


def _fields(value: str) -> list[str]:
    """A structured value (`N`, `ADR`, `ORG`): its parts at the semicolons, each as text."""
    from vobject.icalendar import stringToTextValues

    parts = stringToTextValues(value, listSeparator=";", charList=";")
    return [" ".join(_text(part).split()) for part in parts]


def _unique(values: Iterator[str] | Any) -> list[str]:
    out: list[str] = []
    seen: set[str] = set()
    for value in values:
        folded = _fold(value)
        if value and folded not in seen:
            seen.add(folded)
            out.append(value)
    return out


def _one_or_many(values: list[str]) -> str | list[str] | None:
    """One value as a string, several as a list (how people write them by hand)."""
    if not values:
        return None
    return values[0] if len(values) == 1 else values


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split())).casefold()
