"""Only dangjian_desktop/ui/ may import Qt (DESIGN.md layers)."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "dangjian_desktop"


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


def test_the_check_itself_finds_qt_imports(tmp_path):
    sample = tmp_path / "x.py"
    sample.write_text("def f():\n    from PySide6.QtCore import Qt\n", encoding="utf-8")
    assert qt_imports(sample) == ["PySide6.QtCore"]
