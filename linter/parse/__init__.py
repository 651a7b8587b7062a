"""The parse stage: rows of cells from a reader to the typed AST that checks walk.

``source`` (rows and cells) → ``normalize`` and ``vocab`` (the words of labels) → ``lexer``
(a kind for every row) → ``grammar`` (``grammar/form.lark``) → ``build`` (one builder per block,
cell values through ``values``) → ``nodes`` (the AST). ``parser.parse_rows`` runs them in order.
"""
