"""`vaultkit import`: vCard files in, one new person note per new person out.

The rules (docs/vault-format.md, "Importing contacts"): a card that matches a person already in
the vault, by name, alias or email (NFC, any case), is never written over and never merged
into the user's front matter, only listed; cards that share a name in one import make one
note (the first card's); a card that cannot be read is one line, and the others go on. The
notes are made by `notecmds.add_people` (the vault's template, `vaultkit add`'s file names,
never over an existing file), so running the same import again changes nothing.

Reading and writing happen in `import_files`; deciding what each card becomes (`plan`) is pure.
"""

from __future__ import annotations

import codecs
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from ..core.errors import NotAFile, UsageError
from ..core.models import NewPerson
from ..core.progress import Progress
from ..core.regular import open_regular, read_upto
from ..read.links import fold
from ..writing.note_text import safe_filename
from .vcards import Card, read_cards

if TYPE_CHECKING:
    from ..api import Vault
    from ..engine.index import VaultView

Kind = Literal["new", "already", "skipped"]


@dataclass
class Outcome:
    """What became of one card, or of several cards that share a name (the first one wins)."""

    kind: Kind
    cards: list[tuple[str, Card]]  # (file, card)
    path: str = ""  # the note made (new), or the notes matched (already)
    detail: str = ""  # how it matched, why it was skipped
    notes: list[str] = field(default_factory=list)  # what a new note leaves out, and why

    def where(self) -> str:
        """`a.vcf card 2`, or `a.vcf cards 1, 3, b.vcf card 1` for cards that share a name."""
        by_file: dict[str, list[str]] = {}
        for file, card in self.cards:
            by_file.setdefault(file, []).append(str(card.position))
        return ", ".join(
            f"{file} card{'s' if len(numbers) > 1 else ''} {', '.join(numbers)}"
            for file, numbers in by_file.items()
        )


@dataclass
class Report:
    outcomes: list[Outcome]
    cards: int
    dry_run: bool

    def count(self, kind: Kind) -> int:
        return sum(1 for o in self.outcomes if o.kind == kind)

    def lines(self) -> list[str]:
        """One line per new person, person already there, and card that was skipped."""
        out = []
        for o in self.outcomes:
            if o.kind == "new":
                verb = "would create" if self.dry_run else "new"
                extra = list(o.notes)
                if len(o.cards) > 1:
                    extra.insert(0, f"{len(o.cards)} cards with this name: the first one is used")
                tail = f" ({'; '.join(extra)})" if extra else ""
                out.append(f"{o.where()}: {verb} {o.path}{tail}")
            elif o.kind == "already":
                out.append(f"{o.where()}: already in the vault: {o.path} (matched by {o.detail})")
            else:
                file, card = o.cards[0]
                at = f"{file} {card.where}" if card.line else file
                out.append(f"{at}: skipped: {o.detail}")
        return out

    def summary(self) -> str:
        counts = (
            f"{self.count('new')} new, {self.count('already')} already in the vault, "
            f"{self.count('skipped')} skipped ({self.cards} card{'s' if self.cards != 1 else ''})"
        )
        return f"dry run, nothing written: {counts}" if self.dry_run else counts

    @property
    def new_people(self) -> list[NewPerson]:
        return [
            o.cards[0][1].person for o in self.outcomes if o.kind == "new" and o.cards[0][1].person
        ]


@dataclass(frozen=True)
class Known:
    """What the vault already holds, to match cards against: names, aliases and file names,
    and emails (all folded) -> (note path, how it matched)."""

    names: dict[str, list[tuple[str, str]]]
    emails: dict[str, list[str]]


