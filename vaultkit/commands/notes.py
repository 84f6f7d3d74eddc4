"""`log`, `add` and `init`: the commands that write into the user's notes, as plain functions."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.atomic import create_new, inside
from ..core.errors import UsageError, WriteError
from ..core.models import NewPerson
from ..core.progress import Progress
from ..pages.outline import page_names
from ..read.config import CONFIG_NAME, Config
from ..reports.lookup import find_person, listing, matches, name_index, starts
from ..reports.overview import Status, status
from ..rules.people import nfc
from ..text.dates import DateValueError, parse_birthday, read_cadence
from ..text.journal_titles import journal_title
from ..writing.edits import edit_note
from ..writing.note_text import (
    CONFIG_TEMPLATE,
    PERSON_TEMPLATE,
    append_block,
    format_day,
    insert_log,
    log_line,
    logseq_page,
    new_person_note,
    quoted_body,
    safe_filename,
)

if TYPE_CHECKING:
    from ..api import Vault


@dataclass
class Logged:
    path: str
    line: str
    status: Status


def log_interaction(
    vault: Vault,
    name: str,
    text: str,
    when: date,
    today: date,
    create: bool,
    journal: bool = False,
) -> Logged:
    """A dated line in the person's log; in a Logseq graph a block `- [[Dec 7th, 2026]] TEXT`
    at the end of their page, or (`journal`) `- [[Maya Chen]] TEXT` in the day's journal,
    created if missing (§13)."""
    graph = vault.config.dialect == "logseq"
    if journal and not graph:
        raise UsageError(
            "--journal writes to a Logseq graph's journal, and this vault is no Logseq graph: "
            "log without --journal, or link the person from your daily note"
        )
    vault.refresh()
    view = vault.view()
    if create and not matches(view, name):
        near = starts(view, name)
        if near:  # `log sam --create`: Sam Rivera, or a new Sam? Only the user knows.
            raise UsageError(
                f"'{name}' is no one's full name but could be {listing(view, near)}: "
                "drop --create to log there, or give the new person's full name"
            )
        path = add_person(vault, name, None, None, (), today)
        vault.refresh()
        view = vault.view()
    else:
        path = find_person(view, name, unknown=_create_hint(vault, name))
    target, new_file = path, False
    if graph:
        words = " ".join(text.split())
        config = vault.config
        if journal:
            target = f"{config.daily_folder}/{format_day(when, config.daily_format)}.md"
            target = target.lstrip("/")
            item = f"- [[{page_names(view, config)(path)}]] {words}"
            new_file = not (vault.root / target).exists()
        else:
            item = f"- [[{journal_title(when, config.journal_title)}]] {words}"
        done = edit_note(vault.root, target, lambda old: append_block(old, item), create=new_file)
    else:
        item = log_line(when, text)
        headings = vault.config.log_headings
        done = edit_note(vault.root, path, lambda old: insert_log(old, item, headings))
    if done.status not in ("written", "unchanged"):
        error = UsageError if "UTF-8" in done.reason else WriteError
        raise error(f"{target}: {done.reason}; nothing written")
    vault.refresh()
    return Logged(target, item, vault._read(lambda view: status(view, path, today)))


def _create_hint(vault: Vault, name: str) -> str:
    try:
        folder, start, slugs = _place(vault, None)
        rel = f"{folder}/{start}{(slugs and slug(name)) or safe_filename(name)}.md"
    except ValueError:
        return ""
    return f"add --create to start {rel}"


def add_person(
    vault: Vault,
    name: str,
    cadence: str | None,
    birthday: str | None,
    tags: tuple[str, ...],
    today: date,
    fields: dict[str, Any] | None = None,
) -> str:
    """Create one person note (see `add_people`). Returns its path."""
    values: dict[str, Any] = {"cadence": cadence, "birthday": birthday}
    if tags:
        values["tags"] = ["person", *tags]
    values.update(fields or {})
    return add_people(vault, [NewPerson(name, values)], today)[0]


def add_people(
    vault: Vault,
    people: Sequence[NewPerson],
    today: date,
    folder: str | None = None,
    *,
    imported: bool = False,
    progress: Progress | None = None,
) -> list[str]:
    """Create person notes in `folder` (default: the first people folder), from the vault's
    person template when there is one. The vault is read once for the whole batch (an
    importer adds hundreds); names that already belong to someone, or come twice in the
    batch, are refused before anything is written. A name that cannot be a file name as it
    is (`AC/DC` -> `AC DC.md`) is kept in a `name` field. Returns the new notes' paths."""
    progress = progress or Progress()
    planned: list[tuple[str, str, NewPerson]] = []
    for person in people:
        try:
            _check_fields(person.fields)
            filename = safe_filename(person.name)
        except (DateValueError, ValueError) as exc:
            raise UsageError(str(exc)) from None
        planned.append((" ".join(person.name.split()), filename, person))
    vault.refresh()
    view = vault.view()
    names = name_index(view)
    graph = vault.config.dialect == "logseq"
    where, start, slugs = _place(vault, folder)
    if slugs:  # a Foam folder of `maya-chen.md` notes: named the same way (§14)
        planned = [(name, slug(name) or filename, p) for name, filename, p in planned]
    existing = {p.casefold() for p in vault.session.stamps}
    seen: set[str] = set()
    for name, filename, _ in planned:
        for candidate in {name, filename}:
            taken = matches(view, candidate, names)
            if taken:
                raise UsageError(
                    f"'{candidate}' is already a person or alias: {', '.join(sorted(taken))}"
                )
        rel = f"{where}/{start}{filename}.md"
        if rel.casefold() in existing or rel.casefold() in seen:
            raise UsageError(f"{rel} already exists")
        seen.add(rel.casefold())
    template = None if graph else _person_template(vault)
    created: list[str] = []
    progress.phase("writing notes", len(planned))
    for name, filename, person in planned:
        rel = f"{where}/{start}{filename}.md"
        if graph:
            text = _graph_page(name, filename, start, person.fields, person.body)
        else:
            text = _note(name, filename, person, template, today, imported, slugs)
        done = edit_note(vault.root, rel, lambda _: text, create=True)  # noqa: B023 - called now
        if done.status != "written":
            raise WriteError(f"{rel}: {done.reason}; vaultkit never overwrites a note")
        created.append(rel)
        if len(created) % 100 == 0 or len(created) == len(planned):
            progress.advance(len(created) - progress.done)
    return created


