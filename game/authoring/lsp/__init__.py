"""The language server's logic, free of any protocol library: an index of a scenario's ids, and the answers to
an editor's questions (diagnostics, completion, definitions, references, hover, rename, outline).
``server.py`` puts it on the wire with pygls."""
