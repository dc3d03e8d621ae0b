"""The `mlgov-sim` command line: parse, call, render; no business rules here."""
