"""The command line: the only module that imports click. Each command calls plain functions
and prints their result; user errors are one line on stderr with exit status 2."""

from __future__ import annotations

import contextlib
import functools
import gc
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

import click

from .. import __version__
from ..core.errors import VaultkitError, shown
from ..core.progress import Progress, terminal_writer
from ..core.stats import plural
from ..read.config import MAX_DAYS
from ..reports.rhythm import rhythm_line
from ..text.shown import without_links
from . import json_text
from .options import GLOBAL, F, before_command, with_options
from .terminal import table

if TYPE_CHECKING:
    from .. import api

# The parser, index and renderer are imported inside the commands that use them: a warm
# no-op `sync` never needs them, and their imports are a third of its run time.

K = TypeVar("K")

# Set by the console script (`entry.py`), which leaves with `os._exit`: the vaults commands
# open are kept here, so that the index and view they hold are not freed object by object
# when the command returns (a third of a second on a 100k-note vault) only to exit at once.
KEEP_UNTIL_EXIT = False
_kept: list[object] = []


def _keep(vault: K) -> K:
    if KEEP_UNTIL_EXIT:
        _kept.append(vault)
    return vault


@dataclass(frozen=True)
class Where:
    """The options every command shares: which vault, which day, which cache."""

    vault_path: str | None
    today: str | None
    no_cache: bool
    cache_dir: Path | None

    def api(self) -> api.Vault:
        """The vault as the public API sees it: every command holds it (the read commands
        print what it returns)."""
        from ..api import open_vault

        return _keep(
            open_vault(
                self.vault_path,
                today=self.today,
                cache=not self.no_cache,
                cache_dir=self.cache_dir,
            )
        )


def _warn(vault: api.Vault) -> None:
    for line in vault.warnings:
        click.echo(f"vaultkit: warning: {line}", err=True)
    vault.warnings.clear()


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Commands build an index of many long-lived objects in one go, and the cyclic garbage
    collector would walk all of them again and again as they are made (a third of a warm
    sync's time on a big vault). Nothing vaultkit builds relies on it (reference counting
    frees what a command drops), so it is off while a command runs, and back on after;
    `watch` turns it on itself once its first sync is done. Under the console script
    (`KEEP_UNTIL_EXIT`) it stays off: the process leaves with `os._exit` right after, and
    turned back on it would first walk every object the command made (a tenth of a second or
    more on a big vault) to free nothing."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled and not KEEP_UNTIL_EXIT:
            gc.enable()


def _settle_memory() -> None:
    """For `watch`: everything loaded so far lives on; keep the collector off it for good."""
    gc.freeze()
    gc.enable()


if TYPE_CHECKING:
    _TextParam = click.ParamType[str]
else:  # older click releases have no generic ParamType
    _TextParam = click.ParamType


class DayParam(_TextParam):
    """A day option (`--today`, `--date`): checked as click reads it, so a bad value is a usage
    error naming the option, even from an env var. The text is kept; it is resolved against
    the right today later (`--date -3d` counts back from `--today`)."""

    name = "date"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        from ..text.day_options import day_option

        option = param.opts[0] if param is not None and param.opts else "date"
        day_option(str(value), option, date.today())
        return str(value)


DAY = DayParam()
DAY_HELP = "2026-11-25, today, yesterday, -3d, or a weekday such as monday (the latest one)"