def plan(
    cards: Sequence[tuple[str, Card]],
    known: Known,
    folder: str,
    *,
    tags: Sequence[str] = (),
    person_tag: bool = False,
    taken: Callable[[str], bool] = lambda rel: False,
) -> list[Outcome]:
    """What each card becomes, in card order. `taken(rel)`: a file is already at that vault
    path (a note that is not a person, or one vaultkit does not read); `person_tag`: tag the
    notes `person` even without other tags (a folder that is not a people folder)."""
    outcomes: list[Outcome] = []
    mine: dict[str, Outcome] = {}  # folded name and file name -> the new note in this import
    for file, card in cards:
        person = card.person
        if person is None:
            outcomes.append(Outcome("skipped", [(file, card)], detail=card.problem))
            continue
        filename = safe_filename(person.name)
        keys = {fold(person.name), fold(filename)}
        hit = _match(keys, card.emails, known)
        if hit is not None:
            outcomes.append(Outcome("already", [(file, card)], path=hit[0], detail=hit[1]))
            continue
        twin = next((mine[k] for k in keys if k in mine), None)
        if twin is not None:
            twin.cards.append((file, card))
            continue
        rel = f"{folder}/{filename}.md"
        if taken(rel):
            detail = f"{rel} already exists and is not a person note; left alone"
            outcomes.append(Outcome("skipped", [(file, card)], detail=detail))
            continue
        new = Outcome("new", [(file, card)], path=rel, notes=list(card.notes))
        outcomes.append(new)
        for key in keys:
            mine[key] = new
    _settle(outcomes, known, set(mine), tags, person_tag)
    return outcomes


_HOW = {"name": 0, "file name": 1}  # then aliases


def _match(keys: set[str], emails: Sequence[str], known: Known) -> tuple[str, str] | None:
    """(note paths, how) of the people a card is: by name, alias or file name, then email."""
    found = [hit for key in sorted(keys) for hit in known.names.get(key, [])]
    if found:
        paths = ", ".join(sorted({p for p, _ in found}))
        return paths, min((how for _, how in found), key=lambda h: (_HOW.get(h, 2), h))
    for email in emails:
        owners = known.emails.get(fold(email.strip()))
        if owners:
            return ", ".join(sorted(set(owners))), f"email {email}"
    return None


def _settle(
    outcomes: list[Outcome],
    known: Known,
    names: set[str],
    tags: Sequence[str],
    person_tag: bool,
) -> None:
    """The new notes' final fields: an alias that is already someone's name or alias (in the
    vault, or a new note's) is left out, so no link that works today becomes ambiguous; the
    `--tag`s and the `person` tag are added."""
    claimed = set(known.names) | names
    for o in outcomes:
        if o.kind != "new":
            continue
        file, card = o.cards[0]
        person = card.person
        assert person is not None  # a new outcome always has one
        fields = dict(person.fields)
        own = {fold(person.name), fold(safe_filename(person.name))}
        kept = []
        for alias in fields.get("aliases", []):
            key = fold(alias)
            if key in own:
                continue
            if key in claimed:
                o.notes.append(f"alias '{alias}' left out: it is already someone's name or alias")
                continue
            claimed.add(key)
            kept.append(alias)
        fields["aliases"] = kept
        extra = [*fields.get("tags", []), *tags]
        if extra or person_tag:
            fields["tags"] = _unique(["person", *extra])
        o.cards[0] = (file, replace(card, person=replace(person, fields=fields)))


def _unique(values: list[str]) -> list[str]:
    out: list[str] = []
    for value in values:
        if value.casefold() not in (v.casefold() for v in out):
            out.append(value)
    return out


_CHARSET_RE = re.compile(rb"CHARSET=\"?([A-Za-z0-9._:-]+)", re.IGNORECASE)


