"""The README runs as written: every shell and Python block, from a fresh clone's point of view,
and the output it shows is the output it gives.

How a block is checked is said by an HTML comment right before it (see docs/WRITING_README.md):

    <!-- check: output -->     run it; what it prints must be what the block shows
    <!-- check: runs -->       run it; it must succeed (what it prints is not compared)
    <!-- check: skip REASON --> not run, for the reason given (a server that runs until
                                Ctrl-C, the test suite itself, a cluster)

The blocks run in README order, in one temporary copy of the repository's tracked files
(so every relative path is a fresh clone's and nothing tracked changes), with the project's
.venv first on PATH (as after `source .venv/bin/activate`). Before comparing, both sides are
normalized for what must vary from run to run: durations and rates, the port a server
listens on (8000 in the README, a free one here), and `...` in the shown output stands for
any text (a line of `...` alone: any number of lines)."""
from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import typer.main

from projectradar.cli import app

ROOT = Path(__file__).resolve().parent.parent
README_PATH = ROOT / "README.md"
README = README_PATH.read_text(encoding="utf-8")
# the pages the README links for the details: their blocks are checked the same way, after the README's
LINKED = sorted((ROOT / "docs" / "readme").glob("*.md"))
VENV_BIN = Path(sys.executable).parent
RUNNABLE = {"console", "shell", "sh", "bash", "python", "pycon"}
SHOWN_PORT = 8000

_FENCE = re.compile(r"^```(\w*)\s*$")
_MARK = re.compile(r"^<!--\s*check:\s*(output|runs|skip)\b\s*(.*?)\s*-->\s*$")


@dataclass
class Block:
    line: int                 # where the fence opens in its file (1-based)
    lang: str
    text: str
    mode: str | None          # output | runs | skip | None (unmarked)
    reason: str = ""
    commands: list[tuple[str, list[str]]] = field(default_factory=list)
    file: str = "README.md"
    printed: list[str] | None = None   # a Python script's output, shown in the plain block after it

    @property
    def name(self) -> str:
        return f"{self.file}:{self.line} ({self.lang}, {self.mode})"


def readme_blocks(text: str = README, file: str = "README.md") -> list[Block]:
    lines = text.splitlines()
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        opened = _FENCE.match(lines[i])
        if not opened:
            i += 1
            continue
        start, lang = i, opened.group(1)
        i += 1
        body = []
        while i < len(lines) and not lines[i].startswith("```"):
            body.append(lines[i])
            i += 1
        i += 1
        if lang not in RUNNABLE:
            continue
        previous = next((lines[k] for k in range(start - 1, -1, -1) if lines[k].strip()), "")
        mark = _MARK.match(previous.strip())
        block = Block(start + 1, lang, "\n".join(body), mark.group(1) if mark else None,
                      mark.group(2) if mark else "", file=file)
        if lang in ("console", "shell", "sh", "bash"):
            block.commands = console_commands(body)
        elif ">>> " not in block.text:
            block.printed = _printed_after(lines, i)
        blocks.append(block)
    return blocks


def _printed_after(lines: list[str], i: int) -> list[str] | None:
    """The body of a plain fence (``` or ```text) that follows a script, with at most one short
    line of prose (``prints``) between them: what the script prints."""
    k = i
    while k < len(lines) and not lines[k].strip():
        k += 1
    if k < len(lines) and len(lines[k]) < 20 and not lines[k].startswith("```"):
        k += 1
        while k < len(lines) and not lines[k].strip():
            k += 1
    if k >= len(lines) or lines[k].strip() not in ("```", "```text"):
        return None
    end = k + 1
    while end < len(lines) and not lines[end].startswith("```"):
        end += 1
    return lines[k + 1:end]


def console_commands(body: list[str]) -> list[tuple[str, list[str]]]:
    """``$ command`` lines (a trailing backslash continues one) and the output shown after each."""
    out: list[tuple[str, list[str]]] = []
    k = 0
    while k < len(body):
        line = body[k]
        if not line.startswith("$ "):
            if out:
                out[-1][1].append(line)
            k += 1
            continue
        command = line[2:]
        while command.endswith("\\") and k + 1 < len(body):
            k += 1
            command = command + "\n" + body[k]     # bash reads the backslash-newline as one line
        out.append((command, []))
        k += 1
    return out


# ------------------------------------------------------------------ normalizing
_VARYING = [
    (re.compile(r"\d+(?:\.\d+)?(?= ?(?:docs|stories|events|items|pages)?/s\b)"), "N"),   # rates
    (re.compile(r"\b\d+(?:\.\d+)?s\b"), "Ns"),                                        # 19.6s
    (re.compile(r"\bin \d+:\d\d\b"), "in M:SS"),                                      # in 0:01
    (re.compile(r'"elapsed_seconds": \d+(?:\.\d+)?'), '"elapsed_seconds": N'),
    (re.compile(r"[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]"), " "),                                             # spinner frames
]


