"""Every generated page, by file name: the one list the outputs registry, `vaultkit sync` and
the tests read (a new page is one entry here, plus its module).

A module of its own so that no page module imports another: this one imports every page, and
nothing a page imports leads back here. It is heavy to import (it brings in the index and the
reports), so outputs/__init__.py imports it only when the pages are first needed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from ..engine.index import VaultView
from ..read.config import Config
from . import overview, reach_out, ways_to_help

Page = Callable[[VaultView, date, Config], str]

PAGES: dict[str, Page] = {
    overview.PAGE_OVERDUE: overview.overdue_page,
    overview.PAGE_BIRTHDAYS: overview.birthdays_page,
    overview.PAGE_RECENT: overview.recent_page,
    overview.PAGE_FOLLOWUPS: overview.followups_page,
    overview.PAGE_PEOPLE: overview.people_page,
    overview.PAGE_ISSUES: overview.issues_page,
    overview.PAGE_REACH_OUT: reach_out.page,
    overview.PAGE_WAYS_TO_HELP: ways_to_help.page,
}


def render_pages(view: VaultView, today: date, config: Config) -> dict[str, str]:
    """Page file name -> Markdown text, for every generated page."""
    return {name: build(view, today, config) for name, build in PAGES.items()}
