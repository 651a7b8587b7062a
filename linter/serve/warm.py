"""Imported by the checks' forkserver before it forks any worker (``linter.serve.worker``): the
plugins and grammars are loaded here once, and every check's process starts with them, instead
of spending ~0.3 s of each request loading them again."""

from linter.serve.worker import warm

warm()