def vault_options(func: F) -> F:
    """Adds --vault, --today, --cache-dir, --no-cache and hands the command one `Where`."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        kwargs.update(before_command(kwargs, ("vault_path", "today", "no_cache", "cache_dir")))
        where = Where(
            kwargs.pop("vault_path"),
            kwargs.pop("today"),
            kwargs.pop("no_cache"),
            kwargs.pop("cache_dir"),
        )
        with _no_cycle_collection():
            return func(*args, where=where, **kwargs)

    options = [
        click.option("--no-cache", is_flag=True, help="Neither read nor write the parse cache."),
        click.option(
            "--cache-dir",
            envvar="VAULTKIT_CACHE_DIR",
            type=click.Path(file_okay=False, path_type=Path),
            help="Where the parse cache lives (env VAULTKIT_CACHE_DIR; default: user cache).",
        ),
        click.option(
            "--today",
            envvar="VAULTKIT_TODAY",
            type=DAY,
            metavar="DATE",
            help=f"Pretend today is this day: {DAY_HELP} (env VAULTKIT_TODAY).",
        ),
        click.option(
            "--vault",
            "vault_path",
            envvar="VAULTKIT_VAULT",
            metavar="PATH",
            help="The vault folder (env VAULTKIT_VAULT; default: the nearest folder up "
            "holding vaultkit.toml, else .obsidian/, .foam/ or logseq/config.edn).",
        ),
    ]
    return cast(F, with_options(wrapper, options))


def json_option(func: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")(
        func
    )


def _print_json(data: Any) -> None:
    click.echo(json_text.dumps(data))


T = TypeVar("T")


def _listing(
    found: list[T],
    as_json: bool,
    to_json: Callable[[T], Any],
    empty: str | None,
    headers: list[str],
    row: Callable[[T], list[str]],
) -> None:
    """What the list commands print: JSON, a line when there is nothing, or a table."""
    if as_json:
        _print_json([to_json(item) for item in found])
    elif not found and empty is not None:
        click.echo(empty)
    else:
        click.echo(table(headers, [row(item) for item in found]))


# Command groups kept in modules of their own, imported only when used or listed by --help:
# building a command costs start-up time, and most runs never need these.
LAZY_GROUPS = {"cache": "cache_group", "db": "db_group", "service": "service_group"}  # admin.py


class _Group(click.Group):
    """Turns user errors into one line on stderr and their exit status; bugs keep tracebacks."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *LAZY_GROUPS])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in LAZY_GROUPS:
            from . import admin

            command: click.Command = getattr(admin, LAZY_GROUPS[cmd_name])
            return command
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except VaultkitError as exc:
            for line in shown(str(exc)).splitlines() or [type(exc).__name__]:
                click.echo(f"vaultkit: error: {line}", err=True)
            ctx.exit(exc.exit_code)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="vaultkit")
@click.option("--vault", "vault_path", metavar="PATH", help="The vault folder, for any command.")
@click.option(
    "--today", type=DAY, metavar="DATE", help="Pretend today is this day, for any command."
)
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where the parse cache lives, for any command.",
)
@click.option("--no-cache", is_flag=True, help="Neither read nor write the parse cache.")
@click.pass_context
def cli(
    ctx: click.Context,
    vault_path: str | None,
    today: str | None,
    cache_dir: Path | None,
    no_cache: bool,
) -> None:
    """Keep up with the people you care about, from your Markdown vault.

    The options above go before or after the command: `vaultkit --today 2026-12-01 overdue`
    is `vaultkit overdue --today 2026-12-01`.

    \b
    Example:
      vaultkit sync --vault ~/Notes     write the summary pages into ~/Notes/Vaultkit/
      vaultkit overdue                  who to reach out to today
    """
    ctx.meta[GLOBAL] = {
        "vault_path": vault_path,
        "today": today,
        "cache_dir": cache_dir,
        "no_cache": no_cache,
    }


def _say_dialect(dialect: str) -> None:
    """VAULT_FORMAT §2: sync says once which dialect it read, when it is not Obsidian's."""
    if dialect != "obsidian":
        kind = "graph" if dialect == "logseq" else "workspace"
        click.echo(f"  read as a {dialect.capitalize()} {kind}")


