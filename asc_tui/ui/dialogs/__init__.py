"""Modal dialogs: a long text whole (details, help), yes/no, choices (analytics)."""
