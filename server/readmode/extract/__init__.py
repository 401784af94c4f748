"""Article extraction: page HTML in, a clean :class:`Article` out.

``extract(html, url)`` is pure and synchronous (no network, no event loop); see
:mod:`readmode.extract.pipeline` for the numbered stages.
"""

from readmode.extract.article import Article, NotReadable, Removal
from readmode.extract.pipeline import extract

__all__ = ["Article", "NotReadable", "Removal", "extract"]
