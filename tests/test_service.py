"""`vaultkit service install|uninstall|status`: the files it writes for systemd and launchd, in
a temporary home folder; the systemctl/launchctl commands go to a recorder, never run."""

from __future__ import annotations

import os
import plistlib
import stat
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest
from vaulthelp import invoke, make_vault

from vaultkit.cli import service
from vaultkit.core.errors import UsageError

UID = os.getuid() if hasattr(os, "getuid") else 0
# A folder name that breaks naive quoting in a unit file: quotes, a backslash, `%`
# (systemd's specifiers), `$` (its variables), spaces; and `&`/`<` for the plist's XML.
ODD = 'My "Notes" 100% $HOME & <b> \\ done'


class Recorder:
    def __init__(self, code: int | None = 0) -> None:
        self.code = code
        self.calls: list[list[str]] = []

    def __call__(self, cmd: Sequence[str]) -> int | None:
        self.calls.append(list(cmd))
        return self.code


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("HOME", str(folder))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    monkeypatch.delenv("SUDO_USER", raising=False)
    return folder


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> Recorder:
    recorder = Recorder()
    monkeypatch.setattr(service, "system_runner", recorder)
    return recorder


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    return make_vault(tmp_path, {"People/Jane.md": ""}, "Notes").resolve()


def _files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def _svc(*args: str) -> tuple[int, str, str]:
    result = invoke(["service", *args])
    return result.exit_code, result.stdout, result.stderr


# --- the files --------------------------------------------------------------------------------


def test_print_linux_shows_the_unit_with_every_path_quoted(home: Path, tmp_path: Path) -> None:
    vault = make_vault(tmp_path, {}, ODD).resolve()
    name = service.service_id(vault)
    code, out, err = _svc("install", "--print", "--platform", "linux", "--vault", str(vault))
    assert code == 0, err
    python = sys.executable.replace("\\", "\\\\").replace("%", "%%").replace("$", "$$")
    quoted = (
        str(vault).replace("\\", "\\\\").replace('"', '\\"').replace("%", "%%").replace("$", "$$")
    )
    assert out == (
        "# Written by `vaultkit service install`; `vaultkit service uninstall` removes it.\n"
        "[Unit]\n"
        f"Description=vaultkit watch: keeps the pages of {str(vault).replace('%', '%%')} current\n"
        "\n"
        "[Service]\n"
        "Type=simple\n"
        f'ExecStart="{python}" "-m" "vaultkit" "watch" "--vault" "{quoted}" "--quiet"\n'
        "Restart=on-failure\n"
        "RestartSec=30\n"
        "\n"
        "[Install]\n"
        "WantedBy=default.target\n"
    )
    assert 'Notes\\" 100%% $$HOME & <b> \\\\ done"' in out
    assert err == f"# {home}/.config/systemd/user/{name}.service\n"
    assert _files(home) == []  # --print writes nothing


def test_print_macos_shows_the_agent(home: Path, tmp_path: Path) -> None:
    vault = make_vault(tmp_path, {}, ODD).resolve()
    label = f"org.vaultkit.cli.watch.{service.service_id(vault).removeprefix('vaultkit-')}"
    code, out, err = _svc("install", "--print", "--platform", "macos", "--vault", str(vault))
    assert code == 0, err
    assert err == f"# {home}/Library/LaunchAgents/{label}.plist\n"
    assert "&amp; &lt;b&gt;" in out  # XML-escaped, not broken by the path
    assert f"<!-- {service.MARKER} -->" in out
    log = f"{home}/Library/Logs/{label}.log"
    assert plistlib.loads(out.encode()) == {
        "Label": label,
        "ProgramArguments": [
            sys.executable, "-m", "vaultkit", "watch", "--vault", str(vault), "--quiet"
        ],
        "RunAtLoad": True,
        "KeepAlive": {"SuccessfulExit": False},
        "ProcessType": "Background",
        "StandardOutPath": log,
        "StandardErrorPath": log,
    }  # fmt: skip
    assert _files(home) == []


def test_polling_is_passed_to_watch(home: Path, vault: Path) -> None:
    code, out, _ = _svc(
        "install", "--print", "--platform", "linux", "--polling", "--vault", str(vault)
    )
    assert code == 0
    assert '"--quiet" "--polling"\n' in out


def test_two_vaults_of_one_name_get_two_services(tmp_path: Path) -> None:
    one, two = tmp_path / "a" / "Notes", tmp_path / "b" / "Notes"
    assert service.service_id(one).startswith("vaultkit-notes-")
    assert service.service_id(one) != service.service_id(two)
    assert service.service_id(tmp_path / "Ünïcode Vault!").startswith("vaultkit-unicode-vault-")
    assert service.service_id(tmp_path / "日本").startswith("vaultkit-vault-")


# --- install, status, uninstall on Linux ------------------------------------------------------


