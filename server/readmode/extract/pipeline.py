"""Placeholder replaced below."""
from readmode.extract.article import Article, NotReadable

def extract(html: str | bytes, url: str | None = None) -> Article:
    raise NotReadable("not yet")
