"""The HTML report rendered by a real headless Chromium: charts and findings are in the DOM.

The screenshot stays in test-output/ (gitignored) for a person to look at.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import SEEDS

from linter.cli import main

OUTPUT = Path(__file__).resolve().parent.parent / "test-output"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
]


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("html") / "report.html"
    assert main(["check", str(SEEDS), "--no-cache", "--format", "html", "-o", str(target)]) == 1
    return target


def test_self_contained(report):
    html = report.read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "@import" not in html and "<link" not in html


def chromium(args: list[str], profile: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")
def test_rendered_in_chromium(report, tmp_path):
    dom = chromium(["--dump-dom", report.as_uri()], tmp_path / "profile").stdout
    for chart in ("chart-rules", "chart-departments", "chart-units"):
        svg = re.search(rf'<svg id="{chart}".*?</svg>', dom, re.S)
        assert svg and "<rect" in svg.group(0), chart
    assert 'id="findings-table"' in dom
    assert dom.count('class="form') >= 29  # every form is listed
    assert 'class="hit' in dom  # findings marked in their row
    assert re.search(r'<span id="shown">\d+ / \d+</span>', dom)  # the filter script ran

    OUTPUT.mkdir(exist_ok=True)
    shot = OUTPUT / "report.png"
    shot.unlink(missing_ok=True)
    chromium(
        [f"--screenshot={shot}", "--window-size=1280,2000", report.as_uri()],
        tmp_path / "profile2",
    )
    assert shot.is_file() and shot.stat().st_size > 10_000