def _note(
    name: str,
    filename: str,
    person: NewPerson,
    template: str | None,
    today: date,
    imported: bool,
    slugs: bool = False,
) -> str:
    """A new person note from the template; a name the file name cannot carry kept in `name`,
    unless (a Foam slug, `lee-park.md`) the note's first heading says it (§14)."""
    fields = person.fields
    made = new_person_note(
        name, fields=fields, template=template, today=today, body=person.body, imported=imported
    )
    if nfc(name) == filename or "name" in fields or (slugs and _first_heading(made) == name):
        return made
    fields = {"name": name, **fields}
    return new_person_note(
        name, fields=fields, template=template, today=today, body=person.body, imported=imported
    )


def _first_heading(text: str) -> str | None:
    """The note's first `# ` heading, which names a Foam note (§14)."""
    for line in text.splitlines():
        if line.startswith("# "):
            return " ".join(line[2:].split())
    return None


_SLUG_RE = re.compile(r"[^\w]+|_+")
_SLUG_NAME = re.compile(r"[^\W_A-Z]+(?:-[^\W_A-Z]+)*")


def slug(name: str) -> str:
    """Foam's file name for a note: `Maya Chen` -> `maya-chen` (letters and digits, any
    script, lower case, joined by `-`)."""
    return _SLUG_RE.sub("-", nfc(name).casefold()).strip("-")


def _place(vault: Vault, folder: str | None) -> tuple[str, str, bool]:
    """Where new people go: (folder, file-name start, whether files are named by slug). The
    people folder as spelled on disk; in a Logseq graph the pages folder and the people
    namespace if the graph has one (§13); in a Foam workspace, by slug when most notes of
    the folder are named so (`maya-chen.md`, §14)."""
    config = vault.config
    people_folder = config.people_folders[0] if folder is None else folder
    if config.dialect == "logseq":
        return (*graph_place(vault.root, config.pages_folder, people_folder), False)
    where = existing_folder(vault.root, people_folder)
    if config.dialect != "foam":
        return where, "", False
    try:
        stems = [p.name[:-3] for p in (vault.root / where).iterdir() if p.name.endswith(".md")]
    except OSError:
        stems = []
    slugged = sum(1 for s in stems if _SLUG_NAME.fullmatch(s))
    return where, "", bool(stems) and slugged * 2 > len(stems)


def graph_place(root: Path, pages: str, people: str) -> tuple[str, str]:
    """Where `add` puts a person in a Logseq graph (§13): the pages folder, and the start of
    the file name: `People___` when the graph already keeps people in that namespace (the
    spelling of its pages), else "" (a plain page, `type:: person`)."""
    where = existing_folder(root, pages)
    wanted = people.replace("/", "___").casefold() + "___"
    try:
        names = sorted(p.name for p in (root / where).iterdir() if p.name.endswith(".md"))
    except OSError:
        names = []
    found = [n for n in names if n.casefold().startswith(wanted)]
    return where, found[0][: len(wanted)] if found else ""


def _graph_page(name: str, filename: str, start: str, fields: dict[str, Any], body: str) -> str:
    """A person's new Logseq page: `type:: person` and the fields as properties (`alias::`
    for aliases), `title::` when the file name does not say the name; an imported card's note
    in a code block, as in any vault (`quoted_body`)."""
    props: dict[str, Any] = {}
    if start or nfc(name) != filename:
        props["title"] = name
    props["type"] = "person"
    for key, value in fields.items():
        if key.casefold() == "tags" and isinstance(value, list):
            value = [v for v in value if str(v).casefold() != "person"]
        props["alias" if key.casefold() in ("aliases", "alias") else key] = value
    text = logseq_page(props)
    quoted = quoted_body(body)  # a card's note: shown in a code block, never read (§13)
    if not quoted:
        return text
    heading, _, fence, *inner = quoted
    lines = [f"- {heading}", f"- {fence}", *(f"  {line}" if line else "" for line in inner)]
    return text + "\n" + "".join(line + "\n" for line in lines)


