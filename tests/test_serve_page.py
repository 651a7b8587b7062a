"""The page of `formlint serve` in a real headless Chromium (Debian's, driven by Playwright)
against the real server: `formlint serve --port 0` in a subprocess, its token from the
environment, stopped with Ctrl-C at the end. A seed form chosen, and another dropped, show their
findings in their cells; the language switches and stays switched; the filters filter; the
downloads are the HTML report, the JSON and the annotated workbook; a wrong token is shown.

Screenshots stay in test-output/ (gitignored) for a person to look at.
"""

from __future__ import annotations

import base64
import io
import json
import os
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import screenshot, seed_path
from formats import seed_lines, write_xlsx

TOKEN = "a-token-for-the-page-test"
SEED = "000"  # a target form: VAG001 errors on 工作计划 and 行业标准


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The server's address; afterwards, that it stopped cleanly and left nothing behind."""
    workdir = tmp_path_factory.mktemp("serve-workdir")
    temp = tmp_path_factory.mktemp("serve-tmp")
    env = {**os.environ, "FORMLINT_SERVE_TOKEN": TOKEN, "TMPDIR": str(temp)}
    with open(temp.parent / "serve.log", "w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "linter", "serve", "--port", "0"],
            cwd=workdir,
            env=env,
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
        )
        watchdog = threading.Timer(60, process.kill)  # a server that never says where it is
        watchdog.start()
        line = process.stdout.readline()
        watchdog.cancel()
        found = re.search(r"http://127\.0\.0\.1:\d+/", line)
        assert found, f"no address in {line!r}"
        yield found.group(0)
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0
    assert not list(workdir.iterdir())
    assert not list(temp.glob("formlint-serve-*"))


@pytest.fixture(scope="module")
def page(server, browser_page):
    browser_page.goto(server)
    return browser_page


def results(page, files: list[Path]) -> None:
    """Choose ``files`` (in place of any chosen before) and wait for their check."""
    if page.is_enabled("#clear"):
        page.click("#clear")
    page.set_input_files("#file-input", [str(f) for f in files])
    page.wait_for_selector("#results:not([hidden])")


def test_a_wrong_token_is_shown_as_refused(page):
    assert page.locator("#token-box").is_visible()  # the server wants one: the page asks
    page.fill("#token", "not-the-token")
    page.set_input_files("#file-input", str(seed_path(SEED)))
    page.wait_for_selector("#status.refused")
    assert page.text_content("#status") == "访问令牌不正确"
    assert page.locator("#results").is_hidden()


def test_a_chosen_form_shows_its_findings_in_its_cells(page):
    page.fill("#token", TOKEN)
    results(page, [seed_path(SEED)])
    assert page.text_content("#status").startswith("检查完成：1 个文件")
    assert seed_path(SEED).name in page.text_content("#by-file")
    assert "上海市闵行区医疗保障局(汇总)" in page.text_content("#by-department")
    hits = page.locator("table.rows td.hit.error")
    assert {"工作计划", "行业标准"} <= {hits.nth(i).text_content() for i in range(hits.count())}
    row = page.locator("tr.flagged", has=page.locator("td.hit.error")).first
    messages = row.locator("td.messages").text_content()
    assert "VAG001" in messages and "占位语" in messages
    row.scroll_into_view_if_needed()
    screenshot(page, "serve-findings.png")


def test_the_language_switches_and_stays_switched(page):
    page.click("#lang")
    assert page.get_attribute("html", "lang") == "en"
    assert page.text_content("h1 [data-t=title]") == "formlint performance form check"
    message = page.locator("tr.flagged td.messages li", has=page.locator("code", has_text="VAG001"))
    assert "placeholder" in message.first.text_content()
    page.reload()
    assert page.text_content("#lang") == "中文"  # kept in the browser
    page.fill("#token", TOKEN)
    results(page, [seed_path(SEED)])
    assert page.text_content("#status").startswith("Checked 1 files")
    screenshot(page, "serve-english.png")
    page.click("#lang")
    assert page.get_attribute("html", "lang") == "zh-CN"


def test_severity_and_rule_filters(page):
    total = page.locator("table.rows td.hit").count()
    page.uncheck("input.severity[value=error]")
    assert page.locator("td.hit.error").count() == 0
    assert page.locator("ul.findings .sev.error").count() == 0
    assert 0 < page.locator("table.rows td.hit").count() < total
    page.check("input.severity[value=error]")
    page.select_option("#rule", "VAG001")
    codes = page.locator("ul.findings code")
    assert codes.count() == 5 and {codes.nth(i).text_content() for i in range(5)} == {"VAG001"}
    assert re.fullmatch(r"显示 \d+ / 4 张表单", page.text_content("#shown"))
    screenshot(page, "serve-filtered.png")
    page.select_option("#rule", "")
    assert page.locator("table.rows td.hit").count() == total


DROP = """([name, data]) => {
  const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
  const transfer = new DataTransfer();
  transfer.items.add(new File([bytes], name));
  document.getElementById('drop').dispatchEvent(
    new DragEvent('drop', {dataTransfer: transfer, bubbles: true, cancelable: true}));
}"""


def test_a_dropped_workbook_and_the_downloads(page, tmp_path):
    from openpyxl import load_workbook

    workbook = tmp_path / "申报表.xlsx"
    write_xlsx(seed_lines(seed_path(SEED)), workbook)
    results(page, [seed_path("004")])
    page.evaluate(DROP, ["申报表.xlsx", base64.b64encode(workbook.read_bytes()).decode()])
    page.wait_for_selector("#status:has-text('检查完成：2 个文件')")
    dropped = page.locator("section.file", has=page.locator("h3", has_text="申报表.xlsx"))
    assert dropped.locator("ul.findings code", has_text="VAG001").count() == 5
    assert dropped.locator("td.hit.error", has_text="工作计划").count() == 3
    screenshot(page, "serve-two-files.png")

    def download(label: str) -> Path:
        with page.expect_download() as info:
            page.click(f"#downloads button:has-text('{label}')")
        return Path(info.value.path())

    report = download("下载 HTML 报告").read_text(encoding="utf-8")
    assert report.startswith("<!DOCTYPE html>") and "工作计划" in report
    data = json.loads(download("下载 JSON").read_text(encoding="utf-8"))
    assert [f["path"] for f in data["files"]] == [seed_path("004").name, "申报表.xlsx"]
    annotated = load_workbook(io.BytesIO(download("下载标注后的 申报表.xlsx").read_bytes()))
    notes = [c.comment.text for ws in annotated for r in ws.iter_rows() for c in r if c.comment]
    assert sum(note.count("VAG001 [错误]") for note in notes) == 5
