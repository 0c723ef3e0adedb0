"""The layers of DESIGN.md, enforced: dependencies point down only.

    ui, commands  ->  reports, backup  ->  core  ->  db

- only ui/ imports Qt;
- a layer imports its own modules and those of the layers below it, never those above or beside
  it (reports and backup do not import each other; the ``gui`` command may start ui.app);
- the tables (db.models, db.bulk) are core's: every layer above reaches records through core;
  above core only the data file as a whole is opened, checked, copied or locked
  (db.connection, db.location, db.schema, db.lock, db.integrity);
- the base modules (errors, error_log, file_modes, portable, resources_path, the package itself) import
  nothing of the layers;
- no import cycles inside a layer, not even ones hidden in functions.

Imports inside functions count like the others.
"""

import ast
from collections import defaultdict
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "dangjian_desktop"
ROOT = "dangjian_desktop"
BASE = {"errors", "error_log", "file_modes", "portable", "resources_path", "resources", ""}
DATA_FILE = {f"{ROOT}.db.connection", f"{ROOT}.db.location", f"{ROOT}.db.schema", f"{ROOT}.db.lock", f"{ROOT}.db.integrity",
             f"{ROOT}.db.private_files", f"{ROOT}.db"}
ALLOWED = {    # db: above core, only the data-file modules (DATA_FILE)
    "ui": {"ui", "reports", "backup", "core", "db"},
    "commands": {"commands", "reports", "backup", "core", "db"},
    "cli": {"commands"},
    "__main__": {"cli"},
    "reports": {"reports", "core"},
    "backup": {"backup", "core", "db"},
    "core": {"core", "db"},
    "db": {"db"},
}
EXCEPTIONS = {("commands", f"{ROOT}.ui.app")}   # the ``gui`` command starts the window


def module_name(path: Path) -> str:
    relative = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def layer_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def imports_of(path: Path) -> set[str]:
    """Every dangjian_desktop module imported anywhere in the file (functions included)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == ROOT)
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == ROOT:
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                is_module = (PACKAGE.parent / Path(*candidate.split("."))).with_suffix(".py").exists() or (
                    PACKAGE.parent / Path(*candidate.split("."))).is_dir()
                found.add(candidate if is_module else node.module)
    return found


def qt_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.split(".")[0] in ("PySide6", "qtawesome", "shiboken6")]
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module.split(".")[0] in ("PySide6", "qtawesome", "shiboken6"):
                found.append(node.module)
    return found


def graph() -> dict[str, set[str]]:
    return {module_name(p): imports_of(p) for p in PACKAGE.rglob("*.py")}


def layer_offences(edges: dict[str, set[str]]) -> list[str]:
    offences = []
    for source, targets in sorted(edges.items()):
        layer = layer_of(source)
        for target in sorted(targets):
            to = layer_of(target)
            if to in BASE or (layer, target) in EXCEPTIONS:
                continue
            if layer in BASE:
                offences.append(f"{source} -> {target} (a base module imports a layer)")
            elif to not in ALLOWED[layer]:
                offences.append(f"{source} -> {target} ({layer} may not import {to})")
            elif to == "db" and layer != "db" and layer != "core" and target not in DATA_FILE:
                offences.append(f"{source} -> {target} (the tables are core's)")
    return offences


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Import cycles among the package's modules (Tarjan's strongly connected components)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in edges.get(v, ()):
            if w not in edges:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for vertex in sorted(edges):
        if vertex not in index:
            visit(vertex)
    return found


def test_only_ui_imports_pyside6():
    offenders = {}
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] == "ui":
            continue
        imports = qt_imports(path)
        if imports:
            offenders[str(relative)] = imports
    assert offenders == {}


def test_dependencies_point_down_only():
    assert layer_offences(graph()) == []


def test_no_import_cycles_not_even_inside_functions():
    edges = graph()
    by_layer = defaultdict(dict)
    for module, targets in edges.items():
        by_layer[layer_of(module)][module] = {t for t in targets if layer_of(t) == layer_of(module)}
    assert {layer: cycles(layer_edges) for layer, layer_edges in by_layer.items() if cycles(layer_edges)} == {}


def test_the_checks_themselves_find_what_they_look_for(tmp_path):
    sample = tmp_path / "x.py"
    sample.write_text("def f():\n    from PySide6.QtCore import Qt\n", encoding="utf-8")
    assert qt_imports(sample) == ["PySide6.QtCore"]
    edges = {
        f"{ROOT}.reports.roster": {f"{ROOT}.db.models", f"{ROOT}.core.members"},
        f"{ROOT}.core.members": {f"{ROOT}.ui.app"},
        f"{ROOT}.backup.create": {f"{ROOT}.reports.catalog"},
        f"{ROOT}.ui.app": {f"{ROOT}.db.connection"},
    }
    assert layer_offences(edges) == [
        f"{ROOT}.backup.create -> {ROOT}.reports.catalog (backup may not import reports)",
        f"{ROOT}.core.members -> {ROOT}.ui.app (core may not import ui)",
        f"{ROOT}.reports.roster -> {ROOT}.db.models (reports may not import db)",
    ]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    function_level = tmp_path / "y.py"
    function_level.write_text("def f():\n    from dangjian_desktop.core import minutes\n", encoding="utf-8")
    assert imports_of(function_level) == {f"{ROOT}.core.minutes"}
