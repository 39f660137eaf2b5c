"""Subcommands of ``asc-tui``: one module each, each with ``register(subparsers)`` that adds
its parser and sets ``run`` (a function of the parsed args returning an exit code)."""
