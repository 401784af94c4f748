"""One-time page codes and page sessions, kept in memory only.

The extension (which holds the token) asks for a code and opens ``/read/3?code=…``; the page
trades the code for a session cookie. Nothing is persisted: restarting the server signs every
page out, which is the safe default for a credential that lives in a browser cookie.
"""

from __future__ import annotations

import secrets
import time
from collections import OrderedDict
from collections.abc import Callable

Clock = Callable[[], float]


class _ExpiringSet:
    """Random secrets with a deadline each; oldest dropped first when full."""

    def __init__(self, ttl: float, *, limit: int, clock: Clock = time.monotonic) -> None:
        self.ttl = ttl
        self._limit = limit
        self._clock = clock
        self._deadlines: OrderedDict[str, float] = OrderedDict()

    def _prune(self) -> None:
        now = self._clock()
        # Entries are kept in creation order and share one ttl, so expired ones come first.
        while self._deadlines:
            secret, deadline = next(iter(self._deadlines.items()))
            if deadline > now and len(self._deadlines) < self._limit:
                break
            del self._deadlines[secret]

    def issue(self) -> str:
        self._prune()
        secret = secrets.token_urlsafe(32)
        self._deadlines[secret] = self._clock() + self.ttl
        return secret

    def _alive(self, secret: str, *, consume: bool) -> bool:
        deadline = self._deadlines.pop(secret, None) if consume else self._deadlines.get(secret)
        if deadline is None:
            return False
        if deadline <= self._clock():
            self._deadlines.pop(secret, None)
            return False
        return True

    def __len__(self) -> int:
        return len(self._deadlines)


class PageCodes(_ExpiringSet):
    """Single-use codes: :meth:`consume` succeeds once, within ``ttl`` seconds."""

    def __init__(self, ttl: float, *, limit: int = 1000, clock: Clock = time.monotonic) -> None:
        super().__init__(ttl, limit=limit, clock=clock)

    def consume(self, code: str) -> bool:
        return self._alive(code, consume=True)


class Sessions(_ExpiringSet):
    """Page sessions: the value of the ``readmode_session`` cookie."""

    COOKIE = "readmode_session"

    def __init__(self, ttl: float, *, limit: int = 1000, clock: Clock = time.monotonic) -> None:
        super().__init__(ttl, limit=limit, clock=clock)

    def is_valid(self, session: str) -> bool:
        return self._alive(session, consume=False)
