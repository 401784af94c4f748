"""Request handlers, one module per resource. Each module exposes ``routes``."""
