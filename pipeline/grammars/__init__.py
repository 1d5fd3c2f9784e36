"""yargy grammars, one module per kind of expression, as in natasha."""
