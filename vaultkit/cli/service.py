"""`vaultkit service install|uninstall|status`: `vaultkit watch` for one vault, started at login.

Per user, never root: a systemd user unit on Linux (`~/.config/systemd/user/`), a launchd agent
on macOS (`~/Library/LaunchAgents/`). The file's text is a pure function of the vault, the
Python running vaultkit and the home folder, so `--print` and the tests see exactly what
`install` writes. The commands that activate it (`systemctl --user ...`, `launchctl ...`) go
through a runner the caller passes in: the CLI's runs a command only when the tool is on PATH,
and the test suite swaps it for a recorder (tests/conftest.py fails any test that would run
the real one), so no test ever starts or stops a real service.
"""

from __future__ import annotations

import hashlib
import os
import plistlib
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import UsageError
from ..core.errors import shown as printable

MARKER = "Written by `vaultkit service install`; `vaultkit service uninstall` removes it."
PLATFORMS = ("linux", "macos")
# A command's exit status, or None when its tool is not installed.
Runner = Callable[[Sequence[str]], int | None]


@dataclass(frozen=True)
class Service:
    """Everything about one vault's service on one platform."""

    platform: str
    name: str  # the unit's file name (Linux) or the agent's label (macOS)
    path: Path  # where its file goes
    text: str  # the file
    argv: tuple[str, ...]  # what it runs
    start: tuple[tuple[str, ...], ...]  # commands that enable and start it
    stop: tuple[tuple[str, ...], ...]  # commands that stop and disable it
    reload: tuple[tuple[str, ...], ...]  # after the file is gone
    active: tuple[str, ...]  # asks whether it runs
    check: str  # how a person checks on it
    logs: str  # where its output goes


def current_platform(platform: str) -> str:
    """`linux` or `macos` (`platform` is `sys.platform`); anything else is a usage error."""
    if platform.startswith("linux"):
        return "linux"
    if platform == "darwin":
        return "macos"
    raise UsageError(
        "vaultkit service knows systemd (Linux) and launchd (macOS); elsewhere, start "
        "`vaultkit watch --vault PATH` at login with your system's own scheduler"
    )


def service_id(vault: Path) -> str:
    """`vaultkit-notes-1a2b3c4d`: the vault's folder name in the letters a unit name may hold
    (readable) and a hash of its path (two vaults called Notes get two services)."""
    ascii_name = unicodedata.normalize("NFKD", vault.name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.casefold()).strip("-")[:40] or "vault"
    return f"vaultkit-{slug}-{hashlib.sha256(os.fsencode(str(vault))).hexdigest()[:8]}"


def watch_argv(python: str, vault: Path, polling: bool) -> tuple[str, ...]:
    """The command the service runs: this Python's vaultkit, quiet (errors only)."""
    for part in (python, str(vault)):
        if any(ord(ch) < 32 or ord(ch) == 127 for ch in part):
            raise UsageError(f"{part!r}: a path with control characters cannot go in a service")
        try:
            part.encode("utf-8")
        except UnicodeEncodeError:  # bytes that are not UTF-8 (kept as lone surrogates)
            raise UsageError(
                f"{printable(part)}: a path that is not valid UTF-8 cannot go in a service file; "
                "rename the folder"
            ) from None
    argv = (python, "-m", "vaultkit", "watch", "--vault", str(vault), "--quiet")
    return (*argv, "--polling") if polling else argv


def systemd_quote(arg: str) -> str:
    """One ExecStart argument, double-quoted: `\\` and `"` escaped, `%` (specifiers) and `$`
    (variables) doubled, so systemd passes it through unchanged whatever the path holds."""
    text = arg.replace("\\", "\\\\").replace('"', '\\"').replace("%", "%%").replace("$", "$$")
    return f'"{text}"'


def systemd_unit(vault: Path, argv: Sequence[str]) -> str:
    description = str(vault).replace("%", "%%")
    return "\n".join(
        [
            f"# {MARKER}",
            "[Unit]",
            f"Description=vaultkit watch: keeps the pages of {description} current",
            "",
            "[Service]",
            "Type=simple",
            "ExecStart=" + " ".join(systemd_quote(a) for a in argv),
            "Restart=on-failure",
            "RestartSec=30",
            "",
            "[Install]",
            "WantedBy=default.target",
            "",
        ]
    )


def launchd_plist(label: str, argv: Sequence[str], log: Path) -> str:
    """The agent as launchd reads it (plistlib escapes every path), with our marker comment."""
    data = {
        "Label": label,
        "ProgramArguments": list(argv),
        "RunAtLoad": True,
        "KeepAlive": {"SuccessfulExit": False},
        "ProcessType": "Background",
        "StandardOutPath": str(log),
        "StandardErrorPath": str(log),
    }
    text = plistlib.dumps(data, sort_keys=False).decode("utf-8")
    head, sep, rest = text.partition("<plist ")
    return f"{head}<!-- {MARKER} -->\n{sep}{rest}"


