"""The async client against the in-process demo server and mock transports."""
