"""The docs cannot rot: every code block runs, every shown output is checked.

Rules for pages (``README.md`` and every page under ``docs/``):

- A ```` ```python ```` block runs. The blocks of one page run in order, in one namespace, in a
  fresh temporary directory that holds a copy of ``examples/``.
- The first ```` ```text ```` block after a python block (before any other fenced block) is
  its printed output, compared exactly. A python block that prints without showing its
  output fails.
- A ```` ```console ```` block holds ``$ cadence ...`` commands, each followed by its output
  (stdout, then stderr); each command runs as ``python -m cadence ...`` in the same directory
  and its output and exit status 0 are checked.
- Any other language (``sh``, ``toml``, ``json``...) is shown and not run.
"""

from __future__ import annotations

import ast
import contextlib
import importlib
import importlib.util
import inspect
import io
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest
import yaml

import cadence
import cadence.config
import cadence.presets
import cadence.rules
from cadence.config import registry

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
REFERENCE = DOCS / "reference"
PAGES = sorted([ROOT / "README.md", *DOCS.rglob("*.md")])

_FENCE = re.compile(r"^(?P<indent>[ ]*)(?P<fence>`{3,}|~{3,})(?P<info>[^`\n]*)$")


@dataclass(frozen=True)
class Block:
    """A fenced code block: its language, its text and the line of its opening fence."""

    language: str
    text: str
    line: int


def blocks(markdown: str) -> list[Block]:
    """The fenced code blocks of a page, in order, with their indentation removed."""
    found: list[Block] = []
    lines = markdown.splitlines()
    index = 0
    while index < len(lines):
        opening = _FENCE.match(lines[index])
        index += 1
        if opening is None:
            continue
        start = index
        indent, fence = len(opening["indent"]), opening["fence"]
        info = opening["info"].strip()
        language = info.split(maxsplit=1)[0].lstrip("{.").rstrip("}") if info else ""
        body: list[str] = []
        while index < len(lines):
            closing = _FENCE.match(lines[index])
            if closing and closing["fence"].startswith(fence) and not closing["info"].strip():
                break
            body.append(lines[index][indent:])
            index += 1
        else:
            raise ValueError(f"unclosed code fence opened at line {start}")
        index += 1
        found.append(Block(language, "".join(line + "\n" for line in body), start))
    return found


def runnable(page: Path) -> bool:
    """Whether a page has anything to run."""
    return any(block.language in {"python", "py", "console"} for block in blocks(page.read_text()))


def _page_id(page: Path) -> str:
    return page.relative_to(ROOT).as_posix()


def _check_output(page: Path, block: Block, shown: Block | None, printed: str) -> None:
    where = f"{_page_id(page)}:{block.line}"
    if shown is None:
        assert not printed, f"{where}: the block prints, but no ```text block shows it:\n{printed}"
        return
    assert printed == shown.text, (
        f"{where}: printed output differs from the ```text block at line {shown.line}\n"
        f"--- shown\n{shown.text}--- printed\n{printed}"
    )


def _run_python(page: Path, block: Block, namespace: dict[str, object]) -> str:
    # Not inheriting this module's ``from __future__ import annotations``: a page's classes
    # keep their annotations as objects, the way configuration reads them.
    code = compile(block.text, f"{_page_id(page)}:{block.line}", "exec", dont_inherit=True)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(code, namespace)  # noqa: S102 - running the docs is the point
    return out.getvalue()


# The commands import the same cadence as the tests, from wherever the tests import it.
_ENVIRONMENT = {
    **os.environ,
    "PYTHONPATH": os.pathsep.join(
        [str(Path(cadence.__file__).parent.parent), os.environ.get("PYTHONPATH", "")]
    ),
}


