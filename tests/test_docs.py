"""docs/ stays in step with the code: the rule reference is generated from the rules' metadata,
and every format, configuration key and hook is documented."""

from __future__ import annotations

from pathlib import Path

from linter import hookspecs
from linter.config import KEYS
from linter.docs import rules_markdown
from linter.plugins import load_registry

DOCS = Path(__file__).resolve().parent.parent / "docs"
REGENERATE = "formlint rules --format markdown > docs/rules.md"


def test_rule_reference_is_up_to_date():
    builtin = [r for r in load_registry().rules.values() if r.plugin == "builtin"]
    expected = rules_markdown(builtin)
    actual = (DOCS / "rules.md").read_text(encoding="utf-8")
    assert actual == expected, f"docs/rules.md is out of date: run `{REGENERATE}`"


def test_every_output_format_is_documented():
    text = (DOCS / "output-formats.md").read_text(encoding="utf-8")
    builtin = {
        "rich",
        "concise",
        "json",
        "jsonl",
        "sarif",
        "github",
        "junit",
        "csv",
        "html",
        "xlsx",
    }
    assert builtin <= set(load_registry().reporters)
    for name in builtin:
        assert f"`{name}`" in text, name


def test_every_configuration_key_is_documented():
    text = (DOCS / "configuration.md").read_text(encoding="utf-8")
    for key in KEYS:
        assert f"`{key}`" in text, key


def test_plugin_guide_names_every_hook_and_the_example():
    text = (DOCS / "plugins.md").read_text(encoding="utf-8")
    hooks = [name for name in dir(hookspecs) if name.startswith("formlint_")]
    assert hooks
    for hook in hooks:
        assert f"{hook}()" in text, hook
    assert "examples/plugin/" in text
    assert (DOCS.parent / "examples" / "plugin" / "pyproject.toml").is_file()


def test_user_guide_is_chinese_first_with_english_beside_it():
    text = (DOCS / "user-guide.md").read_text(encoding="utf-8")
    first = text.splitlines()[0]
    assert first.startswith("# 使用指南")
    for part in ("填表人", "Form authors", "财政局", "Finance bureaus", "CI", "--baseline"):
        assert part in text


def test_ci_examples_cover_github_gitlab_and_shell():
    text = (DOCS / "ci.md").read_text(encoding="utf-8")
    assert "upload-sarif" in text and "--format sarif" in text
    assert "junit: formlint-junit.xml" in text
    assert "codequality: gl-code-quality-report.json" in text and "--format gitlab" in text
    assert "#!/bin/sh" in text


def test_every_test_the_safety_page_names_exists():
    """docs/safety.md names the tests that hold each promise: each one must exist."""
    import re

    text = (DOCS / "safety.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`(test_\w+)`", text))
    tests = DOCS.parent / "tests"
    defined = {
        m
        for p in tests.glob("test_*.py")
        for m in re.findall(r"^def (test_\w+)", p.read_text(encoding="utf-8"), re.M)
    }
    assert len(named) > 20
    assert named <= defined, sorted(named - defined)
