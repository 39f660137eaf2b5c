"""How the status line names credentials that are used but never stored (highlighted
there). Apart from :mod:`.credentials` so that the first frame can show them without it."""

SOURCE_ENVIRONMENT = "environment (not stored)"
SOURCE_SESSION = "this session only (not stored)"
