"""Shared helpers: the real seed forms (copied into tests/fixtures/seeds) and running rules on them."""

from __future__ import annotations

import re
import shutil
from functools import cache
from pathlib import Path

import pytest

from linter.config import Config
from linter.engine import Diagnostic, lint_file
from linter.parse.nodes import Document, Form
from linter.parse.parser import parse_rows
from linter.plugins import Registry, load_registry
from linter.readers.text import read_text

FIXTURES = Path(__file__).parent / "fixtures"

# made up: the head of a target form (title, fields, funds of 35 万元, a goal) up to the table head,
# for tests that add their own indicator rows; the first row added is line 11
TARGET_HEAD = """财政项目支出绩效目标申报表
(2024年度)
项目名称\t测试项目\t项目类别\t经常性项目
主管部门\t测试局\t实施单位\t测试中心
计划开始日期\t2024-01-01\t计划完成日期\t2024-12-31
项目资金 (万元)\t项目资金总额\t35\t年度资金申请总额\t35
\t其中：财政资金\t35\t其中：当年财政拨款\t35
项目绩效目标\t项目总目标\t\t年度总目标
\t\t\t开展培训2次。
绩效指标\t一级指标\t二级指标\t三级指标\t指标目标值
"""
SEEDS = FIXTURES / "seeds"


def seed_copies(root: Path, min_bytes: int) -> Path:
    """Copies of the seeds in folders d00, d01 … under ``root`` until they hold ``min_bytes``;
    each copy after the first names its projects anew, so that the same goals stand in other
    projects and the batch rules have work to do."""
    copies = 0
    while sum(p.stat().st_size for p in root.rglob("*.txt")) < min_bytes:
        folder = root / f"d{copies:02d}"
        folder.mkdir()
        for seed in sorted(SEEDS.glob("*.txt")):
            text = seed.read_text(encoding="utf-8")
            if copies:
                text = re.sub(r"(项目名称\t[^\t\n]+)", rf"\1（{copies}）", text)
            (folder / f"{copies:02d}_{seed.name}").write_text(text, encoding="utf-8")
        copies += 1
    return root


def snapshot(result) -> list:
    """A run's files as path, forms and findings: what two ways of running must agree on."""
    return [
        (f.path, len(f.forms), [(d.span.line, d.span.col, d.code, d.zh) for d in f.diagnostics])
        for f in result.files
    ]


def seed_path(prefix: str) -> Path:
    """'000' → tests/fixtures/seeds/000_….txt"""
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path


@cache
def seed_document(prefix: str) -> Document:
    path = seed_path(prefix)
    return parse_rows(read_text(str(path), path.read_bytes()))


def seed_form(prefix: str, index: int) -> Form:
    """The index-th form (1-based) of a seed file."""
    return seed_document(prefix).forms[index - 1]


@cache
def registry() -> Registry:
    return load_registry()


def lint_seed(prefix: str, select: str) -> list[Diagnostic]:
    """Diagnostics of the rules selected by a code or prefix on one seed file."""
    config = Config(select=(select,))
    result, _ = lint_file(str(seed_path(prefix)), registry(), config)
    return result.diagnostics


def lint_text(text: str, select: str, tmp_path: Path, name: str = "form.txt") -> list[Diagnostic]:
    """Diagnostics of the selected rules on a made-up form given as text."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result, _ = lint_file(str(path), registry(), Config(select=(select,)))
    return result.diagnostics


def forms_of(path: Path) -> list:
    """A file's forms as kind, project and indicators: what every format must read alike."""
    from linter.engine import parse_file
    from linter.serialize import document_dict

    doc = document_dict(parse_file(str(path), registry()))
    assert not doc["problems"], doc["problems"]
    return [
        (
            f["kind"],
            f["project"],
            [
                (i["level1"], i["level2"], i["name"], i["target"], i["actual"])
                for i in f["indicators"]
            ],
        )
        for f in doc["forms"]
    ]


def findings_of(path: Path) -> set[tuple[str, str, int]]:
    """Every rule's findings on a file as (code, key, form), which no format changes."""
    result, _ = lint_file(str(path), registry(), Config(select=("ALL",)))
    return {(d.code, d.key, d.form.index if d.form else 0) for d in result.diagnostics}


def values_of(path: Path):
    """Every value (target, actual, weight, score) of every indicator, with its span."""
    from linter.engine import parse_file

    doc = parse_file(str(path), registry())
    for form in doc.forms:
        for ind in form.indicators:
            for value in (ind.target, ind.actual, ind.weight, ind.score):
                if value is not None and value.raw.strip():
                    yield value


def lines(diagnostics: list[Diagnostic], code: str) -> list[int]:
    return sorted(d.span.line for d in diagnostics if d.code == code)


@pytest.fixture
def reg() -> Registry:
    return registry()


# The system Chromium (Debian's `chromium`, which .ci/run installs), driven by Playwright: never a
# browser Playwright downloads. Screenshots go to test-output/ (git-ignored) for a person to see.
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]
SCREENSHOTS = Path(__file__).resolve().parent.parent / "test-output"


@pytest.fixture(scope="module")
def browser_page(tmp_path_factory):
    """A tab of the system Chromium in headless mode, with a fresh profile and no network of
    its own; downloads are kept for the test to read."""
    assert CHROMIUM, "chromium is not installed (apt-get install chromium; .ci/run does)"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("profile")),
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_FLAGS,
            viewport={"width": 1280, "height": 1600},
            accept_downloads=True,
        )
        tab = context.new_page()
        yield tab
        context.close()


def screenshot(page, name: str) -> Path:
    """The visible part of ``page`` as test-output/NAME, checked to hold a picture."""
    SCREENSHOTS.mkdir(exist_ok=True)
    shot = SCREENSHOTS / name
    page.screenshot(path=str(shot), full_page=False)
    assert shot.stat().st_size > 10_000
    return shot
