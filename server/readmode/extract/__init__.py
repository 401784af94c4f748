"""Article extraction: page HTML in, a clean :class:`Article` out.

``extract(html, url)`` is pure and synchronous (no network, no event loop); see
:mod:`readmode.extract.pipeline` for the numbered stages.

``extract`` is imported on first use: a caller that needs only a light part (the benchmark's
page decoding uses :func:`readmode.extract.load.decode`) does not pay for the readability core,
the sanitiser and their dependencies.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from readmode.extract.article import Article, NotReadable, Removal

if TYPE_CHECKING:
    from readmode.extract.pipeline import extract

__all__ = ["Article", "NotReadable", "Removal", "extract"]


def __getattr__(name: str) -> object:
    if name == "extract":
        from readmode.extract.pipeline import extract

        return extract
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
