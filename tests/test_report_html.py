"""The HTML report in a real headless Chromium (Debian's, driven by Playwright): charts and
findings are in the page, and every bar of every chart, 其他 and （未填） among them, filters the
list to forms holding exactly the findings the bar counts.

Screenshots stay in test-output/ (gitignored) for a person to look at.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import SEEDS, screenshot

from linter.cli import main


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("html") / "report.html"
    assert main(["check", str(SEEDS), "--no-cache", "--format", "html", "-o", str(target)]) == 1
    return target


def test_self_contained(report):
    html = report.read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "@import" not in html and "<link" not in html


@pytest.fixture(scope="module")
def page(report, browser_page):
    """The report open in the system Chromium."""
    browser_page.goto(report.as_uri())
    return browser_page


def test_rendered_in_chromium(page):
    for chart in ("chart-rules", "chart-departments", "chart-units"):
        assert page.locator(f"#{chart} rect").count() >= 1, chart
    assert page.locator("tbody.form").count() >= 29  # every form is listed
    assert page.locator("td.hit").count() > 0  # findings marked in their row
    assert re.fullmatch(r"\d+ / \d+", page.text_content("#shown"))  # the filter script ran
    screenshot(page, "report.png")


# What the visible forms hold of what a bar counts: findings of its rules, or all findings of
# forms of its 主管部门 / 实施单位 (the list shows forms of that field only).
COUNT_VISIBLE = """bar => {
  const values = new Set(JSON.parse(bar.dataset.values));
  let n = 0;
  for (const body of document.querySelectorAll('tbody.form')) {
    if (body.hidden) continue;
    for (const code of body.querySelectorAll('ul.findings li code')) {
      if (bar.dataset.facet !== 'codes' || values.has(code.textContent)) n++;
    }
  }
  return n;
}"""


def test_every_bar_filters_to_the_findings_it_counts(page):
    bars = page.locator("svg.chart .bar")
    labels = [bars.nth(i).get_attribute("data-label") for i in range(bars.count())]
    assert any("其他" in label for label in labels)  # more rules than bars
    assert any("（未填）" in label for label in labels)  # forms without a 主管部门
    total = page.locator("tbody.form").count()
    for i, label in enumerate(labels):
        bar = bars.nth(i)
        bar.click()
        expected = int(bar.get_attribute("data-count"))
        assert page.locator("#facet").is_visible() and page.text_content("#facet-text") == label
        assert bar.evaluate(COUNT_VISIBLE) == expected, label
        if "其他" in label or "（未填）" in label:
            screenshot(page, f"report-filter-{i}.png")
        page.click("#facet-clear")
        assert page.locator("#facet").is_hidden()
    page.uncheck("#filter-flagged")
    assert page.text_content("#shown") == f"{total} / {total}"
    page.check("#filter-flagged")
