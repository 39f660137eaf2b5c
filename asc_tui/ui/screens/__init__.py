"""The browser's screens, one per module: apps → builds → build → logs, plus help."""
