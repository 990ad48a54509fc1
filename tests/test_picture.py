"""Pictures of timelines and cadences: well-formed, deterministic, complete and escaped."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cadence import (
    Cadence,
    Channel,
    InvalidTypeError,
    InvalidValueError,
    Lead,
    Milestone,
    PlannedTouch,
    Step,
    Steps,
    StopReason,
    Timeline,
    Touch,
    UnsatisfiableError,
    export,
    plan,
    presets,
)
from cadence.picture import (
    SAMPLE_START,
    SHAPES,
    ChannelStyle,
    cadence_svg,
    sample_lead,
    sample_plan,
    style_of,
    to_html,
    to_svg,
    touch_text,
)
from tests import strategies as ds
from tests.pictures import EVERY_CHANNEL, HOSTILE, NOW, SEQUENCE, hostile, shipped

ROOT = Path(__file__).resolve().parent.parent
SVG = "{http://www.w3.org/2000/svg}"


def _tree(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output


def _touch_groups(root: ET.Element) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if g.get("class") == "touch"]


def _titles(root: ET.Element) -> list[str]:
    return [g.findtext(f"{SVG}title") or "" for g in _touch_groups(root)]


def _texts(root: ET.Element) -> list[str]:
    return ["".join(node.itertext()) for node in root.iter(f"{SVG}text")]


def _element_names(root: ET.Element) -> set[str]:
    return {node.tag.removeprefix(SVG) for node in root.iter()}


# -- the timeline's picture ---------------------------------------------------------------


def test_the_shipped_plan_draws_every_touch_with_its_reason_in_its_tooltip() -> None:
    timeline, lead = shipped(str(ROOT / "examples"))
    root = _tree(to_svg(timeline, lead=lead))
    assert root.tag == f"{SVG}svg"
    assert _titles(root) == [touch_text(touch) for touch in timeline]
    for touch, title in zip(timeline, _titles(root), strict=True):
        assert touch.reason in title
        assert touch.at.format("ddd YYYY-MM-DD HH:mm zz") in title
    texts = _texts(root)
    # Seven weeks from Monday 2 March, a column a day, the stop under the legend.
    assert [text for text in texts if text == "week of"] == ["week of"] * 7
    assert texts[2:9] == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    assert "ends: stopped: 12 rounds were done" in texts
    assert "times on the lead's clock (America/Chicago)" in texts[1]
    # Each touch shows its time on the lead's clock; the voicemails say so.
    assert "10:01 call, VM" in texts
    assert "09:00 call" in texts
    assert sum(text.endswith(", VM") for text in texts) == sum(t.voicemail for t in timeline)


def test_marks_are_coloured_and_shaped_by_channel_with_a_legend() -> None:
    timeline, lead = hostile()
    root = _tree(to_svg(timeline, lead=lead))
    legend = [g for g in root.iter(f"{SVG}g") if g.get("class") == "legend"]
    assert [g.get("data-channel") for g in legend] == list(EVERY_CHANNEL)
    for group in [*legend, *_touch_groups(root)]:
        style = style_of(Channel(group.get("data-channel")))
        shapes = [
            node for node in group if node.tag != f"{SVG}title" and node.get("fill") == style.colour
        ]
        assert len(shapes) == 1, group.get("data-channel")
    assert any(text == "VM: a call that may leave a voicemail" for text in _texts(root))


def test_the_steps_labels_show_in_the_marks() -> None:
    timeline, lead = hostile()
    texts = _texts(_tree(to_svg(timeline, lead=lead)))
    assert {"connect", "postcard", "day 8: WhatsApp"} <= set(texts)


def test_the_built_in_channels_look_different_and_a_crms_own_channel_has_a_fixed_look() -> None:
    built_in = [style_of(channel) for channel in Channel]
    assert len({style.colour for style in built_in}) == len(built_in)
    assert len({style.shape for style in built_in}) == len(built_in)
    assert style_of(Channel.CALL) == ChannelStyle(Channel.CALL, "#0072B2", "circle")
    own = style_of(Channel("direct_mail"))
    assert own == style_of(Channel("direct_mail"))
    assert own.shape in SHAPES[5:]
    assert own.colour not in {style.colour for style in built_in}
    looks = {
        (style_of(Channel(f"crm_{n}")).colour, style_of(Channel(f"crm_{n}")).shape)
        for n in range(200)
    }
    assert len(looks) == 15  # every colour left with every shape left


def test_a_crms_own_channel_looks_the_same_in_every_process() -> None:
    code = "from cadence import Channel; from cadence.picture import style_of; print(style_of(Channel('direct_mail')))"
    seen = {
        subprocess.run(  # noqa: S603
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT / "src")},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert seen == {f"{style_of(Channel('direct_mail'))}\n"}


def test_empty_weeks_fold_into_one_row_and_one_empty_week_shows() -> None:
    lead = Lead(
        timezone="Europe/Paris", created_at=pendulum.datetime(2026, 1, 5, 9, tz="Europe/Paris")
    )
    start = pendulum.datetime(2026, 1, 5, 10, tz="Europe/Paris")

    def touch(days: int) -> PlannedTouch:
        return PlannedTouch(
            start.add(days=days), Channel.EMAIL, False, days + 1, "r", None, f"k{days}"
        )

    timeline = Timeline((touch(0), touch(14), touch(70)), StopReason("ends"))
    texts = _texts(_tree(to_svg(timeline, lead=lead)))
    # Weeks of 5 Jan, 12 Jan (empty, shown), 19 Jan, then 7 weeks folded, then 16 Mar.
    assert texts.count("week of") == 4
    assert "7 weeks without touches, from Mon 26 Jan 2026" in texts


def test_an_empty_timeline_draws_its_stop() -> None:
    root = _tree(to_svg(Timeline((), StopReason("stopped: the lead bought or was lost"))))
    assert _touch_groups(root) == []
    assert "ends: stopped: the lead bought or was lost" in _texts(root)
    assert "0 touches; nothing to draw" in _texts(root)


def test_skipped_rounds_and_a_long_stop_reason_wrap_under_the_legend() -> None:
    lead = Lead(
        timezone="America/New_York",
        created_at=pendulum.datetime(2026, 3, 5, 9, tz="America/New_York"),
        channels=("email",),
    )
    timeline = plan(
        Cadence(rhythm=Steps(Step(0, "email"), Step(1, "linkedin"))), lead, now=lead.created_at
    )
    assert timeline.skipped
    texts = _texts(_tree(to_svg(timeline, lead=lead)))
    assert f"skipped: {timeline.skipped[0]}" in texts
    long = Timeline((), StopReason("word " * 100))
    lines = [text for text in _texts(_tree(to_svg(long))) if text.startswith(("word", "ends"))]
    assert len(lines) > 2
    assert all(len(line) <= 180 for line in lines)


def test_the_same_timeline_gives_the_same_bytes() -> None:
    timeline, lead = shipped(str(ROOT / "examples"))
    again, _ = shipped(str(ROOT / "examples"))
    assert to_svg(timeline, lead=lead) == to_svg(again, lead=lead)
    assert to_html(timeline, lead=lead, now=NOW) == to_html(again, lead=lead, now=NOW)


def test_the_same_cadence_gives_the_same_bytes_in_every_process() -> None:
    code = (
        "import sys; from tests.pictures import SEQUENCE; from cadence.picture import cadence_svg;"
        "sys.stdout.write(cadence_svg(SEQUENCE, weeks=2))"
    )
    seen = {
        subprocess.run(  # noqa: S603
            [sys.executable, "-c", code],
            env={
                **os.environ,
                "PYTHONHASHSEED": seed,
                "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}",
            },
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        ).stdout
        for seed in ("1", "2")
    }
    assert seen == {cadence_svg(SEQUENCE, weeks=2)}


# -- hostile text ---------------------------------------------------------------------------


def test_hostile_text_is_text_in_the_svg() -> None:
    timeline, lead = hostile()
    svg = to_svg(timeline, lead=lead)
    root = _tree(svg)
    assert _element_names(root) <= {"svg", "title", "rect", "text", "g", "circle", "polygon"}
    assert root.findtext(f"{SVG}title") == f"Timeline of lead {HOSTILE}"
    assert root.get("aria-label") == f"Timeline of lead {HOSTILE}"
    titles = _titles(root)
    assert any(title.endswith(f"because {HOSTILE}") for title in titles)
    assert any(f"step {HOSTILE}, template {HOSTILE}" in title for title in titles)
    assert f"ends: stopped: {HOSTILE}" in " ".join(_texts(root))
    assert "<script" not in svg
    assert "<img" not in svg
    assert "]]>" not in svg


class _Page(HTMLParser):
    """The tags and the text of an HTML page, the way a browser's parser reads them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []
        self.cells: list[str] = []
        self._in_cell = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "td":
            self._in_cell = True
            self.cells.append("")
        for name, _ in attrs:
            assert not name.startswith("on"), f"an event handler attribute {name!r}"

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self._in_cell = False

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in_cell:
            self.cells[-1] += data


