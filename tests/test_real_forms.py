"""Every real form collected from public pages is read as its expectations say (tests/real_forms.py):
forms found, project, leaf indicators, 一级 set, funds, total score and sample rows."""

from __future__ import annotations

import pytest
from real_forms import REAL, expectations, mismatches, real_files

from linter.parse.parser import parse_rows
from linter.readers.text import read_text
from linter.serialize import document_dict

EXPECTED = expectations()


def test_every_real_file_has_its_expectations():
    assert sorted(p.name for p in real_files()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_real_form_is_read_right(name):
    path = REAL / name
    parsed = document_dict(parse_rows(read_text(str(path), path.read_bytes())))
    assert mismatches(EXPECTED[name], parsed) == []
