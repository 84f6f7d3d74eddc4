"""Move vaultkit's flat modules into their layers, rewriting every import (issue 23).

    python tools/relayout.py     # in a clean checkout of the flat layout; review, test, commit

Kept in the repository as the record of the move: which old module became which new one (`MOVES`),
so a reader of an old commit or an old branch can find where a name went, and so the move could be
re-run on a branch still in the old layout. It is a one-shot tool: on the new layout it refuses.

What it does, deterministically:
- `git mv` each module of `MOVES` (a package folder of one `__init__.py` becomes a module);
- rewrites every import of a moved module in vaultkit/, tests/, benchmarks/ and tools/ over the
  statement's own span: relative inside the package (computed from the importer's new place),
  absolute outside it; `from . import cache` becomes `from ..store import cache_file`, and the
  file's uses of `cache` are renamed `cache_file` unless that name is taken there, in which case
  the import keeps the old name with `as cache`;
- rewrites string constants naming a module (`"vaultkit.sync.X"` for monkeypatch, `sys.modules`
  checks), the package's `_WHERE` table, and the paths in pyproject.toml;
- then `ruff check --fix` (import order) and `ruff format` put the rewritten lines in shape.
Documentation is redrawn by hand: the prose around a module's name needs a person.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PKG = "vaultkit"

# old module (under vaultkit.) -> new module; the layers and what each may import are in
# docs/architecture.md, which tools/layers.py reads.
MOVES = {
    # core: the data, the errors, the one way to open and to replace a file
    "models": "core.models",
    "errors": "core.errors",
    "codec": "core.codec",
    "kinds": "core.kinds",
    "lazylists": "core.lazy_lists",
    "stats": "core.stats",
    "progress": "core.progress",
    "regular": "core.regular",
    "write": "core.atomic",
    # text: how dates, day options and topics are written
    "dates": "text.dates",
    "dailyformat": "text.daily_names",
    "days": "text.day_options",
    "needs": "text.topics",
    # read: from the vault's bytes to one note's facts
    "config": "read.config",
    "scan": "read.scan",
    "frontmatter": "read.frontmatter",
    "flatyaml": "read.flatyaml",
    "links": "read.links",
    "collect": "read.collect",
    "mdwalk": "read.mdwalk",
    "mdlinear": "read.mdlinear",
    "simple": "read.simple",
    "parse": "read.parse",
    "block": "read.markers",
    # rules: across notes
    "people": "rules.people",
    "circles": "rules.circles",
    "relations": "rules.relations",
    # engine: the incremental index
    "index": "engine.index",
    "encoding": "engine.encoding",
    # store: the cache on disk
    "cache": "store.cache_file",
    "store": "store.cache_store",
    "cachefiles": "store.cache_folder",
    # reports: pure answers
    "reports": "reports.overview",
    "digest": "reports.reach_out",
    "helping": "reports.ways_to_help",
    "lookup": "reports.lookup",
    "sparkline": "reports.rhythm",
    # pages: answers in Markdown
    "markdown": "pages.markdown",
    "render": "pages.overview",
    "reachout": "pages.reach_out",
    "helppage": "pages.ways_to_help",
    "personblock": "pages.person_block",
    "hints": "pages.hints",
    "pagelist": "pages.catalog",
    # writing: into the user's notes
    "edits": "writing.edits",
    "notes": "writing.note_text",
    "blocks": "writing.person_blocks",
    # outputs: files vaultkit owns
    "ics": "outputs.ics",
    # session: a vault held open
    "sync": "session.sync",
    "quick": "session.quick",
    "reader": "session.reader",
    "pool": "session.pool",
    # commands: what log, add, init and import do
    "notecmds": "commands.notes",
    "importer": "commands.import_cards",
    "vcards": "commands.vcards",
    # cli: the only importers of click and watchdog
    "cli": "cli.main",
    "cli_admin": "cli.admin",
    "cli_options": "cli.options",
    "terminal": "cli.terminal",
    "watch": "cli.watch",
    "service": "cli.service",
    "entry": "cli.entry",
}
STAYS = {
    "__init__",
    "__main__",
    "api",
    "outputs",
    "outputs.files",
    "outputs.manifest",
    "outputs.calendar",
}
SOURCE_DIRS = ("vaultkit", "tests", "benchmarks", "tools")


def old_modules() -> dict[str, bool]:
    """Every module of the flat package (dotted under vaultkit.) -> whether it is a package."""
    found: dict[str, bool] = {}
    for path in sorted((ROOT / PKG).rglob("*.py")):
        rel = path.relative_to(ROOT / PKG)
        if rel.parts[0] in ("example_vault", "__pycache__"):
            continue
        parts = list(rel.with_suffix("").parts)
        is_package = parts[-1] == "__init__" and len(parts) > 1
        if is_package:
            parts.pop()
        found[".".join(parts)] = is_package
    return found


def new_name(old: str) -> str:
    """The new dotted name (under vaultkit.) of an old module, or of a name inside one."""
    if old in MOVES:
        return MOVES[old]
    head, _, tail = old.rpartition(".")
    return f"{new_name(head)}.{tail}" if head else old


def _module_of_file(path: Path) -> tuple[str, bool] | None:
    """(old dotted name under vaultkit., is __init__) for a file in the package, else None."""
    try:
        rel = path.relative_to(ROOT / PKG)
    except ValueError:
        return None
    parts = list(rel.with_suffix("").parts)
    is_init = parts[-1] == "__init__"
    if is_init:
        parts.pop()
    return ".".join(parts), is_init


def _relative(importer: str, importer_is_init: bool, target: str) -> tuple[str, str]:
    """`from X import` text for `target` (full dotted) seen from `importer` (full dotted)."""
    package = importer.split(".") if importer_is_init else importer.split(".")[:-1]
    goal = target.split(".")
    common = 0
    while common < min(len(package), len(goal)) and package[common] == goal[common]:
        common += 1
    level = len(package) - common + 1
    return "." * level + ".".join(goal[common:]), ""


def _full(dotted: str) -> str:
    return f"{PKG}.{dotted}" if dotted else PKG


def _from_text(importer: tuple[str, bool] | None, target_full: str) -> str:
    if importer is None:
        return target_full
    name, is_init = importer
    new_importer = f"{PKG}.{new_name(name)}" if name else PKG
    still_package = not name or (is_init and name not in MOVES)  # a moved package is a module now
    return _relative(new_importer, still_package, target_full)[0]


def _bound_names(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.alias):
            names.add((node.asname or node.name).split(".")[0])
    return names


def _stored_names(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            names.add(node.id)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
    return names


class Rewriter:
    def __init__(self, path: Path, olds: dict[str, bool]) -> None:
        self.path = path
        self.olds = olds
        self.text = path.read_text(encoding="utf-8")
        self.tree = ast.parse(self.text)
        self.importer = _module_of_file(path)
        self.edits: list[
            tuple[int, int, int, int, str]
        ] = []  # (line, col, end line, end col, text)
        self.renames: dict[str, str] = {}
        self.chosen: dict[str, str] = {}  # old name imported as a module -> its name here
        self.aliased: list[str] = []

    def _absolute_base(self, node: ast.ImportFrom) -> str | None:
        if node.level:
            if self.importer is None:
                return None
            name, is_init = self.importer
            package = name.split(".") if is_init else name.split(".")[:-1]
            if name == "":
                package = []
            package = package[: len(package) - (node.level - 1)]
            return ".".join([*package, *([node.module] if node.module else [])])
        if node.module == PKG:
            return ""
        if node.module and node.module.startswith(PKG + "."):
            return node.module[len(PKG) + 1 :]
        return None

    def run(self) -> bool:
        taken = _bound_names(self.tree)
        stored = _stored_names(self.tree)
        for node in ast.walk(self.tree):
            if isinstance(node, ast.ImportFrom):
                self._import_from(node, taken, stored)
            elif isinstance(node, ast.Import):
                self._import(node)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                self._string(node)
        if self.renames:
            for node in ast.walk(self.tree):
                if isinstance(node, ast.Name) and node.id in self.renames:
                    self._replace(node, self.renames[node.id])
        if self.importer == ("", True):
            self._where_table()
        if not self.edits:
            return False
        lines = self.text.splitlines(keepends=True)
        offsets = [0]
        for text_line in lines:
            offsets.append(offsets[-1] + len(text_line.encode("utf-8")))
        data = self.text.encode("utf-8")
        for line, col, end_line, end_col, new in sorted(set(self.edits), reverse=True):
            start = offsets[line - 1] + col
            end = offsets[end_line - 1] + end_col
            data = data[:start] + new.encode("utf-8") + data[end:]
        self.path.write_text(data.decode("utf-8"), encoding="utf-8")
        return True

    def _replace(self, node: ast.expr | ast.stmt, text: str) -> None:
        """Put `text` where `node` stands in the source (applied last, from the end)."""
        assert node.end_lineno is not None and node.end_col_offset is not None
        self.edits.append(
            (node.lineno, node.col_offset, node.end_lineno, node.end_col_offset, text)
        )

    def _import_from(self, node: ast.ImportFrom, taken: set[str], stored: set[str]) -> None:
        base = self._absolute_base(node)
        if base is None:
            return
        groups: dict[str, list[str]] = {}
        for alias in node.names:
            sub = f"{base}.{alias.name}" if base else alias.name
            if sub in self.olds:  # a module imported as a name
                moved = new_name(sub)
                parent, _, stem = moved.rpartition(".")
                bound = alias.asname or alias.name
                if alias.asname:
                    text = stem if stem == alias.asname else f"{stem} as {alias.asname}"
                elif stem == alias.name:
                    text = stem
                elif self.chosen.get(alias.name, stem) != stem:
                    text = f"{stem} as {alias.name}"
                elif alias.name in self.chosen:
                    text = stem
                elif stem in taken or bound in stored or stem in self.chosen.values():
                    text = f"{stem} as {alias.name}"
                    self.chosen[alias.name] = alias.name
                    self.aliased.append(f"{self.path.relative_to(ROOT)}: {stem} as {alias.name}")
                else:
                    text = stem
                    self.renames[bound] = stem
                    self.chosen[alias.name] = stem
                groups.setdefault(parent, []).append(text)
            else:
                moved = new_name(base) if base else ""
                text = alias.name if not alias.asname else f"{alias.name} as {alias.asname}"
                groups.setdefault(moved, []).append(text)
        statements = [
            f"from {self._from(_full(parent))} import {', '.join(names)}"
            for parent, names in groups.items()
        ]
        assert node.end_lineno is not None and node.end_col_offset is not None
        line_start = self.text.splitlines()[node.lineno - 1]
        indent = line_start[: len(line_start) - len(line_start.lstrip())]
        self._replace(node, ("\n" + indent).join(statements))

    def _import(self, node: ast.Import) -> None:
        """`import vaultkit.sync as s` -> `import vaultkit.session.sync as s`; without `as`, the
        file's `vaultkit.sync` chains are rewritten too."""
        names = []
        for alias in node.names:
            old = alias.name[len(PKG) + 1 :] if alias.name.startswith(PKG + ".") else None
            if old is None or old not in self.olds:
                names.append(alias.name if not alias.asname else f"{alias.name} as {alias.asname}")
                continue
            moved = f"{PKG}.{new_name(old)}"
            names.append(moved if not alias.asname else f"{moved} as {alias.asname}")
            if not alias.asname:
                for chain in ast.walk(self.tree):
                    if isinstance(chain, ast.Attribute) and ast.unparse(chain) == alias.name:
                        self._replace(chain, moved)
        self._replace(node, f"import {', '.join(names)}")

    def _from(self, target_full: str) -> str:
        if self.importer is None:
            return target_full
        return _from_text(self.importer, target_full)

    def _string(self, node: ast.Constant) -> None:
        value = node.value
        assert isinstance(value, str)
        pattern = re.compile(rf"\b{PKG}\.([a-z_][a-z_0-9]*(?:\.[a-z_][a-z_0-9]*)*)")

        def swap(match: re.Match[str]) -> str:
            dotted = match.group(1)
            parts = dotted.split(".")
            for cut in range(len(parts), 0, -1):
                head = ".".join(parts[:cut])
                if head in self.olds:
                    return f"{PKG}.{new_name(head)}" + "".join(f".{p}" for p in parts[cut:])
            return match.group(0)

        new = pattern.sub(swap, value)
        if new != value:
            segment = ast.get_source_segment(self.text, node)
            assert (
                segment is not None
                and node.end_lineno is not None
                and node.end_col_offset is not None
            )
            self._replace(node, pattern.sub(swap, segment))

    def _where_table(self) -> None:
        for node in ast.walk(self.tree):
            if (
                isinstance(node, ast.Tuple)
                and len(node.elts) == 2
                and isinstance(node.elts[0], ast.Constant)
            ):
                first = node.elts[0]
                if (
                    isinstance(first.value, str)
                    and first.value in self.olds
                    and first.value in MOVES
                ):
                    self._replace(first, repr(new_name(first.value)).replace("'", '"'))


