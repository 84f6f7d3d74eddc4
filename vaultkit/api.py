"""The public Python API: `open_vault(...)`, then ask it what the pages and `--json` show.

    import vaultkit
    vault = vaultkit.open_vault("~/Notes", today="2026-11-25")
    for row in vault.overdue():
        print(row.name, row.days_overdue)
    vault.sync()

The CLI is a thin user of this module (sqlite-utils' library-first shape): every read command
prints what these methods return, and `to_json()` of each result is exactly its `--json` form,
so the two faces can never disagree. The vault is read on first use, and every method makes
sure it was; nothing answers from an empty index.
"""

from __future__ import annotations

import dataclasses
import os
import typing
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from .core.progress import Progress
from .session.quick import find_vault, today_from
from .store.cache_file import cache_file

if TYPE_CHECKING:
    from .core.models import Issue
    from .core.stats import Changes, SyncStats
    from .engine.index import VaultView
    from .read.config import Config
    from .session.sync import Vault as Session
    from .store.answers import Rows

R = TypeVar("R")
M = TypeVar("M", bound="JsonModel")


class JsonModel:
    """A typed result whose fields are its JSON keys, in order; dates are `date` objects here
    and ISO text in `to_json()`."""

    _readers: ClassVar[dict[str, Callable[[Any], Any]]]

    @classmethod
    def from_json(cls: type[M], data: dict[str, Any]) -> M:
        readers = _readers(cls)
        return cls(**{name: readers[name](value) for name, value in data.items()})

    def to_json(self) -> dict[str, Any]:
        return {name: _to(getattr(self, name)) for name in _readers(type(self))}


def _readers(cls: type[Any]) -> dict[str, Callable[[Any], Any]]:
    """How each field is read from JSON, worked out once per class from its type hints (the
    read commands turn thousands of rows into models)."""
    found = cls.__dict__.get("_readers")
    if found is None:
        hints = typing.get_type_hints(cls)
        found = {f.name: _reader(hints[f.name]) for f in dataclasses.fields(cls)}
        cls._readers = found
    return found


def _plain(value: Any) -> Any:
    return value


def _reader(hint: Any) -> Callable[[Any], Any]:
    if hint is date or date in typing.get_args(hint):
        return lambda value: None if value is None else date.fromisoformat(value)
    if typing.get_origin(hint) is tuple:
        inner = typing.get_args(hint)[0]
        if isinstance(inner, type) and issubclass(inner, JsonModel):
            return lambda value: None if value is None else tuple(map(inner.from_json, value))
        return lambda value: None if value is None else tuple(value)
    model = _model_in(hint)
    if model is not None:
        return lambda value: None if value is None else model.from_json(value)
    return _plain


def _model_in(hint: Any) -> type[JsonModel] | None:
    """The JsonModel a field holds (`Contact` or `Contact | None`), if any."""
    for option in (hint, *typing.get_args(hint)):
        if isinstance(option, type) and issubclass(option, JsonModel):
            return option
    return None


def _to(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, JsonModel):
        return value.to_json()
    if isinstance(value, tuple):
        return [_to(v) for v in value]
    return value


@dataclass(frozen=True)
class Overdue(JsonModel):
    """One row of `vaultkit overdue`."""

    name: str
    note: str
    last_contact: date | None
    cadence_days: int | None
    cadence_min_days: int | None
    cadence_from: str | None  # "note", "circle:<name>", or None
    window_opens: date | None
    due: date | None
    days_overdue: int | None


@dataclass(frozen=True)
class _Person(JsonModel):
    """What `people` and `show` say of everyone, in their JSON key order."""

    name: str
    note: str
    aliases: tuple[str, ...]
    tags: tuple[str, ...]
    cadence_days: int | None
    cadence_min_days: int | None
    cadence_from: str | None  # "note", "circle:<name>", or None
    circles: tuple[str, ...]
    window_opens: date | None
    last_contact: date | None
    next_due: date | None
    birthday: str | None  # `1990-12-01`, or `--12-01` when the year is unknown
    archived: bool