@cli.command("sync")
@vault_options
@click.option("--dry-run", is_flag=True, help="Show what would be written; write nothing.")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 when anything would change.")
@click.option("--strict", is_flag=True, help="Exit 1 when the vault has issues.")
@click.option(
    "--full", is_flag=True, help="Re-read every note, trusting no cache (edits that kept mtime)."
)
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
@click.option(
    "--verbose", "-v", is_flag=True, help="List every page written, and how long each phase took."
)
def sync_cmd(
    where: Where,
    dry_run: bool,
    check: bool,
    strict: bool,
    full: bool,
    quiet: bool,
    verbose: bool,
) -> None:
    """Read the vault and write the summary pages and person blocks (only what changes).

    \b
    Example:
      vaultkit sync --vault ~/Notes --today 2026-11-25
    """
    vault = where.api()
    progress = Progress(None if quiet else terminal_writer(sys.stderr))
    stats = vault.sync(dry_run=dry_run or check, full=full, progress=progress)
    _warn(vault)
    config = vault.config
    if not quiet:
        click.echo(str(stats))
        _say_dialect(config.dialect)
        if verbose or dry_run or check:
            for line in stats.listing(config.output_folder, would=dry_run or check):
                click.echo(f"  {line}")
        if verbose and progress.phases:
            click.echo(f"  took {progress.timings()}")
        for name in stats.pages.skipped:
            click.echo(f"  skipped {name}: it changed on disk while syncing; next sync retries")
    for path in stats.blocks.read_only:
        click.echo(f"vaultkit: {path} is read-only: its vaultkit block is left alone", err=True)
    for line in [*stats.pages.failed, *stats.blocks.refused]:
        click.echo(f"vaultkit: error: {line}", err=True)
    if stats.issues and not quiet:
        page = f"{config.output_prefix}Vault issues.md"
        click.echo(
            f"{plural(stats.issues, 'vault issue')}: see {page} or run `vaultkit doctor`", err=True
        )
    if stats.pages.failed or stats.blocks.refused:
        sys.exit(1)
    if check and (stats.pages.written or stats.pages.deleted or stats.blocks.written):
        sys.exit(1)
    if strict and stats.issues:
        sys.exit(1)


@cli.command("overdue")
@vault_options
@json_option
def overdue_cmd(where: Where, as_json: bool) -> None:
    """Who is overdue for a check-in, most overdue first.

    \b
    Example:
      vaultkit overdue --json
    """
    vault = where.api()
    found = vault.overdue()
    _warn(vault)
    _listing(
        found,
        as_json,
        lambda o: o.to_json(),
        None if found or as_json else vault.nobody_overdue(),
        ["Who", "Last contact", "Every", "Due", "Days overdue"],
        lambda o: [
            o.name,
            o.last_contact.isoformat() if o.last_contact else "never",
            _every(o.cadence_min_days, o.cadence_days),
            o.due.isoformat() if o.due else "",
            str(o.days_overdue),
        ],
    )


def _every(low: int | None, high: int | None) -> str:
    return f"{low}-{high}d" if low is not None and low != high else f"{high}d"


@cli.command("people")
@vault_options
@json_option
def people_cmd(where: Where, as_json: bool) -> None:
    """Everyone in the vault, with last contact and next check-in.

    \b
    Example:
      vaultkit people --json | jq '.[] | select(.tags | index("family"))'
    """
    from ..pages.hints import no_people

    vault = where.api()
    found = vault.people()
    _warn(vault)
    _listing(
        found,
        as_json,
        lambda p: p.to_json(),
        no_people(vault.config),
        ["Who", "Tags", "Last contact", "Next check-in", "Note"],
        lambda p: [
            p.name,
            ", ".join(p.tags),
            p.last_contact.isoformat() if p.last_contact else "never",
            "archived" if p.archived else (p.next_due.isoformat() if p.next_due else "—"),
            p.note,
        ],
    )


