"""Headless Chromium from the command line: a screenshot, the DOM after the page loaded, and
the accessibility tree (over the DevTools protocol on a pipe).

No browser driver and no new dependency: the system's Chromium (Debian's ``chromium``),
started once per look with a fresh profile and without background networking.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
_FLAGS = (
    "--headless",
    "--no-sandbox",  # root in CI containers
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
)


def chromium() -> str:
    """The path of a Chromium; without one, a skip, or a failure in CI.

    CI is ``CI=true`` or ``CADENCE_BROWSER_REQUIRED=1`` (which ``.ci/run`` sets).
    """
    for name in NAMES:
        found = shutil.which(name)
        if found:
            return found
    reason = f"no headless Chromium on the PATH (looked for {', '.join(NAMES)})"
    if os.environ.get("CI") == "true" or os.environ.get("CADENCE_BROWSER_REQUIRED") == "1":
        pytest.fail(f"{reason}: CI must run the browser tests (.ci/run installs chromium)")
    pytest.skip(f"{reason}: install it (apt-get install chromium) to run the browser tests")


def _run(
    browser: str, page: Path, profile: Path, *arguments: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own browser and page
        [browser, *_FLAGS, f"--user-data-dir={profile}", *arguments, page.as_uri()],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def screenshot(browser: str, page: Path, out: Path, size: tuple[int, int]) -> Path:
    """A screenshot of ``page`` in a window of ``size`` pixels, written to ``out``."""
    done = _run(
        browser,
        page,
        out.parent / "profile-shot",
        f"--window-size={size[0]},{size[1]}",
        f"--screenshot={out}",
    )
    assert out.exists(), f"no screenshot (exit {done.returncode}):\n{done.stderr[-2000:]}"
    return out


def dump_dom(browser: str, page: Path) -> str:
    """The DOM of ``page`` once it has loaded (and run whatever it runs), as HTML."""
    done = _run(browser, page, page.parent / "profile-dom", "--dump-dom")
    assert done.returncode == 0, (
        f"chromium --dump-dom exited {done.returncode}:\n{done.stderr[-2000:]}"
    )
    return done.stdout


class _DevTools:
    """The DevTools protocol over ``--remote-debugging-pipe``: JSON messages ending in NUL.

    Chromium reads commands from its file descriptor 3 and writes answers and events to 4.
    """

    def __init__(self, browser: str, profile: Path) -> None:
        commands, self._commands = os.pipe()
        self._answers, answers = os.pipe()

        def descriptors() -> None:  # in the child, before exec
            first, second = os.dup(commands), os.dup(answers)
            os.dup2(first, 3)
            os.dup2(second, 4)

        self._process = subprocess.Popen(  # noqa: S603 - our own browser
            [browser, *_FLAGS, f"--user-data-dir={profile}", "--remote-debugging-pipe"],
            pass_fds=(3, 4),
            preexec_fn=descriptors,  # noqa: PLW1509 - the tests start no threads that fork
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(commands)
        os.close(answers)
        self._buffer = b""
        self._last = 0

    def _message(self) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._answers], [], [], 60)
            assert ready, "Chromium did not answer within a minute"
            chunk = os.read(self._answers, 1 << 16)
            assert chunk, "Chromium closed its DevTools pipe"
            self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        answer: dict[str, Any] = json.loads(message)
        return answer

    def call(
        self,
        method: str,
        params: dict[str, Any] | None = None,
        *,
        session: str | None = None,
        until: str | None = None,
    ) -> dict[str, Any]:
        """Send a command and return its result, after the event ``until`` if one is named."""
        self._last += 1
        command: dict[str, Any] = {"id": self._last, "method": method, "params": params or {}}
        if session is not None:
            command["sessionId"] = session
        os.write(self._commands, json.dumps(command).encode() + b"\0")
        result: dict[str, Any] | None = None
        waiting = until is not None
        while result is None or waiting:
            message = self._message()
            if message.get("id") == self._last:
                assert "error" not in message, f"{method}: {message['error']}"
                result = message["result"]
            elif message.get("method") == until:
                waiting = False
        return result

    def close(self) -> None:
        """Close the browser and wait for it."""
        try:
            self.call("Browser.close")
        finally:
            os.close(self._commands)
            self._process.wait(timeout=60)
            os.close(self._answers)


def accessibility_tree(browser: str, page: Path) -> list[tuple[str, str]]:
    """The role and name of every node of ``page``'s accessibility tree that is not ignored."""
    tools = _DevTools(browser, page.parent / "profile-tree")
    try:
        target = tools.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = tools.call("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        tools.call("Page.enable", session=session)
        tools.call(
            "Page.navigate", {"url": page.as_uri()}, session=session, until="Page.loadEventFired"
        )
        nodes = tools.call("Accessibility.getFullAXTree", session=session)["nodes"]
    finally:
        tools.close()
    return [
        (node.get("role", {}).get("value", ""), node.get("name", {}).get("value", ""))
        for node in nodes
        if not node.get("ignored")
    ]
