"""Metrics explorer logic without Textual: which dataset a view shows, goal status,
build-to-build deltas, trends across versions, export rows. The UI only renders these."""
