"""Commands that look after vaultkit itself on this computer: `cache`, `db` and `service`.

Kept apart from cli.py and imported only when one of them runs (or `--help` lists them), so
the commands people run all day do not pay for building these at start-up.
"""

from __future__ import annotations

import contextlib
import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import click

from ..core.stats import plural
from ..session.quick import find_vault
from ..store.cache_file import cache_file
from .options import F, before_command, with_options

if TYPE_CHECKING:
    from .service import Service


@click.group("cache")
def cache_group() -> None:
    """Where vaultkit keeps what it read from your notes, and how to delete it.

    The cache holds, per vault, what vaultkit read from every note (names, dates, links,
    task text) so the next run re-reads only what changed. It lives in your user cache
    folder (or --cache-dir / VAULTKIT_CACHE_DIR); deleting it is always safe: the next sync
    rebuilds it.
    """


def _early(names: tuple[str, ...]) -> Callable[[F], F]:
    """`vaultkit --vault PATH cache path`: the options written before the command count."""

    def decorate(func: F) -> F:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            kwargs.update(before_command(kwargs, names))
            return func(*args, **kwargs)

        return cast(F, wrapper)

    return decorate


def cache_options(func: F) -> F:
    func = _early(("vault_path", "cache_dir"))(func)
    options = [
        click.option(
            "--all", "every", is_flag=True, help="Every vault's cache: the whole cache folder."
        ),
        click.option(
            "--cache-dir",
            envvar="VAULTKIT_CACHE_DIR",
            type=click.Path(file_okay=False, path_type=Path),
            help="The cache folder (env VAULTKIT_CACHE_DIR; default: user cache).",
        ),
        click.option(
            "--vault",
            "vault_path",
            envvar="VAULTKIT_VAULT",
            metavar="PATH",
            help="The vault (env VAULTKIT_VAULT; default: found as for every command).",
        ),
    ]
    return cast(F, with_options(func, options))


@cache_group.command("path")
@cache_options
def cache_path_cmd(every: bool, cache_dir: Path | None, vault_path: str | None) -> None:
    """Print this vault's cache file (with --all: the cache folder).

    \b
    Example:
      vaultkit cache path --vault ~/Notes
      ls -l "$(vaultkit cache path --all)"
    """
    from ..store.cache_file import cache_folder

    path = cache_folder(cache_dir) if every else cache_file(find_vault(vault_path), cache_dir)
    click.echo(str(path))
    if not path.exists():
        click.echo("vaultkit: nothing there yet: the next sync creates it", err=True)


@cache_group.command("clear")
@cache_options
def cache_clear_cmd(every: bool, cache_dir: Path | None, vault_path: str | None) -> None:
    """Delete this vault's cache file (with --all: every vaultkit cache file).

    Only files vaultkit wrote are deleted, and the default cache folder itself once empty.

    \b
    Example:
      vaultkit cache clear --all     before uninstalling
    """
    from ..store import cache_folder as cachefiles
    from ..store.cache_file import cache_folder, default_dir

    folder = cache_folder(cache_dir)
    if every:
        done = cachefiles.remove(cachefiles.ours(folder))
        if folder == default_dir():
            with contextlib.suppress(OSError):
                folder.rmdir()  # only when empty
        where = str(folder)
    else:
        vault = find_vault(vault_path)
        path = cache_file(vault, cache_dir)  # the database, and its WAL files
        done = cachefiles.remove([path, *cachefiles.companions(path)])
        where = f"{folder} (the cache of {vault})"
    if not done.files:
        click.echo(f"No cache files in {where}.")
        return
    files = plural(done.files, "cache file")
    click.echo(f"Deleted {files} ({cachefiles.human_size(done.size)}) from {where}.")


@click.group("db")
def db_group() -> None:
    """Your data in SQLite: the database vaultkit keeps of a vault, for sqlite3 or Datasette.

    The database is vaultkit's cache (`vaultkit cache`): open it read-only; vaultkit may
    rebuild it at any time. Its schema version is `PRAGMA user_version`.
    """


@db_group.command("path")
@_early(("vault_path", "cache_dir", "no_cache"))
@click.option("--no-cache", is_flag=True, help="Say that this vault keeps no database, and exit 2.")
@click.option(
    "--cache-dir",
    envvar="VAULTKIT_CACHE_DIR",
    type=click.Path(file_okay=False, path_type=Path),
    help="The cache folder (env VAULTKIT_CACHE_DIR; default: user cache).",
)
@click.option(
    "--vault",
    "vault_path",
    envvar="VAULTKIT_VAULT",
    metavar="PATH",
    help="The vault (env VAULTKIT_VAULT; default: found as for every command).",
)
def db_path_cmd(no_cache: bool, cache_dir: Path | None, vault_path: str | None) -> None:
    """Print the path of this vault's database.

    \b
    Example:
      sqlite3 -readonly "$(vaultkit db path)" "SELECT count(*) FROM notes"
      datasette "$(vaultkit db path)"
    """
    if no_cache:
        click.echo("vaultkit: error: with --no-cache vaultkit keeps no database", err=True)
        sys.exit(2)
    path = cache_file(find_vault(vault_path), cache_dir)
    click.echo(str(path))
    if not path.exists():
        click.echo("vaultkit: nothing there yet: the next sync creates it", err=True)


