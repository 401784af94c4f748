"""readmode — a local reading-mode companion.

The browser extension sends the live HTML of a page to a small server on loopback; the server
returns a clean reader view, stores highlights in SQLite and searches them locally.
"""

__version__ = "0.1.0"