def test_linux_install_status_uninstall(home: Path, vault: Path, runner: Recorder) -> None:
    unit = f"{service.service_id(vault)}.service"
    path = home / ".config" / "systemd" / "user" / unit
    code, out, err = _svc("install", "--platform", "linux", "--vault", str(vault))
    assert code == 0, err
    assert (
        path.read_text()
        == service.describe(vault, "linux", python=sys.executable, home=home, env={}, uid=UID).text
    )
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert out.splitlines() == [
        f"Wrote {path}",
        f"  it runs: {sys.executable} -m vaultkit watch --vault {vault} --quiet",
        "  $ systemctl --user daemon-reload",
        f"  $ systemctl --user enable {unit}",
        f"  $ systemctl --user restart {unit}",
        f"Check it: systemctl --user status {unit}",
        f"Its errors: journalctl --user -u {unit}",
    ]
    assert runner.calls == [
        ["systemctl", "--user", "daemon-reload"],
        ["systemctl", "--user", "enable", unit],
        ["systemctl", "--user", "restart", unit],
    ]
    assert _files(home) == [f".config/systemd/user/{unit}"]

    again = _svc("install", "--platform", "linux", "--vault", str(vault))
    assert again[1].splitlines()[0] == f"Kept {path}"

    runner.calls.clear()
    code, out, _ = _svc("status", "--platform", "linux", "--vault", str(vault))
    assert code == 0
    assert out.splitlines()[:2] == [f"Installed: {path}", "  running"]
    assert runner.calls == [["systemctl", "--user", "is-active", "--quiet", unit]]

    runner.calls.clear()
    code, out, _ = _svc("uninstall", "--platform", "linux", "--vault", str(vault))
    assert code == 0
    assert out.splitlines() == [
        f"  $ systemctl --user disable --now {unit}",
        f"Removed {path}",
        "  $ systemctl --user daemon-reload",
    ]
    assert runner.calls == [
        ["systemctl", "--user", "disable", "--now", unit],
        ["systemctl", "--user", "daemon-reload"],
    ]
    assert _files(home) == []
    code, out, _ = _svc("status", "--platform", "linux", "--vault", str(vault))
    assert code == 1
    assert out == f"Not installed (no {path}); `vaultkit service install` writes it.\n"
    assert _svc("uninstall", "--platform", "linux", "--vault", str(vault))[1] == (
        f"Nothing to remove: no {path}\n"
    )


