"""The per-user cache directory: compiled grammars and the list of installed plugins."""

from __future__ import annotations

import os
from pathlib import Path


def user_cache_dir(name: str) -> Path | None:
    """``$FORMLINT_CACHE_DIR`` (or ``$XDG_CACHE_HOME``, or ``~/.cache``) ``/formlint/<name>``,
    created if needed; None when it cannot be written, and formlint then simply caches nothing."""
    base = os.environ.get("FORMLINT_CACHE_DIR") or os.environ.get("XDG_CACHE_HOME")
    root = Path(base) if base else Path.home() / ".cache"
    path = root / "formlint" / name
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return path if os.access(path, os.W_OK) else None