def describe(
    vault: Path,
    platform: str,
    *,
    python: str,
    home: Path,
    env: Mapping[str, str],
    uid: int,
    polling: bool = False,
) -> Service:
    """The service for `vault` on `platform` (`linux` or `macos`), for the user whose home
    folder is `home` (`XDG_CONFIG_HOME` in `env` moves the systemd folder, as systemd does)."""
    name = service_id(vault)
    argv = watch_argv(python, vault, polling)
    if platform == "linux":
        config = Path(env["XDG_CONFIG_HOME"]) if env.get("XDG_CONFIG_HOME") else home / ".config"
        unit = f"{name}.service"
        return Service(
            platform,
            unit,
            config / "systemd" / "user" / unit,
            systemd_unit(vault, argv),
            argv,
            start=(("systemctl", "--user", "daemon-reload"),
                   ("systemctl", "--user", "enable", unit),
                   ("systemctl", "--user", "restart", unit)),  # new settings, running or not
            stop=(("systemctl", "--user", "disable", "--now", unit),),
            reload=(("systemctl", "--user", "daemon-reload"),),
            active=("systemctl", "--user", "is-active", "--quiet", unit),
            check=f"systemctl --user status {unit}",
            logs=f"journalctl --user -u {unit}",
        )  # fmt: skip
    if platform != "macos":
        raise UsageError(f"--platform must be one of {', '.join(PLATFORMS)}, got {platform!r}")
    label = f"org.vaultkit.cli.watch.{name.removeprefix('vaultkit-')}"
    log = home / "Library" / "Logs" / f"{label}.log"
    plist = home / "Library" / "LaunchAgents" / f"{label}.plist"
    target = f"gui/{uid}"
    return Service(
        platform,
        label,
        plist,
        launchd_plist(label, argv, log),
        argv,
        start=(("launchctl", "bootstrap", target, str(plist)),),
        stop=(("launchctl", "bootout", f"{target}/{label}"),),
        reload=(),
        active=("launchctl", "print", f"{target}/{label}"),
        check=f"launchctl print {target}/{label}",
        logs=str(log),
    )  # fmt: skip


def refuse_sudo(euid: int, env: Mapping[str, str]) -> None:
    """Under sudo, HOME may still be the user's: the file would be root's, in their folder."""
    if euid == 0 and env.get("SUDO_USER"):
        raise UsageError(
            "run `vaultkit service` without sudo: the service runs as you, from your home folder"
        )


def is_ours(path: Path) -> bool:
    try:
        return MARKER in path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False


def write_file(path: Path, text: str) -> bool:
    """Write the service file (atomically); False when it already holds exactly `text`.
    A file of that name vaultkit did not write is never replaced."""
    if path.is_file() and path.read_text(encoding="utf-8", errors="replace") == text:
        return False
    if (path.exists() or path.is_symlink()) and not is_ours(path):
        raise UsageError(f"{path}: exists and vaultkit did not write it; move it away first")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".vaultkit-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def check_ours(path: Path) -> None:
    """Before stopping or removing anything: the file must be one vaultkit wrote."""
    if not is_ours(path):
        raise UsageError(f"{path}: vaultkit did not write it; left alone")


def remove_file(path: Path) -> bool:
    """Delete the service file; False when there is none. Only a file vaultkit wrote."""
    if not path.exists() and not path.is_symlink():
        return False
    check_ours(path)
    path.unlink()
    return True


def run_if_installed(cmd: Sequence[str]) -> int | None:
    """Run `cmd` when its tool is installed (None when not): its output passed through, its
    errors too, except the ones vaultkit can say more clearly in one line (`explain`)."""
    if shutil.which(cmd[0]) is None:
        return None
    done = subprocess.run(
        list(cmd), check=False, stderr=subprocess.PIPE, text=True, errors="replace"
    )
    if done.stderr:
        sys.stderr.write(explain(done.stderr, cmd))
        sys.stderr.flush()
    return done.returncode


def explain(stderr: str, cmd: Sequence[str]) -> str:
    """systemd's "Failed to connect to bus" (no user session here: ssh, sudo, a container)
    as one line that says what it means and what to do; any other error as it came."""
    if "Failed to connect to bus" in stderr or "DBUS_SESSION_BUS_ADDRESS" in stderr:
        return (
            f'vaultkit: {cmd[0]} cannot reach your systemd user session here ("Failed to '
            'connect to bus": over ssh, sudo or in a container there is none); run this in '
            "your desktop login, or once `loginctl enable-linger $USER`\n"
        )
    return stderr


# What the CLI runs commands with; the test suite replaces it (tests/conftest.py).
system_runner: Runner = run_if_installed


def shown(cmd: Sequence[str]) -> str:
    return shlex.join(cmd)
