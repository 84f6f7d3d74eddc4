"""The package as a user installs it: sdist -> wheel -> a fresh venv -> the `vaultkit` command.

Offline: the build uses this venv's setuptools (`--no-build-isolation`), the wheel is installed
without its dependencies, and the fresh venv reaches the ones already installed here through a
`.pth` file. The checkout is copied first, so the build leaves nothing in it, and the sdist is
built from that copy: a wheel made from the sdist carries only what the sdist does (MANIFEST.in).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

from vaulthelp import PAGE_COUNT

from vaultkit import __version__

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden" / "vault" / "Vaultkit"
TODAY = "2026-11-25"
NOT_SOURCE = shutil.ignore_patterns(
    ".git", ".venv", "build", "dist", "*.egg-info", "mutants", "__pycache__", ".*_cache", "tests"
)


def _run(cmd: list[str | Path], cwd: Path, env: dict[str, str]) -> str:
    done = subprocess.run(
        [str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, f"{cmd}: {done.stdout}\n{done.stderr}"
    return done.stdout


def test_a_wheel_installs_and_runs_in_a_fresh_venv(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VAULTKIT_"))}
    env["VAULTKIT_CACHE_DIR"] = str(tmp_path / "cache")
    env["PIP_NO_INDEX"] = "1"  # never the network
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=NOT_SOURCE, symlinks=True)
    dist = tmp_path / "dist"
    build_sdist = f"from setuptools import build_meta; print(build_meta.build_sdist({str(dist)!r}))"
    sdist = dist / _run([sys.executable, "-c", build_sdist], source, env).strip().splitlines()[-1]
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input", "-q"]
    wheels = tmp_path / "wheels"
    _run([*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", wheels, sdist], tmp_path, env)
    (wheel,) = wheels.glob("vaultkit-*.whl")

    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", venv], tmp_path, env)
    scripts = venv / ("Scripts" if os.name == "nt" else "bin")
    python = scripts / "python"
    _run([*pip, "--python", python, "install", "--no-deps", wheel], tmp_path, env)
    site = Path(_run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                     tmp_path, env).strip())  # fmt: skip
    (site / "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")

    where = _run([python, "-c", "import vaultkit; print(vaultkit.__file__)"], tmp_path, env)
    assert Path(where.strip()).is_relative_to(site), where  # the wheel's, not the checkout's
    vaultkit = scripts / "vaultkit"
    assert _run([vaultkit, "--version"], tmp_path, env) == f"vaultkit, version {__version__}\n"

    out = _run([vaultkit, "init", "--example", "demo"], tmp_path, env)
    assert "created People/Maya Chen.md" in out.splitlines()
    demo = tmp_path / "demo"
    shipped = sorted(p.relative_to(demo).as_posix() for p in demo.rglob("*") if p.is_file())
    example = ROOT / "examples" / "vault"
    expected = sorted(p.relative_to(example).as_posix() for p in example.rglob("*") if p.is_file())
    assert set(shipped) == set(expected)  # the demo's own vaultkit.toml (its circles) included

    # Notes written this instant may be an editor's save under way: vaultkit would leave
    # their blocks for the next sync (write.QUIET_SECONDS). A user types the next command later.
    an_hour_ago = time.time() - 3600
    for note in demo.rglob("*.md"):
        os.utime(note, (an_hour_ago, an_hour_ago))
    out = _run([vaultkit, "sync", "--today", TODAY], demo, env)  # the vault found from its cwd
    assert f"pages: {PAGE_COUNT} written" in out
    pages = {p.name: p.read_bytes() for p in (demo / "Vaultkit").glob("*.md")}
    assert pages == {p.name: p.read_bytes() for p in GOLDEN.glob("*.md")}
