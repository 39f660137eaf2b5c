"""The Textual app through its pilot."""
