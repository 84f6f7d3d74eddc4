"""The cache keys cover every module that can change a note's facts or the view (issue 10 A).

A key that leaves out a module the parser uses lets a warm run serve facts from older code;
these tests fail when that happens, whatever the module is called or wherever it sits.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

import vaultkit
from vaultkit.session.sync import Vault, sync
from vaultkit.store import cache_file

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = Path(vaultkit.__file__).resolve().parent


def _imported_by(*modules: str) -> set[str]:
    """The package files (relative paths) a fresh interpreter loads to import `modules`."""
    code = (
        "import json, sys\n"
        f"for name in {list(modules)!r}:\n"
        "    __import__(name)\n"
        "ours = [m for n, m in list(sys.modules.items()) if n.split('.')[0] == 'vaultkit']\n"
        "print(json.dumps(sorted(m.__file__ for m in ours if getattr(m, '__file__', None))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    return {Path(f).resolve().relative_to(PACKAGE).as_posix() for f in json.loads(done.stdout)}


def _keyed() -> set[str]:
    return {p.relative_to(PACKAGE).as_posix() for p in cache_file.source_files(PACKAGE)}


def test_every_module_the_parser_imports_is_in_the_keys() -> None:
    used = _imported_by("vaultkit.read.parse")
    assert {
        "read/parse.py",
        "read/simple.py",
        "read/links.py",
        "read/config.py",
    } <= used  # the probe sees imports
    assert used - _keyed() == set()


def test_every_module_the_pipeline_imports_is_in_the_keys() -> None:
    """Parse, index, reports, render, person blocks, cache and the sync that drives them."""
    used = _imported_by("vaultkit.session.sync", "vaultkit.commands.notes")
    assert used - _keyed() == set()
    assert not {rel for rel in used if cache_file.is_unkeyed(rel)}  # exclusions sit outside it


def test_a_parser_module_left_out_of_the_keys_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """The check above has teeth: leaving out read/simple.py (as an old hand-kept list did)
    fails."""
    monkeypatch.setattr(cache_file, "UNKEYED", cache_file.UNKEYED | {"read/simple.py"})
    assert _imported_by("vaultkit.read.parse") - _keyed() == {"read/simple.py"}


def test_modules_in_subpackages_and_new_modules_are_covered(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    (package / "sub" / "__pycache__").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "cli").mkdir()
    (package / "cli" / "main.py").write_text("# a driver\n")
    (package / "sub" / "__init__.py").write_text("")
    (package / "sub" / "rules.py").write_text("RULE = 1\n")
    (package / "sub" / "__pycache__" / "rules.cpython-311.pyc").write_bytes(b"\0")
    files = [p.relative_to(package).as_posix() for p in cache_file.source_files(package)]
    assert files == ["__init__.py", "sub/__init__.py", "sub/rules.py"]

    digest = cache_file._source_hash.__wrapped__  # the uncached function: fresh reads every call
    before = digest(package)
    (package / "cli" / "main.py").write_text("# another driver\n")
    assert digest(package) == before  # an unkeyed module keeps the cache
    (package / "sub" / "rules.py").write_text("RULE = 2\n")
    changed = digest(package)
    assert changed != before  # a module in a subpackage is covered
    (package / "sub" / "extra.py").write_text("")
    assert digest(package) != changed  # so is a module added later, even an empty one
    (package / "sub" / "extra.py").rename(package / "extra.py")
    assert digest(package) != changed  # and where a module sits


def test_the_key_covers_the_whole_package_not_the_cache_modules_folder(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The key is the package root's, not the folder of store/cache_file.py: a key of its own
    folder would leave out outputs/files.py, engine/index.py and every other module."""
    assert cache_file.package_root() == Path(vaultkit.__file__).parent
    expected = cache_file.code_key()
    reads: list[str] = []
    real = Path.read_bytes

    def counting(self: Path) -> bytes:
        if PACKAGE in self.resolve().parents:
            reads.append(self.resolve().relative_to(PACKAGE).as_posix())
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", counting)
    cache_file._source_hash.cache_clear()
    try:
        assert cache_file.code_key() == expected
    finally:
        cache_file._source_hash.cache_clear()
    assert {"outputs/files.py", "engine/index.py", "read/parse.py"} <= set(reads)


def test_a_folder_of_drivers_is_left_out_by_its_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`UNKEYED` holds paths from the package root: `cli/` leaves out the whole folder (where
    the CLI's modules live), and only that folder."""
    package = tmp_path / "pkg"
    for rel in ("__init__.py", "cli/__init__.py", "cli/main.py", "cli_like.py", "store/cli.py"):
        (package / rel).parent.mkdir(parents=True, exist_ok=True)
        (package / rel).write_text("")
    monkeypatch.setattr(cache_file, "UNKEYED", frozenset({"cli/", "__main__.py"}))
    files = [p.relative_to(package).as_posix() for p in cache_file.source_files(package)]
    assert files == ["__init__.py", "cli_like.py", "store/cli.py"]


def test_the_source_is_read_once_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    reads: list[Path] = []
    real = Path.read_bytes

    def counting(self: Path) -> bytes:
        reads.append(self)
        return real(self)

    expected = cache_file.code_key()
    cache_file._source_hash.cache_clear()
    monkeypatch.setattr(Path, "read_bytes", counting)
    for _ in range(3):
        assert cache_file.code_key() == expected
        cache_file.parser_key(vaultkit.ParseOptions())
    sources = [p for p in reads if PACKAGE in p.parents]
    assert len(sources) == len(cache_file.source_files(PACKAGE)) == len(set(sources))


def test_a_code_change_reparses_every_note(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    vault = tmp_path / "v"
    shutil.copytree(ROOT / "examples" / "vault", vault)
    path = cache_file.cache_file(vault, tmp_path / "cache")
    today = date(2026, 11, 25)
    sync(Vault(vault, cache_path=path), today)
    warm = sync(Vault(vault, cache_path=path), today)
    assert warm.changes.added == 0
    monkeypatch.setattr(cache_file, "code_key", lambda: "edited simple.py")
    stats = sync(Vault(vault, cache_path=path), today)
    assert stats.changes.added == stats.notes  # nothing trusted: every note read again


def test_the_no_op_path_still_imports_no_parser(tmp_path: Path) -> None:
    """The parser key names the parsing libraries without importing them."""
    code = (
        "import sys\n"
        "from vaultkit.store import cache_file as cache\n"
        "from vaultkit.read.config import ParseOptions\n"
        "cache.parser_key(ParseOptions())\n"
        "print([m for m in ('markdown_it', 'mdit_py_plugins', 'yaml') if m in sys.modules])\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "VAULTKIT_CACHE_DIR"}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env, check=True
    )
    assert done.stdout.strip() == "[]"
