"""The docs' pictures: every picture comment is drawn from its page's own code at build time."""

from __future__ import annotations

import importlib.util
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest

from tests.png import read_png

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PAGES = {"index.md": 1, "recipes/persistent.md": 2, "recipes/b2b.md": 2}
"""The pages with pictures, and how many figures each has."""


def _hook() -> ModuleType:
    spec = importlib.util.spec_from_file_location("docs_pictures", DOCS / "_ext" / "pictures.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


HOOK = _hook()


def test_only_the_pages_with_pictures_have_picture_comments() -> None:
    found = {
        page.relative_to(DOCS).as_posix(): sum(
            bool(HOOK.MARKER.match(line)) for line in page.read_text().splitlines()
        )
        for page in DOCS.rglob("*.md")
    }
    assert {page: count for page, count in found.items() if count} == PAGES


@pytest.mark.parametrize("page", sorted(PAGES))
def test_each_picture_is_an_svg_drawn_from_the_page(page: str) -> None:
    markdown = (DOCS / page).read_text()
    rendered = HOOK.render(markdown, page)
    assert "<!-- picture:" not in rendered
    figures = re.findall(r'<div class="cadence-pictures?">\n(.*?)\n</div>', rendered, re.DOTALL)
    assert len(figures) == PAGES[page]
    for figure in figures:
        for svg in re.findall(r"<svg .*?</svg>", figure, re.DOTALL):
            assert ET.fromstring(svg).tag == "{http://www.w3.org/2000/svg}svg"  # noqa: S314
    # Markdown keeps a raw HTML block whole only if it has no blank line.
    assert all("\n\n" not in figure for figure in figures)
    if page == "recipes/b2b.md":
        assert figures[0].count("<svg ") == 2  # two cadences side by side
    # The same page gives the same bytes: the site builds reproducibly.
    assert HOOK.render(markdown, page) == rendered


def test_a_picture_of_something_the_page_does_not_draw_fails_the_build() -> None:
    page = "```python\nshape = 'not a picture'\n```\n\n<!-- picture: shape -->\n"
    with pytest.raises(HOOK.PictureError, match="'shape' is not an SVG picture"):
        HOOK.render(page, "page.md")
    with pytest.raises(HOOK.PictureError, match="'missing'"):
        HOOK.render("<!-- picture: missing -->\n", "page.md")


def test_a_page_without_pictures_is_left_alone() -> None:
    page = "```python\nraise SystemExit('never run')\n```\n"
    assert HOOK.render(page, "page.md") == page


def test_the_screenshot_of_the_page_is_in_the_docs() -> None:
    width, height, pixels = read_png(DOCS / "images" / "plan-page.png")
    assert (width, height) == (1100, 1000)
    assert len(set(pixels)) > 50
    assert "../images/plan-page.png" in (DOCS / "recipes" / "persistent.md").read_text()


def test_output_blocks_wrap_in_the_docs() -> None:
    css = (DOCS / "stylesheets" / "extra.css").read_text()
    assert "white-space: pre-wrap" in css
    assert "stylesheets/extra.css" in (ROOT / "mkdocs.yml").read_text()
    assert "docs/_ext/pictures.py" in (ROOT / "mkdocs.yml").read_text()
