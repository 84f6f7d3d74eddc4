"""`log`, `add` and `init`: the commands that write into the user's notes, as plain functions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .dates import DateValueError, parse_birthday, parse_cadence
from .errors import UsageError, WriteError
from .lookup import find_person, matches
from .notes import (
    CONFIG_TEMPLATE,
    PERSON_TEMPLATE,
    insert_log,
    log_line,
    new_person_note,
    safe_filename,
)
from .reports import Status, status
from .scan import UTF8_BOM
from .sync import Vault
from .write import ChangedOnDisk, create_new, inside, snapshot, write_atomic


@dataclass
class Logged:
    path: str
    line: str
    status: Status


def log_interaction(
    vault: Vault, name: str, text: str, when: date, today: date, create: bool
) -> Logged:
    vault.load()
    view = vault.view()
    if create and not matches(view, name):
        path = add_person(vault, name, None, None, (), today)
        vault.load()
        view = vault.view()
    else:
        path = find_person(view, name)
    item = log_line(when, text)
    target = vault.root / path
    found = snapshot(target)
    if found is None:
        raise UsageError(f"{path}: the note disappeared; try again")
    data, snap = found
    bom = data.startswith(UTF8_BOM)
    try:
        old = data[3 if bom else 0 :].decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError(f"{path}: not valid UTF-8; vaultkit will not edit it") from None
    new = insert_log(old, item, vault.config.log_headings)
    try:
        write_atomic(vault.root, target, (UTF8_BOM if bom else b"") + new.encode("utf-8"), snap)
    except ChangedOnDisk:
        raise WriteError(
            f"{path}: changed while vaultkit was writing; nothing written, try again"
        ) from None
    vault.load()
    return Logged(path, item, status(vault.view(), path, today))


def add_person(
    vault: Vault,
    name: str,
    cadence: str | None,
    birthday: str | None,
    tags: tuple[str, ...],
    today: date,
) -> str:
    """Create a person note; refuses names that already belong to someone. Returns its path."""
    try:
        if cadence:
            parse_cadence(cadence)
        if birthday:
            parse_birthday(birthday)
        filename = safe_filename(name)
    except (DateValueError, ValueError) as exc:
        raise UsageError(str(exc)) from None
    vault.load()
    view = vault.view()
    for candidate in {" ".join(name.split()), filename}:
        taken = matches(view, candidate)
        if taken:
            raise UsageError(
                f"'{candidate}' is already a person or alias: {', '.join(sorted(taken))}"
            )
    folder = vault.config.people_folders[0]
    rel = f"{folder}/{filename}.md"
    if any(p.casefold() == rel.casefold() for p in vault.stamps):
        raise UsageError(f"{rel} already exists")
    template = None
    for tfolder in vault.config.templates_folders:
        tpath = vault.root / tfolder / "Person.md"
        if tpath.is_file() and inside(vault.root, tpath):
            template = tpath.read_text(encoding="utf-8-sig")
            break
    text = new_person_note(
        " ".join(name.split()),
        cadence=cadence,
        birthday=birthday,
        tags=tags,
        template=template,
        today=today,
    )
    create_new(vault.root, vault.root / rel, text.encode("utf-8"))
    return rel


def init_vault(root: Path, example: Path | None) -> tuple[list[str], list[str]]:
    """Create the vaultkit files a vault needs; never overwrite. Returns (created, kept)."""
    root.mkdir(parents=True, exist_ok=True)
    created: list[str] = []
    kept: list[str] = []
    files = {"vaultkit.toml": CONFIG_TEMPLATE, "Templates/Person.md": PERSON_TEMPLATE}
    if example is not None:
        for src in sorted(example.rglob("*")):
            if src.is_file():
                files.setdefault(src.relative_to(example).as_posix(), "")
    for rel, text in files.items():
        target = root / rel
        if target.exists() or target.is_symlink():
            kept.append(rel)
            continue
        data = text.encode("utf-8") if text else (example / rel).read_bytes() if example else b""
        create_new(root, target, data)
        created.append(rel)
    people = root / "People"
    if not people.exists():
        people.mkdir()
        created.append("People/")
    return created, kept


def example_vault() -> Path:
    """The demo vault; it ships with the source checkout."""
    path = Path(__file__).resolve().parent.parent / "examples" / "vault"
    if not path.is_dir():
        raise UsageError("the demo vault ships with the source checkout (examples/vault) only")
    return path


__all__ = ["Logged", "add_person", "example_vault", "init_vault", "log_interaction"]
