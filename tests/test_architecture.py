"""The house holds: no import cycle between the project's modules, no app importing one above it
(config/house.py gives the order), and no module grown past a few hundred lines.

Imports are read with `ast`, so imports inside functions count as much as those at the top.
"""

import ast
from pathlib import Path

from config.house import APPS_BOTTOM_UP

ROOT = Path(__file__).resolve().parent.parent
OUTSIDE = {"tests", "node_modules", "static", "templates", "scripts"}
MAX_LINES = 400
# Starter content and demo stories: data written as Python, long by nature.
DATA_FILES = {
    "commissioning/starter_rubric.py",
    "training/starter_modules.py",
    "bids/demo_bids.py",
    "scoring/demo_scores.py",
}


def _modules() -> dict[str, Path]:
    found = {}
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT)
        if rel.parts[0].startswith(".") or rel.parts[0] in OUTSIDE or len(rel.parts) == 1:
            continue
        parts = list(rel.with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _imported(module: str, path: Path) -> set[str]:
    """Every dotted name `module` imports, at any depth, with `from x import y` giving x and x.y."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module
            names.add(source)
            names.update(f"{source}.{alias.name}" for alias in node.names)
    return names


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {
        name: {target for target in _imported(name, path) if target in modules and target != name}
        for name, path in modules.items()
    }


def _app(module: str) -> str:
    return module.split(".")[0]


def test_the_house_lists_every_app_once():
    assert len(APPS_BOTTOM_UP) == len(set(APPS_BOTTOM_UP))
    apps = {_app(m) for m in _modules()} - {"config"}
    assert apps <= set(APPS_BOTTOM_UP), (
        f"Add these apps to config/house.py: {apps - set(APPS_BOTTOM_UP)}"
    )


def test_no_app_imports_one_above_it():
    rank = {app: i for i, app in enumerate(APPS_BOTTOM_UP)}
    upward = sorted(
        f"{source} imports {target}"
        for source, targets in _graph().items()
        for target in targets
        if _app(source) in rank and _app(target) in rank and rank[_app(target)] > rank[_app(source)]
    )
    assert not upward, "Arrows point down the house (config/house.py):\n" + "\n".join(upward)


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan's algorithm, iterative)."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_no_import_cycle_between_modules():
    cycles = _cycles(_graph())
    assert not cycles, "Modules that import each other in a circle:\n" + "\n".join(
        " <-> ".join(cycle) for cycle in cycles
    )


def test_the_cycle_finder_finds_a_cycle():
    graph = {"a.x": {"a.y"}, "a.y": {"b.z"}, "b.z": {"a.x"}, "b.w": {"a.x"}}
    assert _cycles(graph) == [["a.x", "a.y", "b.z"]]


def test_no_module_is_over_400_lines():
    long = sorted(
        f"{path.relative_to(ROOT)}: {lines} lines"
        for path in _modules().values()
        if "migrations" not in path.parts
        and str(path.relative_to(ROOT)) not in DATA_FILES
        and (lines := len(path.read_text().splitlines())) > MAX_LINES
    )
    assert not long, "Split these by meaning (docs/architecture.md):\n" + "\n".join(long)
