"""The scriptable subcommands end to end."""
