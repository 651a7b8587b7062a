"""The text export in every encoding governments use, with CRLF/CR line ends, reads the same."""

from __future__ import annotations

import codecs

import pytest
from conftest import seed_path

from linter.parse.parser import parse_rows
from linter.parse.source import ReadError
from linter.readers.text import read_text
from linter.serialize import document_dict


def _parsed(data: bytes) -> list[dict]:
    return document_dict(parse_rows(read_text("x.txt", data)))["forms"]


@pytest.fixture(scope="module")
def reference() -> tuple[str, list[dict]]:
    text = seed_path("002").read_text(encoding="utf-8")
    return text, _parsed(text.encode("utf-8"))


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
        lambda t: t.encode("utf-16"),  # with BOM
        lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
        lambda t: t.encode("gb18030"),
        lambda t: t.encode("gbk"),
        lambda t: t.replace("\n", "\r\n").encode("utf-8"),
        lambda t: t.replace("\n", "\r").encode("utf-8"),
    ],
    ids=["utf8-bom", "utf16-le-bom", "utf16-be-bom", "gb18030", "gbk", "crlf", "cr"],
)
def test_encodings_and_line_ends_parse_the_same(reference, encode):
    text, expected = reference
    assert _parsed(encode(text)) == expected


def test_cells_know_their_line_and_column():
    rows = read_text("x.txt", b"a\tbb\n\tccc\n").rows
    assert [(c.text, c.line, c.col, c.end_col) for c in rows[1].cells] == [
        ("", 2, 1, 1),
        ("ccc", 2, 2, 5),
    ]


def test_only_lf_cr_lf_and_cr_end_a_line():
    """Made-up rows: a form feed or vertical tab inside a cell (seen in pasted text) is kept."""
    rows = read_text("x.txt", b"a\fb\tc\vd\r\ne\rf\n").rows
    assert [[c.text for c in r.cells] for r in rows] == [["a\fb", "c\vd"], ["e"], ["f"]]


@pytest.mark.parametrize(
    "data", [b"\xff\xfe\x00\xd8", b"abc\x00def", bytes([0x81, 0x20, 0xFF, 0xFF])]
)
def test_undecodable_bytes_are_a_read_error_not_a_crash(data):
    with pytest.raises(ReadError) as info:
        read_text("bad.txt", data)
    assert info.value.en and info.value.zh


# made up: a target form's head as a web page copied as text arrives, its table as pipe rows
PIPE_FORM = """财政项目支出绩效目标申报表
(2024年度)
| 项目名称 | 测试项目 | 项目类别 | 经常性项目 |
|---|:---:|---|---|
| 主管部门 | 测试局 | 实施单位 | 测试中心 | |||
说明\ta|b 是文字
"""


def test_pipe_table_lines_are_rows_split_at_the_pipes():
    rows = read_text("x.txt", PIPE_FORM.encode("utf-8"))
    texts = [[t.strip() for t in row.texts] for row in rows.rows]
    assert texts[2] == ["", "项目名称", "测试项目", "项目类别", "经常性项目", ""]
    assert rows.rows[3].is_blank  # the Markdown rule line
    assert [c.col for c in rows.rows[3].cells] == [1, 2, 6, 12, 16, 20]  # its columns kept
    assert texts[4] == ["", "主管部门", "测试局", "实施单位", "测试中心", "", "", "", ""]
    assert rows.lines[2] == "| 项目名称 | 测试项目 | 项目类别 | 经常性项目 |"  # the file's line
    assert rows.rows[5].texts == ("说明", "a|b 是文字")  # a TAB row: its | is text
    (form,) = parse_rows(rows).forms
    assert form.project == "测试项目" and form.field_text("department") == "测试局"


def test_a_line_of_dashes_between_pipes_is_a_rule_only_when_every_cell_is_one():
    rows = read_text("x.txt", b"|---|x|\n| - | -- |\n|---||\n").rows
    assert [row.is_blank for row in rows] == [False, True, False]


def test_pipe_rows_are_split_at_the_pipes_and_keep_their_columns():
    """Made up: a web page's table copied as text, and a TAB row holding a pipe in its text."""
    rows = read_text("x.txt", "| 项目名称 | 培训 | ||\n说明\ta|b\n".encode()).rows
    assert [c.text.strip() for c in rows[0].cells] == ["", "项目名称", "培训", "", "", ""]
    assert rows[0].cells[2].col == len("| 项目名称 |") + 1
    assert rows[1].texts == ("说明", "a|b")
