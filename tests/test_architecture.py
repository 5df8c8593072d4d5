"""The shape of the package, checked: the store is the only schema boundary, the judging core does
no I/O, nothing in config or extraction reaches for the pipeline or the store, and functions stay short."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "monitor"
STORE = PACKAGE / "store.py"
TABLES = ("meta", "articles", "claims", "statements", "votes", "stances", "consensus", "alerts", "shingle_sets",
          "shingles", "rejected", "seen_files", "seen_entries", "sqlite_master")
# The project writes SQL keywords in capitals, as the store does; prose never does.
SQL = re.compile(
    r"\bSELECT\b.+\bFROM\b|\bINSERT\s+(?:OR\s+\w+\s+)?INTO\b|\bUPDATE\s+\w+\s+SET\b|\bDELETE\s+FROM\b"
    r"|\bCREATE\s+(?:TABLE|INDEX)\b|\bDROP\s+(?:TABLE|INDEX)\b|\bPRAGMA\s+\w+|\b(?:FROM|JOIN|INTO|UPDATE)\s+(?:"
    + "|".join(TABLES) + r")\b",
    re.S,
)


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _code_strings(tree: ast.AST) -> list[str]:
    """String literals that are not docstrings (f-strings by their constant parts)."""
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            out.append(node.value)
    return out


def test_only_the_store_holds_sql_or_table_names():
    found = []
    for path in _modules():
        if path == STORE:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for text in _code_strings(tree):
            if SQL.search(text):
                found.append(f"{path.relative_to(PACKAGE.parent)}: {text[:80]!r}")
        source = path.read_text(encoding="utf-8")
        if re.search(r"^\s*(?:import|from)\s+(?:sqlite3|sqlite_utils)\b", source, re.M):
            found.append(f"{path.relative_to(PACKAGE.parent)} imports SQLite")
        if re.search(r"\.db\.(?:execute|query|conn)\b", source):
            found.append(f"{path.relative_to(PACKAGE.parent)} reaches into the store's connection")
    assert not found, "SQL outside monitor/store.py:\n" + "\n".join(found)


def test_the_sql_check_finds_sql():
    # The check above proves something only if its pattern matches the SQL the store really holds.
    strings = _code_strings(ast.parse(STORE.read_text(encoding="utf-8")))
    assert sum(bool(SQL.search(s)) for s in strings) >= 30
    assert not SQL.search("the claims behind a metric, from articles seen so far; select one from the list")
    assert SQL.search("SELECT 1 FROM seen_entries WHERE source=?") and SQL.search("UPDATE claims SET verdict = ?")


# --- the import graph -----------------------------------------------------------------------------


def _imports(path: Path) -> set[str]:
    """Every module ``path`` imports, at the top or inside a function, as absolute names."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = _name(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            out.add(mod)
            out.update(f"{mod}.{a.name}" for a in node.names)  # `from . import consensus` names a module
    return out


def _graph() -> dict[str, set[str]]:
    modules = {_name(p): p for p in _modules()}
    return {name: {m for m in _imports(p)} for name, p in modules.items()}


def _reach(start: str, graph: dict[str, set[str]]) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        mod = todo.pop()
        for dep in graph.get(mod, ()):
            if dep not in seen:
                seen.add(dep)
                if dep in graph:
                    todo.append(dep)
    return seen


PURE = ["monitor.extract", "monitor.link", "monitor.consensus", "monitor.judge", "monitor.stances", "monitor.alerts",
        "monitor.syndication", "monitor.lineages", "monitor.records", "monitor.shingle_index"]
# What does I/O: the database, files and folders, the network, processes, threads of delivery.
IO_PROJECT = ["monitor.store", "monitor.pipeline", "monitor.prefetch", "monitor.prefetch_helper", "monitor.daemon",
              "monitor.sources", "monitor.sinks", "monitor.documents", "monitor.cli", "monitor.cli_notify",
              "monitor.queries", "monitor.report", "monitor.render", "monitor.demo", "monitor.language"]
IO_THIRD_PARTY = ["sqlite3", "sqlite_utils", "httpx", "watchdog", "apprise", "feedparser", "trafilatura", "socket",
                  "subprocess", "multiprocessing", "apscheduler", "prometheus_client", "tempfile", "shutil", "rich"]


def _io(names: set[str]) -> list[str]:
    bad = [n for n in names if any(n == m or n.startswith(m + ".") for m in IO_PROJECT + IO_THIRD_PARTY)]
    return sorted(bad)


@pytest.mark.parametrize("start", PURE)
def test_the_judging_core_imports_nothing_that_does_io(start):
    graph = _graph()
    starts = [m for m in graph if m == start or m.startswith(start + ".")]
    assert starts, f"no module {start}"
    for mod in starts:
        # monitor.config is the config's models (its loader reads a file only when called).
        assert not _io(_reach(mod, graph)), f"{mod} reaches {_io(_reach(mod, graph))}"


@pytest.mark.parametrize("start", ["monitor.config", "monitor.extract"])
def test_config_and_extraction_never_import_the_pipeline_or_the_store(start):
    graph = _graph()
    for mod in (m for m in graph if m == start or m.startswith(start + ".")):
        reached = _reach(mod, graph)
        assert not {"monitor.pipeline", "monitor.store", "monitor.prefetch"} & reached, (mod, reached)


def test_the_import_graph_sees_what_modules_import():
    graph = _graph()
    assert "monitor.store" in _reach("monitor.pipeline", graph)
    assert "sqlite3" in _reach("monitor.pipeline", graph)
    assert "monitor.consensus" in _reach("monitor.judge", graph)


# --- function length --------------------------------------------------------------------------------

MAX_LINES = 80
LONG_BECAUSE = {
    # Each is one decision table read top to bottom; split, its cases would lose the order they are tried in.
    "monitor/extract/claims.py:governing_speaker": "the speaker rules in the order they are tried",
    "monitor/extract/number_lexer.py:_cardinal": "one pass over a number's words, each case a branch",
    "monitor/extract/numbers.py:_classify": "the kinds of a number mention in the order they are tried",
}


def test_no_function_is_longer_than_a_screen_unless_it_says_why():
    long = []
    for path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = node.end_lineno - node.lineno + 1
                key = f"{path.relative_to(PACKAGE.parent)}:{node.name}"
                if lines > MAX_LINES and key not in LONG_BECAUSE:
                    long.append(f"{key} ({lines} lines)")
    assert not long, "over 80 lines: " + ", ".join(long)


def test_process_fits_on_one_screen():
    tree = ast.parse((PACKAGE / "pipeline.py").read_text(encoding="utf-8"))
    fns = {n.name: n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
    for name in ("process", "_process"):
        assert fns[name].end_lineno - fns[name].lineno + 1 <= 50, name
