"""The stack of DESIGN.md, read from the code: core ← territories ← projects ← governance ← fabrique.

Every import of every module of the project is read (ast); an import of a project package that stands
above the importing one fails the test, naming the file, the line and the arrow.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Lowest first: a package may import itself and what stands below it, never what stands above.
STACK = ["core", "territories", "projects", "governance", "fabrique"]


def modules():
    for package in STACK:
        for path in sorted((ROOT / package).rglob("*.py")):
            yield package, path


def imported_packages(path):
    """(line, top-level project package) for each absolute import in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        for name in names:
            top = name.split(".")[0]
            if top in STACK:
                yield node.lineno, top


def upward_imports():
    found = []
    for package, path in modules():
        level = STACK.index(package)
        for line, imported in imported_packages(path):
            if STACK.index(imported) > level:
                found.append(f"{path.relative_to(ROOT)}:{line}: {package} imports {imported}, which stands above it")
    return found


def test_no_import_points_up_the_stack():
    assert upward_imports() == []


def test_the_test_reads_every_package():
    for package in STACK:
        assert any(path.parent == ROOT / package for _, path in modules() if _ == package), package


@pytest.mark.parametrize(
    "package, source, expected",
    [
        ("core", "from territories.models import Need\n", True),
        ("territories", "import governance.models\n", True),
        ("territories", "from core.access import policy\n", False),
        ("fabrique", "from territories.models import Need\n", False),
    ],
)
def test_the_reader_sees_an_upward_arrow(tmp_path, package, source, expected):
    path = tmp_path / "module.py"
    path.write_text(source, encoding="utf-8")
    level = STACK.index(package)
    upward = [imported for _, imported in imported_packages(path) if STACK.index(imported) > level]
    assert bool(upward) is expected
