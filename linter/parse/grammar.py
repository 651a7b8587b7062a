"""Loading the Lark grammars in ``grammar/``, LALR, with the compiled tables cached on disk."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from linter.usercache import user_cache_dir

if TYPE_CHECKING:
    from lark import Lark

_HERE = Path(__file__).resolve().parent


def grammar_dir() -> Path:
    """``linter/grammar`` inside a wheel; the top-level ``grammar/`` in a source checkout."""
    for candidate in (_HERE.parent / "grammar", _HERE.parent.parent / "grammar"):
        if (candidate / "value.lark").is_file():
            return candidate
    raise FileNotFoundError("formlint grammar files not found")


def _load(name: str, **options) -> Lark:
    from lark import Lark  # here, so that finding the grammar files does not import Lark

    source = (grammar_dir() / name).read_text(encoding="utf-8")
    where = user_cache_dir("lark")
    cache_file = (
        str(where / f"{name}.{_version_of(source)}.cache")
        if where is not None and _private(where)
        else False
    )
    return Lark(source, parser="lalr", cache=cache_file, **options)


def _version_of(source: str) -> str:
    """A name for the tables of this grammar under this Lark: two installs of formlint (a
    pre-commit hook's and a project's) would otherwise rebuild one file in turn, ~0.1 s a run."""
    import hashlib

    import lark

    return hashlib.sha256(f"{lark.__version__}\n{source}".encode()).hexdigest()[:16]


def _private(folder: Path) -> bool:
    """Whether only this user can write ``folder`` and the grammar caches in it: Lark keeps its
    tables pickled, and loading a pickle someone else could write would run their code. A
    shared or foreign folder is not used (the grammar is then compiled, ~0.1 s)."""
    import os

    if not hasattr(os, "getuid"):
        return True
    for path in (folder, *folder.glob("*.cache")):
        try:
            st = path.lstat()
        except OSError:
            continue
        if st.st_uid != os.getuid() or st.st_mode & 0o022 or path.is_symlink():
            return False
    return True


@cache
def value_parser() -> Lark:
    """The value grammar. Its terminals make the expression that reads cells (``linter.parse.values``);
    its parse is what the tests hold that expression to."""
    return _load("value.lark")


@cache
def form_parser() -> Lark:
    from linter.parse.lexer import RowLexer

    return _load("form.lark", lexer=RowLexer, start="form")
