"""The house's rules, checked (`make lint` runs it): no import cycle among the package's modules,
and no import that goes against the table of layers in docs/architecture.md.

    python tools/layers.py [PACKAGE_DIR]     # default: vaultkit/ beside this folder

Reads every module with `ast`, so it sees what a run would import without importing anything:
imports inside functions count (a cycle hidden in a function still ties two modules together,
and moving one into another layer then breaks the other), typing-only imports under
`if TYPE_CHECKING:` do not (they never run).

The layers are the rows of the table under the heading `## Layers` in `docs/architecture.md`
next to the package (one row a layer: its name in backticks, what it holds, and the layers it
may import in backticks, or `—`), so the doc is the rule and cannot drift from the code. A
module's layer is its first folder under the package (`vaultkit/read/parse.py` is in `read`),
or its own name at the top (`api`); it may import its own layer and the layers its row names.
Every top-level name must have a row, so a new module dropped flat into the package fails until
it finds its layer. Exit 0 with one summary line; exit 1 naming each breach (a cycle as a path,
`a -> b -> a`).
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterator
from pathlib import Path

# module (dotted, `pkg.sub` for pkg/sub/__init__.py) -> the package modules it imports
Graph = dict[str, set[str]]

SKIPPED_FOLDERS = ("example_vault", "__pycache__")  # data shipped in the package, not code
Layers = dict[str, set[str]]  # layer -> the other layers it may import


def modules(package: Path) -> dict[str, Path]:
    """Every module of the package by dotted name, subpackages included."""
    found: dict[str, Path] = {}
    for path in sorted(package.rglob("*.py")):
        rel = path.relative_to(package.parent)
        if any(part in SKIPPED_FOLDERS for part in rel.parts):
            continue
        parts = list(rel.with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _runtime_imports(tree: ast.Module) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import statement that can run: in functions too, not under `if TYPE_CHECKING:`."""
    typing_only: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for statement in node.body:
                typing_only.update(id(n) for n in ast.walk(statement))
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)) and id(node) not in typing_only:
            yield node


def _is_type_checking(test: ast.expr) -> bool:
    if isinstance(test, ast.Name):
        return test.id == "TYPE_CHECKING"
    return isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"


def _targets(name: str, is_package: bool, node: ast.Import | ast.ImportFrom) -> list[str]:
    """The modules an import statement in module `name` loads (package modules or not): `from
    . import x` loads the submodule x when there is one, else the package's `__init__`."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:
        base = name.split(".") if is_package else name.split(".")[:-1]
        base = base[: len(base) - (node.level - 1)]
        target = ".".join([*base, *([node.module] if node.module else [])])
    else:
        target = node.module or ""
    return [target, *(f"{target}.{alias.name}" for alias in node.names)]


def import_graph(package: Path) -> Graph:
    """Who imports whom inside the package (an import of the importer itself is left out)."""
    found = modules(package)
    graph: Graph = {name: set() for name in found}
    for name, path in found.items():
        tree = ast.parse(path.read_bytes(), filename=str(path))
        for node in _runtime_imports(tree):
            for target in _targets(name, path.name == "__init__.py", node):
                if target in found and target != name and not name.startswith(target + "."):
                    graph[name].add(target)
    return graph


def cycles(graph: Graph) -> list[tuple[list[str], list[str]]]:
    """(a cycle as a path, `[a, b, a]`; every module tied to it) per strongly connected
    component of more than one module: the path starts and ends at its first module."""
    out = []
    for component in _components(graph):
        if len(component) > 1:
            members = sorted(component)
            out.append((_path_around(graph, members), members))
    return sorted(out)


def _components(graph: Graph) -> list[set[str]]:
    """Tarjan's strongly connected components, without recursion."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[set[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                found.append(component)
    return found


def _path_around(graph: Graph, component: list[str]) -> list[str]:
    """A shortest cycle through the component's first module (breadth-first inside it)."""
    start, inside = component[0], set(component)
    came_from: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for child in sorted(graph[node] & inside):
                if child == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(came_from[path[-1]])
                    return [*reversed(path), start]
                if child not in came_from:
                    came_from[child] = node
                    following.append(child)
        frontier = following
    return [*component, component[0]]  # not reached: a component's modules reach each other


def read_layers(doc: Path) -> Layers:
    """The rows of the table under `## Layers` in the architecture doc."""
    layers: Layers = {}
    inside = False
    for line in doc.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            inside = line.strip() == "## Layers"
            continue
        if not inside or not line.startswith("| `"):
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        name = cells[0].strip("`")
        layers[name] = set(re.findall(r"`([^`]+)`", cells[-1])) - {name}
    return layers


def layer_of(module: str) -> str:
    """`pkg.read.parse` -> `read`; `pkg.api` -> `api`; the package itself -> `__init__`."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def layer_problems(graph: Graph, layers: Layers) -> list[str]:
    found = []
    for name in sorted({layer_of(m) for m in graph} - set(layers)):
        found.append(f"no row for `{name}` in the table of layers: give it one, or move it")
    for unknown in sorted({t for allowed in layers.values() for t in allowed} - set(layers)):
        found.append(f"the table of layers names `{unknown}`, which has no row")
    for module in sorted(graph):
        here = layer_of(module)
        for target in sorted(graph[module]):
            there = layer_of(target)
            if here in layers and there != here and there not in layers[here]:
                found.append(f"{module} imports {target}: `{here}` may not import `{there}`")
    return found


def problems(graph: Graph, layers: Layers | None = None) -> list[str]:
    """Every breach of the house's rules, one line each."""
    found = []
    for path, members in cycles(graph):
        also = sorted(set(members) - set(path))
        tied = f" (tied to it as well: {', '.join(also)})" if also else ""
        found.append(f"import cycle: {' -> '.join(path)}{tied}")
    if layers is not None:
        found += layer_problems(graph, layers)
    return found


def main(argv: list[str]) -> int:
    if len(argv) > 1:
        print("usage: python tools/layers.py [PACKAGE_DIR]", file=sys.stderr)
        return 2
    package = Path(argv[0]) if argv else Path(__file__).resolve().parent.parent / "vaultkit"
    if not (package / "__init__.py").is_file():
        print(f"layers: {package} is not a package folder (no __init__.py)", file=sys.stderr)
        return 2
    graph = import_graph(package)
    doc = package.parent / "docs" / "architecture.md"
    layers = read_layers(doc) if doc.is_file() else None
    if layers == {}:
        print(f"layers: {doc} has no table under `## Layers`", file=sys.stderr)
        return 2
    found = problems(graph, layers)
    for line in found:
        print(f"layers: {line}")
    edges = sum(len(targets) for targets in graph.values())
    checked = f"{len(layers)} layers" if layers else "no table of layers"
    print(f"layers: {len(graph)} modules, {edges} imports, {checked}, {len(found)} problems")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
