"""From the parse tree of one form to its AST: one module per block of the form."""