def normalize(text: str) -> list[str]:
    lines = []
    for line in text.replace("\r", "\n").splitlines():
        for pattern, replacement in _VARYING:
            line = pattern.sub(replacement, line)
        lines.append(line.rstrip())
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _line_matches(shown: str, got: str) -> bool:
    if "..." not in shown:
        return shown == got
    pattern = ".*?".join(re.escape(part) for part in shown.split("..."))
    return re.fullmatch(pattern, got) is not None


def output_matches(shown: list[str], got: list[str]) -> bool:
    """Shown lines against what came, `...` as a wildcard (a `...` line: any number of lines)."""
    if not shown:
        return not got
    head = shown[0]
    if head.strip() == "...":
        return any(output_matches(shown[1:], got[k:]) for k in range(len(got) + 1))
    return bool(got) and _line_matches(head, got[0]) and output_matches(shown[1:], got[1:])


# ------------------------------------------------------------------ running
class Workspace:
    """A fresh clone: the tracked files copied into a temporary folder, .venv beside them."""

    def __init__(self, root: Path):
        self.root = root
        self.port = _free_port()
        self.env = {**os.environ, "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}",
                    "VIRTUAL_ENV": str(VENV_BIN.parent), "COLUMNS": "120", "NO_COLOR": "1",
                    "PYTHONDONTWRITEBYTECODE": "1",
                    "PYTHONUNBUFFERED": "1"}   # stdout and stderr interleave as on a terminal
        self.env.pop("PROJECTRADAR_DB", None)
        self.background: list[subprocess.Popen] = []
        self.last_status = 0   # what `$?` says in the next command: each runs in a shell of its own

    def command(self, text: str) -> str:
        text = text.replace("$?", str(self.last_status))
        return text.replace(f":{SHOWN_PORT}", f":{self.port}").replace(f"--port {SHOWN_PORT}", f"--port {self.port}")

    def run(self, text: str, timeout: float = 600) -> tuple[int, str]:
        command = self.command(text)
        if command.rstrip().endswith("&"):
            self.start(command.rstrip()[:-1])
            return 0, ""
        done = subprocess.run(["bash", "-c", command], cwd=self.root, env=self.env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
        shown = done.stdout.replace(f":{self.port}", f":{SHOWN_PORT}")
        self.last_status = done.returncode
        return done.returncode, shown

    def start(self, command: str) -> None:
        process = subprocess.Popen(["bash", "-c", command], cwd=self.root, env=self.env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        self.background.append(process)
        deadline = time.time() + 60
        while time.time() < deadline:   # a server: wait until it answers
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                assert process.poll() is None, f"{command!r} exited with {process.returncode}"
                time.sleep(0.2)
        raise AssertionError(f"{command!r} did not start listening on {self.port}")

    def stop_background(self) -> None:
        for process in self.background:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=20)
        self.background.clear()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _tracked_files() -> list[str]:
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True)
    return [name for name in listed.stdout.decode("utf-8").split("\0") if name]


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: the README is checked from a copy of the tracked files")
    root = tmp_path_factory.mktemp("fresh-clone")
    for name in _tracked_files():
        source = ROOT / name
        if source.is_file():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, root / name)
    (root / ".venv").symlink_to(VENV_BIN.parent)
    space = Workspace(root)
    yield space
    space.stop_background()


BLOCKS = readme_blocks() + [block for page in LINKED
                            for block in readme_blocks(page.read_text(encoding="utf-8"), str(page.relative_to(ROOT)))]


def test_every_runnable_block_says_how_it_is_checked():
    assert {b.file for b in BLOCKS} > {"README.md"}, "the linked pages' blocks are not read"
    unmarked = [b.name for b in BLOCKS if b.mode is None]
    assert not unmarked, f"add <!-- check: output|runs|skip REASON --> before: {unmarked}"
    assert not [b.name for b in BLOCKS if b.mode == "skip" and not b.reason], "a skipped block must say why"
    assert [b for b in BLOCKS if b.mode == "output"], "no README block is checked against its output"


@pytest.mark.parametrize("block", [b for b in BLOCKS if b.mode in ("output", "runs")],
                         ids=lambda b: str(b.line) if b.file == "README.md" else f"{Path(b.file).stem}:{b.line}")
def test_readme_block(block: Block, workspace: Workspace, shared_dir_or_none):
    if "../shared" in block.text and shared_dir_or_none is None:
        pytest.skip("the block reads ../shared, which is absent")
    try:
        if block.lang in ("python", "pycon"):
            _check_python(block, workspace)
        else:
            _check_console(block, workspace)
    finally:
        workspace.stop_background()