def _page(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    return page


def test_hostile_text_is_text_in_the_html_page() -> None:
    timeline, lead = hostile()
    html = to_html(timeline, lead=lead)
    page = _page(html)
    assert "script" not in page.tags
    assert "img" not in page.tags
    text = "".join(page.text)
    assert f"Timeline of lead {HOSTILE}" in text
    assert f"because {HOSTILE}" in page.cells
    assert f"{HOSTILE} (template {HOSTILE})" in page.cells
    assert f"ends: stopped: {HOSTILE}" in text


def _allowed(words: str) -> str:
    """``words`` with the characters XML forbids replaced, as the pictures show them."""
    return "".join(
        c
        if c in "\t\n\r" or "\x20" <= c <= "\ud7ff" or "\ue000" <= c <= "\ufffd" or c > "\uffff"
        else "\ufffd"
        for c in words
    )


@given(st.text(min_size=1, max_size=200).filter(str.strip))
def test_any_text_shows_as_itself_or_with_replacement_characters(words: str) -> None:
    at = pendulum.datetime(2026, 3, 9, 9, tz="America/Chicago")
    step = Step(0, "email", label=words)
    touch = PlannedTouch(at, Channel.EMAIL, False, 1, words, None, "k", step=step)
    lead = Lead(timezone="America/Chicago", created_at=at, id=words)
    timeline = Timeline((touch,), StopReason(words))
    root = _tree(to_svg(timeline, lead=lead))
    allowed = _allowed(words)
    assert root.findtext(f"{SVG}title") == f"Timeline of lead {allowed}"
    assert root.get("aria-label") == f"Timeline of lead {allowed}"
    assert _titles(root) == [touch_text(touch).replace(words, allowed)]
    # The stop shows in wrapped lines, its words whole or cut where a line ends.
    shown = "".join("".join(_texts(root)).split())
    assert _allowed("".join(f"ends: {words}".split())) in shown
    page = _page(to_html(timeline, lead=lead))
    assert {"script", "img"}.isdisjoint(page.tags)


# -- the HTML page ---------------------------------------------------------------------------


def test_the_page_has_the_picture_above_a_table_of_every_touch() -> None:
    timeline, lead = shipped(str(ROOT / "examples"))
    html = to_html(timeline, lead=lead, now=NOW)
    assert html.startswith("<!DOCTYPE html>\n")
    assert html.index("<svg") < html.index("<table>")
    page = _page(html)
    rows = list(zip(*[iter(page.cells)] * 5, strict=True))
    assert len(rows) == len(timeline)
    for touch, row in zip(timeline, rows, strict=True):
        assert row == (
            str(touch.round),
            touch.at.format("ddd YYYY-MM-DD HH:mm zz"),
            touch.channel.label,
            touch.action,
            touch.reason,
        )
    assert "ends: stopped: 12 rounds were done" in "".join(page.text)
    assert "planned at 2026-03-06T16:00:30+00:00" in "".join(page.text)


def test_the_page_fetches_nothing_and_runs_nothing() -> None:
    timeline, lead = hostile()
    html = to_html(timeline, lead=lead)
    page = _page(html)
    assert {"script", "link", "img", "iframe", "object", "embed"}.isdisjoint(page.tags)
    assert 'http-equiv="Content-Security-Policy" content="default-src \'none\'' in html
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in html
    assert "url(" not in html


# -- the cadence's picture -----------------------------------------------------------------------


def test_the_cadence_picture_stacks_each_days_touches_by_channel() -> None:
    svg = cadence_svg(presets.persistent())
    root = _tree(svg)
    timeline = sample_plan(presets.persistent())
    assert len(_touch_groups(root)) == len(timeline)
    assert all(touch.at < SAMPLE_START.add(weeks=4) for touch in timeline)
    # The first day: the speed-to-lead call, the double tap, an SMS and an email.
    first_day = [t for t in _titles(root) if t.startswith("day 0:")]
    assert len(first_day) == 4
    assert [g.get("data-channel") for g in _touch_groups(root)][:4] == [
        "call",
        "call",
        "sms",
        "email",
    ]
    texts = _texts(root)
    assert "The first 4 weeks" in texts
    assert [t for t in texts if t.startswith("week ")] == ["week 1", "week 2", "week 3", "week 4"]
    totals = {
        channel: sum(t.channel is channel for t in timeline)
        for channel in (Channel.CALL, Channel.SMS, Channel.EMAIL)
    }
    assert f"call ({totals[Channel.CALL]})" in texts
    assert f"SMS ({totals[Channel.SMS]})" in texts


def test_two_cadences_share_the_scale_so_they_compare_side_by_side() -> None:
    persistent = _tree(cadence_svg(presets.persistent(), weeks=6))
    sequence = _tree(cadence_svg(SEQUENCE, weeks=6))
    assert persistent.get("width") == sequence.get("width")

    def block_heights(root: ET.Element) -> set[str | None]:
        return {g.find(f"{SVG}rect").get("height") for g in _touch_groups(root)}  # type: ignore[union-attr]

    assert block_heights(persistent) == block_heights(sequence) == {"12"}


def test_the_sample_lead_is_reachable_on_every_channel_the_cadence_names() -> None:
    lead = sample_lead(SEQUENCE)
    assert lead.channels == frozenset(Channel(name) for name in EVERY_CHANNEL)
    assert lead.created_at == SAMPLE_START
    assert sample_lead(presets.persistent()).channels == frozenset(
        {Channel.CALL, Channel.SMS, Channel.EMAIL}
    )
    channels = {g.get("data-channel") for g in _touch_groups(_tree(cadence_svg(SEQUENCE, weeks=2)))}
    assert channels == set(EVERY_CHANNEL)


def test_the_sample_start_is_a_monday_morning() -> None:
    assert SAMPLE_START.isoformat() == "2026-06-01T10:00:00-05:00"
    assert SAMPLE_START.timezone_name == "America/Chicago"
    assert SAMPLE_START.weekday() == 0


@pytest.mark.parametrize("weeks", [0, 53, -1])
def test_weeks_out_of_range_are_refused(weeks: int) -> None:
    with pytest.raises(InvalidValueError, match="weeks"):
        cadence_svg(presets.persistent(), weeks=weeks)


@pytest.mark.parametrize("weeks", [True, "4", 4.0])
def test_weeks_that_are_not_a_number_are_refused(weeks: object) -> None:
    with pytest.raises(InvalidTypeError, match="weeks"):
        cadence_svg(presets.persistent(), weeks=weeks)  # type: ignore[arg-type]


def test_a_year_of_a_cadence_draws() -> None:
    root = _tree(cadence_svg(presets.post_sale(), weeks=52))
    assert len(_touch_groups(root)) == len(sample_plan(presets.post_sale(), weeks=52))


def test_the_exports_have_the_pictures() -> None:
    assert export.to_svg is to_svg
    assert export.to_html is to_html
    assert export.cadence_svg is cadence_svg
    assert {"to_svg", "to_html", "cadence_svg"} <= set(export.__all__)


def test_a_timeline_of_an_hour_before_a_dst_change_keeps_the_local_clock() -> None:
    zone = "America/New_York"
    lead = Lead(timezone=zone, created_at=pendulum.datetime(2026, 3, 6, 9, tz=zone))
    saturday = pendulum.datetime(2026, 3, 7, 23, 30, tz=zone)
    sunday = saturday + timedelta(hours=4)  # 04:30 EDT after the spring-forward gap
    touches = tuple(
        PlannedTouch(
            pendulum.instance(at).in_timezone(zone), Channel.SMS, False, n, "r", None, f"k{n}"
        )
        for n, at in enumerate((saturday, sunday), start=1)
    )
    texts = _texts(_tree(to_svg(Timeline(touches, StopReason("ends")), lead=lead)))
    assert "23:30 SMS" in texts
    assert "04:30 SMS" in texts


# -- any plan, any cadence --------------------------------------------------------------------


@given(ds.rich_situations())
def test_any_plan_draws_each_touch_once_and_tabulates_it(
    situation: tuple[Cadence, Lead, list[Touch | Milestone], datetime],
) -> None:
    cadence, lead, history, now = situation
    try:
        timeline = plan(cadence, lead, history, now=now, until="8 weeks", max_touches=60)
    except UnsatisfiableError:
        return
    svg = to_svg(timeline, lead=lead)
    root = _tree(svg)
    assert _titles(root) == [touch_text(touch) for touch in timeline]
    assert [g.get("data-channel") for g in _touch_groups(root)] == [
        touch.channel.value for touch in timeline
    ]
    assert "".join(f"ends: {timeline.stop}".split()) in "".join("".join(_texts(root)).split())
    assert to_svg(timeline, lead=lead) == svg
    page = _page(to_html(timeline, lead=lead, now=now))
    columns = 6 if any(touch.step for touch in timeline) else 5
    assert len(page.cells) == len(timeline) * columns


@given(
    st.dates(date(2000, 1, 1), date(2040, 12, 31)).flatmap(ds.rich_cadences),
    st.integers(1, 8),
)
def test_any_cadence_draws_each_touch_of_its_first_weeks_once(cadence: Cadence, weeks: int) -> None:
    try:
        timeline = sample_plan(cadence, weeks=weeks)
    except UnsatisfiableError:
        with pytest.raises(UnsatisfiableError):
            cadence_svg(cadence, weeks=weeks)
        return
    svg = cadence_svg(cadence, weeks=weeks)
    titles = _titles(_tree(svg))
    assert sorted(titles) == sorted(
        f"day {(t.at.date() - SAMPLE_START.date()).days}: {touch_text(t)}" for t in timeline
    )
    assert cadence_svg(cadence, weeks=weeks) == svg
