"""Credentials, profiles, settings and the OS keyring (real Secret Service)."""
