"""asc-tui: a keyboard-driven terminal browser for App Store Connect performance data."""

__version__ = "0.1.0"
