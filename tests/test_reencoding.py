"""Re-encoding a form (UTF-8, UTF-8 with BOM, GB18030, UTF-16, CRLF or CR line ends) never changes
its findings, with every rule on: the reader hands the grammar the same text whatever the bytes."""

from __future__ import annotations

from functools import cache

from conftest import SEEDS, registry
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter.config import Config
from linter.engine import lint_file

SEED_FILES = sorted(SEEDS.glob("*.txt"))
SEED_LINES = [line for p in SEED_FILES for line in p.read_text(encoding="utf-8").split("\n")]
ENCODINGS = ["utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-le-bom", "utf-16-be-bom"]
LINE_ENDS = ["\n", "\r\n", "\r"]
ALL = Config(select=("ALL",))


def encode(text: str, encoding: str) -> bytes:
    if encoding == "utf-16-le-bom":
        return b"\xff\xfe" + text.encode("utf-16-le")
    if encoding == "utf-16-be-bom":
        return b"\xfe\xff" + text.encode("utf-16-be")
    return text.encode(encoding)


def findings(data: bytes) -> list[tuple]:
    result, _ = lint_file("form.txt", registry(), ALL, data)
    return [(d.code, d.span[:4], d.severity, d.zh, d.en, d.key) for d in result.diagnostics]


@cache
def seed_findings(index: int) -> list[tuple]:
    return findings(SEED_FILES[index].read_bytes())


quick = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@quick
@given(st.integers(0, len(SEED_FILES) - 1), st.sampled_from(ENCODINGS), st.sampled_from(LINE_ENDS))
def test_seed_forms_reencoded_keep_their_findings(index, encoding, end):
    text = SEED_FILES[index].read_text(encoding="utf-8").replace("\n", end)
    assert findings(encode(text, encoding)) == seed_findings(index)


documents = st.lists(st.sampled_from(SEED_LINES), min_size=1, max_size=60)


@quick
@given(documents, st.sampled_from(ENCODINGS), st.sampled_from(LINE_ENDS))
def test_shuffled_form_rows_reencoded_keep_their_findings(lines, encoding, end):
    plain = findings("\n".join(lines).encode("utf-8"))
    assert findings(encode(end.join(lines), encoding)) == plain
