"""Shared helpers: the real seed forms (copied into tests/fixtures/seeds) and running rules on them."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from linter.config import Config
from linter.engine import Diagnostic, lint_file
from linter.nodes import Document, Form
from linter.parser import parse_rows
from linter.plugins import Registry, load_registry
from linter.readers.text import read_text

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = FIXTURES / "seeds"


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


def lines(diagnostics: list[Diagnostic], code: str) -> list[int]:
    return sorted(d.span.line for d in diagnostics if d.code == code)


@pytest.fixture
def reg() -> Registry:
    return registry()
