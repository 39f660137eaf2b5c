"""The embedded demo server, checked against Apple's OpenAPI schemas."""
