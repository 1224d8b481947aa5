"""The layout follows the data's path: no import points back up it (read from every module's AST)."""
from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "projectradar"

FACES = {"cli", "api", "web", "app", "http"}
CORE = {"sources", "pages", "mentions", "regions", "events", "projects", "records", "tables", "text", "resolve",
        "errors"}

# (parts of projectradar, parts they may never import, why). A part is what follows
# "projectradar.": a subpackage (store, api) or a module (runner, app).
STORE_AND_FACES_RULES = [
    ({"store"}, {"sources", "batch", "pipeline", "runner"}, "the store takes results: it reads no files, runs no pool"),
    ({"store"}, FACES, "the store knows no screen"),
    ({"api"}, {"web", "app"}, "api and web never import each other; projectradar.app mounts both"),
    ({"web"}, {"api", "app"}, "api and web never import each other; projectradar.app mounts both"),
    (FACES | {"store"}, {"mentions"}, "faces read money with projectradar.formatting, not the mention parsers"),
    (CORE, {"store", "runner", "pipeline", "batch"} | FACES, "the core knows no database, no pool and no screen"),
    ({"batch"}, FACES, "the Spark job calls the library, not a face"),
    ({"store"}, {"notify", "briefing", "netguard"},
     "the store keeps watches and their delivery log; sending webhooks and writing briefings is done above it"),
    (CORE, {"notify", "briefing"}, "the core knows no watch and no briefing"),
    ({"netguard"}, (CORE - {"errors"}) | FACES | {"store", "runner", "pipeline", "batch", "notify", "briefing"},
     "the address guard stands alone: fetching and webhooks both use it"),
    ({"notify", "briefing"}, FACES, "webhooks and briefings serve every face, so they import none"),
]


def _part(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "projectradar" else ""


def _module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imported(path: Path) -> set[str]:
    """Every projectradar module a file imports (at the top, in functions, for type checking)."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)   # from . import api
    return {m for m in found if m.startswith("projectradar.")}


def arrows() -> dict[tuple[str, str], list[str]]:
    """(importing part, imported part) → the modules that draw that arrow."""
    out: dict[tuple[str, str], list[str]] = defaultdict(list)
    for path in sorted(PACKAGE.rglob("*.py")):
        source = _module_name(path)
        for target in _imported(path):
            a, b = _part(source), _part(target)
            if a and b and a != b:
                out[(a, b)].append(f"{source} -> {target}")
    return out


def test_the_import_walk_sees_the_arrows_that_are_allowed():
    drawn = arrows()
    # if these are missed the walk is blind and the rules below prove nothing
    assert ("store", "resolve") in drawn and ("app", "api") in drawn and ("app", "web") in drawn
    assert ("runner", "pipeline") in drawn and ("batch", "runner") in drawn
    assert ("notify", "netguard") in drawn and ("web", "briefing") in drawn and ("briefing", "store") in drawn


def test_store_and_faces_arrows():
    drawn = arrows()
    broken = [f"{via} ({why})" for parts, never, why in STORE_AND_FACES_RULES
              for (a, b), vias in sorted(drawn.items()) if a in parts and b in never for via in vias]
    assert not broken, "imports against the data's path:\n" + "\n".join(broken)
