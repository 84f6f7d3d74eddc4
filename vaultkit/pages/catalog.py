"""Every generated page, by file name: the one table the outputs registry, `vaultkit sync` and
the tests read.

A page module says which pages it makes with a `PAGES` table (file name -> page function);
this module finds every module of `pages/` that has one, so a new page is its module and
nothing else: no list to keep here. The order is the modules' names, and each table's own.
A page written only when asked for also has a `PLACES` entry (file name -> where the
settings send it, or None while they do not ask for it), as `People map.md` does.

A module of its own so that no page module imports another: this one imports every page, and
nothing a page imports leads back here. It is heavy to import (it brings in the index and the
reports), so outputs/__init__.py imports it only when the pages are first needed.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from datetime import date

from ..engine.index import VaultView
from ..read.config import Config
from .markdown import Here, linking, reading

Page = Callable[[VaultView, date, Config], str]
Place = Callable[[Config], str | None]


def _found() -> tuple[dict[str, Page], dict[str, Place]]:
    package = __name__.rpartition(".")[0]
    here = importlib.import_module(package).__path__
    pages: dict[str, Page] = {}
    places: dict[str, Place] = {}
    for module in sorted(m.name for m in pkgutil.iter_modules(here)):
        found = importlib.import_module(f"{package}.{module}")
        table: dict[str, Page] | None = getattr(found, "PAGES", None)
        for filename, build in (table or {}).items():
            if filename in pages:
                raise RuntimeError(f"two page modules make {filename}")  # a bug, not a user's
            pages[filename] = build
        places.update(getattr(found, "PLACES", None) or {})
    return pages, places


PAGES, PLACES = _found()


def render_pages(view: VaultView, today: date, config: Config) -> dict[str, str]:
    """Page file name -> Markdown text, for every page these settings produce, as written
    into the output folder."""
    with linking(reading(Here(config.links == "markdown", config.output_folder), view)):
        return {
            name: build(view, today, config)
            for name, build in PAGES.items()
            if name not in PLACES or PLACES[name](config) is not None
        }
