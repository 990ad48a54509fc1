"""The HTML page in a real browser: headless Chromium draws it, shows every touch, runs nothing.

Skipped when no Chromium is installed, except in CI (``CI=true``), where that is a failure:
``.ci/run`` installs Debian's ``chromium``.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from cadence import Channel
from cadence.picture import style_of, to_html, touch_text
from tests.browser import accessibility_tree, chromium, dump_dom, screenshot
from tests.pictures import HOSTILE, hostile, shipped
from tests.png import colours, near, read_png, rgb

ROOT = Path(__file__).resolve().parent.parent
SIZE = (1200, 1000)


@pytest.fixture(scope="module")
def browser() -> str:
    return chromium()


class _Dom(HTMLParser):
    """The elements, the page title and the texts of a dumped DOM."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.title = ""
        self.texts: list[str] = []
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self._open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        while self._open and self._open.pop() != tag:
            pass

    def handle_data(self, data: str) -> None:
        if self._open[-1:] == ["title"] and "svg" not in self._open:
            self.title += data
        self.texts.append(data)


def _dom(html: str) -> _Dom:
    dom = _Dom()
    dom.feed(html)
    return dom


def _write(tmp_path: Path, name: str, html: str) -> Path:
    page = tmp_path / name
    page.write_text(html, encoding="utf-8")
    return page


def test_the_detector_sees_a_script_that_runs(browser: str, tmp_path: Path) -> None:
    # The control: an unescaped page whose script and onerror handler change the title.
    page = _write(
        tmp_path,
        "control.html",
        "<!DOCTYPE html><html><head><title>quiet</title></head><body>"
        "<script>document.title += ' script ran'</script>"
        "<img src=x onerror=\"document.title += ' onerror ran'\"></body></html>",
    )
    dom = _dom(dump_dom(browser, page))
    assert dom.title == "quiet script ran onerror ran"


def test_hostile_text_runs_nothing_and_shows_as_text(browser: str, tmp_path: Path) -> None:
    timeline, lead = hostile()
    html = to_html(timeline, lead=lead)
    dom = _dom(dump_dom(browser, _write(tmp_path, "hostile.html", html)))
    # Its script and onerror handler would set the title to "pwned".
    assert dom.title == f"Timeline of lead {HOSTILE}"
    assert "script" not in dom.tags
    assert "img" not in dom.tags
    text = "".join(dom.texts)
    assert f"Timeline of lead {HOSTILE}" in text
    assert f"because {HOSTILE}" in text
    assert f"ends: stopped: {HOSTILE}" in text


def test_every_touch_is_reachable_as_text(browser: str, tmp_path: Path) -> None:
    timeline, lead = hostile()
    dom = _dom(dump_dom(browser, _write(tmp_path, "plan.html", to_html(timeline, lead=lead))))
    texts = dom.texts
    for touch in timeline:
        assert touch_text(touch) in texts, touch.key  # the mark's tooltip
        assert touch.reason in texts  # its cell in the table
        assert touch.at.format("ddd YYYY-MM-DD HH:mm zz") in texts


def test_every_touch_is_in_the_accessibility_tree(browser: str, tmp_path: Path) -> None:
    timeline, lead = hostile()
    page = _write(tmp_path, "plan.html", to_html(timeline, lead=lead))
    tree = accessibility_tree(browser, page)
    groups = [name for role, name in tree if role == "group"]
    cells = [name for role, name in tree if role == "cell"]
    for touch in timeline:
        assert touch_text(touch) in groups, touch.key  # the mark, named by its tooltip
        assert touch.reason in cells  # its row in the table
    assert ("RootWebArea", f"Timeline of lead {HOSTILE}") in tree


def test_the_screenshot_is_drawn_in_every_channels_colour(browser: str, tmp_path: Path) -> None:
    timeline, lead = hostile()
    page = _write(tmp_path, "plan.html", to_html(timeline, lead=lead))
    width, height, pixels = read_png(screenshot(browser, page, tmp_path / "plan.png", SIZE))
    assert (width, height) == SIZE
    counts = colours(pixels)
    white = near(counts, (255, 255, 255), slack=0)
    assert white < 0.97 * len(pixels), "the page is blank"
    assert len(counts) > 50, "the page has almost no colours"
    for channel in sorted({touch.channel for touch in timeline}):
        colour = style_of(channel).colour
        assert near(counts, rgb(colour)) >= 40, f"{channel} ({colour}) is not on the screen"


def test_the_shipped_plan_shows_its_weeks_marks_and_table(browser: str, tmp_path: Path) -> None:
    timeline, lead = shipped(str(ROOT / "examples"))
    page = _write(tmp_path, "plan.html", to_html(timeline, lead=lead))
    dom = _dom(dump_dom(browser, page))
    assert dom.tags.count("tr") == len(timeline) + 1
    assert sum(1 for text in dom.texts if re.fullmatch(r"\d\d \w\w\w 2026", text)) == 7
    _, _, pixels = read_png(screenshot(browser, page, tmp_path / "plan.png", SIZE))
    counts = colours(pixels)
    for channel in ("call", "sms", "email"):
        assert near(counts, rgb(style_of(Channel(channel)).colour)) >= 40
