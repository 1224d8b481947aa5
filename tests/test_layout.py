"""The layout follows the data's path: no module imports against it (read from the source, not run)."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "projectradar"

CORE = ("sources", "pages", "mentions", "regions", "events", "projects", "records", "tables", "text",
        "resolve", "errors", "units")
FACES = ("cli", "api", "web", "app", "http")
RUNNERS = ("store", "runner", "pipeline", "batch")


def _each(sources, targets, why):
    return [(f"projectradar.{s}", f"projectradar.{t}", why) for s in sources for t in targets]


# (importing modules, imported modules, why): a module under the first prefix must not import one
# under the second. A prefix "projectradar.x" covers the module x and everything below it; a
# prefix ending in "=" covers that module alone.
FORBIDDEN = [
    ("projectradar.events", "projectradar.mentions", "events read the annotated document; they find no mention"),
    ("projectradar.events", "projectradar.regions.finder", "events read resolved places; they find none"),
    ("projectradar.events", "projectradar.regions.context", "places come resolved in their story"),
    ("projectradar.events", "projectradar.regions=", "the package re-exports the finder: import regions.table"),
    ("projectradar.projects", "projectradar.mentions", "projects read the annotated document; they find no mention"),
    ("projectradar.projects", "projectradar.regions.finder", "projects read resolved places; they find none"),
    ("projectradar.projects", "projectradar.regions.context", "places come resolved in their story"),
    ("projectradar.projects", "projectradar.regions=", "the package re-exports the finder: import regions.table"),
    ("projectradar.mentions", "projectradar.events", "mentions come before events"),
    ("projectradar.mentions", "projectradar.projects", "mentions come before projects"),
    ("projectradar.regions", "projectradar.events", "regions come before events"),
    *_each(["store"], ["sources", "batch", "pipeline", "runner"], "the store takes results: it reads no files, runs no pool"),
    *_each(["store"], FACES, "the store knows no screen"),
    *_each(["api"], ["web", "app"], "api and web never import each other; projectradar.app mounts both"),
    *_each(["web"], ["api", "app"], "api and web never import each other; projectradar.app mounts both"),
    *_each(FACES + ("store",), ["mentions"], "faces read money with projectradar.formatting, not the mention parsers"),
    *_each(CORE, RUNNERS + FACES, "the core knows no database, no pool and no screen"),
    *_each(["batch"], FACES, "the Spark job calls the library, not a face"),
    *_each(["store"], ["notify", "briefing", "netguard"],
           "the store keeps watches and their delivery log; sending webhooks and writing briefings is done above it"),
    *_each(CORE, ["notify", "briefing"], "the core knows no watch and no briefing"),
    *_each(["netguard"], [c for c in CORE if c != "errors"] + list(FACES + RUNNERS) + ["notify", "briefing"],
           "the address guard stands alone: fetching and webhooks both use it"),
    *_each(["notify", "briefing"], FACES, "webhooks and briefings serve every face, so they import none"),
]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported(source: str, module: str, is_package: bool) -> set[str]:
    """Every module the source imports (anywhere in it), as absolute names. For
    ``from a import b`` both ``a`` and ``a.b`` are listed, since b may be a module."""
    package = module if is_package else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names)
    return found


def covers(prefix: str, name: str) -> bool:
    if prefix.endswith("="):
        return name == prefix[:-1]
    return name == prefix or name.startswith(prefix + ".")


def violations(module: str, targets: set[str]) -> list[str]:
    out = []
    for source, target, why in FORBIDDEN:
        if covers(source, module):
            out += [f"{module} imports {name}: {why}" for name in sorted(targets) if covers(target, name)]
    return out


def modules() -> list[tuple[str, set[str]]]:
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        name = module_name(path)
        out.append((name, imported(path.read_text(encoding="utf-8"), name, path.name == "__init__.py")))
    return out


def test_no_module_imports_against_the_path() -> None:
    found = [v for name, targets in modules() for v in violations(name, targets)]
    assert found == []


def test_the_walk_sees_every_stage() -> None:
    names = {name for name, _ in modules()}
    assert {"projectradar.events.assemble", "projectradar.mentions.annotate", "projectradar.regions.table",
            "projectradar.store", "projectradar.pipeline", "projectradar.runner", "projectradar.app"} <= names


def test_the_walk_sees_the_arrows_that_are_allowed() -> None:
    # if these are missed the walk is blind and the rules prove nothing
    found = dict(modules())
    assert "projectradar.resolve" in {t.rsplit(".", 1)[0] for t in found["projectradar.store.ingest"]} | found["projectradar.store.ingest"]
    assert any(t.startswith("projectradar.api") for t in found["projectradar.app"])
    assert any(t.startswith("projectradar.web") for t in found["projectradar.app"])
    assert any(t.startswith("projectradar.pipeline") for t in found["projectradar.runner"])
    assert any(t.startswith("projectradar.netguard") for t in found["projectradar.notify"])
    assert any(t.startswith("projectradar.store") for name, targets in found.items()
               if name.startswith("projectradar.briefing") for t in targets)


@pytest.mark.parametrize("module, source, bad", [
    ("projectradar.events.places", "from ..regions.finder import find_places", True),
    ("projectradar.events.places", "from ..regions import find_places", True),
    ("projectradar.events.places", "from ..regions.table import lookup", False),
    ("projectradar.events.document", "from ..mentions import counts", True),
    ("projectradar.projects.find", "from ..mentions.money import find_money", True),
    ("projectradar.projects.find", "from ..store import Store", True),
    ("projectradar.projects.find", "from ..regions.table import is_within", False),
    ("projectradar.events.document", "def f():\n    from projectradar.mentions.money import find_money\n", True),
    ("projectradar.mentions.money", "from projectradar.events.rules import cue_patterns", True),
    ("projectradar.pages", "import projectradar.store.core", True),
    ("projectradar.records", "from .store import Store", True),
    ("projectradar.store.core", "from projectradar.events import extract_events", False),
    ("projectradar.store.core", "from ..runner import extract_inputs", True),
    ("projectradar.store.core", "from ..sources import iter_inputs", True),
    ("projectradar.web.pages", "from ..api.routers import events", True),
    ("projectradar.api.routers.events", "from ...web import pages", True),
    ("projectradar.cli.store_cmd", "from ..mentions.money import parse_amount", True),
    ("projectradar.batch.spark", "from ..runner import extract_raw_safely", False),
])
def test_a_forbidden_import_is_caught(module: str, source: str, bad: bool) -> None:
    is_package = module.count(".") == 1 and module.split(".")[1] in ("store", "regions", "mentions", "events")
    assert bool(violations(module, imported(source, module, is_package))) is bad


def _string_constants(source: str) -> list[str]:
    """The string constants of a module's code, docstrings left out (their examples may name any table)."""
    tree = ast.parse(source)
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    return [node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]