@dataclass(frozen=True)
class PersonSummary(_Person):
    """One row of `vaultkit people`."""

    interactions: int  # contacts on or before today


@dataclass(frozen=True)
class UpcomingBirthday(JsonModel):
    name: str
    note: str
    date: date
    in_days: int
    age: int | None


Day = date  # a field named `date` (text as written) hides the type in its class


@dataclass(frozen=True)
class UpcomingDate(JsonModel):
    """`vaultkit dates`: a birthday (`label` "birthday") or another date that matters."""

    name: str
    note: str
    label: str
    date: str  # as written: `2015-06-20`, or `--06-20` when the year is unknown
    next: Day  # the next occurrence, today or later
    years: int | None  # years since, at `next`; None when the year is unknown


@dataclass(frozen=True)
class PersonDate(JsonModel):
    """One of a person's dates that matter, in `show` (`dates`)."""

    label: str
    date: str  # as written
    next: Day
    years: int | None


@dataclass(frozen=True)
class OpenFollowUp(JsonModel):
    """An open task about someone (`vaultkit followups`, and in `show`)."""

    name: str
    note: str
    source: str
    line: int
    text: str
    due: date | None


FollowUpEntry = OpenFollowUp


@dataclass(frozen=True)
class InteractionEntry(JsonModel):
    date: date
    note: str
    line: int | None
    text: str


@dataclass(frozen=True)
class MonthCount(JsonModel):
    """Days in touch in one month (`show --json`'s `contacts_by_month`)."""

    month: str  # YYYY-MM
    count: int


@dataclass(frozen=True)
class AskOrOffer(JsonModel):
    """What someone is looking for, or can help with (`vaultkit asks`)."""

    name: str
    note: str
    topic: str  # normalised: `patent-law`, `python/mentoring`
    text: str
    date: date | None
    source: str
    line: int | None


@dataclass(frozen=True)
class PossibleIntroduction(JsonModel):
    """An open ask of `asker` meets an offer of `helper` on a matching topic."""

    topic: str
    asker: str
    asker_note: str
    helper: str
    helper_note: str
    ask_text: str
    ask_source: str


@dataclass(frozen=True)
class WaysToHelp(JsonModel):
    """`vaultkit asks`: open asks, offers, and where they meet."""

    asks: tuple[AskOrOffer, ...]
    offers: tuple[AskOrOffer, ...]
    introductions: tuple[PossibleIntroduction, ...]


@dataclass(frozen=True)
class RelatedPerson(JsonModel):
    """One of the people around a person (VAULT_FORMAT §15)."""

    relation: (
        str  # partner, parent, child, sibling, introduced by, introduced, a label, "<label> of"
    )
    name: str
    note: str | None  # None: a name that names no person note, kept as text
    derived: bool  # shown only because the other person's note wrote it


@dataclass(frozen=True)
class PersonDetail(_Person):
    """`vaultkit show NAME`: a person with their interactions and open follow-ups."""

    interactions: tuple[InteractionEntry, ...]
    days_overdue: int | None
    snooze_until: date | None
    fields: dict[str, Any]
    followups: tuple[OpenFollowUp, ...]
    asks: tuple[AskOrOffer, ...]  # open ones
    offers: tuple[AskOrOffer, ...]
    contacts_by_month: tuple[MonthCount, ...]  # the last 12 months, oldest first
    dates: tuple[PersonDate, ...] = ()  # dates that matter (§16), soonest next first
    relations: tuple[RelatedPerson, ...] = ()  # the people around them, in the table's order


@dataclass(frozen=True)
class Drifting(JsonModel):
    """`vaultkit drifting`: someone with no cadence you used to see regularly, not lately."""

    name: str
    note: str
    last_contact: date | None
    usual_gap_days: int
    days_since: int
    contact_dates: int  # distinct days in touch, all of them


@dataclass(frozen=True)
class Contact(JsonModel):
    """One interaction as the digest shows it."""

    date: date
    source: str
    line: int | None
    text: str


