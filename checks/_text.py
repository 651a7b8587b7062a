"""Text helpers shared by the DUP, STR and GOAL checks: normalising, comparing, quoting.

Indicator names and goal texts are compared by their words only: spacing, punctuation and
full-width forms differ between copies of the same text and must not hide a copy.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from difflib import SequenceMatcher
from functools import lru_cache

from linter.parse.normalize import TEXT_MEMO

_NOT_WORD = re.compile(r"[^\w%‰]+")
_ITEM = re.compile(r"^(?:指标|目标)\d{1,3}[:：.、]?")

# How an indicator name ends says what it measures. Longest endings first; a class groups the
# endings that measure the same thing (及时率 and 及时性 are both timeliness).
_MEASURES: tuple[tuple[str, str], ...] = (
    ("完成及时率", "timeliness"),
    ("完成及时性", "timeliness"),
    ("及时率", "timeliness"),
    ("及时性", "timeliness"),
    ("及时", "timeliness"),
    ("计划完成率", "completion"),
    ("完成率", "completion"),
    ("计划完成数", "count"),
    ("完成次数", "count"),
    ("完成数", "count"),
    ("次数", "count"),
    ("人数", "count"),
    ("数量", "count"),
    ("满意度指标", "satisfaction"),
    ("满意度", "satisfaction"),
    ("满意率", "satisfaction"),
    ("覆盖率", "coverage"),
    ("覆盖面", "coverage"),
    ("覆盖情况", "coverage"),
    ("参与率", "participation"),
    ("准确率", "accuracy"),
    ("准确性", "accuracy"),
    ("正确率", "accuracy"),
    ("合格率", "pass"),
    ("通过率", "pass"),
    ("达标率", "pass"),
    ("知晓率", "awareness"),
    ("知晓度", "awareness"),
    ("投诉率", "complaints"),
    ("节约率", "saving"),
    ("合理性", "rationality"),
    ("合规性", "compliance"),
    ("规范性", "compliance"),
    ("情况", "situation"),
)
_FILLER = ("相关", "工作", "的")


def _by_last_character(
    endings: tuple[tuple[str, str], ...],
) -> dict[str, tuple[tuple[str, str], ...]]:
    """The endings grouped by their last character, each group in the order given: a name can
    end only with those of its own last character, so ``measure`` tries a few, not all 34."""
    groups: dict[str, tuple[tuple[str, str], ...]] = {}
    for ending, measured in endings:
        groups[ending[-1]] = (*groups.get(ending[-1], ()), (ending, measured))
    return groups


_MEASURES_BY_LAST = _by_last_character(_MEASURES)


@lru_cache(maxsize=TEXT_MEMO)
def norm(text: str) -> str:
    """The words of a text: NFKC, no spaces, no punctuation, no 指标1: prefix, lower case."""
    text = unicodedata.normalize("NFKC", text)
    text = _ITEM.sub("", text.strip())
    return _NOT_WORD.sub("", text).lower()


@lru_cache(maxsize=TEXT_MEMO)
def measure(name: str) -> tuple[str, str]:
    """(subject, class of measure) of an indicator name: 咨询完成及时率 → (咨询, timeliness)."""
    key = norm(name)
    subject, kind = key, ""
    for ending, measured in _MEASURES_BY_LAST.get(key[-1:], ()):
        if key.endswith(ending) and len(key) > len(ending):
            subject, kind = key[: -len(ending)], measured
            break
    for word in _FILLER:
        subject = subject.replace(word, "")
    if subject.endswith("完成"):
        subject = subject[:-2]
    return subject, kind


def ratio(a: str, b: str) -> float:
    """Similarity of two normalised texts, 0..1 (difflib's matching-blocks ratio)."""
    if not a or not b:
        return 0.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def may_reach(a: str, b: str, threshold: float) -> bool:
    """False only when ``ratio(a, b)`` is surely below ``threshold``, told without difflib.

    The ratio is 2·M/(|a|+|b|), and the M matched characters are at most the shorter text's
    length and at most the characters the texts share, repeats counted (difflib's
    ``real_quick_ratio`` and ``quick_ratio`` bounds). Most pairs of indicator names fail one of
    these, and a full ratio costs a hundred times more.
    """
    if not a or not b:
        return True  # ratio decides: it is 0.0 here
    total = len(a) + len(b)
    if 2.0 * min(len(a), len(b)) / total < threshold:
        return False
    chars_a, chars_b = _characters(a), _characters(b)
    shared = sum(min(chars_a[c], chars_b[c]) for c in chars_a.keys() & chars_b.keys())
    return 2.0 * shared / total >= threshold


@lru_cache(maxsize=TEXT_MEMO)
def _characters(text: str) -> Counter[str]:
    """A text's characters with their counts (cached: never mutate the result)."""
    return Counter(text)


def quote(text: str, limit: int = 40) -> str:
    """A text for a message: its first ``limit`` characters, with … when it is longer."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bigrams(text: str, stop: tuple[str, ...] = ()) -> set[str]:
    """Character bigrams of a text's words, none spanning a stop word or punctuation."""
    out: set[str] = set()
    key = unicodedata.normalize("NFKC", text)
    for word in stop:
        key = key.replace(word, " ")
    for part in _NOT_WORD.split(key):
        out.update(part[i : i + 2] for i in range(len(part) - 1))
    return out
