"""tools/layers.py, the check `make lint` runs: no import cycle in the package, not even one
made by an import inside a function (issue 23)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT / "tools" / "layers.py"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(TOOL), *args], capture_output=True, text=True, cwd=ROOT, check=False
    )


def _package(root: Path, files: dict[str, str]) -> Path:
    package = root / "pkg"
    for rel, text in {"__init__.py": "", **files}.items():
        (package / rel).parent.mkdir(parents=True, exist_ok=True)
        (package / rel).write_text(text)
    return package


def test_vaultkit_has_no_import_cycle() -> None:
    done = _run()
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.endswith(", 0 problems\n")


def test_a_cycle_made_inside_a_function_fails_and_is_named(tmp_path: Path) -> None:
    package = _package(
        tmp_path,
        {
            "pages.py": "from .helpers import cell\n\ndef page():\n    return cell()\n",
            "helpers.py": "def cell():\n    from . import pages\n\n    return pages\n",
            "leaf.py": "import os\n",
        },
    )
    done = _run(str(package))
    assert done.returncode == 1
    assert "layers: import cycle: pkg.helpers -> pkg.pages -> pkg.helpers\n" in done.stdout


def test_a_cycle_through_a_subpackage_fails(tmp_path: Path) -> None:
    package = _package(
        tmp_path,
        {
            "store/__init__.py": "",
            "store/cache.py": "from ..engine.index import build\n",
            "engine/__init__.py": "",
            "engine/index.py": "def build():\n    from ..store import cache\n",
        },
    )
    done = _run(str(package))
    assert done.returncode == 1
    assert "pkg.engine.index -> pkg.store.cache -> pkg.engine.index" in done.stdout


def test_typing_only_imports_make_no_cycle(tmp_path: Path) -> None:
    """`if TYPE_CHECKING:` imports never run; the pair below is the usual way to type a
    parameter with a class of a module that imports this one."""
    package = _package(
        tmp_path,
        {
            "a.py": "from . import b\n",
            "b.py": (
                "from typing import TYPE_CHECKING\n\n"
                "if TYPE_CHECKING:\n    from .a import A\nelse:\n    import os\n"
            ),
        },
    )
    done = _run(str(package))
    assert done.returncode == 0, done.stdout
    assert "0 problems" in done.stdout


LAYERS_DOC = """# Architecture

## Layers

| layer | what it holds | may import |
|---|---|---|
| `core` | data | — |
| `read` | readers | `core` |
| `__init__` | the package | `core`, `read` |

## Where to add …

| `notes` | a table in another section is not the rule | `core` |
"""


def test_vaultkit_keeps_its_table_of_layers() -> None:
    done = _run()
    assert " 16 layers, 0 problems" in done.stdout  # the doc's table was read and held


def test_an_import_against_the_table_fails_even_inside_a_function(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "architecture.md").write_text(LAYERS_DOC)
    package = _package(
        tmp_path,
        {
            "core/__init__.py": "",
            "core/models.py": "def f():\n    from ..read import parse\n",
            "read/__init__.py": "",
            "read/parse.py": "from ..core import models\n",
        },
    )
    done = _run(str(package))
    assert done.returncode == 1
    assert "pkg.core.models imports pkg.read.parse: `core` may not import `read`" in done.stdout
    assert "pkg.read.parse imports" not in done.stdout  # downward is allowed


def test_a_module_with_no_layer_fails(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "architecture.md").write_text(LAYERS_DOC)
    package = _package(tmp_path, {"core/__init__.py": "", "notes.py": "import os\n"})
    done = _run(str(package))
    assert done.returncode == 1
    assert "no row for `notes` in the table of layers" in done.stdout