def existing_folder(root: Path, folder: str) -> str:
    """`folder` as it is spelled on disk when a folder differing only in case exists
    (`people/` for the setting `People`, VAULT_FORMAT §3): a note goes into it, never into a
    second folder beside it (on a case-sensitive disk)."""
    at = root
    parts: list[str] = []
    for part in folder.replace("\\", "/").strip("/").split("/"):
        if (at / part).is_dir() or not at.is_dir():
            found = part
        else:
            wanted = nfc(part).casefold()
            same = sorted(
                c.name for c in at.iterdir() if nfc(c.name).casefold() == wanted and c.is_dir()
            )
            found = same[0] if same else part
        parts.append(found)
        at = at / found
    return "/".join(parts)


def _check_fields(fields: dict[str, Any]) -> None:
    """A cadence or birthday vaultkit could not read is refused, naming the field."""
    for key, check in (("cadence", read_cadence), ("birthday", parse_birthday)):
        value = fields.get(key)
        if value not in (None, ""):
            try:
                check(value.isoformat() if isinstance(value, date) else str(value))
            except DateValueError as exc:
                raise DateValueError(f"{key}: {exc}") from None


def _person_template(vault: Vault) -> str | None:
    path = person_template(vault.root, vault.config)
    return None if path is None else path.read_text(encoding="utf-8-sig")


TEMPLATE_PREFIXES = ("person", "people")


def person_template(root: Path, config: Config) -> Path | None:
    """The template `add` fills: `person_template` from vaultkit.toml; else `Person.md` in a
    templates folder; else the template there (subfolders too) whose name starts with "Person"
    or "People" (`Person template.md`, `People - contact.md`), the shallowest first. A symbolic
    link is never followed. None: vaultkit's own template."""
    if config.person_template:
        path = root / config.person_template
        if not path.is_file() or not inside(root, path):
            raise UsageError(
                f"{root / CONFIG_NAME}: person_template {config.person_template!r} is not a "
                "note in the vault; fix the path or remove the key"
            )
        return path
    folders = [root / f for f in config.templates_folders if (root / f).is_dir()]
    for folder in folders:
        exact = folder / "Person.md"
        if exact.is_file() and inside(root, exact):
            return exact
    found: list[tuple[int, str, Path]] = []
    for folder in folders:
        if not inside(root, folder / "x"):
            continue
        for path in folder.rglob("*.md"):
            rel = path.relative_to(folder)
            if (
                path.stem.casefold().startswith(TEMPLATE_PREFIXES)
                and not any(part.startswith(".") for part in rel.parts)
                and path.is_file()
                and inside(root, path)
            ):
                found.append((len(rel.parts), path.relative_to(root).as_posix(), path))
    return min(found)[2] if found else None


def init_vault(root: Path, example: Path | None) -> tuple[list[str], list[str]]:
    """Create the vaultkit files a vault needs; never overwrite. Returns (created, kept)."""
    root.mkdir(parents=True, exist_ok=True)
    created: list[str] = []
    kept: list[str] = []
    files: dict[str, str] = {}  # "" means: copy it from the example
    if example is not None:  # the demo's own settings (its circles) and template come first
        for src in sorted(example.rglob("*")):
            if src.is_file():
                files[src.relative_to(example).as_posix()] = ""
    files.setdefault("vaultkit.toml", CONFIG_TEMPLATE)
    files.setdefault("Templates/Person.md", PERSON_TEMPLATE)
    for rel, text in files.items():
        target = root / rel
        if target.exists() or target.is_symlink():
            kept.append(rel)
            continue
        data = text.encode("utf-8") if text else (example / rel).read_bytes() if example else b""
        create_new(root, target, data)
        created.append(rel)
    people = root / existing_folder(root, "People")  # `people/` is one too
    if not people.exists():
        people.mkdir()
        created.append("People/")
    return created, kept


def example_vault() -> Path:
    """The demo vault: package data in an installed wheel (tools/build_example.py puts it
    there), `examples/vault` itself in a source checkout or an editable install."""
    here = Path(__file__).resolve().parent.parent  # the package's folder
    for path in (here / "example_vault", here.parent / "examples" / "vault"):
        if path.is_dir():
            return path
    raise UsageError(
        f"the demo vault is missing from this installation ({here / 'example_vault'}); "
        "reinstall vaultkit from a wheel or a checkout"
    )


__all__ = [
    "Logged",
    "NewPerson",
    "add_people",
    "add_person",
    "example_vault",
    "init_vault",
    "log_interaction",
]