def main() -> int:
    olds = old_modules()
    unmapped = sorted(m for m in olds if m not in MOVES and m not in STAYS and new_name(m) == m)
    if unmapped:
        print("relayout: modules with no place in MOVES: " + ", ".join(unmapped), file=sys.stderr)
        return 1
    if any(name.startswith("core.") for name in olds):
        print("relayout: the package is already laid out", file=sys.stderr)
        return 1
    files = [
        p
        for d in SOURCE_DIRS
        for p in sorted((ROOT / d).rglob("*.py"))
        if "example_vault" not in p.parts
    ]
    aliased: list[str] = []
    changed = 0
    for path in files:
        if path.resolve() == Path(__file__).resolve():
            continue
        rewriter = Rewriter(path, olds)
        changed += rewriter.run()
        aliased += rewriter.aliased
    pyproject = ROOT / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    for old in sorted(MOVES, key=len, reverse=True):
        new = MOVES[old]
        text = re.sub(rf"\b{PKG}/{old}\.py\b", f"{PKG}/{new.replace('.', '/')}.py", text)
        text = re.sub(rf"\b{PKG}\.{old}:", f"{PKG}.{new}:", text)
    pyproject.write_text(text, encoding="utf-8")
    for old, new in MOVES.items():
        if old not in olds:
            continue
        source = (
            ROOT
            / PKG
            / (
                f"{old.replace('.', '/')}/__init__.py"
                if olds[old]
                else f"{old.replace('.', '/')}.py"
            )
        )
        target = ROOT / PKG / f"{new.replace('.', '/')}.py"
        for folder in reversed(target.relative_to(ROOT / PKG).parents):
            init = ROOT / PKG / folder / "__init__.py"
            if folder != Path(".") and not init.exists():
                init.parent.mkdir(parents=True, exist_ok=True)
                init.write_text("")
                subprocess.run(["git", "add", str(init)], cwd=ROOT, check=True)
        subprocess.run(["git", "mv", str(source), str(target)], cwd=ROOT, check=True)
        if olds[old]:
            source.parent.rmdir()
    bin_dir = Path(sys.executable).parent
    subprocess.run(
        [str(bin_dir / "ruff"), "check", "--fix", "-q", *SOURCE_DIRS], cwd=ROOT, check=False
    )
    subprocess.run([str(bin_dir / "ruff"), "format", "-q", *SOURCE_DIRS], cwd=ROOT, check=False)
    print(
        f"relayout: {len([m for m in MOVES if m in olds])} modules moved, {changed} files rewritten"
    )
    for line in aliased:
        print(f"relayout: kept the old name: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
