"""Every generated page, by file name: the one list the outputs registry, `vaultkit sync` and
the tests read (a new page is one entry here, plus its module).

A module of its own so that no page module imports another: this one imports every page, and
nothing a page imports leads back here. It is heavy to import (it brings in the index and the
reports), so outputs/__init__.py imports it only when the pages are first needed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from . import helppage, reachout, render
from .config import Config
from .index import VaultView

Page = Callable[[VaultView, date, Config], str]

PAGES: dict[str, Page] = {
    render.PAGE_OVERDUE: render.overdue_page,
    render.PAGE_BIRTHDAYS: render.birthdays_page,
    render.PAGE_RECENT: render.recent_page,
    render.PAGE_FOLLOWUPS: render.followups_page,
    render.PAGE_PEOPLE: render.people_page,
    render.PAGE_ISSUES: render.issues_page,
    render.PAGE_REACH_OUT: reachout.page,
    render.PAGE_WAYS_TO_HELP: helppage.page,
}


def render_pages(view: VaultView, today: date, config: Config) -> dict[str, str]:
    """Page file name -> Markdown text, for every generated page."""
    return {name: build(view, today, config) for name, build in PAGES.items()}