@cli.command("show")
@click.argument("name")
@vault_options
@json_option
def show_cmd(name: str, where: Where, as_json: bool) -> None:
    """One person: fields, the people around them, interactions (newest first) and open follow-ups.

    \b
    Example:
      vaultkit show "maya" --json
    """
    vault = where.api()
    data = vault.person(name).to_json()
    _warn(vault)
    if as_json:
        _print_json(data)
        return
    click.echo(_show_text(data))


def _show_text(data: dict[str, Any]) -> str:
    lines = [f"{data['name']}  ({data['note']})"]
    for key in ("aliases", "tags", "circles"):
        if data[key]:
            lines.append(f"  {key}: {', '.join(data[key])}")
    keys = ["cadence_days", "cadence_from", "last_contact", "next_due", "days_overdue", "birthday"]
    if data["cadence_min_days"] != data["cadence_days"]:  # a window: where it starts, and when
        keys[1:1] = ["cadence_min_days", "window_opens"]
    for key in keys:
        if data[key] is not None:
            lines.append(f"  {key}: {data[key]}")
    if data["archived"]:
        lines.append("  archived")
    picture = rhythm_line(data["contacts_by_month"])
    if picture:
        lines.append(f"  {picture}")
    for key, value in data["fields"].items():
        lines.append(f"  {key}: {_as_written(value)}".rstrip())
    lines.extend(f"  {_date_line(d)}" for d in data["dates"])
    if data["relations"]:
        lines.append(f"Relations ({len(data['relations'])}):")
        lines.extend(f"  {_relation_line(r)}" for r in data["relations"])
    lines.append(f"Interactions ({len(data['interactions'])}):")
    lines.extend(
        f"  {i['date']}  {without_links(i['text']) or '-'}  [{i['note']}]"
        for i in data["interactions"]
    )
    if data["followups"]:
        lines.append(f"Open follow-ups ({len(data['followups'])}):")
        lines.extend(
            f"  {f['due'] or '          '}  {without_links(f['text'])}  [{f['source']}:{f['line']}]"
            for f in data["followups"]
        )
    return "\n".join(lines)


def _date_line(d: dict[str, Any]) -> str:
    """`anniversary: 2015-06-20 (next 2027-06-20, 12 years)`."""
    from ..reports.dates import years_text

    years = years_text(d["label"], d["years"])
    return f"{d['label']}: {d['date']} (next {d['next']}{', ' + years if years else ''})"


def _relation_line(r: dict[str, Any]) -> str:
    """`partner: Ben Carter  [People/Ben Carter.md]`; `(from their note)` when derived."""
    where = f"  [{r['note']}]" if r["note"] else ""
    derived = " (from their note)" if r["derived"] else ""
    return f"{r['relation']}: {r['name']}{where}{derived}"


