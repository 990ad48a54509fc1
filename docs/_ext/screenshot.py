"""Make the docs' screenshot of the HTML page: ``python docs/_ext/screenshot.py``.

Writes the shipped example's plan as an HTML page (``cadence plan ... --format html``) and
takes a 1100 by 1000 pixel screenshot of it in headless Chromium, into
``docs/images/plan-page.png``. Run it from the repository with ``PYTHONPATH=src`` after
changing how the page looks.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
TARGET = ROOT / "docs" / "images" / "plan-page.png"
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def main() -> None:
    """Write the page and its screenshot."""
    from cadence.cli import main as cadence  # noqa: PLC0415 - after the path is set

    browser = next((found for name in BROWSERS if (found := shutil.which(name))), None)
    if browser is None:
        sys.exit(f"no Chromium found (looked for {', '.join(BROWSERS)})")
    examples = ROOT / "examples"
    with tempfile.TemporaryDirectory() as workdir:
        page = Path(workdir) / "plan.html"
        status = cadence(
            [
                "plan",
                str(examples / "persistent.toml"),
                "--lead",
                str(examples / "lead.toml"),
                "--history",
                str(examples / "history.csv"),
                "--now",
                "2026-03-06T16:00:30Z",
                "--format",
                "html",
                "--output",
                str(page),
            ]
        )
        if status:
            sys.exit(status)
        subprocess.run(  # noqa: S603 - the system's browser on our own page
            [
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                "--force-device-scale-factor=1",
                f"--user-data-dir={Path(workdir) / 'profile'}",
                "--window-size=1100,1000",
                f"--screenshot={TARGET}",
                page.as_uri(),
            ],
            check=True,
            capture_output=True,
        )
    print(f"wrote {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
