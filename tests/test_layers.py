"""The layers hold: what each part of PeerDesk may import (see README, "Layout").

- nothing under domain/, db/, services/, reports/ imports Qt;
- domain/ imports no SQLAlchemy and nothing from db/ or services/;
- ui/ imports no ORM models (peerdesk.db.models or peerdesk.db.*_models);
- no import circles between PeerDesk's modules, counting imports inside functions (the
  usual way a circle is hidden).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "peerdesk"


def _module(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    package = _module(path).rsplit(".", 0 if path.name == "__init__.py" else 1)[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


MODULES = {_module(p): p for p in ROOT.rglob("*.py") if "migrations" not in p.parts}
IMPORTS = {name: _imports(path) for name, path in MODULES.items()}


def _in(layer: str) -> list[str]:
    return sorted(m for m in MODULES if m.startswith(f"peerdesk.{layer}."))


@pytest.mark.parametrize("layer", ["domain", "db", "services", "reports"])
def test_no_qt_below_the_window(layer: str) -> None:
    offenders = {m: sorted(i for i in IMPORTS[m] if i.split(".")[0] in {"PySide6", "shiboken6"})
                 for m in _in(layer)}
    assert {m: i for m, i in offenders.items() if i} == {}


def test_the_domain_knows_no_database_and_no_services() -> None:
    bad = {m: sorted(i for i in IMPORTS[m]
                     if i.split(".")[0] == "sqlalchemy"
                     or i.startswith(("peerdesk.db", "peerdesk.services", "peerdesk.ui")))
           for m in _in("domain")}
    assert {m: i for m, i in bad.items() if i} == {}


def test_the_window_never_imports_orm_models() -> None:
    def is_model(name: str) -> bool:
        parts = name.split(".")
        return (len(parts) >= 3 and parts[:2] == ["peerdesk", "db"]
                and (parts[2] == "models" or parts[2].endswith("_models")))

    bad = {m: sorted(i for i in IMPORTS[m] if is_model(i)) for m in _in("ui")}
    assert {m: i for m, i in bad.items() if i} == {}


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for module, names in IMPORTS.items():
        targets = set()
        for name in names:
            while name and name not in MODULES:
                name = name.rpartition(".")[0]
            if name and name != module and MODULES[name].name != "__init__.py":
                targets.add(name)
        graph[module] = targets
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def test_no_import_circles() -> None:
    assert _cycles(_graph()) == []
