"""Async App Store Connect API client. Never imports Textual."""