def _as_written(value: Any) -> str:
    """A front matter value as a person writes it, not as Python prints it: `[[Obsidian]],
    climbing` for a list, `yes`/`no` for a boolean, nothing for an empty value."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(_as_written(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_as_written(v)}" for k, v in value.items())
    return str(value)


# `birthdays` and `dates` look as far ahead
within_option = click.option(
    "--within", type=click.IntRange(0, MAX_DAYS),
    help="Days ahead (default 30, or birthday_window_days in vaultkit.toml).",
)  # fmt: skip


@cli.command("birthdays")
@vault_options
@within_option
@json_option
def birthdays_cmd(where: Where, within: int | None, as_json: bool) -> None:
    """Upcoming birthdays, soonest first, with the age they turn when the year is known.

    \b
    Example:
      vaultkit birthdays --within 60
    """
    vault = where.api()
    found = vault.birthdays(within)
    _warn(vault)
    window = vault.config.birthday_window_days if within is None else within
    _listing(
        found,
        as_json,
        lambda b: b.to_json(),
        f"No birthdays in the next {window} days.",
        ["Date", "In days", "Who", "Turns"],
        lambda b: [b.date.isoformat(), str(b.in_days), b.name, "" if b.age is None else str(b.age)],
    )


@cli.command("dates")
@vault_options
@within_option
@json_option
def dates_cmd(where: Where, within: int | None, as_json: bool) -> None:
    """Birthdays and other dates that matter (anniversaries, ...), soonest first.

    \b
    Example:
      vaultkit dates --within 60 --json
    """
    from ..reports.dates import years_text

    vault = where.api()
    found = vault.dates(within)
    _warn(vault)
    window = vault.config.birthday_window_days if within is None else within
    _listing(
        found,
        as_json,
        lambda d: d.to_json(),
        f"No birthdays or other dates in the next {window} days.",
        ["Date", "In days", "Who", "What", "Years"],
        lambda d: [
            d.next.isoformat(),
            str((d.next - vault.today).days),
            d.name,
            d.label,
            years_text(d.label, d.years),
        ],
    )


@cli.command("followups")
@vault_options
@json_option
def followups_cmd(where: Where, as_json: bool) -> None:
    """Open tasks that concern someone, due ones first.

    \b
    Example:
      vaultkit followups --json
    """
    vault = where.api()
    found = vault.followups()
    _warn(vault)
    _listing(
        found,
        as_json,
        lambda f: f.to_json(),
        "No open follow-ups.",
        ["Due", "Who", "Task", "Where"],
        lambda f: [
            f.due.isoformat() if f.due else "",
            f.name,
            without_links(f.text),
            f"{f.source}:{f.line}",
        ],
    )


@cli.command("drifting")
@vault_options
@json_option
def drifting_cmd(where: Where, as_json: bool) -> None:
    """People with no cadence whom you used to see regularly and have not for a while.

    Someone is drifting when the days since your last contact are more than twice your usual
    gap and more than the usual gap plus 30 days (and at most `drift_horizon_days`).

    \b
    Example:
      vaultkit drifting --json
    """
    vault = where.api()
    found = vault.drifting()
    _warn(vault)
    _listing(
        found,
        as_json,
        lambda d: d.to_json(),
        "Nobody is drifting away.",
        ["Who", "Usually every", "Last contact", "Days since", "Contact days"],
        lambda d: [
            d.name,
            f"~{d.usual_gap_days}d",
            d.last_contact.isoformat() if d.last_contact else "never",
            str(d.days_since),
            str(d.contact_dates),
        ],
    )


@cli.command("digest")
@vault_options
@click.option(
    "--days",
    type=click.IntRange(0, 36500),
    help="Days to look at: today and the N-1 after it (default 7, or digest_days in "
    "vaultkit.toml); 0: only what is already late.",
)
@click.option(
    "--format",
    "style",
    type=click.Choice(["text", "markdown", "email"]),
    default="text",
    show_default=True,
    help="markdown: the page's body; email: the same with every link as its text, for mail.",
)
@json_option
def digest_cmd(where: Where, days: int | None, style: str, as_json: bool) -> None:
    """Whom to reach out to this week, and what to say: why now, the last contact, what has
    been going on, what you promised.

    \b
    Example:
      vaultkit digest
      vaultkit digest --format email | mail -s "Reach out" me@example.org
    """
    vault = where.api()
    if as_json:
        found = vault.digest(days)
        _warn(vault)
        _print_json([r.to_json() for r in found])
        return
    text = vault.digest_text(days, markdown=style == "markdown", email=style == "email")
    _warn(vault)
    click.echo(text, nl=style == "text")


@cli.command("asks")
@vault_options
@json_option
def asks_cmd(where: Where, as_json: bool) -> None:
    """What people are looking for, what they can help with, and where the two meet.

    Write `#ask/<topic>` or `#offer/<topic>` on a line (in a person note it is theirs;
    elsewhere it belongs to every person linked on the line), or `asks:` / `offers:` in a
    person's front matter.

    \b
    Example:
      vaultkit asks --json | jq '.introductions'
    """
    vault = where.api()
    found = vault.asks()
    _warn(vault)
    if as_json:
        _print_json(found.to_json())
        return
    out: list[str] = []
    if found.introductions:
        out.append("Possible introductions:")
        out += [
            f"  {i.topic}: {i.asker} is looking for it; {i.helper} can help  [{i.ask_source}]"
            for i in found.introductions
        ]
    if found.asks:
        out.append("Open asks:")
        out += [
            f"  {a.topic}: {a.name} — {without_links(' '.join(a.text.split()))}  [{a.source}]"
            for a in found.asks
        ]
    if found.offers:
        out.append("Can help with:")
        out += [f"  {o.topic}: {o.name}" for o in found.offers]
    click.echo("\n".join(out) if out else "No asks or offers in the vault.")


@cli.command("gifts")
@vault_options
@json_option
def gifts_cmd(where: Where, as_json: bool) -> None:
    """Open gift ideas, per person: lines with `#gift` (or `#gift/<topic>`).

    In a person note an idea is theirs; elsewhere it is for every person linked on the
    line. Check it off as a task (`- [x]`) once given.

    \b
    Example:
      vaultkit gifts --json | jq '.[] | select(.name == "Ana Silva") | .ideas'
    """
    vault = where.api()
    found = vault.gifts()
    _warn(vault)
    if as_json:
        _print_json([g.to_json() for g in found])
        return
    out: list[str] = []
    for g in found:
        out.append(f"{g.name}:")
        for idea in g.ideas:
            when = f"{idea.date.isoformat()}  " if idea.date else ""
            out.append(f"  {when}{without_links(' '.join(idea.text.split()))}  [{idea.source}]")
    click.echo("\n".join(out) if out else "No open gift ideas in the vault.")


@cli.command("doctor")
@vault_options
@json_option
def doctor_cmd(where: Where, as_json: bool) -> None:
    """List everything in the vault vaultkit could not use; exit 1 when there is anything.

    \b
    Example:
      vaultkit doctor --json
    """
    vault = where.api()
    found = vault.issues()
    _warn(vault)
    if as_json:
        _print_json([i.to_json() for i in found])
    elif not found:
        click.echo("No vault issues.")
    else:
        for issue in found:
            where_ = f"{issue.path}:{issue.line}" if issue.line else issue.path
            click.echo(f"{where_}: {issue.kind}: {issue.message}")
        click.echo(plural(len(found), "vault issue"), err=True)
    if found:
        sys.exit(1)


@cli.command("watch")
@vault_options
@click.option(
    "--polling", is_flag=True, help="Poll instead of OS events (network drives, WSL, Docker)."
)
@click.option(
    "--debounce", type=click.IntRange(0, 60_000), default=200, show_default=True,
    metavar="MS", help="Quiet time after a change before syncing.",
)  # fmt: skip
@click.option("--quiet", "-q", is_flag=True, help="Print only errors.")
@click.option("--verbose", "-v", is_flag=True, help="Also list the pages each sync writes.")
def watch_cmd(
    where: Where,
    polling: bool,
    debounce: int,
    quiet: bool,
    verbose: bool,
) -> None:
    """Keep the pages current while you write: sync now, then after every change.

    \b
    Example:
      vaultkit watch --vault ~/Notes
    """
    from .watch import WatchdogSource, Watcher, install_signal_handlers

    vault = where.api()
    when = vault.today

    def log(line: str) -> None:
        if not quiet or "failed" in line:
            click.echo(line, err="failed" in line)

    pinned = (lambda: when) if where.today else date.today
    source = WatchdogSource(vault.root, polling=polling, warn=lambda m: click.echo(m, err=True))
    watcher = Watcher(
        vault,
        source,
        today=pinned,
        debounce=debounce / 1000,
        log=log,
        warn=lambda line: click.echo(line, err=True),
        ready=_settle_memory,
        verbose=verbose and not quiet,
        progress=Progress(None if quiet else terminal_writer(sys.stderr)),
    )
    install_signal_handlers(watcher)
    if not quiet:
        click.echo(f"watching {vault.root} (Ctrl-C to stop)")
    watcher.run()
    if verbose:
        click.echo(plural(len(watcher.state.syncs), "sync"))
    if watcher.state.stopped:
        sys.exit(1)


@cli.command("log")
@click.argument("name")
@click.argument("text", nargs=-1, required=True)
@click.option(
    "--date", "when", type=DAY, metavar="DATE",
    help=f"The day it happened (default today): {DAY_HELP}.",
)  # fmt: skip
@click.option("--create", is_flag=True, help="Create the person note first if there is none.")
@click.option(
    "--journal", is_flag=True,
    help="In a Logseq graph: write `- [[NAME]] TEXT` to the day's journal instead.",
)  # fmt: skip
@vault_options
def log_cmd(
    name: str,
    text: tuple[str, ...],
    when: str | None,
    create: bool,
    journal: bool,
    where: Where,
) -> None:
    """Add a dated line to a person's log (a `## Log` heading is added if there is none).

    In a Logseq graph: a block `- [[Dec 7th, 2026]] TEXT` at the end of the person's page,
    or with --journal a block `- [[Maya Chen]] TEXT` in the day's journal.

    \b
    Example:
      vaultkit log Maya "coffee at Fern & Bean, she starts in January"
      vaultkit log "Sam Rivera" --date 2026-11-20 "climbing with [[Diego Alvarez]]"
    """
    from ..commands import notes
    from ..text.day_options import day_option

    vault = where.api()
    now = vault.today
    day = day_option(when, "--date", now) if when else now
    done = notes.log_interaction(vault, name, " ".join(text), day, now, create, journal)
    _warn(vault)
    click.echo(f"{done.path}: {done.line}")
    s = done.status
    if s.person.cadence_days is not None and s.due is not None:
        click.echo(f"Next check-in: {s.due.isoformat()}")


def _checked(
    check: Callable[[str], object],
) -> Callable[[click.Context, click.Parameter, Any], Any]:
    """An option callback: a value `check` refuses is a usage error naming the option."""

    def callback(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        from ..core.errors import UsageError
        from ..text.dates import DateValueError

        if value:
            try:
                check(value)
            except DateValueError as exc:
                raise UsageError(f"{param.opts[0]}: {exc}") from None
        return value

    return callback


def _cadence(value: str) -> object:
    from ..text.dates import read_cadence

    return read_cadence(value)


def _birthday(value: str) -> object:
    from ..text.dates import parse_birthday

    return parse_birthday(value)


@cli.command("add")
@click.argument("name")
@click.option(
    "--cadence", callback=_checked(_cadence),
    help="How often to check in: 30, monthly, every 2 weeks, 3m ...",
)  # fmt: skip
@click.option(
    "--birthday", callback=_checked(_birthday),
    help="YYYY-MM-DD, or --MM-DD when the year is unknown.",
)  # fmt: skip
@click.option("--tag", "tags", multiple=True, help="A tag; repeat for more.")
@click.option(
    "--alias", "aliases", multiple=True, metavar="NAME",
    help="Another name the person is linked by; repeat for more.",
)  # fmt: skip
@click.option(
    "--set", "--field", "fields", multiple=True, metavar="KEY=VALUE",
    help="Any other front matter field (email=..., company=...), its value read as YAML "
    "(numbers, dates, [a, b] lists, quoted text); repeat for more.",
)  # fmt: skip
@vault_options
def add_cmd(
    name: str,
    cadence: str | None,
    birthday: str | None,
    tags: tuple[str, ...],
    aliases: tuple[str, ...],
    fields: tuple[str, ...],
    where: Where,
) -> None:
    """Create a person note in the people folder, from the vault's person template.

    The folder is the first of `people_folders` (People/ by default); the template is
    `person_template` from vaultkit.toml, else Person.md in a templates folder, else a template
    there whose name starts with Person or People, else vaultkit's own.

    \b
    Example:
      vaultkit add "Maya Chen" --cadence "every 2 weeks" --birthday 1991-12-03 --tag friend
      vaultkit add "Oli Tan" --set company="Northwind Labs" --set email=oli@example.com
      vaultkit add "Helen Novak" --alias Mom --set 'relatives=[Ana, Ben]'
    """
    from ..commands import notes
    from ..writing.note_text import yaml_value

    extra: dict[str, Any] = {}
    for pair in fields:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"{pair!r} is not KEY=VALUE", param_hint="--set")
        extra[key.strip()] = yaml_value(value.strip())
    if aliases:
        given = next((k for k in extra if k.casefold() == "aliases"), "aliases")
        before = extra.pop(given, None)
        before = [] if before in (None, "") else before if isinstance(before, list) else [before]
        extra["aliases"] = [*before, *(a for a in aliases if a not in before)]
    vault = where.api()
    path = notes.add_person(vault, name, cadence, birthday, tags, vault.today, extra)
    _warn(vault)
    template = notes.person_template(vault.root, vault.config)
    source = template.relative_to(vault.root).as_posix() if template else "vaultkit's template"
    if vault.config.dialect == "logseq":  # a Logseq page: properties, no template (§13)
        source = "Logseq page properties"
    click.echo(f"Created {path} (from {source})")


@cli.command("import")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option("--folder", help="Where the new notes go (default: the first people folder).")
@click.option("--tag", "tags", multiple=True, help="A tag for every new note; repeat for more.")
@click.option("--dry-run", is_flag=True, help="Say what would be created; write nothing.")
@vault_options
def import_cmd(
    files: tuple[Path, ...], folder: str | None, tags: tuple[str, ...], dry_run: bool, where: Where
) -> None:
    """Create a person note for each new contact in vCard files (.vcf from Google, Apple,
    Outlook). People already in the vault are listed, never changed; exit 1 when a card was
    skipped.

    \b
    Example:
      vaultkit import ~/Downloads/contacts.vcf --dry-run
      vaultkit import contacts.vcf --folder People/Imported --tag imported
    """
    from ..commands import import_cards

    vault = where.api()
    progress = Progress(terminal_writer(sys.stderr))
    report = import_cards.import_files(
        vault, files, vault.today, folder=folder, tags=tags, dry_run=dry_run, progress=progress
    )
    _warn(vault)
    for line in report.lines():
        click.echo(line)
    click.echo(report.summary())
    if report.count("skipped"):
        sys.exit(1)


@cli.command("ics")
@vault_options
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write it here, not to stdout (`-`: stdout).",
)
def ics_cmd(where: Where, out: Path | None) -> None:
    """Print the iCalendar feed: birthdays, next check-ins, follow-ups with a due date.

    \b
    Example:
      vaultkit ics --out ~/Calendars/people.ics
    """
    vault = where.api()
    data = vault.ics()
    _warn(vault)
    if out is None or str(out) == "-":  # `-` is stdout, as for any command
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    from ..outputs.calendar import write_feed

    click.echo(f"{'wrote' if write_feed(out, data) else 'unchanged'} {out}")


@cli.command("init")
@click.argument("path", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--example", is_flag=True, help="Also copy the demo vault into it.")
def init_cmd(path: Path, example: bool) -> None:
    """Make a new vault, or add vaultkit to an existing one. Never overwrites a file.

    \b
    Example:
      vaultkit init ~/Notes
    """
    from ..commands import notes

    source = notes.example_vault() if example else None
    created, kept = notes.init_vault(path, source)
    for rel in created:
        click.echo(f"created {rel}")
    for rel in kept:
        click.echo(f"kept existing {rel}")
    click.echo(f"Next: vaultkit sync --vault {path}")


def main() -> None:
    """Entry point for the console script and `python -m vaultkit`."""
    cli()
