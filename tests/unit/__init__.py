"""Textual-free logic: parsers, call trees, metrics, TSV, the layering rules."""
