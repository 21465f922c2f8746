"""Imports between the portal's packages point one way (docs/architecture.md): the kernel imports no app,
no app imports the project package, and no two packages import each other, read from every module's
source (its `import` statements, at the top or inside a function)."""

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
KERNEL, PROJECT = "kernel", "lcoo_portal"
APPS = ("members", "meetings", "governance", "notifications")
PACKAGES = (KERNEL, *APPS, PROJECT)

Imports = dict[tuple[str, str], list[str]]  # (importer, imported) → the importing files


def imported_modules(source: str) -> set[str]:
    """The absolute module names a module's source imports (relative imports stay in their package)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def package_imports(*, with_tests: bool) -> Imports:
    """Every import from one of PACKAGES into another, with the files that make it."""
    edges: Imports = defaultdict(list)
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if not with_tests and "tests" in relative.parts:
                continue
            for module in imported_modules(path.read_text()):
                target = module.split(".")[0]
                if target in PACKAGES and target != package:
                    edges[(package, target)].append(str(relative))
    return edges


def circles(edges: Imports) -> list[list[str]]:
    """Every circle of packages (each found once, from its smallest name)."""
    graph: dict[str, set[str]] = defaultdict(set)
    for importer, imported in edges:
        graph[importer].add(imported)
    found: list[list[str]] = []

    def walk(start: str, node: str, path: list[str]) -> None:
        for nxt in sorted(graph[node]):
            if nxt == start:
                found.append([*path, start])
            elif nxt > start and nxt not in path:
                walk(start, nxt, [*path, nxt])

    for start in sorted(graph):
        walk(start, start, [start])
    return found


def test_no_circle_between_packages():
    # tests stand on top of their app (an app's test may read another app's rows to see an effect)
    assert circles(package_imports(with_tests=False)) == []


def test_the_kernel_imports_no_app_and_not_the_project():
    edges = package_imports(with_tests=True)
    wrong = {imported: files for (importer, imported), files in edges.items() if importer == KERNEL}
    assert wrong == {}


def test_no_app_imports_the_project_package():
    edges = package_imports(with_tests=True)
    wrong = {importer: files for (importer, imported), files in edges.items() if imported == PROJECT}
    assert wrong == {}


def test_the_circle_finder_sees_a_circle():
    edges = {("members", "meetings"): ["a"], ("meetings", "governance"): ["b"], ("governance", "members"): ["c"]}
    assert circles(edges) == [["governance", "members", "meetings", "governance"]]
    assert circles({("meetings", "members"): ["a"]}) == []


def test_imports_inside_functions_count():
    source = "import os\ndef f():\n    from lcoo_portal.celery import app\n    import members.models\n"
    assert imported_modules(source) == {"os", "lcoo_portal.celery", "members.models"}