def _run_console(page: Path, block: Block, workdir: Path) -> None:
    where = f"{_page_id(page)}:{block.line}"
    commands: list[tuple[str, list[str]]] = []
    for line in block.text.splitlines():
        if line.startswith("$ "):
            commands.append((line[2:], []))
        elif commands:
            commands[-1][1].append(line)
        else:
            pytest.fail(f"{where}: a console block starts with a '$ ' command")
    for command, shown in commands:
        words = shlex.split(command)
        assert words[0] == "cadence", f"{where}: only cadence commands run, got {command!r}"
        done = subprocess.run(  # noqa: S603 - the command comes from our own docs
            [sys.executable, "-m", "cadence", *words[1:]],
            cwd=workdir,
            env=_ENVIRONMENT,
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        printed = done.stdout + done.stderr
        expected = "".join(line + "\n" for line in shown)
        assert done.returncode == 0, f"{where}: {command!r} exited {done.returncode}:\n{printed}"
        assert printed == expected, (
            f"{where}: {command!r} printed something else\n--- shown\n{expected}--- printed\n"
            f"{printed}"
        )


def run_page(page: Path, workdir: Path) -> None:
    """Run every block of a page in order and check its shown output."""
    shutil.copytree(ROOT / "examples", workdir / "examples")
    namespace: dict[str, object] = {"__name__": "__docs__"}
    found = blocks(page.read_text())
    for position, block in enumerate(found):
        if block.language in {"python", "py"}:
            printed = _run_python(page, block, namespace)
            following = found[position + 1] if position + 1 < len(found) else None
            shown = following if following and following.language == "text" else None
            _check_output(page, block, shown, printed)
        elif block.language == "console":
            _run_console(page, block, workdir)


@pytest.mark.parametrize("page", [p for p in PAGES if runnable(p)], ids=_page_id)
def test_page_runs_and_shows_its_output(
    page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "path", list(sys.path))  # a page may add examples/ to it
    # A page may register a rule of its own: keep it out of the other tests' format.
    monkeypatch.setattr(registry, "_REGISTRY", registry._REGISTRY.copy())
    modules = set(sys.modules)
    try:
        run_page(page, tmp_path)
    finally:
        for name in set(sys.modules) - modules:
            if str(getattr(sys.modules[name], "__file__", None) or "").startswith(str(tmp_path)):
                del sys.modules[name]


def test_blocks_are_read_with_their_language_line_and_text() -> None:
    page = """Intro

```python
print(1)
```

- item

    ```text
    1
    ```
````sh
```
````
"""
    assert blocks(page) == [
        Block("python", "print(1)\n", 3),
        Block("text", "1\n", 9),
        Block("sh", "```\n", 12),
    ]
    with pytest.raises(ValueError, match="line 1"):
        blocks("```python\nprint(1)\n")


def _nav_pages(entries: object) -> list[str]:
    if isinstance(entries, str):
        return [entries]
    if isinstance(entries, dict):
        return [page for value in entries.values() for page in _nav_pages(value)]
    if isinstance(entries, list):
        return [page for entry in entries for page in _nav_pages(entry)]
    return []


def test_every_page_is_in_the_nav() -> None:
    nav = set(_nav_pages(yaml.safe_load((ROOT / "mkdocs.yml").read_text())["nav"]))
    pages = {page.relative_to(DOCS).as_posix() for page in DOCS.rglob("*.md")}
    assert pages == nav, "pages not in the nav, or nav entries without a page"


# -- the API reference --------------------------------------------------------------------

_DIRECTIVE = re.compile(r"^:::[ ]+(?P<path>[\w.]+)[ ]*\n(?P<options>(?:[ ]{4}.*\n)*)", re.MULTILINE)


def documented_paths() -> set[str]:
    """The objects that the reference pages render with a ``::: path`` directive.

    A directive with ``members: false`` renders only its object's docstring: it does not
    count for the members.
    """
    found: set[str] = set()
    for page in REFERENCE.rglob("*.md"):
        for match in _DIRECTIVE.finditer(page.read_text()):
            members = "members: false" not in match["options"]
            found.add(match["path"] if members else match["path"] + ":no-members")
    return found


def _assignment(statements: list[ast.stmt], name: str) -> tuple[bool, str | None]:
    """Whether ``name`` is assigned at the top of ``statements``, and the string under it."""
    for position, statement in enumerate(statements):
        targets: list[ast.expr] = []
        if isinstance(statement, ast.Assign):
            targets = statement.targets
        elif isinstance(statement, ast.AnnAssign):
            targets = [statement.target]
        elif isinstance(statement, ast.Try):
            assigned, docstring = _assignment(statement.body, name)
            if assigned:
                return assigned, docstring
        if any(isinstance(target, ast.Name) and target.id == name for target in targets):
            following = statements[position + 1] if position + 1 < len(statements) else None
            if (
                isinstance(following, ast.Expr)
                and isinstance(following.value, ast.Constant)
                and isinstance(following.value.value, str)
            ):
                return True, following.value.value
            return True, None
    return False, None


def where_defined(namespace: ModuleType, name: str) -> tuple[str, str | None]:
    """The dotted path where a public name is defined, and its docstring."""
    value = getattr(namespace, name)
    if isinstance(value, ModuleType):
        return value.__name__, value.__doc__
    if isinstance(value, type):
        return f"{value.__module__}.{value.__qualname__}", value.__dict__.get("__doc__")
    if inspect.isfunction(value):
        return f"{value.__module__}.{value.__qualname__}", value.__doc__
    # A constant or a type alias: find the module that assigns it, and the string under it.
    for module in sorted(
        (m for m in list(sys.modules.values()) if m.__name__.startswith("cadence")),
        key=lambda m: m.__name__,
    ):
        if not getattr(module, "__file__", None):
            continue
        assigned, docstring = _assignment(ast.parse(inspect.getsource(module)).body, name)
        if assigned:
            return f"{module.__name__}.{name}", docstring
    pytest.fail(f"{namespace.__name__}.{name}: cannot find where it is defined")


def _rendered(namespace: ModuleType, name: str, path: str, directives: set[str]) -> bool:
    """Whether a public name is rendered: by its own directive, or in a rendered module.

    A module directive renders the names in the module's ``__all__``, its own and the ones
    it re-exports.
    """
    if path in directives or f"{path}:no-members" in directives:
        return True
    value = getattr(namespace, name)
    for directive in directives:
        module = sys.modules.get(directive)
        if (
            module is not None
            and name in getattr(module, "__all__", ())
            and getattr(module, name, None) is value
        ):
            return True
    return False


NAMESPACES = (cadence, cadence.rules, cadence.presets, cadence.config)
PUBLIC = [(namespace, name) for namespace in NAMESPACES for name in namespace.__all__]


@pytest.mark.parametrize(
    ("namespace", "name"), PUBLIC, ids=[f"{ns.__name__}.{name}" for ns, name in PUBLIC]
)
def test_public_name_is_in_the_api_reference_with_a_docstring(
    namespace: ModuleType, name: str
) -> None:
    path, docstring = where_defined(namespace, name)
    assert docstring, f"{namespace.__name__}.{name} ({path}) has no docstring"
    assert _rendered(namespace, name, path, documented_paths()), (
        f"{namespace.__name__}.{name} ({path}) is in no '::: ...' directive of docs/reference/"
    )


def test_reference_directives_name_real_objects() -> None:
    for directive in documented_paths():
        path = directive.removesuffix(":no-members")
        module_name, _, attribute = path.rpartition(".")
        if path in sys.modules or importlib.util.find_spec(path) is not None:
            continue
        module = importlib.import_module(module_name)
        assert hasattr(module, attribute), f"docs/reference names {path}, which does not exist"