@dataclass(frozen=True)
class GiftIdea(JsonModel):
    """An open gift idea: a `#gift` line that is not checked off."""

    text: str
    date: date | None
    source: str
    line: int


@dataclass(frozen=True)
class PersonGifts(JsonModel):
    """`vaultkit gifts`: a person's open gift ideas, newest first (undated last)."""

    name: str
    note: str
    ideas: tuple[GiftIdea, ...]


@dataclass(frozen=True)
class ReachOut(JsonModel):
    """One person in `vaultkit digest`: why now, and what to say."""

    name: str
    note: str
    group: str  # overdue | promised | due | birthday | drifting: the first that holds them
    reasons: tuple[dict[str, Any], ...]  # {kind, days, ...}: every reason, in group order
    last_contact: Contact | None
    recent: tuple[Contact, ...]  # newest first, at most 3
    followups: tuple[OpenFollowUp, ...]
    asks: tuple[AskOrOffer, ...]
    introductions: tuple[PossibleIntroduction, ...]
    gifts: tuple[GiftIdea, ...] = ()  # open gift ideas, when listed for a birthday
    relations: tuple[RelatedPerson, ...] = ()  # the people around them


@dataclass(frozen=True)
class VaultIssue(JsonModel):
    path: str
    line: int | None
    kind: str
    message: str


def open_vault(
    path: str | os.PathLike[str] | None = None,
    *,
    today: date | str | None = None,
    cache: bool = True,
    cache_dir: str | os.PathLike[str] | None = None,
) -> Vault:
    """The vault at `path` (default: `VAULTKIT_VAULT`, else the nearest folder up holding
    `vaultkit.toml`, else `.obsidian/` or `.foam/`), as of `today` (default: `VAULTKIT_TODAY`,
    else the local date). Nothing is read until a method needs it. Raises `vaultkit.UsageError` when
    no vault is found or `today` is not a date, `ConfigError` for a bad `vaultkit.toml`."""
    when = today if isinstance(today, date) else today_from(today, "today")
    root = find_vault(None if path is None else str(Path(path).expanduser()))
    where = Path(cache_dir).expanduser() if cache_dir is not None else None
    return Vault(root, when, cache_file(root, where) if cache else None)


def _everyone_looked_up(rows: Rows) -> set[str]:
    """No one iterated: an answer that walks a kind's lists (follow-ups, asks and offers,
    gift ideas) and looks each person up reads just those rows."""
    return set()


