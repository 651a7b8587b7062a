"""formlint: a linter for Chinese public-budget performance forms."""

__version__ = "0.1.0"
