"""A MkDocs hook: the pictures on a page, drawn from the page's own code at build time.

A page asks for a picture with an HTML comment that names values of its code::

    <!-- picture: shape -->
    <!-- picture: shape, persistent_shape -->

When a page has such a comment, the hook runs the page's ``python`` blocks in order, as
the docs tests do (in one namespace, in a temporary directory holding a copy of
``examples/``, their output thrown away), and puts each named value, an SVG text, in the
comment's place: one picture, or several side by side. A name that is not defined, or not
an SVG, fails the build.
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent.parent
MARKER = re.compile(r"^<!-- picture: (?P<names>[\w, ]+) -->[ ]*$")
_FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})(?P<info>[^`\n]*)$")


class PictureError(Exception):
    """A picture comment that names nothing the page's code defines as an SVG."""


def _figure(names: list[str], namespace: dict[str, Any], where: str) -> str:
    pictures = []
    for name in names:
        value = namespace.get(name)
        if not isinstance(value, str) or not value.startswith("<svg "):
            raise PictureError(f"{where}: {name!r} is not an SVG picture the page's code made")
        pictures.append(value.strip())
    kind = "cadence-pictures" if len(pictures) > 1 else "cadence-picture"
    return f'<div class="{kind}">\n' + "\n".join(pictures) + "\n</div>"


def render(markdown: str, where: str) -> str:
    """``markdown`` with every picture comment replaced by its pictures."""
    lines = markdown.split("\n")
    if not any(MARKER.match(line) for line in lines):
        return markdown
    namespace: dict[str, Any] = {"__name__": "__docs__"}
    out: list[str] = []
    with tempfile.TemporaryDirectory() as workdir, contextlib.chdir(workdir):
        shutil.copytree(ROOT / "examples", Path(workdir) / "examples")
        index = 0
        while index < len(lines):
            line = lines[index]
            marker, opening = MARKER.match(line), _FENCE.match(line)
            if marker:
                names = [name.strip() for name in marker["names"].split(",") if name.strip()]
                out.append(_figure(names, namespace, f"{where}:{index + 1}"))
                index += 1
                continue
            out.append(line)
            index += 1
            if opening is None:
                continue
            body: list[str] = []
            while index < len(lines) and not lines[index].startswith(opening["fence"]):
                body.append(lines[index])
                out.append(lines[index])
                index += 1
            if index < len(lines):
                out.append(lines[index])
                index += 1
            if opening["info"].strip().split(maxsplit=1)[:1] == ["python"]:
                code = compile("\n".join(body) + "\n", where, "exec", dont_inherit=True)
                with contextlib.redirect_stdout(io.StringIO()):
                    exec(code, namespace)  # noqa: S102 - the page's own code, as the docs tests run it
    return "\n".join(out)


def on_page_markdown(markdown: str, page: Any, **_: Any) -> str:
    """MkDocs' hook: draw the page's pictures."""
    return render(markdown, page.file.src_uri)
