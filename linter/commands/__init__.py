"""The subcommands of ``formlint``: one module each, with ``add_parser(sub)`` and ``run(args, registry, out)``.

To add a command, add a module here and its name to ``NAMES``.
"""

NAMES = ("check", "parse", "rules", "rule", "formats", "annotate", "export", "clean", "serve")
