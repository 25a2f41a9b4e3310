"""Take a screenshot of an HTML map in headless Chromium (for the README).

usage: python tools/screenshot.py MAP.html OUT.png [--width 1400 --height 900]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


def screenshot(html: Path, out: Path, *, width: int = 1400, height: int = 900) -> Path:
    """Open ``html`` offline in headless Chromium and save a PNG of the page."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw, tempfile.TemporaryDirectory() as profile:
        context = pw.chromium.launch_persistent_context(
            profile, executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS,
            viewport={"width": width, "height": height})
        page = context.new_page()
        page.route("http*://**", lambda route: route.abort())
        page.goto(html.resolve().as_uri())
        page.wait_for_timeout(1500)
        out.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(out))
        context.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("html", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=900)
    args = parser.parse_args()
    print(screenshot(args.html, args.out, width=args.width, height=args.height))


if __name__ == "__main__":
    main()