def test_every_rule_table_has_one_reader() -> None:
    readers: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for value in _string_constants(path.read_text(encoding="utf-8")):
            if value.endswith(".tsv"):
                readers.setdefault(value, set()).add(module_name(path))
    tables = sorted(p.name for p in (PACKAGE / "data").glob("*.tsv"))
    assert [t for t in tables if t not in readers] == [], "a table nothing reads"
    assert {t: sorted(m) for t, m in readers.items() if t in tables and len(m) > 1} == {}, "a table read in two places"


# Optional or slow third-party modules a function may import when first used, so that
# `import projectradar` and `projectradar --help` stay quick and a missing extra fails late.
LAZY_THIRD_PARTY = frozenset({
    "pyspark", "weasyprint", "rich", "httpx", "trafilatura", "opencc", "jieba", "warcio", "datasketch", "pyarrow",
    "openpyxl", "psycopg", "lunardate", "feedparser", "uvicorn", "charset_normalizer",
})


def _is_lazy_third_party(node: ast.Import | ast.ImportFrom) -> bool:
    if isinstance(node, ast.ImportFrom):
        return node.level == 0 and (node.module or "").split(".")[0] in LAZY_THIRD_PARTY
    return all(alias.name.split(".")[0] in LAZY_THIRD_PARTY for alias in node.names)


def imports_inside_functions_without_reason(source: str) -> list[int]:
    """The lines of imports inside a function that are neither of a slow third-party module nor
    carry a comment saying why: on the import's own line, or right above its run of imports."""
    tree = ast.parse(source)
    lines = source.splitlines()
    statements = [node for node in ast.walk(tree) if isinstance(node, (ast.Import, ast.ImportFrom))]
    import_lines = {n for node in statements for n in range(node.lineno, node.end_lineno + 1)}
    inside = {node for fn in ast.walk(tree) if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef))
              for node in ast.walk(fn) if isinstance(node, (ast.Import, ast.ImportFrom))}
    found = []
    for node in inside:
        if _is_lazy_third_party(node) or any("#" in lines[n - 1] for n in range(node.lineno, node.end_lineno + 1)):
            continue
        above = node.lineno - 1
        while above in import_lines:
            above -= 1
        if not (above >= 1 and lines[above - 1].strip().startswith("#")):
            found.append(node.lineno)
    return sorted(found)