class Vault:
    """One vault as of one day. Results are computed from the notes on first use."""

    def __init__(self, root: Path, today: date, cache_path: Path | None) -> None:
        self.root = root
        self.today = today
        self.cache_path = cache_path
        self.warnings: list[str] = []  # one-line notes (a rebuilt cache, ...)
        self._session: Session | None = None
        self._loaded = False
        self._config: tuple[Config, list[Issue]] | None = None  # read before the session
        self._stamps: tuple[tuple[int, int] | None, ...] = ()  # the settings' when read
        self.rows_read = -1  # rows the last answer from the database read (-1: none was)

    def __repr__(self) -> str:
        return f"<vaultkit.Vault {str(self.root)!r} as of {self.today.isoformat()}>"

    @property
    def session(self) -> Session:
        """The pipeline's state for this vault (`sync.Vault`): config, index, cache."""
        if self._session is None:
            from .session.sync import Vault as Session

            if self._config is None:  # it reads the settings itself (and again when they change)
                self._session = Session(self.root, cache_path=self.cache_path)
            else:  # read for the no-op check: read as the session would, stamps first
                config, issues = self._config
                self._session = Session(
                    self.root, config, cache_path=self.cache_path, config_issues=issues
                )
                self._session.own_config = True
                self._session.settings = self._stamps
        return self._session

    def reloaded(self) -> Vault:
        """A new `Vault` on the same folder, day and cache, its settings read again (`watch`,
        when they change); raises `ConfigError` when they cannot be read."""
        again = Vault(self.root, self.today, self.cache_path)
        _ = again.session  # read now: a half-typed vaultkit.toml is this caller's to report
        return again

    @property
    def config(self) -> Config:
        """The settings in force (`vaultkit.toml` and Obsidian's own)."""
        return self._session.config if self._session is not None else self._settings()[0]

    def view(self) -> VaultView:
        """Everything the reports are made from, read from the vault on first use."""
        return self._read(lambda view: view)

    def _read(
        self, answer: Callable[[VaultView], R], pick: Callable[[Rows], set[str]] | None = None
    ) -> R:
        """`answer` of the view, read from the vault on first use. A restored view's parts
        are decoded when first read, so a damaged cache can show while `answer` runs: then
        the session rebuilds from the notes and `answer` runs once more (`Session.recovering`,
        the only place that does). Every command that reads the vault comes through here.

        `pick`: the people the answer can name, as the database's keys find them (a superset;
        `store.answers`). Before the vault is read, when the database is known to hold these
        very notes (`quick.rows_for`), `answer` runs on a view of just them, reading only
        their rows; whatever the rows cannot answer goes the usual way. A question that read
        the vault because notes changed since the database was saved (or it had no view to
        answer from) saves what it read (`_keep`), so the next question is answered from
        the rows again."""
        if pick is not None and not self._loaded and self.cache_path is not None:
            found = self._from_rows(answer, pick, self.cache_path)
            if found is not None:
                return found[0]
        session = self.session
        changes: Changes | None = None
        if not self._loaded:
            changes = session.load()
            self._loaded = True
        try:
            answered = session.recovering(lambda: answer(session.view()))
            if pick is not None and changes is not None:
                self._keep(session, changes)
            return answered
        finally:
            self._take_warnings()

    def _keep(self, session: Session, changes: Changes) -> None:
        """Save the notes a question read, when the database did not hold them: notes
        changed since its last save, or it held no view to answer from (another version of
        vaultkit or of the settings, or damage). Only what changed is written; the state saved
        has no pages in it (`sync.notes_state`), so the next `sync` still writes the pages.
        A database that already held these notes is left alone (a `watch` saving beside
        this process would otherwise find it moved and write everything)."""
        from .session.sync import notes_state

        if not (changes or session.store.damaged or not session.index.memo.from_snapshot):
            return
        session.save_cache(notes_state(session))

    def _from_rows(
        self, answer: Callable[[VaultView], R], pick: Callable[[Rows], set[str]], cache: Path
    ) -> tuple[R] | None:
        import sqlite3

        from .core.errors import UsageError
        from .engine.index import DamagedSnapshot
        from .session.quick import rows_for
        from .store.answers import Fallback
        from .store.cache_file import CacheError

        self.rows_read = -1
        rows = rows_for(self.root, self.config, cache)
        if rows is None:
            return None
        try:
            found = answer(rows.view(pick(rows)))
        except (Fallback, UsageError, CacheError, DamagedSnapshot, sqlite3.Error, KeyError):
            return None  # a name nobody has, a damaged row: read the vault, which says why
        finally:
            rows.close()
        self.rows_read = rows.reads
        return (found,)

    def refresh(self, progress: Progress | None = None) -> None:
        """Read again what changed on disk since the vault was read (a note a command just
        wrote); the first read of the vault when nothing read it yet."""
        self.session.load(progress=progress)
        self._loaded = True
        self._take_warnings()

    def _take_warnings(self) -> None:
        self.warnings.extend(self.session.warnings)
        self.session.warnings.clear()

    def people(self) -> list[PersonSummary]:
        """Everyone, by name."""
        from .reports import overview

        return self._read(
            lambda view: [
                PersonSummary.from_json(overview.person_json(s))
                for s in overview.all_status(view, self.today)
            ],
            lambda rows: set(rows.people_view()),
        )

    def overdue(self) -> list[Overdue]:
        """Most days overdue first, then name."""
        from .reports import overview

        return self._read(
            lambda view: [
                Overdue.from_json(overview.overdue_json(s))
                for s in overview.overdue(view, self.today)
            ],
            lambda rows: rows.overdue(self.today),
        )

    def nobody_overdue(self) -> str:
        """Why `overdue` is empty, in words that teach: no people found, or people without a
        cadence (what `vaultkit overdue` prints then)."""
        from .pages import hints

        def answer(view: VaultView) -> str:
            people = view.people.values()
            if not people:
                return hints.no_people(self.config)
            return hints.nobody_overdue(
                len(people), hints.without_cadence(people), self.config.dialect == "logseq"
            )

        return self._read(answer)

    def birthdays(self, within: int | None = None) -> list[UpcomingBirthday]:
        """From today to `within` days ahead (default: the config's window), soonest first."""
        from .reports import overview

        days = self.config.birthday_window_days if within is None else within
        return self._read(
            lambda view: [
                UpcomingBirthday.from_json(overview.birthday_json(b))
                for b in overview.birthdays(view, self.today, days)
            ],
            lambda rows: rows.birthdays(self.today, days),
        )

    def dates(self, within: int | None = None) -> list[UpcomingDate]:
        """Birthdays and other dates that matter from today to `within` days ahead (default:
        the birthday window), soonest first, then name."""
        from .reports import dates

        days = self.config.birthday_window_days if within is None else within
        return self._read(
            lambda view: [
                UpcomingDate.from_json(dates.occasion_json(o))
                for o in dates.coming(view, self.today, days)
            ],
            lambda rows: rows.birthdays(self.today, days),
        )

    def followups(self) -> list[OpenFollowUp]:
        """Open tasks about people: ones with a due date first (soonest first), then the rest."""
        from .reports import overview

        return self._read(
            lambda view: [
                OpenFollowUp.from_json(overview.followup_json(view, f))
                for f in overview.followups(view)
            ],
            _everyone_looked_up,
        )

    def drifting(self) -> list[Drifting]:
        """People with no cadence drifting away: most contact days first, then longest silence."""
        from .reports import overview

        horizon = self.config.drift_horizon_days
        return self._read(
            lambda view: [
                Drifting.from_json(overview.drift_json(d))
                for d in overview.drifting(view, self.today, horizon)
            ],
            lambda rows: rows.drifting(self.today, horizon),
        )

    def digest_text(
        self, days: int | None = None, *, markdown: bool = False, email: bool = False
    ) -> str:
        """The digest in words: the terminal's letter, or (`markdown`) the body of
        `Reach out.md` for mail (`digest --format markdown`); `email`: that body with every
        link replaced by its shown text (`digest --format email`, for `| mail`)."""
        from .pages.markdown import Here, linking, reading
        from .pages.reach_out import body, letter

        words = body if markdown or email else letter
        config = self.config  # the page's links, as from the output folder (§9a)

        def render(view: VaultView) -> str:
            names = None
            if config.dialect == "logseq":  # `[[Page name]]`, as the graph's pages link (§13)
                from .pages.outline import page_names

                names = page_names(view, config)
            here = Here(config.links == "markdown", config.output_folder, names=names)
            with linking(reading(here, view)):
                return words(view, self.today, config, days)

        # a graph's page names are read from everyone (`page_names`)
        pick = self._digest_people(days) if config.dialect != "logseq" else None
        text = self._read(render, pick)
        if email:
            from .text.shown import without_links

            return without_links(text)
        return text

    def digest(self, days: int | None = None) -> list[ReachOut]:
        """Whom to reach out to within `days` (default: the config's `digest_days`): today and
        the `days`-1 after it; 0 lists only what is already late (VAULT_FORMAT §12)."""
        from .pages.reach_out import entries
        from .reports.reach_out import reach_json

        config = self.config
        return self._read(
            lambda view: [
                ReachOut.from_json(reach_json(view, r))
                for r in entries(view, self.today, config, days)
            ],
            self._digest_people(days),
        )

    def _digest_people(self, days: int | None) -> Callable[[Rows], set[str]]:
        """Whom a digest within `days` (default: the config's) can list, as the rows find them."""
        config = self.config
        ahead = config.digest_days if days is None else days
        return lambda rows: rows.digest(self.today, ahead, config.drift_horizon_days)

    def issues(self) -> list[VaultIssue]:
        """What vaultkit could not use (the Vault issues page)."""
        from .reports import overview

        return self._read(
            lambda view: [VaultIssue.from_json(overview.issue_json(i)) for i in view.issues]
        )

    def person(self, name: str) -> PersonDetail:
        """The one person called `name` (name, alias or file name; any case, NFC).
        Raises `vaultkit.UsageError` when nobody or several people are."""
        from .reports import dates, overview
        from .reports.lookup import find_person
        from .reports.ways_to_help import helping, need_json

        def answer(view: VaultView) -> PersonDetail:
            path = find_person(view, name)
            data = overview.show_json(view, overview.status(view, path, self.today), self.today)
            h = helping(view, self.today, self.config.ask_days)
            asks, offers, _ = h.of(path)
            data["asks"] = [need_json(view, n) for n in asks]
            data["offers"] = [need_json(view, n) for n in offers]
            shown = dates.show_dates(view.people[path], self.today)
            data["dates"] = [dates.date_json(o) for o in shown]
            return PersonDetail.from_json(data)

        return self._read(answer, lambda rows: rows.named(name))

    def asks(self) -> WaysToHelp:
        """Open asks and offers (by topic, then name) and the introductions they make possible."""
        from .reports.ways_to_help import helping, helping_json

        return self._read(
            lambda view: WaysToHelp.from_json(
                helping_json(view, helping(view, self.today, self.config.ask_days))
            ),
            _everyone_looked_up,
        )

    def gifts(self) -> list[PersonGifts]:
        """Open gift ideas, per person (by name); archived people are left out."""
        from .reports.gifts import gift_lists, gifts_json

        return self._read(
            lambda view: [PersonGifts.from_json(g) for g in gifts_json(gift_lists(view))],
            _everyone_looked_up,
        )

    def ics(self) -> bytes:
        """The iCalendar feed as of today (what `[calendar] path` receives): birthdays, next
        check-ins and follow-ups with a due date; the same bytes for the same vault and day."""
        from .outputs.calendar import render

        return self._read(lambda view: render(view, self.today, self.config))

    def sync(
        self, *, dry_run: bool = False, full: bool = False, progress: Progress | None = None
    ) -> SyncStats:
        """Write the pages and person blocks that changed (none with `dry_run`). `full`
        re-reads every note, trusting no cache (for edits that kept size and mtime).
        `progress` (a `vaultkit.core.progress.Progress`) hears how far long work has got.

        The first sync of a `Vault` with a cache first asks whether anything changed since
        the cached run, without loading the parser: an unchanged vault costs a walk."""
        found = None
        unread = not self._loaded and (self._session is None or not self._session.stamps)
        if unread and self.cache_path is not None and not (dry_run or full):
            from .session import quick

            config, config_issues = self._settings()
            found, last = quick.unchanged(
                self.root, config, config_issues, self.cache_path, self.today
            )
            if last is not None:
                if found.temp_files:  # nothing else to do, but what a killed write left
                    from .core.atomic import remove_stale_temps, wall_clock

                    clock = wall_clock if self._session is None else self._session.clock
                    remove_stale_temps(self.root, found.temp_files, clock())
                return last
        from .session.sync import SyncOptions, sync

        options = SyncOptions(dry_run=dry_run, full=full, progress=progress or Progress())
        stats = sync(self.session, self.today, options, found=found)
        self._loaded = True
        self._take_warnings()
        return stats

    def _settings(self) -> tuple[Config, list[Issue]]:
        if self._session is not None:
            return self._session.config, self._session.config_issues
        if self._config is None:
            from .read.config import load_config, settings_stamps

            self._stamps = settings_stamps(self.root)  # before reading: a change after is seen
            self._config = load_config(self.root)
        return self._config
