"""Text placed on a page (PDF, OFD, an OCR'd scan) grouped into rows and cells by position.

A fixed-layout page has no rows or cells, only glyphs where they were drawn. Glyphs whose
vertical middles lie within one another's height form a row, left to right; a gap wider than a
character cuts the row into cells, a narrower one is a space, as a reader of the page sees it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple


class Glyph(NamedTuple):
    """A character (or an OCR word) and its box; ``size`` is its font size or height."""

    x0: float
    x1: float
    top: float
    bottom: float
    text: str
    size: float


def rows(glyphs: Iterable[Glyph]) -> list[list[Glyph]]:
    """Glyphs grouped into rows, top to bottom; each row's glyphs left to right."""
    out: list[list[Glyph]] = []
    band: tuple[float, float] | None = None
    for glyph in sorted(glyphs, key=lambda g: (g.top + g.bottom) / 2):
        middle = (glyph.top + glyph.bottom) / 2
        if band is not None and band[0] <= middle <= band[1]:
            out[-1].append(glyph)
            band = (min(band[0], glyph.top), max(band[1], glyph.bottom))
        else:
            out.append([glyph])
            band = (glyph.top, glyph.bottom)
    for row in out:
        row.sort(key=lambda g: g.x0)
    return out


def split_cells(
    glyphs: Iterable[Glyph], cell_gap: float = 1.0, cjk_spaces: bool = True
) -> list[str]:
    """A row cut into cells where the gap is wider than ``cell_gap`` characters; a narrower gap
    is a space, but between two Chinese characters only with ``cjk_spaces``. OCR leaves wider
    gaps between the words of one cell than a typeset page does, and gaps inside a word."""
    return [text for _, text in cells_with_starts(glyphs, cell_gap, cjk_spaces)]


def cells_with_starts(
    glyphs: Iterable[Glyph], cell_gap: float = 1.0, cjk_spaces: bool = True
) -> list[tuple[Glyph, str]]:
    """``split_cells``, each cell with its first glyph (where it starts, and its size)."""
    cells: list[tuple[Glyph, str]] = []
    first: Glyph | None = None
    current: list[str] = []
    last_x1: float | None = None
    for glyph in sorted(glyphs, key=lambda g: g.x0):
        if not glyph.text.strip():
            continue
        if last_x1 is not None:
            gap = glyph.x0 - last_x1
            if gap > glyph.size * cell_gap and first is not None:
                cells.append((first, "".join(current).strip()))
                first, current = None, []
            elif gap > glyph.size * 0.15 and (
                cjk_spaces or current[-1][-1:].isascii() or glyph.text[:1].isascii()
            ):
                current.append(" ")
        first = first or glyph
        current.append(glyph.text)
        last_x1 = glyph.x1
    if first is not None:
        cells.append((first, "".join(current).strip()))
    return cells


def join_lines(text: str | None) -> str:
    """A cell's wrapped lines as one text: no space where a line breaks between Chinese words."""
    if not text:
        return ""
    lines = [line.strip() for line in text.split("\n")]
    out = lines[0]
    for line in lines[1:]:
        if not line:
            continue
        if out and (not out[-1].isascii() or not line[0].isascii()):
            out += line
        else:
            out += (" " if out else "") + line
    return out
