"""What vaultkit writes besides person blocks: a registry of outputs (jrnl's exporters, mkdocs'
generated files, adapted).

An output has a name, a file name in the output folder (or a destination the user set in
`[outputs]` of vaultkit.toml, which may lie outside the vault), and a function that renders
its bytes from the view. The six pages are outputs like any other; an iCalendar feed or a
digest is one `register(...)` away. Which files are ours is decided in `manifest.py`: a
Markdown page by its `generated_by: vaultkit` marker, any other file by the manifest of what
vaultkit wrote, so a file vaultkit did not write is never touched.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.models import Issue

if TYPE_CHECKING:
    from ..engine.index import VaultView
    from ..pages.markdown import Here
    from ..read.config import Config

Render = Callable[["VaultView", date, "Config"], bytes]


@dataclass(frozen=True)
class OutputKind:
    """One thing vaultkit writes on every sync."""

    name: str  # the key users give in `[outputs]` to send it elsewhere
    filename: str  # its name in the output folder
    render: Render
    marked: bool = False  # a Markdown page that carries the generated_by marker
    # An opt-in output: where the settings send it, or None while the user has not asked for
    # it (the calendar feed: `[calendar] path`). Without it an output is always produced.
    place: Callable[[Config], str | None] | None = None


_REGISTRY: dict[str, OutputKind] = {}
_BUILTIN: set[str] = {"calendar"}  # part of vaultkit's code, which the caches key on


def register(kind: OutputKind) -> None:
    """Add an output (or replace one of the same name)."""
    _REGISTRY[kind.name] = kind


def unregister(name: str) -> None:
    _REGISTRY.pop(name, None)


def registered() -> list[OutputKind]:
    """Every output, pages first (by file name), then the others by name."""
    _builtin_pages()
    return sorted(_REGISTRY.values(), key=lambda k: (not k.marked, k.filename, k.name))


def active(config: Config) -> list[OutputKind]:
    """The outputs these settings produce: every output but the opt-in ones not asked for."""
    return [k for k in registered() if k.place is None or k.place(config) is not None]


def configured_paths(config: Config) -> list[str]:
    """Every destination the settings name, as written (no import of the renderer): the
    no-op check looks at these files too, so one edited or deleted by hand is redone."""
    placed = [k.place(config) for k in _REGISTRY.values() if k.place is not None]
    return [*(path for _, path in config.outputs), *(p for p in placed if p is not None)]


def destination(vault: Path, config: Config, kind: OutputKind) -> tuple[str, Path]:
    """(the key it is known by, where it goes): `Vaultkit/<file name>` inside the vault, else
    the path from `[outputs]` (or an opt-in output's own setting; `~` expanded; relative to
    the vault), known by its absolute path when it lies outside the vault."""
    if kind.place is not None:
        configured = kind.place(config)
    else:
        configured = dict(config.outputs).get(kind.name)
    if configured is None:
        rel = f"{config.output_prefix}{kind.filename}"
        return rel, vault / rel
    path = Path(configured).expanduser()
    # `..` resolved first: `../cal.ics` is a file beside the vault, not a vault path
    path = Path(os.path.normpath(path if path.is_absolute() else vault / path))
    try:
        return path.relative_to(vault).as_posix(), path
    except ValueError:
        return str(path), path


def destinations(vault: Path, config: Config) -> dict[str, tuple[Path, OutputKind]]:
    """Every active output by the key it is known by: (where it goes, its kind). Two outputs
    sent to one file, or an output sent into a hidden folder of the vault (`.obsidian/`,
    `.git/`: the editor's and the tools' own), are a usage error naming them."""
    from ..core.errors import ConfigError

    found: dict[str, tuple[Path, OutputKind]] = {}
    folded: dict[str, str] = {}
    for kind in active(config):
        key, path = destination(vault, config, kind)
        if not Path(key).is_absolute() and any(p.startswith(".") for p in key.split("/")):
            raise ConfigError(
                f"{vault / 'vaultkit.toml'}: output '{kind.name}' goes to {key}, inside a hidden "
                "folder; vaultkit never writes there: choose a path outside dot-folders"
            )
        other = folded.get(key.casefold())
        if other is not None:
            raise ConfigError(
                f"{vault / 'vaultkit.toml'}: outputs '{found[other][1].name}' and '{kind.name}' "
                f"both go to {key}; send each to a file of its own ([outputs])"
            )
        folded[key.casefold()] = key
        found[key] = (path, kind)
    return found


_PAGES_DONE = False


def _builtin_pages() -> None:
    """The Markdown pages of pagelist.py, registered on first use (it is heavy to import)."""
    global _PAGES_DONE
    if _PAGES_DONE:
        return
    _PAGES_DONE = True
    from ..pages.catalog import PAGES, PLACES

    for filename, build in PAGES.items():
        name = _page_name(filename)
        if name not in _REGISTRY:
            _BUILTIN.add(name)
            place = PLACES.get(filename)
            register(OutputKind(name, filename, _encoded(build), marked=True, place=place))


def signature() -> str:
    """The outputs registered besides vaultkit's own pages: a sync that finds nothing changed
    in the notes must still write (or delete) when these change."""
    extra = sorted(
        (k.name, k.filename, f"{k.render.__module__}.{k.render.__qualname__}", k.marked)
        for k in _REGISTRY.values()
        if k.name not in _BUILTIN
    )
    return repr(extra)


def _page_name(filename: str) -> str:
    """`Overdue check-ins.md` -> `overdue-check-ins`: the name `[outputs]` uses."""
    stem = filename[:-3] if filename.endswith(".md") else filename
    return "-".join(stem.casefold().split())


def _encoded(build: Callable[[VaultView, date, Config], str]) -> Render:
    return lambda view, today, config: build(view, today, config).encode("utf-8")


def _calendar(view: VaultView, today: date, config: Config) -> bytes:
    """The iCalendar feed; its module (and icalendar) is imported only when a vault asks."""
    from .calendar import render

    return render(view, today, config)


def _calendar_place(config: Config) -> str | None:
    return config.calendar_path


register(OutputKind("calendar", "people.ics", _calendar, place=_calendar_place))


class Rendered(Mapping[str, tuple[Path, bytes, bool]]):
    """Every active output: key -> (where it goes, its bytes, whether it is a marked page).

    Each output is rendered when its key is looked up, and not kept: written one at a time
    (`write_outputs`), a sync holds one page's text, not all of them (at 100k notes the
    pages are ~18 MB together)."""

    def __init__(self, view: VaultView, today: date, vault: Path, config: Config) -> None:
        self._kinds = destinations(vault, config)
        self._args = (view, today, config)
        self._vault = vault
        self._names: Callable[[str], str] | None = None  # a Logseq graph's page names

    def __getitem__(self, key: str) -> tuple[Path, bytes, bool]:
        path, kind = self._kinds[key]
        if not kind.marked:
            return path, kind.render(*self._args), kind.marked
        from ..pages.markdown import linking, reading

        view, _, config = self._args
        if config.dialect == "logseq":  # an outline, linking by page name (§13)
            from dataclasses import replace

            from ..pages.outline import outline_page, page_names
            from ..read.logseq import page_name

            if self._names is None:
                self._names = page_names(view, config)
            with linking(replace(here(self._vault, path, config), names=self._names)):
                text = kind.render(*self._args).decode("utf-8")
            name = page_name(path.name, None)  # a page `[outputs]` sent elsewhere
            if key.startswith(config.output_prefix):  # `Vaultkit/People`, whatever the file
                name = f"{config.output_folder}/{key[len(config.output_prefix) : -3]}"
            return path, outline_page(text, name).encode("utf-8"), kind.marked
        # links relative to the page, a person's note labelled by their name
        with linking(reading(here(self._vault, path, config), view)):
            return path, kind.render(*self._args), kind.marked

    def __contains__(self, key: object) -> bool:
        return key in self._kinds  # Mapping's own would render the output to find out

    def __iter__(self) -> Iterator[str]:
        return iter(self._kinds)

    def __len__(self) -> int:
        return len(self._kinds)


def here(vault: Path, path: Path, config: Config) -> Here:
    """Where a page written to `path` links from (VAULT_FORMAT §9a): its folder in the vault,
    or, for a page sent outside it by `[outputs]`, its route back to the vault's root."""
    from ..pages.markdown import Here

    markdown = config.links == "markdown"
    try:
        folder = path.parent.relative_to(vault).as_posix()
    except ValueError:
        back = os.path.relpath(os.path.abspath(vault), os.path.abspath(path.parent))
        return Here(markdown, None, back.replace(os.sep, "/"))
    return Here(markdown, "" if folder == "." else folder)


def render_all(view: VaultView, today: date, vault: Path, config: Config) -> Rendered:
    """Every output, rendered on demand (see `Rendered`)."""
    return Rendered(view, today, vault, config)


def elsewhere(vault: Path, config: Config) -> dict[str, Path]:
    """The outputs the user sent outside the output folder, by key."""
    inside = config.output_prefix
    return {k: p for k, (p, _) in destinations(vault, config).items() if not k.startswith(inside)}


def config_issues(config: Config) -> list[Issue]:
    """`[outputs]` entries that name no output: said, not silently ignored."""
    kinds = {kind.name: kind for kind in registered()}
    known = sorted(name for name, kind in kinds.items() if kind.place is None)
    issues = []
    for name, _ in config.outputs:
        if name not in kinds:
            message = f"[outputs] names no output '{name}'; known: {', '.join(known)}"
        elif kinds[name].place is not None:
            message = f"[outputs] '{name}' is ignored: it has its own setting, [{name}] path"
        else:
            continue
        issues.append(Issue("config", "vaultkit.toml", None, message))
    return issues
