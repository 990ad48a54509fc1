"""Headless Chromium from the command line: a screenshot and the DOM after the page loaded.

No browser driver and no new dependency: the system's Chromium (Debian's ``chromium``),
started once per picture with a fresh profile and without background networking.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

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