@click.group("service")
def service_group() -> None:
    """Run `vaultkit watch` for a vault at login, as you (never root).

    Linux: a systemd user unit in ~/.config/systemd/user/; macOS: a launchd agent in
    ~/Library/LaunchAgents/. Each vault gets its own, named after its folder.
    """


def no_run_option(func: F) -> F:
    """For install and uninstall, which run commands; `status` only asks."""
    return click.option(
        "--no-run",
        is_flag=True,
        help="Only write or remove the file; print the systemctl/launchctl commands instead.",
    )(func)


def service_options(func: F) -> F:
    func = _early(("vault_path",))(func)
    options = [
        click.option(
            "--platform",
            type=click.Choice(["linux", "macos"]),
            help="systemd (linux) or launchd (macos); default: this computer's.",
        ),
        click.option(
            "--vault",
            "vault_path",
            envvar="VAULTKIT_VAULT",
            metavar="PATH",
            help="The vault to watch (env VAULTKIT_VAULT; default: found as for every command).",
        ),
    ]
    return cast(F, with_options(func, options))


def _service(vault_path: str | None, platform: str | None, polling: bool = False) -> Service:
    import os

    from . import service

    return service.describe(
        find_vault(vault_path),
        platform or service.current_platform(sys.platform),
        python=sys.executable,
        home=Path.home(),
        env=os.environ,
        uid=getattr(os, "getuid", lambda: 0)(),
        polling=polling,
    )


def _run_all(
    commands: tuple[tuple[str, ...], ...], no_run: bool, *, tolerate: bool = False
) -> bool:
    """Run (or with --no-run, print) the commands in order; False when one failed."""
    from . import service

    ok = True
    for cmd in commands:
        if no_run:
            click.echo(f"  run: {service.shown(cmd)}")
            continue
        click.echo(f"  $ {service.shown(cmd)}")
        code = service.system_runner(cmd)
        if code is None:
            click.echo(f"    {cmd[0]} is not installed here: run this yourself where it is")
        elif code != 0 and not tolerate:
            click.echo(f"    failed (exit status {code})", err=True)
            ok = False
    return ok


@service_group.command("install")
@service_options
@no_run_option
@click.option("--print", "print_only", is_flag=True, help="Show the file; write nothing.")
@click.option("--polling", is_flag=True, help="Watch by polling (network drives, WSL).")
def service_install_cmd(
    no_run: bool, platform: str | None, vault_path: str | None, print_only: bool, polling: bool
) -> None:
    """Write the service file and start it; it starts again at every login.

    \b
    Example:
      vaultkit service install --vault ~/Notes
      vaultkit service install --print --platform macos
    """
    import os

    from . import service

    svc = _service(vault_path, platform, polling)
    if print_only:
        click.echo(f"# {svc.path}", err=True)
        click.echo(svc.text, nl=False)
        return
    service.refuse_sudo(getattr(os, "geteuid", lambda: -1)(), os.environ)
    existed = svc.path.exists()
    changed = service.write_file(svc.path, svc.text)
    click.echo(f"{'Updated' if existed and changed else 'Wrote' if changed else 'Kept'} {svc.path}")
    click.echo(f"  it runs: {service.shown(svc.argv)}")
    if svc.platform == "macos" and existed and changed:
        _run_all(svc.stop, no_run, tolerate=True)  # launchd keeps the old agent until bootout
    ok = _run_all(svc.start, no_run)
    click.echo(f"Check it: {svc.check}")
    click.echo(f"Its errors: {svc.logs}")
    if not ok:
        sys.exit(1)


@service_group.command("uninstall")
@service_options
@no_run_option
def service_uninstall_cmd(no_run: bool, platform: str | None, vault_path: str | None) -> None:
    """Stop the service and delete its file.

    \b
    Example:
      vaultkit service uninstall --vault ~/Notes
    """
    from . import service

    svc = _service(vault_path, platform)
    if not svc.path.exists():
        click.echo(f"Nothing to remove: no {svc.path}")
        return
    service.check_ours(svc.path)
    _run_all(svc.stop, no_run, tolerate=True)
    service.remove_file(svc.path)
    click.echo(f"Removed {svc.path}")
    _run_all(svc.reload, no_run, tolerate=True)


@service_group.command("status")
@service_options
def service_status_cmd(platform: str | None, vault_path: str | None) -> None:
    """Whether the service is installed and running; exit 1 when it is not installed.

    \b
    Example:
      vaultkit service status --vault ~/Notes
    """
    from . import service

    svc = _service(vault_path, platform)
    if not svc.path.exists():
        click.echo(f"Not installed (no {svc.path}); `vaultkit service install` writes it.")
        sys.exit(1)
    current = svc.path.read_text(encoding="utf-8", errors="replace") == svc.text
    click.echo(f"Installed: {svc.path}")
    if not current:
        click.echo("  it differs from what `vaultkit service install` writes now: run that again")
    code = service.system_runner(svc.active)
    state = {None: f"unknown ({svc.active[0]} is not installed here)", 0: "running"}
    if svc.platform == "linux":  # is-active: 3 inactive, 4 no such unit; 1 it could not ask
        state[1] = "unknown (systemd could not be asked: see above)"
    click.echo(f"  {state.get(code, 'not running')}")
    click.echo(f"Check it: {svc.check}")
    click.echo(f"Its errors: {svc.logs}")