def decode(data: bytes) -> str:
    """A .vcf file's text: UTF-16 with its BOM, UTF-8 (with or without BOM), else the charset
    its cards name (Outlook's vCard 2.1 writes Windows-1252 bytes), else Windows-1252."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    m = _CHARSET_RE.search(data)
    for encoding in (m[1].decode("ascii") if m else "cp1252", "cp1252"):
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("latin-1")  # every byte is a character: never fails


MAX_FILE_BYTES = 50 * 1024 * 1024  # a vCard file this large holds photos, or is no vCard file


def read_file(path: Path) -> bytes:
    """A vCard file's bytes: a regular file (checked on the open file, before a byte is read:
    a named pipe would wait for a writer, `/dev/zero` never ends) of at most 50 MB, else a
    usage error naming the file."""
    too_large = UsageError(
        f"{path}: larger than {MAX_FILE_BYTES // (1024 * 1024)} MB, the most vaultkit reads "
        "of a vCard file; export the contacts without photos, or in several files"
    )
    try:
        found = open_regular(path)
    except NotAFile as exc:
        raise UsageError(
            f"{path}: is {exc.kind}, not a file; import a .vcf file exported from your address book"
        ) from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if found is None:
        raise UsageError(f"{path}: cannot be read (No such file or directory)")
    fd, st = found
    try:
        if st.st_size > MAX_FILE_BYTES:
            raise too_large
        # a file still growing is read up to the limit only (one byte past it: too large)
        data = read_upto(fd, MAX_FILE_BYTES + 1, MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise UsageError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)
    if len(data) > MAX_FILE_BYTES:
        raise too_large
    return data


def known_people(view: VaultView) -> Known:
    """Everyone's names, aliases, file names and emails (`email` or `emails`, one or a list)."""
    names: dict[str, list[tuple[str, str]]] = {}
    emails: dict[str, list[str]] = {}
    for path, person in view.people.items():
        stem = path.rsplit("/", 1)[-1][:-3]
        found = [(person.name, "name"), (stem, "file name")]
        found += [(alias, f"alias '{alias}'") for alias in person.aliases]
        for text, how in found:
            names.setdefault(fold(" ".join(text.split())), []).append((path, how))
        for key, value in person.fields:
            if key.casefold().replace("-", "_") not in ("email", "emails"):
                continue
            for email in value if isinstance(value, list) else [value]:
                if isinstance(email, str) and email.strip():
                    emails.setdefault(fold(email.strip()), []).append(path)
    return Known(names, emails)


def import_files(
    vault: Vault,
    files: Sequence[Path],
    today: date,
    *,
    folder: str | None = None,
    tags: Sequence[str] = (),
    dry_run: bool = False,
    progress: Progress | None = None,
) -> Report:
    """Read the files, decide what each card becomes, and (unless `dry_run`) create the new
    notes in one batch. A file that cannot be read is a usage error before anything is done."""
    from ..read.config import folder_in_vault
    from ..rules.people import in_people_folder
    from ..session.sync import on_disk_spelling
    from .notes import add_people

    progress = progress or Progress()
    texts = [(path, decode(read_file(path))) for path in files]  # every file checked first
    expected = sum(t.count("BEGIN:VCARD") + t.count("begin:vcard") for _, t in texts)
    progress.phase("reading cards", expected)
    cards: list[tuple[str, Card]] = []
    for path, text in texts:
        found = read_cards(text)
        progress.advance(len(found))
        if not found:
            cards.append((str(path), Card(0, 0, problem="holds no vCard (no BEGIN:VCARD line)")))
        cards.extend((str(path), card) for card in found)
    try:
        where = vault.config.people_folders[0] if folder is None else folder_in_vault(folder)
    except ValueError as exc:
        raise UsageError(f"--folder {exc}") from None
    where = on_disk_spelling(vault.root, where)  # `people` for `People/`: not a second folder
    progress.phase("reading the vault")
    vault.refresh(progress=progress)
    existing = {p.casefold() for p in vault.session.stamps}

    def taken(rel: str) -> bool:
        return rel.casefold() in existing or (vault.root / rel).exists()

    outcomes = plan(
        cards,
        vault._read(known_people),
        where,
        tags=[t.strip().lstrip("#") for t in tags if t.strip().lstrip("#")],
        person_tag=in_people_folder(f"{where}/x.md", vault.config.people_folders) is None,
        taken=taken,
    )
    report = Report(outcomes, sum(1 for _, card in cards if card.line), dry_run)
    if not dry_run and report.new_people:
        add_people(vault, report.new_people, today, where, imported=True, progress=progress)
    progress.close()
    return report