def test_an_import_inside_a_function_is_a_slow_extra_or_says_why() -> None:
    found = [f"{path.relative_to(PACKAGE.parent)}:{line}" for path in sorted(PACKAGE.rglob("*.py"))
             for line in imports_inside_functions_without_reason(path.read_text(encoding="utf-8"))]
    assert found == []


@pytest.mark.parametrize("source, bad", [
    ("def f():\n    import gzip\n", True),
    ("def f():\n    from ..records import Event\n", True),
    ("def f():\n    def g():\n        from projectradar.text import normalize\n", True),
    ("def f():\n    import httpx\n", False),
    ("def f():\n    from warcio.archiveiterator import ArchiveIterator\n", False),
    ("def f():\n    from ..store import Store  # lazy: SQLAlchemy is slow to import\n", False),
    ("def f():\n    # lazy: the events stage is slow to import\n    from .events import a\n    from .projects import b\n",
     False),
    ("import gzip\n\n\ndef f():\n    return gzip\n", False),
])
def test_an_unexplained_import_inside_a_function_is_caught(source: str, bad: bool) -> None:
    assert bool(imports_inside_functions_without_reason(source)) is bad


# ------------------------------------------------------------------ words live in the tables
# The stages that read text keep the words of how stories are told in the rule tables
# (projectradar/data/*.tsv), where a domain expert reads and extends them. What such a module
# may still write in Chinese, each for a reason that is no rule of storytelling:
READING_STAGES = ("sources", "pages", "mentions", "regions", "events", "projects", "resolve", "text", "units",
                  "records", "tables")
WORDS_KEPT_IN_CODE = {
    "projectradar.events.assemble": ({"家"}, "the unit a count of companies visited is stated in: an output label"),
    "projectradar.events.finish": ({"市"}, "a division's own suffix (a district-level …市 is a county-level city)"),
    "projectradar.regions.finder": ({"市"}, "a division's own suffix (a district-level …市 is a county-level city)"),
    "projectradar.events.tables": (None, "a line's bullet or section number: numerals and marks"),
    "projectradar.mentions.counts": ({"项目", "个", "一"}, "the noun a count is recorded with, and the numeral one"),
    "projectradar.records": ({"项目"}, "the noun a count is recorded with"),
    "projectradar.regions.table": ({"中国"}, "the name of the nation's record"),
    "projectradar.mentions.people": ({"一", "鿿"}, "the bounds of the CJK block"),
    "projectradar.tables": ({"一", "鿿"}, "the bounds of the CJK block"),
    "projectradar.resolve.documents": (None, "numerals, dropped from titles before they are compared"),
    "projectradar.text": (None, "characters only traditional script has (whether to run opencc at all), and "
                                "年/月 as the separators of a year-first date of digits"),
}
_HAN = re.compile(r"[\u4e00-\u9fff]")


def chinese_literals(source: str) -> list[str]:
    """The string constants of a module's code that hold a Chinese character (docstrings left out)."""
    return [value for value in _string_constants(source) if _HAN.search(value)]


def test_the_reading_stages_keep_their_words_in_the_tables() -> None:
    found: dict[str, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        name = module_name(path)
        if any(covers(f"projectradar.{stage}", name) for stage in READING_STAGES):
            literals = chinese_literals(path.read_text(encoding="utf-8"))
            if literals:
                found[name] = literals
    unexplained = {name: literals for name, literals in found.items() if name not in WORDS_KEPT_IN_CODE}
    assert unexplained == {}, "words of a rule belong in projectradar/data/*.tsv"
    grown = {name: sorted(set(literals) - allowed) for name, literals in found.items()
             if name in WORDS_KEPT_IN_CODE and (allowed := WORDS_KEPT_IN_CODE[name][0]) is not None
             and set(literals) - allowed}
    assert grown == {}, "a module kept for one word holds others"
    assert not set(WORDS_KEPT_IN_CODE) - set(found), "an exception no module needs any more"


def test_the_census_sees_words_in_code() -> None:
    source = '"""文档里的词不算"""\nWORDS = ("签约", "开工")\nPATTERN = r"\\d+个"\n'
    assert sorted(chinese_literals(source)) == sorted(["签约", "开工", "\\d+个"])
    assert chinese_literals('x = "abc"\n') == []


def test_every_rule_table_is_in_the_architecture_index() -> None:
    index = (PACKAGE.parent / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    tables = sorted(p.name for p in (PACKAGE / "data").glob("*.tsv"))
    assert [t for t in tables if f"| `{t}` |" not in index] == [], "add the table to docs/ARCHITECTURE.md, Rule tables"