def test_xdg_config_home_moves_the_unit(
    home: Path, vault: Path, runner: Recorder, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    assert _svc("install", "--platform", "linux", "--vault", str(vault))[0] == 0
    assert _files(tmp_path / "cfg") == [f"systemd/user/{service.service_id(vault)}.service"]
    assert _files(home) == []


def test_status_says_when_the_file_is_out_of_date(
    home: Path, vault: Path, runner: Recorder
) -> None:
    _svc("install", "--platform", "linux", "--vault", str(vault))
    path = home / ".config/systemd/user" / f"{service.service_id(vault)}.service"
    path.write_text(path.read_text().replace("RestartSec=30", "RestartSec=5"))
    runner.code = 3  # systemctl is-active: inactive
    code, out, _ = _svc("status", "--platform", "linux", "--vault", str(vault))
    assert code == 0
    assert out.splitlines()[1:3] == [
        "  it differs from what `vaultkit service install` writes now: run that again",
        "  not running",
    ]


# --- macOS ------------------------------------------------------------------------------------


def test_macos_install_reinstall_uninstall(home: Path, vault: Path, runner: Recorder) -> None:
    label = f"org.vaultkit.cli.watch.{service.service_id(vault).removeprefix('vaultkit-')}"
    path = home / "Library" / "LaunchAgents" / f"{label}.plist"
    code, out, _ = _svc("install", "--platform", "macos", "--vault", str(vault))
    assert code == 0
    assert plistlib.loads(path.read_bytes())["Label"] == label
    assert runner.calls == [["launchctl", "bootstrap", f"gui/{UID}", str(path)]]
    assert out.splitlines()[-2:] == [
        f"Check it: launchctl print gui/{UID}/{label}",
        f"Its errors: {home}/Library/Logs/{label}.log",
    ]
    runner.calls.clear()
    code, out, _ = _svc("install", "--platform", "macos", "--polling", "--vault", str(vault))
    assert out.splitlines()[0] == f"Updated {path}"
    assert runner.calls == [  # launchd keeps the old agent until it is booted out
        ["launchctl", "bootout", f"gui/{UID}/{label}"],
        ["launchctl", "bootstrap", f"gui/{UID}", str(path)],
    ]
    runner.calls.clear()
    assert _svc("uninstall", "--platform", "macos", "--vault", str(vault))[0] == 0
    assert runner.calls == [["launchctl", "bootout", f"gui/{UID}/{label}"]]
    assert _files(home) == []


# --- when things are not as expected ----------------------------------------------------------


def test_no_run_prints_the_commands_instead(home: Path, vault: Path, runner: Recorder) -> None:
    code, out, _ = _svc("install", "--platform", "linux", "--no-run", "--vault", str(vault))
    assert code == 0
    unit = f"{service.service_id(vault)}.service"
    assert f"  run: systemctl --user enable {unit}" in out.splitlines()
    assert runner.calls == []
    _svc("uninstall", "--platform", "linux", "--no-run", "--vault", str(vault))
    assert runner.calls == [] and _files(home) == []


def test_a_missing_tool_is_said_and_is_no_failure(
    home: Path, vault: Path, runner: Recorder
) -> None:
    runner.code = None
    code, out, _ = _svc("install", "--platform", "macos", "--vault", str(vault))
    assert code == 0
    assert "    launchctl is not installed here: run this yourself where it is" in out.splitlines()


def test_a_failing_command_exits_1(home: Path, vault: Path, runner: Recorder) -> None:
    runner.code = 1
    code, _, err = _svc("install", "--platform", "linux", "--vault", str(vault))
    assert code == 1
    assert "    failed (exit status 1)\n" in err


def test_a_file_vaultkit_did_not_write_is_never_replaced_or_removed(
    home: Path, vault: Path, runner: Recorder
) -> None:
    path = home / ".config/systemd/user" / f"{service.service_id(vault)}.service"
    path.parent.mkdir(parents=True)
    path.write_text("[Service]\nExecStart=/usr/bin/mine\n")
    for command in ("install", "uninstall"):
        code, _, err = _svc(command, "--platform", "linux", "--vault", str(vault))
        assert code == 2
        assert str(path) in err and "vaultkit did not write it" in err
    assert path.read_text() == "[Service]\nExecStart=/usr/bin/mine\n"
    assert runner.calls == []


def test_sudo_is_refused(home: Path, vault: Path, runner: Recorder) -> None:
    with pytest.raises(UsageError, match="without sudo"):
        service.refuse_sudo(0, {"SUDO_USER": "maya"})
    service.refuse_sudo(0, {})  # root's own per-user service: allowed
    service.refuse_sudo(1000, {"SUDO_USER": "maya"})


def test_other_systems_are_a_usage_error() -> None:
    assert service.current_platform("linux") == "linux"
    assert service.current_platform("darwin") == "macos"
    with pytest.raises(UsageError, match=r"systemd \(Linux\) and launchd \(macOS\)"):
        service.current_platform("win32")


def test_a_path_with_a_newline_cannot_go_in_a_service(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="control characters"):
        service.watch_argv(sys.executable, tmp_path / "a\nb", polling=False)


# --- the runner -------------------------------------------------------------------------------


def test_the_runner_runs_only_installed_tools(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fake `systemctl` on PATH stands in for the real one."""
    bin_dir, log = tmp_path / "bin", tmp_path / "calls"
    bin_dir.mkdir()
    fake = bin_dir / "systemctl"
    fake.write_text(f'#!/bin/sh\necho "$@" >> "{log}"\nexit 3\n')
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))
    assert service.run_if_installed(["systemctl", "--user", "is-active", "x"]) == 3
    assert log.read_text() == "--user is-active x\n"
    assert service.run_if_installed(["launchctl", "print", "x"]) is None


def test_no_test_can_run_a_real_service_command() -> None:
    """tests/conftest.py's guard: the CLI's runner fails a test that did not replace it."""
    with pytest.raises(AssertionError, match="for real"):
        service.system_runner(["systemctl", "--user", "daemon-reload"])


# --- what a first week found (issue 22) -------------------------------------------------------


def test_service_status_help_offers_no_no_run() -> None:
    assert "--no-run" not in invoke(["service", "status", "--help"]).stdout
    assert "--no-run" in invoke(["service", "install", "--help"]).stdout


def test_service_status_where_systemd_has_no_user_bus(
    home: Path, vault: Path, runner: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Over ssh or in a container `systemctl --user` fails with "Failed to connect to bus":
    said in one line that means something, not passed through raw."""
    assert _svc("install", "--platform", "linux", "--vault", str(vault))[0] == 0
    fake_systemctl = [
        sys.executable,
        "-c",
        "import sys; sys.stderr.write('Failed to connect to bus: No medium found\\n'); sys.exit(1)",
    ]
    monkeypatch.setattr(
        service, "system_runner", lambda _cmd: service.run_if_installed(fake_systemctl)
    )
    _, out, err = _svc("status", "--platform", "linux", "--vault", str(vault))
    assert "  unknown (systemd could not be asked: see above)" in out.splitlines()
    assert "No medium found" not in err
    assert err.startswith("vaultkit: ") and "cannot reach your systemd user session" in err
    assert len(err.splitlines()) == 1