def _check_console(block: Block, space: Workspace) -> None:
    assert block.commands, f"{block.name}: a console block without `$ ` commands"
    for command, shown in block.commands:
        status, printed = space.run(command)
        if block.mode == "runs":
            assert status == 0, f"{block.name}: `{command}` exited {status}:\n{printed[-3000:]}"
            continue
        got = normalize(printed)
        want = normalize("\n".join(shown))
        assert output_matches(want, got), (f"{block.name}: `{command}` printed\n" + "\n".join(got)
                                           + "\n--- but the README shows ---\n" + "\n".join(want))


def _session(block: Block) -> str:
    """A linked page's examples are one session, as a reader types them: the earlier examples
    of the same page run first (and are checked again). The README's blocks stand alone."""
    if block.file == "README.md":
        return block.text
    earlier = [b.text for b in BLOCKS if b.file == block.file and b.line < block.line and ">>> " in b.text]
    return "\n\n".join(earlier + [block.text])


def _check_python(block: Block, space: Workspace) -> None:
    script = space.root / f".readme_block_{Path(block.file).stem}_{block.line}.py"
    if ">>> " in block.text:
        script = script.with_suffix(".txt")   # doctest reads a .txt file as text with examples
        script.write_text(_session(block) + "\n", encoding="utf-8")
        argv = [sys.executable, "-m", "doctest", "-o", "ELLIPSIS", "-o", "NORMALIZE_WHITESPACE", script.name]
    else:
        script.write_text(space.command(block.text) + "\n", encoding="utf-8")
        argv = [sys.executable, script.name]
    done = subprocess.run(argv, cwd=space.root, env=space.env, capture_output=True, text=True, timeout=600)
    script.unlink()
    assert done.returncode == 0, f"{block.name}:\n{(done.stdout + done.stderr)[-4000:]}"
    if block.mode == "output" and ">>> " not in block.text:
        assert block.printed is not None, f"{block.name}: a script checked by its output needs a plain block after it"
        got, want = normalize(done.stdout), normalize("\n".join(block.printed))
        assert output_matches(want, got), (f"{block.name}: printed\n" + "\n".join(got)
                                           + "\n--- but the page shows ---\n" + "\n".join(want))


@pytest.fixture(scope="session")
def shared_dir_or_none():
    from conftest import SHARED

    return SHARED if SHARED.is_dir() else None


# ------------------------------------------------------------------ the checker itself
def test_the_checker_reads_marks_commands_and_wildcards():
    text = ("<!-- check: output -->\n```console\n$ echo a \\\n  b\na b\n$ true\n```\n\n"
            "```json\n{}\n```\n<!-- check: skip runs forever -->\n```console\n$ serve\n```\n```python\nx = 1\n```\n")
    blocks = readme_blocks(text)
    assert [(b.lang, b.mode, b.reason) for b in blocks] == [("console", "output", ""), ("console", "skip", "runs forever"),
                                                            ("python", None, "")]
    assert blocks[0].commands == [("echo a \\\n  b", ["a b"]), ("true", [])]
    assert output_matches(["x ... z", "...", "end"], ["x y z", "1", "2", "end"])
    assert not output_matches(["x ... z", "end"], ["x y z", "1", "end"])
    assert normalize("3 documents in 0.4s; 2.6 docs/s") == ["3 documents in Ns; N docs/s"]
    script = readme_blocks("```python\nprint(1)\n```\n\nprints\n\n```\n1\n```\n```python\nx = 1\n```\nno\n")
    assert [b.printed for b in script] == [["1"], None]


# ------------------------------------------------------------------ what the README covers
def _command_names(group, prefix: str = "") -> list[str]:
    names = []
    for name, cmd in group.commands.items():
        full = f"{prefix}{name}"
        if hasattr(cmd, "commands"):
            names.extend(_command_names(cmd, full + " "))
        else:
            names.append(full)
    return names


def test_every_command_is_in_the_readme():
    commands = _command_names(typer.main.get_command(app))
    assert commands, "the CLI registers no command"
    missing = [c for c in commands if f"projectradar {c}" not in README]
    assert not missing, f"commands not documented in README.md: {missing}"


def test_readme_has_the_two_setup_commands():
    assert "make demo" in README and "make test" in README


# a file of the repository named by its path, with the extension that says what it is
_NAMED_PATH = re.compile(r"(?<![\w/.-])(?:projectradar|docs|tests|bench|scripts|examples)/[\w/.-]*?\.(?:py|tsv|md|txt|json|html)\b")


def test_every_file_the_docs_name_exists():
    pages = [README_PATH, *LINKED, *sorted((ROOT / "docs").glob("*.md"))]
    missing = sorted({f"{page.name}: {name}" for page in pages
                      for name in _NAMED_PATH.findall(page.read_text(encoding="utf-8"))
                      if "*" not in name and not (ROOT / name).exists() and not name.startswith("docs/screenshots/")})
    assert not missing, missing
