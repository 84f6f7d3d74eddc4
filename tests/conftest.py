"""Shared test options. `--update-golden` rewrites tests/golden/ (a reviewed diff, not a habit).

The suite never touches the user's home folder or cache: for the whole session HOME, the XDG
folders and `VAULTKIT_CACHE_DIR` point into pytest's temporary folder (child processes inherit
them), each test gets a cache folder of its own on top, and when the session ends it checks that
the real user cache holds no cache file of any folder the session created. Nor does a test run
systemctl or launchctl: `vaultkit service`'s runner fails any test that has not replaced it.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator, Sequence
from pathlib import Path

import platformdirs
import pytest
from hypothesis import HealthCheck, settings

# Property tests explore new examples on every local run, but CI (`.ci/run` sets CI=true) runs
# the same examples every time: a red build then means the code changed, not the dice. Neither
# times an example (no deadline, no "too slow" health check): no test asserts wall-clock time,
# and on a busy machine those fail at random.
settings.register_profile("dev", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile(
    "ci", settings.get_profile("dev"), derandomize=True, database=None, print_blob=True
)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

# Where vaultkit's cache would go for the person running the tests: read before anything
# below redirects it, so the session can prove it stayed out.
REAL_CACHE = Path(platformdirs.user_cache_dir("vaultkit", appauthor=False))
REAL_HOME = Path.home()
# The variables that lead to a user's folders, on Linux (XDG), macOS (HOME) and Windows.
HOME_VARS = (
    "HOME",
    "XDG_CACHE_HOME",
    "XDG_CONFIG_HOME",
    "XDG_DATA_HOME",
    "XDG_STATE_HOME",
    "LOCALAPPDATA",
    "APPDATA",
    "USERPROFILE",
)
_session: dict[str, Path] = {}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="Rewrite the golden pages of the examples (tests/golden/) from the current output.",
    )
    parser.addoption(
        "--run-slow",
        action="store_true",
        default=False,
        help="Also run the tests marked slow (or set VAULTKIT_RUN_SLOW=1).",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked `slow` (minutes: the kill -9 harness) run only when asked for."""
    if config.getoption("--run-slow") or os.environ.get("VAULTKIT_RUN_SLOW") == "1":
        return
    skip = pytest.mark.skip(reason="slow: run with --run-slow or VAULTKIT_RUN_SLOW=1")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session", autouse=True)
def private_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A home folder for the whole session: HOME, the XDG folders and the default cache folder
    all lie under it, so a test (or a child process) that forgets `--cache-dir`, or undoes its
    monkeypatches, still writes nothing into the real home."""
    home = tmp_path_factory.mktemp("home")
    _session["home"] = home
    _session["base"] = tmp_path_factory.getbasetemp()
    values = {
        "HOME": home,
        "XDG_CACHE_HOME": home / ".cache",
        "XDG_CONFIG_HOME": home / ".config",
        "XDG_DATA_HOME": home / ".local" / "share",
        "XDG_STATE_HOME": home / ".local" / "state",
        "LOCALAPPDATA": home / "AppData" / "Local",
        "APPDATA": home / "AppData" / "Roaming",
        "USERPROFILE": home,
        "VAULTKIT_CACHE_DIR": home / "vaultkit-cache",
    }
    with pytest.MonkeyPatch.context() as mp:
        for name, value in values.items():
            mp.setenv(name, str(value))
        mp.setattr("vaultkit.cli.service.system_runner", no_real_services)
        mp.setattr("vaultkit.core.atomic.wall_clock", a_minute_ahead)
        yield home


def a_minute_ahead() -> float:
    """A test writes a note and syncs at once; a user's editor finished saving long before.
    vaultkit leaves a note changed in the last `write.QUIET_SECONDS` alone (an editor may be
    half-way through saving it), so in-process runs see a clock a minute ahead; the tests of
    that rule (tests/test_editor_race.py) set their own clock."""
    import time

    return time.time() + 60.0


def no_real_services(cmd: Sequence[str]) -> int | None:
    """No test starts or stops a real service: one that needs a runner passes a recorder."""
    raise AssertionError(f"a test ran {list(cmd)} for real; monkeypatch service.system_runner")


@pytest.fixture(autouse=True)
def _private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each test gets its own cache folder (tests must not see each other's caches)."""
    monkeypatch.setenv("VAULTKIT_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


def cache_names_of_folders_under(base: Path) -> set[str]:
    """The cache file name vaultkit gives each folder under `base` (as `cache.cache_file`
    names them), for the end-of-session check."""
    names = set()
    for folder, _dirs, _files in os.walk(base):
        real = os.path.realpath(folder)
        names.add(hashlib.sha256(os.fsencode(real)).hexdigest()[:20] + ".sqlite")
    return names


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the run when the real user cache holds a cache file of a folder this session made."""
    base = _session.get("base")
    if base is None or not REAL_CACHE.is_dir():
        return
    leaked = sorted(cache_names_of_folders_under(base) & {p.name for p in REAL_CACHE.iterdir()})
    if leaked:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        message = f"the tests wrote {len(leaked)} cache file(s) into {REAL_CACHE}: {leaked[:3]}"
        if reporter is not None:
            reporter.write_line(f"ERROR: {message}", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
