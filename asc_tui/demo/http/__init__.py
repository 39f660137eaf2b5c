"""The demo server's HTTP side: the ASGI app, the gateway every request passes (bearer
tokens, rate limit, scripted faults), Apple-style errors, paging and query checks."""
